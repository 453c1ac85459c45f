//! Article extraction: a [`Document`] (HTML or plain text bytes) becomes an [`Article`].
//!
//! The pieces:
//! - [`decode`]: character set detection (BOM, HTTP header, `<meta>`, the bytes) and decoding;
//! - [`html`]: a fast, forgiving, non-recursive HTML parser into an arena tree;
//! - [`content`]: which blocks of the page are the article (boilerplate removal);
//! - [`meta`]: title, date, author, tags, outlet, language from meta tags, JSON-LD, the URL, text;
//! - [`text`]: plain-text articles (breadcrumb, category line, title, paragraphs);
//! - [`citations`]: relaying outlets, media, source lines and the `empty-source-line` warning;
//! - [`dates`]: dates as pages write them.
//!
//! [`Extractor`] ties them together and is what the pipeline calls.
//!
//! ```
//! use sitrep_extract::{Extractor, ExtractOptions};
//! use sitrep_types::Document;
//!
//! let html = r#"<html><head><meta property="og:title" content="Talks resume">
//!   <meta property="article:published_time" content="2024-03-18T09:00:00Z"></head>
//!   <body><nav><a href="/">Home</a></nav><article><h1>Talks resume</h1>
//!   <p>Negotiators met again in Geneva on Monday, officials said, after two weeks of pause.</p>
//!   <p>Source :</p></article></body></html>"#;
//! let doc = Document { bytes: html.as_bytes().to_vec(), ..Document::default() };
//! let article = Extractor::new(ExtractOptions::default()).extract(&doc).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Talks resume"));
//! assert_eq!(article.published.unwrap().date, "2024-03-18");
//! assert_eq!(article.paragraphs.len(), 1);
//! assert_eq!(article.warnings[0].kind, "empty-source-line");
//! ```
#![deny(missing_docs)]

pub mod citations;
pub mod content;
pub mod dates;
pub mod decode;
pub mod entities;
pub mod html;
pub mod meta;
pub mod text;

use chrono::NaiveDate;
use sitrep_types::{Article, DateSource, DocFormat, Document, Link, Published, Span, Warning};

/// Why a document could not be turned into an article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// Nothing in it.
    #[error("{input}: empty document")]
    Empty {
        /// The input.
        input: String,
    },
    /// Not text.
    #[error("{input}: binary content, not a page or text")]
    Binary {
        /// The input.
        input: String,
    },
}

impl ExtractError {
    /// A short stable reason (`empty`, `binary`).
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            ExtractError::Empty { .. } => "empty",
            ExtractError::Binary { .. } => "binary",
        }
    }
}

/// `Result` with [`ExtractError`].
pub type Result<T> = std::result::Result<T, ExtractError>;

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's URL when the document does not say (`--url`).
    pub url: Option<String>,
    /// The date of record when the document has none (`--date`).
    pub date: Option<NaiveDate>,
    /// Dates after this are not believed (defaults to today + 1 day).
    pub max_date: Option<NaiveDate>,
    /// Infer a date from the body when nothing else gives one (default on).
    pub no_infer_date: bool,
}

/// Turns documents into articles. Cheap to build; share it across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    opts: ExtractOptions,
    max_date: NaiveDate,
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Is this text an HTML page rather than plain text?
#[must_use]
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if !head.starts_with('<') {
        return ["<html", "<body", "<p>", "<div", "<br", "</p>"]
            .iter()
            .filter(|t| head.contains(*t))
            .count()
            >= 2;
    }
    [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<div",
        "<p",
        "<!--",
        "<article",
        "<section",
        "<table",
        "<link",
        "<script",
        "<span",
        "<h1",
        "<h2",
        "<?xml",
    ]
    .iter()
    .any(|t| head.starts_with(t))
}

impl Extractor {
    /// An extractor with these options.
    #[must_use]
    pub fn new(opts: ExtractOptions) -> Self {
        let max_date = opts
            .max_date
            .unwrap_or_else(|| today().succ_opt().unwrap_or_else(today));
        Extractor { opts, max_date }
    }

