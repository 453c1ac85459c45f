//! The analyst's queries: events, quotes and actors with shared filters, and the aggregates the
//! web page draws (timeline, network, map, dyads, stances, summary).
//!
//! Every query takes a [`Filter`]. Its fields are bound as SQL parameters, never spliced into
//! the SQL text, so quotes, `%`, `;` and other metacharacters in a filter are plain text.
//! Aggregates are computed by SQLite (`GROUP BY`) so a store of 100,000 events answers without
//! reading them into memory.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use serde::Serialize;

use crate::date::check_filter;
use crate::error::{InternalError, Result, UserError};
use crate::query::{fts_query, ArticleRow};

/// Largest page a list query returns.
pub const MAX_LIMIT: usize = 500;

/// The names of the 20 CAMEO root codes (CAMEO 1.1b3 codebook).
pub const CAMEO_ROOTS: [(&str, &str); 20] = [
    ("01", "Make public statement"),
    ("02", "Appeal"),
    ("03", "Express intent to cooperate"),
    ("04", "Consult"),
    ("05", "Engage in diplomatic cooperation"),
    ("06", "Engage in material cooperation"),
    ("07", "Provide aid"),
    ("08", "Yield"),
    ("09", "Investigate"),
    ("10", "Demand"),
    ("11", "Disapprove"),
    ("12", "Reject"),
    ("13", "Threaten"),
    ("14", "Protest"),
    ("15", "Exhibit force posture"),
    ("16", "Reduce relations"),
    ("17", "Coerce"),
    ("18", "Assault"),
    ("19", "Fight"),
    ("20", "Use unconventional mass violence"),
];

/// The name of CAMEO root `root`, if it is one.
#[must_use]
pub fn root_label(root: &str) -> Option<&'static str> {
    CAMEO_ROOTS
        .iter()
        .find(|(code, _)| *code == root)
        .map(|(_, name)| *name)
}

/// What to select. Every field is optional; set fields combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// On or after this day (`YYYY-MM-DD`): the event date for events and their aggregates, the
    /// publication date for articles and quotes.
    pub since: Option<String>,
    /// On or before this day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// An actor: a CAMEO code prefix (`RUS` matches `RUSGOV`), a canonical actor id, or the
    /// start of a name (any case). Events match on their source or target, quotes on their
    /// speaker, actor listings on the actor itself.
    pub actor: Option<String>,
    /// CAMEO root (`"04"`).
    pub root: Option<String>,
    /// CAMEO code prefix (`"0871"`, or `"08"` for the whole root).
    pub cameo: Option<String>,
    /// PLOVER event type (any case).
    pub plover: Option<String>,
    /// Quad class, 1 to 4.
    pub quad: Option<u8>,
    /// Outlet, exactly as stored.
    pub outlet: Option<String>,
    /// Country of the event place (ISO 3166 alpha-3, any case).
    pub country: Option<String>,
    /// Full-text words the article must hold; for quotes, words of the quote, its speaker,
    /// medium or relays.
    pub q: Option<String>,
}

impl Filter {
    /// Checks the values: days, quad class, CAMEO codes, search words.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] naming the bad value.
    pub fn check(&self) -> Result<()> {
        check_filter("since", self.since.as_deref())?;
        check_filter("until", self.until.as_deref())?;
        if let (Some(s), Some(u)) = (&self.since, &self.until) {
            if s > u {
                return Err(invalid(format!("`since` ({s}) is after `until` ({u})")));
            }
        }
        if let Some(q) = self.quad {
            if !(1..=4).contains(&q) {
                return Err(invalid(format!("`quad` must be 1 to 4, not {q}")));
            }
        }
        if let Some(r) = &self.root {
            if root_label(r).is_none() {
                return Err(invalid(format!(
                    "`root` must be a CAMEO root from 01 to 20, not {r:?}"
                )));
            }
        }
        if let Some(c) = &self.cameo {
            if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!(
                    "`cameo` must be 1 to 4 digits of a CAMEO code, not {c:?}"
                )));
            }
        }
        if let Some(q) = &self.q {
            if fts_query(q).is_none() {
                return Err(invalid(format!("`q` ({q:?}) has no words to search for")));
            }
        }
        for (name, v) in [
            ("actor", &self.actor),
            ("plover", &self.plover),
            ("outlet", &self.outlet),
            ("country", &self.country),
        ] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(invalid(format!("`{name}` is empty")));
            }
        }
        Ok(())
    }

    /// True when a filter only events have is set (root, CAMEO, PLOVER, quad, country).
    #[must_use]
    pub fn has_event_type(&self) -> bool {
        self.root.is_some()
            || self.cameo.is_some()
            || self.plover.is_some()
            || self.quad.is_some()
            || self.country.is_some()
    }
}

pub(crate) fn invalid(msg: String) -> crate::Error {
    UserError::InvalidQuery(msg).into()
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// How many rows match in all.
    pub total: u64,
    /// The page size asked for.
    pub limit: usize,
    /// Rows skipped before this page.
    pub offset: usize,
    /// The rows of this page.
    pub items: Vec<T>,
}

/// Which page to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Page size, at most [`MAX_LIMIT`].
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            limit: 50,
            offset: 0,
        }
    }
}

impl Paging {
    pub(crate) fn check(self) -> Result<Self> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(invalid(format!(
                "`limit` must be 1 to {MAX_LIMIT}, not {}",
                self.limit
            )));
        }
        Ok(self)
    }
}

/// An actor as a row shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCell {
    /// As written.
    pub text: Option<String>,
    /// Canonical name.
    pub name: Option<String>,
    /// Canonical actor id.
    pub actor: Option<String>,
    /// CAMEO actor code.
    pub code: Option<String>,
}

