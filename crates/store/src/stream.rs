//! Streaming every stored record, one article at a time, for exports.
//!
//! [`Store::for_each_record`] walks `articles` in `doc` order with one prepared statement and
//! hands each record (body restored) to a callback, so an export of a million events holds one
//! article in memory at a time.

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use sitrep_types::Record;

use crate::date::check_filter;
use crate::error::{Error, InternalError, UserError};
use crate::Store;

/// Which articles an export reads. The default reads all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Only articles published on or after this day (`YYYY-MM-DD`); undated articles are left
    /// out when set.
    pub since: Option<String>,
    /// Only articles published on or before this day (`YYYY-MM-DD`); undated articles are left
    /// out when set.
    pub until: Option<String>,
    /// Only articles from this outlet (exact match).
    pub outlet: Option<String>,
}

/// One record as the store keeps it, with what the store adds.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    /// The record, body included, exactly as written.
    pub record: Record,
    /// When it was written to the store (`YYYY-MM-DDTHH:MM:SSZ`, UTC).
    pub ingested_at: String,
}

impl Store {
    /// Calls `f` with every stored record matching `filter`, in the order they were first
    /// stored (by `doc`), one at a time. Returns how many records were passed to `f`. Stops at
    /// the first error `f` returns and hands it back.
    ///
    /// # Errors
    /// [`UserError::InvalidDate`] / [`UserError::InvalidQuery`] for a bad filter,
    /// [`InternalError::Corrupt`] when a stored record no longer parses, SQLite errors, and
    /// whatever `f` returns.
    pub fn for_each_record<E, F>(&self, filter: &ExportFilter, mut f: F) -> Result<u64, E>
    where
        E: From<Error>,
        F: FnMut(StoredRecord) -> Result<(), E>,
    {
        let (sql, args) = export_sql(filter).map_err(E::from)?;
        let mut stmt = self.conn.prepare(&sql).map_err(|e| E::from(e.into()))?;
        let mut rows = stmt
            .query(params_from_iter(args))
            .map_err(|e| E::from(e.into()))?;
        let mut n = 0u64;
        while let Some(row) = rows.next().map_err(|e| E::from(e.into()))? {
            let read =
                |row: &rusqlite::Row<'_>| -> rusqlite::Result<(String, String, String, String)> {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                };
            let (id, json, body, ingested_at) = read(row).map_err(|e| E::from(e.into()))?;
            let record = parse_record(&id, &json, body).map_err(E::from)?;
            f(StoredRecord {
                record,
                ingested_at,
            })?;
            n += 1;
        }
        Ok(n)
    }
}

fn export_sql(filter: &ExportFilter) -> Result<(String, Vec<Value>), Error> {
    check_filter("since", filter.since.as_deref())?;
    check_filter("until", filter.until.as_deref())?;
    if let (Some(s), Some(u)) = (&filter.since, &filter.until) {
        if s > u {
            return Err(
                UserError::InvalidQuery(format!("`since` ({s}) is after `until` ({u})")).into(),
            );
        }
    }
    // NOT INDEXED: walk the table in rowid (`doc`) order and filter as it goes. With an index
    // on the filter column SQLite would sort the matches by `doc` first, holding every matching
    // record and body in a temporary b-tree before handing out the first one.
    let mut sql = String::from("SELECT id, record, body, ingested_at FROM articles NOT INDEXED");
    let mut clauses = Vec::new();
    let mut args = Vec::new();
    if let Some(s) = &filter.since {
        clauses.push("published_date >= ?");
        args.push(Value::Text(s.clone()));
    }
    if let Some(u) = &filter.until {
        clauses.push("published_date <= ?");
        args.push(Value::Text(u.clone()));
    }
    if let Some(o) = &filter.outlet {
        clauses.push("outlet = ?");
        args.push(Value::Text(o.clone()));
    }
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY doc");
    Ok((sql, args))
}

fn parse_record(id: &str, json: &str, body: String) -> Result<Record, Error> {
    let mut record: Record = serde_json::from_str(json)
        .map_err(|e| InternalError::Corrupt(format!("article {id}: record JSON: {e}")))?;
    if record.article.id != id {
        return Err(InternalError::Corrupt(format!(
            "article {id}: record JSON holds article id {:?}",
            record.article.id
        ))
        .into());
    }
    record.article.body = body;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_types::{Article, DateSource, Published, Span};

    fn record(id: &str, date: Option<&str>, outlet: &str) -> Record {
        let body = format!("Body of {id}.");
        Record::new(Article {
            id: id.to_string(),
            outlet: Some(outlet.to_string()),
            published: date.map(|d| Published {
                date: d.to_string(),
                time: None,
                source: DateSource::Given,
            }),
            paragraphs: vec![Span::new(0, body.len())],
            body,
            ..Article::default()
        })
    }

    fn ids(store: &Store, filter: &ExportFilter) -> Vec<String> {
        let mut out = Vec::new();
        store
            .for_each_record(filter, |s| -> Result<(), Error> {
                out.push(s.record.article.id);
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn streams_in_store_order_with_bodies_and_filters() {
        let mut store = Store::open_in_memory().unwrap();
        let recs = [
            record("c", Some("2024-03-01"), "Wire"),
            record("a", Some("2024-01-01"), "Daily"),
            record("b", None, "Wire"),
        ];
        store.write_batch(&recs).unwrap();
        let mut back = Vec::new();
        let n = store
            .for_each_record(&ExportFilter::default(), |s| -> Result<(), Error> {
                assert!(s.ingested_at.ends_with('Z'));
                back.push(s.record);
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 3);
        assert_eq!(back, recs.to_vec());
        let since = ExportFilter {
            since: Some("2024-02-01".into()),
            ..ExportFilter::default()
        };
        assert_eq!(ids(&store, &since), ["c"]);
        let wire = ExportFilter {
            outlet: Some("Wire".into()),
            ..ExportFilter::default()
        };
        assert_eq!(ids(&store, &wire), ["c", "b"]);
    }

    #[test]
    fn the_walk_never_sorts_into_a_temporary_table() {
        let store = Store::open_in_memory().unwrap();
        let filter = ExportFilter {
            since: Some("2024-01-01".into()),
            until: Some("2024-12-31".into()),
            outlet: Some("Wire".into()),
        };
        let (sql, args) = export_sql(&filter).unwrap();
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(params_from_iter(args), |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(plan.iter().all(|p| !p.contains("TEMP B-TREE")), "{plan:?}");
        assert!(plan.iter().all(|p| !p.contains("INDEX")), "{plan:?}");
    }

    #[test]
    fn callback_errors_stop_the_walk_and_bad_filters_are_user_errors() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write_batch(&[record("a", None, "x"), record("b", None, "x")])
            .unwrap();
        let mut seen = 0;
        let err = store
            .for_each_record(&ExportFilter::default(), |_| -> Result<(), Error> {
                seen += 1;
                Err(InternalError::Corrupt("stop".into()).into())
            })
            .unwrap_err();
        assert_eq!(seen, 1);
        assert!(err.is_internal());
        let bad = ExportFilter {
            since: Some("2024-13-01".into()),
            ..ExportFilter::default()
        };
        let err = store
            .for_each_record(&bad, |_| -> Result<(), Error> { Ok(()) })
            .unwrap_err();
        assert!(err.is_user(), "{err}");
    }
}
