//! Reading the store: article listings, full-text search, counts.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use sitrep_types::{DateSource, Published};

use crate::date::check_filter;
use crate::error::{InternalError, Result, UserError};

/// Marks the start of a matched term in [`ArticleRow::snippet`].
pub const MATCH_START: &str = "[";
/// Marks the end of a matched term in [`ArticleRow::snippet`].
pub const MATCH_END: &str = "]";
/// Longest snippet taken from the start of a body when not searching, in characters.
pub const SNIPPET_CHARS: usize = 240;

/// Which articles to list. The default lists every article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleQuery {
    /// Full-text search over title and body. The text is read as plain words, all of which must
    /// occur (in any order); quotes, `*`, `-`, `AND`, `NEAR(` and other FTS5 syntax carry no
    /// meaning. Matching ignores case and diacritics.
    pub search: Option<String>,
    /// Only articles published on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only articles published on or before this day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Only articles from this outlet (exact match).
    pub outlet: Option<String>,
    /// At most this many rows; `None` for all.
    pub limit: Option<usize>,
    /// Skip this many rows first.
    pub offset: usize,
}

/// One article in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow {
    /// Article id.
    pub id: String,
    /// Canonical URL.
    pub url: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, time and where the date came from.
    pub published: Option<Published>,
    /// Section and tag names.
    pub tags: Vec<String>,
    /// When searching, the best-matching passage with matched terms between [`MATCH_START`] and
    /// [`MATCH_END`]; otherwise the start of the body. Whitespace runs are folded to one space.
    pub snippet: String,
    /// How many warnings the article carries.
    pub warnings: usize,
}

/// Row counts per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Articles.
    pub articles: u64,
    /// Citations.
    pub citations: u64,
    /// Entity mentions.
    pub entities: u64,
    /// Quotes.
    pub quotes: u64,
    /// Events.
    pub events: u64,
    /// Places.
    pub places: u64,
    /// Temporal expressions.
    pub times: u64,
}

/// Turns user text into an FTS5 query that can hold no syntax: every whitespace-separated word
/// with a letter or digit in it becomes a quoted string (inner `"` doubled), and the strings
/// are joined by spaces, which FTS5 reads as AND. `None` when no word is left.
#[must_use]
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

pub(crate) fn articles(conn: &Connection, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
    check_filter("since", q.since.as_deref())?;
    check_filter("until", q.until.as_deref())?;
    if let (Some(s), Some(u)) = (&q.since, &q.until) {
        if s > u {
            return Err(
                UserError::InvalidQuery(format!("`since` ({s}) is after `until` ({u})")).into(),
            );
        }
    }
    let matcher = match q.search.as_deref() {
        None => None,
        Some(text) => Some(fts_query(text).ok_or_else(|| {
            UserError::InvalidQuery(format!("search text {text:?} has no words to search for"))
        })?),
    };

    let mut sql = String::from(
        "SELECT a.id, a.url, a.outlet, a.title, a.published_date, a.published_time,
                a.published_source, a.tags, json_array_length(a.warnings), ",
    );
    let mut args: Vec<Value> = Vec::new();
    let mut clauses: Vec<&str> = Vec::new();
    if let Some(m) = matcher {
        sql.push_str(
            "snippet(articles_fts, -1, ?, ?, '…', 24)
             FROM articles_fts JOIN articles a ON a.doc = articles_fts.rowid",
        );
        args.push(Value::Text(MATCH_START.into()));
        args.push(Value::Text(MATCH_END.into()));
        clauses.push("articles_fts MATCH ?");
        args.push(Value::Text(m));
    } else {
        // One character more than we keep, to know whether we cut.
        sql.push_str("substr(a.body, 1, ?) FROM articles a");
        args.push(Value::Integer(to_i64(SNIPPET_CHARS + 1)));
    }
    if let Some(s) = &q.since {
        clauses.push("a.published_date >= ?");
        args.push(Value::Text(s.clone()));
    }
    if let Some(u) = &q.until {
        clauses.push("a.published_date <= ?");
        args.push(Value::Text(u.clone()));
    }
    if let Some(o) = &q.outlet {
        clauses.push("a.outlet = ?");
        args.push(Value::Text(o.clone()));
    }
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY a.published_date DESC NULLS LAST, a.id LIMIT ? OFFSET ?");
    args.push(Value::Integer(q.limit.map_or(-1, to_i64)));
    args.push(Value::Integer(to_i64(q.offset)));

    let searching = q.search.is_some();
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(article_row(row, searching)?);
    }
    Ok(out)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn article_row(row: &Row<'_>, searching: bool) -> Result<ArticleRow> {
    let id: String = row.get(0)?;
    let date: Option<String> = row.get(4)?;
    let published = match date {
        None => None,
        Some(date) => {
            let source: Option<String> = row.get(6)?;
            let source = source.unwrap_or_default();
            Some(Published {
                date,
                time: row.get(5)?,
                source: parse_date_source(&id, &source)?,
            })
        }
    };
    let tags: String = row.get(7)?;
    let tags = serde_json::from_str(&tags)
        .map_err(|e| InternalError::Corrupt(format!("article {id}: tags: {e}")))?;
    let warnings: i64 = row.get(8)?;
    let raw: String = row.get(9)?;
    let snippet = if searching {
        fold_whitespace(&raw)
    } else {
        body_snippet(&raw)
    };
    Ok(ArticleRow {
        url: row.get(1)?,
        outlet: row.get(2)?,
        title: row.get(3)?,
        published,
        tags,
        snippet,
        warnings: usize::try_from(warnings).unwrap_or(0),
        id,
    })
}

fn parse_date_source(id: &str, s: &str) -> Result<DateSource> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|e| {
        InternalError::Corrupt(format!("article {id}: published_source {s:?}: {e}")).into()
    })
}

fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first [`SNIPPET_CHARS`] characters of `head` (which is one longer when the body goes on),
/// cut back to a word boundary with `…` when the body is longer.
fn body_snippet(head: &str) -> String {
    let folded = fold_whitespace(head);
    if head.chars().count() <= SNIPPET_CHARS {
        return folded;
    }
    let mut cut: String = folded.chars().take(SNIPPET_CHARS).collect();
    if let Some(sp) = cut.rfind(' ') {
        if sp > cut.len() / 2 {
            cut.truncate(sp);
        }
    }
    cut.push('…');
    cut
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    let n = |table: &str| -> Result<u64> {
        let v: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM {table}"))?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(v).unwrap_or(0))
    };
    Ok(Counts {
        articles: n("articles")?,
        citations: n("citations")?,
        entities: n("entities")?,
        quotes: n("quotes")?,
        events: n("events")?,
        places: n("places")?,
        times: n("times")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(
            fts_query("Kadyrov Telegram").as_deref(),
            Some("\"Kadyrov\" \"Telegram\"")
        );
        assert_eq!(
            fts_query("say \"hi\"").as_deref(),
            Some("\"say\" \"\"\"hi\"\"\"")
        );
        assert_eq!(fts_query("a AND b").as_deref(), Some("\"a\" \"AND\" \"b\""));
        assert_eq!(fts_query("NEAR(x").as_deref(), Some("\"NEAR(x\""));
        assert_eq!(fts_query("  \" * - ( ) ^ ").as_deref(), None);
        assert_eq!(fts_query("").as_deref(), None);
    }

    #[test]
    fn body_snippet_cuts_at_a_word() {
        assert_eq!(body_snippet("short\n\nbody"), "short body");
        let long = "word ".repeat(100);
        let head: String = long.chars().take(SNIPPET_CHARS + 1).collect();
        let s = body_snippet(&head);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
    }
}
