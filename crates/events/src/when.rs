//! A sentence's date, resolved against the article date: weekdays ("on Saturday morning"),
//! "yesterday", "today", "last night", and written dates ("October 7", "7 October 2023").
//!
//! This is the small resolver the event coder needs; the full temporal tagger (durations,
//! sets, numeric dates, TIMEX3 values) is the time crate's job.

use sitrep_types::Token;

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Days since 1970-01-01 of a proleptic Gregorian date.
#[must_use]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number.
#[must_use]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses `YYYY-MM-DD` (a longer timestamp is cut to its date).
#[must_use]
pub fn parse_ymd(s: &str) -> Option<i64> {
    let s = s.get(..10)?;
    let y: i64 = s.get(..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

/// Formats a day number as `YYYY-MM-DD`.
#[must_use]
pub fn format_day(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day of the week of a day number, 0 = Monday.
fn weekday(z: i64) -> i64 {
    (z + 3).rem_euclid(7)
}

/// The date a sentence talks about, if it names one: (`YYYY-MM-DD`, day number). `future`
/// picks the next weekday rather than the last one.
#[must_use]
pub fn sentence_date(tokens: &[Token], article_day: i64, future: bool) -> Option<i64> {
    let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    for (i, w) in lower.iter().enumerate() {
        if let Some(wd) = WEEKDAYS.iter().position(|d| d == w) {
            let wd = wd as i64;
            let today = weekday(article_day);
            let prev = lower.get(i.wrapping_sub(1)).map(String::as_str);
            let next_week = prev == Some("next") || (future && prev != Some("last"));
            return Some(if next_week {
                article_day + (wd - today + 7 - 1).rem_euclid(7) + 1
            } else {
                article_day - (today - wd).rem_euclid(7)
            });
        }
        match w.as_str() {
            "yesterday" => return Some(article_day - 1),
            "today" | "tonight" => return Some(article_day),
            "tomorrow" => return Some(article_day + 1),
            "night" if i > 0 && lower[i - 1] == "last" => return Some(article_day - 1),
            _ => {}
        }
        if let Some(m) = MONTHS.iter().position(|x| x == w) {
            let month = u32::try_from(m + 1).unwrap_or(1);
            // "October 7" or "7 October", with an optional year after.
            let day_after = lower.get(i + 1).and_then(|d| day_number(d));
            let day_before = i.checked_sub(1).and_then(|j| day_number(&lower[j]));
            let Some(day) = day_after.or(day_before) else {
                continue;
            };
            let skip = if day_after.is_some() { 2 } else { 1 };
            let year = lower
                .iter()
                .skip(i + skip)
                .take(2)
                .find_map(|y| y.parse::<i64>().ok().filter(|y| (1800..=2200).contains(y)));
            let (ay, _, _) = civil_from_days(article_day);
            let year = year.unwrap_or_else(|| {
                // Without a year: the latest such date not after the article (or the next,
                // in the future tense).
                let this = days_from_civil(ay, month, day);
                if future || this <= article_day {
                    ay
                } else {
                    ay - 1
                }
            });
            return Some(days_from_civil(year, month, day));
        }
    }
    None
}

fn day_number(s: &str) -> Option<u32> {
    let digits = s.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        s.split_whitespace()
            .map(|w| Token {
                text: w.to_string(),
                ..Token::default()
            })
            .collect()
    }

    #[test]
    fn weekdays_resolve_against_the_article_date() {
        let tue = parse_ymd("2023-10-10").unwrap();
        assert_eq!(weekday(tue), 1);
        let d = sentence_date(&toks("On Saturday morning Hamas launched"), tue, false);
        assert_eq!(format_day(d.unwrap()), "2023-10-07");
        let d = sentence_date(&toks("on Tuesday"), tue, false);
        assert_eq!(
            format_day(d.unwrap()),
            "2023-10-10",
            "the article day itself counts"
        );
        let d = sentence_date(&toks("will meet on Friday"), tue, true);
        assert_eq!(format_day(d.unwrap()), "2023-10-13");
        let d = sentence_date(&toks("on October 7 ,"), tue, false);
        assert_eq!(format_day(d.unwrap()), "2023-10-07");
        let d = sentence_date(&toks("on 24 December"), tue, false);
        assert_eq!(format_day(d.unwrap()), "2022-12-24");
        assert!(sentence_date(&toks("may be"), tue, false).is_none());
    }
}
