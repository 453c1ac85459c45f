//! One module per subcommand.

pub mod bench;
pub mod code;
pub mod demo;
pub mod eval;
pub mod ingest;
pub mod query;

use crate::cli::{BenchWhat, Cli, Command, EvalWhat};
use anyhow::{Context, Result};
use chrono::NaiveDate;

/// Run a parsed command line; returns the exit code.
pub fn dispatch(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Code(a) => code::run(&a),
        Command::Ingest(_) | Command::Query(_) | Command::Demo(_) => Ok(2),
        Command::Eval(e) => match e.what {
            EvalWhat::Extract(a) => eval::extract(&a),
        },
        Command::Bench(b) => match b.what {
            BenchWhat::Extract(a) => bench::extract(&a),
        },
    }
}

/// Parse a `--date` value.
pub fn parse_date_arg(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|d| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("--date {d:?} is not a date of the form YYYY-MM-DD"))
    })
    .transpose()
}