/// A place as an event row shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCell {
    /// Gazetteer name.
    pub name: String,
    /// ISO 3166 alpha-3 country.
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// The article a row comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleCell {
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Publication day.
    pub date: Option<String>,
}

/// PLOVER coding of an event row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverCell {
    /// Event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mode.
    pub mode: Option<String>,
    /// Context.
    pub context: Option<String>,
}

/// One event of [`crate::Store::events`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// Article id.
    pub article_id: String,
    /// Position in the article's event list.
    pub seq: u32,
    /// Event day (`YYYY-MM-DD`, or coarser).
    pub date: Option<String>,
    /// Who acted.
    pub source: ActorCell,
    /// On whom.
    pub target: Option<ActorCell>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root.
    pub root: String,
    /// Quad class.
    pub quad: u8,
    /// Goldstein score.
    pub goldstein: f64,
    /// PLOVER coding.
    pub plover: PloverCell,
    /// Where.
    pub place: Option<PlaceCell>,
    /// Negated ("did not attack").
    pub negated: bool,
    /// Modality (`asserted`, `claimed`, …).
    pub modality: String,
    /// Byte span of the sentence in the body.
    pub sentence: [u64; 2],
    /// Byte span of the event's words.
    pub span: [u64; 2],
    /// The sentence.
    pub text: String,
    /// The article.
    pub article: ArticleCell,
}

/// One quote of [`crate::Store::quotes`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Article id.
    pub article_id: String,
    /// Position in the article's quote list.
    pub seq: u32,
    /// What was said.
    pub text: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// Who said it.
    pub speaker: Option<ActorCell>,
    /// The cue verb or phrase.
    pub cue: Option<String>,
    /// Where it was said (Telegram, a statement).
    pub medium: Option<String>,
    /// Outlets that relayed it.
    pub relays: Vec<String>,
    /// Byte span in the body.
    pub span: [u64; 2],
    /// Confidence.
    pub confidence: f64,
    /// The article.
    pub article: ArticleCell,
}

/// One actor of [`crate::Store::actors`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRow {
    /// CAMEO code.
    pub code: String,
    /// The name it goes by most often.
    pub name: Option<String>,
    /// Events it is the source of.
    pub events_source: u64,
    /// Events it is the target of.
    pub events_target: u64,
    /// Quotes it is the speaker of.
    pub quotes: u64,
}

/// Events of one day by quad class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Events of quad classes 1 to 4.
    pub quad: [u64; 4],
}

/// An actor of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// CAMEO code.
    pub id: String,
    /// Its most frequent name.
    pub label: String,
    /// Events it takes part in.
    pub events: u64,
}

/// Who acts on whom, how often and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Mean Goldstein score.
    pub goldstein: f64,
}

/// The actor network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// Actors, most active first.
    pub nodes: Vec<Node>,
    /// Source → target pairs among them, busiest first.
    pub edges: Vec<Edge>,
}

/// A place on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapPlace {
    /// Gazetteer name.
    pub name: String,
    /// Country.
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Events located there.
    pub events: u64,
    /// Mentions in the matching articles.
    pub mentions: u64,
}

/// Time step of [`crate::Store::dyads`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// Calendar day.
    Day,
    /// ISO week (`2024-W11`).
    Week,
    /// Calendar month.
    #[default]
    Month,
}

/// Source → target counts in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dyad {
    /// The period (`2024-03-14`, `2024-W11`, `2024-03`).
    pub period: String,
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Mean Goldstein score.
    pub goldstein: f64,
}

/// Who supports or opposes whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stance {
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// `support` (cooperation, quad 1–2) or `oppose` (conflict, quad 3–4).
    pub stance: &'static str,
    /// Events the source is the subject of.
    pub events: u64,
    /// Events inside a quote of the source (what the source said of the target).
    pub quotes: u64,
}

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RootCount {
    /// CAMEO root.
    pub root: String,
    /// Its name.
    pub label: &'static str,
    /// Events.
    pub events: u64,
}

/// Events of one PLOVER type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PloverCount {
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Events.
    pub events: u64,
}

/// Articles of one outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    /// Outlet.
    pub outlet: String,
    /// Articles.
    pub articles: u64,
}

/// Totals for the page header and its filter menus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Matching articles.
    pub articles: u64,
    /// Matching events.
    pub events: u64,
    /// Matching quotes.
    pub quotes: u64,
    /// Distinct actor codes of the matching events.
    pub actors: u64,
    /// Distinct places of the matching events.
    pub places: u64,
    /// Earliest event day.
    pub first_date: Option<String>,
    /// Latest event day.
    pub last_date: Option<String>,
    /// Events by CAMEO root (ignoring the root and CAMEO filters).
    pub roots: Vec<RootCount>,
    /// Events by PLOVER type (ignoring the PLOVER filter).
    pub plover: Vec<PloverCount>,
    /// Articles by outlet (ignoring the outlet filter).
    pub outlets: Vec<OutletCount>,
}

// ---------------------------------------------------------------------------------------------
// SQL building
// ---------------------------------------------------------------------------------------------

/// WHERE clauses with their bound values.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    args: Vec<Value>,
    /// The clauses refer to `a` (articles).
    article: bool,
}

