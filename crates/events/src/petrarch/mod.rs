//! PETRARCH-format dictionaries and a PETRARCH-1-style coder that uses them.
//!
//! Users of PETRARCH and TABARI have years of curated dictionaries; this module reads them
//! as they are and codes with them the way PETRARCH-1 did, on a Penn Treebank parse:
//!
//! - **verbs** ([`VerbDict`]): synsets (`&NAME` and `+member` lines; members get a regular
//!   plural unless the name or the member ends in `_`; a member may be another `&SET`), verb
//!   blocks (`--- NAME [code] ---`), verbs with their forms (`VERB {FORM FORM}`, regular
//!   forms made otherwise; multi-word verbs `CORDON_+OFF`, `WIRE_+TAP` with `+` on the word the
//!   parser tags as the verb; an own `[code]` per verb), and patterns
//!   `- UPPER * LOWER [code]` where `*` is the verb, `$` the source, `+` the target, `^` skips
//!   the rest of a noun phrase, `%` a compound actor (before the verb both source and
//!   target, "Dale and Laketown postponed"; after it the target), `&SET` any
//!   member of a synset; words may be joined by `_`. Codes are kept as written (`075A`,
//!   `---`, `032:033` for a pair of events in both directions).
//! - **actors**: read by [`sitrep_actors::petrarch`] (dated codes included);
//! - **agents** ([`parse_agents`]): `PHRASE {PLURAL} [~CODE]` or `[CODE~]`, `!SET!`
//!   substitutions, regular plurals unless `{}`;
//! - **discards** ([`Discards`]): a sentence containing one of the phrases is not coded
//!   (`+PHRASE`: the whole story, which for a single sentence is the same).
//!
//! Comments are `#` to the end of the line (not inside a `[code]`: `[###]` is a code) and
//! `<!-- … -->` (also over several lines).
//! Malformed lines are errors naming `file:line`.
//!
//! Coding ([`PetrDicts::code_parse`]) follows PETRARCH-1: noun phrases of the parse become
//! actor phrases coded by the first actor in them plus their agents; coordinated noun phrases
//! become compounds; short comma-delimited clauses are deleted; each verb phrase headed by a
//! verb of the dictionary is matched against its block's patterns (words after the verb
//! inside the verb phrase, words before it back to the previous comma); the most specific
//! matching pattern gives the code, else the verb's own code; the target is the pattern's `+`
//! or the first coded phrase after the verb, the source the pattern's `$` or the nearest coded
//! phrase before it; passives with "by" swap them; compounds give one event per member.
//!
//! For coding on sitrep's own dependency parse ([`crate::Coder::add_petrarch_verbs`], used by
//! `sitrep code --dict petrarch:DIR`), the verbs and the patterns that can be said in our
//! pattern format are translated: see the `translate` notes in the source (patterns with words
//! before the verb are left out).
//!
//! Differences from PETRARCH-1, on purpose (each chosen on the unit-test records):
//! - words joined by `_` must be adjacent (PETRARCH-1 lost the joins); nested synsets are
//!   expanded; codes without a digit (`+++`) code nothing, like `---`;
//! - the most specific matching pattern wins, not the first one a depth-first search finds;
//! - a compound before the verb is the source as a whole (PETRARCH-1 took its last member),
//!   two compounds in one phrase give every combination;
//! - for the second of two coordinated verb phrases ("condemned … and promised …") the source
//!   is not looked for in the first one's objects;
//! - an actor inside a modifier of a larger noun phrase ("the envoy of Dale, head of a council with
//!   Laketown, …") gives way to that phrase's coded head as source;
//! - an actor name's words may have other words between them inside a phrase (PETRARCH's
//!   blank connector), the longest name at a word winning.
//!
//! Not done: PETRARCH-1's issue coding, `new_actor_length` roots and texts in the output,
//! story-level bookkeeping (a story discard discards the sentence it is in), and its several
//! buggy corners (comma deletion with stale indices, upper-sequence `%` on the wrong list).

mod actors;
mod code;
mod translate;
mod tree;
mod verbs;

pub(crate) use translate::patterns as translate_patterns;

pub use actors::{parse_agents, ActorIndex, Agent};
pub use tree::CommaRules;
pub use verbs::{PatElem, PatItem, VerbBlock, VerbDict, VerbForm, VerbPattern};

use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// A PETRARCH event code: one code, or two for the two directions (`032:033`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PetrCode {
    /// Source to target.
    pub forward: String,
    /// Target to source, for symmetric codes.
    pub backward: Option<String>,
}

