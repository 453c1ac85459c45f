//! `sitrep demo`: the bundled example articles into the store, then a summary.
//!
//! Every file of the examples folder (HTML pages, text scrapes, JSON lines, feeds) is ingested
//! with the same engine as `sitrep ingest` ([`super::ingest::ingest_into`]); the folder's
//! `README.md` describes the examples and is left out. The summary lists the articles stored,
//! the warnings by kind and the outlets and media the articles cite. Articles are keyed by id,
//! so running the demo again replaces them instead of adding copies.

use super::ingest::{ingest_into, IngestOptions, Summary};
use super::query::truncate;
use crate::cli::DemoArgs;
use anyhow::{bail, Context, Result};
use sitrep_extract::ExtractOptions;
use sitrep_store::Store;
use sitrep_types::{CitationRole, Record};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Run `sitrep demo`.
pub fn run(args: &DemoArgs) -> Result<u8> {
    let DemoArgs {
        examples,
        db,
        no_serve,
        addr,
    } = args;
    let (files, left_out) = example_files(examples)?;
    if files.is_empty() {
        bail!("no example files in {}", examples.display());
    }
    let mut store = Store::open(db)?;
    let mut source = super::source_options(20)?;
    source.report_skipped = true;
    let opts = IngestOptions {
        threads: std::thread::available_parallelism().map_or(1, usize::from),
        batch: 256,
        source,
        extract: ExtractOptions::default(),
        progress: std::io::stderr().is_terminal(),
        keep_ids: true,
    };
    let inputs: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut summary = ingest_into(&mut store, &inputs, &opts)?;
    for _ in &left_out {
        summary.skip_input("not-an-article");
    }
    let mut records = Vec::with_capacity(summary.ids.len());
    for id in &summary.ids {
        if let Some(r) = store
            .record(id)
            .with_context(|| format!("reading article {id}"))?
        {
            records.push(r);
        }
    }
    let text = report(&summary, &records, &left_out, examples, db);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    drop(out);
    if !*no_serve {
        drop(store);
        let mut config = sitrep_server::Config::new(db);
        config.addr = *addr;
        config.coder = Some(super::serve::coder(None)?);
        super::serve::serve(config)?;
    }
    Ok(if summary.failed > 0 {
        crate::EXIT_PARTIAL
    } else {
        0
    })
}

/// The files of the examples folder, sorted, and the names left out (`README.md`, hidden
/// files).
fn example_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>)> {
    if !dir.is_dir() {
        bail!(
            "no examples folder at {} (give one with --examples)",
            dir.display()
        );
    }
    let mut files = Vec::new();
    let mut left_out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if name.eq_ignore_ascii_case("README.md") {
            left_out.push(name);
            continue;
        }
        files.push(entry.path());
    }
    files.sort();
    left_out.sort();
    Ok((files, left_out))
}

/// The readable summary of a demo run.
fn report(
    summary: &Summary,
    records: &[Record],
    left_out: &[String],
    examples: &Path,
    db: &Path,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "sitrep demo: {} example files from {}{}",
        summary.inputs,
        examples.display(),
        if left_out.is_empty() {
            String::new()
        } else {
            format!(" ({} left out)", left_out.join(", "))
        }
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "articles stored: {} ({} new, {} replaced) from {} documents read",
        summary.stored, summary.inserted, summary.replaced, summary.read
    );
    if summary.failed > 0 {
        let _ = writeln!(s, "failed: {}", summary.failed);
        for f in &summary.failures {
            let _ = writeln!(s, "  {}: {}", f.input, f.reason);
        }
    }
    let _ = writeln!(s);
    s.push_str(&article_table(records));

    let mut warnings: BTreeMap<&str, usize> = BTreeMap::new();
    let mut citations: BTreeMap<(&str, &'static str), usize> = BTreeMap::new();
    let (mut entities, mut quotes, mut events, mut places) = (0, 0, 0, 0);
    for r in records {
        for w in &r.article.warnings {
            *warnings.entry(w.kind.as_str()).or_insert(0) += 1;
        }
        for c in &r.article.citations {
            *citations
                .entry((c.name.as_str(), role_name(c.role)))
                .or_insert(0) += 1;
        }
        entities += r.entities.len();
        quotes += r.quotes.len();
        events += r.events.len();
        places += r.places.len();
    }
    if !warnings.is_empty() {
        let _ = writeln!(s);
        let total: usize = warnings.values().sum();
        let _ = writeln!(s, "warnings: {total}");
        for (kind, n) in by_count(warnings) {
            let _ = writeln!(s, "  {n:>3}  {kind}");
        }
    }
    if !citations.is_empty() {
        let _ = writeln!(s);
        let total: usize = citations.values().sum();
        let _ = writeln!(s, "citations: {total}");
        for ((name, role), n) in by_count(citations) {
            let _ = writeln!(s, "  {n:>3}  {name} ({role})");
        }
    }
    // Later stages fill these; say nothing about a stage that produced nothing.
    let counts = [
        ("entities", entities),
        ("quotes", quotes),
        ("events", events),
        ("places", places),
    ];
    let produced: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    if !produced.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "coded: {}", produced.join(", "));
    }
    s.push_str(&coded_summary(records));
    let _ = writeln!(s);
    let db = db.display();
    let _ = writeln!(
        s,
        "store: {db} — try: sitrep query articles --db {db} --search ceasefire"
    );
    s
}

