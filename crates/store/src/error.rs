//! The store's error type.
//!
//! The top level splits errors the way a caller has to treat them: [`Error::User`] is bad input
//! (a malformed date filter, a record that breaks the contract, a file that is not a sitrep
//! store), [`Error::Internal`] is our bug or a damaged store (a schema newer than this binary, a
//! stored record that no longer parses), and [`Error::Open`] / [`Error::Sqlite`] come from the
//! file system or SQLite itself (disk full, locked, permission denied).

use std::path::PathBuf;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller asked for something invalid; fix the input and retry.
    #[error(transparent)]
    User(#[from] UserError),
    /// The store is not in a state this binary can work with, or sitrep has a bug.
    #[error(transparent)]
    Internal(#[from] InternalError),
    /// The database file could not be opened.
    #[error("cannot open store {}: {source}", path.display())]
    Open {
        /// The path given to [`Store::open`](crate::Store::open).
        path: PathBuf,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },
    /// SQLite failed: I/O, a full disk, a lock held too long.
    #[error("SQLite error: {0}")]
    Sqlite(#[source] rusqlite::Error),
}

impl Error {
    /// True for errors caused by the caller's input.
    #[must_use]
    pub fn is_user(&self) -> bool {
        matches!(self, Error::User(_))
    }

    /// True for errors that point at a damaged or too-new store, or a bug in sitrep.
    #[must_use]
    pub fn is_internal(&self) -> bool {
        matches!(self, Error::Internal(_))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => {
                Error::Internal(InternalError::Corrupt(e.to_string()))
            }
            _ => Error::Sqlite(e),
        }
    }
}

/// Bad input: a query, a date or a record the store refuses.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UserError {
    /// A date was not a real calendar day written `YYYY-MM-DD`.
    #[error("invalid date for `{field}`: {value:?} (expected YYYY-MM-DD, a real calendar day)")]
    InvalidDate {
        /// Which filter or field held it (`since`, `until`, `article.published.date`).
        field: &'static str,
        /// The value as given.
        value: String,
    },
    /// A query that cannot be answered as asked.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// A record broke the record contract; its whole batch was rolled back.
    #[error("record {index} (article id {id:?}) rejected, batch rolled back: {reason}")]
    InvalidRecord {
        /// Position of the record in the batch.
        index: usize,
        /// Its article id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file is an SQLite database, but not one sitrep made.
    #[error("not a sitrep store: {0}")]
    NotAStore(String),
}

/// A store this binary cannot use as it is, or a bug in sitrep.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InternalError {
    /// The database was written by a newer sitrep.
    #[error(
        "store schema version {found} is newer than this sitrep supports (up to {supported}); \
         upgrade sitrep to open it"
    )]
    SchemaTooNew {
        /// Version found in the file.
        found: u32,
        /// Newest version this binary knows.
        supported: u32,
    },
    /// A migration step failed; the store was left at the version before it.
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        /// The version the step would have produced.
        version: u32,
        /// The step's name.
        name: &'static str,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },
    /// The store's content is damaged (SQLite reports corruption, a stored record does not
    /// parse, an integrity check failed).
    #[error("corrupt store: {0}")]
    Corrupt(String),
    /// A record could not be turned into JSON.
    #[error("cannot serialise record: {0}")]
    Serialize(#[source] serde_json::Error),
}
