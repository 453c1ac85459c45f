//! The sitrep record contract.
//!
//! Every stage of sitrep speaks in these types: ingestion produces [`Document`]s, extraction
//! turns a document into an [`Article`], and the analysis stages add [`Mention`]s, [`Quote`]s,
//! [`Event`]s, [`Place`]s and [`TimeExpr`]s, all pointing back into the article body with
//! [`Span`]s (half-open byte offsets into `Article::body`). [`Record`] is the whole result for
//! one document: it is what `sitrep code` prints, what the store keeps and what the API serves.
//!
//! The JSON shape of [`Record`] is a contract (see `docs/records.md`): its top-level keys and
//! the article's keys are fixed; new keys may be added, existing ones are never renamed
//! without a migration note.
//!
//! ```
//! use sitrep_types::{Article, Record, Span};
//!
//! let mut article = Article::default();
//! article.body = "Kadyrov wrote on Telegram.".to_string();
//! article.paragraphs = vec![Span::new(0, article.body.len())];
//! article.id = Article::compute_id(None, &article.body);
//! let record = Record::new(article);
//! let json = serde_json::to_value(&record).unwrap();
//! assert_eq!(json["article"]["paragraphs"][0], serde_json::json!([0, 26]));
//! assert!(json["events"].as_array().unwrap().is_empty());
//! ```
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the record contract this crate describes. Bumped when a key is renamed or
/// its meaning changes; adding keys does not bump it.
pub const SCHEMA_VERSION: u32 = 1;

/// A half-open byte range `[start, end)` into `Article::body`. Serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; panics in debug builds if `end < start`.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span end before start");
        Span { start, end }
    }
    /// Length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// The text the span covers in `body` (empty when out of range or not on char boundaries).
    #[must_use]
    pub fn text<'a>(&self, body: &'a str) -> &'a str {
        body.get(self.start..self.end).unwrap_or("")
    }
    /// True when `other` lies inside this span.
    #[must_use]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        if end < start {
            return Err(serde::de::Error::custom("span end before start"));
        }
        Ok(Span { start, end })
    }
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/// What kind of input a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OriginKind {
    /// A file on disk.
    #[default]
    File,
    /// One line of a JSON-lines file.
    Jsonl,
    /// A WARC response or resource record.
    Warc,
    /// An item of an RSS or Atom feed.
    Feed,
    /// A page fetched over HTTP(S).
    Http,
    /// Standard input.
    Stdin,
    /// A request body given to the API.
    Api,
}

/// Where a document came from, precisely enough to find it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Origin {
    /// The kind of source.
    pub kind: OriginKind,
    /// The file the document was read from (for JSONL, WARC and feed files, the container).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The URL it was fetched from or that the container names for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The WARC-Record-ID, the feed item id, or the JSONL line number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

impl Origin {
    /// A human-readable name for error messages: path, then record, then URL.
    #[must_use]
    pub fn describe(&self) -> String {
        match (&self.path, &self.record, &self.url) {
            (Some(p), Some(r), _) => format!("{p} [{r}]"),
            (Some(p), None, _) => p.clone(),
            (None, _, Some(u)) => u.clone(),
            (None, Some(r), None) => r.clone(),
            (None, None, None) => "<input>".to_string(),
        }
    }
}

/// The declared or sniffed format of a document's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DocFormat {
    /// Decide from the bytes.
    #[default]
    Auto,
    /// An HTML page.
    Html,
    /// Plain text; the first line may be the title.
    Text,
}

/// Raw input before extraction: bytes plus everything known about where they came from.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The raw bytes, undecoded.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub origin: Origin,
    /// The HTTP or WARC `Content-Type` header, if any (may carry a charset).
    pub content_type: Option<String>,
    /// When it was fetched (RFC 3339), if known.
    pub fetched_at: Option<String>,
    /// Format of the bytes.
    pub format: DocFormat,
    /// The page's URL as the source knows it (overridden by a canonical link in the page).
    pub url: Option<String>,
    /// A publication date the source gives (JSONL `published`, feed item date), `YYYY-MM-DD...`.
    pub published: Option<String>,
    /// An outlet name the source gives.
    pub outlet: Option<String>,
    /// A title the source gives (feed item title).
    pub title: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Article
