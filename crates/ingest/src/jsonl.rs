//! JSON lines: one `{"url", "html" | "text", "published"?, "outlet"?, "title"?}` record a line.

use serde::Deserialize;
use sitrep_types::{DocFormat, Document, Origin, OriginKind};

use crate::error::IngestError;
use crate::source::{read_line_bounded, Ctx, Line, Reader};
use crate::{Result, SourceOptions};

/// One line's fields; other keys are ignored.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Streams a JSON-lines input line by line; a bad line is an error for that line only.
pub(crate) struct JsonlReader {
    ctx: Ctx,
    reader: Reader,
    max: u64,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlReader {
    pub(crate) fn new(ctx: Ctx, reader: Reader, opts: &SourceOptions) -> Self {
        JsonlReader {
            ctx,
            reader,
            max: opts.max_document_bytes,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn line_input(&self) -> String {
        format!("{}:line {}", self.ctx.label, self.line_no)
    }

    fn parse(&self) -> Result<Document> {
        let line = self.buf.strip_suffix(b"\r").unwrap_or(&self.buf);
        let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
        let rec: Record = serde_json::from_slice(line).map_err(|e| IngestError::BadJson {
            input: self.line_input(),
            reason: e.to_string(),
        })?;
        let (body, format) = match (rec.html, rec.text) {
            (Some(h), _) => (h, DocFormat::Html),
            (None, Some(t)) => (t, DocFormat::Text),
            (None, None) => {
                return Err(IngestError::BadJson {
                    input: self.line_input(),
                    reason: "neither \"html\" nor \"text\"".to_string(),
                })
            }
        };
        if body.trim().is_empty() {
            return Err(IngestError::Empty {
                input: self.line_input(),
                what: "record",
            });
        }
        let nonempty =
            |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let url = nonempty(rec.url);
        let content_type = match format {
            // JSON strings are Unicode: the bytes are UTF-8 whatever the page declared.
            DocFormat::Text => "text/plain; charset=utf-8",
            _ => "text/html; charset=utf-8",
        };
        Ok(Document {
            bytes: body.into_bytes(),
            origin: Origin {
                kind: OriginKind::Jsonl,
                path: self.ctx.path.clone(),
                url: url.clone().or_else(|| self.ctx.url.clone()),
                record: Some(format!("line {}", self.line_no)),
            },
            content_type: Some(content_type.to_string()),
            fetched_at: self.ctx.fetched_at.clone(),
            format,
            url,
            published: nonempty(rec.published),
            outlet: nonempty(rec.outlet),
            title: nonempty(rec.title),
        })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let read = read_line_bounded(&mut self.reader, &mut self.buf, self.max);
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.ctx.io_error(e)));
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong(n)) => {
                    self.line_no += 1;
                    return Some(Err(IngestError::TooLarge {
                        input: self.line_input(),
                        size: Some(n),
                        limit: self.max,
                    }));
                }
                Ok(Line::Read) => {
                    self.line_no += 1;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(self.parse());
                }
            }
        }
        None
    }
}
