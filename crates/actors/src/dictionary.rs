//! The dictionary: entries, the name index, loading, and codes as of a date.

use crate::date::{query_day, PartialDate};
use crate::normalize::{fold, words};
use crate::{format, ActorKind, Error, Lint, Result, TRANSNATIONAL};
use sitrep_types::Actor;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where an entry or role was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// The file, relative to the dictionary directory.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What the loader read about one role, beside the [`sitrep_types::ActorRole`] itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    /// The line of the role.
    pub line: usize,
    /// Written with `+`: held beside the main role, never overriding it.
    pub concurrent: bool,
    /// The parsed start, when given and valid.
    pub from: Option<PartialDate>,
    /// The parsed end, when given and valid.
    pub until: Option<PartialDate>,
    /// A bound was given but is not a valid date.
    pub bad_date: bool,
}

impl RoleInfo {
    /// True when the role has a date bound (a dated role rather than a default).
    #[must_use]
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.until.is_some() || self.bad_date
    }

    /// True when the role holds on `day` (bounds inclusive, imprecise bounds generous).
    #[must_use]
    pub fn holds_on(&self, day: i32) -> bool {
        !self.bad_date
            && self.from.is_none_or(|f| f.first_day() <= day)
            && self.until.is_none_or(|u| day <= u.last_day())
    }
}

/// One dictionary entry: an actor plus what the loader needs around it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The actor (id, names, dated roles, country, …).
    pub actor: Actor,
    /// What sort of actor.
    pub kind: ActorKind,
    /// Per role of `actor.roles`: line, concurrency, parsed dates.
    pub roles: Vec<RoleInfo>,
    /// Adjectives and nouns of nationality ("Russian", "Russians"): they name the country and
    /// combine with agents.
    pub demonyms: Vec<String>,
    /// Capitals that stand for the government ("Moscow said" → `RUSGOV`).
    pub capitals: Vec<String>,
    /// Buildings and places that stand for the actor ("Kremlin", "Pentagon").
    pub seats: Vec<String>,
    /// Folded names this entry shares with others on purpose (written `~Name`).
    pub shared: Vec<String>,
    /// The CAMEO region a country belongs to.
    pub region: Option<String>,
    /// A free note ("why this code").
    pub note: Option<String>,
    /// A name written empty (`A | B;;C`), kept for the linter.
    pub empty_names: usize,
    /// Where the entry starts.
    pub source: Source,
    /// PETRARCH prefix agent (`[NGO~]`): its code goes before the country's.
    pub agent_prefix: bool,
}

impl Entry {
    /// An empty entry of a kind, written at `source`.
    #[must_use]
    pub fn new(kind: ActorKind, source: Source) -> Self {
        Entry {
            actor: Actor::default(),
            kind,
            roles: Vec::new(),
            demonyms: Vec::new(),
            capitals: Vec::new(),
            seats: Vec::new(),
            shared: Vec::new(),
            region: None,
            note: None,
            empty_names: 0,
            source,
            agent_prefix: false,
        }
    }

    /// Adds a name (the preferred one when `primary`); `~Name` marks it shared.
    pub fn add_name(&mut self, name: &str, primary: bool) {
        let name = name.trim();
        let (name, shared) = match name.strip_prefix('~') {
            Some(n) => (n.trim(), true),
            None => (name, false),
        };
        if name.is_empty() {
            self.empty_names += 1;
            return;
        }
        if shared {
            self.shared.push(fold(name));
        }
        if primary && self.actor.name.is_empty() {
            self.actor.name = name.to_string();
        } else if !self.actor.names.iter().any(|n| n == name) && self.actor.name != name {
            self.actor.names.push(name.to_string());
        }
    }

    /// Adds a role with no dates.
    pub fn add_default_role(&mut self, code: &str, line: usize) {
        self.actor.roles.push(sitrep_types::ActorRole {
            code: code.to_string(),
            from: None,
            until: None,
            title: None,
        });
        self.roles.push(RoleInfo {
            line,
            concurrent: false,
            from: None,
            until: None,
            bad_date: false,
        });
    }

    /// Every name, preferred first.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.actor.name.as_str()).chain(self.actor.names.iter().map(String::as_str))
    }
}

/// How a name refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    /// One of its names.
    Name,
    /// A demonym of a country.
    Demonym,
    /// A capital standing for a government.
    Capital,
    /// A seat standing for the actor.
    Seat,
    /// A name of the stop list: matches, then yields nothing.
    Stop,
}

/// One name in the index.
#[derive(Debug, Clone)]
pub(crate) struct NameRef {
    pub entry: u32,
    pub how: How,
    pub shared: bool,
    /// Made by the loader (agent plurals), not written.
    pub generated: bool,
    /// The name as written (for case checks).
    pub written: Box<str>,
}

