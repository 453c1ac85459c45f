//! PLOVER export: one POLECAT-style JSON object per event, one per line.
//!
//! The shape is [`PloverEvent`]; `docs/schemas/plover.schema.json` is its JSON Schema (every
//! object closed with `additionalProperties: false`) and `scripts/validate-plover.py` checks a
//! file against it. Contexts are a list (the record keeps them `;`-separated); sectors come
//! from the CAMEO type codes of the actor code ([`crate::cameo::sectors`]); the country is the
//! code's country part.

use std::io::Write;

use serde::Serialize;
use sitrep_store::StoredRecord;
use sitrep_types::{ActorRef, Event, Record};

use crate::cameo;
use crate::row::modality_name;
use crate::{Result, Sink};

/// One event in the PLOVER export.
#[derive(Debug, Serialize)]
pub struct PloverEvent<'a> {
    /// `<article id>-<event position>`.
    pub id: String,
    /// The event's date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), else the article's, else null.
    pub date: Option<&'a str>,
    /// `day`, `month`, `year`, or null without a date.
    pub date_precision: Option<&'a str>,
    /// PLOVER event type.
    pub event_type: &'a str,
    /// PLOVER mode, or null.
    pub mode: Option<&'a str>,
    /// PLOVER contexts (possibly empty).
    pub context: Vec<&'a str>,
    /// Who acts.
    pub actor: PloverActor<'a>,
    /// Who is acted upon, or null.
    pub recipient: Option<PloverActor<'a>>,
    /// Where, or null.
    pub location: Option<PloverLocation<'a>>,
    /// Full CAMEO event code.
    pub cameo: &'a str,
    /// CAMEO root.
    pub cameo_root: &'a str,
    /// Quad class 1..4.
    pub quad: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// True for a negated event ("did not attack").
    pub negated: bool,
    /// `asserted`, `hypothetical`, `future`, `demanded`.
    pub modality: &'static str,
    /// The speaker whose claim it is, when read from a quote.
    pub claimed_by: Option<&'a str>,
    /// Confidence 0..1.
    pub confidence: f32,
    /// Where it was read.
    pub source: PloverSource<'a>,
}

/// An actor or recipient.
#[derive(Debug, Serialize)]
pub struct PloverActor<'a> {
    /// Canonical name, else the text as written.
    pub name: &'a str,
    /// The text as written.
    pub text: &'a str,
    /// CAMEO actor code, or null when unresolved.
    pub code: Option<&'a str>,
    /// The code's country (or region) part.
    pub country: Option<&'a str>,
    /// Sectors from the code's role parts.
    pub sectors: Vec<&'static str>,
}

/// A geocoded place.
#[derive(Debug, Serialize)]
pub struct PloverLocation<'a> {
    /// Gazetteer name.
    pub name: &'a str,
    /// ISO alpha-3 country, or null.
    pub country: Option<&'a str>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Feature class, or null.
    pub feature: Option<&'a str>,
    /// GeoNames id, or null.
    pub geonames_id: Option<&'a str>,
}

/// The article and sentence an event was read from.
#[derive(Debug, Serialize)]
pub struct PloverSource<'a> {
    /// The sentence.
    pub text: &'a str,
    /// Article id.
    pub article_id: &'a str,
    /// Article URL, or null.
    pub url: Option<&'a str>,
    /// Outlet, or null.
    pub outlet: Option<&'a str>,
    /// Headline, or null.
    pub title: Option<&'a str>,
    /// Publication date, or null.
    pub published: Option<&'a str>,
}

impl<'a> PloverEvent<'a> {
    /// The PLOVER view of event `seq` of `record`.
    #[must_use]
    pub fn new(record: &'a Record, seq: usize, e: &'a Event) -> Self {
        let a = &record.article;
        let published = a.published.as_ref().map(|p| p.date.as_str());
        let (date, date_precision) = match &e.date {
            Some(d) => (Some(d.value.as_str()), Some(d.precision.as_str())),
            None => (published, published.map(|_| "day")),
        };
        PloverEvent {
            id: format!("{}-{seq}", a.id),
            date,
            date_precision,
            event_type: &e.plover.kind,
            mode: e.plover.mode.as_deref(),
            context: e
                .plover
                .context
                .as_deref()
                .map(|c| {
                    c.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            actor: actor(&e.source),
            recipient: e.target.as_ref().map(actor),
            location: e.place.as_ref().map(|p| PloverLocation {
                name: &p.name,
                country: p.country.as_deref(),
                lat: p.lat,
                lon: p.lon,
                feature: p.feature.as_deref(),
                geonames_id: p.gazetteer_id.as_deref(),
            }),
            cameo: &e.cameo,
            cameo_root: &e.root,
            quad: e.quad,
            goldstein: e.goldstein,
            negated: e.negated,
            modality: modality_name(e.modality),
            claimed_by: e
                .claimed_by
                .as_ref()
                .map(|c| c.name.as_deref().unwrap_or(&c.text)),
            confidence: e.confidence,
            source: PloverSource {
                text: e.sentence.text(&a.body),
                article_id: &a.id,
                url: a.url.as_deref(),
                outlet: a.outlet.as_deref(),
                title: a.title.as_deref(),
                published,
            },
        }
    }
}

fn actor(a: &ActorRef) -> PloverActor<'_> {
    let code = a.code.as_deref().filter(|c| !c.is_empty());
    PloverActor {
        name: a.name.as_deref().unwrap_or(&a.text),
        text: &a.text,
        code,
        country: code.and_then(|c| cameo::split(c).country),
        sectors: code.map(cameo::sectors).unwrap_or_default(),
    }
}

/// Writes events as PLOVER JSON lines.
#[derive(Debug)]
pub struct PloverWriter<W: Write> {
    out: W,
    line: Vec<u8>,
}

impl<W: Write> PloverWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        PloverWriter {
            out,
            line: Vec::new(),
        }
    }
}

impl<W: Write> Sink for PloverWriter<W> {
    fn record(&mut self, stored: &StoredRecord) -> Result<u64> {
        let record = &stored.record;
        self.line.clear();
        for (seq, e) in record.events.iter().enumerate() {
            serde_json::to_writer(&mut self.line, &PloverEvent::new(record, seq, e))?;
            self.line.push(b'\n');
        }
        self.out.write_all(&self.line)?;
        Ok(record.events.len() as u64)
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}
