//! Score the tagger on a TIMEX gold file and print the errors (the library side of
//! `sitrep eval time`, without building the binary).
//!
//! `cargo run --release -p sitrep-time --example timex_eval -- GOLD.jsonl [ERRORS]`

use sitrep_time::eval::{bench, evaluate, read_jsonl, EvalOptions};
use sitrep_time::Options;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: timex_eval GOLD.jsonl [ERRORS]")?;
    let errors: usize = args.next().map_or(Ok(1000), |s| s.parse())?;
    let docs = read_jsonl(path.as_ref())?;
    let r = evaluate(&docs, EvalOptions::default(), &Options::default());
    for e in r.errors.iter().take(errors) {
        println!("{e}");
    }
    println!(
        "gold {} predicted {} | strict P {:.3} R {:.3} F1 {:.3} | relaxed P {:.3} R {:.3} F1 {:.3} | value {:.3} ({}/{}) type {:.3}",
        r.gold, r.predicted, r.strict.precision, r.strict.recall, r.strict.f1,
        r.relaxed.precision, r.relaxed.recall, r.relaxed.f1,
        r.value_accuracy, r.value_right, r.relaxed.matched, r.type_accuracy
    );
    let (rates, n) = bench(&docs, 3, &Options::default());
    println!("{n} expressions; articles/s: {rates:.0?}");
    Ok(())
}
