//! The parser of our dictionary format (described in `dict/README.md`).
//!
//! ```text
//! # a comment
//! Ramzan Kadyrov | Ramzan Akhmadovich Kadyrov; Kadyrov
//!   RUSGOV 2007-04-05.. head of the Chechen Republic
//!   RUSGOV 2006-03-04..2007-04-05 prime minister of the Chechen Republic
//! ```
//!
//! An entry starts on a line that is not indented: the preferred name, then `|` and the other
//! names separated by `;`. A name written `~Name` is shared on purpose with other entries (the
//! linter allows it; resolution picks among them by date). The indented lines that follow are
//! either `key: value` attributes or role lines `CODE [FROM..UNTIL] [title]`; a role line
//! starting with `+` is a concurrent role that never overrides the main one. `@kind NAME` on a
//! line of its own sets the kind of the entries that follow. `#` starts a comment.
//!
//! The parser is strict about structure (an error names the file and line) and lenient about
//! content: codes, dates and names are kept as written and judged by the linter.

use crate::date::PartialDate;
use crate::{ActorKind, Entry, Error, Result, RoleInfo, Source};
use sitrep_types::ActorRole;

/// The attribute keys an entry may carry.
pub const KEYS: &[&str] = &[
    "id", "names", "demonyms", "capital", "seat", "country", "region", "sector", "wikidata", "note",
];

fn strip_comment(line: &str) -> &str {
    // A `#` starts a comment at the start of the line or after whitespace.
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return &line[..i];
        }
    }
    line
}

fn split_list(value: &str) -> Vec<String> {
    value.split(';').map(|s| s.trim().to_string()).collect()
}

/// Parses one dictionary file. `default_kind` applies until an `@kind` line says otherwise.
///
/// # Errors
/// [`Error::Parse`] with the file and line of the first structural problem.
pub fn parse(text: &str, file: &str, default_kind: Option<ActorKind>) -> Result<Vec<Entry>> {
    let err = |line: usize, message: String| Error::Parse {
        file: file.to_string(),
        line,
        message,
    };
    let mut kind = default_kind;
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    for (idx, raw) in text.lines().enumerate() {
        let lineno = idx + 1;
        let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
        let line = strip_comment(raw).trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if !indented {
            if let Some(e) = current.take() {
                entries.push(e);
            }
            if let Some(rest) = line.strip_prefix('@') {
                let mut it = rest.split_whitespace();
                match (it.next(), it.next(), it.next()) {
                    (Some("kind"), Some(k), None) => {
                        kind = Some(
                            ActorKind::parse(k)
                                .ok_or_else(|| err(lineno, format!("unknown kind `{k}`")))?,
                        );
                    }
                    _ => return Err(err(lineno, format!("unknown directive `{line}`"))),
                }
                continue;
            }
            let Some(k) = kind else {
                return Err(err(
                    lineno,
                    "no kind for this file: name it countries.txt, people/*.txt, … or add `@kind`"
                        .to_string(),
                ));
            };
            let (primary, aliases) = match line.split_once('|') {
                Some((p, a)) => (p.trim(), split_list(a)),
                None => (line.trim(), Vec::new()),
            };
            let mut entry = Entry::new(
                k,
                Source {
                    file: file.to_string(),
                    line: lineno,
                },
            );
            entry.add_name(primary, true);
            for a in aliases {
                entry.add_name(&a, false);
            }
            current = Some(entry);
            continue;
        }
        let Some(entry) = current.as_mut() else {
            return Err(err(lineno, "indented line outside an entry".to_string()));
        };
        let body = line.trim();
        let first = body.split_whitespace().next().unwrap_or("");
        if let Some(key) = first.strip_suffix(':') {
            if !KEYS.contains(&key) {
                return Err(err(
                    lineno,
                    format!("unknown key `{key}:` (known: {})", KEYS.join(", ")),
                ));
            }
            let value = body[first.len()..].trim();
            match key {
                "id" => entry.actor.id = value.to_string(),
                "names" => {
                    for a in split_list(value) {
                        entry.add_name(&a, false);
                    }
                }
                "demonyms" | "capital" | "seat" => {
                    for item in split_list(value) {
                        let (name, shared) = match item.strip_prefix('~') {
                            Some(n) => (n.trim().to_string(), true),
                            None => (item, false),
                        };
                        if name.is_empty() {
                            entry.empty_names += 1;
                            continue;
                        }
                        if shared {
                            entry.shared.push(crate::normalize::fold(&name));
                        }
                        match key {
                            "demonyms" => entry.demonyms.push(name),
                            "capital" => entry.capitals.push(name),
                            _ => entry.seats.push(name),
                        }
                    }
                }
                "country" => entry.actor.country = Some(value.to_string()),
                "region" => entry.region = Some(value.to_string()),
                "sector" => entry.actor.sector = Some(value.to_string()),
                "wikidata" => entry.actor.wikidata = Some(value.to_string()),
                _ => entry.note = Some(value.to_string()),
            }
            continue;
        }
        // A role line.
        let mut rest = body;
        let concurrent = rest.starts_with('+');
        if concurrent {
            rest = rest[1..].trim_start();
        }
        let (code, after) = match rest.split_once(char::is_whitespace) {
            Some((c, a)) => (c, a.trim()),
            None => (rest, ""),
        };
        let (dates, title) = match after.split_once(char::is_whitespace) {
            Some((d, t)) if d.contains("..") => (Some(d), t.trim()),
            _ if after.contains("..") && !after.contains(char::is_whitespace) => (Some(after), ""),
            _ => (None, after),
        };
        let mut info = RoleInfo {
            line: lineno,
            concurrent,
            from: None,
            until: None,
            bad_date: false,
        };
        let mut role = ActorRole {
            code: code.to_string(),
            from: None,
            until: None,
            title: (!title.is_empty()).then(|| title.to_string()),
        };
        if let Some(d) = dates {
            let (f, u) = d.split_once("..").unwrap_or((d, ""));
            if !f.is_empty() {
                role.from = Some(f.to_string());
                info.from = PartialDate::parse(f);
                info.bad_date |= info.from.is_none();
            }
            if !u.is_empty() {
                role.until = Some(u.to_string());
                info.until = PartialDate::parse(u);
                info.bad_date |= info.until.is_none();
            }
        }
        entry.actor.roles.push(role);
        entry.roles.push(info);
    }
    if let Some(e) = current.take() {
        entries.push(e);
    }
    Ok(entries)
}