/// A set of actor entries with an index of their names. Build it once and share it: every
/// method takes `&self`.
#[derive(Debug, Default)]
pub struct Dictionary {
    pub(crate) entries: Vec<Entry>,
    /// Folded name → the entries it names.
    pub(crate) names: HashMap<String, Vec<NameRef>>,
    /// Every word of every non-person name (for title stripping).
    pub(crate) name_words: HashSet<String>,
    /// Codes of countries and regions (first level).
    pub(crate) places: HashSet<String>,
    /// Names that are not actors (`stoplist.txt`), with where they were written.
    pub(crate) stop: Vec<(String, Source)>,
    /// Problems found while loading (PETRARCH imports), reported by `check`.
    pub(crate) load_lints: Vec<Lint>,
    pub(crate) matcher: OnceLock<crate::matcher::Automaton>,
}

/// A dated role chosen for an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeAt {
    pub code: String,
    pub title: Option<String>,
}

impl Dictionary {
    /// A dictionary of the given entries.
    #[must_use]
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let mut d = Dictionary {
            entries,
            ..Dictionary::default()
        };
        d.finish();
        d
    }

    /// Parses dictionary files given as `(relative path, text)`. The kind of each file comes
    /// from its name ([`ActorKind::for_file`]) unless the file sets `@kind`.
    ///
    /// # Errors
    /// [`Error::Parse`] for the first malformed line.
    pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut entries = Vec::new();
        let mut stop = Vec::new();
        for (name, text) in files {
            if name.rsplit('/').next() == Some(STOPLIST) {
                stop.extend(format::parse_stoplist(text, name));
            } else {
                entries.extend(format::parse(text, name, ActorKind::for_file(name))?);
            }
        }
        let mut d = Dictionary {
            entries,
            stop,
            ..Dictionary::default()
        };
        d.finish();
        Ok(d)
    }

    /// Loads every `*.txt` file under `dir` (recursively, in path order).
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read, [`Error::Parse`] for a malformed line.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        let mut files = Vec::new();
        collect_txt(dir, dir, &mut files)?;
        files.sort();
        let mut texts = Vec::with_capacity(files.len());
        for (rel, path) in &files {
            let bytes = std::fs::read(path).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| Error::Parse {
                file: rel.clone(),
                line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count(),
                message: "not valid UTF-8".to_string(),
            })?;
            texts.push((rel.clone(), text));
        }
        Dictionary::from_texts(texts.iter().map(|(r, t)| (r.as_str(), t.as_str())))
    }

    /// The names of the stop list.
    pub fn stop_names(&self) -> impl Iterator<Item = &str> {
        self.stop.iter().map(|(n, _)| n.as_str())
    }

    /// Every entry, in load order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.actor.id == id)
    }

    /// How many entries of a kind.
    #[must_use]
    pub fn count(&self, kind: ActorKind) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }

    /// Fills ids and countries, then builds the name index.
    pub(crate) fn finish(&mut self) {
        self.places.clear();
        for e in &mut self.entries {
            if e.actor.id.is_empty() {
                e.actor.id = match e.kind {
                    ActorKind::Country | ActorKind::Region
                        if e.actor.roles.len() == 1
                            && e.roles.first().is_none_or(|r| !r.is_dated()) =>
                    {
                        e.actor.roles[0].code.clone()
                    }
                    ActorKind::Agent => format!("agent:{}", format::slug(&e.actor.name)),
                    _ => format::slug(&e.actor.name),
                };
            }
            if matches!(e.kind, ActorKind::Country | ActorKind::Region) {
                for r in &e.actor.roles {
                    if let Some(c) = r.code.get(..3) {
                        self.places.insert(c.to_string());
                    }
                }
            }
        }
        for e in &mut self.entries {
            if e.actor.country.is_none() && e.kind != ActorKind::Agent {
                e.actor.country = e
                    .actor
                    .roles
                    .iter()
                    .filter_map(|r| r.code.get(..3))
                    .find(|c| self.places.contains(*c))
                    .map(str::to_string);
            }
        }
        self.names.clear();
        self.name_words.clear();
        for (i, e) in self.entries.iter().enumerate() {
            let i = i as u32;
            let add = |names: &mut HashMap<String, Vec<NameRef>>,
                       name: &str,
                       how: How,
                       generated: bool| {
                let key = index_key(name);
                if key.is_empty() {
                    return;
                }
                let refs = names.entry(key.clone()).or_default();
                if refs
                    .iter()
                    .any(|r| r.entry == i && r.how == how && &*r.written == name)
                {
                    return;
                }
                refs.push(NameRef {
                    entry: i,
                    how,
                    shared: e.shared.contains(&key) || e.shared.contains(&fold(name)),
                    generated,
                    written: name.into(),
                });
            };
            for n in e.all_names() {
                add(&mut self.names, n, How::Name, false);
                if e.kind == ActorKind::Agent {
                    for p in plurals(n) {
                        add(&mut self.names, &p, How::Name, true);
                    }
                }
            }
            for n in &e.demonyms {
                add(&mut self.names, n, How::Demonym, false);
            }
            for n in &e.capitals {
                add(&mut self.names, n, How::Capital, false);
            }
            for n in &e.seats {
                add(&mut self.names, n, How::Seat, false);
            }
            if e.kind != ActorKind::Person {
                for n in e.all_names().chain(e.demonyms.iter().map(String::as_str)) {
                    for w in words(&fold(n)) {
                        self.name_words.insert(w.trim_end_matches('.').to_string());
                    }
                }
            }
        }
        for (name, _) in &self.stop {
            let key = index_key(name);
            if key.is_empty() {
                continue;
            }
            self.names.entry(key).or_default().push(NameRef {
                entry: STOP_ENTRY,
                how: How::Stop,
                shared: false,
                generated: false,
                written: name.as_str().into(),
            });
        }
        self.matcher = OnceLock::new();
    }

    /// The entry a name refers to; `None` for a stop-list name.
    pub(crate) fn entry_of(&self, r: &NameRef) -> Option<&Entry> {
        if r.how == How::Stop {
            return None;
        }
        self.entries.get(r.entry as usize)
    }

    /// True when `code` is the code of a country or region of this dictionary, or a
    /// transnational type (`IGO`, `NGO`, …).
    #[must_use]
    pub fn is_known_place(&self, code: &str) -> bool {
        self.places.contains(code) || TRANSNATIONAL.contains(&code)
    }

    /// The code of entry `e` as of `day` (days since 1970), or its current code without one.
    ///
    /// With a date: the main (not `+`) dated role that holds, the latest-starting first; then a
    /// concurrent one; then the undated default role; then, for a person after their last
    /// role, `<country>ELI` (former officials are elites in CAMEO); before their first role,
    /// the country alone. Without a date: the open-ended role that started last, then the
    /// default, then the most recent role.
    pub(crate) fn code_at(&self, e: &Entry, day: Option<i32>) -> Option<CodeAt> {
        let roles: Vec<(&sitrep_types::ActorRole, &RoleInfo)> =
            e.actor.roles.iter().zip(e.roles.iter()).collect();
        let pick = |(r, _): (&sitrep_types::ActorRole, &RoleInfo)| CodeAt {
            code: r.code.clone(),
            title: r.title.clone(),
        };
        let start = |i: &RoleInfo| i.from.map_or(i32::MIN, |f| f.first_day());
        let end = |i: &RoleInfo| i.until.map_or(i32::MAX, |u| u.last_day());
        let default = roles.iter().copied().find(|(_, i)| !i.is_dated());
        match day {
            Some(day) => {
                for concurrent in [false, true] {
                    if let Some(r) = roles
                        .iter()
                        .copied()
                        .filter(|(_, i)| i.is_dated() && i.concurrent == concurrent)
                        .filter(|(_, i)| i.holds_on(day))
                        .max_by_key(|(_, i)| start(i))
                    {
                        return Some(pick(r));
                    }
                }
                if let Some(r) = default {
                    return Some(pick(r));
                }
                let dated: Vec<_> = roles
                    .iter()
                    .copied()
                    .filter(|(_, i)| i.is_dated())
                    .collect();
                if dated.is_empty() {
                    return None;
                }
                let ended: Vec<_> = dated
                    .iter()
                    .copied()
                    .filter(|(_, i)| end(i) < day)
                    .collect();
                if !ended.is_empty() && e.kind == ActorKind::Person {
                    let mut by_end = ended.clone();
                    by_end.sort_by_key(|(_, i)| std::cmp::Reverse(end(i)));
                    let country = by_end
                        .iter()
                        .filter_map(|(r, _)| r.code.get(..3))
                        .find(|c| self.places.contains(*c))
                        .map(str::to_string)
                        .or_else(|| e.actor.country.clone());
                    return Some(match country {
                        Some(c) => CodeAt {
                            code: format!("{c}ELI"),
                            title: Some("former office holder".to_string()),
                        },
                        None => pick(by_end[0]),
                    });
                }
                if e.kind == ActorKind::Person {
                    if let Some(c) = &e.actor.country {
                        return Some(CodeAt {
                            code: c.clone(),
                            title: None,
                        });
                    }
                }
                dated
                    .iter()
                    .copied()
                    .min_by_key(|(_, i)| (day - start(i)).abs())
                    .map(pick)
            }
            None => {
                if let Some(r) = roles
                    .iter()
                    .copied()
                    .filter(|(_, i)| !i.concurrent && i.is_dated() && i.until.is_none())
                    .max_by_key(|(_, i)| start(i))
                {
                    return Some(pick(r));
                }
                if let Some(r) = default {
                    return Some(pick(r));
                }
                roles
                    .iter()
                    .copied()
                    .filter(|(_, i)| !i.concurrent)
                    .max_by_key(|(_, i)| (end(i), start(i)))
                    .or_else(|| roles.first().copied())
                    .map(pick)
            }
        }
    }

    /// The code of the entry with this id as of `date` (`YYYY-MM-DD`), or its current code.
    #[must_use]
    pub fn code_of(&self, id: &str, date: Option<&str>) -> Option<String> {
        let e = self.get(id)?;
        self.code_at(e, date.and_then(query_day)).map(|c| c.code)
    }

    /// Every distinct first-level code in use (countries, regions, transnational types).
    #[must_use]
    pub fn place_codes(&self) -> BTreeSet<String> {
        self.places.iter().cloned().collect()
    }
}

