//! The common path of every input: sniff the first bytes, then hand the stream to the reader
//! for its kind.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use sitrep_types::{DocFormat, Document, Origin, OriginKind};

use crate::error::{classify_io, IngestError, Limits};
use crate::sniff::{binary_format, sniff, Kind, SNIFF_LEN};
use crate::{feed, jsonl, warc, Documents, Result, SourceOptions};

/// A boxed buffered reader that can move to another thread.
pub(crate) type Reader = Box<dyn BufRead + Send>;

/// How deep gzip-inside-gzip may go before the input counts as binary.
const MAX_GZIP_DEPTH: u8 = 2;

/// What is known about an input besides its bytes.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// The name errors carry: a path, `<stdin>` or a URL.
    pub label: String,
    /// The origin kind of a single document read from this input.
    pub kind: OriginKind,
    /// The file path, for files.
    pub path: Option<String>,
    /// The URL, for HTTP inputs (after redirects).
    pub url: Option<String>,
    /// The `Content-Type` header, for HTTP inputs.
    pub content_type: Option<String>,
    /// When the input was fetched, for HTTP inputs.
    pub fetched_at: Option<String>,
    /// The size of the bytes when known up front (file length, Content-Length).
    pub size: Option<u64>,
    /// The name ends in `.txt`: a single document is plain text.
    pub text_hint: bool,
    /// How many gzip layers the bytes came through.
    pub gzip_depth: u8,
    /// Fetch the pages that feed items link to.
    pub fetch_links: bool,
    /// What the input is called in "empty …" and "binary …" errors.
    pub what: &'static str,
    /// The HTTP limits in force, for error messages.
    pub limits: Limits,
}

impl Ctx {
    /// A context for `label` with nothing else known.
    pub(crate) fn new(label: impl Into<String>, kind: OriginKind, opts: &SourceOptions) -> Ctx {
        Ctx {
            label: label.into(),
            kind,
            path: None,
            url: None,
            content_type: None,
            fetched_at: None,
            size: None,
            text_hint: false,
            gzip_depth: 0,
            fetch_links: opts.fetch_feed_links,
            what: "input",
            limits: opts.http.limits(),
        }
    }

    /// Classify an I/O error met while reading this input.
    pub(crate) fn io_error(&self, err: io::Error) -> IngestError {
        classify_io(&self.label, err, self.gzip_depth > 0, self.limits)
    }

    /// A single document's origin.
    pub(crate) fn origin(&self) -> Origin {
        Origin {
            kind: self.kind,
            path: self.path.clone(),
            url: self.url.clone(),
            record: None,
        }
    }
}

/// One error as a whole stream.
pub(crate) fn fail(e: IngestError) -> Documents {
    Box::new(std::iter::once(Err(e)))
}

