//! Reading PETRARCH/TABARI `.actors` and `.agents` files into a [`Dictionary`].
//!
//! Actors: a primary phrase at the start of a line (`HAMAS [PSEREB]`, words joined by `_`),
//! synonyms on `+` lines, codes in brackets on the same line or on indented lines below, with
//! optional dates: `[RUSGOV 991231-080507]`, `[HOB <950601]` (until), `[HOBREB >990816]`
//! (from), eight-digit or six-digit dates (`YYMMDD`: years below 30 are 20YY, the others 19YY).
//! `#` comments and `<!-- … -->` comments (which may span lines) are skipped.
//!
//! Agents: `PHRASE {PLURAL} [~AGT]` (suffix agent) or `[AGT~]` (prefix agent); `{}` means no
//! plural; `!SET! = A, B` defines a substitution set that `!SET!` expands in phrases.
//!
//! The files use upper case throughout, so imported names are lower-cased (our matcher then
//! ignores case for them) except one-word names of at most four letters, kept as acronyms.
//! Imported actors get [`ActorKind::Other`]; their codes are kept as written (`---`, `ELR/GAL`
//! included) and are not judged by the linter. Lines that cannot be read are skipped and
//! reported by [`Dictionary::check`] as [`LintKind::Skipped`] warnings.

use crate::date::PartialDate;
use crate::dictionary::RoleInfo;
use crate::{ActorKind, Dictionary, Entry, Error, Lint, LintKind, Result, Severity, Source};
use sitrep_types::ActorRole;
use std::path::Path;

fn read_lossy(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    // Some published files carry stray control bytes (0x1A) and Latin-1 letters.
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    Ok(text.replace('\u{1A}', " "))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads a PETRARCH/TABARI actors file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub fn load_actors(path: impl AsRef<Path>) -> Result<Dictionary> {
    let path = path.as_ref();
    let text = read_lossy(path)?;
    let (entries, lints) = parse_actors(&text, &file_name(path));
    let mut d = Dictionary::from_entries(entries);
    d.load_lints = lints;
    Ok(d)
}

/// Reads a PETRARCH/TABARI agents file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub fn load_agents(path: impl AsRef<Path>) -> Result<Dictionary> {
    let path = path.as_ref();
    let text = read_lossy(path)?;
    let (entries, lints) = parse_agents(&text, &file_name(path));
    let mut d = Dictionary::from_entries(entries);
    d.load_lints = lints;
    Ok(d)
}

/// Removes `<!-- … -->` comments (tracking ones that span lines) and `#` comments.
struct Decommenter {
    in_block: bool,
}

impl Decommenter {
    fn clean<'a>(&mut self, line: &'a str) -> String {
        let mut out = String::new();
        let mut rest: &'a str = line;
        loop {
            if self.in_block {
                match rest.find("-->") {
                    Some(i) => {
                        self.in_block = false;
                        rest = &rest[i + 3..];
                    }
                    None => break,
                }
            } else {
                match rest.find("<!") {
                    Some(i) => {
                        out.push_str(&rest[..i]);
                        self.in_block = true;
                        rest = &rest[i + 2..];
                    }
                    None => {
                        out.push_str(rest);
                        break;
                    }
                }
            }
        }
        match out.find('#') {
            Some(i) => out[..i].to_string(),
            None => out,
        }
    }
}

/// A PETRARCH phrase as a name: `_` → space, trimmed, lower-cased unless a short acronym.
fn phrase_to_name(p: &str) -> String {
    let n = p.replace('_', " ");
    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    if !n.contains(' ') && n.chars().count() <= 4 {
        n
    } else {
        n.to_lowercase()
    }
}

/// Converts `YYMMDD` or `YYYYMMDD` to `YYYY-MM-DD`.
fn petrarch_date(s: &str) -> Option<String> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, md) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let d = format!("{y:04}-{}-{}", &md[..2], &md[2..]);
    PartialDate::parse(&d).map(|_| d)
}

/// One bracket's content: code and date restriction.
fn parse_bracket(content: &str) -> Option<(String, Option<String>, Option<String>)> {
    let content = content.trim();
    let (code, restriction) = match content.split_once(char::is_whitespace) {
        Some((c, r)) => (c.trim(), r.replace(' ', "")),
        None => (content, String::new()),
    };
    // A code glued to its restriction: `[HOB<950601]`.
    let (code, restriction) = match code.find(['<', '>']) {
        Some(i) if restriction.is_empty() => (&code[..i], code[i..].to_string()),
        _ => (code, restriction),
    };
    if code.is_empty() {
        return None;
    }
    let (from, until) = if restriction.is_empty() {
        (None, None)
    } else if let Some(d) = restriction.strip_prefix('<') {
        (None, Some(petrarch_date(d)?))
    } else if let Some(d) = restriction.strip_prefix('>') {
        (Some(petrarch_date(d)?), None)
    } else if let Some((a, b)) = restriction.split_once('-') {
        let f = if a.is_empty() {
            None
        } else {
            Some(petrarch_date(a)?)
        };
        let u = if b.is_empty() {
            None
        } else {
            Some(petrarch_date(b)?)
        };
        (f, u)
    } else {
        return None;
    };
    Some((code.to_string(), from, until))
}

