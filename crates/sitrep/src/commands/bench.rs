//! `sitrep bench extract`: pages per second on fixed pages, one thread and all threads.

use super::eval::read_maybe_gz;
use crate::cli::BenchExtractArgs;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use sitrep_extract::{ExtractOptions, Extractor};
use sitrep_types::Document;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            collect(&e, out)?;
        }
    } else {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".html") || name.ends_with(".html.gz") || name.ends_with(".htm") {
            out.push(path.to_path_buf());
        }
    }
    Ok(())
}

/// Run `sitrep bench extract`.
pub fn extract(args: &BenchExtractArgs) -> Result<u8> {
    let mut files = Vec::new();
    for p in &args.inputs {
        collect(p, &mut files)?;
    }
    if files.is_empty() {
        bail!("no .html or .html.gz pages under the given paths");
    }
    let docs: Vec<Document> = files
        .iter()
        .map(|f| {
            Ok(Document {
                bytes: read_maybe_gz(f)?,
                ..Document::default()
            })
        })
        .collect::<Result<_>>()?;
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let ex = Extractor::new(ExtractOptions::default());
    // The check: the same total body length on every pass, so a fast wrong run shows.
    let run_once = |docs: &[Document]| -> usize {
        docs.iter()
            .map(|d| ex.extract(d).map_or(0, |a| a.body.len()))
            .sum()
    };
    let expected = run_once(&docs);
    let repeat = args.repeat.max(1);
    let mut best_single = f64::MAX;
    for _ in 0..repeat {
        let t = Instant::now();
        let got = run_once(&docs);
        best_single = best_single.min(t.elapsed().as_secs_f64());
        if got != expected {
            bail!("extraction is not deterministic: {got} != {expected} body bytes");
        }
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut best_par = f64::MAX;
    for _ in 0..repeat {
        let t = Instant::now();
        let got: usize = pool.install(|| {
            docs.par_iter()
                .map(|d| ex.extract(d).map_or(0, |a| a.body.len()))
                .sum()
        });
        best_par = best_par.min(t.elapsed().as_secs_f64());
        if got != expected {
            bail!("parallel extraction differs: {got} != {expected} body bytes");
        }
    }
    let n = docs.len() as f64;
    let mb = bytes as f64 / 1e6;
    let result = serde_json::json!({
        "pages": docs.len(),
        "html_mb": mb,
        "body_bytes": expected,
        "single_thread": { "seconds": best_single, "pages_per_s": n / best_single, "mb_per_s": mb / best_single },
        "threads": threads,
        "parallel": { "seconds": best_par, "pages_per_s": n / best_par, "mb_per_s": mb / best_par },
        "repeat": repeat,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        println!(
            "{} pages, {:.1} MB of HTML, best of {} passes",
            docs.len(),
            mb,
            repeat
        );
        println!(
            "  1 thread:  {:>8.1} pages/s  {:>7.1} MB/s",
            n / best_single,
            mb / best_single
        );
        println!(
            "  {threads} threads: {:>8.1} pages/s  {:>7.1} MB/s",
            n / best_par,
            mb / best_par
        );
    }
    Ok(0)
}
