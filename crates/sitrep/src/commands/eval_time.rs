//! `sitrep eval time` and `sitrep bench time`: temporal expressions against TIMEX gold
//! (strict and relaxed span F1, value accuracy) and the tagger's speed.

use crate::cli::{BenchTimeArgs, EvalTimeArgs};
use anyhow::{bail, Result};
use sitrep_time::eval::{bench as bench_docs, evaluate, read_jsonl, EvalOptions};
use sitrep_time::Options;

/// Run `sitrep eval time`.
pub fn run(args: &EvalTimeArgs) -> Result<u8> {
    let docs = read_jsonl(&args.timex)?;
    if docs.is_empty() {
        bail!("{}: no documents", args.timex.display());
    }
    let r = evaluate(
        &docs,
        EvalOptions {
            first_lines: args.first_lines,
        },
        &Options::default(),
    );
    let failures = super::below_floors(&[
        ("relaxed span F1", args.min_relaxed_f1, r.relaxed.f1),
        ("strict span F1", args.min_strict_f1, r.strict.f1),
        ("value accuracy", args.min_value_accuracy, r.value_accuracy),
    ]);
    if args.json {
        let mut v = serde_json::to_value(&r)?;
        v["errors"] = serde_json::json!(r.errors.iter().take(args.errors).collect::<Vec<_>>());
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "{} documents, {} gold and {} predicted expressions (first {} lines of each; the dateline, as the creation time, is not scored)",
            r.documents,
            r.gold,
            r.predicted,
            if args.first_lines == 0 { "all".to_string() } else { args.first_lines.to_string() }
        );
        for (name, s) in [
            ("strict (same span)", &r.strict),
            ("relaxed (overlap)", &r.relaxed),
        ] {
            println!(
                "  {name:<19} P {:.3}  R {:.3}  F1 {:.3}  ({} matched)",
                s.precision, s.recall, s.f1, s.matched
            );
        }
        println!(
            "  value accuracy      {:.3}  ({} of the {} relaxed-matched gold expressions have the same value string)",
            r.value_accuracy, r.value_right, r.relaxed.matched
        );
        println!(
            "  type accuracy       {:.3}  (same TIMEX3 type among the relaxed matches)",
            r.type_accuracy
        );
        if args.errors > 0 && !r.errors.is_empty() {
            println!(
                "  errors ({} of {}):",
                args.errors.min(r.errors.len()),
                r.errors.len()
            );
            for e in r.errors.iter().take(args.errors) {
                println!("    {e}");
            }
        }
    }
    for f in &failures {
        eprintln!("below floor: {f}");
    }
    Ok(u8::from(!failures.is_empty()))
}

/// Run `sitrep bench time`.
pub fn bench(args: &BenchTimeArgs) -> Result<u8> {
    let docs = read_jsonl(&args.timex)?;
    if docs.is_empty() {
        bail!("{}: no documents", args.timex.display());
    }
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let (rates, found) = bench_docs(&docs, args.repeat, &Options::default());
    let lo = rates.iter().copied().fold(f64::MAX, f64::min);
    let hi = rates.iter().copied().fold(0.0, f64::max);
    let mut sorted = rates.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "articles": docs.len(), "words": words, "expressions": found,
                "articles_per_second": { "min": lo, "median": median, "max": hi, "passes": rates },
            }))?
        );
    } else {
        println!(
            "{} articles ({} words, {:.0} a article), {found} expressions: {:.0}–{:.0} articles/s (median {:.0}) over {} passes, recognition + resolution, one thread",
            docs.len(),
            words,
            words as f64 / docs.len() as f64,
            lo,
            hi,
            median,
            rates.len()
        );
    }
    Ok(0)
}
