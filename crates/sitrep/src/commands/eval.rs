//! `sitrep eval extract`: body, title, date and author accuracy against gold pages.

use crate::cli::EvalExtractArgs;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use sitrep_extract::{ExtractOptions, Extractor};
use sitrep_types::{Article, Document, Origin};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Read a file, gunzipping `.gz` (bounded to 256 MiB).
pub fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(256 << 20)
            .read_to_end(&mut out)
            .with_context(|| format!("{}: bad gzip", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(s: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(s);
    let mut m = HashMap::new();
    if t.is_empty() {
        return m;
    }
    if t.len() < 4 {
        *m.entry(t).or_insert(0) += 1;
        return m;
    }
    for w in t.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// tp, fp, fn of 4-token shingles between a prediction and the gold text.
#[must_use]
// The loop only sums, so the hash map's order cannot reach the output.
#[allow(clippy::iter_over_hash_type)]
pub fn shingle_counts(pred: &str, gold: &str) -> (f64, f64, f64) {
    let p = shingles(pred);
    let g = shingles(gold);
    let mut tp = 0usize;
    for (k, &pc) in &p {
        if let Some(&gc) = g.get(k) {
            tp += pc.min(gc);
        }
    }
    let pn: usize = p.values().sum();
    let gn: usize = g.values().sum();
    (tp as f64, (pn - tp) as f64, (gn - tp) as f64)
}

#[derive(Debug, Serialize)]
struct PageScore {
    page: String,
    precision: f64,
    recall: f64,
}

/// Figures for the scrapinghub benchmark.
#[derive(Debug, Serialize)]
pub struct BodyScores {
    /// Pages scored.
    pub pages: usize,
    /// Precision over page-normalised shingle counts.
    pub precision: f64,
    /// Recall over page-normalised shingle counts.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Mean of per-page precisions (the other common reading of the metric).
    pub mean_page_precision: f64,
    /// Mean of per-page recalls.
    pub mean_page_recall: f64,
    /// Harmonic mean of those.
    pub mean_page_f1: f64,
    #[serde(skip)]
    worst: Vec<PageScore>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn scrapinghub(dir: &Path, ex: &Extractor) -> Result<BodyScores> {
    let gt_path = dir.join("ground-truth.json");
    let gt: HashMap<String, serde_json::Value> = serde_json::from_slice(
        &std::fs::read(&gt_path).with_context(|| format!("reading {}", gt_path.display()))?,
    )
    .with_context(|| format!("{}: not the expected JSON", gt_path.display()))?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let rows: Vec<(String, f64, f64, f64)> = ids
        .par_iter()
        .map(|id| -> Result<(String, f64, f64, f64)> {
            let v = &gt[*id];
            let gold = v["articleBody"].as_str().unwrap_or("");
            let url = v["url"].as_str().map(str::to_string);
            let path = dir.join("html").join(format!("{id}.html.gz"));
            let bytes = read_maybe_gz(&path)?;
            let doc = Document {
                bytes,
                url,
                origin: Origin {
                    path: Some(path.display().to_string()),
                    ..Origin::default()
                },
                ..Document::default()
            };
            let body = ex.extract(&doc).map(|a| a.body).unwrap_or_default();
            let (tp, fp, fnn) = shingle_counts(&body, gold);
            Ok(((*id).clone(), tp, fp, fnn))
        })
        .collect::<Result<_>>()?;
    let (mut stp, mut sfp, mut sfn) = (0.0, 0.0, 0.0);
    let (mut mp, mut mr) = (0.0, 0.0);
    let mut worst = Vec::new();
    for (id, tp, fp, fnn) in &rows {
        let total = tp + fp + fnn;
        if total == 0.0 {
            stp += 1.0;
            mp += 1.0;
            mr += 1.0;
            continue;
        }
        stp += tp / total;
        sfp += fp / total;
        sfn += fnn / total;
        let p = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
        let r = if tp + fnn == 0.0 {
            0.0
        } else {
            tp / (tp + fnn)
        };
        mp += p;
        mr += r;
        worst.push(PageScore {
            page: id.clone(),
            precision: p,
            recall: r,
        });
    }
    let n = rows.len().max(1) as f64;
    let precision = stp / (stp + sfp).max(f64::MIN_POSITIVE);
    let recall = stp / (stp + sfn).max(f64::MIN_POSITIVE);
    worst.sort_by(|a, b| f1(a.precision, a.recall).total_cmp(&f1(b.precision, b.recall)));
    Ok(BodyScores {
        pages: rows.len(),
        precision,
        recall,
        f1: f1(precision, recall),
        mean_page_precision: mp / n,
        mean_page_recall: mr / n,
        mean_page_f1: f1(mp / n, mr / n),
        worst,
    })
}

/// Figures for the trafilatura evaluation set.
#[derive(Debug, Serialize, Default)]
pub struct TrafScores {
    /// Pages scored.
    pub pages: usize,
    /// Segment precision (`with` found vs `without` found).
    pub body_precision: f64,
    /// Segment recall.
    pub body_recall: f64,
    /// Segment F1.
    pub body_f1: f64,
    /// Pages with a non-empty gold date.
    pub date_pages: usize,
    /// Accuracy on those, correct to the day.
    pub date_accuracy: f64,
    /// Accuracy over all pages with a date key, where an empty gold date wants no date.
    pub date_accuracy_all: f64,
    /// Pages with a gold title.
    pub title_pages: usize,
    /// Title accuracy (exact after case-folding and whitespace normalisation).
    pub title_accuracy: f64,
    /// Pages with a gold author.
    pub author_pages: usize,
    /// Author accuracy.
    pub author_accuracy: f64,
    #[serde(skip)]
    errors: Vec<String>,
}

/// Gold dates in the trafilatura set are mostly `YYYY-MM-DD`; a few are written `YYYY-DD-MM`
/// or without zero padding. Read those as the valid date they mean.
fn normalize_gold_date(gd: &str) -> String {
    let gd = gd.trim();
    let parts: Vec<&str> = gd
        .get(..10.min(gd.len()))
        .unwrap_or(gd)
        .split('-')
        .collect();
    if let [y, a, b] = parts[..] {
        if let (Ok(y), Ok(a), Ok(b)) = (y.parse::<i32>(), a.parse::<u32>(), b.parse::<u32>()) {
            if let Some(d) = chrono::NaiveDate::from_ymd_opt(y, a, b)
                .or_else(|| chrono::NaiveDate::from_ymd_opt(y, b, a))
            {
                return d.to_string();
            }
        }
    }
    gd.to_string()
}

fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_cmp(s: &str) -> String {
    norm_ws(s).to_lowercase()
}

struct TrafRow {
    tp: usize,
    fnn: usize,
    fp: usize,
    date: Option<bool>,
    date_all: Option<bool>,
    title: Option<bool>,
    author: Option<bool>,
    error: Option<String>,
}

fn trafilatura_eval(dir: &Path, ex: &Extractor) -> Result<TrafScores> {
    let p = dir.join("evaldata.json");
    let data: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(
        &std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?,
    )
    .with_context(|| format!("{}: not the expected JSON", p.display()))?;
    let mut keys: Vec<&String> = data.keys().collect();
    keys.sort();
    let rows: Vec<TrafRow> = keys
        .par_iter()
        .map(|url| -> Result<TrafRow> {
            let v = &data[*url];
            let file = v["file"].as_str().unwrap_or_default();
            let path = dir.join("html").join(format!("{file}.gz"));
            let bytes = read_maybe_gz(&path)?;
            let doc = Document {
                bytes,
                url: Some((*url).clone()).filter(|u| u.starts_with("http")),
                origin: Origin {
                    path: Some(path.display().to_string()),
                    ..Origin::default()
                },
                ..Document::default()
            };
            let a: Article = ex.extract(&doc).unwrap_or_default();
            let body = norm_ws(&a.body);
            let mut row = TrafRow {
                tp: 0,
                fnn: 0,
                fp: 0,
                date: None,
                date_all: None,
                title: None,
                author: None,
                error: None,
            };
            for w in v["with"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str())
            {
                if body.contains(&norm_ws(w)) {
                    row.tp += 1;
                } else {
                    row.fnn += 1;
                    if row.error.is_none() {
                        row.error = Some(format!(
                            "body {file}: missed {w:?} (body {} bytes)",
                            body.len()
                        ));
                    }
                }
            }
            for w in v["without"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str())
            {
                if body.contains(&norm_ws(w)) {
                    row.fp += 1;
                }
            }
            let got_date = a.published.as_ref().map(|p| p.date.clone());
            let got_src = a.published.as_ref().map(|p| format!("{:?}", p.source));
            if let Some(gd) = v.get("date").and_then(|d| d.as_str()) {
                let gd = normalize_gold_date(gd);
                let gd = gd.as_str();
                if gd.is_empty() {
                    row.date_all = Some(got_date.is_none());
                } else {
                    let ok = got_date.as_deref() == Some(gd);
                    row.date = Some(ok);
                    row.date_all = Some(ok);
                    if !ok {
                        row.error = Some(format!(
                            "date {file}: gold {gd} got {got_date:?} from {got_src:?}"
                        ));
                    }
                }
            }
            if let Some(gt) = v
                .get("title")
                .and_then(|d| d.as_str())
                .filter(|t| !t.trim().is_empty())
            {
                let ok = a.title.as_deref().map(norm_cmp) == Some(norm_cmp(gt));
                row.title = Some(ok);
                if !ok && row.error.is_none() {
                    row.error = Some(format!("title {file}: gold {gt:?} got {:?}", a.title));
                }
            }
            if let Some(ga) = v
                .get("author")
                .and_then(|d| d.as_str())
                .filter(|t| !t.trim().is_empty())
            {
                row.author = Some(a.author.as_deref().map(norm_cmp) == Some(norm_cmp(ga)));
            }
            Ok(row)
        })
        .collect::<Result<_>>()?;
    let mut s = TrafScores {
        pages: rows.len(),
        ..TrafScores::default()
    };
    let (mut tp, mut fnn, mut fp) = (0, 0, 0);
    let ratio = |it: &mut dyn Iterator<Item = bool>| -> (usize, f64) {
        let (mut n, mut ok) = (0, 0);
        for b in it {
            n += 1;
            ok += usize::from(b);
        }
        (n, if n == 0 { 0.0 } else { ok as f64 / n as f64 })
    };
    for r in &rows {
        tp += r.tp;
        fnn += r.fnn;
        fp += r.fp;
        if let Some(e) = &r.error {
            s.errors.push(e.clone());
        }
    }
    s.body_precision = tp as f64 / (tp + fp).max(1) as f64;
    s.body_recall = tp as f64 / (tp + fnn).max(1) as f64;
    s.body_f1 = f1(s.body_precision, s.body_recall);
    (s.date_pages, s.date_accuracy) = ratio(&mut rows.iter().filter_map(|r| r.date));
    (_, s.date_accuracy_all) = ratio(&mut rows.iter().filter_map(|r| r.date_all));
    (s.title_pages, s.title_accuracy) = ratio(&mut rows.iter().filter_map(|r| r.title));
    (s.author_pages, s.author_accuracy) = ratio(&mut rows.iter().filter_map(|r| r.author));
    Ok(s)
}

/// Run `sitrep eval extract`.
pub fn extract(args: &EvalExtractArgs) -> Result<u8> {
    if args.scrapinghub.is_none() && args.trafilatura_eval.is_none() {
        bail!("give --scrapinghub DIR and/or --trafilatura-eval DIR");
    }
    let ex = Extractor::new(ExtractOptions {
        no_infer_date: true,
        ..ExtractOptions::default()
    });
    let mut failed = Vec::new();
    let mut json = serde_json::Map::new();
    if let Some(dir) = &args.scrapinghub {
        let s = scrapinghub(dir, &ex)?;
        if !args.json {
            println!("scrapinghub ({} pages)", s.pages);
            println!(
                "  body   precision {:.4}  recall {:.4}  F1 {:.4}",
                s.precision, s.recall, s.f1
            );
            println!(
                "  (per-page means: precision {:.4}  recall {:.4}  F1 {:.4})",
                s.mean_page_precision, s.mean_page_recall, s.mean_page_f1
            );
            for w in s.worst.iter().take(args.errors) {
                println!(
                    "  worst: {}  P {:.3} R {:.3}",
                    w.page, w.precision, w.recall
                );
            }
        }
        if let Some(min) = args.min_f1 {
            if s.f1 < min {
                failed.push(format!("scrapinghub body F1 {:.4} < {min}", s.f1));
            }
        }
        json.insert("scrapinghub".into(), serde_json::to_value(&s)?);
    }
    if let Some(dir) = &args.trafilatura_eval {
        let s = trafilatura_eval(dir, &ex)?;
        if !args.json {
            println!("trafilatura-eval ({} pages)", s.pages);
            println!(
                "  body   precision {:.4}  recall {:.4}  F1 {:.4}  (segments)",
                s.body_precision, s.body_recall, s.body_f1
            );
            println!("  date   accuracy {:.4} on {} pages with a gold date ({:.4} counting pages without one)", s.date_accuracy, s.date_pages, s.date_accuracy_all);
            println!(
                "  title  accuracy {:.4} on {} pages",
                s.title_accuracy, s.title_pages
            );
            println!(
                "  author accuracy {:.4} on {} pages",
                s.author_accuracy, s.author_pages
            );
            for e in s.errors.iter().take(args.errors) {
                println!("  error: {e}");
            }
        }
        if let Some(min) = args.min_date {
            if s.date_accuracy < min {
                failed.push(format!(
                    "trafilatura-eval date accuracy {:.4} < {min}",
                    s.date_accuracy
                ));
            }
        }
        if let Some(min) = args.min_title {
            if s.title_accuracy < min {
                failed.push(format!(
                    "trafilatura-eval title accuracy {:.4} < {min}",
                    s.title_accuracy
                ));
            }
        }
        json.insert("trafilatura_eval".into(), serde_json::to_value(&s)?);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    for f in &failed {
        eprintln!("sitrep eval: below floor: {f}");
    }
    Ok(if failed.is_empty() {
        0
    } else {
        crate::EXIT_PARTIAL
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_count() {
        let (tp, fp, fnn) = shingle_counts("a b c d e", "a b c d x");
        assert_eq!((tp, fp, fnn), (1.0, 1.0, 1.0));
        let (tp, fp, fnn) = shingle_counts("", "a b");
        assert_eq!((tp, fp, fnn), (0.0, 0.0, 1.0));
    }
}