/// How many rows of each list the summary shows.
const TOP: usize = 8;

/// Events by CAMEO root, the busiest source → target pairs, and quotes by speaker.
fn coded_summary(records: &[Record]) -> String {
    let mut s = String::new();
    let mut roots: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dyads: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
    let name = |r: &sitrep_types::ActorRef| {
        let n = r.name.as_deref().unwrap_or(&r.text);
        match &r.code {
            Some(c) => format!("{n} [{c}]"),
            None => n.to_string(),
        }
    };
    for r in records {
        for e in &r.events {
            *roots.entry(e.root.as_str()).or_insert(0) += 1;
            if let Some(t) = &e.target {
                *dyads.entry((name(&e.source), name(t))).or_insert(0) += 1;
            }
        }
        for q in &r.quotes {
            if let Some(sp) = &q.speaker {
                *speakers.entry(name(sp)).or_insert(0) += 1;
            }
        }
    }
    if !roots.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "events by type (CAMEO root):");
        for (root, n) in by_count(roots) {
            let label = sitrep_store::root_label(root).unwrap_or("unknown");
            let _ = writeln!(s, "  {n:>3}  {root} {label}");
        }
    }
    if !dyads.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "top dyads (source → target):");
        for ((src, tgt), n) in by_count(dyads).into_iter().take(TOP) {
            let _ = writeln!(s, "  {n:>3}  {src} → {tgt}");
        }
    }
    if !speakers.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "quotes by speaker:");
        for (who, n) in by_count(speakers).into_iter().take(TOP) {
            let _ = writeln!(s, "  {n:>3}  {who}");
        }
    }
    s
}

/// Entries by count (highest first), then by key.
fn by_count<K: Ord>(m: BTreeMap<K, usize>) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn role_name(role: CitationRole) -> &'static str {
    match role {
        CitationRole::Relay => "relay",
        CitationRole::Medium => "medium",
        CitationRole::Source => "source",
        _ => "other",
    }
}

/// Date, outlet and title of each article, newest first.
fn article_table(records: &[Record]) -> String {
    let mut rows: Vec<[String; 3]> = records
        .iter()
        .map(|r| {
            let a = &r.article;
            [
                a.published
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |p| p.date.clone()),
                truncate(a.outlet.as_deref().unwrap_or("-"), 24),
                truncate(a.title.as_deref().unwrap_or("(no title)"), 72),
            ]
        })
        .collect();
    rows.sort_by(|a, b| b[0].cmp(&a[0]).then_with(|| a[2].cmp(&b[2])));
    let header = ["DATE", "OUTLET", "TITLE"].map(str::to_string);
    let mut widths = [0usize; 2];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let pad = |c: &str, w: usize| format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count())));
    let mut s = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let _ = writeln!(
            s,
            "  {}  {}  {}",
            pad(&row[0], widths[0]),
            pad(&row[1], widths[1]),
            row[2]
        );
    }
    s
}