impl Where {
    fn push(&mut self, clause: impl Into<String>, args: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.into());
        self.args.extend(args);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// `s` as the start of a LIKE pattern, with `\` escaping `%`, `_` and `\`.
fn like_prefix(s: &str) -> Value {
    let mut p = String::with_capacity(s.len() + 1);
    for c in s.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    Value::Text(p)
}

/// `s` as the start of a later word of a name (`Kanyuka` in `Lawrence Kanyuka`).
fn like_word(s: &str) -> Value {
    let Value::Text(p) = like_prefix(s) else {
        unreachable!()
    };
    Value::Text(format!("% {p}"))
}

fn like_within(s: &str) -> Value {
    let Value::Text(p) = like_prefix(s) else {
        unreachable!()
    };
    Value::Text(format!("%{p}"))
}

/// Which event filters to leave out (the summary's menus ignore their own filter).
#[derive(Clone, Copy, Default)]
struct Skip {
    types: bool,
    plover: bool,
}

/// The event clauses of `f`, on `events e` (and `articles a` when `w.article`).
fn event_where(f: &Filter, skip: Skip) -> Where {
    let mut w = Where::default();
    if let Some(s) = &f.since {
        w.push("e.date >= ?", [text(s)]);
    }
    if let Some(u) = &f.until {
        // `2024-03-14T…` and `2024-03-14` both sort before `2024-03-15`.
        w.push("e.date < ? || 'z'", [text(u)]);
    }
    if let Some(a) = &f.actor {
        let p = like_prefix(a);
        let exact = text(a.trim());
        let word = like_word(a);
        w.push(
            "(e.source_code LIKE ? ESCAPE '\\' OR e.target_code LIKE ? ESCAPE '\\'
              OR e.source_name LIKE ? ESCAPE '\\' OR e.target_name LIKE ? ESCAPE '\\'
              OR e.source_name LIKE ? ESCAPE '\\' OR e.target_name LIKE ? ESCAPE '\\'
              OR e.source_actor = ? OR e.target_actor = ?)",
            [
                p.clone(),
                p.clone(),
                p.clone(),
                p,
                word.clone(),
                word,
                exact.clone(),
                exact,
            ],
        );
    }
    if !skip.types {
        if let Some(r) = &f.root {
            w.push("e.root = ?", [text(r)]);
        }
        if let Some(c) = &f.cameo {
            w.push("e.cameo LIKE ? ESCAPE '\\'", [like_prefix(c)]);
        }
    }
    if !skip.plover {
        if let Some(p) = &f.plover {
            w.push("e.plover_type = upper(?)", [text(p.trim())]);
        }
    }
    if let Some(q) = f.quad {
        w.push("e.quad = ?", [Value::Integer(i64::from(q))]);
    }
    if let Some(c) = &f.country {
        w.push("e.place_country = upper(?)", [text(c.trim())]);
    }
    if let Some(o) = &f.outlet {
        w.push("a.outlet = ?", [text(o)]);
        w.article = true;
    }
    if let Some(q) = f.q.as_deref().and_then(fts_query) {
        w.push(
            "e.article_id IN (SELECT x.id FROM articles_fts JOIN articles x
                              ON x.doc = articles_fts.rowid WHERE articles_fts MATCH ?)",
            [Value::Text(q)],
        );
    }
    w
}

/// `FROM events e` with the article join when the clauses need it.
fn events_from(w: &Where) -> &'static str {
    if w.article {
        " FROM events e JOIN articles a ON a.id = e.article_id"
    } else {
        " FROM events e"
    }
}

/// The article clauses of `f`, on `articles a`: dates, outlet, search, and — when an actor or
/// event type is set — only articles holding a matching event or (for an actor) quote.
fn article_where(f: &Filter) -> Where {
    let mut w = Where {
        article: true,
        ..Where::default()
    };
    if let Some(s) = &f.since {
        w.push("a.published_date >= ?", [text(s)]);
    }
    if let Some(u) = &f.until {
        w.push("a.published_date <= ?", [text(u)]);
    }
    if let Some(o) = &f.outlet {
        w.push("a.outlet = ?", [text(o)]);
    }
    if let Some(q) = f.q.as_deref().and_then(fts_query) {
        w.push(
            "a.doc IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            [Value::Text(q)],
        );
    }
    if f.actor.is_some() || f.has_event_type() {
        let ev = event_where(
            &Filter {
                since: None,
                until: None,
                outlet: None,
                q: None,
                ..f.clone()
            },
            Skip::default(),
        );
        let mut clause = format!("a.id IN (SELECT e.article_id FROM events e{}", ev.sql());
        let mut args = ev.args;
        if let (Some(actor), false) = (&f.actor, f.has_event_type()) {
            let qw = quote_actor_where(actor);
            clause.push_str(&format!(
                " UNION SELECT q.article_id FROM quotes q{}",
                qw.sql()
            ));
            args.extend(qw.args);
        }
        clause.push(')');
        w.push(clause, args);
    }
    w
}

fn quote_actor_where(actor: &str) -> Where {
    let mut w = Where::default();
    let p = like_prefix(actor);
    w.push(
        "(q.speaker_code LIKE ? ESCAPE '\\' OR q.speaker_name LIKE ? ESCAPE '\\'
          OR q.speaker_name LIKE ? ESCAPE '\\' OR q.speaker_actor = ?)",
        [p.clone(), p, like_word(actor), text(actor.trim())],
    );
    w
}

