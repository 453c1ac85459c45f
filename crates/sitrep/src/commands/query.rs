//! `sitrep query`: read records back from the store.
//!
//! `sitrep query articles` lists articles newest first, filtered by full-text search, dates
//! and outlet: a plain table by default, or one JSON object per line with `--json`. A query
//! never creates a store: a missing file is an error that says to run `sitrep ingest` first.

use crate::cli::{ArticleQueryArgs, DyadArgs, PeriodArg, QueryFormat, RecordQueryArgs};
use anyhow::{bail, Result};
use serde::Serialize;
use sitrep_store::{ArticleQuery, ArticleRow, Filter, Paging, Period, Store};
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
        actor,
        root,
        plover,
        country,
        limit,
        offset,
        json,
    } = args;
    let store = open_existing(db)?;
    let rows = if actor.is_some() || root.is_some() || plover.is_some() || country.is_some() {
        // Filters on the records: the shared filter, snippets from the start of the body.
        store
            .article_page(
                &Filter {
                    since: since.clone(),
                    until: until.clone(),
                    outlet: outlet.clone(),
                    actor: actor.clone(),
                    root: root.clone(),
                    plover: plover.clone(),
                    country: country.clone(),
                    q: search.clone(),
                    ..Filter::default()
                },
                Paging {
                    limit: *limit,
                    offset: *offset,
                },
            )?
            .items
    } else {
        store.articles(&ArticleQuery {
            search: search.clone(),
            since: since.clone(),
            until: until.clone(),
            outlet: outlet.clone(),
            limit: Some(*limit),
            offset: *offset,
        })?
    };
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

/// Which records `sitrep query` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Events.
    Events,
    /// Quotes.
    Quotes,
    /// Actors.
    Actors,
    /// Places.
    Places,
    /// Stances.
    Stances,
}

fn filter_of(a: &RecordQueryArgs) -> Filter {
    Filter {
        since: a.since.clone(),
        until: a.until.clone(),
        actor: a.actor.clone(),
        root: a.root.clone(),
        cameo: a.cameo.clone(),
        plover: a.plover.clone(),
        quad: a.quad,
        outlet: a.outlet.clone(),
        country: a.country.clone(),
        q: a.search.clone(),
    }
}

fn format_of(a: &RecordQueryArgs) -> QueryFormat {
    if a.json {
        QueryFormat::Json
    } else if a.csv {
        QueryFormat::Csv
    } else {
        a.format
    }
}

/// Rows ready to print: JSON values and the table/CSV cells of each.
struct Rows {
    header: &'static [&'static str],
    json: Vec<serde_json::Value>,
    cells: Vec<Vec<String>>,
    total: Option<u64>,
}

fn opt(s: Option<&str>) -> String {
    s.unwrap_or("").to_string()
}

fn who(name: Option<&str>, text: Option<&str>, code: Option<&str>) -> String {
    let n = name.or(text).unwrap_or("");
    match code {
        Some(c) if !c.is_empty() => format!("{n} [{c}]"),
        _ => n.to_string(),
    }
}

