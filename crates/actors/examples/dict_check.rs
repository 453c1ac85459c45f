//! The dictionary linter: `cargo run -p sitrep-actors --example dict_check [-- DIR]`.
//!
//! Checks the built-in dictionary (or the directory given), prints every finding as
//! `file:line: error[kind]: message`, and exits with status 1 when there are errors. This is
//! what `sitrep dict check` runs.

use sitrep_actors::{Dictionary, Severity};
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::env::args().nth(1);
    let dict = match &dir {
        Some(d) => Dictionary::load_dir(d),
        None => Dictionary::builtin(),
    };
    let dict = match dict {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
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
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