/// The quote clauses of `f`, on `quotes q JOIN articles a`.
fn quote_where(f: &Filter) -> Where {
    let mut w = Where {
        article: true,
        ..Where::default()
    };
    if let Some(s) = &f.since {
        w.push("a.published_date >= ?", [text(s)]);
    }
    if let Some(u) = &f.until {
        w.push("a.published_date <= ?", [text(u)]);
    }
    if let Some(o) = &f.outlet {
        w.push("a.outlet = ?", [text(o)]);
    }
    if let Some(a) = &f.actor {
        let qw = quote_actor_where(a);
        w.push(qw.clauses.join(" AND "), qw.args);
    }
    if let Some(q) = &f.q {
        for word in q.split_whitespace() {
            let p = like_within(word);
            w.push(
                "(q.text LIKE ? ESCAPE '\\' OR q.speaker_name LIKE ? ESCAPE '\\'
                  OR q.speaker_text LIKE ? ESCAPE '\\' OR q.medium LIKE ? ESCAPE '\\'
                  OR q.relays LIKE ? ESCAPE '\\')",
                [p.clone(), p.clone(), p.clone(), p.clone(), p],
            );
        }
    }
    w
}

fn count(conn: &Connection, sql: &str, args: &[Value]) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn span(row: &Row<'_>, i: usize) -> rusqlite::Result<[u64; 2]> {
    let s: i64 = row.get(i)?;
    let e: i64 = row.get(i + 1)?;
    Ok([to_u64(s), to_u64(e)])
}

fn paged(sql: &mut String, args: &mut Vec<Value>, p: Paging) {
    sql.push_str(" LIMIT ? OFFSET ?");
    args.push(Value::Integer(i64::try_from(p.limit).unwrap_or(i64::MAX)));
    args.push(Value::Integer(i64::try_from(p.offset).unwrap_or(i64::MAX)));
}

// ---------------------------------------------------------------------------------------------
// Listings
// ---------------------------------------------------------------------------------------------

/// The columns [`event_row`] reads, on `events e JOIN articles a`.
const EVENT_COLUMNS: &str = "e.article_id, e.seq, e.date,
    e.source_text, e.source_name, e.source_actor, e.source_code,
    e.target_text, e.target_name, e.target_actor, e.target_code,
    e.cameo, e.root, e.quad, e.goldstein, e.plover_type, e.plover_mode,
    e.plover_context, e.place_name, e.place_country, e.lat, e.lon,
    e.negated, e.modality, e.sentence_start, e.sentence_end, e.start, e.\"end\",
    CAST(substr(CAST(a.body AS BLOB), e.sentence_start + 1,
                e.sentence_end - e.sentence_start) AS TEXT),
    a.title, a.outlet, a.url, a.published_date";

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    let target_text: Option<String> = r.get(7)?;
    let place_name: Option<String> = r.get(18)?;
    let lat: Option<f64> = r.get(20)?;
    let lon: Option<f64> = r.get(21)?;
    let negated: i64 = r.get(22)?;
    let quad: i64 = r.get(13)?;
    Ok(EventRow {
        article_id: r.get(0)?,
        seq: r.get(1)?,
        date: r.get(2)?,
        source: ActorCell {
            text: r.get(3)?,
            name: r.get(4)?,
            actor: r.get(5)?,
            code: r.get(6)?,
        },
        target: match target_text {
            None => None,
            Some(t) => Some(ActorCell {
                text: Some(t),
                name: r.get(8)?,
                actor: r.get(9)?,
                code: r.get(10)?,
            }),
        },
        cameo: r.get(11)?,
        root: r.get(12)?,
        quad: u8::try_from(quad).unwrap_or(0),
        goldstein: r.get(14)?,
        plover: PloverCell {
            kind: r.get(15)?,
            mode: r.get(16)?,
            context: r.get(17)?,
        },
        place: match (place_name, lat, lon) {
            (Some(name), Some(lat), Some(lon)) => Some(PlaceCell {
                name,
                country: r.get(19)?,
                lat,
                lon,
            }),
            _ => None,
        },
        negated: negated != 0,
        modality: r.get(23)?,
        sentence: span(r, 24)?,
        span: span(r, 26)?,
        text: r.get::<_, Option<String>>(28)?.unwrap_or_default(),
        article: ArticleCell {
            title: r.get(29)?,
            outlet: r.get(30)?,
            url: r.get(31)?,
            date: r.get(32)?,
        },
    })
}

/// The events with these keys (article id, seq), in the order given; missing keys are skipped.
pub(crate) fn events_by_key(conn: &Connection, keys: &[(&str, u32)]) -> Result<Vec<EventRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
         WHERE e.article_id = ?1 AND e.seq = ?2"
    ))?;
    let mut out = Vec::with_capacity(keys.len());
    for (id, seq) in keys {
        let mut rows = st.query_map((id, seq), event_row)?;
        if let Some(r) = rows.next() {
            out.push(r?);
        }
    }
    Ok(out)
}

pub(crate) fn events(conn: &Connection, f: &Filter, p: Paging) -> Result<Page<EventRow>> {
    f.check()?;
    let p = p.check()?;
    let w = event_where(f, Skip::default());
    let total = count(
        conn,
        &format!("SELECT count(*){}{}", events_from(&w), w.sql()),
        &w.args,
    )?;
    let mut sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id{}
         ORDER BY e.date DESC NULLS LAST, e.article_id, e.seq",
        w.sql()
    );
    let mut args = w.args;
    paged(&mut sql, &mut args, p);
    let mut st = conn.prepare_cached(&sql)?;
    let items = st
        .query_map(params_from_iter(args), event_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page {
        total,
        limit: p.limit,
        offset: p.offset,
        items,
    })
}

/// The columns [`quote_row`] reads, on `quotes q JOIN articles a`.
const QUOTE_COLUMNS: &str = "q.article_id, q.seq, q.text, q.kind, q.speaker_text, q.speaker_name,
    q.speaker_actor, q.speaker_code, q.cue, q.medium, q.relays, q.start, q.\"end\",
    q.confidence, a.title, a.outlet, a.url, a.published_date";

