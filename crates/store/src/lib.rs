//! The sitrep store: SQLite tables for [`Record`]s, batched idempotent writes, full-text search
//! and queries.
//!
//! A [`Store`] wraps one SQLite connection. [`Store::open`] creates or opens a database file
//! (WAL journal, foreign keys on, a busy timeout) and brings its schema up to
//! [`LATEST_SCHEMA_VERSION`] with the migrations in `migrations/`; a file written by a newer
//! sitrep is refused with [`InternalError::SchemaTooNew`]. [`Store::open_in_memory`] gives a
//! private store for tests and one-shot runs.
//!
//! [`Store::write_batch`] writes records in one transaction. An article is keyed by its id:
//! writing a record whose id is already stored replaces the article and everything hanging off
//! it, so re-ingesting the same input never duplicates rows. A record that breaks the contract
//! (see [`validate`]) rolls back its whole batch.
//!
//! Each record is kept twice over: as the full [`Record`] JSON (so fields added by later stages
//! survive a round trip through [`Store::record`]) and spread over query-friendly tables
//! (`articles`, `citations`, `entities`, `quotes`, `events`, `places`, `times`) with an FTS5
//! index over titles and bodies. [`Store::articles`] lists and searches articles,
//! [`Store::counts`] counts rows, and [`Store::dump`] prints the whole store as sorted text for
//! snapshot tests.
//!
//! ```
//! use sitrep_store::{ArticleQuery, Store};
//! use sitrep_types::{Article, DateSource, Published, Record, Span};
//!
//! let mut article = Article::default();
//! article.body = "Kadyrov wrote on Telegram that the talks had failed.".to_string();
//! article.paragraphs = vec![Span::new(0, article.body.len())];
//! article.id = Article::compute_id(Some("https://example.invalid/a"), &article.body);
//! article.title = Some("Talks fail".to_string());
//! article.published = Some(Published {
//!     date: "2023-10-07".to_string(),
//!     time: None,
//!     source: DateSource::Meta,
//! });
//! let record = Record::new(article);
//!
//! let mut store = Store::open_in_memory()?;
//! let stats = store.write_batch(std::slice::from_ref(&record))?;
//! assert_eq!((stats.inserted, stats.replaced), (1, 0));
//! // Writing the same article again replaces it.
//! assert_eq!(store.write_batch(std::slice::from_ref(&record))?.replaced, 1);
//! assert_eq!(store.counts()?.articles, 1);
//!
//! let hits = store.articles(&ArticleQuery {
//!     search: Some("telegram TALKS".to_string()),
//!     since: Some("2023-10-01".to_string()),
//!     ..ArticleQuery::default()
//! })?;
//! assert_eq!(hits.len(), 1);
//! assert!(hits[0].snippet.contains("[Telegram]"));
//!
//! assert_eq!(store.record(&record.article.id)?, Some(record));
//! # Ok::<(), sitrep_store::Error>(())
//! ```
#![deny(missing_docs)]

mod analysis;
mod date;
mod dump;
mod error;
mod query;
mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sitrep_types::Record;

pub use analysis::{
    root_label, ActorCell, ActorRow, ArticleCell, Day, Dyad, Edge, EventRow, Filter, MapPlace,
    Network, Node, OutletCount, Page, Paging, Period, PlaceCell, PloverCell, PloverCount, QuoteRow,
    RootCount, Stance, Summary, CAMEO_ROOTS, MAX_LIMIT,
};
pub use date::is_valid_day;
pub use error::{Error, InternalError, Result, UserError};
pub use query::{
    fts_query, ArticleQuery, ArticleRow, Counts, MATCH_END, MATCH_START, SNIPPET_CHARS,
};
pub use schema::LATEST_SCHEMA_VERSION;
pub use write::{validate, WriteStats};

