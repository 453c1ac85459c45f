//! A small streaming WARC 1.0/1.1 reader.
//!
//! Reads one record at a time from a `BufRead` (a `.warc.gz` arrives here already through a
//! multi-member gzip decoder), so memory stays bounded by the largest record kept, itself
//! bounded by `max_document_bytes`. `response` records are parsed as HTTP responses (status,
//! headers, chunked transfer encoding, gzip/deflate content encoding); `resource` records are
//! the payload itself. Other record types (`warcinfo`, `request`, `metadata`, `revisit`,
//! `conversion`, …) are read past.

use std::io::{self, Read};

use sitrep_types::{DocFormat, Document, Origin, OriginKind};

use crate::error::{classify_io, IngestError};
use crate::sniff::{sniff, Kind};
use crate::source::{read_line_bounded, Ctx, Line, Reader};
use crate::{Result, SourceOptions};

/// The longest header line accepted.
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// The most header bytes one record may have.
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// What one record gave.
enum Step {
    /// A document.
    Doc(Document),
    /// A response or resource record left out on purpose.
    Skip { input: String, reason: String },
    /// A record that could not be used; reading goes on.
    Error(IngestError),
    /// A record of a type that holds no document.
    Nothing,
}

/// Streams the documents of a WARC file.
pub(crate) struct WarcReader {
    ctx: Ctx,
    reader: Reader,
    max: u64,
    report_skipped: bool,
    line: Vec<u8>,
    done: bool,
}

impl WarcReader {
    pub(crate) fn new(ctx: Ctx, reader: Reader, opts: &SourceOptions) -> Self {
        WarcReader {
            ctx,
            reader,
            max: opts.max_document_bytes,
            report_skipped: opts.report_skipped,
            line: Vec::new(),
            done: false,
        }
    }

    fn io_error(&self, input: &str, e: io::Error) -> IngestError {
        classify_io(input, e, self.ctx.gzip_depth > 0, self.ctx.limits)
    }

    fn bad(&self, reason: impl Into<String>) -> IngestError {
        IngestError::BadWarc {
            input: self.ctx.label.clone(),
            reason: reason.into(),
        }
    }

    /// Read one header line into `self.line`; `None` at the end of the input.
    fn header_line(&mut self) -> Result<Option<&[u8]>> {
        match read_line_bounded(&mut self.reader, &mut self.line, MAX_HEADER_LINE) {
            Err(e) => Err(self.io_error(&self.ctx.label, e)),
            Ok(Line::Eof) => Ok(None),
            Ok(Line::TooLong(n)) => Err(self.bad(format!("header line of {n} bytes"))),
            Ok(Line::Read) => Ok(Some(self.line.strip_suffix(b"\r").unwrap_or(&self.line))),
        }
    }

