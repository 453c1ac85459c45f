//! Parquet: the CSV columns, typed, one row per event, Snappy-compressed, in row groups of
//! [`ROW_GROUP_EVENTS`] events.
//!
//! Types: `seq` Int64, `quad` Int32, `goldstein`, `lat`, `lon`, `confidence` Float64,
//! `negated` Boolean, everything else UTF-8 strings (dates too: an event date may be a month
//! or a year). Absent values are nulls. At most one row group of events is buffered.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use sitrep_store::StoredRecord;

use crate::row::{EventRow, EVENT_COLUMNS};
use crate::{Result, Sink, ROW_GROUP_EVENTS};

/// The Arrow type of each of [`EVENT_COLUMNS`].
fn column_type(name: &str) -> DataType {
    match name {
        "seq" => DataType::Int64,
        "quad" => DataType::Int32,
        "goldstein" | "lat" | "lon" | "confidence" => DataType::Float64,
        "negated" => DataType::Boolean,
        _ => DataType::Utf8,
    }
}

/// The Arrow schema of the Parquet export.
#[must_use]
pub fn schema() -> SchemaRef {
    let required = [
        "article_id",
        "seq",
        "source_text",
        "cameo",
        "root",
        "quad",
        "goldstein",
        "plover_type",
        "negated",
        "modality",
        "confidence",
        "sentence",
    ];
    Arc::new(Schema::new(
        EVENT_COLUMNS
            .iter()
            .map(|&n| Field::new(n, column_type(n), !required.contains(&n)))
            .collect::<Vec<_>>(),
    ))
}

/// The double nearest the decimal an `f32` prints as (`0.44`, not `0.4400000274181366`), so
/// Parquet readers show what the CSV and JSON exports show.
fn widen(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// One builder per column.
enum Column {
    Str(StringBuilder),
    I64(Int64Builder),
    I32(Int32Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
}

impl Column {
    fn new(t: &DataType) -> Self {
        match t {
            DataType::Int64 => Column::I64(Int64Builder::new()),
            DataType::Int32 => Column::I32(Int32Builder::new()),
            DataType::Float64 => Column::F64(Float64Builder::new()),
            DataType::Boolean => Column::Bool(BooleanBuilder::new()),
            _ => Column::Str(StringBuilder::new()),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Str(b) => Arc::new(b.finish()),
            Column::I64(b) => Arc::new(b.finish()),
            Column::I32(b) => Arc::new(b.finish()),
            Column::F64(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// Writes events as Parquet.
pub struct ParquetWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    columns: Vec<Column>,
    buffered: usize,
}

impl<W: Write + Send> std::fmt::Debug for ParquetWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetWriter")
            .field("buffered", &self.buffered)
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer to `out`.
    ///
    /// # Errors
    /// When the Parquet writer cannot start.
    pub fn new(out: W) -> Result<Self> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_EVENTS))
            .set_created_by(format!("sitrep {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        let columns = schema
            .fields()
            .iter()
            .map(|f| Column::new(f.data_type()))
            .collect();
        Ok(ParquetWriter {
            writer,
            schema,
            columns,
            buffered: 0,
        })
    }

    fn push(&mut self, r: &EventRow<'_>) {
        let strs: [Option<&str>; EVENT_COLUMNS.len()] = [
            Some(r.article_id),
            None,
            r.date,
            r.date_precision,
            r.published,
            Some(r.source_text),
            r.source_name,
            r.source_code,
            r.target_text,
            r.target_name,
            r.target_code,
            Some(r.cameo),
            Some(r.root),
            None,
            None,
            Some(r.plover_type),
            r.plover_mode,
            r.plover_context,
            r.place_name,
            r.place_country,
            None,
            None,
            None,
            Some(r.modality),
            r.claimed_by,
            None,
            Some(r.sentence),
            r.url,
            r.outlet,
            r.title,
        ];
        for (i, col) in self.columns.iter_mut().enumerate() {
            match col {
                Column::Str(b) => b.append_option(strs[i]),
                Column::I64(b) => b.append_value(i64::try_from(r.seq).unwrap_or(i64::MAX)),
                Column::I32(b) => b.append_value(i32::from(r.quad)),
                Column::F64(b) => b.append_option(match EVENT_COLUMNS[i] {
                    "goldstein" => Some(widen(r.goldstein)),
                    "lat" => r.lat,
                    "lon" => r.lon,
                    _ => Some(widen(r.confidence)),
                }),
                Column::Bool(b) => b.append_value(r.negated),
            }
        }
        self.buffered += 1;
    }

    /// Writes the buffered events as one row group.
    fn flush_group(&mut self) -> Result<()> {
        if self.buffered == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        self.writer.flush()?;
        self.buffered = 0;
        Ok(())
    }
}

impl<W: Write + Send> Sink for ParquetWriter<W> {
    fn record(&mut self, stored: &StoredRecord) -> Result<u64> {
        let record = &stored.record;
        for (seq, e) in record.events.iter().enumerate() {
            self.push(&EventRow::new(record, seq, e));
            if self.buffered >= ROW_GROUP_EVENTS {
                self.flush_group()?;
            }
        }
        Ok(record.events.len() as u64)
    }

    fn finish(mut self) -> Result<()> {
        self.flush_group()?;
        let mut out = self.writer.into_inner()?;
        out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_widen_to_the_decimal_they_print_as() {
        assert_eq!(widen(0.44), 0.44);
        assert_eq!(widen(-10.0), -10.0);
    }

    #[test]
    fn schema_has_the_csv_columns() {
        let s = schema();
        let names: Vec<&str> = s.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, EVENT_COLUMNS);
        assert_eq!(
            s.field_with_name("lat").unwrap().data_type(),
            &DataType::Float64
        );
    }
}
