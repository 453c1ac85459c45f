//! `sitrep ingest`: many inputs in, records into the store.
//!
//! Three stages joined by bounded channels, so memory stays bounded however big an input is
//! (a WARC file is streamed record by record, never collected):
//!
//! 1. one reader thread opens each input with [`sitrep_ingest::open`] and sends its
//!    documents on;
//! 2. a pool of worker threads codes each document with the shared [`Pipeline`] and checks
//!    the record with [`sitrep_store::validate`];
//! 3. the calling thread owns the [`Store`] and writes `--batch` records per transaction, so
//!    an interrupted run keeps every batch it committed.
//!
//! Every document or input left out is counted with a reason: a skip (a record left out on
//! purpose, such as a WARC response with HTTP status 404) or a failure (an unreadable input, a
//! document that does not extract, a record the store refuses). [`ingest_into`] is the engine,
//! shared with `sitrep demo`; [`run`] adds the command line, the progress bar and the summary.

use crate::cli::IngestArgs;
use crate::pipeline::Pipeline;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use sitrep_extract::ExtractOptions;
use sitrep_ingest::SourceOptions;
use sitrep_store::{Store, WriteStats};
use sitrep_types::{Document, Record};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures kept with their input and reason; beyond this only the counts grow.
pub const MAX_KEPT_FAILURES: usize = 1000;
/// Failures listed in the text summary.
pub const MAX_SHOWN_FAILURES: usize = 20;

/// How [`ingest_into`] runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Worker threads coding documents (at least 1).
    pub threads: usize,
    /// Records per store transaction (at least 1).
    pub batch: usize,
    /// How inputs are read.
    pub source: SourceOptions,
    /// How documents are extracted (`--date`).
    pub extract: ExtractOptions,
    /// Draw a progress bar on standard error.
    pub progress: bool,
    /// Keep the ids of the articles written, in [`Summary::ids`].
    pub keep_ids: bool,
}

/// One input or document that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The input: a path, `path [record]`, `path:line N` or a URL.
    pub input: String,
    /// A stable short name of the reason (`empty`, `binary`, `truncated-gzip`, …).
    pub kind: String,
    /// The reason, for people.
    pub reason: String,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Inputs given.
    pub inputs: usize,
    /// Documents read from the inputs (each is then stored or failed).
    pub read: u64,
    /// Records written (`inserted + replaced`).
    pub stored: u64,
    /// Records whose article was not stored before.
    pub inserted: u64,
    /// Records that replaced a stored article with the same id.
    pub replaced: u64,
    /// Records and files left out on purpose.
    pub skipped: u64,
    /// Skips by kind (`not-html`, `http-status`, …).
    pub skipped_by_kind: BTreeMap<String, u64>,
    /// Inputs and documents that failed.
    pub failed: u64,
    /// Failures by kind.
    pub failed_by_kind: BTreeMap<String, u64>,
    /// The failures, sorted by input; at most [`MAX_KEPT_FAILURES`].
    pub failures: Vec<Failure>,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Documents read per second.
    pub docs_per_second: f64,
    /// The ids of the articles written (only with [`IngestOptions::keep_ids`]), sorted, unique.
    #[serde(skip)]
    pub ids: Vec<String>,
}

impl Summary {
    fn fail(&mut self, failure: Failure) {
        self.failed += 1;
        *self.failed_by_kind.entry(failure.kind.clone()).or_insert(0) += 1;
        if self.failures.len() < MAX_KEPT_FAILURES {
            self.failures.push(failure);
        }
    }

    fn skip(&mut self, kind: &str) {
        self.skipped += 1;
        *self.skipped_by_kind.entry(kind.to_string()).or_insert(0) += 1;
    }

    /// Count an input left out before reading it (as `sitrep demo` does with README.md).
    pub fn skip_input(&mut self, kind: &str) {
        self.skip(kind);
    }

    fn add(&mut self, stats: WriteStats) {
        self.inserted += stats.inserted as u64;
        self.replaced += stats.replaced as u64;
        self.stored = self.inserted + self.replaced;
    }