    /// Extract the article of one document.
    pub fn extract(&self, doc: &Document) -> Result<Article> {
        let input = doc.origin.describe();
        if doc.bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ExtractError::Empty { input });
        }
        let decoded = decode::decode(&doc.bytes, doc.content_type.as_deref());
        let text: &str = &decoded.text;
        let sample = &text.as_bytes()[..text.len().min(8192)];
        let controls = sample
            .iter()
            .filter(|&&b| b == 0 || (b < 0x09) || (0x0e..0x20).contains(&b) && b != 0x1b)
            .count();
        if controls * 20 > sample.len().max(1) {
            return Err(ExtractError::Binary { input });
        }
        let mut warnings = Vec::new();
        if decoded.source == decode::CharsetSource::Guessed && !text.is_ascii() {
            warnings.push(Warning::new(
                "charset-guessed",
                format!("no charset declared; read as {}", decoded.encoding),
            ));
        }
        let is_html = match doc.format {
            DocFormat::Html => true,
            DocFormat::Text => false,
            _ => looks_like_html(text),
        };
        let mut article = if is_html {
            self.read_html_page(text, doc, &mut warnings)
        } else {
            self.read_plain_text(text, &mut warnings)
        };
        // Title from the container when the page gives none.
        if article.title.is_none() {
            article.title = doc.title.clone();
        }
        if article.outlet.is_none() {
            article.outlet = doc.outlet.clone();
        }
        if article.url.is_none() {
            article.url = doc.url.clone().or_else(|| self.opts.url.clone());
        }
        // Dates: the page's own, then the container's, then --date, then inferred from text.
        if article.published.is_none() {
            if let Some((d, t)) = doc
                .published
                .as_deref()
                .and_then(|p| dates::parse_date_value(p, self.max_date))
            {
                article.published = Some(Published {
                    date: d.to_string(),
                    time: t,
                    source: DateSource::Given,
                });
            }
        }
        if article.published.is_none() {
            if let Some(d) = self.opts.date {
                article.published = Some(Published {
                    date: d.to_string(),
                    time: None,
                    source: DateSource::Given,
                });
            }
        }
        if article.published.is_none() && !self.opts.no_infer_date {
            let latest = dates::find_dates(&article.body, self.max_date)
                .into_iter()
                .map(|f| f.date)
                .max();
            if let Some(d) = latest {
                article.published = Some(Published {
                    date: d.to_string(),
                    time: None,
                    source: DateSource::Inferred,
                });
                warnings.push(Warning::new(
                    "date-inferred",
                    format!("no publication date given; {d} is the latest date the text names"),
                ));
            }
        }
        if article.published.is_none() {
            warnings.push(Warning::new("no-date", "no publication date found"));
        }
        if article.title.is_none() {
            warnings.push(Warning::new("no-title", "no title found"));
        }
        if article.body.trim().is_empty() {
            warnings.push(Warning::new(
                "boilerplate-only",
                "no article text found: the page is navigation and boilerplate only",
            ));
        }
        if article.language.is_none() {
            article.language = guess_language(&article.body);
        }
        article.citations = citations::find_citations(&article.body, &article.paragraphs);
        warnings.append(&mut article.warnings);
        article.warnings = warnings;
        article.id = Article::compute_id(article.url.as_deref(), &article.body);
        article.origin = doc.origin.clone();
        Ok(article)
    }

    fn read_plain_text(&self, text: &str, warnings: &mut Vec<Warning>) -> Article {
        let parts = text::read_text(text);
        if parts.empty_source {
            warnings.push(citations::empty_source_warning());
        }
        let (body, paragraphs) = join_paragraphs(parts.paragraphs.iter().map(String::as_str));
        Article {
            title: parts.title,
            tags: parts.tags,
            body,
            paragraphs,
            ..Article::default()
        }
    }

    fn read_html_page(&self, text: &str, doc: &Document, warnings: &mut Vec<Warning>) -> Article {
        let dom = html::parse(text);
        let page_url = doc.url.as_deref().or(self.opts.url.as_deref());
        let m = meta::read_meta(&dom, page_url, self.max_date);
        let content = content::extract_content(&dom);
        let title_norm = m.title.as_deref().map(norm);
        let mut paras: Vec<&str> = Vec::new();
        let mut links = Vec::new();
        let base = m.canonical.as_deref().or(page_url);
        for (k, b) in content.blocks.iter().enumerate() {
            // The headline repeated at the top of the body is not body, nor are byline and
            // date lines.
            if k < 4 && title_norm.as_deref() == Some(&norm(&b.text)) {
                continue;
            }
            if k < 6 && (is_byline(&b.text) || is_date_line(&b.text, self.max_date)) {
                continue;
            }
            if let Some(rest) = citations::source_line_rest(&b.text) {
                if rest.trim().is_empty() {
                    warnings.push(citations::empty_source_warning());
                    continue;
                }
            }
            paras.push(&b.text);
            for (href, t) in &b.links {
                links.push(Link {
                    url: meta::absolutize(href, base),
                    text: t.clone(),
                });
            }
        }
        let (body, paragraphs) = join_paragraphs(paras.into_iter());
        Article {
            url: m.canonical.clone().or_else(|| page_url.map(str::to_string)),
            outlet: m.outlet,
            title: m.title,
            published: m.published.map(|(d, t, s)| Published {
                date: d.to_string(),
                time: t,
                source: s,
            }),
            modified: m.modified.map(|(d, t)| Published {
                date: d.to_string(),
                time: t,
                source: DateSource::Meta,
            }),
            language: m.language,
            tags: m.tags,
            author: m.author,
            description: m.description,
            body,
            paragraphs,
            links,
            ..Article::default()
        }
    }
}

