//! The flat event row shared by the CSV and Parquet exports.

use sitrep_types::{Event, Modality, Record};

/// The columns of the CSV and Parquet exports, in order.
pub const EVENT_COLUMNS: [&str; 30] = [
    "article_id",
    "seq",
    "date",
    "date_precision",
    "published",
    "source_text",
    "source_name",
    "source_code",
    "target_text",
    "target_name",
    "target_code",
    "cameo",
    "root",
    "quad",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_context",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "negated",
    "modality",
    "claimed_by",
    "confidence",
    "sentence",
    "url",
    "outlet",
    "title",
];

/// One event with its article's fields, borrowed from the record.
#[derive(Debug, Clone)]
pub(crate) struct EventRow<'a> {
    pub article_id: &'a str,
    pub seq: usize,
    pub date: Option<&'a str>,
    pub date_precision: Option<&'a str>,
    pub published: Option<&'a str>,
    pub source_text: &'a str,
    pub source_name: Option<&'a str>,
    pub source_code: Option<&'a str>,
    pub target_text: Option<&'a str>,
    pub target_name: Option<&'a str>,
    pub target_code: Option<&'a str>,
    pub cameo: &'a str,
    pub root: &'a str,
    pub quad: u8,
    pub goldstein: f32,
    pub plover_type: &'a str,
    pub plover_mode: Option<&'a str>,
    pub plover_context: Option<&'a str>,
    pub place_name: Option<&'a str>,
    pub place_country: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub negated: bool,
    pub modality: &'static str,
    pub claimed_by: Option<&'a str>,
    pub confidence: f32,
    pub sentence: &'a str,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub title: Option<&'a str>,
}

impl<'a> EventRow<'a> {
    pub(crate) fn new(record: &'a Record, seq: usize, e: &'a Event) -> Self {
        let a = &record.article;
        EventRow {
            article_id: &a.id,
            seq,
            date: e.date.as_ref().map(|d| d.value.as_str()),
            date_precision: e.date.as_ref().map(|d| d.precision.as_str()),
            published: a.published.as_ref().map(|p| p.date.as_str()),
            source_text: &e.source.text,
            source_name: e.source.name.as_deref(),
            source_code: e.source.code.as_deref(),
            target_text: e.target.as_ref().map(|t| t.text.as_str()),
            target_name: e.target.as_ref().and_then(|t| t.name.as_deref()),
            target_code: e.target.as_ref().and_then(|t| t.code.as_deref()),
            cameo: &e.cameo,
            root: &e.root,
            quad: e.quad,
            goldstein: e.goldstein,
            plover_type: &e.plover.kind,
            plover_mode: e.plover.mode.as_deref(),
            plover_context: e.plover.context.as_deref(),
            place_name: e.place.as_ref().map(|p| p.name.as_str()),
            place_country: e.place.as_ref().and_then(|p| p.country.as_deref()),
            lat: e.place.as_ref().map(|p| p.lat),
            lon: e.place.as_ref().map(|p| p.lon),
            negated: e.negated,
            modality: modality_name(e.modality),
            claimed_by: e
                .claimed_by
                .as_ref()
                .map(|c| c.name.as_deref().unwrap_or(&c.text)),
            confidence: e.confidence,
            sentence: e.sentence.text(&a.body),
            url: a.url.as_deref(),
            outlet: a.outlet.as_deref(),
            title: a.title.as_deref(),
        }
    }
}

/// The name of a modality as the record JSON writes it.
pub(crate) fn modality_name(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Hypothetical => "hypothetical",
        Modality::Future => "future",
        Modality::Demanded => "demanded",
        // A modality added to the contract later: exported as its JSON name would be unknown
        // here, so say so rather than guess.
        _ => "other",
    }
}

/// Shortest text of a float that reads back to the same value (`3.4`, not `3.4000001`).
pub(crate) fn float_text(x: f32) -> String {
    format!("{x}")
}
