//! The per-document pipeline: a [`Document`] in, a [`Record`] out.
//!
//! Every stage is a pure function of the document plus resources loaded once, so the same
//! [`Pipeline`] is shared by all worker threads.

use sitrep_actors::Dictionary;
use sitrep_events::Coder;
use sitrep_extract::{ExtractOptions, Extractor};
use sitrep_nlp::analyze::Analyzer;
use sitrep_types::{Article, Document, EntityType, Mention, Record, Span};
use std::sync::Arc;

/// The actor dictionary and the event coder, loaded once.
#[derive(Debug)]
pub struct EventCoding {
    /// Actors.
    pub dict: Dictionary,
    /// Event patterns and codes.
    pub coder: Coder,
}

/// Everything needed to code documents; build once, share across threads.
#[derive(Debug, Clone)]
pub struct Pipeline {
    extractor: Extractor,
    analyzer: Option<Arc<Analyzer>>,
    events: Option<Arc<EventCoding>>,
    with_parse: bool,
}

/// Builds a [`Pipeline`].
#[derive(Debug, Clone, Default)]
pub struct PipelineBuilder {
    extract: ExtractOptions,
    analyzer: Option<Arc<Analyzer>>,
    events: Option<Arc<EventCoding>>,
    with_parse: bool,
}

impl PipelineBuilder {
    /// Extraction options (`--url`, `--date`).
    #[must_use]
    pub fn extract_options(mut self, opts: ExtractOptions) -> Self {
        self.extract = opts;
        self
    }

    /// The linguistic analyser (entities; sentences too with [`PipelineBuilder::with_parse`]).
    #[must_use]
    pub fn analyzer(mut self, analyzer: Option<Arc<Analyzer>>) -> Self {
        self.analyzer = analyzer;
        self
    }

    /// The actor dictionary and event coder (actors of mentions, events; needs the analyser).
    #[must_use]
    pub fn events(mut self, events: Option<Arc<EventCoding>>) -> Self {
        self.events = events;
        self
    }

    /// Put the sentences with their tokens, tags and heads into the record.
    #[must_use]
    pub fn with_parse(mut self, yes: bool) -> Self {
        self.with_parse = yes;
        self
    }

    /// Load resources and build the pipeline.
    #[must_use]
    pub fn build(self) -> Pipeline {
        if self.analyzer.is_some() {
            // Places need the gazetteer: load it now, once, rather than inside the first
            // document.
            let _ = sitrep_geo::Gazetteer::embedded();
        }
        Pipeline {
            extractor: Extractor::new(self.extract),
            analyzer: self.analyzer,
            events: self.events,
            with_parse: self.with_parse,
        }
    }
}

impl Pipeline {
    /// A builder with default options.
    #[must_use]
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The extractor.
    #[must_use]
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Code one document.
    pub fn code(&self, doc: &Document) -> Result<Record, sitrep_extract::ExtractError> {
        let article = self.extractor.extract(doc)?;
        Ok(self.code_article(article))
    }

    /// Code an article that is already extracted (its body and paragraphs set): entities,
    /// events and quotes.
    #[must_use]
    pub fn code_article(&self, article: Article) -> Record {
        let mut record = Record::new(article);
        record.times = times(&record.article);
        if let Some(an) = &self.analyzer {
            analyse(an, self.events.as_deref(), &mut record, self.with_parse);
        }
        record
    }
}

/// The body's temporal expressions, resolved against the publication date (spans into the
/// body, as the tagger sees the whole body at once).
fn times(article: &sitrep_types::Article) -> Vec<sitrep_types::TimeExpr> {
    let dct = article
        .published
        .as_ref()
        .and_then(|p| sitrep_time::parse_date(&p.date).ok());
    sitrep_time::find(&article.body, dct, &sitrep_time::Options::default())
}

/// The event places of the body: the LOC and GPE mentions plus the gazetteer's country, area
/// and site names that no other mention covers, resolved by `sitrep-geo` (metonyms such as
/// `Moscow said` are left out: they stay entities with their actor codes).
fn places(body: &str, entities: &[Mention]) -> Vec<sitrep_types::Place> {
    let geo = sitrep_geo::Geoparser::new(sitrep_geo::Gazetteer::embedded());
    geo.places(body, &toponym_spans(&geo, body, entities))
}

/// The toponyms of the body: LOC and GPE mentions, plus gazetteer names no other mention
/// covers (see `places` below).
pub fn toponym_spans(
    geo: &sitrep_geo::Geoparser<'_>,
    body: &str,
    entities: &[Mention],
) -> Vec<Span> {
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    let mut spans: Vec<Span> = entities
        .iter()
        .filter(|m| matches!(m.kind, EntityType::Loc | EntityType::Gpe))
        .map(|m| m.span)
        .collect();
    for s in geo.scan_features(body) {
        let other = entities
            .iter()
            .any(|m| overlaps(m.span, s) && !matches!(m.kind, EntityType::Loc | EntityType::Gpe));
        if other {
            continue;
        }
        // A longer gazetteer name replaces the mentions inside it (`Gaza` of `Gaza Strip`).
        if spans.iter().any(|t| overlaps(*t, s) && t.len() >= s.len()) {
            continue;
        }
        spans.retain(|t| !overlaps(*t, s));
        spans.push(s);
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// Analyse the body paragraph by paragraph: sentences (kept when asked), entity mentions
/// resolved to actors, and events.
fn analyse(an: &Analyzer, ev: Option<&EventCoding>, record: &mut Record, with_parse: bool) {
    let body = &record.article.body;
    let mut sentences = Vec::new();
    let mut entities = Vec::new();
    for p in &record.article.paragraphs {
        let text = p.text(body);
        for s in an.analyze(text) {
            entities.extend(s.mentions(p.start, body));
            sentences.push(s.to_record(p.start));
        }
    }
    let date = record.article.published.as_ref().map(|p| p.date.as_str());
    if let Some(ev) = ev {
        for m in &mut entities {
            if let Some(r) = ev.dict.resolve_phrase(&m.text, date) {
                m.actor = Some(r.actor_id);
                m.code = Some(r.code);
            }
        }
        record.events = ev.coder.code_article(&ev.dict, body, date, &sentences);
    }
    record.quotes = sitrep_quotes::find(
        &sitrep_quotes::Input {
            body,
            paragraphs: &record.article.paragraphs,
            sentences: &sentences,
            entities: &entities,
            date,
        },
        ev.map(|e| &e.dict),
    );
    record.places = places(body, &entities);
    locate_events(&mut record.events, &record.places);
    record.entities = entities;
    if with_parse {
        record.sentences = sentences;
    }
}

/// Where each event happened: the place named in the event's sentence closest to the event's
/// words, leaving out places that are the event's own source or target ("Israel struck Gaza":
/// Gaza, not Israel). An event whose sentence names no other place keeps none.
pub fn locate_events(events: &mut [sitrep_types::Event], places: &[sitrep_types::Place]) {
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    for ev in events.iter_mut().filter(|e| e.place.is_none()) {
        let actors: Vec<Span> = std::iter::once(&ev.source)
            .chain(ev.target.as_ref())
            .filter_map(|a| a.span)
            .collect();
        let distance = |p: &sitrep_types::Place| {
            if p.span.start >= ev.span.end {
                p.span.start - ev.span.end
            } else {
                ev.span.start.saturating_sub(p.span.end)
            }
        };
        ev.place = places
            .iter()
            .filter(|p| ev.sentence.contains(p.span))
            .filter(|p| !actors.iter().any(|a| overlaps(*a, p.span)))
            .min_by_key(|p| (distance(p), p.span.start))
            .cloned();
    }
}