/// Parses `stoplist.txt`: one name per line, `#` comments.
#[must_use]
pub fn parse_stoplist(text: &str, file: &str) -> Vec<(String, Source)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let name = strip_comment(l).trim();
            (!name.is_empty()).then(|| {
                (
                    name.to_string(),
                    Source {
                        file: file.to_string(),
                        line: i + 1,
                    },
                )
            })
        })
        .collect()
}

/// Makes an id from a name: lowercase ASCII letters and digits, words joined by `_`.
#[must_use]
pub fn slug(name: &str) -> String {
    let folded = crate::normalize::fold(name);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_roles_and_keys() {
        let text = r"# people
Ramzan Kadyrov | Ramzan Akhmadovich Kadyrov; Kadyrov # the head
  RUSGOV 2007-04-05.. head of the Chechen Republic
  +RUSMIL 2000..2004
  RUSELI
  note: example

Russia | Russian Federation
  RUS
  demonyms: Russian; Russians
  capital: Moscow
";
        let es = parse(text, "t.txt", Some(ActorKind::Person)).unwrap();
        assert_eq!(es.len(), 2);
        let k = &es[0];
        assert_eq!(k.actor.name, "Ramzan Kadyrov");
        assert_eq!(k.actor.names, vec!["Ramzan Akhmadovich Kadyrov", "Kadyrov"]);
        assert_eq!(k.actor.roles.len(), 3);
        assert_eq!(k.actor.roles[0].from.as_deref(), Some("2007-04-05"));
        assert_eq!(k.actor.roles[0].until, None);
        assert_eq!(
            k.actor.roles[0].title.as_deref(),
            Some("head of the Chechen Republic")
        );
        assert!(k.roles[1].concurrent);
        assert_eq!(k.actor.roles[1].until.as_deref(), Some("2004"));
        assert_eq!(k.actor.roles[2].code, "RUSELI");
        assert_eq!(k.roles[2].line, 5);
        assert_eq!(k.note.as_deref(), Some("example"));
        assert_eq!(es[1].demonyms, vec!["Russian", "Russians"]);
        assert_eq!(es[1].source.line, 8);
    }

    #[test]
    fn structural_errors_name_the_line() {
        let e = parse("A | B\n  colour: red\n", "f.txt", Some(ActorKind::Org)).unwrap_err();
        assert!(
            e.to_string().starts_with("f.txt:2: unknown key `colour:`"),
            "{e}"
        );
        let e = parse("  RUS\n", "f.txt", Some(ActorKind::Org)).unwrap_err();
        assert!(e.to_string().starts_with("f.txt:1:"), "{e}");
        let e = parse("A\n", "x.txt", None).unwrap_err();
        assert!(e.to_string().contains("no kind"), "{e}");
        let e = parse("@kind planet\n", "x.txt", None).unwrap_err();
        assert!(e.to_string().contains("unknown kind"), "{e}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Abdul-Malik al-Houthi"), "abdul_malik_al_houthi");
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep_tayyip_erdogan");
    }
}