    /// The summary as text, one fact a line.
    #[must_use]
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let plural = |n: u64, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let _ = writeln!(
            s,
            "read     {} from {}",
            plural(self.read, "document", "documents"),
            plural(self.inputs as u64, "input", "inputs")
        );
        let _ = writeln!(
            s,
            "stored   {} ({} inserted, {} replaced)",
            self.stored, self.inserted, self.replaced
        );
        let _ = writeln!(
            s,
            "skipped  {}{}",
            self.skipped,
            by_kind(&self.skipped_by_kind)
        );
        let _ = writeln!(
            s,
            "failed   {}{}",
            self.failed,
            by_kind(&self.failed_by_kind)
        );
        for f in self.failures.iter().take(MAX_SHOWN_FAILURES) {
            let _ = writeln!(s, "  {}: {}", f.input, f.reason);
        }
        let shown = self.failures.len().min(MAX_SHOWN_FAILURES) as u64;
        if self.failed > shown {
            let _ = writeln!(s, "  … and {} more", self.failed - shown);
        }
        let _ = writeln!(
            s,
            "time     {:.2} s ({:.1} docs/s)",
            self.seconds, self.docs_per_second
        );
        s
    }
}

/// `": 2 not-html, 1 http-status"`, or nothing when empty.
fn by_kind(kinds: &BTreeMap<String, u64>) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let mut v: Vec<(&String, &u64)> = kinds.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let parts: Vec<String> = v.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!(": {}", parts.join(", "))
}

/// A short kind for the reason a record was skipped.
#[must_use]
pub fn skip_kind(reason: &str) -> &'static str {
    if reason.starts_with("HTTP status") {
        "http-status"
    } else if reason.starts_with("content type") || reason.ends_with("payload") {
        "not-html"
    } else if reason.starts_with("not an HTTP response") {
        "not-http"
    } else if reason.starts_with("not a regular file") {
        "not-a-file"
    } else if reason.starts_with("feed item") {
        "no-content"
    } else {
        "other"
    }
}

/// What flows from the reader and the workers to the writer.
enum Msg {
    /// A coded, valid record of the document read from `input`.
    Coded { input: String, record: Box<Record> },
    /// A document that was read but could not be coded or failed validation.
    Rejected(Failure),
    /// An input or record that could not be read.
    Unreadable(Failure),
    /// A record left out on purpose.
    Skipped { kind: &'static str },
}

/// Read `inputs`, code their documents and write the records to `store`.
///
/// # Errors
/// Only fatal errors: the store failing for a reason other than a bad record (disk full, a
/// lock held too long). Bad inputs and documents are counted in the [`Summary`].
pub fn ingest_into(store: &mut Store, inputs: &[String], opts: &IngestOptions) -> Result<Summary> {
    let started = Instant::now();
    let threads = opts.threads.max(1);
    let batch_size = opts.batch.max(1);
    let pipeline = Pipeline::builder()
        .extract_options(opts.extract.clone())
        .analyzer(super::nlp::try_load_analyzer(None)?)
        .events(Some(super::nlp::load_event_coding()?))
        .build();
    let mut summary = Summary {
        inputs: inputs.len(),
        ..Summary::default()
    };
    let bar = opts.progress.then(progress_bar);

    let result = std::thread::scope(|scope| {
        let (doc_tx, doc_rx) = sync_channel::<Document>(threads * 4);
        let (msg_tx, msg_rx) = sync_channel::<Msg>(batch_size.min(1024) * 2);
        let doc_rx = Arc::new(Mutex::new(doc_rx));
        {
            let msg_tx = msg_tx.clone();
            let source = opts.source.clone();
            scope.spawn(move || read_inputs(inputs, &source, &doc_tx, &msg_tx));
        }
        for _ in 0..threads {
            let msg_tx = msg_tx.clone();
            let doc_rx = Arc::clone(&doc_rx);
            let pipeline = pipeline.clone();
            scope.spawn(move || code_documents(&pipeline, &doc_rx, &msg_tx));
        }
        // Only the threads hold the channel ends now, so each side sees the other go away.
        drop(doc_rx);
        drop(msg_tx);
        let mut writer = Writer {
            store,
            batch: Vec::with_capacity(batch_size),
            inputs: Vec::with_capacity(batch_size),
            batch_size,
            keep_ids: opts.keep_ids,
        };
        let outcome = write_all(&mut writer, &msg_rx, &mut summary, bar.as_ref(), started);
        // On a fatal error the receiver goes away here, so the other threads stop at their
        // next send.
        drop(msg_rx);
        outcome
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result?;
    summary
        .failures
        .sort_by(|a, b| a.input.cmp(&b.input).then_with(|| a.reason.cmp(&b.reason)));
    summary.ids.sort_unstable();
    summary.ids.dedup();
    summary.seconds = started.elapsed().as_secs_f64();
    summary.docs_per_second = rate(summary.read, summary.seconds);
    Ok(summary)
}

fn rate(n: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        n as f64 / seconds
    } else {
        0.0
    }
}

/// The reader thread: every input, every document, in order.
fn read_inputs(
    inputs: &[String],
    source: &SourceOptions,
    doc_tx: &SyncSender<Document>,
    msg_tx: &SyncSender<Msg>,
) {
    for input in inputs {
        for item in sitrep_ingest::open(input, source) {
            let sent = match item {
                Ok(doc) => doc_tx.send(doc).is_ok(),
                Err(e) if e.is_skip() => {
                    let reason = super::ingest_reason(&e);
                    msg_tx
                        .send(Msg::Skipped {
                            kind: skip_kind(&reason),
                        })
                        .is_ok()
                }
                Err(e) => msg_tx
                    .send(Msg::Unreadable(Failure {
                        input: e.input().to_string(),
                        kind: e.kind().to_string(),
                        reason: super::ingest_reason(&e),
                    }))
                    .is_ok(),
            };
            if !sent {
                return; // The writer stopped.
            }
        }
    }
}

/// A worker thread: code documents until the reader is done.
fn code_documents(
    pipeline: &Pipeline,
    doc_rx: &Mutex<Receiver<Document>>,
    msg_tx: &SyncSender<Msg>,
) {
    loop {
        let doc = {
            let Ok(rx) = doc_rx.lock() else { return };
            match rx.recv() {
                Ok(doc) => doc,
                Err(_) => return, // The reader is done.
            }
        };
        if msg_tx.send(code_one(pipeline, &doc)).is_err() {
            return;
        }
    }
}

/// Code and validate one document. A panic in the extractor fails this document only.
fn code_one(pipeline: &Pipeline, doc: &Document) -> Msg {
    let input = doc.origin.describe();
    let coded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.code(doc)));
    let failure = |kind: &str, reason: String| {
        Msg::Rejected(Failure {
            input: input.clone(),
            kind: kind.to_string(),
            reason,
        })
    };
    match coded {
        Ok(Ok(record)) => match sitrep_store::validate(&record) {
            Ok(()) => Msg::Coded {
                input: input.clone(),
                record: Box::new(record),
            },
            Err(reason) => failure("invalid-record", reason),
        },
        Ok(Err(e)) => {
            let reason = super::reason_after_input(&e.to_string(), &input);
            failure(e.kind(), reason)
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            // Panic messages can quote whole pages; keep the summary readable.
            let what = super::query::truncate(&what, 160);
            failure("panic", format!("extraction panicked: {what}"))
        }
    }
}

