//! sitrep ingestion: inputs in, a stream of [`Document`]s out.
//!
//! [`open`] takes one input spec — a file, a directory, `-` for standard input, or an
//! `http(s)://` URL — and returns an iterator of `Result<Document, IngestError>`. Every input
//! is sniffed by content ([`sniff`], [`Kind`]), not by its name:
//!
//! - an HTML page or a plain-text file is one document (bounded by
//!   [`SourceOptions::max_document_bytes`]; a bigger file is an error before it is read);
//! - JSON lines (`{"url", "html" | "text", "published"?, "outlet"?, "title"?}`) give one
//!   document per line, streamed;
//! - WARC and WARC.gz files (Common Crawl News) give one document per HTML `response` or
//!   `resource` record, streamed record by record;
//! - RSS 2.0, RSS 1.0 and Atom feeds give one document per item (its content, or the page it
//!   links to when [`SourceOptions::fetch_feed_links`] is set);
//! - any other gzip file is decompressed and sniffed again (`page.html.gz`, `x.jsonl.gz`);
//! - a directory gives the documents of its files, recursively, in sorted order.
//!
//! Errors name their input ([`IngestError::input`]) and have a stable [`IngestError::kind`].
//! A bad input or a bad record is one `Err` item and the stream goes on, so one run can
//! count and report failures without stopping. Nothing is decoded here: [`Document::bytes`]
//! are the raw bytes and [`Document::content_type`] carries any declared charset for the
//! extraction stage.
//!
//! ```
//! use sitrep_ingest::{open, SourceOptions};
//! use sitrep_types::{DocFormat, OriginKind};
//!
//! let dir = std::env::temp_dir().join(format!("sitrep-ingest-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("lines.jsonl");
//! std::fs::write(
//!     &path,
//!     "{\"url\": \"https://example.com/a\", \"html\": \"<p>Hi</p>\"}\nnot json\n",
//! )?;
//!
//! let items: Vec<_> = open(path.to_str().unwrap(), &SourceOptions::default()).collect();
//! let doc = items[0].as_ref().unwrap();
//! assert_eq!(doc.format, DocFormat::Html);
//! assert_eq!(doc.origin.kind, OriginKind::Jsonl);
//! assert_eq!(doc.url.as_deref(), Some("https://example.com/a"));
//! let err = items[1].as_ref().unwrap_err();
//! assert_eq!(err.kind(), "bad-json");
//! assert!(err.input().ends_with("lines.jsonl:line 2"));
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```
#![deny(missing_docs)]

mod dir;
mod error;
mod feed;
mod http;
mod jsonl;
mod sniff;
mod source;
mod warc;

use std::io::BufRead;
use std::path::Path;
use std::time::Duration;

pub use error::IngestError;
pub use sitrep_types::{Document, Origin, OriginKind};
pub use sniff::{binary_format, sniff, Kind, SNIFF_LEN};

/// This crate's result type.
pub type Result<T> = std::result::Result<T, IngestError>;

/// A stream of documents, with an error item for each input or record that failed.
pub type Documents = Box<dyn Iterator<Item = Result<Document>> + Send>;

/// HTTP client settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpOptions {
    /// The whole request, redirects and body included. Default 30 s.
    pub timeout: Duration,
    /// Connecting (DNS, TCP, TLS), capped by `timeout`. Default 10 s.
    pub connect_timeout: Duration,
    /// Redirects followed before failing with `too-many-redirects`. Default 5.
    pub max_redirects: u32,
    /// The most bytes read from one response body (after undoing gzip); a bigger one is a
    /// `too-large` error. Raise it to stream big WARC files over HTTP. Default 64 MiB.
    pub max_bytes: u64,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
            max_bytes: 64 * 1024 * 1024,
            user_agent: concat!("sitrep/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

impl HttpOptions {
    fn limits(&self) -> error::Limits {
        error::Limits {
            timeout: self.timeout,
            max_redirects: self.max_redirects,
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOptions {
    /// HTTP client settings, for URLs and feed item links.
    pub http: HttpOptions,
    /// For feeds read from files or standard input: fetch the page each item links to
    /// instead of using the item's content. Default `false` (reading a file stays offline).
    pub fetch_feed_links: bool,
    /// For feeds fetched from a URL: fetch the page each item links to. Default `true`.
    pub fetch_url_feed_links: bool,
    /// The largest single document (an HTML or text file, a JSON line, a WARC record, a
    /// decompressed `.html.gz`). Containers (WARC, JSON lines, feeds) may be any size.
    /// Default 64 MiB.
    pub max_document_bytes: u64,
    /// Report records left out on purpose (non-2xx or non-HTML WARC responses, feed items
    /// without content, device files in a directory) as [`IngestError::Skipped`] items.
    /// Default `false`.
    pub report_skipped: bool,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions {
            http: HttpOptions::default(),
            fetch_feed_links: false,
            fetch_url_feed_links: true,
            max_document_bytes: 64 * 1024 * 1024,
            report_skipped: false,
        }
    }
}

/// Open one input spec: a path to a file or directory, `-` for standard input, or an
/// `http(s)://` URL.
///
/// Nothing is read until the iterator is first advanced. Each failure is an `Err` item naming
/// its input; the stream goes on after it where that makes sense (the next JSON line, the
/// next WARC record, the next file) and ends where it does not (a truncated gzip stream).
#[must_use]
pub fn open(input: &str, opts: &SourceOptions) -> Documents {
    let input = input.to_string();
    let opts = opts.clone();
    Box::new(Lazy::new(move || open_now(&input, &opts)))
}

