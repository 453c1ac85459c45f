//! Plain-text articles: a scraped page saved as text, or text given on standard input.
//!
//! The first lines of a scrape often hold a breadcrumb ("Home » Blog » Title"), a category line
//! ("Global News Israel Military Russia War") and the title, sometimes twice. They are read as
//! metadata, not body. Paragraphs are separated by blank lines (or, in files without any blank
//! line, by line breaks).

use crate::citations::source_line_rest;

/// What the header and body of a plain-text article hold.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TextParts {
    /// The title.
    pub title: Option<String>,
    /// Section tags from a category line.
    pub tags: Vec<String>,
    /// Body paragraphs, whitespace-collapsed.
    pub paragraphs: Vec<String>,
    /// True when a "Source :" line named nothing.
    pub empty_source: bool,
    /// The breadcrumb trail, when there was one.
    pub breadcrumb: Vec<String>,
}

const CRUMB_SEPS: &[&str] = &["»", "›", " > ", " / ", "→", " | "];

fn breadcrumb(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    for sep in CRUMB_SEPS {
        let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
        if parts.len() >= 2 && parts.iter().all(|p| !p.is_empty()) {
            let first = parts[0].to_lowercase();
            let homeish = matches!(
                first.as_str(),
                "home"
                    | "beranda"
                    | "startseite"
                    | "accueil"
                    | "inicio"
                    | "início"
                    | "home page"
                    | "homepage"
                    | "main"
            );
            if homeish || (parts.len() >= 3 && *sep != " / " && *sep != " | ") {
                return Some(parts.into_iter().map(str::to_string).collect());
            }
        }
    }
    None
}

/// Words that begin a two-word section name ("Global News", "Middle East").
const SECTION_FIRST: &[&str] = &[
    "Global",
    "World",
    "Breaking",
    "Local",
    "Top",
    "Foreign",
    "Middle",
    "Far",
    "Latin",
    "North",
    "South",
    "East",
    "West",
    "Human",
    "Climate",
    "Real",
    "Home",
    "Health",
    "Central",
    "Southeast",
    "Asia",
    "Science",
    "Public",
    "United",
    "Social",
    "Civil",
    "National",
];
/// Words that end a two-word section name.
const SECTION_SECOND: &[&str] = &[
    "News", "East", "Affairs", "America", "Asia", "Africa", "Europe", "Rights", "Change", "Estate",
    "Stories", "Politics", "Policy", "Security", "Pacific", "Kingdom", "States", "Nations",
    "Korea", "Health", "Media", "Society", "Sector",
];

/// A line of capitalised words with no sentence punctuation: a category line.
fn category_line(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if t.is_empty() || t.len() > 120 || t.ends_with(['.', '!', '?', ':', ',', '”', '"']) {
        return None;
    }
    let words: Vec<&str> = if t.contains(',') || t.contains(" | ") || t.contains(" · ") {
        t.split([',', '|', '·'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect()
    } else {
        t.split_whitespace().collect()
    };
    if words.len() < 2 || words.len() > 12 {
        return None;
    }
    if !words.iter().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    }) {
        return None;
    }
    if t.contains(',') || t.contains('|') || t.contains('·') {
        return Some(words.into_iter().map(str::to_string).collect());
    }
    let mut tags: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len()
            && (SECTION_FIRST.contains(&words[i]) && SECTION_SECOND.contains(&words[i + 1]))
        {
            tags.push(format!("{} {}", words[i], words[i + 1]));
            i += 2;
        } else {
            tags.push(words[i].to_string());
            i += 1;
        }
    }
    Some(tags)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_paragraph(line: &str) -> bool {
    let t = line.trim();
    t.len() > 160
        || (t.split_whitespace().count() > 12 && t.ends_with(['.', '!', '?', '”', '"', ')']))
}

/// Split plain text into title, tags and paragraphs.
#[must_use]
pub fn read_text(text: &str) -> TextParts {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut parts = TextParts::default();
    let mut i = 0;
    let mut crumb_title = None;
    // Header.
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if parts.title.is_none() && parts.breadcrumb.is_empty() && i < 3 {
            if let Some(c) = breadcrumb(line) {
                crumb_title = c.last().cloned();
                parts.breadcrumb = c;
                i += 1;
                continue;
            }
        }
        if parts.title.is_none() && parts.tags.is_empty() && (crumb_title.is_some() || i < 2) {
            if let Some(tags) = category_line(line) {
                // A title-case headline is not a category line: it would match the crumb.
                let is_title = crumb_title
                    .as_deref()
                    .is_some_and(|c| collapse(c) == collapse(line));
                if !is_title
                    && (crumb_title.is_some()
                        || lines.get(i + 1).is_some_and(|n| n.trim().is_empty()))
                    && tags.len() >= 3
                {
                    parts.tags = tags;
                    i += 1;
                    continue;
                }
            }
        }
        if parts.title.is_none() && !looks_like_paragraph(line) {
            parts.title = Some(collapse(line));
            i += 1;
            continue;
        }
        if let Some(t) = &parts.title {
            if collapse(line) == *t {
                i += 1;
                continue;
            }
        }
        break;
    }
    if parts.title.is_none() {
        parts.title = crumb_title;
    }
    // Body.
    let rest = &lines[i.min(lines.len())..];
    let has_blank = rest.iter().any(|l| l.trim().is_empty());
    let mut cur: Vec<&str> = Vec::new();
    let mut paras: Vec<String> = Vec::new();
    for l in rest {
        if l.trim().is_empty() {
            if !cur.is_empty() {
                paras.push(collapse(&cur.join(" ")));
                cur.clear();
            }
        } else if has_blank {
            cur.push(l);
        } else {
            paras.push(collapse(l));
        }
    }
    if !cur.is_empty() {
        paras.push(collapse(&cur.join(" ")));
    }
    for p in paras {
        if parts.title.as_deref() == Some(p.as_str()) {
            continue;
        }
        if let Some(rest) = source_line_rest(&p) {
            if rest.trim().is_empty() {
                parts.empty_source = true;
                continue;
            }
        }
        parts.paragraphs.push(p);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumb_category_title() {
        let t = "Home » Blog » Talks Resume\nGlobal News Middle East Diplomacy\n\nTalks Resume\n\nThe talks resumed on Monday in Geneva, officials said, after a pause of two weeks.\n\nA second paragraph.\n\nSource :";
        let p = read_text(t);
        assert_eq!(p.title.as_deref(), Some("Talks Resume"));
        assert_eq!(p.tags, vec!["Global News", "Middle East", "Diplomacy"]);
        assert_eq!(p.paragraphs.len(), 2);
        assert!(p.empty_source);
        assert_eq!(p.breadcrumb, vec!["Home", "Blog", "Talks Resume"]);
    }

    #[test]
    fn first_line_title_without_header() {
        let p = read_text("A short headline\n\nBody text that runs on for a while, as bodies do, with a full stop.\n");
        assert_eq!(p.title.as_deref(), Some("A short headline"));
        assert_eq!(p.paragraphs.len(), 1);
        assert!(p.tags.is_empty());
    }

    #[test]
    fn no_title_when_text_starts_with_a_paragraph() {
        let p = read_text("This is a long paragraph of text that begins right away without any headline above it at all, and keeps going.\nSecond line paragraph.");
        assert_eq!(p.title, None);
        assert_eq!(p.paragraphs.len(), 2);
    }
}
