//! One module per subcommand, plus the small helpers they share.

pub mod bench;
pub mod code;
pub mod demo;
pub mod dict;
pub mod eval;
pub mod eval_events;
pub mod eval_geo;
pub mod eval_petr;
pub mod eval_quotes;
pub mod eval_time;
pub mod ingest;
pub mod nlp;
pub mod query;
pub mod serve;

use crate::cli::{BenchWhat, Cli, Command, EvalWhat, QueryWhat};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use sitrep_ingest::{IngestError, SourceOptions};
use std::time::Duration;

/// Run a parsed command line; returns the exit code.
pub fn dispatch(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Code(a) => code::run(&a),
        Command::Ingest(a) => ingest::run(&a),
        Command::Query(q) => match q.what {
            QueryWhat::Articles(a) => query::articles(&a),
            QueryWhat::Events(a) => query::records(query::Kind::Events, &a),
            QueryWhat::Quotes(a) => query::records(query::Kind::Quotes, &a),
            QueryWhat::Actors(a) => query::records(query::Kind::Actors, &a),
            QueryWhat::Places(a) => query::records(query::Kind::Places, &a),
            QueryWhat::Stances(a) => query::records(query::Kind::Stances, &a),
            QueryWhat::Dyads(a) => query::dyads(&a),
        },
        Command::Demo(a) => demo::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Train(a) => nlp::train(&a),
        Command::Parse(a) => nlp::parse(&a),
        Command::Dict(d) => match d.what {
            crate::cli::DictWhat::Check { dir } => dict::check(dir.as_deref()),
        },
        Command::Eval(e) => match e.what {
            EvalWhat::Extract(a) => eval::extract(&a),
            EvalWhat::Parse(a) => nlp::eval_parse(&a),
            EvalWhat::Ner(a) => nlp::eval_ner(&a),
            EvalWhat::Events(a) => eval_events::run(&a),
            EvalWhat::Quotes(a) => eval_quotes::run(&a),
            EvalWhat::Time(a) => eval_time::run(&a),
            EvalWhat::Geo(a) => eval_geo::run(&a),
        },
        Command::Bench(b) => match b.what {
            BenchWhat::Extract(a) => bench::extract(&a),
            BenchWhat::Nlp(a) => nlp::bench(&a),
            BenchWhat::Events(a) => eval_events::bench(&a),
            BenchWhat::Quotes(a) => eval_quotes::bench(&a),
            BenchWhat::Time(a) => eval_time::bench(&a),
        },
    }
}

/// The `--min-…` floors a score is under, as `name got < floor` lines; empty when all hold.
pub fn below_floors(checks: &[(&str, Option<f64>, f64)]) -> Vec<String> {
    checks
        .iter()
        .filter_map(|&(name, floor, got)| {
            floor
                .filter(|&m| got < m)
                .map(|m| format!("{name} {got:.2} < {m}"))
        })
        .collect()
}

/// Parse a `--date` value.
pub fn parse_date_arg(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|d| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("--date {d:?} is not a date of the form YYYY-MM-DD"))
    })
    .transpose()
}

/// How inputs are read, with the HTTP timeout of `--timeout SECONDS`.
pub fn source_options(timeout_secs: u64) -> Result<SourceOptions> {
    if timeout_secs == 0 {
        bail!("--timeout must be at least 1 second");
    }
    let mut opts = SourceOptions::default();
    opts.http.timeout = Duration::from_secs(timeout_secs);
    opts.http.connect_timeout = opts.http.connect_timeout.min(opts.http.timeout);
    Ok(opts)
}

/// The reason part of an error whose `Display` is `"{input}: {reason}"`.
#[must_use]
pub fn reason_after_input(message: &str, input: &str) -> String {
    message
        .strip_prefix(input)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(message)
        .to_string()
}

/// The reason of an ingest error, without the input name in front (and without the
/// `skipped: ` of a skip).
#[must_use]
pub fn ingest_reason(err: &IngestError) -> String {
    let reason = reason_after_input(&err.to_string(), err.input());
    match reason.strip_prefix("skipped: ") {
        Some(rest) if err.is_skip() => rest.to_string(),
        _ => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_lose_their_input() {
        assert_eq!(
            reason_after_input("a.html: empty file", "a.html"),
            "empty file"
        );
        assert_eq!(reason_after_input("odd message", "a.html"), "odd message");
        let e = IngestError::Skipped {
            input: "x.warc [r1]".into(),
            reason: "HTTP status 404".into(),
        };
        assert_eq!(ingest_reason(&e), "HTTP status 404");
    }

    #[test]
    fn timeouts() {
        assert!(source_options(0).is_err());
        let o = source_options(3).unwrap();
        assert_eq!(o.http.timeout, Duration::from_secs(3));
        assert_eq!(o.http.connect_timeout, Duration::from_secs(3));
    }
}
