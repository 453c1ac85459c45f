//! `sitrep export` and `sitrep bench synth`, end to end (a module of the `cli` test binary).

use super::util::*;
use std::path::Path;

/// Fills `db` in `dir` with `events` synthetic events.
fn synth(dir: &Path, db: &str, events: u64, seed: u64) {
    let r = run(
        dir,
        &[
            "bench",
            "synth",
            "--db",
            db,
            "--events",
            &events.to_string(),
            "--seed",
            &seed.to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains(&format!("{events} events")), "{r:?}");
}

fn export(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    run(dir, &all)
}

#[test]
fn every_format_of_a_synthetic_store() {
    let dir = TempDir::new("export-synth");
    synth(dir.path(), "s.db", 250, 3);

    let gdelt = export(
        dir.path(),
        &["--db", "s.db", "--format", "gdelt", "--header"],
    );
    assert_eq!(gdelt.code, 0, "{gdelt:?}");
    let lines: Vec<&str> = gdelt.stdout.lines().collect();
    assert_eq!(lines.len(), 251);
    assert!(lines[0].starts_with("GlobalEventID\tDay\tMonthYear"));
    assert!(lines.iter().all(|l| l.split('\t').count() == 61));
    assert!(gdelt.stderr.contains("250 events"), "{gdelt:?}");

    let plover = export(dir.path(), &["--db", "s.db", "--format", "plover"]);
    assert_eq!(plover.code, 0, "{plover:?}");
    let objs = json_lines(&plover.stdout);
    assert_eq!(objs.len(), 250);
    assert!(objs.iter().all(|o| o["actor"]["code"].is_string()));

    let csv_out = dir.path().join("e.csv");
    let csv = export(
        dir.path(),
        &["--db", "s.db", "--format", "csv", "--out", "e.csv"],
    );
    assert_eq!(csv.code, 0, "{csv:?}");
    assert!(csv.stdout.is_empty());
    let text = std::fs::read_to_string(csv_out).unwrap();
    assert!(text.starts_with("article_id,seq,date,"));

    let quotes = export(
        dir.path(),
        &["--db", "s.db", "--format", "csv", "--what", "quotes"],
    );
    assert_eq!(quotes.code, 0, "{quotes:?}");
    assert!(quotes.stdout.starts_with("article_id,seq,text,kind,"));
    assert!(quotes.stderr.contains("as csv quotes"), "{quotes:?}");
    let no = export(
        dir.path(),
        &["--db", "s.db", "--format", "gdelt", "--what", "quotes"],
    );
    assert_eq!(no.code, 2, "{no:?}");
    assert!(no.stderr.contains("CSV only"), "{no:?}");

    let jsonl = export(dir.path(), &["--db", "s.db", "--format", "jsonl"]);
    assert_eq!(jsonl.code, 0, "{jsonl:?}");
    let records = json_lines(&jsonl.stdout);
    let events: usize = records
        .iter()
        .map(|r| r["events"].as_array().unwrap().len())
        .sum();
    assert_eq!(events, 250);
    for r in &records {
        let body = r["article"]["body"].as_str().unwrap();
        for e in r["events"].as_array().unwrap() {
            let s = &e["sentence"];
            let (a, b) = (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            );
            assert!(body.get(a..b).is_some_and(|t| t.ends_with('.')), "{s}");
        }
    }

    // The same seed gives the same records.
    synth(dir.path(), "t.db", 250, 3);
    let again = export(dir.path(), &["--db", "t.db", "--format", "jsonl"]);
    assert_eq!(again.stdout, jsonl.stdout);
}

#[test]
fn demo_store_as_gdelt_with_header() {
    let examples = workspace().join("examples");
    let dir = TempDir::new("export-demo");
    let demo = run(
        dir.path(),
        &[
            "demo",
            "--db",
            "d.db",
            "--examples",
            examples.to_str().unwrap(),
            "--no-serve",
        ],
    );
    assert_eq!(demo.code, 0, "{demo:?}");
    let r = export(
        dir.path(),
        &["--db", "d.db", "--format", "gdelt", "--header"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.len() > 1, "no events in the demo store: {r:?}");
    for l in &lines {
        assert_eq!(l.split('\t').count(), 61, "{l}");
    }
}

#[test]
fn missing_store_and_bad_format_are_errors() {
    let dir = TempDir::new("export-errors");
    let r = export(dir.path(), &["--db", "none.db", "--format", "csv"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no store at none.db"), "{r:?}");
    assert!(!dir.path().join("none.db").exists());

    let r = export(dir.path(), &["--db", "none.db", "--format", "xml"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("invalid value 'xml'"), "{r:?}");

    synth(dir.path(), "s.db", 20, 1);
    let r = export(
        dir.path(),
        &["--db", "s.db", "--format", "gdelt", "--since", "2023-13-01"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("2023-13-01"), "{r:?}");
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_feature() {
    let dir = TempDir::new("export-noparquet");
    let r = export(
        dir.path(),
        &["--db", "s.db", "--format", "parquet", "--out", "e.parquet"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--features parquet"), "{r:?}");
    assert!(!dir.path().join("e.parquet").exists());
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_needs_an_out_file_and_writes_every_event() {
    let dir = TempDir::new("export-parquet");
    synth(dir.path(), "s.db", 300, 2);
    let r = export(dir.path(), &["--db", "s.db", "--format", "parquet"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--out"), "{r:?}");
    let r = export(
        dir.path(),
        &["--db", "s.db", "--format", "parquet", "--out", "e.parquet"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("(300 rows)"), "{r:?}");
    let bytes = std::fs::read(dir.path().join("e.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}
