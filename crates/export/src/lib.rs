//! sitrep exports: the stored records as GDELT 2.0 event rows, PLOVER JSON lines, CSV, JSON
//! lines and (with the `parquet` feature) Parquet.
//!
//! [`export`] reads the store one article at a time through
//! [`Store::for_each_record`](sitrep_store::Store::for_each_record) and hands each record to
//! the writer of the chosen [`Format`], which writes to any [`std::io::Write`]; nothing holds
//! more than one article (or, for Parquet, one row group of events) in memory, so a store of a
//! million events exports in bounded memory.
//!
//! - [`gdelt`]: the 61 tab-separated columns of the GDELT 2.0 event export, one row per event.
//! - [`plover`]: one POLECAT-style JSON object per event (`docs/schemas/plover.schema.json`).
//! - [`csv`]: one RFC 4180 row per event with the flat columns of [`EVENT_COLUMNS`].
//! - [`jsonl`]: the full records, one per line, as `sitrep code --format jsonl` prints them.
//! - `parquet`: the CSV columns, typed, in row groups of [`ROW_GROUP_EVENTS`] events.
//!
//! [`cameo`] splits CAMEO actor codes into country, known group, religion and type codes and
//! names the sectors of a code. `docs/exports.md` documents every column and where we differ
//! from GDELT and POLECAT.
//!
//! ```
//! use sitrep_export::{export, Format, Options};
//! use sitrep_store::{ExportFilter, Store};
//! use sitrep_types::{ActorRef, Article, Event, Modality, Plover, Record, Span};
//!
//! let body = "Russia criticised Ukraine.".to_string();
//! let mut article = Article::default();
//! article.id = Article::compute_id(None, &body);
//! article.paragraphs = vec![Span::new(0, body.len())];
//! article.body = body;
//! let mut record = Record::new(article);
//! record.events.push(Event {
//!     source: ActorRef { text: "Russia".into(), code: Some("RUS".into()), ..ActorRef::default() },
//!     target: Some(ActorRef { text: "Ukraine".into(), code: Some("UKR".into()), ..ActorRef::default() }),
//!     cameo: "111".into(),
//!     root: "11".into(),
//!     quad: 3,
//!     goldstein: -2.0,
//!     plover: Plover { kind: "ACCUSE".into(), ..Plover::default() },
//!     date: None,
//!     place: None,
//!     negated: false,
//!     modality: Modality::Asserted,
//!     claimed_by: None,
//!     sentence: Span::new(0, 26),
//!     span: Span::new(7, 17),
//!     evidence: vec![],
//!     confidence: 0.9,
//! });
//! let mut store = Store::open_in_memory()?;
//! store.write_batch(&[record])?;
//!
//! let mut out = Vec::new();
//! let summary = export(&store, &ExportFilter::default(), Format::Gdelt, &Options::default(), &mut out)?;
//! assert_eq!((summary.articles, summary.events, summary.rows), (1, 1, 1));
//! let row = String::from_utf8(out).unwrap();
//! assert_eq!(row.trim_end().split('\t').count(), 61);
//! # Ok::<(), sitrep_export::Error>(())
//! ```
#![deny(missing_docs)]

pub mod cameo;
pub mod csv;
mod error;
pub mod gdelt;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod plover;
mod row;

use std::io::Write;

use sitrep_store::{ExportFilter, Store, StoredRecord};

pub use error::{Error, Result};
pub use row::EVENT_COLUMNS;

/// Events per Parquet row group (and the most events the Parquet writer buffers).
pub const ROW_GROUP_EVENTS: usize = 65_536;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// GDELT 2.0 event export: 61 tab-separated columns, one row per event.
    Gdelt,
    /// PLOVER / POLECAT-style JSON, one object per event per line.
    Plover,
    /// Flat CSV, one row per event.
    Csv,
    /// The full records, one JSON object per line.
    Jsonl,
    /// Columnar Parquet (only with the `parquet` feature).
    Parquet,
}

impl Format {
    /// The format's name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Gdelt => "gdelt",
            Format::Plover => "plover",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }

    /// True when this build can write the format (Parquet needs the `parquet` feature).
    #[must_use]
    pub fn is_available(self) -> bool {
        self != Format::Parquet || cfg!(feature = "parquet")
    }

    /// `Ok` when this build can write the format.
    ///
    /// # Errors
    /// [`Error::Unavailable`], naming the cargo feature to build with.
    pub fn check_available(self) -> Result<()> {
        if self.is_available() {
            Ok(())
        } else {
            Err(Error::Unavailable {
                format: self.name(),
                feature: "parquet",
            })
        }
    }
}

/// What the rows of an export are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum What {
    /// One row per event (JSON lines: one line per record).
    #[default]
    Events,
    /// One row per quote (CSV only: the columns of [`csv::QUOTE_COLUMNS`]).
    Quotes,
}

/// How to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Start with a header line (GDELT: the 61 column names; GDELT's own files have none).
    /// CSV always has a header; the other formats ignore this.
    pub header: bool,
    /// Events or quotes.
    pub what: What,
}

/// What an export wrote (for a quote export, `rows` counts quotes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles read from the store.
    pub articles: u64,
    /// Events in those articles.
    pub events: u64,
    /// Rows (lines, or Parquet rows) written, headers not counted.
    pub rows: u64,
}

/// A writer of one format: takes records one at a time, then finishes the output.
trait Sink {
    /// Writes the rows of one record; returns how many.
    fn record(&mut self, stored: &StoredRecord) -> Result<u64>;
    /// Writes what is left (buffers, footers) and flushes.
    fn finish(self) -> Result<()>;
}

/// Writes every record of `store` matching `filter` to `out` in `format`.
///
/// # Errors
/// [`Error::Unavailable`] for Parquet in a build without the `parquet` feature (before
/// anything is written), [`Error::Store`] for a bad filter or a damaged store, and write
/// errors.
pub fn export<W: Write + Send>(
    store: &Store,
    filter: &ExportFilter,
    format: Format,
    options: &Options,
    out: W,
) -> Result<Summary> {
    if options.what == What::Quotes {
        return match format {
            Format::Csv => run(store, filter, csv::QuoteCsvWriter::new(out)?),
            other => Err(Error::Unsupported(format!(
                "the {} export has no quote rows (quotes export as CSV only)",
                other.name()
            ))),
        };
    }
    match format {
        Format::Gdelt => run(store, filter, gdelt::GdeltWriter::new(out, options.header)?),
        Format::Plover => run(store, filter, plover::PloverWriter::new(out)),
        Format::Csv => run(store, filter, csv::CsvWriter::new(out)?),
        Format::Jsonl => run(store, filter, jsonl::JsonlWriter::new(out)),
        #[cfg(feature = "parquet")]
        Format::Parquet => run(store, filter, parquet::ParquetWriter::new(out)?),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => {
            drop(out);
            format.check_available().map(|()| Summary::default())
        }
    }
}

fn run<S: Sink>(store: &Store, filter: &ExportFilter, mut sink: S) -> Result<Summary> {
    let mut summary = Summary::default();
    store.for_each_record(filter, |stored| -> Result<()> {
        summary.articles += 1;
        summary.events += stored.record.events.len() as u64;
        summary.rows += sink.record(&stored)?;
        Ok(())
    })?;
    sink.finish()?;
    Ok(summary)
}