/// The bracket groups of a line: `[A][B 990101-]` → `["A", "B 990101-"]`. A group closed by
/// `}` (a known typo) is accepted.
fn brackets(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let after = &rest[i + 1..];
        let end = after.find([']', '}']).unwrap_or(after.len());
        out.push(&after[..end]);
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}

fn push_role(
    e: &mut Entry,
    code: String,
    from: Option<String>,
    until: Option<String>,
    line: usize,
) {
    let info = RoleInfo {
        line,
        concurrent: false,
        from: from.as_deref().and_then(PartialDate::parse),
        until: until.as_deref().and_then(PartialDate::parse),
        bad_date: false,
    };
    e.actor.roles.push(ActorRole {
        code,
        from,
        until,
        title: None,
    });
    e.roles.push(info);
}

fn skipped(file: &str, line: usize, message: String) -> Lint {
    Lint {
        severity: Severity::Warning,
        kind: LintKind::Skipped,
        source: Source {
            file: file.to_string(),
            line,
        },
        message,
    }
}

/// Parses the text of an actors file; returns the entries and the skipped lines.
#[must_use]
pub fn parse_actors(text: &str, file: &str) -> (Vec<Entry>, Vec<Lint>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut lints = Vec::new();
    let mut dec = Decommenter { in_block: false };
    let mut current: Option<Entry> = None;
    for (idx, raw) in text.lines().enumerate() {
        let lineno = idx + 1;
        let line = dec.clean(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let add_codes = |e: &mut Entry, part: &str, lints: &mut Vec<Lint>| {
            for b in brackets(part) {
                match parse_bracket(b) {
                    Some((c, f, u)) => push_role(e, c, f, u, lineno),
                    None => lints.push(skipped(file, lineno, format!("unreadable code `[{b}]`"))),
                }
            }
        };
        if let Some(syn) = trimmed.strip_prefix('+') {
            let (name, codes) = syn.split_once('[').map_or((syn, ""), |(n, c)| (n, c));
            match current.as_mut() {
                Some(e) => {
                    e.add_name(&phrase_to_name(name), false);
                    if !codes.is_empty() {
                        add_codes(e, &format!("[{codes}"), &mut lints);
                    }
                }
                None => lints.push(skipped(file, lineno, "synonym outside an entry".into())),
            }
            continue;
        }
        if indented && trimmed.starts_with('[') {
            match current.as_mut() {
                Some(e) => add_codes(e, trimmed, &mut lints),
                None => lints.push(skipped(file, lineno, "code outside an entry".into())),
            }
            continue;
        }
        // A primary phrase.
        if let Some(e) = current.take() {
            entries.push(e);
        }
        let (name, codes) = match trimmed.find('[') {
            Some(i) => (&trimmed[..i], &trimmed[i..]),
            None => (trimmed, ""),
        };
        let mut e = Entry::new(
            ActorKind::Other,
            Source {
                file: file.to_string(),
                line: lineno,
            },
        );
        e.add_name(&phrase_to_name(name), true);
        add_codes(&mut e, codes, &mut lints);
        current = Some(e);
    }
    if let Some(e) = current.take() {
        entries.push(e);
    }
    // Ids: the first name, made unique by the line.
    for e in &mut entries {
        e.actor.id = format!("{}@{}", crate::format::slug(&e.actor.name), e.source.line);
    }
    (entries, lints)
}

/// Parses the text of an agents file; returns the entries and the skipped lines.
#[must_use]
pub fn parse_agents(text: &str, file: &str) -> (Vec<Entry>, Vec<Lint>) {
    let mut entries = Vec::new();
    let mut lints = Vec::new();
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut dec = Decommenter { in_block: false };
    for (idx, raw) in text.lines().enumerate() {
        let lineno = idx + 1;
        let line = dec.clean(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('!') && trimmed.contains('=') && !trimmed.contains('[') {
            if let Some((k, v)) = trimmed.split_once('=') {
                let words = v.split(',').map(|w| w.trim().to_string()).collect();
                sets.push((k.trim().to_string(), words));
            }
            continue;
        }
        let Some(open) = trimmed.find('[') else {
            lints.push(skipped(file, lineno, format!("no code in `{trimmed}`")));
            continue;
        };
        let (head, code_part) = trimmed.split_at(open);
        let Some(code) = brackets(code_part).first().map(|c| c.trim().to_string()) else {
            continue;
        };
        let prefix = code.ends_with('~') && !code.starts_with('~');
        let code = code.trim_matches('~').trim().to_string();
        if code.is_empty() {
            lints.push(skipped(file, lineno, "empty agent code".into()));
            continue;
        }
        // Phrase and optional {plural}.
        let (phrase, plural) = match head.find('{') {
            Some(i) => {
                let p = &head[i + 1..];
                let p = p.split('}').next().unwrap_or("");
                (&head[..i], Some(p.trim()))
            }
            None => (head, None),
        };
        let mut e = Entry::new(
            ActorKind::Agent,
            Source {
                file: file.to_string(),
                line: lineno,
            },
        );
        e.agent_prefix = prefix;
        for form in expand(phrase.trim(), &sets) {
            let primary = e.actor.name.is_empty();
            e.add_name(&phrase_to_name(&form), primary);
        }
        if let Some(p) = plural.filter(|p| !p.is_empty()) {
            for form in expand(p, &sets) {
                e.add_name(&phrase_to_name(&form), false);
            }
        }
        if e.actor.name.is_empty() {
            lints.push(skipped(file, lineno, "agent without a phrase".into()));
            continue;
        }
        push_role(&mut e, code, None, None, lineno);
        e.actor.id = format!("agent:{}@{}", crate::format::slug(&e.actor.name), lineno);
        entries.push(e);
    }
    (entries, lints)
}

/// Expands `!SET!` references (one level, every member).
fn expand(phrase: &str, sets: &[(String, Vec<String>)]) -> Vec<String> {
    for (k, words) in sets {
        if phrase.contains(k.as_str()) {
            return words
                .iter()
                .flat_map(|w| expand(&phrase.replacen(k.as_str(), w, 1), sets))
                .collect();
        }
    }
    vec![phrase.to_string()]
}

impl Dictionary {
    /// Merges another dictionary into this one (e.g. PETRARCH agents with our countries).
    #[must_use]
    pub fn merge(mut self, other: Dictionary) -> Dictionary {
        self.entries.extend(other.entries);
        self.load_lints.extend(other.load_lints);
        self.finish();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_actor_blocks_dates_and_comments() {
        let text = "<!-- header\n# still a comment -->\nHAMAS [PSEREBHMS]\n\
GOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\n\
JAVIER_SOLANA_\t[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006]\nUN_ [IGOUNO]\n";
        let (es, lints) = parse_actors(text, "t.actors");
        assert!(lints.is_empty(), "{lints:?}");
        assert_eq!(es.len(), 4);
        assert_eq!(es[0].actor.name, "hamas");
        assert_eq!(es[0].actor.roles[0].code, "PSEREBHMS");
        assert_eq!(es[1].actor.names, vec!["smeagol"]);
        assert_eq!(es[1].actor.roles[0].until.as_deref(), Some("1995-06-01"));
        assert_eq!(es[1].actor.roles[1].from.as_deref(), Some("1995-06-01"));
        assert_eq!(es[1].actor.roles[2].from.as_deref(), Some("1999-08-16"));
        assert_eq!(es[2].actor.roles.len(), 2);
        assert_eq!(es[2].actor.roles[1].until.as_deref(), Some("1999-10-06"));
        assert_eq!(es[3].actor.name, "UN");
    }

    #[test]
    fn reads_agents_with_sets_and_plurals() {
        let text = "!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nSPOKES!PERSON! [~GOV]\n\
THIEF {THIEVES} [~CRM]\nHUMAN_RIGHTS_BODY  [NGO~]\nBROKEN [~ENV}\nNOCODE\n";
        let (es, lints) = parse_agents(text, "t.agents");
        assert_eq!(lints.len(), 1, "{lints:?}");
        assert_eq!(es.len(), 5);
        assert_eq!(es[1].actor.name, "spokesman");
        assert_eq!(es[1].actor.names, vec!["spokesmen"]);
        assert_eq!(es[2].actor.names, vec!["thieves"]);
        assert!(es[3].agent_prefix);
        assert_eq!(es[3].actor.roles[0].code, "NGO");
        assert_eq!(es[4].actor.roles[0].code, "ENV");
    }

    #[test]
    fn dates() {
        assert_eq!(petrarch_date("070405").as_deref(), Some("2007-04-05"));
        assert_eq!(petrarch_date("700101").as_deref(), Some("1970-01-01"));
        assert_eq!(petrarch_date("20130119").as_deref(), Some("2013-01-19"));
        assert_eq!(petrarch_date("991399"), None);
        assert_eq!(
            parse_bracket("RUSGOV 070405-"),
            Some(("RUSGOV".into(), Some("2007-04-05".into()), None))
        );
    }
}