/// Run `sitrep query events|quotes|actors|places|stances`.
pub fn records(kind: Kind, args: &RecordQueryArgs) -> Result<u8> {
    let store = open_existing(&args.db)?;
    let f = filter_of(args);
    let page = Paging {
        limit: args.limit,
        offset: args.offset,
    };
    let rows = match kind {
        Kind::Events => {
            let p = store.events(&f, page)?;
            Rows {
                header: &["DATE", "SOURCE", "CAMEO", "TARGET", "PLACE", "SENTENCE"],
                cells: p
                    .items
                    .iter()
                    .map(|e| {
                        vec![
                            opt(e.date.as_deref()),
                            who(
                                e.source.name.as_deref(),
                                e.source.text.as_deref(),
                                e.source.code.as_deref(),
                            ),
                            format!("{} {}", e.cameo, e.plover.kind),
                            e.target.as_ref().map_or_else(String::new, |t| {
                                who(t.name.as_deref(), t.text.as_deref(), t.code.as_deref())
                            }),
                            e.place
                                .as_ref()
                                .map_or_else(String::new, |p| p.name.clone()),
                            e.text.clone(),
                        ]
                    })
                    .collect(),
                json: to_values(&p.items)?,
                total: Some(p.total),
            }
        }
        Kind::Quotes => {
            let p = store.quotes(&f, page)?;
            Rows {
                header: &["DATE", "SPEAKER", "KIND", "MEDIUM", "RELAYED BY", "QUOTE"],
                cells: p
                    .items
                    .iter()
                    .map(|q| {
                        vec![
                            opt(q.article.date.as_deref()),
                            q.speaker.as_ref().map_or_else(String::new, |s| {
                                who(s.name.as_deref(), s.text.as_deref(), s.code.as_deref())
                            }),
                            q.kind.clone(),
                            opt(q.medium.as_deref()),
                            q.relays.join(", "),
                            q.text.clone(),
                        ]
                    })
                    .collect(),
                json: to_values(&p.items)?,
                total: Some(p.total),
            }
        }
        Kind::Actors => {
            let p = store.actors(&f, page)?;
            Rows {
                header: &["CODE", "NAME", "AS SOURCE", "AS TARGET", "QUOTES"],
                cells: p
                    .items
                    .iter()
                    .map(|a| {
                        vec![
                            a.code.clone(),
                            opt(a.name.as_deref()),
                            a.events_source.to_string(),
                            a.events_target.to_string(),
                            a.quotes.to_string(),
                        ]
                    })
                    .collect(),
                json: to_values(&p.items)?,
                total: Some(p.total),
            }
        }
        Kind::Places => {
            let all = store.map(&f)?;
            let total = all.len() as u64;
            let items: Vec<_> = all.into_iter().skip(page.offset).take(page.limit).collect();
            Rows {
                header: &["PLACE", "COUNTRY", "LAT", "LON", "EVENTS", "MENTIONS"],
                cells: items
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            opt(p.country.as_deref()),
                            format!("{:.4}", p.lat),
                            format!("{:.4}", p.lon),
                            p.events.to_string(),
                            p.mentions.to_string(),
                        ]
                    })
                    .collect(),
                json: to_values(&items)?,
                total: Some(total),
            }
        }
        Kind::Stances => {
            let all = store.stances(&f)?;
            let total = all.len() as u64;
            let items: Vec<_> = all.into_iter().skip(page.offset).take(page.limit).collect();
            Rows {
                header: &["SOURCE", "STANCE", "TARGET", "EVENTS", "IN QUOTES"],
                cells: items
                    .iter()
                    .map(|s| {
                        vec![
                            s.source.clone(),
                            s.stance.to_string(),
                            s.target.clone(),
                            s.events.to_string(),
                            s.quotes.to_string(),
                        ]
                    })
                    .collect(),
                json: to_values(&items)?,
                total: Some(total),
            }
        }
    };
    print_rows(&rows, format_of(args))
}

/// Run `sitrep query dyads`.
pub fn dyads(args: &DyadArgs) -> Result<u8> {
    let a = &args.query;
    let store = open_existing(&a.db)?;
    let period = match args.period {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
    };
    let p = store.dyads(
        &filter_of(a),
        period,
        Paging {
            limit: a.limit,
            offset: a.offset,
        },
    )?;
    let rows = Rows {
        header: &["PERIOD", "SOURCE", "TARGET", "EVENTS", "GOLDSTEIN"],
        cells: p
            .items
            .iter()
            .map(|d| {
                vec![
                    d.period.clone(),
                    d.source.clone(),
                    d.target.clone(),
                    d.events.to_string(),
                    format!("{:.2}", d.goldstein),
                ]
            })
            .collect(),
        json: to_values(&p.items)?,
        total: Some(p.total),
    };
    print_rows(&rows, format_of(a))
}

fn to_values<T: Serialize>(items: &[T]) -> Result<Vec<serde_json::Value>> {
    items
        .iter()
        .map(|i| serde_json::to_value(i).map_err(Into::into))
        .collect()
}

/// Widest cell of a query table.
const CELL_WIDTH: usize = 48;
/// Widest last cell (the sentence or quote).
const LAST_WIDTH: usize = 90;

fn print_rows(rows: &Rows, format: QueryFormat) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    match format {
        QueryFormat::Json => {
            for v in &rows.json {
                let mut line = serde_json::to_vec(v)?;
                line.push(b'\n');
                out.write_all(&line)?;
            }
        }
        QueryFormat::Csv => {
            let mut s = String::new();
            csv_line(&mut s, rows.header.iter().copied());
            for r in &rows.cells {
                csv_line(&mut s, r.iter().map(String::as_str));
            }
            out.write_all(s.as_bytes())?;
        }
        QueryFormat::Table => {
            if rows.cells.is_empty() {
                writeln!(out, "nothing found")?;
            } else {
                out.write_all(grid(rows.header, &rows.cells).as_bytes())?;
                if let Some(total) = rows.total {
                    if total > rows.cells.len() as u64 {
                        writeln!(
                            out,
                            "({} of {total} shown; --limit and --offset page through)",
                            rows.cells.len()
                        )?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// One CSV line (RFC 4180: fields with a comma, quote or line break are quoted, quotes
/// doubled).
pub fn csv_line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

/// An aligned table; long cells are cut with `…`.
fn grid(header: &[&str], cells: &[Vec<String>]) -> String {
    use std::fmt::Write as _;
    let last = header.len().saturating_sub(1);
    let cut: Vec<Vec<String>> = std::iter::once(header.iter().map(ToString::to_string).collect())
        .chain(cells.iter().map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| truncate(c, if i == last { LAST_WIDTH } else { CELL_WIDTH }))
                .collect()
        }))
        .collect();
    let mut widths = vec![0usize; header.len()];
    for row in &cut {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    for row in &cut {
        let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        let _ = writeln!(s, "{}", line.join("  ").trim_end());
    }
    s
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