/// How long a write waits for another connection's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A sitrep database: one SQLite connection with the schema migrated to
/// [`LATEST_SCHEMA_VERSION`].
///
/// A `Store` is `Send` but not `Sync`; a server opens one per worker (WAL lets readers and one
/// writer work on the same file at once).
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Test hook: fail the batch when about to write the record at this index.
    #[cfg(test)]
    fail_at: Option<usize>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating the file when it does not exist, and migrates it to
    /// the newest schema.
    ///
    /// # Errors
    /// [`Error::Open`] when the file cannot be opened or is not an SQLite database,
    /// [`UserError::NotAStore`] for an SQLite database sitrep did not make,
    /// [`InternalError::SchemaTooNew`] for a store written by a newer sitrep, and
    /// [`InternalError::Migration`] when a migration step fails (the file is left as it was).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        configure(&conn, true).map_err(open_err)?;
        Store::finish(conn, Some(path.to_path_buf()))
    }

    /// A new, empty store in memory, gone when dropped.
    ///
    /// # Errors
    /// Only when SQLite cannot allocate or the schema fails to apply (a bug).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        configure(&conn, false)?;
        Store::finish(conn, None)
    }

    fn finish(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        schema::migrate(&mut conn, schema::MIGRATIONS)?;
        Ok(Store {
            conn,
            path,
            #[cfg(test)]
            fail_at: None,
        })
    }

    /// The file this store lives in; `None` in memory.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn schema_version(&self) -> Result<u32> {
        schema::user_version(&self.conn)
    }

    /// Writes `records` in one transaction. A record whose article id is already stored
    /// (before or earlier in this batch) replaces it with all its children and its search
    /// entry.
    ///
    /// # Errors
    /// [`UserError::InvalidRecord`] for the first record that fails [`validate`] or a table
    /// constraint; any error rolls back the whole batch, leaving what earlier batches stored.
    pub fn write_batch(&mut self, records: &[Record]) -> Result<WriteStats> {
        let mut stats = WriteStats::default();
        if records.is_empty() {
            return Ok(stats);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now: String =
            tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
                r.get(0)
            })?;
        for (index, record) in records.iter().enumerate() {
            let id = &record.article.id;
            write::validate(record).map_err(|reason| UserError::InvalidRecord {
                index,
                id: id.clone(),
                reason,
            })?;
            #[cfg(test)]
            if self.fail_at == Some(index) {
                return Err(InternalError::Corrupt("injected failure".into()).into());
            }
            let replaced =
                write::write_record(&tx, record, &now).map_err(|e| write::blame(index, id, e))?;
            if replaced {
                stats.replaced += 1;
            } else {
                stats.inserted += 1;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Deletes the article `id` with all its rows. True when it was stored.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existed = write::delete_article(&tx, id)?;
        tx.commit()?;
        Ok(existed)
    }

    /// The stored record of article `id`, exactly as it was written.
    ///
    /// # Errors
    /// [`InternalError::Corrupt`] when the stored JSON no longer parses.
    pub fn record(&self, id: &str) -> Result<Option<Record>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT record, body FROM articles WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((json, body)) = row else {
            return Ok(None);
        };
        let mut record: Record = serde_json::from_str(&json)
            .map_err(|e| InternalError::Corrupt(format!("article {id}: record JSON: {e}")))?;
        if record.article.id != id {
            return Err(InternalError::Corrupt(format!(
                "article {id}: record JSON holds article id {:?}",
                record.article.id
            ))
            .into());
        }
        record.article.body = body;
        Ok(Some(record))
    }

    /// Articles matching `query`, newest first (then by id; undated articles last).
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] for a `since` or `until` that is not a `YYYY-MM-DD` day,
    /// [`UserError::InvalidQuery`] for `since` after `until` or a search with no words.
    pub fn articles(&self, query: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        query::articles(&self.conn, query)
    }

    /// Articles matching `filter` (see [`Filter`]), newest first, one page.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter or page.
    pub fn article_page(&self, filter: &Filter, page: Paging) -> Result<Page<ArticleRow>> {
        analysis::articles(&self.conn, filter, page)
    }

    /// Events matching `filter`, newest first, one page, each with its sentence.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter or page.
    pub fn events(&self, filter: &Filter, page: Paging) -> Result<Page<EventRow>> {
        analysis::events(&self.conn, filter, page)
    }

    /// Quotes matching `filter` (dates and outlet of the article, actor as speaker, `q` as
    /// words of the quote, speaker, medium or relays), newest first.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter or page.
    pub fn quotes(&self, filter: &Filter, page: Paging) -> Result<Page<QuoteRow>> {
        analysis::quotes(&self.conn, filter, page)
    }

    /// Actors of the matching events and quotes, most active first; `filter.actor` selects
    /// actors by code prefix or name.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter or page.
    pub fn actors(&self, filter: &Filter, page: Paging) -> Result<Page<ActorRow>> {
        analysis::actors(&self.conn, filter, page)
    }

    /// Matching events per day by quad class.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter.
    pub fn timeline(&self, filter: &Filter) -> Result<Vec<Day>> {
        analysis::timeline(&self.conn, filter)
    }

    /// Who acts on whom among the `top` most active actors of the matching events.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter.
    pub fn network(&self, filter: &Filter, top: usize) -> Result<Network> {
        analysis::network(&self.conn, filter, top)
    }

    /// Places of the matching events, and places named in the matching articles.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter.
    pub fn map(&self, filter: &Filter) -> Result<Vec<MapPlace>> {
        analysis::map(&self.conn, filter)
    }

    /// Source → target event counts and mean Goldstein score per period.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter or page.
    pub fn dyads(&self, filter: &Filter, period: Period, page: Paging) -> Result<Page<Dyad>> {
        analysis::dyads(&self.conn, filter, period, page)
    }

    /// Who supports or opposes whom: cooperative and conflictual events between actors, and
    /// events reported inside an actor's quotes.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter.
    pub fn stances(&self, filter: &Filter) -> Result<Vec<Stance>> {
        analysis::stances(&self.conn, filter)
    }

    /// Totals and the counts behind the filter menus.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] or [`UserError::InvalidQuery`] for a bad filter.
    pub fn summary(&self, filter: &Filter) -> Result<Summary> {
        analysis::summary(&self.conn, filter)
    }

    /// A number that changes whenever another connection commits to the database (SQLite's
    /// `PRAGMA data_version`): a cache of query results is good while it stays the same.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Row counts per table.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn counts(&self) -> Result<Counts> {
        query::counts(&self.conn)
    }

    /// The whole database as text: one line per row, tables in a fixed order, rows sorted by
    /// key, ingest times redacted. Two stores holding the same records dump the same text
    /// whatever order the records were written in.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn dump(&self) -> Result<String> {
        dump::dump(&self.conn)
    }

    /// Checks the database file, foreign keys and the full-text index against the articles.
    ///
    /// # Errors
    /// [`InternalError::Corrupt`] describing the first problem found.
    pub fn integrity_check(&self) -> Result<()> {
        let report: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if report != "ok" {
            return Err(InternalError::Corrupt(format!("integrity_check: {report}")).into());
        }
        let orphan: Option<(String, i64)> = self
            .conn
            .query_row("PRAGMA foreign_key_check", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((table, rowid)) = orphan {
            return Err(InternalError::Corrupt(format!(
                "foreign_key_check: {table} row {rowid} points at a missing article"
            ))
            .into());
        }
        self.conn
            .execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .map_err(|e| InternalError::Corrupt(format!("full-text index: {e}")))?;
        Ok(())
    }
}