impl PetrCode {
    /// Reads `064`, `---`, `032:033`.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        match s.split_once(':') {
            Some((a, b)) => PetrCode {
                forward: a.trim().to_string(),
                backward: Some(b.trim().to_string()),
            },
            None => PetrCode {
                forward: s.trim().to_string(),
                backward: None,
            },
        }
    }

    /// A code that gives no event: `---`, and codes without a digit (`+++`, `###`), which
    /// the validation dictionaries use as "do not code with this pattern".
    #[must_use]
    pub fn is_null(&self) -> bool {
        !self.forward.bytes().any(|b| b.is_ascii_digit())
    }
}

/// Lines without comments: `(line number, text)`; `#` cuts the rest of a line, `<!-- … -->`
/// may span lines.
pub(crate) fn decomment_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_block {
                match rest.find("-->") {
                    Some(k) => {
                        in_block = false;
                        rest = &rest[k + 3..];
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(k) => {
                        line.push_str(&rest[..k]);
                        in_block = true;
                        rest = &rest[k + 4..];
                    }
                    None => {
                        line.push_str(rest);
                        break;
                    }
                }
            }
        }
        // `#` starts a comment except inside a `[code]` (`[###]` is a code).
        let mut depth = 0i32;
        let cut = line.char_indices().find_map(|(k, c)| {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                '#' if depth <= 0 => return Some(k),
                _ => {}
            }
            None
        });
        if let Some(k) = cut {
            line.truncate(k);
        }
        out.push((i + 1, line));
    }
    out
}

/// Discard phrases: a sentence containing one is not coded.
#[derive(Debug, Clone, Default)]
pub struct Discards {
    /// (words, story-level `+`).
    phrases: Vec<(Vec<String>, bool)>,
}

impl Discards {
    /// Parses a PETRARCH `.discards` file (one phrase a line, `+` for the whole story).
    ///
    /// # Errors
    /// Never for now; kept a `Result` like the other readers.
    pub fn parse(text: &str, _file: &str) -> Result<Self> {
        let mut phrases = Vec::new();
        for (_, line) in decomment_lines(text) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            let (story, t) = match t.strip_prefix('+') {
                Some(r) => (true, r),
                None => (false, t),
            };
            let words: Vec<String> = t
                .split([' ', '_'])
                .filter(|w| !w.is_empty())
                .map(str::to_uppercase)
                .collect();
            if !words.is_empty() {
                phrases.push((words, story));
            }
        }
        Ok(Discards { phrases })
    }

    /// The first discard phrase found in `text` (whole words, case-insensitive).
    #[must_use]
    pub fn find(&self, text: &str) -> Option<String> {
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_uppercase()
            })
            .collect();
        for (p, story) in &self.phrases {
            if words.windows(p.len()).any(|w| w == p.as_slice()) {
                return Some(format!("{}{}", if *story { "+" } else { "" }, p.join(" ")));
            }
        }
        None
    }

    /// Number of phrases.
    #[must_use]
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// No phrases.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

/// Options PETRARCH reads from its configuration (and the unit-test records change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PetrConfig {
    /// Drop events whose source or target has no code.
    pub require_dyad: bool,
    /// Above zero, an uncoded noun phrase of fewer words than this is given as its text.
    pub new_actor_length: usize,
    /// Comma-delimited clause deletion.
    pub commas: CommaRules,
}

impl Default for PetrConfig {
    fn default() -> Self {
        PetrConfig {
            require_dyad: true,
            new_actor_length: 0,
            commas: CommaRules::default(),
        }
    }
}

impl PetrConfig {
    /// Sets one option by PETRARCH's name (`require_dyad`, `new_actor_length`, `comma_min`,
    /// `comma_max`, `comma_bmin`, `comma_bmax`, `comma_emin`, `comma_emax`); unknown names and
    /// unreadable numbers are ignored, as PETRARCH does.
    pub fn set(&mut self, name: &str, value: &str) {
        let num = value.trim().parse::<usize>().ok();
        match (name, num) {
            ("require_dyad", _) => self.require_dyad = !value.to_lowercase().contains("false"),
            ("new_actor_length", Some(n)) => self.new_actor_length = n,
            ("comma_min", Some(n)) => self.commas.internal.0 = n,
            ("comma_max", Some(n)) => self.commas.internal.1 = n,
            ("comma_bmin", Some(n)) => self.commas.initial.0 = n,
            ("comma_bmax", Some(n)) => self.commas.initial.1 = n,
            ("comma_emin", Some(n)) => self.commas.terminal.0 = n,
            ("comma_emax", Some(n)) => self.commas.terminal.1 = n,
            _ => {}
        }
    }
}

/// One coded event: source, target and event codes as PETRARCH writes them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PetrEvent {
    /// Source actor code (`ARNGOV`, `---GOV`, or a quoted phrase's text).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Event code (`064`).
    pub code: String,
}

