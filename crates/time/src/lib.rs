//! Temporal expressions in news English: recognition of DATE, TIME, DURATION and SET
//! expressions and their normalisation to TIMEX3 values against the article date (the
//! document creation time, DCT).
//!
//! [`find`] takes a whole article body (so that the dates of one paragraph can settle the
//! others: the day/month order of `9/10/2023`, the day of `that day`) and returns
//! [`TimeExpr`]s with byte spans into the text it was given.
//!
//! The tagger is hand-written: a tokenizer ([`lex`]), rules that recognise an expression and
//! say what it means ([`scan`]), and a resolver that does the calendar arithmetic
//! ([`resolve`]). Values follow TIMEX3 as the TempEval-3 and MEANTIME gold write them:
//! `2023-10-07`, `2023-10`, `2023-W41`, `2023-W41-WE`, `2023-Q3`, `2023-SP`, `199` (the
//! 1990s), `2023-10-07TMO`, `2009-06-01T12:00Z`, `P2D`, `PT30M`, `PXY`, `XXXX-WXX-5`,
//! `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`, `FY2007`.
//!
//! Resolution rules:
//! - A weekday, a month or a month and day without a year is the latest one on or before
//!   the article date (the DCT itself counts) in past-tense narration, the next one after it
//!   in the future tense. The tense is the nearest cue in the sentence (`will`, `'ll`,
//!   `next`, `going to`, `scheduled`, … for the future; `said`, `was`, a past participle,
//!   … for the past), past when there is none. `last Friday` and `next Friday` are strictly
//!   before and after.
//! - An all-number date (`9/10/2023`, `7/10`) is read day-first or month-first by, in turn:
//!   a number above 12; the weekday written beside it (`Monday (9/10/2023)`); the order the
//!   article's other self-settled numeric dates show; [`Options::date_order`] or the
//!   outlet's country ([`Options::country`]). When nothing settles it, the value is the
//!   month-first reading and the `anchor` is `ambiguous:YYYY-MM-DD`, the day-first one.
//! - `the day`, `that day`, `three days later` count from the last day named before in the
//!   article (the `anchor` says which), else from the DCT; a clock time takes the day named
//!   in its sentence, else the DCT.
//! - `anchor` is `DCT` for values computed from the article date, a date for values counted
//!   from another expression, and absent for values written in full.
//!
//! ```
//! use chrono::NaiveDate;
//! use sitrep_time::{find, Options};
//!
//! let dct = NaiveDate::from_ymd_opt(2023, 10, 10);
//! let text = "He wrote on Telegram on Monday (9/10/2023). On Saturday morning rockets were fired.";
//! let found = find(text, dct, &Options::default());
//! let values: Vec<&str> = found.iter().map(|t| t.value.as_str()).collect();
//! assert_eq!(values, ["2023-10-09", "2023-10-07TMO"]);
//! assert_eq!(&text[found[0].span.start..found[0].span.end], "Monday (9/10/2023)");
//! ```

#![warn(missing_docs)]

pub mod eval;
pub mod lex;
pub mod resolve;
pub mod scan;
pub mod words;

use chrono::NaiveDate;
pub use sitrep_types::{Span, TimeExpr, TimeType};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A date string that is not a date.
    #[error("not a date: {0:?} (expected YYYY-MM-DD, a longer timestamp, or DD-MM-YYYY)")]
    BadDate(String),
    /// A file that cannot be read.
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// A gold line that is not a document.
    #[error("not a TIMEX gold document: {0}")]
    Gold(String),
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// How all-number dates are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `9/10/2023` is 9 October.
    DayFirst,
    /// `9/10/2023` is 10 September.
    MonthFirst,
}

impl DateOrder {
    /// The usual order of a country (ISO 3166 alpha-2, any case): month-first in the United
    /// States and the few places that write dates its way, day-first elsewhere.
    #[must_use]
    pub fn of_country(cc: &str) -> DateOrder {
        match cc.to_ascii_uppercase().as_str() {
            "US" | "PH" | "FM" | "MH" | "PW" | "AS" | "GU" | "MP" | "PR" | "VI" | "UM" => {
                DateOrder::MonthFirst
            }
            _ => DateOrder::DayFirst,
        }
    }
}

/// Options of [`find`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The outlet's country (ISO 3166 alpha-2): the last hint for all-number dates.
    pub country: Option<String>,
    /// The order of all-number dates when the article does not settle it (overrides
    /// `country`).
    pub date_order: Option<DateOrder>,
}

/// The temporal expressions of an article body, in text order, resolved against `dct` (the
/// article date; without it, relative expressions get underspecified values such as
/// `XXXX-WXX-1`). Spans are byte offsets into `text`.
#[must_use]
pub fn find(text: &str, dct: Option<NaiveDate>, opts: &Options) -> Vec<TimeExpr> {
    let ctx = scan::Ctx::new(text);
    let cands = scan::scan(&ctx);
    resolve::resolve_all(&ctx, &cands, dct, opts)
}

/// Read a date: `YYYY-MM-DD` (a longer ISO timestamp is cut to its date), or `DD-MM-YYYY`.
///
/// # Errors
/// [`Error::BadDate`] when it is neither.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let s = s.trim();
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::parse_from_str(s, "%d-%m-%Y").ok())
        .ok_or_else(|| Error::BadDate(s.to_string()))
}

/// A dateline: the first of the first `lines` lines that is nothing but a full date
/// (`March 01 , 2008`, `2008-03-01`), as a date. Useful as the article date when none is
/// given.
#[must_use]
pub fn dateline(text: &str, lines: usize) -> Option<NaiveDate> {
    for line in text.lines().take(lines) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let found = find(trimmed, None, &Options::default());
        if let [t] = found.as_slice() {
            if t.span.len() == trimmed.len() {
                if let Ok(d) = NaiveDate::parse_from_str(&t.value, "%Y-%m-%d") {
                    return Some(d);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