/// Open a path (file or directory).
#[must_use]
pub fn open_path(path: &Path, opts: &SourceOptions) -> Documents {
    let path = path.to_path_buf();
    let opts = opts.clone();
    Box::new(Lazy::new(move || match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Box::new(dir::DirWalk::new(path, &opts)),
        Ok(_) => dir::open_file(&path, &opts),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => source::fail(IngestError::NotFound {
            input: path.display().to_string(),
        }),
        Err(source) => source::fail(IngestError::Io {
            input: path.display().to_string(),
            source,
        }),
    }))
}

/// Read documents from any reader, sniffed like a file. `name` is what errors call it;
/// `kind` is the origin kind of a single document read from it (`Stdin`, `Api`, …); records
/// of containers (JSON lines, WARC, feeds) get their own kinds.
#[must_use]
pub fn open_reader(
    name: &str,
    kind: OriginKind,
    reader: impl BufRead + Send + 'static,
    opts: &SourceOptions,
) -> Documents {
    let ctx = source::Ctx::new(name, kind, opts);
    source::documents(ctx, Box::new(reader), opts)
}

fn open_now(input: &str, opts: &SourceOptions) -> Documents {
    if input == "-" {
        let stdin = std::io::BufReader::with_capacity(64 * 1024, std::io::stdin());
        return open_reader("<stdin>", OriginKind::Stdin, stdin, opts);
    }
    if let Some(scheme) = url_scheme(input) {
        return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            http::open_url(input, opts)
        } else {
            source::fail(IngestError::Unsupported {
                input: input.to_string(),
                reason: format!("URL scheme {scheme:?} (only http and https)"),
            })
        };
    }
    open_path(Path::new(input), opts)
}

/// The scheme of `s` when it looks like a URL (`scheme://…`).
fn url_scheme(s: &str) -> Option<&str> {
    let (scheme, _) = s.split_once("://")?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// An iterator made on first use.
struct Lazy {
    make: Option<Box<dyn FnOnce() -> Documents + Send>>,
    inner: Option<Documents>,
}

impl Lazy {
    fn new(make: impl FnOnce() -> Documents + Send + 'static) -> Self {
        Lazy {
            make: Some(Box::new(make)),
            inner: None,
        }
    }
}

impl Iterator for Lazy {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(make) = self.make.take() {
            self.inner = Some(make());
        }
        self.inner.as_mut()?.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        assert_eq!(url_scheme("https://example.com/"), Some("https"));
        assert_eq!(url_scheme("ftp://x"), Some("ftp"));
        assert_eq!(url_scheme("dir/with://odd"), None);
        assert_eq!(url_scheme("plain/path.html"), None);
    }

    #[test]
    fn unsupported_scheme_and_missing_path() {
        let opts = SourceOptions::default();
        let errs: Vec<_> = open("ftp://example.com/x", &opts).collect();
        assert_eq!(errs.len(), 1);
        assert!(matches!(&errs[0], Err(e) if e.kind() == "unsupported"));
        let errs: Vec<_> = open("/definitely/not/here.html", &opts).collect();
        assert!(matches!(&errs[0], Err(e) if e.kind() == "not-found"
            && e.to_string() == "/definitely/not/here.html: not found"));
    }

    #[test]
    fn reader_input() {
        let opts = SourceOptions::default();
        let docs: Vec<_> = open_reader("body", OriginKind::Api, &b"Plain words."[..], &opts)
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].origin.kind, OriginKind::Api);
        assert_eq!(docs[0].format, sitrep_types::DocFormat::Text);
    }
}
