//! `sitrep export`: the store's events and records in an exchange format.
//!
//! Reads the store one article at a time ([`sitrep_export::export`]) and writes GDELT 2.0
//! event rows, PLOVER JSON lines, CSV, the full records as JSON lines, or Parquet (in a build
//! with `--features parquet`), to standard output or `--out FILE`. Never creates a store. A
//! summary (articles, events, rows) goes to standard error. When writing to a file fails part
//! way, the partial file is removed (when it is a regular file).

use crate::cli::{ExportArgs, ExportFormat, ExportWhat};
use anyhow::{bail, Context, Result};
use sitrep_export::{export, Format, Options, What};
use sitrep_store::ExportFilter;
use std::fs::File;
use std::io::BufWriter;

/// The library's format for a command-line format.
#[must_use]
pub fn format(f: ExportFormat) -> Format {
    match f {
        ExportFormat::Gdelt => Format::Gdelt,
        ExportFormat::Plover => Format::Plover,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Parquet => Format::Parquet,
    }
}

/// Run `sitrep export`.
pub fn run(args: &ExportArgs) -> Result<u8> {
    let ExportArgs {
        db,
        format: cli_format,
        out,
        since,
        until,
        outlet,
        header,
        what,
        quiet,
    } = args;
    let format = format(*cli_format);
    format.check_available()?;
    if format == Format::Parquet && out.is_none() {
        bail!("--format parquet writes a binary file: give it with --out FILE");
    }
    let store = super::query::open_existing(db)?;
    let filter = ExportFilter {
        since: since.clone(),
        until: until.clone(),
        outlet: outlet.clone(),
    };
    let options = Options {
        header: *header,
        what: match what {
            ExportWhat::Events => What::Events,
            ExportWhat::Quotes => What::Quotes,
        },
    };
    let summary = match out {
        None => {
            let stdout = BufWriter::with_capacity(1 << 16, std::io::stdout());
            export(&store, &filter, format, &options, stdout)?
        }
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            match export(
                &store,
                &filter,
                format,
                &options,
                BufWriter::with_capacity(1 << 16, file),
            ) {
                Ok(s) => s,
                Err(e) => {
                    // Only a regular file: `--out /dev/null` must stay.
                    if path.is_file() {
                        let _ = std::fs::remove_file(path);
                    }
                    return Err(e).with_context(|| format!("writing {}", path.display()));
                }
            }
        }
    };
    if !quiet {
        eprintln!(
            "exported {} articles, {} events as {}{} ({} rows){}",
            summary.articles,
            summary.events,
            format.name(),
            if options.what == What::Quotes {
                " quotes"
            } else {
                ""
            },
            summary.rows,
            out.as_ref()
                .map(|p| format!(" to {}", p.display()))
                .unwrap_or_default()
        );
    }
    Ok(0)
}