    /// Read past `len` bytes of block.
    fn skip_block(&mut self, len: u64, input: &str) -> Result<()> {
        let copied = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())
            .map_err(|e| self.io_error(input, e))?;
        if copied < len {
            return Err(IngestError::TruncatedWarc {
                input: input.to_string(),
                reason: format!("expected {len} bytes of content, got {copied}"),
            });
        }
        Ok(())
    }

    /// Read the next record. `Err` ends the stream; `Ok(None)` is the clean end.
    fn next_record(&mut self) -> Result<Option<Step>> {
        // The version line, after the blank lines that end the previous record.
        let version = loop {
            match self.header_line()? {
                None => return Ok(None),
                Some(l) if l.iter().all(u8::is_ascii_whitespace) => continue,
                Some(l) => break l.to_vec(),
            }
        };
        if !version.starts_with(b"WARC/") {
            let shown: String = String::from_utf8_lossy(&version).chars().take(60).collect();
            return Err(self.bad(format!("expected a WARC record header, found {shown:?}")));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut header_bytes = 0usize;
        loop {
            let Some(line) = self.header_line()? else {
                let id = header(&headers, "WARC-Record-ID").map(str::to_string);
                return Err(IngestError::TruncatedWarc {
                    input: record_input(&self.ctx.label, id.as_deref()),
                    reason: "input ends inside the record header".to_string(),
                });
            };
            if line.is_empty() {
                break;
            }
            header_bytes += line.len();
            let line = String::from_utf8_lossy(line).into_owned();
            if header_bytes > MAX_HEADER_BYTES {
                return Err(self.bad("record header over 1 MiB"));
            }
            if line.starts_with([' ', '\t']) {
                // A folded continuation of the previous header.
                if let Some((_, v)) = headers.last_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let record_id = header(&headers, "WARC-Record-ID").map(str::to_string);
        let input = record_input(&self.ctx.label, record_id.as_deref());
        let Some(len) = header(&headers, "Content-Length").and_then(|v| v.parse::<u64>().ok())
        else {
            return Err(IngestError::BadWarc {
                input,
                reason: "missing or bad Content-Length".to_string(),
            });
        };
        let wtype = header(&headers, "WARC-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if wtype != "response" && wtype != "resource" {
            self.skip_block(len, &input)?;
            return Ok(Some(Step::Nothing));
        }
        if len > self.max {
            self.skip_block(len, &input)?;
            return Ok(Some(Step::Error(IngestError::TooLarge {
                input,
                size: Some(len),
                limit: self.max,
            })));
        }
        // Grow as bytes arrive: a lying Content-Length must not reserve memory up front.
        let mut block = Vec::with_capacity(usize::try_from(len.min(1 << 20)).unwrap_or(0));
        let got = (&mut self.reader)
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| self.io_error(&input, e))?;
        if (got as u64) < len {
            return Err(IngestError::TruncatedWarc {
                input,
                reason: format!("expected {len} bytes of content, got {got}"),
            });
        }
        let target = header(&headers, "WARC-Target-URI")
            .map(|u| {
                u.trim_start_matches('<')
                    .trim_end_matches('>')
                    .trim()
                    .to_string()
            })
            .filter(|u| !u.is_empty());
        let meta = RecordMeta {
            input,
            origin: Origin {
                kind: OriginKind::Warc,
                path: self.ctx.path.clone(),
                url: target.clone(),
                record: record_id,
            },
            fetched_at: header(&headers, "WARC-Date").map(str::to_string),
            url: target,
        };
        let warc_type = header(&headers, "Content-Type").map(str::to_string);
        let step = if wtype == "response" {
            let identified = header(&headers, "WARC-Identified-Payload-Type").map(str::to_string);
            self.response(meta, block, warc_type.as_deref(), identified)
        } else {
            payload(meta, block, warc_type)
        };
        Ok(Some(step))
    }

    /// A `response` record: an HTTP response (other protocols are skipped).
    fn response(
        &self,
        meta: RecordMeta,
        mut block: Vec<u8>,
        warc_type: Option<&str>,
        identified: Option<String>,
    ) -> Step {
        if let Some(t) = warc_type {
            if !t.to_ascii_lowercase().contains("application/http") {
                return Step::Skip {
                    input: meta.input,
                    reason: format!("not an HTTP response ({t})"),
                };
            }
        }
        let head = match parse_http_head(&block) {
            Ok(h) => h,
            Err(reason) => {
                return Step::Error(IngestError::BadRecord {
                    input: meta.input,
                    reason,
                })
            }
        };
        if !(200..300).contains(&head.status) {
            return Step::Skip {
                input: meta.input,
                reason: format!("HTTP status {}", head.status),
            };
        }
        let content_type = header(&head.headers, "Content-Type")
            .map(str::to_string)
            .or(identified);
        if let Some(reason) = unwanted_type(content_type.as_deref()) {
            return Step::Skip {
                input: meta.input,
                reason,
            };
        }
        block.drain(..head.body_start);
        let mut body = block;
        if header(&head.headers, "Transfer-Encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        {
            if let Some(b) = dechunk(&body) {
                body = b;
            }
        }
        if let Some(enc) = header(&head.headers, "Content-Encoding") {
            match decode_content(body, enc, self.max) {
                Ok(b) => body = b,
                Err(Decode::TooLarge) => {
                    return Step::Error(IngestError::TooLarge {
                        input: meta.input,
                        size: None,
                        limit: self.max,
                    })
                }
                Err(Decode::Bad(reason)) => {
                    return Step::Error(IngestError::BadRecord {
                        input: meta.input,
                        reason,
                    })
                }
            }
        }
        payload(meta, body, content_type)
    }
}

impl Iterator for WarcReader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.next_record() {
                Ok(None) => self.done = true,
                Ok(Some(Step::Nothing)) => {}
                Ok(Some(Step::Doc(d))) => return Some(Ok(d)),
                Ok(Some(Step::Skip { input, reason })) => {
                    if self.report_skipped {
                        return Some(Err(IngestError::Skipped { input, reason }));
                    }
                }
                Ok(Some(Step::Error(e))) => return Some(Err(e)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// What a record says about the document inside it.
struct RecordMeta {
    input: String,
    origin: Origin,
    fetched_at: Option<String>,
    url: Option<String>,
}

/// `path [record id]`, or the path alone without an id.
fn record_input(label: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{label} [{id}]"),
        None => label.to_string(),
    }
}

/// The value of header `name` (case-insensitive), first occurrence.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The lowercase `type/subtype` of a Content-Type value.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Why a declared content type holds no news page, or `None` when it may.
fn unwanted_type(content_type: Option<&str>) -> Option<String> {
    let e = essence(content_type?);
    match e.as_str() {
        ""
        | "text/html"
        | "application/xhtml+xml"
        | "text/plain"
        | "unk"
        | "application/octet-stream" => None,
        _ => Some(format!("content type {e}")),
    }
}

/// Turn a payload into a document, or skip it when it is empty or not text.
fn payload(meta: RecordMeta, body: Vec<u8>, content_type: Option<String>) -> Step {
    if let Some(reason) = unwanted_type(content_type.as_deref()) {
        return Step::Skip {
            input: meta.input,
            reason,
        };
    }
    let declared = content_type.as_deref().map(essence);
    let format = match (sniff(&body), declared.as_deref()) {
        (Kind::Empty, _) => None,
        (Kind::Binary | Kind::Gzip | Kind::WarcGz, _) => None,
        (_, Some("text/plain")) => Some(DocFormat::Text),
        (_, Some("text/html" | "application/xhtml+xml")) => Some(DocFormat::Html),
        (Kind::Html, _) => Some(DocFormat::Html),
        (Kind::Text, _) => Some(DocFormat::Text),
        _ => None,
    };
    let Some(format) = format else {
        let kind = sniff(&body);
        return Step::Skip {
            input: meta.input,
            reason: format!("{kind} payload"),
        };
    };
    Step::Doc(Document {
        bytes: body,
        origin: meta.origin,
        content_type,
        fetched_at: meta.fetched_at,
        format,
        url: meta.url,
        ..Document::default()
    })
}

/// The status line and headers of an HTTP response.
struct HttpHead {
    status: u16,
    headers: Vec<(String, String)>,
    body_start: usize,
}

/// Parse the status line and headers of the HTTP response in `block` (skipping interim
/// `1xx` responses).
fn parse_http_head(block: &[u8]) -> std::result::Result<HttpHead, String> {
    let mut start = 0;
    loop {
        let rest = &block[start..];
        let crlf = memchr::memmem::find(rest, b"\r\n\r\n").map(|i| (i, i + 4));
        let lf = memchr::memmem::find(rest, b"\n\n").map(|i| (i, i + 2));
        let Some((end, body)) = [crlf, lf].into_iter().flatten().min_by_key(|p| p.0) else {
            return Err("no end of HTTP headers".to_string());
        };
        let text = String::from_utf8_lossy(&rest[..end]);
        let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
        let status_line = lines.next().unwrap_or("");
        if !status_line.starts_with("HTTP/") {
            let shown: String = status_line.chars().take(60).collect();
            return Err(format!("not an HTTP response: {shown:?}"));
        }
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| format!("bad HTTP status line {status_line:?}"))?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        if (100..200).contains(&status) && start + body < block.len() {
            start += body;
            continue;
        }
        return Ok(HttpHead {
            status,
            headers,
            body_start: start + body,
        });
    }
}

/// Undo chunked transfer encoding; `None` when the body is not chunked after all (archives
/// such as Common Crawl store bodies already de-chunked). A body cut short keeps what it has.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    let mut chunks = 0;
    loop {
        let Some(nl) = memchr::memchr(b'\n', &body[pos..]) else {
            return (chunks > 0).then_some(out);
        };
        let line = String::from_utf8_lossy(&body[pos..pos + nl]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = match usize::from_str_radix(size_text, 16) {
            Ok(s) => s,
            Err(_) => return (chunks > 0).then_some(out),
        };
        pos += nl + 1;
        if size == 0 {
            return Some(out);
        }
        chunks += 1;
        let end = pos.saturating_add(size).min(body.len());
        out.extend_from_slice(&body[pos..end]);
        if end < pos.saturating_add(size) {
            return Some(out);
        }
        pos = end;
        if body[pos..].starts_with(b"\r\n") {
            pos += 2;
        } else if body[pos..].starts_with(b"\n") {
            pos += 1;
        }
        if pos >= body.len() {
            return Some(out);
        }
    }
}

/// Why a content encoding could not be undone.
enum Decode {
    TooLarge,
    Bad(String),
}

/// Undo `Content-Encoding` (gzip, deflate; listed in the order applied), bounded by `max`.
/// A body that does not start like the declared encoding is taken as already decoded.
fn decode_content(
    mut body: Vec<u8>,
    encoding: &str,
    max: u64,
) -> std::result::Result<Vec<u8>, Decode> {
    for enc in encoding.rsplit(',') {
        let enc = enc.trim().to_ascii_lowercase();
        body = match enc.as_str() {
            "" | "identity" | "none" => body,
            "gzip" | "x-gzip" => {
                if !body.starts_with(&[0x1f, 0x8b]) {
                    return Ok(body);
                }
                bounded_read(flate2::read::MultiGzDecoder::new(&body[..]), max)?
            }
            "deflate" => {
                let zlib = body.len() >= 2
                    && body[0] & 0x0f == 8
                    && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0;
                if zlib {
                    bounded_read(flate2::read::ZlibDecoder::new(&body[..]), max)?
                } else {
                    match bounded_read(flate2::read::DeflateDecoder::new(&body[..]), max) {
                        Ok(b) => b,
                        Err(Decode::TooLarge) => return Err(Decode::TooLarge),
                        // Not deflate data: most likely stored decoded.
                        Err(Decode::Bad(_)) => return Ok(body),
                    }
                }
            }
            other => {
                return Err(Decode::Bad(format!(
                    "unsupported content encoding {other:?}"
                )))
            }
        };
    }
    Ok(body)
}

/// Read a decoder to the end, at most `max` bytes. A stream cut short keeps what it gave.
fn bounded_read(r: impl Read, max: u64) -> std::result::Result<Vec<u8>, Decode> {
    let mut out = Vec::new();
    match r.take(max.saturating_add(1)).read_to_end(&mut out) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && !out.is_empty() => {}
        Err(e) => return Err(Decode::Bad(format!("cannot decode content: {e}"))),
    }
    if out.len() as u64 > max {
        return Err(Decode::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks_and_tolerates_plain_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
        // Cut short: keep what was there.
        assert_eq!(dechunk(b"a\r\n0123").as_deref(), Some(&b"0123"[..]));
    }

    #[test]
    fn http_head_skips_interim_responses() {
        let h = parse_http_head(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.status, 200);
        assert_eq!(header(&h.headers, "content-type"), Some("text/html"));
        assert!(parse_http_head(b"GET / HTTP/1.1\r\n\r\n").is_err());
    }

    #[test]
    fn content_decoding_is_bounded() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&[b'a'; 1000]).unwrap();
        let gz = e.finish().unwrap();
        assert!(matches!(
            decode_content(gz.clone(), "gzip", 100),
            Err(Decode::TooLarge)
        ));
        assert_eq!(
            decode_content(gz, "gzip", 1000).ok().map(|b| b.len()),
            Some(1000)
        );
        // Declared gzip but stored decoded.
        assert_eq!(
            decode_content(b"<p>".to_vec(), "gzip", 10).ok(),
            Some(b"<p>".to_vec())
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"<p>zlib</p>").unwrap();
        assert_eq!(
            decode_content(z.finish().unwrap(), "deflate", 100).ok(),
            Some(b"<p>zlib</p>".to_vec())
        );
        assert!(matches!(
            decode_content(vec![1], "br", 10),
            Err(Decode::Bad(_))
        ));
    }
}
