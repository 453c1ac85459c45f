//! Measures how long the built-in dictionary takes to load and to build its matcher, checks
//! it, and prints counts: `cargo run --release -p sitrep-actors --example dict_bench`.
//!
//! With a path, loads that directory instead (`... --example dict_bench -- dict/`); with
//! `--lints`, prints every finding of the linter.

use sitrep_actors::{ActorKind, Dictionary, Severity};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--lints");
    let dir = args.iter().find(|a| !a.starts_with("--"));
    let runs = 5;
    let mut best = f64::MAX;
    let mut dict = Dictionary::default();
    for _ in 0..runs {
        let t = Instant::now();
        dict = match dir {
            Some(d) => Dictionary::load_dir(d)?,
            None => Dictionary::builtin()?,
        };
        best = best.min(t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let found = dict.find_all("Russian President Vladimir Putin met Hamas officials in Moscow.");
    let first_match = t.elapsed().as_secs_f64();
    let text =
        "Israeli Army troops and Palestinian militants clashed, the UN Security Council said, \
                while Kremlin spokesman Dmitry Peskov and Maria Zakharova spoke to TASS. "
            .repeat(2000);
    let t = Instant::now();
    let n = dict.find_all(&text).len();
    let scan = t.elapsed().as_secs_f64();
    let lints = dict.check();
    let errors = lints
        .iter()
        .filter(|l| l.severity == Severity::Error)
        .count();
    if show {
        for l in &lints {
            println!("{l}");
        }
    }
    println!("load (best of {runs}): {:.1} ms", best * 1000.0);
    println!(
        "matcher build + first find_all: {:.1} ms ({} matches)",
        first_match * 1000.0,
        found.len()
    );
    println!(
        "find_all over {} KB: {:.1} ms ({n} matches, {:.1} MB/s)",
        text.len() / 1024,
        scan * 1000.0,
        text.len() as f64 / scan / 1e6
    );
    for k in [
        ActorKind::Country,
        ActorKind::Region,
        ActorKind::Org,
        ActorKind::Group,
        ActorKind::Media,
        ActorKind::Agent,
        ActorKind::Person,
    ] {
        println!("{:>8}: {}", k.as_str(), dict.count(k));
    }
    let dated = dict
        .entries()
        .iter()
        .filter(|e| e.kind == ActorKind::Person)
        .map(|e| e.roles.iter().filter(|r| r.is_dated()).count())
        .sum::<usize>();
    println!("dated roles of people: {dated}");
    println!("lints: {errors} errors, {} warnings", lints.len() - errors);
    Ok(())
}
