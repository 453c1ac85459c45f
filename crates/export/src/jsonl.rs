//! JSON lines: each stored record, body included, as one line of JSON: byte for byte what
//! `sitrep code --format jsonl` prints for it.

use std::io::Write;

use sitrep_store::StoredRecord;

use crate::{Result, Sink};

/// Writes whole records, one per line.
#[derive(Debug)]
pub struct JsonlWriter<W: Write> {
    out: W,
    line: Vec<u8>,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            line: Vec::new(),
        }
    }
}

impl<W: Write> Sink for JsonlWriter<W> {
    fn record(&mut self, stored: &StoredRecord) -> Result<u64> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, &stored.record)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        Ok(1)
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