/// The writer's state: the store and the batch being filled.
struct Writer<'a> {
    store: &'a mut Store,
    batch: Vec<Record>,
    inputs: Vec<String>,
    batch_size: usize,
    keep_ids: bool,
}

impl Writer<'_> {
    /// Write the batch in one transaction. When the store refuses a record, the batch is
    /// rolled back and written again record by record, so only the bad records fail.
    fn flush(&mut self, summary: &mut Summary) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        match self.store.write_batch(&self.batch) {
            Ok(stats) => {
                summary.add(stats);
                if self.keep_ids {
                    summary
                        .ids
                        .extend(self.batch.iter().map(|r| r.article.id.clone()));
                }
            }
            Err(e) if e.is_user() => {
                for (record, input) in self.batch.iter().zip(&self.inputs) {
                    match self.store.write_batch(std::slice::from_ref(record)) {
                        Ok(stats) => {
                            summary.add(stats);
                            if self.keep_ids {
                                summary.ids.push(record.article.id.clone());
                            }
                        }
                        Err(e) if e.is_user() => summary.fail(Failure {
                            input: input.clone(),
                            kind: "store-rejected".to_string(),
                            reason: e.to_string(),
                        }),
                        Err(e) => return Err(e).context("writing to the store"),
                    }
                }
            }
            Err(e) => return Err(e).context("writing to the store"),
        }
        self.batch.clear();
        self.inputs.clear();
        Ok(())
    }
}

