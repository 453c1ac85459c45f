//! `sitrep dict check`: lint the actor dictionaries.

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
    Ok(if errors > 0 { crate::EXIT_PARTIAL } else { 0 })
}
