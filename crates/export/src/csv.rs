//! CSV: one RFC 4180 row per event, the columns of [`EVENT_COLUMNS`](crate::EVENT_COLUMNS),
//! always with a header line.
//!
//! Empty cells are absent values; `negated` is `true`/`false`; `plover_context` keeps the
//! record's `;`-separated list; `sentence` is the text of the sentence the event was read from.

use std::io::Write;

use sitrep_store::StoredRecord;

use crate::row::{float_text, EventRow, EVENT_COLUMNS};
use crate::{Result, Sink};

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
