//! `sitrep dict check`: lint the actor dictionaries and load the event dictionaries.

use anyhow::{Context, Result};
use sitrep_actors::{Dictionary, Severity};
use std::path::Path;

/// Run `sitrep dict check [DIR]`: print every finding as `file:line: error[kind]: message`;
/// exit 1 when there are errors.
pub fn check(dir: Option<&Path>) -> Result<u8> {
    let dict = match dir {
        Some(d) => Dictionary::load_dir(d).with_context(|| format!("loading {}", d.display()))?,
        None => Dictionary::builtin().context("loading the built-in dictionaries")?,
    };
    let lints = dict.check();
    for l in &lints {
        println!("{l}");
    }
    let errors = lints
        .iter()
        .filter(|l| l.severity == Severity::Error)
        .count();
    println!(
        "{} entries, {errors} errors, {} warnings",
        dict.entries().len(),
        lints.len() - errors
    );
    // The event side: every code and pattern must parse, every code have a pattern.
    let events = dir.map(|d| d.join("events")).filter(|d| d.is_dir());
    let coder =
        match &events {
            Some(d) => sitrep_events::Coder::load_dir(d)
                .with_context(|| format!("loading {}", d.display()))?,
            None => sitrep_events::Coder::builtin()
                .context("loading the built-in event dictionaries")?,
        };
    let uncovered: Vec<&str> = coder
        .codes()
        .iter()
        .filter(|c| c.code.len() > 2 && !coder.patterns().all().iter().any(|p| p.code == c.code))
        .map(|c| c.code.as_str())
        .collect();
    for c in &uncovered {
        println!("events/verbs.txt: warning[uncovered-code]: no pattern gives CAMEO {c}");
    }
    println!(
        "{} event codes, {} patterns, {} codes without a pattern",
        coder.codes().len(),
        coder.patterns().all().len(),
        uncovered.len()
    );
    Ok(if errors > 0 { crate::EXIT_PARTIAL } else { 0 })
}