// ---------------------------------------------------------------------------------------------

/// Where a publication date was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DateSource {
    /// A `<meta>` tag (`article:published_time`, `date`, Dublin Core, …).
    Meta,
    /// JSON-LD `datePublished`.
    Jsonld,
    /// The URL path (`/2023/10/10/`).
    Url,
    /// A date written in the page text (`<time>`, a dateline, "Published …").
    Text,
    /// Inferred from the latest explicit date mentioned in the body.
    Inferred,
    /// Given by the caller (`--date`) or by the container (JSONL, feed item).
    Given,
}

/// The publication date of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM[:SS]` with an offset when known (`08:14:00+07:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Where the date came from.
    pub source: DateSource,
}

/// The role an outlet or source plays for the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CitationRole {
    /// An outlet that passed the content on ("quoted by Newsweek", "told TASS").
    Relay,
    /// A channel the content was first published on (Telegram, X, a press conference).
    Medium,
    /// A source line of the page ("Source: Reuters").
    Source,
}

/// An outlet, channel or source named by the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The name as written ("Newsweek").
    pub name: String,
    /// What role it plays.
    pub role: CitationRole,
    /// Where it is named in the body.
    pub span: Span,
}

/// A link found in the article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Absolute URL when the page URL is known, else as written.
    pub url: String,
    /// Anchor text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A problem found with the input that did not stop processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// A stable kebab-case identifier: `empty-source-line`, `no-date`, `no-title`,
    /// `boilerplate-only`, `charset-guessed`, `truncated`, …
    pub kind: String,
    /// A sentence for people.
    pub message: String,
}

impl Warning {
    /// A warning of `kind` with `message`.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            kind: kind.into(),
            message: message.into(),
        }
    }
}

/// A news article: the clean text and metadata of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Stable id: a hash of the canonical URL, or of the body when there is no URL.
    pub id: String,
    /// Canonical URL when known.
    pub url: Option<String>,
    /// The outlet (site name).
    pub outlet: Option<String>,
    /// The headline, not the site name.
    pub title: Option<String>,
    /// The publication date.
    pub published: Option<Published>,
    /// The date the page says it was last updated, when it says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Published>,
    /// ISO 639-1 language code when known.
    pub language: Option<String>,
    /// Section and tag names.
    pub tags: Vec<String>,
    /// Author(s) as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The summary the page gives (meta description), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Plain text; paragraphs separated by one blank line. All spans point into it.
    pub body: String,
    /// One span per paragraph of `body`.
    pub paragraphs: Vec<Span>,
    /// Links inside the main text.
    pub links: Vec<Link>,
    /// Outlets, media and sources the page names.
    pub citations: Vec<Citation>,
    /// Problems worth knowing about.
    pub warnings: Vec<Warning>,
    /// Where the document came from.
    #[serde(default)]
    pub origin: Origin,
}

impl Article {
    /// The stable article id: the first 16 bytes of SHA-256 over the canonical URL (lowercased
    /// scheme and host, no fragment) or, without a URL, over the body text, in hex.
    #[must_use]
    pub fn compute_id(url: Option<&str>, body: &str) -> String {
        let mut h = Sha256::new();
        match url {
            Some(u) if !u.trim().is_empty() => {
                h.update(b"url:");
                h.update(normalize_url_for_id(u).as_bytes());
            }
            _ => {
                h.update(b"body:");
                h.update(body.as_bytes());
            }
        }
        let digest = h.finalize();
        let mut s = String::with_capacity(32);
        for b in &digest[..16] {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
        }
        s
    }

    /// The text of a paragraph, by index.
    #[must_use]
    pub fn paragraph(&self, i: usize) -> Option<&str> {
        self.paragraphs.get(i).map(|s| s.text(&self.body))
    }
}

