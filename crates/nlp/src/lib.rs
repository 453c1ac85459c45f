//! sitrep's linguistic core, in pure Rust, trained by our own code.
//!
//! - [`conllu`]: read and write Universal Dependencies CoNLL-U;
//! - [`perceptron`]: the averaged perceptron over hashed features that the statistical
//!   components share;
//! - [`model`]: the versioned, gzip-compressed model container.
//!
//! The tokenizer, sentence splitter, tagger, lemmatizer, parser and entity tagger build on these.
//!
//! ```
//! use sitrep_nlp::conllu;
//! let s = conllu::read("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n".as_bytes()).unwrap();
//! assert_eq!(s[0].words[0].upos, "INTJ");
//! ```
#![deny(missing_docs)]

pub mod analyze;
pub mod conllu;
pub mod eval;
pub mod lemma;
pub mod model;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod sentences;
pub mod tagger;
pub mod tokenize;

/// Errors of the linguistic core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Reading a stream failed.
    #[error(transparent)]
    Stream(#[from] std::io::Error),
    /// A CoNLL-U file is malformed.
    #[error(transparent)]
    Conllu(#[from] conllu::ConlluError),
    /// A model file is missing, corrupt, or of another kind or version.
    #[error("{path}: {reason}")]
    Model {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