fn configure(conn: &Connection, file: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "foreign_keys", true)?;
    if file {
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some(format!("cannot switch the journal to WAL (got {mode})")),
            ));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_types::{Article, Event, Plover, Span};

    fn record(id: &str, body: &str) -> Record {
        Record::new(Article {
            id: id.to_string(),
            body: body.to_string(),
            paragraphs: vec![Span::new(0, body.len())],
            ..Article::default()
        })
    }

    fn event(quad: u8) -> Event {
        Event {
            source: sitrep_types::ActorRef {
                text: "Ruritania".into(),
                ..Default::default()
            },
            target: None,
            cameo: "042".into(),
            root: "04".into(),
            quad,
            goldstein: 1.9,
            plover: Plover {
                kind: "CONSULT".into(),
                ..Default::default()
            },
            date: None,
            place: None,
            negated: false,
            modality: sitrep_types::Modality::Asserted,
            claimed_by: None,
            sentence: Span::new(0, 4),
            span: Span::new(0, 4),
            evidence: vec![],
            confidence: 0.5,
        }
    }

    #[test]
    fn failure_mid_batch_rolls_back_the_batch_only() {
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&[record("keep", "kept body")]).unwrap();
        store.fail_at = Some(1);
        let batch = [record("gone1", "first"), record("gone2", "second")];
        let err = store.write_batch(&batch).unwrap_err();
        assert!(err.is_internal(), "{err}");
        store.fail_at = None;
        assert_eq!(store.counts().unwrap().articles, 1);
        assert!(store.record("gone1").unwrap().is_none());
        assert!(store.record("keep").unwrap().is_some());
        store.integrity_check().unwrap();
        // The connection is usable afterwards.
        assert_eq!(store.write_batch(&batch).unwrap().inserted, 2);
    }

    #[test]
    fn table_constraints_are_reported_as_invalid_records() {
        let mut store = Store::open_in_memory().unwrap();
        let mut bad = record("bad", "body");
        bad.events.push(event(9));
        // Bypass `validate` to reach the CHECK constraint on events.quad.
        let tx = store.conn.transaction().unwrap();
        let err = write::write_record(&tx, &bad, "now")
            .map_err(|e| write::blame(3, "bad", e))
            .unwrap_err();
        drop(tx);
        assert!(
            matches!(&err, Error::User(UserError::InvalidRecord { index: 3, id, reason })
                if id == "bad" && reason.contains("CHECK")),
            "{err}"
        );
        // Through the public path `validate` catches it first.
        let err = store.write_batch(&[bad]).unwrap_err();
        assert!(err.to_string().contains("quad class 9"), "{err}");
        assert_eq!(store.counts().unwrap(), Counts::default());
    }

    fn search(store: &Store, text: &str) -> usize {
        store
            .articles(&ArticleQuery {
                search: Some(text.into()),
                ..Default::default()
            })
            .unwrap()
            .len()
    }

    #[test]
    fn replace_and_delete_keep_the_search_index_in_step() {
        let mut store = Store::open_in_memory().unwrap();
        let mut r = record("a", "alpha bravo");
        r.events.push(event(1));
        store
            .write_batch(&[r.clone(), record("b", "charlie")])
            .unwrap();
        r.article.body = "delta echo".into();
        r.events.clear();
        let stats = store.write_batch(&[r]).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                inserted: 0,
                replaced: 1
            }
        );
        store.integrity_check().unwrap();
        assert_eq!(search(&store, "alpha"), 0);
        assert_eq!(search(&store, "echo"), 1);
        assert_eq!(store.counts().unwrap().events, 0);
        assert!(store.delete("a").unwrap());
        assert!(!store.delete("a").unwrap());
        store.integrity_check().unwrap();
        assert_eq!(search(&store, "echo"), 0);
        assert_eq!(search(&store, "charlie"), 1);
    }

    #[test]
    fn foreign_keys_are_enforced() {
        let store = Store::open_in_memory().unwrap();
        let err = store
            .conn
            .execute(
                "INSERT INTO times (article_id, seq, text, type, value, start, \"end\")
                 VALUES ('nope', 0, 't', 'DATE', 'v', 0, 1)",
                [],
            )
            .unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        );
    }
}