/// Read up to `n` bytes (fewer only at the end of the input).
pub(crate) fn read_head(reader: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Sniff `reader` and turn it into documents.
pub(crate) fn documents(ctx: Ctx, mut reader: Reader, opts: &SourceOptions) -> Documents {
    let head = match read_head(&mut reader, SNIFF_LEN) {
        Ok(h) => h,
        Err(e) => return fail(ctx.io_error(e)),
    };
    let kind = sniff(&head);
    match kind {
        Kind::Empty => fail(IngestError::Empty {
            input: ctx.label,
            what: ctx.what,
        }),
        Kind::Binary => fail(IngestError::Binary {
            input: ctx.label,
            what: ctx.what,
            format: binary_format(&head),
        }),
        Kind::Html | Kind::Text => {
            Box::new(std::iter::once(read_single(&ctx, head, reader, kind, opts)))
        }
        Kind::Warc => Box::new(warc::WarcReader::new(ctx, chain(head, reader), opts)),
        Kind::Jsonl => Box::new(jsonl::JsonlReader::new(ctx, chain(head, reader), opts)),
        Kind::Feed => feed::documents(ctx, chain(head, reader), opts),
        Kind::WarcGz | Kind::Gzip => {
            if ctx.gzip_depth >= MAX_GZIP_DEPTH {
                return fail(IngestError::Binary {
                    input: ctx.label,
                    what: ctx.what,
                    format: Some("gzip nested too deep"),
                });
            }
            let inner: Reader = Box::new(BufReader::with_capacity(
                64 * 1024,
                flate2::bufread::MultiGzDecoder::new(chain(head, reader)),
            ));
            let mut ctx = ctx;
            ctx.gzip_depth += 1;
            // The size and type of the compressed bytes say nothing about the content;
            // `.txt.gz` still marks plain text.
            ctx.size = None;
            ctx.content_type = None;
            if kind == Kind::WarcGz {
                Box::new(warc::WarcReader::new(ctx, inner, opts))
            } else {
                documents(ctx, inner, opts)
            }
        }
    }
}

/// Put the sniffed head back in front of the rest.
fn chain(head: Vec<u8>, rest: Reader) -> Reader {
    Box::new(Cursor::new(head).chain(rest))
}

/// Read one HTML or text document: `head` already read, then the rest of `reader`, bounded by
/// `max_document_bytes`. A known size over the limit fails before reading on.
pub(crate) fn read_single(
    ctx: &Ctx,
    head: Vec<u8>,
    reader: impl Read,
    kind: Kind,
    opts: &SourceOptions,
) -> Result<Document> {
    let limit = opts.max_document_bytes;
    let too_large = |size| IngestError::TooLarge {
        input: ctx.label.clone(),
        size,
        limit,
    };
    if let Some(size) = ctx.size.filter(|&s| s > limit) {
        return Err(too_large(Some(size)));
    }
    let mut bytes = head;
    if bytes.len() as u64 > limit {
        return Err(too_large(ctx.size));
    }
    if let Some(size) = ctx.size {
        bytes.reserve(
            usize::try_from(size)
                .unwrap_or(0)
                .saturating_sub(bytes.len()),
        );
    }
    let remaining = limit - bytes.len() as u64;
    reader
        .take(remaining.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ctx.io_error(e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(ctx.size));
    }
    let format = if kind == Kind::Text || ctx.text_hint {
        DocFormat::Text
    } else {
        DocFormat::Html
    };
    Ok(Document {
        bytes,
        origin: ctx.origin(),
        content_type: ctx.content_type.clone(),
        fetched_at: ctx.fetched_at.clone(),
        format,
        url: ctx.url.clone(),
        ..Document::default()
    })
}

/// The outcome of [`read_line_bounded`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// No more input.
    Eof,
    /// A line (without its `\n`) is in the buffer.
    Read,
    /// The line was longer than the limit: it was read past and dropped. Holds its length.
    TooLong(u64),
}

/// Read one `\n`-terminated line into `buf` (cleared first), keeping at most `max` bytes in
/// memory: a longer line is consumed and reported as [`Line::TooLong`].
pub(crate) fn read_line_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut overflow = false;
    loop {
        let avail = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if total == 0 {
                Line::Eof
            } else if overflow {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
        let (take, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let content = if done {
            &avail[..take - 1]
        } else {
            &avail[..take]
        };
        if !overflow {
            if (buf.len() + content.len()) as u64 > max {
                overflow = true;
                buf.clear();
            } else {
                buf.extend_from_slice(content);
            }
        }
        total += take as u64;
        reader.consume(take);
        if done {
            return Ok(if overflow {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut r = BufReader::with_capacity(4, &b"ab\nabcdefgh\n\nxyz"[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Read);
        assert_eq!(buf, b"ab");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 5).unwrap(),
            Line::TooLong(9)
        );
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Read);
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Read);
        assert_eq!(buf, b"xyz");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Eof);
    }

    #[test]
    fn single_document_is_bounded() {
        let opts = SourceOptions {
            max_document_bytes: 10,
            ..SourceOptions::default()
        };
        let ctx = Ctx::new("mem", OriginKind::Api, &opts);
        let doc = read_single(&ctx, b"<p>".to_vec(), &b"hi</p>"[..], Kind::Html, &opts).unwrap();
        assert_eq!(doc.bytes, b"<p>hi</p>");
        assert_eq!(doc.format, DocFormat::Html);
        let err =
            read_single(&ctx, b"<p>".to_vec(), &b"hello</p>"[..], Kind::Html, &opts).unwrap_err();
        assert_eq!(err.kind(), "too-large");
    }
}