/// The writer loop on the calling thread.
fn write_all(
    writer: &mut Writer<'_>,
    msg_rx: &Receiver<Msg>,
    summary: &mut Summary,
    bar: Option<&ProgressBar>,
    started: Instant,
) -> Result<()> {
    let mut last_draw = Instant::now();
    for msg in msg_rx {
        match msg {
            Msg::Coded { input, record } => {
                summary.read += 1;
                writer.batch.push(*record);
                writer.inputs.push(input);
                if writer.batch.len() >= writer.batch_size {
                    writer.flush(summary)?;
                }
            }
            Msg::Rejected(f) => {
                summary.read += 1;
                summary.fail(f);
            }
            Msg::Unreadable(f) => summary.fail(f),
            Msg::Skipped { kind } => summary.skip(kind),
        }
        if let Some(bar) = bar {
            if last_draw.elapsed() >= Duration::from_millis(100) {
                last_draw = Instant::now();
                draw(bar, summary, started);
            }
        }
    }
    writer.flush(summary)?;
    if let Some(bar) = bar {
        draw(bar, summary, started);
    }
    Ok(())
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn draw(bar: &ProgressBar, s: &Summary, started: Instant) {
    bar.set_message(format!(
        "read {} · stored {} · skipped {} · failed {} · {:.0} docs/s",
        s.read,
        s.stored,
        s.skipped,
        s.failed,
        rate(s.read, started.elapsed().as_secs_f64())
    ));
}

/// Run `sitrep ingest`.
pub fn run(args: &IngestArgs) -> Result<u8> {
    let IngestArgs {
        inputs,
        db,
        date,
        threads,
        batch,
        quiet,
        json,
        timeout,
    } = args;
    if *batch == 0 {
        bail!("--batch must be at least 1");
    }
    let threads = match threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => *n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let date = super::parse_date_arg(date.as_deref())?;
    let mut source = super::source_options(*timeout)?;
    source.report_skipped = true;
    let mut store = Store::open(db)?;
    let opts = IngestOptions {
        threads,
        batch: *batch,
        source,
        extract: ExtractOptions {
            date,
            ..ExtractOptions::default()
        },
        progress: !quiet && std::io::stderr().is_terminal(),
        keep_ids: false,
    };
    let summary = ingest_into(&mut store, inputs, &opts)?;
    let mut out = std::io::stdout().lock();
    if *json {
        let mut line = serde_json::to_vec(&summary)?;
        line.push(b'\n');
        out.write_all(&line)?;
    } else {
        out.write_all(summary.to_text().as_bytes())?;
        writeln!(out, "store    {}", db.display())?;
    }
    out.flush()?;
    Ok(if summary.failed > 0 {
        crate::EXIT_PARTIAL
    } else {
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_kinds() {
        assert_eq!(skip_kind("HTTP status 404"), "http-status");
        assert_eq!(skip_kind("content type image/png"), "not-html");
        assert_eq!(skip_kind("binary payload"), "not-html");
        assert_eq!(skip_kind("not an HTTP response (text/dns)"), "not-http");
        assert_eq!(skip_kind("something new"), "other");
    }

    #[test]
    fn text_summary_caps_failures() {
        let mut s = Summary {
            inputs: 1,
            ..Summary::default()
        };
        for i in 0..25 {
            s.fail(Failure {
                input: format!("f{i:02}"),
                kind: "empty".into(),
                reason: "empty file".into(),
            });
        }
        s.skip("not-html");
        s.skip("not-html");
        let text = s.to_text();
        assert!(text.contains("failed   25: 25 empty"), "{text}");
        assert!(text.contains("skipped  2: 2 not-html"), "{text}");
        assert!(text.contains("  f19: empty file"), "{text}");
        assert!(!text.contains("  f20: empty file"), "{text}");
        assert!(text.contains("… and 5 more"), "{text}");
    }

    #[test]
    fn writes_and_counts_in_memory() {
        let dir = std::env::temp_dir().join(format!("sitrep-ingest-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a.html"),
            "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>\
             <p>Negotiators met again in Geneva on Monday, officials said, after a pause of two \
             weeks in the talks.</p></article></body></html>",
        )
        .unwrap();
        std::fs::write(dir.join("b.html"), "").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let opts = IngestOptions {
            threads: 2,
            batch: 1,
            source: SourceOptions::default(),
            extract: ExtractOptions::default(),
            progress: false,
            keep_ids: true,
        };
        let inputs = vec![dir.display().to_string()];
        let s = ingest_into(&mut store, &inputs, &opts).unwrap();
        assert_eq!((s.read, s.stored, s.failed), (1, 1, 1));
        assert_eq!(s.failures[0].kind, "empty");
        assert_eq!(s.ids.len(), 1);
        let s = ingest_into(&mut store, &inputs, &opts).unwrap();
        assert_eq!((s.inserted, s.replaced), (0, 1));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
