//! An in-memory snapshot of the columns the analyst's queries filter and group on, so that a
//! server answers aggregates over 100,000s of events in milliseconds instead of scanning the
//! tables for every request.
//!
//! [`Snapshot::load`] reads events, quotes, articles and place mentions once, interning every
//! code, name, date and outlet. Each query of [`crate::Store`]'s analysis family has a twin
//! here that gives the same answer (the tests compare the two on the same store): the filter
//! is evaluated over the arrays, aggregates are counted in memory, and listings take the page
//! of matching keys and read just those rows from SQLite by primary key. A snapshot does not
//! follow later writes: load a new one when [`crate::Store::data_version`] changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;

use crate::analysis::{
    actor_rows, busiest_places, network_of, page_of, round2, round4, stances_of, tally, Day, Dyad,
    EventRow, Filter, MapPlace, Network, OutletCount, Page, Paging, Period, PloverCount, QuoteRow,
    RootCount, Stance, Summary, Tally,
};
use crate::error::Result;
use crate::query::{fts_query, ArticleRow};
use crate::{root_label, ActorRow};

/// A fast hasher for the small integer keys of the in-memory aggregates (the multiply-rotate
/// step of the Fx hash used by rustc); not for keys an attacker chooses.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// The entries of `m` sorted by key (hash maps never reach output unsorted).
fn sorted<K: Ord + Copy, V>(m: FxMap<K, V>) -> Vec<(K, V)> {
    let mut v: Vec<(K, V)> = m.into_iter().collect();
    v.sort_unstable_by_key(|(k, _)| *k);
    v
}

/// An interned string; 0 is SQL NULL.
type Sym = u32;

const NONE: Sym = 0;

#[derive(Debug)]
struct Art {
    id: String,
    outlet: Sym,
    date: Sym,
}

#[derive(Debug)]
struct Ev {
    article: u32,
    seq: u32,
    date: Sym,
    source_code: Sym,
    source_name: Sym,
    source_actor: Sym,
    target_code: Sym,
    target_name: Sym,
    target_actor: Sym,
    cameo: Sym,
    root: Sym,
    quad: u8,
    goldstein: f64,
    plover: Sym,
    country: Sym,
    place_name: Sym,
    lat: Option<f64>,
    lon: Option<f64>,
    /// Range in `Snapshot::quoted_by`: speaker codes of the quotes holding this event.
    quoted: (u32, u32),
}

#[derive(Debug)]
struct Qt {
    article: u32,
    seq: u32,
    speaker_code: Sym,
    speaker_name: Sym,
    speaker_actor: Sym,
    /// Lower-cased (ASCII) text, speaker name, speaker text, medium and relays (as JSON).
    search: [String; 5],
}

#[derive(Debug)]
struct Mention {
    article: u32,
    name: Sym,
    country: Sym,
    lat: f64,
    lon: f64,
}

/// The analysis columns of a store, in memory. See the module documentation.
#[derive(Debug, Default)]
pub struct Snapshot {
    syms: Vec<String>,
    articles: Vec<Art>,
    /// Events in listing order: date (newest first, undated last), article id, seq.
    events: Vec<Ev>,
    /// Quotes in listing order: article date (newest first), article id, seq.
    quotes: Vec<Qt>,
    mentions: Vec<Mention>,
    quoted_by: Vec<Sym>,
    docs: HashMap<i64, u32>,
    /// Every symbol, ASCII lower-cased (for actor matching).
    lower: Vec<String>,
    /// Symbol of each string.
    index: HashMap<String, Sym>,
}

/// Interns strings while loading.
#[derive(Default)]
struct Interner {
    index: HashMap<String, Sym>,
    syms: Vec<String>,
}

impl Interner {
    fn new() -> Self {
        Interner {
            index: HashMap::new(),
            syms: vec![String::new()],
        }
    }
    fn sym(&mut self, s: Option<String>) -> Sym {
        let Some(s) = s else { return NONE };
        if let Some(&i) = self.index.get(&s) {
            return i;
        }
        let i = Sym::try_from(self.syms.len()).unwrap_or(Sym::MAX);
        self.syms.push(s.clone());
        self.index.insert(s, i);
        i
    }
}

/// What an event filter compiles to.
struct EvPred<'a> {
    since: Option<&'a str>,
    until: Option<String>,
    /// Symbols matching the actor filter as a code or name prefix / name word.
    actor_like: Option<Vec<bool>>,
    actor_exact: Option<Sym>,
    root: Option<Option<Sym>>,
    cameo: Option<&'a str>,
    plover: Option<Option<Sym>>,
    quad: Option<u8>,
    country: Option<Option<Sym>>,
    outlet: Option<Option<Sym>>,
    articles: Option<Vec<bool>>,
}

