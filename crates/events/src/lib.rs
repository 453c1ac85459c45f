//! sitrep's event coder: who did what to whom, in CAMEO and PLOVER, read off the parse.
//!
//! The coder works on sentences already tokenised, tagged, lemmatised and parsed (UD
//! relations; [`sitrep_types::Sentence`]) and on the actor dictionary
//! ([`sitrep_actors::Dictionary`]). Two files of our own drive it, compiled into the binary
//! from `dict/events/` (format: `dict/events/README.md`):
//!
//! - `cameo.txt` ([`CodeTable`]): every CAMEO code with its Goldstein weight, quad class and
//!   PLOVER type, mode and context;
//! - `verbs.txt` ([`Patterns`]): patterns on lemmas and dependency structure for verbs and
//!   event nouns ("fire &WEAPON at +", "n:190 &ATTACK_NOUN on +").
//!
//! For each predicate the most specific matching pattern gives the code; the source is the
//! subject (the by-agent in the passive, inherited through "agreed to …" and coordinated
//! verbs; for an event noun its possessor, an actor adjective or the subject of "launched");
//! the target comes from the pattern's `+` or the object; coordinated actors give one event
//! each. Negation and modality are read from the parse, the speaker of a reported clause
//! becomes `claimed_by`, the date comes from the sentence ("on Saturday") or the article.
//! One event is kept per (source, target, code, date) per article, with every evidence span.
//!
//! ```
//! use sitrep_events::Coder;
//! let coder = Coder::builtin().unwrap();
//! let code = coder.codes().get("195").unwrap();
//! assert_eq!((code.quad(), code.plover_type.as_str()), (4, "ASSAULT"));
//! ```
#![deny(missing_docs)]

mod coder;
mod patterns;
pub mod petrarch;
mod table;
pub mod when;

pub use patterns::{Item, Pattern, Patterns};
pub use table::{quad_of_root, CodeInfo, CodeTable};

/// Errors of the event dictionaries.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A malformed line.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A Penn Treebank parse that cannot be read (unbalanced brackets, empty).
    #[error("bad parse: {message}")]
    BadParse {
        /// What is wrong.
        message: String,
    },
    /// A file that must be there is not.
    #[error("missing {what}")]
    Missing {
        /// What is missing.
        what: String,
    },
    /// A PETRARCH actors file could not be read.
    #[error("{path}: {message}")]
    Actors {
        /// The path.
        path: String,
        /// The actor loader's error.
        message: String,
    },
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

const CAMEO_TXT: &str = include_str!("../../../dict/events/cameo.txt");
const VERBS_TXT: &str = include_str!("../../../dict/events/verbs.txt");

/// The event coder: the code table and the patterns. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Coder {
    codes: CodeTable,
    patterns: Patterns,
}

impl Coder {
    /// The coder with sitrep's own dictionaries (`dict/events/`, compiled in).
    ///
    /// # Errors
    /// [`Error::Parse`] if a shipped file is malformed (a test guards against it).
    pub fn builtin() -> Result<Self> {
        Coder::from_texts(CAMEO_TXT, VERBS_TXT)
    }

    /// A coder from the texts of a code table and a pattern file.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the first malformed line.
    pub fn from_texts(cameo: &str, verbs: &str) -> Result<Self> {
        let codes = CodeTable::parse(cameo, "cameo.txt")?;
        let patterns = Patterns::parse(verbs, "verbs.txt", &codes)?;
        Ok(Coder { codes, patterns })
    }

    /// A coder from a directory holding `cameo.txt` and `verbs.txt`.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Parse`].
    pub fn load_dir(dir: &std::path::Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })
        };
        let codes = CodeTable::parse(&read("cameo.txt")?, "cameo.txt")?;
        let patterns = Patterns::parse(&read("verbs.txt")?, "verbs.txt", &codes)?;
        Ok(Coder { codes, patterns })
    }

    /// Adds the verbs of a PETRARCH verb dictionary as patterns, on top of the ones there
    /// (what carries over: [`petrarch`]'s `translate` notes); codes the table lacks are added
    /// with neutral values. `file` names the dictionary in the patterns' text. Returns how many
    /// patterns were added.
    pub fn add_petrarch_verbs(&mut self, verbs: &petrarch::VerbDict, file: &str) -> usize {
        let added = petrarch::translate_patterns(verbs, file, &mut self.codes);
        let n = added.len();
        for p in added {
            self.patterns.push(p);
        }
        n
    }

    /// A coder with sitrep's code table and, instead of sitrep's patterns, those of a
    /// PETRARCH verb dictionary.
    ///
    /// # Errors
    /// [`Error::Parse`] if the shipped code table is malformed.
    pub fn petrarch_only(verbs: &petrarch::VerbDict, file: &str) -> Result<Self> {
        let mut c = Coder {
            codes: CodeTable::parse(CAMEO_TXT, "cameo.txt")?,
            patterns: Patterns::default(),
        };
        c.add_petrarch_verbs(verbs, file);
        Ok(c)
    }

    /// The code table.
    #[must_use]
    pub fn codes(&self) -> &CodeTable {
        &self.codes
    }

    /// The patterns.
    #[must_use]
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }
}