fn quote_row(r: &Row<'_>) -> Result<QuoteRow> {
    let article_id: String = r.get(0)?;
    let relays: String = r.get(10)?;
    let relays = serde_json::from_str(&relays)
        .map_err(|e| InternalError::Corrupt(format!("article {article_id}: quote relays: {e}")))?;
    let speaker_text: Option<String> = r.get(4)?;
    let speaker_name: Option<String> = r.get(5)?;
    let speaker = if speaker_text.is_some() || speaker_name.is_some() {
        Some(ActorCell {
            text: speaker_text,
            name: speaker_name,
            actor: r.get(6)?,
            code: r.get(7)?,
        })
    } else {
        None
    };
    Ok(QuoteRow {
        seq: r.get(1)?,
        text: r.get(2)?,
        kind: r.get(3)?,
        speaker,
        cue: r.get(8)?,
        medium: r.get(9)?,
        relays,
        span: span(r, 11)?,
        confidence: r.get(13)?,
        article: ArticleCell {
            title: r.get(14)?,
            outlet: r.get(15)?,
            url: r.get(16)?,
            date: r.get(17)?,
        },
        article_id,
    })
}

/// The quotes with these keys (article id, seq), in the order given.
pub(crate) fn quotes_by_key(conn: &Connection, keys: &[(&str, u32)]) -> Result<Vec<QuoteRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE q.article_id = ?1 AND q.seq = ?2"
    ))?;
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let mut rows = st.query(*key)?;
        if let Some(r) = rows.next()? {
            out.push(quote_row(r)?);
        }
    }
    Ok(out)
}

/// The articles with these ids, in the order given, as listings show them.
pub(crate) fn articles_by_id(conn: &Connection, ids: &[&str]) -> Result<Vec<ArticleRow>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.url, a.outlet, a.title, a.published_date, a.published_time,
                a.published_source, a.tags, json_array_length(a.warnings), substr(a.body, 1, ?2)
         FROM articles a WHERE a.id = ?1",
    )?;
    let n = i64::try_from(crate::query::SNIPPET_CHARS + 1).unwrap_or(i64::MAX);
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut rows = st.query((id, n))?;
        if let Some(r) = rows.next()? {
            out.push(crate::query::article_row(r, false)?);
        }
    }
    Ok(out)
}

pub(crate) fn quotes(conn: &Connection, f: &Filter, p: Paging) -> Result<Page<QuoteRow>> {
    f.check_quotes()?;
    let p = p.check()?;
    let w = quote_where(f);
    let from = " FROM quotes q JOIN articles a ON a.id = q.article_id";
    let total = count(conn, &format!("SELECT count(*){from}{}", w.sql()), &w.args)?;
    let mut sql = format!(
        "SELECT {QUOTE_COLUMNS} {from}{} ORDER BY a.published_date DESC NULLS LAST, q.article_id, q.seq",
        w.sql()
    );
    let mut args = w.args;
    paged(&mut sql, &mut args, p);
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(args))?;
    let mut items = Vec::new();
    while let Some(r) = rows.next()? {
        items.push(quote_row(r)?);
    }
    Ok(Page {
        total,
        limit: p.limit,
        offset: p.offset,
        items,
    })
}

impl Filter {
    /// [`Filter::check`] without the full-text rule: quote search is by substring.
    pub(crate) fn check_quotes(&self) -> Result<()> {
        let mut f = self.clone();
        if f.q.as_deref().is_some_and(|q| q.trim().is_empty()) {
            return Err(invalid("`q` is empty".into()));
        }
        f.q = None;
        f.check()
    }
}

/// Per-code tallies: (code, name) → (as source, as target, as speaker).
pub(crate) type Tally = BTreeMap<String, (BTreeMap<String, u64>, [u64; 3])>;

pub(crate) fn tally(tally: &mut Tally, code: String, name: Option<String>, slot: usize, n: u64) {
    let entry = tally.entry(code).or_default();
    if let Some(name) = name {
        *entry.0.entry(name).or_default() += n;
    }
    entry.1[slot] += n;
}

/// The most frequent name; ties go to the first in order.
pub(crate) fn best_name(names: &BTreeMap<String, u64>) -> Option<String> {
    let mut best: Option<(&String, u64)> = None;
    for (name, &n) in names {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((name, n));
        }
    }
    best.map(|(s, _)| s.clone())
}

pub(crate) fn actors(conn: &Connection, f: &Filter, p: Paging) -> Result<Page<ActorRow>> {
    f.check()?;
    let p = p.check()?;
    // The actor filter selects actors, not the events they appear in.
    let base = Filter {
        actor: None,
        ..f.clone()
    };
    let w = event_where(&base, Skip::default());
    let mut t = Tally::new();
    for (slot, side) in [(0, "source"), (1, "target")] {
        let sql = format!(
            "SELECT e.{side}_code, e.{side}_name, count(*){}{} AND e.{side}_code IS NOT NULL
             GROUP BY 1, 2",
            events_from(&w),
            if w.clauses.is_empty() {
                " WHERE 1".to_string()
            } else {
                w.sql()
            }
        );
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(params_from_iter(w.args.iter()))?;
        while let Some(r) = rows.next()? {
            tally(&mut t, r.get(0)?, r.get(1)?, slot, to_u64(r.get(2)?));
        }
    }
    if !f.has_event_type() {
        let qw = quote_where(&Filter {
            q: None,
            ..base.clone()
        });
        let sql = format!(
            "SELECT q.speaker_code, q.speaker_name, count(*)
             FROM quotes q JOIN articles a ON a.id = q.article_id{} {} q.speaker_code IS NOT NULL
             GROUP BY 1, 2",
            qw.sql(),
            if qw.clauses.is_empty() {
                "WHERE"
            } else {
                "AND"
            }
        );
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(params_from_iter(qw.args.iter()))?;
        while let Some(r) = rows.next()? {
            tally(&mut t, r.get(0)?, r.get(1)?, 2, to_u64(r.get(2)?));
        }
    }
    Ok(page_of(actor_rows(t, f.actor.as_deref()), p))
}