fn normalize_url_for_id(u: &str) -> String {
    let u = u.trim();
    let u = u.split('#').next().unwrap_or(u);
    // Lowercase scheme and host; keep the path as is.
    if let Some(idx) = u.find("://") {
        let (scheme, rest) = u.split_at(idx);
        let rest = &rest[3..];
        let host_end = rest.find('/').unwrap_or(rest.len());
        let (host, path) = rest.split_at(host_end);
        let path = if path.is_empty() { "/" } else { path };
        format!(
            "{}://{}{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase(),
            path
        )
    } else {
        u.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Actors and mentions
// ---------------------------------------------------------------------------------------------

/// A CAMEO actor code held over a period (`RUSGOV 2007-04-05..`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRole {
    /// CAMEO actor code (`RUSGOV`).
    pub code: String,
    /// First day the role holds (`YYYY-MM-DD`), open when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day the role holds, open when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// A description ("head of the Chechen Republic").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A canonical actor from the dictionaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Actor {
    /// Stable id (`ramzan_kadyrov`, `RUS`).
    pub id: String,
    /// Preferred name.
    pub name: String,
    /// Other names and spellings.
    pub names: Vec<String>,
    /// Dated CAMEO codes.
    pub roles: Vec<ActorRole>,
    /// Sector (government, military, media, rebel, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// ISO alpha-3 or CAMEO region code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Wikidata id (`Q...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

/// The type of a named-entity mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A location that is not a political entity.
    Loc,
    /// A geo-political entity (country, city, region).
    Gpe,
    /// A nationality, religious or political group.
    Norp,
    /// Anything else.
    Misc,
}

/// A mention of an entity in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The text as written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Canonical actor id when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// CAMEO code of the actor as of the article date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Coreference chain id: mentions of the same entity share it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<u32>,
}

/// An actor as it takes part in a quote or an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ActorRef {
    /// The text as written.
    pub text: String,
    /// Where, when it is written in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Canonical name when resolved ("Ramzan Kadyrov" for "he").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Canonical actor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// CAMEO actor code as of the article date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------------------------

/// Direct, indirect or mixed speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum QuoteKind {
    /// Inside quotation marks.
    Direct,
    /// Reported speech ("X said that …").
    Indirect,
    /// Reported speech with quoted fragments.
    Mixed,
}

/// The words that introduce a quote ("wrote", "according to", a dash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as written.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// Something someone said or wrote, and the chain that carried it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The content.
    pub text: String,
    /// Where the content is.
    pub span: Span,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// Who said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<ActorRef>,
    /// The cue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Cue>,
    /// The channel (Telegram, interview, statement, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    /// Outlets that passed it on, nearest first.
    #[serde(default)]
    pub relays: Vec<String>,
    /// 0..1.
    pub confidence: f32,
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// PLOVER coding of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Plover {
    /// Event type (ASSAULT, SUPPORT, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Mode, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Context, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// Modality of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Modality {
    /// Reported as having happened or happening.
    #[default]
    Asserted,
    /// Conditional or possible.
    Hypothetical,
    /// Planned or announced.
    Future,
    /// Demanded of someone.
    Demanded,
}

/// A dated value with its precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub value: String,
    /// `day`, `month`, `year`.
    pub precision: String,
    /// Where it came from: `sentence` (a time expression) or `article`.
    pub source: String,
}

/// Who did what to whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The actor that acts.
    pub source: ActorRef,
    /// The actor acted upon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ActorRef>,
    /// Full CAMEO code (`195`, `0334`).
    pub cameo: String,
    /// CAMEO root (`19`).
    pub root: String,
    /// Quad class 1..4.
    pub quad: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// PLOVER type, mode, context.
    pub plover: Plover,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    /// Where (index into `places` is not used: the place itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// "did not attack".
    pub negated: bool,
    /// Asserted, hypothetical, future, demanded.
    pub modality: Modality,
    /// The speaker whose claim this is, when it comes from a quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<ActorRef>,
    /// The sentence it was read from.
    pub sentence: Span,
    /// The predicate's span.
    pub span: Span,
    /// Every span supporting it (after merging duplicates).
    #[serde(default)]
    pub evidence: Vec<Span>,
    /// 0..1.
    pub confidence: f32,
}

