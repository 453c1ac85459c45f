//! Scoring against TIMEX gold in JSON lines (the format of
//! `../shared/corpora/time/meantime-en.timex.jsonl`): one document a line with `doc`, `dct`
//! (`YYYY-MM-DD`, another date form, or null), `text` and `timexes` (`start`, `end` as
//! character offsets into `text`, `text`, `type`, `value`).
//!
//! - Strict span F1: a prediction and a gold expression with the same span.
//! - Relaxed span F1: overlapping spans, matched one-to-one (largest overlap first).
//! - Value accuracy: among the gold expressions with a relaxed match, the share whose
//!   predicted value is the same string as the gold value.
//!
//! Only the first [`EvalOptions::first_lines`] lines are scored (MEANTIME annotates the
//! title, the dateline and the first four sentences, one sentence a line). When a document
//! has a `dct`, a predicted expression that is a whole line and whose value is the DCT is
//! the dateline, which the gold keeps out (it is the creation time), and is not scored.
//! Without a `dct`, the article date is read from a dateline in the first three lines.

use crate::{dateline, find, parse_date, Error, Options, Result, Span, TimeExpr};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

/// A gold expression.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldTimex {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// As written.
    pub text: String,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value.
    pub value: String,
}

/// A gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct TimexDoc {
    /// Name.
    #[serde(default)]
    pub doc: String,
    /// Article date.
    #[serde(default)]
    pub dct: Option<String>,
    /// Text.
    pub text: String,
    /// Gold expressions.
    #[serde(default)]
    pub timexes: Vec<GoldTimex>,
}

/// Read a gold file.
///
/// # Errors
/// [`Error::Io`] when it cannot be read, [`Error::Gold`] when a line is not a document.
pub fn read_jsonl(path: &Path) -> Result<Vec<TimexDoc>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::Io(path.display().to_string(), e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| Error::Gold(format!("{}:{}: {e}", path.display(), n + 1)))
        })
        .collect()
}