/// Articles matching `f`, newest first; with an actor or event type, those holding a matching
/// event (or, for an actor alone, a quote of theirs). Snippets are the start of the body.
pub(crate) fn articles(conn: &Connection, f: &Filter, p: Paging) -> Result<Page<ArticleRow>> {
    f.check()?;
    let p = p.check()?;
    let w = article_where(f);
    let total = count(
        conn,
        &format!("SELECT count(*) FROM articles a{}", w.sql()),
        &w.args,
    )?;
    let mut sql = format!(
        "SELECT a.id, a.url, a.outlet, a.title, a.published_date, a.published_time,
                a.published_source, a.tags, json_array_length(a.warnings), substr(a.body, 1, ?)
         FROM articles a{} ORDER BY a.published_date DESC NULLS LAST, a.id",
        w.sql()
    );
    let mut args = vec![Value::Integer(
        i64::try_from(crate::query::SNIPPET_CHARS + 1).unwrap_or(i64::MAX),
    )];
    args.extend(w.args);
    paged(&mut sql, &mut args, p);
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(args))?;
    let mut items = Vec::new();
    while let Some(row) = rows.next()? {
        items.push(crate::query::article_row(row, false)?);
    }
    Ok(Page {
        total,
        limit: p.limit,
        offset: p.offset,
        items,
    })
}

// ---------------------------------------------------------------------------------------------
// Aggregates
// ---------------------------------------------------------------------------------------------

pub(crate) fn timeline(conn: &Connection, f: &Filter) -> Result<Vec<Day>> {
    f.check()?;
    let mut w = event_where(f, Skip::default());
    w.push(
        "e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
        [],
    );
    let sql = format!(
        "SELECT substr(e.date, 1, 10) AS d, e.quad, count(*){}{} GROUP BY d, e.quad ORDER BY d",
        events_from(&w),
        w.sql()
    );
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(w.args.iter()))?;
    let mut days: Vec<Day> = Vec::new();
    while let Some(r) = rows.next()? {
        let date: String = r.get(0)?;
        let quad: i64 = r.get(1)?;
        let n = to_u64(r.get(2)?);
        if days.last().is_none_or(|d| d.date != date) {
            days.push(Day { date, quad: [0; 4] });
        }
        if let (Some(day), Ok(q @ 1..=4)) = (days.last_mut(), usize::try_from(quad)) {
            day.quad[q - 1] += n;
        }
    }
    Ok(days)
}

pub(crate) fn network(conn: &Connection, f: &Filter, top: usize) -> Result<Network> {
    f.check()?;
    let w = event_where(f, Skip::default());
    let sql = format!(
        "SELECT e.source_code, e.source_name, e.target_code, e.target_name, count(*),
                sum(e.goldstein){}{} {} e.source_code IS NOT NULL AND e.target_code IS NOT NULL
                AND e.source_code <> e.target_code
         GROUP BY 1, 2, 3, 4",
        events_from(&w),
        w.sql(),
        if w.clauses.is_empty() { "WHERE" } else { "AND" }
    );
    let mut names = Tally::new();
    let mut pairs: BTreeMap<(String, String), (u64, f64)> = BTreeMap::new();
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(w.args.iter()))?;
    while let Some(r) = rows.next()? {
        let (sc, sn, tc, tn): (String, Option<String>, String, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let n = to_u64(r.get(4)?);
        let g: f64 = r.get(5)?;
        tally(&mut names, sc.clone(), sn, 0, n);
        tally(&mut names, tc.clone(), tn, 1, n);
        let e = pairs.entry((sc, tc)).or_default();
        e.0 += n;
        e.1 += g;
    }
    Ok(network_of(&names, pairs, top))
}

/// `x` to 4 decimals (about 11 m), as coordinates are shown.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(crate) fn map(conn: &Connection, f: &Filter) -> Result<Vec<MapPlace>> {
    f.check()?;
    let w = event_where(f, Skip::default());
    let sql = format!(
        "SELECT e.place_name, e.place_country, e.lat, e.lon, count(*){}{} {} e.lat IS NOT NULL
         AND e.lon IS NOT NULL AND e.place_name IS NOT NULL GROUP BY 1, 2, 3, 4",
        events_from(&w),
        w.sql(),
        if w.clauses.is_empty() { "WHERE" } else { "AND" }
    );
    type Key = (String, Option<String>);
    let mut places: BTreeMap<Key, MapPlace> = BTreeMap::new();
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(w.args.iter()))?;
    while let Some(r) = rows.next()? {
        let (name, country): (String, Option<String>) = (r.get(0)?, r.get(1)?);
        let e = places
            .entry((name.clone(), country.clone()))
            .or_insert(MapPlace {
                name,
                country,
                lat: round4(r.get(2)?),
                lon: round4(r.get(3)?),
                events: 0,
                mentions: 0,
            });
        e.events += to_u64(r.get(4)?);
    }
    drop(rows);
    // Mentions: the places named in the matching articles (for a country filter, only those
    // of that country).
    let aw = article_where(f);
    let mut sql = format!(
        "SELECT p.name, p.country, avg(p.lat), avg(p.lon), count(*)
         FROM places p JOIN articles a ON a.id = p.article_id{}",
        aw.sql()
    );
    let mut args = aw.args;
    if let Some(c) = &f.country {
        sql.push_str(if aw.clauses.is_empty() {
            " WHERE p.country = upper(?)"
        } else {
            " AND p.country = upper(?)"
        });
        args.push(text(c.trim()));
    }
    sql.push_str(" GROUP BY 1, 2");
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        let (name, country): (String, Option<String>) = (r.get(0)?, r.get(1)?);
        let e = places
            .entry((name.clone(), country.clone()))
            .or_insert(MapPlace {
                name,
                country,
                lat: round4(r.get(2)?),
                lon: round4(r.get(3)?),
                events: 0,
                mentions: 0,
            });
        e.mentions += to_u64(r.get(4)?);
    }
    Ok(busiest_places(places))
}

