//! sitrep's actor dictionaries: who is who, coded in CAMEO, as of a date.
//!
//! The dictionaries are our own text files under `dict/` (format: `dict/README.md` and
//! [`mod@format`]): countries and territories with their demonyms, capitals and seats of
//! government, CAMEO regions, international organisations, armed groups and parties, media,
//! agents (role words such as "foreign ministry" or "militants") and people with dated roles.
//!
//! - [`Dictionary`] holds the entries: [`Dictionary::builtin`] (the `dict/` files compiled into
//!   the binary), [`Dictionary::load_dir`] (a directory in our format) or
//!   [`petrarch::load_actors`] / [`petrarch::load_agents`] (PETRARCH/TABARI files).
//! - [`Dictionary::resolve`] turns a mention ("President Putin", "Putin's") into a
//!   [`Resolved`] actor with its code as of a date; [`Dictionary::resolve_phrase`] also composes
//!   a country with an agent ("Russian foreign ministry" → `RUSGOV`).
//! - [`Dictionary::find_all`] finds every dictionary name in a text (Aho-Corasick,
//!   leftmost-longest, whole words).
//! - [`Dictionary::check`] is the linter behind `sitrep dict check`.
//!
//! ```
//! use sitrep_actors::{ActorKind, Dictionary};
//!
//! let dict = Dictionary::builtin().unwrap();
//! let r = dict.resolve("President Putin's", Some("2005-06-01")).unwrap();
//! assert_eq!((r.actor_id.as_str(), r.code.as_str()), ("vladimir_putin", "RUSGOV"));
//! let r = dict.resolve_phrase("the Palestinian militants", None).unwrap();
//! assert_eq!((r.code.as_str(), r.kind), ("PSEREB", ActorKind::Agent));
//! assert_eq!(dict.resolve_phrase("Israeli Army", None).unwrap().code, "ISRMIL");
//! let found = dict.find_all("Kadyrov wrote that the Kremlin agreed.");
//! assert_eq!(found[0].actor_id, "ramzan_kadyrov");
//! assert_eq!(found[1].code.as_deref(), Some("RUSGOV"));
//! ```
#![deny(missing_docs)]

mod builtin;
pub mod date;
mod dictionary;
pub mod format;
mod lint;
mod matcher;
pub mod normalize;
pub mod petrarch;
mod resolve;

pub use dictionary::{Dictionary, Entry, RoleInfo, Source};
pub use lint::{Lint, LintKind, Severity};
pub use matcher::Match;
pub use resolve::{Metonymy, Resolved};

/// Errors of the actor dictionaries.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A dictionary file is malformed.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What sort of actor an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ActorKind {
    /// A person.
    Person,
    /// A country or territory.
    Country,
    /// A CAMEO region or bloc ("the West").
    Region,
    /// An international, non-governmental or state organisation.
    Org,
    /// An armed group, movement or party.
    Group,
    /// A news agency or outlet.
    Media,
    /// A role word that combines with a country ("foreign ministry" → `GOV`); also the kind of
    /// a composed result such as "Russian foreign ministry".
    Agent,
    /// An entry imported from another format whose kind is not known.
    Other,
}

impl ActorKind {
    /// Parses the name used by `@kind` lines.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "person" => ActorKind::Person,
            "country" => ActorKind::Country,
            "region" => ActorKind::Region,
            "org" => ActorKind::Org,
            "group" => ActorKind::Group,
            "media" => ActorKind::Media,
            "agent" => ActorKind::Agent,
            "other" => ActorKind::Other,
            _ => return None,
        })
    }

    /// The name used by `@kind` lines.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Country => "country",
            ActorKind::Region => "region",
            ActorKind::Org => "org",
            ActorKind::Group => "group",
            ActorKind::Media => "media",
            ActorKind::Agent => "agent",
            ActorKind::Other => "other",
        }
    }

    /// The kind implied by a file name inside a dictionary directory.
    #[must_use]
    pub fn for_file(rel_path: &str) -> Option<Self> {
        let p = rel_path.replace('\\', "/");
        if p.starts_with("people/") {
            return Some(ActorKind::Person);
        }
        let stem = p.rsplit('/').next().unwrap_or(&p);
        let stem = stem.strip_suffix(".txt").unwrap_or(stem);
        Some(match stem {
            "countries" => ActorKind::Country,
            "regions" => ActorKind::Region,
            "organizations" | "organisations" | "institutions" => ActorKind::Org,
            "groups" | "parties" => ActorKind::Group,
            "media" => ActorKind::Media,
            "agents" => ActorKind::Agent,
            _ => return None,
        })
    }
}

/// The first-level codes that are not countries or regions: international and transnational
/// actor types of CAMEO.
pub const TRANSNATIONAL: &[&str] = &["IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS"];