/// The exact-match symbol for `s`: `Some(None)` when no stored string equals it (nothing
/// matches), `None` when the filter is not set.
fn exact(index: &HashMap<String, Sym>, s: Option<String>) -> Option<Option<Sym>> {
    s.map(|s| index.get(s.as_str()).copied())
}

impl Snapshot {
    /// Reads the analysis columns of every event, quote, article and place mention.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn load(store: &crate::Store) -> Result<Snapshot> {
        let conn = &store.conn;
        let mut it = Interner::new();
        let mut articles = Vec::new();
        let mut by_id: HashMap<String, u32> = HashMap::new();
        let mut docs = HashMap::new();
        {
            let mut st = conn.prepare(
                "SELECT doc, id, outlet, published_date FROM articles
                 ORDER BY published_date DESC NULLS LAST, id",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let i = u32::try_from(articles.len()).unwrap_or(u32::MAX);
                let id: String = r.get(1)?;
                docs.insert(r.get::<_, i64>(0)?, i);
                by_id.insert(id.clone(), i);
                articles.push(Art {
                    id,
                    outlet: it.sym(r.get(2)?),
                    date: it.sym(r.get(3)?),
                });
            }
        }
        let article_of = |id: &str| by_id.get(id).copied().unwrap_or(u32::MAX);
        // Quote spans per article, for the events said inside a quote.
        let mut spans: HashMap<u32, Vec<(i64, i64, Sym)>> = HashMap::new();
        let mut quotes = Vec::new();
        {
            let mut st = conn.prepare(
                "SELECT q.article_id, q.seq, q.text, q.speaker_text, q.speaker_name,
                        q.speaker_actor, q.speaker_code, q.medium, q.relays, q.start, q.\"end\"
                 FROM quotes q JOIN articles a ON a.id = q.article_id
                 ORDER BY a.published_date DESC NULLS LAST, q.article_id, q.seq",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let article = article_of(&r.get::<_, String>(0)?);
                let lower = |s: Option<String>| s.unwrap_or_default().to_ascii_lowercase();
                let speaker_code = it.sym(r.get(6)?);
                spans
                    .entry(article)
                    .or_default()
                    .push((r.get(9)?, r.get(10)?, speaker_code));
                quotes.push(Qt {
                    article,
                    seq: r.get(1)?,
                    speaker_code,
                    speaker_name: it.sym(r.get(4)?),
                    speaker_actor: it.sym(r.get(5)?),
                    search: [
                        lower(r.get(2)?),
                        lower(r.get(4)?),
                        lower(r.get(3)?),
                        lower(r.get(7)?),
                        lower(r.get(8)?),
                    ],
                });
            }
        }
        let mut events = Vec::new();
        let mut quoted_by = Vec::new();
        {
            let mut st = conn.prepare(
                "SELECT article_id, seq, date, source_code, source_name, source_actor,
                        target_code, target_name, target_actor, cameo, root, quad, goldstein,
                        plover_type, place_country, place_name, lat, lon, start, \"end\"
                 FROM events ORDER BY date DESC NULLS LAST, article_id, seq",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let article = article_of(&r.get::<_, String>(0)?);
                let (start, end): (i64, i64) = (r.get(18)?, r.get(19)?);
                let from = u32::try_from(quoted_by.len()).unwrap_or(u32::MAX);
                if let Some(qs) = spans.get(&article) {
                    for &(qs, qe, speaker) in qs {
                        if qs <= start && end <= qe {
                            quoted_by.push(speaker);
                        }
                    }
                }
                let to = u32::try_from(quoted_by.len()).unwrap_or(u32::MAX);
                let quad: i64 = r.get(11)?;
                events.push(Ev {
                    article,
                    seq: r.get(1)?,
                    date: it.sym(r.get(2)?),
                    source_code: it.sym(r.get(3)?),
                    source_name: it.sym(r.get(4)?),
                    source_actor: it.sym(r.get(5)?),
                    target_code: it.sym(r.get(6)?),
                    target_name: it.sym(r.get(7)?),
                    target_actor: it.sym(r.get(8)?),
                    cameo: it.sym(r.get(9)?),
                    root: it.sym(r.get(10)?),
                    quad: u8::try_from(quad).unwrap_or(0),
                    goldstein: r.get(12)?,
                    plover: it.sym(r.get(13)?),
                    country: it.sym(r.get(14)?),
                    place_name: it.sym(r.get(15)?),
                    lat: r.get(16)?,
                    lon: r.get(17)?,
                    quoted: (from, to),
                });
            }
        }
        let mut mentions = Vec::new();
        {
            let mut st = conn.prepare("SELECT article_id, name, country, lat, lon FROM places")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                mentions.push(Mention {
                    article: article_of(&r.get::<_, String>(0)?),
                    name: it.sym(r.get(1)?),
                    country: it.sym(r.get(2)?),
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                });
            }
        }
        let lower = it.syms.iter().map(|s| s.to_ascii_lowercase()).collect();
        Ok(Snapshot {
            lower,
            index: it.index,
            syms: it.syms,
            articles,
            events,
            quotes,
            mentions,
            quoted_by,
            docs,
        })
    }

    /// Events in the snapshot.
    #[must_use]
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    fn s(&self, sym: Sym) -> Option<&str> {
        if sym == NONE {
            None
        } else {
            self.syms.get(sym as usize).map(String::as_str)
        }
    }

    fn string(&self, sym: Sym) -> Option<String> {
        self.s(sym).map(str::to_string)
    }

    fn index(&self) -> &HashMap<String, Sym> {
        &self.index
    }

    /// Symbols whose text starts with `needle` or has a word starting with it (ASCII case
    /// folded, as SQL's LIKE).
    fn like(&self, needle: &str) -> Vec<bool> {
        let n = needle.trim().to_ascii_lowercase();
        let word = format!(" {n}");
        self.lower
            .iter()
            .enumerate()
            .map(|(i, l)| i != 0 && (l.starts_with(&n) || l.contains(&word)))
            .collect()
    }

    /// Articles whose title or body holds all the words of `q` (by the full-text index).
    fn fts(&self, conn: &Connection, q: &str) -> Result<Vec<bool>> {
        let mut hit = vec![false; self.articles.len()];
        if let Some(m) = fts_query(q) {
            let mut st =
                conn.prepare_cached("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?")?;
            let mut rows = st.query([m])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = self.docs.get(&r.get::<_, i64>(0)?) {
                    hit[i as usize] = true;
                }
            }
        }
        Ok(hit)
    }

    fn ev_pred<'a>(
        &self,
        conn: &Connection,
        f: &'a Filter,
        skip_types: bool,
        skip_plover: bool,
    ) -> Result<EvPred<'a>> {
        let index = self.index();
        Ok(EvPred {
            since: f.since.as_deref(),
            until: f.until.as_ref().map(|u| format!("{u}z")),
            actor_like: f.actor.as_deref().map(|a| self.like(a)),
            actor_exact: f
                .actor
                .as_deref()
                .map(|a| index.get(a.trim()).copied().unwrap_or(u32::MAX)),
            root: if skip_types {
                None
            } else {
                exact(index, f.root.clone())
            },
            cameo: if skip_types { None } else { f.cameo.as_deref() },
            plover: if skip_plover {
                None
            } else {
                exact(
                    index,
                    f.plover.as_ref().map(|p| p.trim().to_ascii_uppercase()),
                )
            },
            quad: f.quad,
            country: exact(
                index,
                f.country.as_ref().map(|c| c.trim().to_ascii_uppercase()),
            ),
            outlet: exact(index, f.outlet.clone()),
            articles: match f.q.as_deref() {
                Some(q) => Some(self.fts(conn, q)?),
                None => None,
            },
        })
    }

    fn ev_match(&self, p: &EvPred<'_>, e: &Ev) -> bool {
        if p.since.is_some() || p.until.is_some() {
            let Some(d) = self.s(e.date) else {
                return false;
            };
            if p.since.is_some_and(|s| d < s) || p.until.as_deref().is_some_and(|u| d >= u) {
                return false;
            }
        }
        if let Some(like) = &p.actor_like {
            let hit = |s: Sym| like.get(s as usize).copied().unwrap_or(false);
            let ex = p.actor_exact.unwrap_or(u32::MAX);
            if !(hit(e.source_code)
                || hit(e.target_code)
                || hit(e.source_name)
                || hit(e.target_name)
                || (e.source_actor != NONE && e.source_actor == ex)
                || (e.target_actor != NONE && e.target_actor == ex))
            {
                return false;
            }
        }
        let eq = |want: Option<Option<Sym>>, got: Sym| match want {
            None => true,
            Some(None) => false,
            Some(Some(w)) => w == got,
        };
        if !eq(p.root, e.root) || !eq(p.plover, e.plover) || !eq(p.country, e.country) {
            return false;
        }
        if let Some(c) = p.cameo {
            if !self.s(e.cameo).is_some_and(|x| x.starts_with(c)) {
                return false;
            }
        }
        if p.quad.is_some_and(|q| q != e.quad) {
            return false;
        }
        if p.outlet.is_some() {
            let art = &self.articles[e.article as usize];
            if !eq(p.outlet, art.outlet) {
                return false;
            }
        }
        if let Some(a) = &p.articles {
            if !a.get(e.article as usize).copied().unwrap_or(false) {
                return false;
            }
        }
        true
    }

    fn matching_events(
        &self,
        conn: &Connection,
        f: &Filter,
        skip_types: bool,
        skip_plover: bool,
    ) -> Result<Vec<&Ev>> {
        let p = self.ev_pred(conn, f, skip_types, skip_plover)?;
        Ok(self
            .events
            .iter()
            .filter(|e| self.ev_match(&p, e))
            .collect())
    }

    /// Whether a quote's speaker matches an actor filter.
    fn speaker_match(&self, like: &[bool], ex: Sym, q: &Qt) -> bool {
        let hit = |s: Sym| like.get(s as usize).copied().unwrap_or(false);
        hit(q.speaker_code)
            || hit(q.speaker_name)
            || (q.speaker_actor != NONE && q.speaker_actor == ex)
    }

    /// The articles matching `f` (see `article_where` in the SQL twin).
    fn article_mask(&self, conn: &Connection, f: &Filter) -> Result<Vec<bool>> {
        let index = self.index();
        let outlet = exact(index, f.outlet.clone());
        let fts = match f.q.as_deref() {
            Some(q) => Some(self.fts(conn, q)?),
            None => None,
        };
        let mut mask: Vec<bool> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let d = self.s(a.date);
                if f.since.as_deref().is_some_and(|s| d.is_none_or(|d| d < s))
                    || f.until.as_deref().is_some_and(|u| d.is_none_or(|d| d > u))
                {
                    return false;
                }
                match outlet {
                    None => {}
                    Some(None) => return false,
                    Some(Some(o)) if o != a.outlet => return false,
                    Some(Some(_)) => {}
                }
                fts.as_ref().is_none_or(|m| m[i])
            })
            .collect();
        if f.actor.is_some() || f.has_event_type() {
            let ef = Filter {
                since: None,
                until: None,
                outlet: None,
                q: None,
                ..f.clone()
            };
            let mut has = vec![false; self.articles.len()];
            for e in self.matching_events(conn, &ef, false, false)? {
                if let Some(h) = has.get_mut(e.article as usize) {
                    *h = true;
                }
            }
            if let (Some(actor), false) = (&f.actor, f.has_event_type()) {
                let like = self.like(actor);
                let ex = index.get(actor.trim()).copied().unwrap_or(u32::MAX);
                for q in &self.quotes {
                    if self.speaker_match(&like, ex, q) {
                        if let Some(h) = has.get_mut(q.article as usize) {
                            *h = true;
                        }
                    }
                }
            }
            for (m, h) in mask.iter_mut().zip(has) {
                *m = *m && h;
            }
        }
        Ok(mask)
    }

    /// The quotes matching `f` (see `quote_where` in the SQL twin).
    fn matching_quotes(&self, f: &Filter) -> Vec<&Qt> {
        let index = self.index();
        let outlet = exact(index, f.outlet.clone());
        let like = f.actor.as_deref().map(|a| self.like(a));
        let ex = f.actor.as_deref().map_or(u32::MAX, |a| {
            index.get(a.trim()).copied().unwrap_or(u32::MAX)
        });
        let words: Vec<String> =
            f.q.as_deref()
                .map(|q| q.split_whitespace().map(str::to_ascii_lowercase).collect())
                .unwrap_or_default();
        self.quotes
            .iter()
            .filter(|q| {
                let a = &self.articles[q.article as usize];
                let d = self.s(a.date);
                if f.since.as_deref().is_some_and(|s| d.is_none_or(|d| d < s))
                    || f.until.as_deref().is_some_and(|u| d.is_none_or(|d| d > u))
                {
                    return false;
                }
                match outlet {
                    None => {}
                    Some(None) => return false,
                    Some(Some(o)) if o != a.outlet => return false,
                    Some(Some(_)) => {}
                }
                if let Some(like) = &like {
                    if !self.speaker_match(like, ex, q) {
                        return false;
                    }
                }
                words
                    .iter()
                    .all(|w| q.search.iter().any(|field| field.contains(w.as_str())))
            })
            .collect()
    }

    fn page<T>(total: usize, p: Paging, items: Vec<T>) -> Page<T> {
        Page {
            total: total as u64,
            limit: p.limit,
            offset: p.offset,
            items,
        }
    }

    /// Twin of [`crate::Store::events`].
    ///
    /// # Errors
    /// A bad filter or page; SQLite failing.
    pub fn events(&self, store: &crate::Store, f: &Filter, p: Paging) -> Result<Page<EventRow>> {
        let conn = &store.conn;
        f.check()?;
        let p = p.check()?;
        let all = self.matching_events(conn, f, false, false)?;
        let keys: Vec<(&str, u32)> = all
            .iter()
            .skip(p.offset)
            .take(p.limit)
            .map(|e| (self.articles[e.article as usize].id.as_str(), e.seq))
            .collect();
        let rows = crate::analysis::events_by_key(conn, &keys)?;
        Ok(Self::page(all.len(), p, rows))
    }

    /// Twin of [`crate::Store::quotes`].
    ///
    /// # Errors
    /// A bad filter or page; SQLite failing.
    pub fn quotes(&self, store: &crate::Store, f: &Filter, p: Paging) -> Result<Page<QuoteRow>> {
        let conn = &store.conn;
        f.check_quotes()?;
        let p = p.check()?;
        let all = self.matching_quotes(f);
        let keys: Vec<(&str, u32)> = all
            .iter()
            .skip(p.offset)
            .take(p.limit)
            .map(|q| (self.articles[q.article as usize].id.as_str(), q.seq))
            .collect();
        let rows = crate::analysis::quotes_by_key(conn, &keys)?;
        Ok(Self::page(all.len(), p, rows))
    }

    /// Twin of [`crate::Store::article_page`].
    ///
    /// # Errors
    /// A bad filter or page; SQLite failing.
    pub fn articles(
        &self,
        store: &crate::Store,
        f: &Filter,
        p: Paging,
    ) -> Result<Page<ArticleRow>> {
        let conn = &store.conn;
        f.check()?;
        let p = p.check()?;
        let mask = self.article_mask(conn, f)?;
        let total = mask.iter().filter(|m| **m).count();
        let ids: Vec<&str> = self
            .articles
            .iter()
            .zip(&mask)
            .filter(|(_, m)| **m)
            .skip(p.offset)
            .take(p.limit)
            .map(|(a, _)| a.id.as_str())
            .collect();
        let rows = crate::analysis::articles_by_id(conn, &ids)?;
        Ok(Self::page(total, p, rows))
    }

    /// Twin of [`crate::Store::actors`].
    ///
    /// # Errors
    /// A bad filter or page; SQLite failing.
    pub fn actors(&self, store: &crate::Store, f: &Filter, p: Paging) -> Result<Page<ActorRow>> {
        let conn = &store.conn;
        f.check()?;
        let p = p.check()?;
        let base = Filter {
            actor: None,
            ..f.clone()
        };
        let mut t = Tally::new();
        // Grouped counts first, as the SQL twin, so names tie-break the same way.
        let mut grouped: FxMap<(usize, Sym, Sym), u64> = FxMap::default();
        for e in self.matching_events(conn, &base, false, false)? {
            if e.source_code != NONE {
                *grouped
                    .entry((0, e.source_code, e.source_name))
                    .or_default() += 1;
            }
            if e.target_code != NONE {
                *grouped
                    .entry((1, e.target_code, e.target_name))
                    .or_default() += 1;
            }
        }
        if !f.has_event_type() {
            let qf = Filter {
                q: None,
                ..base.clone()
            };
            for q in self.matching_quotes(&qf) {
                if q.speaker_code != NONE {
                    *grouped
                        .entry((2, q.speaker_code, q.speaker_name))
                        .or_default() += 1;
                }
            }
        }
        for ((slot, code, name), n) in sorted(grouped) {
            if let Some(code) = self.string(code) {
                tally(&mut t, code, self.string(name), slot, n);
            }
        }
        Ok(page_of(actor_rows(t, f.actor.as_deref()), p))
    }

    /// Twin of [`crate::Store::timeline`].
    ///
    /// # Errors
    /// A bad filter; SQLite failing.
    pub fn timeline(&self, store: &crate::Store, f: &Filter) -> Result<Vec<Day>> {
        let conn = &store.conn;
        f.check()?;
        let mut by_sym: FxMap<Sym, [u64; 4]> = FxMap::default();
        for e in self.matching_events(conn, f, false, false)? {
            if let q @ 1..=4 = e.quad {
                by_sym.entry(e.date).or_default()[usize::from(q) - 1] += 1;
            }
        }
        let mut days: BTreeMap<&str, [u64; 4]> = BTreeMap::new();
        for (sym, n) in sorted(by_sym) {
            let Some(d) = self.s(sym).filter(|d| is_day_prefix(d)) else {
                continue;
            };
            let day = days.entry(&d[..10]).or_default();
            for (a, b) in day.iter_mut().zip(n) {
                *a += b;
            }
        }
        Ok(days
            .into_iter()
            .map(|(date, quad)| Day {
                date: date.to_string(),
                quad,
            })
            .collect())
    }

    /// Twin of [`crate::Store::network`].
    ///
    /// # Errors
    /// A bad filter; SQLite failing.
    pub fn network(&self, store: &crate::Store, f: &Filter, top: usize) -> Result<Network> {
        let conn = &store.conn;
        f.check()?;
        let mut grouped: FxMap<(Sym, Sym, Sym, Sym), (u64, f64)> = FxMap::default();
        for e in self.matching_events(conn, f, false, false)? {
            if e.source_code == NONE || e.target_code == NONE || e.source_code == e.target_code {
                continue;
            }
            let g = grouped
                .entry((e.source_code, e.source_name, e.target_code, e.target_name))
                .or_default();
            g.0 += 1;
            g.1 += e.goldstein;
        }
        let mut names = Tally::new();
        let mut pairs: BTreeMap<(String, String), (u64, f64)> = BTreeMap::new();
        for ((sc, sn, tc, tn), (n, g)) in sorted(grouped) {
            let (sc, tc) = (
                self.string(sc).unwrap_or_default(),
                self.string(tc).unwrap_or_default(),
            );
            tally(&mut names, sc.clone(), self.string(sn), 0, n);
            tally(&mut names, tc.clone(), self.string(tn), 1, n);
            let e = pairs.entry((sc, tc)).or_default();
            e.0 += n;
            e.1 += g;
        }
        Ok(network_of(&names, pairs, top))
    }

    /// Twin of [`crate::Store::map`].
    ///
    /// # Errors
    /// A bad filter; SQLite failing.
    pub fn map(&self, store: &crate::Store, f: &Filter) -> Result<Vec<MapPlace>> {
        let conn = &store.conn;
        f.check()?;
        type Key = (String, Option<String>);
        let mut places: BTreeMap<Key, MapPlace> = BTreeMap::new();
        // (name, country, lat bits, lon bits) → (lat, lon, events)
        type Spot = (Sym, Sym, u64, u64);
        let mut grouped: FxMap<Spot, (f64, f64, u64)> = FxMap::default();
        for e in self.matching_events(conn, f, false, false)? {
            let (Some(lat), Some(lon)) = (e.lat, e.lon) else {
                continue;
            };
            if e.place_name == NONE {
                continue;
            }
            let g = grouped
                .entry((e.place_name, e.country, lat.to_bits(), lon.to_bits()))
                .or_insert((lat, lon, 0));
            g.2 += 1;
        }
        let mut rows: Vec<(String, Option<String>, f64, f64, u64)> = sorted(grouped)
            .into_iter()
            .map(|((name, country, _, _), (lat, lon, n))| {
                (
                    self.string(name).unwrap_or_default(),
                    self.string(country),
                    lat,
                    lon,
                    n,
                )
            })
            .collect();
        // SQLite groups by (name, country, lat, lon) in that order: the first coordinates of a
        // name are its smallest.
        rows.sort_by(|a, b| {
            (&a.0, &a.1)
                .cmp(&(&b.0, &b.1))
                .then(a.2.total_cmp(&b.2))
                .then(a.3.total_cmp(&b.3))
        });
        for (name, country, lat, lon, n) in rows {
            let e = places
                .entry((name.clone(), country.clone()))
                .or_insert(MapPlace {
                    name,
                    country,
                    lat: round4(lat),
                    lon: round4(lon),
                    events: 0,
                    mentions: 0,
                });
            e.events += n;
        }
        let mask = self.article_mask(conn, f)?;
        let country = f.country.as_ref().map(|c| c.trim().to_ascii_uppercase());
        let mut mentioned: FxMap<(Sym, Sym), (f64, f64, u64)> = FxMap::default();
        for m in &self.mentions {
            if !mask.get(m.article as usize).copied().unwrap_or(false) {
                continue;
            }
            if let Some(c) = &country {
                if self.s(m.country) != Some(c.as_str()) {
                    continue;
                }
            }
            let e = mentioned.entry((m.name, m.country)).or_default();
            e.0 += m.lat;
            e.1 += m.lon;
            e.2 += 1;
        }
        for ((name, country), (lat, lon, n)) in sorted(mentioned) {
            let name = self.string(name).unwrap_or_default();
            let country = self.string(country);
            #[allow(clippy::cast_precision_loss)]
            let e = places
                .entry((name.clone(), country.clone()))
                .or_insert(MapPlace {
                    name,
                    country,
                    lat: round4(lat / n as f64),
                    lon: round4(lon / n as f64),
                    events: 0,
                    mentions: 0,
                });
            e.mentions += n;
        }
        Ok(busiest_places(places))
    }

    /// Twin of [`crate::Store::dyads`].
    ///
    /// # Errors
    /// A bad filter or page; SQLite failing.
    pub fn dyads(
        &self,
        store: &crate::Store,
        f: &Filter,
        period: Period,
        p: Paging,
    ) -> Result<Page<Dyad>> {
        let conn = &store.conn;
        f.check()?;
        let p = p.check()?;
        let mut by_sym: FxMap<(Sym, Sym, Sym), (u64, f64)> = FxMap::default();
        for e in self.matching_events(conn, f, false, false)? {
            if e.source_code == NONE || e.target_code == NONE || e.date == NONE {
                continue;
            }
            let g = by_sym
                .entry((e.date, e.source_code, e.target_code))
                .or_default();
            g.0 += 1;
            g.1 += e.goldstein;
        }
        let mut grouped: BTreeMap<(String, Sym, Sym), (u64, f64)> = BTreeMap::new();
        for ((date, s, t), (n, g)) in sorted(by_sym) {
            let d = self.s(date).unwrap_or_default();
            let key = match period {
                Period::Day => d.chars().take(10).collect(),
                Period::Month => d.chars().take(7).collect(),
                Period::Week => iso_week(d).unwrap_or_default(),
            };
            let e = grouped.entry((key, s, t)).or_default();
            e.0 += n;
            e.1 += g;
        }
        let mut all: Vec<Dyad> = grouped
            .into_iter()
            .map(|((period, s, t), (n, g))| Dyad {
                period,
                source: self.string(s).unwrap_or_default(),
                target: self.string(t).unwrap_or_default(),
                events: n,
                #[allow(clippy::cast_precision_loss)]
                goldstein: round2(g / n.max(1) as f64),
            })
            .collect();
        all.sort_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then(b.events.cmp(&a.events))
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        Ok(page_of(all, p))
    }

    /// Twin of [`crate::Store::stances`].
    ///
    /// # Errors
    /// A bad filter; SQLite failing.
    pub fn stances(&self, store: &crate::Store, f: &Filter) -> Result<Vec<Stance>> {
        let conn = &store.conn;
        f.check()?;
        let mut grouped: FxMap<(Sym, Sym, bool), [u64; 2]> = FxMap::default();
        let mut add = |s: Sym, t: Sym, quad: u8, slot: usize| {
            grouped.entry((s, t, quad <= 2)).or_default()[slot] += 1;
        };
        for e in self.matching_events(conn, f, false, false)? {
            if e.target_code == NONE {
                continue;
            }
            if e.source_code != NONE && e.source_code != e.target_code {
                add(e.source_code, e.target_code, e.quad, 0);
            }
            let (from, to) = e.quoted;
            for &speaker in &self.quoted_by[from as usize..to as usize] {
                if speaker != NONE && speaker != e.target_code {
                    add(speaker, e.target_code, e.quad, 1);
                }
            }
        }
        let mut out: BTreeMap<(String, String, &'static str), [u64; 2]> = BTreeMap::new();
        for ((s, t, support), n) in sorted(grouped) {
            let stance = if support { "support" } else { "oppose" };
            let key = (
                self.string(s).unwrap_or_default(),
                self.string(t).unwrap_or_default(),
                stance,
            );
            let e = out.entry(key).or_default();
            e[0] += n[0];
            e[1] += n[1];
        }
        Ok(stances_of(out))
    }

    /// Twin of [`crate::Store::summary`].
    ///
    /// # Errors
    /// A bad filter; SQLite failing.
    pub fn summary(&self, store: &crate::Store, f: &Filter) -> Result<Summary> {
        let conn = &store.conn;
        f.check()?;
        let events = self.matching_events(conn, f, false, false)?;
        let mut first: Option<&str> = None;
        let mut last: Option<&str> = None;
        let mut places = BTreeSet::new();
        let mut actors = BTreeSet::new();
        for e in &events {
            if let Some(d) = self.s(e.date) {
                let d = d.get(..10).unwrap_or(d);
                if first.is_none_or(|f| d < f) {
                    first = Some(d);
                }
                if last.is_none_or(|l| d > l) {
                    last = Some(d);
                }
            }
            if e.place_name != NONE {
                places.insert(e.place_name);
            }
            for c in [e.source_code, e.target_code] {
                if c != NONE {
                    actors.insert(c);
                }
            }
        }
        let articles = self.article_mask(conn, f)?.iter().filter(|m| **m).count();
        let quotes = self
            .matching_quotes(&Filter {
                q: None,
                ..f.clone()
            })
            .len();
        let mut by_root: FxMap<Sym, u64> = FxMap::default();
        for e in self.matching_events(conn, f, true, false)? {
            *by_root.entry(e.root).or_default() += 1;
        }
        let mut by_plover: FxMap<Sym, u64> = FxMap::default();
        for e in self.matching_events(conn, f, false, true)? {
            *by_plover.entry(e.plover).or_default() += 1;
        }
        let mut roots: BTreeMap<String, u64> = BTreeMap::new();
        for (sym, n) in sorted(by_root) {
            *roots
                .entry(self.string(sym).unwrap_or_default())
                .or_default() += n;
        }
        let mut plover: BTreeMap<String, u64> = BTreeMap::new();
        for (sym, n) in sorted(by_plover) {
            *plover
                .entry(self.string(sym).unwrap_or_default())
                .or_default() += n;
        }
        let mut plover: Vec<PloverCount> = plover
            .into_iter()
            .map(|(kind, events)| PloverCount { kind, events })
            .collect();
        plover.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.kind.cmp(&b.kind)));
        let mask = self.article_mask(
            conn,
            &Filter {
                outlet: None,
                ..f.clone()
            },
        )?;
        let mut by_outlet: FxMap<Sym, u64> = FxMap::default();
        for (a, m) in self.articles.iter().zip(mask) {
            if m && a.outlet != NONE {
                *by_outlet.entry(a.outlet).or_default() += 1;
            }
        }
        let mut outlets: BTreeMap<String, u64> = BTreeMap::new();
        for (sym, n) in sorted(by_outlet) {
            *outlets
                .entry(self.string(sym).unwrap_or_default())
                .or_default() += n;
        }
        let mut outlets: Vec<OutletCount> = outlets
            .into_iter()
            .map(|(outlet, articles)| OutletCount { outlet, articles })
            .collect();
        outlets.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.outlet.cmp(&b.outlet))
        });
        Ok(Summary {
            articles: articles as u64,
            events: events.len() as u64,
            quotes: quotes as u64,
            actors: actors.len() as u64,
            places: places.len() as u64,
            first_date: first.map(str::to_string),
            last_date: last.map(str::to_string),
            roots: roots
                .into_iter()
                .map(|(root, events)| RootCount {
                    label: root_label(&root).unwrap_or("Unknown"),
                    root,
                    events,
                })
                .collect(),
            plover,
            outlets,
        })
    }
}

