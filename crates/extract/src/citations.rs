//! Citations: the outlets, channels and sources an article names, and source lines.
//!
//! Three kinds: `relay` (an outlet that passed the content on: "quoted by Newsweek",
//! "told TASS", "according to Reuters"), `medium` (the channel it first appeared on: "in his
//! Telegram account", "on X"), and `source` (a "Source: …" line). A source line that names
//! nothing is reported as the warning `empty-source-line`.

use sitrep_types::{Citation, CitationRole, Span, Warning};

/// News outlets and agencies recognised by name after a relay cue even when the phrase between
/// is long ("quoted as saying by the official Russian media, TASS").
pub const OUTLETS: &[&str] = &[
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "TASS",
    "RIA Novosti",
    "Interfax",
    "Sputnik",
    "RT",
    "Newsweek",
    "CNN",
    "BBC",
    "Al Jazeera",
    "Al Arabiya",
    "Bloomberg",
    "The New York Times",
    "New York Times",
    "The Washington Post",
    "Washington Post",
    "The Guardian",
    "Guardian",
    "Financial Times",
    "The Wall Street Journal",
    "Wall Street Journal",
    "Fox News",
    "NBC News",
    "CBS News",
    "ABC News",
    "NPR",
    "Politico",
    "Axios",
    "The Times of Israel",
    "Times of Israel",
    "Haaretz",
    "The Jerusalem Post",
    "Jerusalem Post",
    "Ynet",
    "Kan",
    "Xinhua",
    "CGTN",
    "Global Times",
    "Yonhap",
    "KCNA",
    "Kyodo",
    "NHK",
    "Anadolu",
    "Anadolu Agency",
    "IRNA",
    "Tasnim",
    "Fars",
    "Press TV",
    "WAFA",
    "Ukrinform",
    "Kyiv Independent",
    "Deutsche Welle",
    "DW",
    "Der Spiegel",
    "Le Monde",
    "El País",
    "ANSA",
    "EFE",
    "dpa",
    "PTI",
    "ANI",
    "Dawn",
    "Kommersant",
    "Izvestia",
    "RBC",
    "Meduza",
    "Novaya Gazeta",
    "Euronews",
    "Sky News",
    "The Economist",
    "Daily Mail",
    "The Telegraph",
    "The Independent",
    "Middle East Eye",
    "Asharq Al-Awsat",
    "Antara",
    "Kompas",
    "Detik",
    "CNBC",
    "Voice of America",
    "VOA",
    "Radio Free Europe",
    "RFE/RL",
    "Le Figaro",
    "Daily Sabah",
    "Hürriyet",
    "TRT",
    "SANA",
    "Saba",
    "Al-Manar",
    "Al Mayadeen",
    "Yedioth Ahronoth",
];

/// Channels a statement is first made on.
pub const MEDIA: &[&str] = &[
    "Telegram",
    "Twitter",
    "Facebook",
    "Instagram",
    "YouTube",
    "TikTok",
    "VKontakte",
    "Weibo",
    "WeChat",
    "Truth Social",
    "Threads",
    "Bluesky",
    "LinkedIn",
    "WhatsApp",
    "Rumble",
];

const RELAY_CUES: &[&str] = &[
    "quoted by ",
    "quoted as saying by ",
    "cited by ",
    "according to ",
    "reported by ",
    "told ",
    "in an interview with ",
    "in a statement to ",
    "speaking to ",
    "as reported by ",
    "reports ",
];

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    let mut pos = from;
    while let Some(off) = text[pos..].find(word) {
        let at = pos + off;
        if is_word_boundary(text, at, at + word.len()) {
            return Some(at);
        }
        pos = at + word.len();
    }
    None
}

/// A capitalised name starting at `i` ("Newsweek", "Al Jazeera", "TASS").
fn name_at(text: &str, i: usize) -> Option<(usize, usize)> {
    let mut end = i;
    let mut words = 0;
    let mut pos = i;
    loop {
        let rest = &text[pos..];
        let first = rest.chars().next()?;
        if !(first.is_uppercase()) {
            break;
        }
        let wl = rest
            .char_indices()
            .find(|(_, c)| {
                !(c.is_alphanumeric() || *c == '-' || *c == '\'' || *c == '’' || *c == '/')
            })
            .map_or(rest.len(), |(k, _)| k);
        end = pos + wl;
        words += 1;
        let after = &text[end..];
        if words < 4 && after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_uppercase())
        {
            pos = end + 1;
            continue;
        }
        break;
    }
    (words > 0).then_some((i, end))
}

