//! `sitrep code`: one document in, its records out.

use crate::cli::{CodeArgs, CodeFormat};
use crate::pipeline::Pipeline;
use anyhow::{Context, Result};
use sitrep_extract::ExtractOptions;
use sitrep_types::{DocFormat, Document, Origin, OriginKind};
use std::io::{Read, Write};

/// Run `sitrep code`.
pub fn run(args: &CodeArgs) -> Result<u8> {
    let date = super::parse_date_arg(args.date.as_deref())?;
    let pipeline = Pipeline::builder()
        .extract_options(ExtractOptions { url: args.url.clone(), date, ..ExtractOptions::default() })
        .build();
    let mut doc = if args.input == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        Document { bytes, origin: Origin { kind: OriginKind::Stdin, ..Origin::default() }, format: DocFormat::Text, ..Document::default() }
    } else {
        let bytes = super::eval::read_maybe_gz(std::path::Path::new(&args.input))?;
        let format = if args.input.ends_with(".txt") { DocFormat::Text } else { DocFormat::Auto };
        Document { bytes, origin: Origin { kind: OriginKind::File, path: Some(args.input.clone()), ..Origin::default() }, format, ..Document::default() }
    };
    if args.text {
        doc.format = DocFormat::Text;
    } else if args.html {
        doc.format = DocFormat::Html;
    }
    if doc.url.is_none() {
        doc.url.clone_from(&args.url);
    }
    let record = pipeline.code(&doc).with_context(|| format!("coding {}", args.input))?;
    let mut out = std::io::stdout().lock();
    match args.format {
        CodeFormat::Json => serde_json::to_writer_pretty(&mut out, &record)?,
        CodeFormat::Jsonl => serde_json::to_writer(&mut out, &record)?,
    }
    writeln!(out)?;
    Ok(0)
}