/// `YYYY-MM-DD` at the start of `d` (SQL: `GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'`).
fn is_day_prefix(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The ISO week of the day at the start of `d` as `YYYY-Www` (SQLite's `%G-W%V`), or `None`
/// when `d` does not start with a valid day.
fn iso_week(d: &str) -> Option<String> {
    if !is_day_prefix(d) {
        return None;
    }
    let y: i64 = d[..4].parse().ok()?;
    let m: i64 = d[5..7].parse().ok()?;
    let day: i64 = d[8..10].parse().ok()?;
    // SQLite takes any day from 1 to 31 and rolls over (2024-02-30 is 2024-03-01).
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(y, m, day);
    // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
    let weekday = (days + 3).rem_euclid(7) + 1;
    let thursday = days - weekday + 4;
    let (ty, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(ty, 1, 1)) / 7 + 1;
    Some(format!("{ty:04}-W{week:02}"))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_match_sqlite() {
        let conn = Connection::open_in_memory().unwrap();
        for d in [
            "2023-01-01",
            "2023-01-02",
            "2024-12-30",
            "2020-12-31",
            "2021-01-03",
            "2026-11-25",
            "2024-03-14T10:00",
            "2024-02-30",
            "2024-03",
        ] {
            let sql: Option<String> = conn
                .query_row("SELECT strftime('%G-W%V', substr(?1, 1, 10))", [d], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(iso_week(d), sql, "{d}");
        }
    }
}