/// Find citations in a body and warn about empty source lines. `paragraphs` are spans of `body`.
#[must_use]
pub fn find_citations(body: &str, paragraphs: &[Span]) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    let push = |name: &str, role: CitationRole, span: Span, out: &mut Vec<Citation>| {
        let name = name.trim_end_matches(['.', ',', ' ', '’', '\'']).trim();
        if name.is_empty()
            || out
                .iter()
                .any(|c| c.role == role && c.name.eq_ignore_ascii_case(name))
        {
            return;
        }
        out.push(Citation {
            name: name.to_string(),
            role,
            span,
        });
    };
    // Source lines.
    for p in paragraphs {
        let t = p.text(body);
        if let Some(rest) = source_line_rest(t) {
            let off = p.start + (t.len() - rest.len());
            let name = rest.trim();
            if !name.is_empty() {
                let lead = rest.len() - rest.trim_start().len();
                push(
                    name,
                    CitationRole::Source,
                    Span::new(off + lead, off + lead + name.len()),
                    &mut out,
                );
            }
        }
    }
    // Relays (cues matched case-insensitively; ASCII lowercasing keeps byte offsets).
    let lower = body.to_ascii_lowercase();
    for cue in RELAY_CUES {
        let mut pos = 0;
        while let Some(off) = lower[pos..].find(cue) {
            let at = pos + off;
            pos = at + cue.len();
            if !is_word_boundary(body, at, at + cue.len() - 1) {
                continue;
            }
            let after = at + cue.len();
            // Directly followed by a name.
            let sentence_end = body[after..]
                .find(['.', '\n', ';', '“', '"'])
                .map_or(body.len(), |k| after + k);
            let mut wend = sentence_end.min(after + 80);
            while !body.is_char_boundary(wend) {
                wend -= 1;
            }
            let window = &body[after..wend.max(after)];
            // A known outlet anywhere in the window wins.
            let mut found = None;
            for o in OUTLETS {
                if let Some(k) = find_word(window, o, 0) {
                    if found
                        .is_none_or(|(fk, fl): (usize, usize)| k < fk || (k == fk && o.len() > fl))
                    {
                        found = Some((k, o.len()));
                    }
                }
            }
            if let Some((k, l)) = found {
                let s = after + k;
                push(
                    &body[s..s + l],
                    CitationRole::Relay,
                    Span::new(s, s + l),
                    &mut out,
                );
            } else if matches!(
                *cue,
                "quoted by " | "cited by " | "reported by " | "as reported by "
            ) {
                if let Some((s, e)) = name_at(body, after) {
                    push(&body[s..e], CitationRole::Relay, Span::new(s, e), &mut out);
                }
            }
        }
    }
    // Media.
    for m in MEDIA {
        if let Some(at) = find_word(body, m, 0) {
            push(
                m,
                CitationRole::Medium,
                Span::new(at, at + m.len()),
                &mut out,
            );
        }
    }
    out.sort_by_key(|c| c.span.start);
    out
}

/// When `line` is a source line ("Source: X", "Sources :", "Quelle:", "Sumber:"), what follows
/// the colon.
#[must_use]
pub fn source_line_rest(line: &str) -> Option<&str> {
    let t = line.trim();
    if t.len() > 200 {
        return None;
    }
    let (head, rest) = t.split_once(':')?;
    let head = head.trim().trim_matches('*').trim().to_lowercase();
    matches!(
        head.as_str(),
        "source" | "sources" | "quelle" | "quellen" | "sumber" | "fuente" | "fonte" | "источник"
    )
    .then_some(rest)
}

/// The warning for an empty source line.
#[must_use]
pub fn empty_source_warning() -> Warning {
    Warning::new(
        "empty-source-line",
        "the article has a \"Source :\" line that names no source",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(body: &str) -> Vec<Span> {
        let mut v = Vec::new();
        let mut start = 0;
        for p in body.split("\n\n") {
            v.push(Span::new(start, start + p.len()));
            start += p.len() + 2;
        }
        v
    }

    #[test]
    fn finds_relays_media_and_sources() {
        let body = "“Hi,” Kadyrov wrote in his Telegram account, quoted by Newsweek .\n\n“Yes,” he was quoted as saying by the official Russian media, TASS .\n\nSource: Reuters";
        let c = find_citations(body, &spans(body));
        let names: Vec<(&str, CitationRole)> =
            c.iter().map(|c| (c.name.as_str(), c.role)).collect();
        assert_eq!(
            names,
            vec![
                ("Telegram", CitationRole::Medium),
                ("Newsweek", CitationRole::Relay),
                ("TASS", CitationRole::Relay),
                ("Reuters", CitationRole::Source)
            ]
        );
        for c in &c {
            assert_eq!(c.span.text(body), c.name);
        }
    }

    #[test]
    fn multibyte_text_near_a_cue_does_not_panic() {
        let body = format!("quoted by {}—end", "é".repeat(40));
        let _ = find_citations(&body, &spans(&body));
        let body = format!("according to {}", "—".repeat(40));
        assert!(find_citations(&body, &spans(&body)).is_empty());
    }

    #[test]
    fn according_to_a_person_is_not_an_outlet() {
        let body = "According to the spokesperson, Maria Zakharova, methods are needed.";
        assert!(find_citations(body, &spans(body)).is_empty());
    }

    #[test]
    fn source_lines() {
        assert_eq!(source_line_rest("Source :"), Some(""));
        assert_eq!(source_line_rest("**Source**: AFP"), Some(" AFP"));
        assert_eq!(source_line_rest("The source said: no"), None);
    }
}