pub(crate) fn dyads(
    conn: &Connection,
    f: &Filter,
    period: Period,
    p: Paging,
) -> Result<Page<Dyad>> {
    f.check()?;
    let p = p.check()?;
    let w = event_where(f, Skip::default());
    let expr = match period {
        Period::Day => "substr(e.date, 1, 10)",
        Period::Week => "strftime('%G-W%V', substr(e.date, 1, 10))",
        Period::Month => "substr(e.date, 1, 7)",
    };
    let body = format!(
        "SELECT {expr} AS period, e.source_code, e.target_code, count(*) AS n, avg(e.goldstein)
         {}{} {} e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND e.date IS NOT NULL
         GROUP BY 1, 2, 3",
        events_from(&w),
        w.sql(),
        if w.clauses.is_empty() { "WHERE" } else { "AND" }
    );
    let total = count(conn, &format!("SELECT count(*) FROM ({body})"), &w.args)?;
    let mut sql = format!("{body} ORDER BY period, n DESC, 2, 3");
    let mut args = w.args;
    paged(&mut sql, &mut args, p);
    let mut st = conn.prepare_cached(&sql)?;
    let items = st
        .query_map(params_from_iter(args), |r| {
            Ok(Dyad {
                period: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                source: r.get(1)?,
                target: r.get(2)?,
                events: to_u64(r.get(3)?),
                goldstein: round2(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page {
        total,
        limit: p.limit,
        offset: p.offset,
        items,
    })
}

pub(crate) fn stances(conn: &Connection, f: &Filter) -> Result<Vec<Stance>> {
    f.check()?;
    let w = event_where(f, Skip::default());
    let stance = "CASE WHEN e.quad <= 2 THEN 'support' ELSE 'oppose' END";
    let cond = if w.clauses.is_empty() { "WHERE" } else { "AND" };
    let by_events = format!(
        "SELECT e.source_code, e.target_code, {stance}, count(*){}{} {cond}
         e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND e.source_code <> e.target_code
         GROUP BY 1, 2, 3",
        events_from(&w),
        w.sql()
    );
    let by_quotes = format!(
        "SELECT q.speaker_code, e.target_code, {stance}, count(*)
         FROM events e JOIN quotes q ON q.article_id = e.article_id AND q.start <= e.start
              AND e.\"end\" <= q.\"end\"{}{} {cond}
         q.speaker_code IS NOT NULL AND e.target_code IS NOT NULL AND q.speaker_code <> e.target_code
         GROUP BY 1, 2, 3",
        if w.article {
            " JOIN articles a ON a.id = e.article_id"
        } else {
            ""
        },
        w.sql()
    );
    let mut out: BTreeMap<(String, String, &'static str), [u64; 2]> = BTreeMap::new();
    for (slot, sql) in [(0usize, by_events), (1, by_quotes)] {
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(params_from_iter(w.args.iter()))?;
        while let Some(r) = rows.next()? {
            let s: String = r.get(2)?;
            let kind = if s == "support" { "support" } else { "oppose" };
            out.entry((r.get(0)?, r.get(1)?, kind)).or_default()[slot] += to_u64(r.get(3)?);
        }
    }
    Ok(stances_of(out))
}

pub(crate) fn summary(conn: &Connection, f: &Filter) -> Result<Summary> {
    f.check()?;
    let w = event_where(f, Skip::default());
    let from = events_from(&w);
    let (events, first, last, places): (i64, Option<String>, Option<String>, i64) = conn
        .prepare_cached(&format!(
            "SELECT count(*), min(substr(e.date, 1, 10)), max(substr(e.date, 1, 10)),
                    count(DISTINCT e.place_name){from}{}",
            w.sql()
        ))?
        .query_row(params_from_iter(w.args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let actors = count(
        conn,
        &format!(
            "SELECT count(*) FROM (SELECT e.source_code c{from}{w_sql}
             UNION SELECT e.target_code{from}{w_sql}) WHERE c IS NOT NULL",
            w_sql = w.sql()
        ),
        &[w.args.clone(), w.args.clone()].concat(),
    )?;
    let aw = article_where(f);
    let articles = count(
        conn,
        &format!("SELECT count(*) FROM articles a{}", aw.sql()),
        &aw.args,
    )?;
    let qw = quote_where(&Filter {
        q: None,
        ..f.clone()
    });
    let quotes = count(
        conn,
        &format!(
            "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id{}",
            qw.sql()
        ),
        &qw.args,
    )?;
    let rw = event_where(
        f,
        Skip {
            types: true,
            plover: false,
        },
    );
    let mut roots = Vec::new();
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT e.root, count(*){}{} GROUP BY 1 ORDER BY 1",
            events_from(&rw),
            rw.sql()
        ))?;
        let mut rows = st.query(params_from_iter(rw.args.iter()))?;
        while let Some(r) = rows.next()? {
            let root: String = r.get(0)?;
            roots.push(RootCount {
                label: root_label(&root).unwrap_or("Unknown"),
                root,
                events: to_u64(r.get(1)?),
            });
        }
    }
    let pw = event_where(
        f,
        Skip {
            types: false,
            plover: true,
        },
    );
    let mut plover = Vec::new();
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT e.plover_type, count(*){}{} GROUP BY 1 ORDER BY 2 DESC, 1",
            events_from(&pw),
            pw.sql()
        ))?;
        let mut rows = st.query(params_from_iter(pw.args.iter()))?;
        while let Some(r) = rows.next()? {
            plover.push(PloverCount {
                kind: r.get(0)?,
                events: to_u64(r.get(1)?),
            });
        }
    }
    let ow = article_where(&Filter {
        outlet: None,
        ..f.clone()
    });
    let mut outlets = Vec::new();
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT a.outlet, count(*) FROM articles a{} {} a.outlet IS NOT NULL
             GROUP BY 1 ORDER BY 2 DESC, 1",
            ow.sql(),
            if ow.clauses.is_empty() {
                "WHERE"
            } else {
                "AND"
            }
        ))?;
        let mut rows = st.query(params_from_iter(ow.args.iter()))?;
        while let Some(r) = rows.next()? {
            outlets.push(OutletCount {
                outlet: r.get(0)?,
                articles: to_u64(r.get(1)?),
            });
        }
    }
    Ok(Summary {
        articles,
        events: to_u64(events),
        quotes,
        actors,
        places: to_u64(places),
        first_date: first,
        last_date: last,
        roots,
        plover,
        outlets,
    })
}