/// The file name of the stop list inside a dictionary directory.
pub const STOPLIST: &str = "stoplist.txt";

/// The entry number of stop-list names.
pub(crate) const STOP_ENTRY: u32 = u32::MAX;

/// The index key of a name: folded, without a leading "the ".
pub(crate) fn index_key(name: &str) -> String {
    let f = fold(name);
    match f.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => f,
    }
}

/// Regular plurals of an agent name's last word ("ministry" → "ministries", "spokesman" →
/// "spokesmen"). Names whose last word already ends in `s` get none.
pub(crate) fn plurals(name: &str) -> Vec<String> {
    let name = name.trim();
    let (head, last) = match name.rfind(' ') {
        Some(i) => (&name[..=i], &name[i + 1..]),
        None => ("", name),
    };
    let lower = last.to_lowercase();
    if lower.is_empty() || lower.ends_with('s') || !lower.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let plural = if let Some(stem) = lower.strip_suffix("man") {
        format!("{stem}men")
    } else if let Some(stem) = lower.strip_suffix("person") {
        format!("{stem}people")
    } else if lower == "child" {
        "children".to_string()
    } else if lower.ends_with('y')
        && !matches!(
            lower.chars().rev().nth(1),
            Some('a' | 'e' | 'i' | 'o' | 'u')
        )
    {
        format!("{}ies", &lower[..lower.len() - 1])
    } else if lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    };
    let mut out = vec![format!("{head}{plural}")];
    if lower.ends_with("person") {
        out.push(format!("{head}{lower}s"));
    }
    out
}

