//! `sitrep code`: documents in, their records out as JSON.
//!
//! The input goes through [`sitrep_ingest::open`], so a file, a directory, `-` for standard
//! input or an http(s) URL all work, and so do `.gz` files, WARC, JSON lines and feeds. One
//! document prints as pretty JSON; an input holding several prints one JSON object per line
//! (as `--format jsonl` always does). Each input or document that fails prints one line
//! `sitrep: <input>: <reason>` on standard error and the exit code becomes 1; the other
//! documents still print.

use crate::cli::{CodeArgs, CodeFormat};
use crate::pipeline::Pipeline;
use anyhow::Result;
use sitrep_extract::ExtractOptions;
use sitrep_types::{DocFormat, Document, OriginKind};
use std::io::Write;

/// Run `sitrep code`.
pub fn run(args: &CodeArgs) -> Result<u8> {
    let CodeArgs {
        input,
        date,
        url,
        format,
        text,
        html,
        timeout,
        with_parse,
        models,
        dict,
    } = args;
    let date = super::parse_date_arg(date.as_deref())?;
    let source = super::source_options(*timeout)?;
    let pipeline = Pipeline::builder()
        .extract_options(ExtractOptions {
            date,
            ..ExtractOptions::default()
        })
        .analyzer(if *with_parse {
            Some(std::sync::Arc::new(super::nlp::load_analyzer(
                models.as_deref(),
            )?))
        } else {
            super::nlp::try_load_analyzer(models.as_deref())?
        })
        .events(Some(super::nlp::load_event_coding_with(dict.as_deref())?))
        .with_parse(*with_parse)
        .build();
    let mut items = sitrep_ingest::open(input, &source);
    // Look at most two items ahead to know whether the input holds one document.
    let head: Vec<_> = items.by_ref().take(2).collect();
    let single = head.len() < 2;
    if head.is_empty() {
        eprintln!("sitrep: {input}: no documents found");
        return Ok(crate::EXIT_PARTIAL);
    }
    let pretty = single && *format == CodeFormat::Json;
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for item in head.into_iter().chain(items) {
        let mut doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("sitrep: {e}");
                failed |= !e.is_skip();
                continue;
            }
        };
        adjust(&mut doc, url.as_deref(), *text, *html);
        match pipeline.code(&doc) {
            Ok(record) => {
                let mut bytes = if pretty {
                    serde_json::to_vec_pretty(&record)?
                } else {
                    serde_json::to_vec(&record)?
                };
                bytes.push(b'\n');
                out.write_all(&bytes)?;
            }
            Err(e) => {
                eprintln!("sitrep: {e}");
                failed = true;
            }
        }
    }
    out.flush()?;
    Ok(if failed { crate::EXIT_PARTIAL } else { 0 })
}

/// Apply `--text`, `--html` and `--url` to a document. Standard input is plain text unless
/// `--html` says otherwise (`.txt` files are marked as text by the reader already); `--url`
/// only fills in a URL the source did not give, for documents that stand alone (a file,
/// standard input, a fetched page), not for the records of a container.
fn adjust(doc: &mut Document, url: Option<&str>, text: bool, html: bool) {
    let standalone = matches!(
        doc.origin.kind,
        OriginKind::File | OriginKind::Stdin | OriginKind::Http
    );
    if text {
        doc.format = DocFormat::Text;
    } else if html {
        doc.format = DocFormat::Html;
    } else if doc.origin.kind == OriginKind::Stdin {
        doc.format = DocFormat::Text;
    }
    if standalone && doc.url.is_none() {
        doc.url = url.map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_types::Origin;

    #[test]
    fn stdin_is_text_unless_html() {
        let mut doc = Document {
            origin: Origin {
                kind: OriginKind::Stdin,
                ..Origin::default()
            },
            format: DocFormat::Html,
            ..Document::default()
        };
        adjust(&mut doc, Some("https://example.invalid/a"), false, false);
        assert_eq!(doc.format, DocFormat::Text);
        assert_eq!(doc.url.as_deref(), Some("https://example.invalid/a"));
        adjust(&mut doc, None, false, true);
        assert_eq!(doc.format, DocFormat::Html);
    }

    #[test]
    fn url_does_not_override_container_records() {
        let mut doc = Document {
            origin: Origin {
                kind: OriginKind::Jsonl,
                ..Origin::default()
            },
            ..Document::default()
        };
        adjust(&mut doc, Some("https://example.invalid/a"), false, false);
        assert_eq!(doc.url, None);
    }
}
