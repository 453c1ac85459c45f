//! The one error type of this crate.

use std::io;
use std::time::Duration;

/// A problem with one input, or with one record inside an input.
///
/// Every variant names the input it is about (`input`: a path, `path [record]`, `path:line N`
/// or a URL), and `Display` prints `"{input}: {reason}"`, so a caller can log the error and go
/// on with the next input. [`IngestError::kind`] gives a stable short identifier for counting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The path does not exist.
    #[error("{input}: not found")]
    NotFound {
        /// The input.
        input: String,
    },
    /// Reading failed.
    #[error("{input}: {source}")]
    Io {
        /// The input.
        input: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The input holds nothing (or only whitespace).
    #[error("{input}: empty {what}")]
    Empty {
        /// The input.
        input: String,
        /// What was empty: `file`, `input`, `response`, `record`.
        what: &'static str,
    },
    /// The input is not text: NUL or control bytes, or the magic number of a known binary
    /// format.
    #[error("{input}: binary {what}{}", format.map(|f| format!(" ({f})")).unwrap_or_default())]
    Binary {
        /// The input.
        input: String,
        /// What was binary: `file`, `input`, `response`.
        what: &'static str,
        /// The recognised format (`PNG image`), when known.
        format: Option<&'static str>,
    },
    /// A single document (or an HTTP body) is over the configured limit.
    #[error("{input}: too large ({}limit {limit} bytes)", size.map(|s| format!("{s} bytes, ")).unwrap_or_default())]
    TooLarge {
        /// The input.
        input: String,
        /// Its size when known before reading it.
        size: Option<u64>,
        /// The limit in force.
        limit: u64,
    },
    /// A gzip stream ended before its end.
    #[error("{input}: truncated gzip stream")]
    TruncatedGzip {
        /// The input.
        input: String,
    },
    /// A gzip stream is corrupt.
    #[error("{input}: bad gzip stream: {reason}")]
    BadGzip {
        /// The input.
        input: String,
        /// Why.
        reason: String,
    },
    /// A WARC file ended in the middle of a record.
    #[error("{input}: truncated WARC record ({reason})")]
    TruncatedWarc {
        /// The input (`path [record id]` when the record id was read).
        input: String,
        /// What was missing.
        reason: String,
    },
    /// A WARC file whose structure cannot be read further.
    #[error("{input}: bad WARC file: {reason}")]
    BadWarc {
        /// The input.
        input: String,
        /// Why.
        reason: String,
    },
    /// One WARC record whose content cannot be used; the next records are still read.
    #[error("{input}: bad record: {reason}")]
    BadRecord {
        /// The input (`path [record id]`).
        input: String,
        /// Why.
        reason: String,
    },
    /// One JSON line that does not hold a usable record; the next lines are still read.
    #[error("{input}: bad JSON line: {reason}")]
    BadJson {
        /// The input (`path:line N`).
        input: String,
        /// Why.
        reason: String,
    },
    /// A feed that does not parse.
    #[error("{input}: bad feed: {reason}")]
    BadFeed {
        /// The input.
        input: String,
        /// Why.
        reason: String,
    },
    /// An HTTP request took longer than the timeout.
    #[error("{input}: HTTP timeout ({reason}; overall limit {timeout:?})")]
    HttpTimeout {
        /// The URL.
        input: String,
        /// Which timeout fired.
        reason: String,
        /// The overall timeout in force.
        timeout: Duration,
    },
    /// An HTTP request was redirected more often than allowed.
    #[error("{input}: too many redirects (limit {max})")]
    TooManyRedirects {
        /// The URL.
        input: String,
        /// The redirect limit in force.
        max: u32,
    },
    /// An HTTP response with an error status (400 and above).
    #[error("{input}: HTTP status {status}")]
    HttpStatus {
        /// The URL.
        input: String,
        /// The status code.
        status: u16,
    },
    /// Any other HTTP failure (connection refused, bad URL, TLS, protocol).
    #[error("{input}: HTTP error: {reason}")]
    Http {
        /// The URL.
        input: String,
        /// Why.
        reason: String,
    },
    /// An input this crate cannot read (an unknown URL scheme, a device file).
    #[error("{input}: unsupported input: {reason}")]
    Unsupported {
        /// The input.
        input: String,
        /// Why.
        reason: String,
    },
    /// A record skipped on purpose (a non-2xx or non-HTML WARC response, a feed item without
    /// content). Only reported when `SourceOptions::report_skipped` is set.
    #[error("{input}: skipped: {reason}")]
    Skipped {
        /// The input (`path [record]`).
        input: String,
        /// Why.
        reason: String,
    },
}

