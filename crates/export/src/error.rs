//! The export error type.

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong while exporting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store refused the filter or could not be read.
    #[error(transparent)]
    Store(#[from] sitrep_store::Error),
    /// Writing the output failed (a full disk, a closed pipe).
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// A record could not be turned into JSON (a bug).
    #[error("cannot serialise to JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The CSV writer failed for a reason other than I/O (a bug).
    #[error("cannot write CSV: {0}")]
    Csv(#[source] ::csv::Error),
    /// The Parquet writer failed.
    #[cfg(feature = "parquet")]
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] ::parquet::errors::ParquetError),
    /// Building the Arrow columns failed (a bug).
    #[cfg(feature = "parquet")]
    #[error("cannot build Arrow columns: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// The format cannot hold what was asked for.
    #[error("{0}")]
    Unsupported(String),
    /// This build cannot write the format.
    #[error(
        "this sitrep was built without {format} support; rebuild it with `--features {feature}` \
         (for example `cargo build --release -p sitrep --features {feature}`)"
    )]
    Unavailable {
        /// The format asked for.
        format: &'static str,
        /// The cargo feature that adds it.
        feature: &'static str,
    },
}

impl From<::csv::Error> for Error {
    fn from(e: ::csv::Error) -> Self {
        if e.is_io_error() {
            match e.into_kind() {
                ::csv::ErrorKind::Io(io) => Error::Io(io),
                other => Error::Csv(::csv::Error::from(std::io::Error::other(format!(
                    "{other:?}"
                )))),
            }
        } else {
            Error::Csv(e)
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            Error::Io(e.into())
        } else {
            Error::Json(e)
        }
    }
}