// ---------------------------------------------------------------------------------------------
// The last steps both twins share (SQL here, the in-memory snapshot in `snapshot.rs`)
// ---------------------------------------------------------------------------------------------

/// One page of `all`.
pub(crate) fn page_of<T>(all: Vec<T>, p: Paging) -> Page<T> {
    let total = all.len() as u64;
    let items = all.into_iter().skip(p.offset).take(p.limit).collect();
    Page {
        total,
        limit: p.limit,
        offset: p.offset,
        items,
    }
}

/// Actor rows from per-code tallies, those matching `actor` (code prefix, or the start of the
/// name or of a later word of it), most active first.
pub(crate) fn actor_rows(t: Tally, actor: Option<&str>) -> Vec<ActorRow> {
    let wanted = actor.map(|a| a.trim().to_lowercase());
    let mut all: Vec<ActorRow> = t
        .into_iter()
        .map(|(code, (names, n))| ActorRow {
            name: best_name(&names),
            code,
            events_source: n[0],
            events_target: n[1],
            quotes: n[2],
        })
        .filter(|a| {
            wanted.as_deref().is_none_or(|w| {
                a.code.to_lowercase().starts_with(w)
                    || a.name.as_deref().is_some_and(|n| {
                        let n = n.to_lowercase();
                        n.starts_with(w) || n.contains(&format!(" {w}"))
                    })
            })
        })
        .collect();
    all.sort_by(|a, b| {
        let n = |r: &ActorRow| r.events_source + r.events_target + r.quotes;
        n(b).cmp(&n(a)).then_with(|| a.code.cmp(&b.code))
    });
    all
}

/// The `top` most active actors of `names` and the source → target pairs among them.
pub(crate) fn network_of(
    names: &Tally,
    pairs: BTreeMap<(String, String), (u64, f64)>,
    top: usize,
) -> Network {
    let mut nodes: Vec<Node> = names
        .iter()
        .map(|(code, (ns, n))| Node {
            id: code.clone(),
            label: best_name(ns).unwrap_or_else(|| code.clone()),
            events: n[0] + n[1],
        })
        .collect();
    nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.id.cmp(&b.id)));
    nodes.truncate(top);
    let kept: std::collections::BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let mut edges: Vec<Edge> = pairs
        .into_iter()
        .filter(|((s, t), _)| kept.contains(s.as_str()) && kept.contains(t.as_str()))
        .map(|((source, target), (n, g))| Edge {
            source,
            target,
            events: n,
            #[allow(clippy::cast_precision_loss)]
            goldstein: round2(g / n.max(1) as f64),
        })
        .collect();
    edges.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    Network { nodes, edges }
}

/// Places with events first, then by mentions, then by name.
pub(crate) fn busiest_places<K>(places: BTreeMap<K, MapPlace>) -> Vec<MapPlace> {
    let mut out: Vec<MapPlace> = places.into_values().collect();
    out.sort_by(|a, b| {
        (b.events, b.mentions)
            .cmp(&(a.events, a.mentions))
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// Stance rows from (source, target, stance) → [events, quotes], most evidence first.
pub(crate) fn stances_of(out: BTreeMap<(String, String, &'static str), [u64; 2]>) -> Vec<Stance> {
    let mut items: Vec<Stance> = out
        .into_iter()
        .map(|((source, target, stance), n)| Stance {
            source,
            target,
            stance,
            events: n[0],
            quotes: n[1],
        })
        .collect();
    items.sort_by(|a, b| {
        (b.events + b.quotes)
            .cmp(&(a.events + a.quotes))
            .then_with(|| (&a.source, &a.target, a.stance).cmp(&(&b.source, &b.target, b.stance)))
    });
    items
}