/// "By Jane Doe", "By our Luanda correspondent", "Von Max Muster".
fn is_byline(text: &str) -> bool {
    let t = text.trim();
    t.len() < 80
        && [
            "By ",
            "BY ",
            "Von ",
            "Par ",
            "Por ",
            "Written by ",
            "Posted by ",
        ]
        .iter()
        .any(|p| t.starts_with(p))
        && !t.ends_with(['.', '!', '?'])
}

/// A line that is only a date or time with a cue word ("Published: 12 March 2024",
/// "Thursday 21 March 2024 17:05 GMT").
fn is_date_line(text: &str, max: NaiveDate) -> bool {
    if text.len() > 80 {
        return false;
    }
    let found = dates::find_dates(text, max);
    let Some(f) = found.first() else {
        return false;
    };
    let rest = format!("{} {}", &text[..f.start], &text[f.end..]);
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let l = w.to_lowercase();
            !(dates::weekday_from_name(&l).is_some()
                || l.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    l.as_str(),
                    "published"
                        | "updated"
                        | "posted"
                        | "on"
                        | "at"
                        | "am"
                        | "pm"
                        | "gmt"
                        | "utc"
                        | "cet"
                        | "est"
                        | "edt"
                        | "pst"
                        | "bst"
                        | "last"
                        | "date"
                        | "veröffentlicht"
                        | "aktualisiert"
                        | "uhr"
                        | "stand"
                        | "publié"
                        | "le"
                        | "à"
                        | "mis"
                        | "jour"
                ))
        })
        .count()
        == 0
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Join paragraphs with one blank line and return the body and paragraph spans.
pub fn join_paragraphs<'a>(paras: impl Iterator<Item = &'a str>) -> (String, Vec<Span>) {
    let mut body = String::new();
    let mut spans = Vec::new();
    for p in paras {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len();
        body.push_str(p);
        spans.push(Span::new(start, body.len()));
    }
    (body, spans)
}

/// A stopword guess at the language of `text` (en, de, fr, es, it, pt, nl), or `None`.
#[must_use]
pub fn guess_language(text: &str) -> Option<String> {
    const LANGS: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "the", "and", "of", "to", "in", "is", "that", "was", "for", "with",
            ],
        ),
        (
            "de",
            &[
                "der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "auf",
            ],
        ),
        (
            "fr",
            &[
                "le", "la", "les", "et", "des", "est", "une", "dans", "que", "pour",
            ],
        ),
        (
            "es",
            &[
                "el", "los", "las", "del", "que", "por", "una", "para", "con", "es",
            ],
        ),
        (
            "it",
            &[
                "il", "della", "che", "di", "per", "una", "sono", "del", "non", "gli",
            ],
        ),
        (
            "pt",
            &[
                "os", "das", "que", "não", "uma", "para", "com", "do", "da", "em",
            ],
        ),
        (
            "nl",
            &[
                "de", "het", "een", "van", "en", "niet", "zijn", "op", "dat", "voor",
            ],
        ),
    ];
    let mut counts = [0usize; 7];
    let mut total = 0;
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        total += 1;
        let lw = w.to_lowercase();
        for (k, (_, words)) in LANGS.iter().enumerate() {
            if words.contains(&lw.as_str()) {
                counts[k] += 1;
            }
        }
    }
    let (best, &n) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    (total >= 20 && n * 12 >= total).then(|| LANGS[best].0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_sniffing() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("  <div>x</div>"));
        assert!(!looks_like_html("Home » Blog » Title\nText"));
    }

    #[test]
    fn language_guess() {
        assert_eq!(guess_language("The talks and the meetings of the ministers were held in the city, and that is what the officials said to the press with a smile for the cameras.").as_deref(), Some("en"));
    }

    #[test]
    fn empty_and_binary_are_errors() {
        let ex = Extractor::new(ExtractOptions::default());
        let d = Document {
            bytes: b"  \n".to_vec(),
            ..Document::default()
        };
        assert_eq!(ex.extract(&d).unwrap_err().kind(), "empty");
        let d = Document {
            bytes: vec![0, 1, 2, 3, 0, 0, 5, 6, 7, 8, 0, 0],
            ..Document::default()
        };
        assert_eq!(ex.extract(&d).unwrap_err().kind(), "binary");
    }
}