// ---------------------------------------------------------------------------------------------
// Time and place
// ---------------------------------------------------------------------------------------------

/// A geocoded place name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// As written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Gazetteer name.
    pub name: String,
    /// ISO alpha-3 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Gazetteer id (GeoNames id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_id: Option<String>,
    /// Feature class (country, region, city, area, site).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// The TIMEX3 type of a temporal expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum TimeType {
    /// A calendar date or period.
    Date,
    /// A time of day.
    Time,
    /// A length of time.
    Duration,
    /// A recurring time.
    Set,
}

/// A temporal expression and its normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// As written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimeType,
    /// TIMEX3 value (`2023-10-07`, `P2D`, `XXXX-WXX-5`).
    pub value: String,
    /// What it was resolved against (`DCT` or another expression's value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Sentences (the linguistic analysis, behind `--with-parse`)
// ---------------------------------------------------------------------------------------------

/// A syntactic word of the body with its analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Token {
    /// The word form (for a split clitic, its part: `do`, `n't`).
    pub text: String,
    /// Where it is in the body (a split clitic points at its part of the surface token).
    pub span: Span,
    /// Lemma.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lemma: String,
    /// Universal part of speech.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub upos: String,
    /// Penn Treebank tag.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub xpos: String,
    /// UD features (`Tense=Past|VerbForm=Fin`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feats: String,
    /// Head: 1-based index of the head token within the sentence, 0 for the root.
    pub head: usize,
    /// Universal dependency relation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub deprel: String,
    /// Entity tag in IOB2 (`B-PER`), when not `O`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ner: Option<String>,
}

/// A sentence of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sentence {
    /// Where it is in the body.
    pub span: Span,
    /// Its words.
    pub tokens: Vec<Token>,
}

// ---------------------------------------------------------------------------------------------
// The record
// ---------------------------------------------------------------------------------------------

/// Everything sitrep read off one document: what `sitrep code` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The article.
    pub article: Article,
    /// Named-entity mentions.
    #[serde(default)]
    pub entities: Vec<Mention>,
    /// Quotes.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Events.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Places.
    #[serde(default)]
    pub places: Vec<Place>,
    /// Temporal expressions.
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    /// Sentences with tokens, tags and dependency heads (only with `--with-parse`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Sentence>,
    /// Contract version.
    #[serde(default = "schema_version")]
    pub schema: u32,
}

fn schema_version() -> u32 {
    SCHEMA_VERSION
}

impl Record {
    /// A record holding only an article.
    #[must_use]
    pub fn new(article: Article) -> Self {
        Record {
            article,
            entities: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            places: Vec::new(),
            times: Vec::new(),
            sentences: Vec::new(),
            schema: SCHEMA_VERSION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_round_trips_as_pair() {
        let s = Span::new(3, 9);
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, "[3,9]");
        let back: Span = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn id_ignores_fragment_and_host_case() {
        let a = Article::compute_id(Some("https://Example.COM/a/b#x"), "");
        let b = Article::compute_id(Some("https://example.com/a/b"), "other");
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        let c = Article::compute_id(None, "body");
        assert_ne!(a, c);
    }

    #[test]
    fn record_has_contract_keys() {
        let v = serde_json::to_value(Record::new(Article::default())).unwrap();
        for k in ["article", "entities", "quotes", "events", "places", "times"] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        for k in [
            "id",
            "url",
            "outlet",
            "title",
            "published",
            "language",
            "tags",
            "body",
            "paragraphs",
            "links",
            "citations",
            "warnings",
        ] {
            assert!(v["article"].get(k).is_some(), "missing article.{k}");
        }
    }
}