fn collect_txt(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    for item in std::fs::read_dir(dir).map_err(io(dir))? {
        let item = item.map_err(io(dir))?;
        let path = item.path();
        let ft = item.file_type().map_err(io(&path))?;
        if ft.is_dir() {
            // `events/` holds the event codes and patterns (read by `sitrep-events`).
            if dir == root && item.file_name() == "events" {
                continue;
            }
            collect_txt(root, &path, out)?;
        } else if path.extension().is_some_and(|x| x == "txt") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms() {
        assert_eq!(plurals("foreign ministry"), vec!["foreign ministries"]);
        assert_eq!(plurals("spokesman"), vec!["spokesmen"]);
        assert_eq!(
            plurals("spokesperson"),
            vec!["spokespeople", "spokespersons"]
        );
        assert_eq!(plurals("militant"), vec!["militants"]);
        assert_eq!(plurals("attorney"), vec!["attorneys"]);
        assert_eq!(plurals("church"), vec!["churches"]);
        assert!(plurals("armed forces").is_empty());
    }

    #[test]
    fn dated_roles_pick_the_code_of_the_day() {
        let d = Dictionary::from_texts([
            ("countries.txt", "Freedonia\n  FRD\n"),
            (
                "people/x.txt",
                "Rufus Firefly | Firefly\n  FRDGOV 2001-03-01..2004 president\n  FRDREB 1990..2000\n",
            ),
        ])
        .unwrap();
        let code = |date| d.code_of("rufus_firefly", date);
        assert_eq!(code(Some("2002-01-01")).as_deref(), Some("FRDGOV"));
        assert_eq!(code(Some("1995-01-01")).as_deref(), Some("FRDREB"));
        assert_eq!(code(Some("2001-01-15")).as_deref(), Some("FRDELI"));
        assert_eq!(code(Some("2010-01-01")).as_deref(), Some("FRDELI"));
        assert_eq!(code(Some("1980-01-01")).as_deref(), Some("FRD"));
        assert_eq!(code(None).as_deref(), Some("FRDGOV"));
    }
}