impl IngestError {
    /// The input the error is about: a path, `path [record]`, `path:line N` or a URL.
    #[must_use]
    pub fn input(&self) -> &str {
        match self {
            IngestError::NotFound { input }
            | IngestError::Io { input, .. }
            | IngestError::Empty { input, .. }
            | IngestError::Binary { input, .. }
            | IngestError::TooLarge { input, .. }
            | IngestError::TruncatedGzip { input }
            | IngestError::BadGzip { input, .. }
            | IngestError::TruncatedWarc { input, .. }
            | IngestError::BadWarc { input, .. }
            | IngestError::BadRecord { input, .. }
            | IngestError::BadJson { input, .. }
            | IngestError::BadFeed { input, .. }
            | IngestError::HttpTimeout { input, .. }
            | IngestError::TooManyRedirects { input, .. }
            | IngestError::HttpStatus { input, .. }
            | IngestError::Http { input, .. }
            | IngestError::Unsupported { input, .. }
            | IngestError::Skipped { input, .. } => input,
        }
    }

    /// A stable, short, kebab-case name of the reason, for counting and for tests.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::NotFound { .. } => "not-found",
            IngestError::Io { .. } => "io",
            IngestError::Empty { .. } => "empty",
            IngestError::Binary { .. } => "binary",
            IngestError::TooLarge { .. } => "too-large",
            IngestError::TruncatedGzip { .. } => "truncated-gzip",
            IngestError::BadGzip { .. } => "bad-gzip",
            IngestError::TruncatedWarc { .. } => "truncated-warc",
            IngestError::BadWarc { .. } => "bad-warc",
            IngestError::BadRecord { .. } => "bad-record",
            IngestError::BadJson { .. } => "bad-json",
            IngestError::BadFeed { .. } => "bad-feed",
            IngestError::HttpTimeout { .. } => "http-timeout",
            IngestError::TooManyRedirects { .. } => "too-many-redirects",
            IngestError::HttpStatus { .. } => "http-status",
            IngestError::Http { .. } => "http",
            IngestError::Unsupported { .. } => "unsupported",
            IngestError::Skipped { .. } => "skipped",
        }
    }

    /// True for [`IngestError::Skipped`]: a record left out on purpose, not a failure.
    #[must_use]
    pub fn is_skip(&self) -> bool {
        matches!(self, IngestError::Skipped { .. })
    }
}

/// The HTTP limits in force, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The overall timeout.
    pub timeout: Duration,
    /// The redirect limit.
    pub max_redirects: u32,
}

/// Turn an I/O error met while reading `input` into an [`IngestError`]: errors that ureq
/// wrapped become HTTP errors, and inside a gzip stream an early end is a truncated stream.
pub(crate) fn classify_io(input: &str, err: io::Error, gzip: bool, limits: Limits) -> IngestError {
    if let Some(u) = err.get_ref().and_then(|e| e.downcast_ref::<ureq::Error>()) {
        return crate::http::from_ureq(input, u, limits);
    }
    if err.kind() == io::ErrorKind::TimedOut {
        return IngestError::HttpTimeout {
            input: input.to_string(),
            reason: err.to_string(),
            timeout: limits.timeout,
        };
    }
    if err.kind() == io::ErrorKind::NotFound {
        return IngestError::NotFound {
            input: input.to_string(),
        };
    }
    if gzip {
        match err.kind() {
            io::ErrorKind::UnexpectedEof => {
                return IngestError::TruncatedGzip {
                    input: input.to_string(),
                }
            }
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                return IngestError::BadGzip {
                    input: input.to_string(),
                    reason: err.to_string(),
                }
            }
            _ => {}
        }
    }
    IngestError::Io {
        input: input.to_string(),
        source: err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_input_first() {
        let e = IngestError::TooLarge {
            input: "big.html".into(),
            size: Some(200),
            limit: 100,
        };
        assert_eq!(
            e.to_string(),
            "big.html: too large (200 bytes, limit 100 bytes)"
        );
        assert_eq!(e.input(), "big.html");
        assert_eq!(e.kind(), "too-large");
        let e = IngestError::Binary {
            input: "a.png".into(),
            what: "file",
            format: Some("PNG image"),
        };
        assert_eq!(e.to_string(), "a.png: binary file (PNG image)");
    }

    const LIMITS: Limits = Limits {
        timeout: Duration::from_secs(1),
        max_redirects: 3,
    };

    #[test]
    fn gzip_eof_is_truncation() {
        let e = classify_io(
            "x.gz",
            io::Error::new(io::ErrorKind::UnexpectedEof, "eof"),
            true,
            LIMITS,
        );
        assert_eq!(e.kind(), "truncated-gzip");
        let e = classify_io(
            "x",
            io::Error::new(io::ErrorKind::UnexpectedEof, "eof"),
            false,
            LIMITS,
        );
        assert_eq!(e.kind(), "io");
    }
}