/// The four PETRARCH dictionaries, ready to code.
#[derive(Debug, Clone, Default)]
pub struct PetrDicts {
    /// Verbs and patterns.
    pub verbs: VerbDict,
    /// Actors and agents.
    pub actors: ActorIndex,
    /// Discard phrases.
    pub discards: Discards,
}

/// The files of a PETRARCH dictionary folder, picked by the words in their names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PetrFiles {
    /// `*verbs*`.
    pub verbs: Option<PathBuf>,
    /// `*actors*` (several are allowed).
    pub actors: Vec<PathBuf>,
    /// `*agents*`.
    pub agents: Option<PathBuf>,
    /// `*discards*`.
    pub discards: Option<PathBuf>,
}

impl PetrFiles {
    /// Lists `dir` and picks the files whose names contain `verbs`, `actors`, `agents`,
    /// `discards` (case-insensitive). When several sets share the folder
    /// (`PETR.Validate.verbs.txt` beside `Phoenix.agents.txt`), the files whose names start
    /// like the verbs file's (`PETR.Validate.`) are taken; otherwise every actors file and the
    /// first of each other kind, in sorted order.
    ///
    /// # Errors
    /// [`Error::Io`] when `dir` cannot be listed.
    pub fn find(dir: &Path) -> Result<Self> {
        let io = |source| Error::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .map(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                (name, p)
            })
            .collect();
        files.sort();
        let of = |word: &str| -> Vec<&(String, PathBuf)> {
            files.iter().filter(|(n, _)| n.contains(word)).collect()
        };
        let verbs = of("verbs").first().map(|(n, p)| (n.clone(), p.clone()));
        let prefix = verbs
            .as_ref()
            .and_then(|(n, _)| n.find("verbs").map(|i| n[..i].to_string()))
            .unwrap_or_default();
        let pick = |word: &str| -> Vec<PathBuf> {
            let all = of(word);
            let same: Vec<PathBuf> = all
                .iter()
                .filter(|(n, _)| !prefix.is_empty() && n.starts_with(&prefix))
                .map(|(_, p)| p.clone())
                .collect();
            if same.is_empty() {
                all.into_iter().map(|(_, p)| p.clone()).collect()
            } else {
                same
            }
        };
        Ok(PetrFiles {
            verbs: verbs.map(|(_, p)| p),
            actors: pick("actors"),
            agents: pick("agents").into_iter().next(),
            discards: pick("discards").into_iter().next(),
        })
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl PetrDicts {
    /// Loads a folder of PETRARCH dictionaries (see [`PetrFiles::find`]); a verbs file is
    /// required, the others are optional.
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::Parse`] (with `file:line`), or [`Error::Missing`] when there is
    /// no verbs file.
    pub fn load_dir(dir: &Path) -> Result<Self> {
        let files = PetrFiles::find(dir)?;
        Self::load_files(&files, dir)
    }

    /// Loads the files given.
    ///
    /// # Errors
    /// As [`PetrDicts::load_dir`].
    pub fn load_files(files: &PetrFiles, dir: &Path) -> Result<Self> {
        let verbs_path = files.verbs.as_ref().ok_or_else(|| Error::Missing {
            what: format!("a `*verbs*` file in {}", dir.display()),
        })?;
        let verbs = VerbDict::parse(&read_text(verbs_path)?, &file_name(verbs_path))?;
        let mut actors = ActorIndex::default();
        for p in &files.actors {
            let d = sitrep_actors::petrarch::load_actors(p).map_err(|e| Error::Actors {
                path: p.display().to_string(),
                message: e.to_string(),
            })?;
            actors.add_actors(&d);
        }
        if let Some(p) = &files.agents {
            actors.add_agents(parse_agents(&read_text(p)?, &file_name(p))?);
        }
        let discards = match &files.discards {
            Some(p) => Discards::parse(&read_text(p)?, &file_name(p))?,
            None => Discards::default(),
        };
        Ok(PetrDicts {
            verbs,
            actors,
            discards,
        })
    }

    /// Codes one sentence given its text (for the discards), its Penn Treebank parse and its
    /// date (`YYYYMMDD` or `YYYY-MM-DD`).
    ///
    /// # Errors
    /// [`Error::BadParse`] when the parse cannot be read.
    pub fn code_parse(
        &self,
        text: &str,
        ptb: &str,
        date: Option<&str>,
        config: &PetrConfig,
    ) -> Result<Vec<PetrEvent>> {
        if self.discards.find(text).is_some() {
            return Ok(Vec::new());
        }
        let date = date.map(|d| {
            if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) {
                format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
            } else {
                d.to_string()
            }
        });
        let mut flat = tree::flatten(ptb)?;
        tree::delete_comma_clauses(&mut flat.items, config.commas);
        Ok(code::code(self, &flat, date.as_deref(), config))
    }
}
