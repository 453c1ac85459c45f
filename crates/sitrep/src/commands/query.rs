//! `sitrep query`: read records back from the store.
//!
//! `sitrep query articles` lists articles newest first, filtered by full-text search, dates
//! and outlet: a plain table by default, or one JSON object per line with `--json`. A query
//! never creates a store: a missing file is an error that says to run `sitrep ingest` first.

use crate::cli::ArticleQueryArgs;
use anyhow::{bail, Result};
use serde::Serialize;
use sitrep_store::{ArticleQuery, ArticleRow, Store};
use sitrep_types::Published;
use std::io::Write;
use std::path::Path;

/// One article of `sitrep query articles --json`: the fields of [`ArticleRow`].
#[derive(Debug, Serialize)]
pub struct ArticleJson<'a> {
    /// Article id.
    pub id: &'a str,
    /// Canonical URL.
    pub url: Option<&'a str>,
    /// Outlet.
    pub outlet: Option<&'a str>,
    /// Headline.
    pub title: Option<&'a str>,
    /// Publication date.
    pub published: Option<&'a Published>,
    /// Section and tag names.
    pub tags: &'a [String],
    /// The matching passage when searching, else the start of the body.
    pub snippet: &'a str,
    /// How many warnings the article carries.
    pub warnings: usize,
}

impl<'a> From<&'a ArticleRow> for ArticleJson<'a> {
    fn from(r: &'a ArticleRow) -> Self {
        let ArticleRow {
            id,
            url,
            outlet,
            title,
            published,
            tags,
            snippet,
            warnings,
        } = r;
        ArticleJson {
            id,
            url: url.as_deref(),
            outlet: outlet.as_deref(),
            title: title.as_deref(),
            published: published.as_ref(),
            tags,
            snippet,
            warnings: *warnings,
        }
    }
}

/// Open an existing store for reading; never creates one.
///
/// # Errors
/// When there is no file at `path`, or it is not a sitrep store.
pub fn open_existing(path: &Path) -> Result<Store> {
    if !path.is_file() {
        bail!("no store at {} (run sitrep ingest first)", path.display());
    }
    Ok(Store::open(path)?)
}

/// Run `sitrep query articles`.
pub fn articles(args: &ArticleQueryArgs) -> Result<u8> {
    let ArticleQueryArgs {
        db,
        search,
        since,
        until,
        outlet,
        limit,
        offset,
        json,
    } = args;
    let store = open_existing(db)?;
    let rows = store.articles(&ArticleQuery {
        search: search.clone(),
        since: since.clone(),
        until: until.clone(),
        outlet: outlet.clone(),
        limit: Some(*limit),
        offset: *offset,
    })?;
    let mut out = std::io::stdout().lock();
    if *json {
        for row in &rows {
            let mut line = serde_json::to_vec(&ArticleJson::from(row))?;
            line.push(b'\n');
            out.write_all(&line)?;
        }
    } else if rows.is_empty() {
        writeln!(out, "no articles found")?;
    } else {
        out.write_all(table(&rows).as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}

/// Widest outlet column.
const OUTLET_WIDTH: usize = 22;
/// Widest title column.
const TITLE_WIDTH: usize = 64;
/// Characters of the id shown.
const ID_WIDTH: usize = 12;

/// The rows as a plain-text table: date, outlet, title, short id.
#[must_use]
pub fn table(rows: &[ArticleRow]) -> String {
    use std::fmt::Write as _;
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.published
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |p| p.date.clone()),
                truncate(r.outlet.as_deref().unwrap_or("-"), OUTLET_WIDTH),
                truncate(r.title.as_deref().unwrap_or("(no title)"), TITLE_WIDTH),
                r.id.chars().take(ID_WIDTH).collect(),
            ]
        })
        .collect();
    let header = ["DATE", "OUTLET", "TITLE", "ID"].map(str::to_string);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&cells) {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    for row in std::iter::once(&header).chain(&cells) {
        let line = format!(
            "{}  {}  {}  {}",
            pad(&row[0], widths[0]),
            pad(&row[1], widths[1]),
            pad(&row[2], widths[2]),
            row[3]
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    s
}

/// `s` cut to at most `max` characters, with `…` when cut; whitespace runs folded.
#[must_use]
pub fn truncate(s: &str, max: usize) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let mut cut: String = folded.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_chars() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            truncate("Putin’s  allies\ndefend", 100),
            "Putin’s allies defend"
        );
        let t = truncate("Putin’s Allies Defend Palestine", 10);
        assert_eq!(t, "Putin’s A…");
        assert_eq!(t.chars().count(), 10);
    }

    #[test]
    fn table_aligns_columns() {
        let row = ArticleRow {
            id: "0123456789abcdef0123456789abcdef".into(),
            url: None,
            outlet: Some("Example Times".into()),
            title: Some("Talks resume".into()),
            published: None,
            tags: vec![],
            snippet: String::new(),
            warnings: 0,
        };
        let t = table(&[row]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("DATE  OUTLET         TITLE         ID"),
            "{t}"
        );
        assert!(
            lines[1].starts_with("-     Example Times  Talks resume  0123456789ab"),
            "{t}"
        );
    }

    #[test]
    fn missing_store_is_not_created() {
        let path = std::env::temp_dir().join(format!("sitrep-no-store-{}.db", std::process::id()));
        let err = open_existing(&path).unwrap_err().to_string();
        assert!(err.contains("no store at"), "{err}");
        assert!(!path.exists());
    }
}