/// What is scored.
#[derive(Debug, Clone, Copy)]
pub struct EvalOptions {
    /// Score only the first this many lines of each text (0: all).
    pub first_lines: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions { first_lines: 6 }
    }
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// Matched expressions.
    pub matched: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(matched: usize, predicted: usize, gold: usize) -> Prf {
        let p = ratio(matched, predicted);
        let r = ratio(matched, gold);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            matched,
            precision: p,
            recall: r,
            f1: f,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The scores of a gold file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Documents.
    pub documents: usize,
    /// Gold expressions scored.
    pub gold: usize,
    /// Predicted expressions scored.
    pub predicted: usize,
    /// Exact spans.
    pub strict: Prf,
    /// Overlapping spans.
    pub relaxed: Prf,
    /// Gold expressions with a relaxed match and the same value.
    pub value_right: usize,
    /// `value_right` / `relaxed.matched`.
    pub value_accuracy: f64,
    /// Same type among the relaxed matches.
    pub type_accuracy: f64,
    /// Missed gold, spurious predictions and wrong values, one line each.
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// Character offset → byte offset in `text`.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// The article date of a gold document: its `dct`, else a dateline.
#[must_use]
pub fn doc_date(d: &TimexDoc) -> Option<chrono::NaiveDate> {
    d.dct
        .as_deref()
        .and_then(|s| parse_date(s).ok())
        .or_else(|| dateline(&d.text, 3))
}

/// Score predictions against the gold.
#[must_use]
pub fn evaluate(docs: &[TimexDoc], eval: EvalOptions, opts: &Options) -> Report {
    let mut r = Report {
        documents: docs.len(),
        ..Report::default()
    };
    let (mut strict, mut relaxed, mut type_right) = (0, 0, 0);
    for d in docs {
        let dct = doc_date(d);
        let text = &d.text;
        let limit = if eval.first_lines == 0 {
            text.len()
        } else {
            text.match_indices('\n')
                .nth(eval.first_lines - 1)
                .map_or(text.len(), |(i, _)| i)
        };
        let offsets = byte_offsets(text);
        let gold: Vec<(Span, &GoldTimex)> = d
            .timexes
            .iter()
            .filter_map(|g| {
                let s = *offsets.get(g.start)?;
                let e = *offsets.get(g.end)?;
                (s < limit).then_some((Span::new(s, e), g))
            })
            .collect();
        let dct_value = d
            .dct
            .as_ref()
            .and(dct)
            .map(|x| x.format("%Y-%m-%d").to_string());
        let pred: Vec<TimeExpr> = find(text, dct, opts)
            .into_iter()
            .filter(|t| t.span.start < limit)
            .filter(|t| {
                let whole_line = (t.span.start == 0 || text.as_bytes()[t.span.start - 1] == b'\n')
                    && text.as_bytes().get(t.span.end).is_none_or(|&b| b == b'\n');
                !(whole_line && dct_value.as_deref() == Some(t.value.as_str()))
            })
            .collect();
        r.gold += gold.len();
        r.predicted += pred.len();
        strict += gold
            .iter()
            .filter(|(gs, _)| pred.iter().any(|p| p.span == *gs))
            .count();
        // Relaxed: overlapping pairs, largest overlap first, one-to-one.
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (gi, (gs, _)) in gold.iter().enumerate() {
            for (pi, p) in pred.iter().enumerate() {
                let o = gs
                    .end
                    .min(p.span.end)
                    .saturating_sub(gs.start.max(p.span.start));
                if o > 0 {
                    pairs.push((o, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut g_used = vec![None; gold.len()];
        let mut p_used = vec![false; pred.len()];
        for (_, gi, pi) in pairs {
            if g_used[gi].is_none() && !p_used[pi] {
                g_used[gi] = Some(pi);
                p_used[pi] = true;
            }
        }
        for (gi, (_, g)) in gold.iter().enumerate() {
            match g_used[gi] {
                Some(pi) => {
                    relaxed += 1;
                    let p = &pred[pi];
                    let kind = format!("{:?}", p.kind).to_uppercase();
                    type_right += usize::from(kind == g.kind);
                    if p.value == g.value {
                        r.value_right += 1;
                    } else {
                        r.errors.push(format!(
                            "value  {} | {:?} gold {} {} | got {:?} {}",
                            d.dct.as_deref().unwrap_or("-"),
                            g.text,
                            g.kind,
                            g.value,
                            p.text,
                            p.value
                        ));
                    }
                }
                None => r.errors.push(format!(
                    "missed {} | {:?} gold {} {}",
                    d.dct.as_deref().unwrap_or("-"),
                    g.text,
                    g.kind,
                    g.value
                )),
            }
        }
        for (pi, p) in pred.iter().enumerate() {
            if !p_used[pi] {
                let line_start = text[..p.span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[p.span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| p.span.end + i);
                let ctx_start = line_start.max(p.span.start.saturating_sub(40));
                let ctx_start = (0..=ctx_start)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                let ctx_end = line_end.min(p.span.end + 30);
                let ctx_end = (ctx_end..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                r.errors.push(format!(
                    "extra  {} | {:?} {:?} {} in \"…{}…\"",
                    d.dct.as_deref().unwrap_or("-"),
                    p.text,
                    p.kind,
                    p.value,
                    &text[ctx_start..ctx_end]
                ));
            }
        }
    }
    r.strict = Prf::new(strict, r.predicted, r.gold);
    r.relaxed = Prf::new(relaxed, r.predicted, r.gold);
    r.value_accuracy = ratio(r.value_right, relaxed);
    r.type_accuracy = ratio(type_right, relaxed);
    r
}

/// Articles per second of recognition and resolution over the whole texts, one thread,
/// one figure per pass; also the number of expressions found (the same on every pass).
#[must_use]
pub fn bench(docs: &[TimexDoc], repeat: usize, opts: &Options) -> (Vec<f64>, usize) {
    let dates: Vec<_> = docs.iter().map(doc_date).collect();
    let run = || -> usize {
        docs.iter()
            .zip(&dates)
            .map(|(d, dct)| find(&d.text, *dct, opts).len())
            .sum()
    };
    let expected = run();
    let mut rates = Vec::new();
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let n = run();
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(n, expected, "the tagger is deterministic");
        rates.push(docs.len() as f64 / secs.max(1e-9));
    }
    (rates, expected)
}
