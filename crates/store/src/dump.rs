//! A readable, stable text form of the whole store, for snapshot tests and debugging.

use std::fmt::Write as _;

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::Result;

/// Tables in dump order, each with its sort key.
const TABLES: &[(&str, &str)] = &[
    ("schema_migrations", "version"),
    ("articles", "id"),
    ("citations", "article_id, seq"),
    ("entities", "article_id, seq"),
    ("quotes", "article_id, seq"),
    ("events", "article_id, seq"),
    ("places", "article_id, seq"),
    ("times", "article_id, seq"),
];

/// Columns whose values depend on when or in which order rows were written.
const REDACTED: &[(&str, &str)] = &[
    ("schema_migrations", "applied_at"),
    ("articles", "ingested_at"),
];

/// Columns left out: the internal rowid of articles depends on insertion order.
const SKIPPED: &[(&str, &str)] = &[("articles", "doc")];

/// Columns holding compact JSON, written as is rather than quoted.
const JSON_COLUMNS: &[&str] = &["tags", "origin", "warnings", "relays", "record"];

pub(crate) fn dump(conn: &Connection) -> Result<String> {
    let mut out = String::new();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let _ = writeln!(out, "user_version {version}");
    for &(table, order) in TABLES {
        let columns = columns(conn, table)?;
        let select: Vec<String> = columns
            .iter()
            .filter(|c| !SKIPPED.contains(&(table, c.as_str())))
            .map(|c| format!("\"{c}\""))
            .collect();
        let names: Vec<&str> = columns
            .iter()
            .map(String::as_str)
            .filter(|c| !SKIPPED.contains(&(table, c)))
            .collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY {order}", select.join(", "));
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query([])?;
        while let Some(row) = rows.next()? {
            out.push_str(table);
            for (i, name) in names.iter().enumerate() {
                let _ = write!(out, " {name}=");
                if REDACTED.contains(&(table, name)) {
                    out.push_str("[redacted]");
                    continue;
                }
                match row.get_ref(i)? {
                    ValueRef::Null => out.push_str("null"),
                    ValueRef::Integer(n) => {
                        let _ = write!(out, "{n}");
                    }
                    ValueRef::Real(x) => {
                        let _ = write!(out, "{x:?}");
                    }
                    ValueRef::Text(t) => {
                        let t = String::from_utf8_lossy(t);
                        if JSON_COLUMNS.contains(name) && !t.contains('\n') {
                            out.push_str(&t);
                        } else {
                            out.push_str(&quote(&t));
                        }
                    }
                    ValueRef::Blob(b) => {
                        let _ = write!(out, "x'");
                        for byte in b {
                            let _ = write!(out, "{byte:02x}");
                        }
                        out.push('\'');
                    }
                }
            }
            out.push('\n');
        }
    }
    Ok(out)
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = st
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// A string as a JSON string literal: one line, escapes visible.
fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}
