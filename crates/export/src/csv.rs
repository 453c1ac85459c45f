//! CSV: one RFC 4180 row per event, the columns of [`EVENT_COLUMNS`],
//! always with a header line.
//!
//! [`QuoteCsvWriter`] writes one row per quote instead ([`QUOTE_COLUMNS`]).
//!
//! Empty cells are absent values; `negated` is `true`/`false`; `plover_context` keeps the
//! record's `;`-separated list; `sentence` is the text of the sentence the event was read from.

use std::io::Write;

use sitrep_store::StoredRecord;

use crate::row::{float_text, EventRow, EVENT_COLUMNS};
use crate::{Result, Sink};
use sitrep_types::QuoteKind;

/// Writes events as CSV rows.
pub struct CsvWriter<W: Write> {
    out: ::csv::Writer<W>,
}

impl<W: Write> std::fmt::Debug for CsvWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsvWriter")
    }
}

impl<W: Write> CsvWriter<W> {
    /// A writer that has written the header line.
    ///
    /// # Errors
    /// When writing fails.
    pub fn new(out: W) -> Result<Self> {
        let mut out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        out.write_record(EVENT_COLUMNS)?;
        Ok(CsvWriter { out })
    }
}

fn opt(s: Option<&str>) -> &str {
    s.unwrap_or("")
}

fn opt_f64(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

impl<W: Write> Sink for CsvWriter<W> {
    fn record(&mut self, stored: &StoredRecord) -> Result<u64> {
        let record = &stored.record;
        for (seq, e) in record.events.iter().enumerate() {
            let r = EventRow::new(record, seq, e);
            let seq = r.seq.to_string();
            let quad = r.quad.to_string();
            let goldstein = float_text(r.goldstein);
            let lat = opt_f64(r.lat);
            let lon = opt_f64(r.lon);
            let confidence = float_text(r.confidence);
            let cells: [&str; EVENT_COLUMNS.len()] = [
                r.article_id,
                &seq,
                opt(r.date),
                opt(r.date_precision),
                opt(r.published),
                r.source_text,
                opt(r.source_name),
                opt(r.source_code),
                opt(r.target_text),
                opt(r.target_name),
                opt(r.target_code),
                r.cameo,
                r.root,
                &quad,
                &goldstein,
                r.plover_type,
                opt(r.plover_mode),
                opt(r.plover_context),
                opt(r.place_name),
                opt(r.place_country),
                &lat,
                &lon,
                if r.negated { "true" } else { "false" },
                r.modality,
                opt(r.claimed_by),
                &confidence,
                r.sentence,
                opt(r.url),
                opt(r.outlet),
                opt(r.title),
            ];
            self.out.write_record(cells)?;
        }
        Ok(record.events.len() as u64)
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// The columns of the quote CSV, in order.
pub const QUOTE_COLUMNS: [&str; 16] = [
    "article_id",
    "seq",
    "text",
    "kind",
    "speaker_text",
    "speaker_name",
    "speaker_actor",
    "speaker_code",
    "cue",
    "medium",
    "relays",
    "confidence",
    "published",
    "url",
    "outlet",
    "title",
];

/// Writes quotes as CSV rows: `relays` nearest first, `;`-separated.
pub struct QuoteCsvWriter<W: Write> {
    out: ::csv::Writer<W>,
}

impl<W: Write> std::fmt::Debug for QuoteCsvWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QuoteCsvWriter")
    }
}

impl<W: Write> QuoteCsvWriter<W> {
    /// A writer that has written the header line.
    ///
    /// # Errors
    /// When writing fails.
    pub fn new(out: W) -> Result<Self> {
        let mut out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        out.write_record(QUOTE_COLUMNS)?;
        Ok(QuoteCsvWriter { out })
    }
}

fn quote_kind(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
        _ => "other",
    }
}

impl<W: Write> Sink for QuoteCsvWriter<W> {
    fn record(&mut self, stored: &StoredRecord) -> Result<u64> {
        let record = &stored.record;
        let a = &record.article;
        for (seq, q) in record.quotes.iter().enumerate() {
            let seq = seq.to_string();
            let relays = q.relays.join(";");
            let confidence = float_text(q.confidence);
            let speaker = q.speaker.as_ref();
            let cells: [&str; QUOTE_COLUMNS.len()] = [
                &a.id,
                &seq,
                &q.text,
                quote_kind(q.kind),
                speaker.map_or("", |s| s.text.as_str()),
                opt(speaker.and_then(|s| s.name.as_deref())),
                opt(speaker.and_then(|s| s.actor.as_deref())),
                opt(speaker.and_then(|s| s.code.as_deref())),
                q.cue.as_ref().map_or("", |c| c.text.as_str()),
                opt(q.medium.as_deref()),
                &relays,
                &confidence,
                opt(a.published.as_ref().map(|p| p.date.as_str())),
                opt(a.url.as_deref()),
                opt(a.outlet.as_deref()),
                opt(a.title.as_deref()),
            ];
            self.out.write_record(cells)?;
        }
        Ok(record.quotes.len() as u64)
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
