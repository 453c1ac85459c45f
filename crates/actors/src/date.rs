//! Dates of roles: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, turned into day numbers.
//!
//! A role's bounds are inclusive. A bound written with year or month precision stands for a
//! range of days: as a start it opens on the first of them, as an end it closes on the last
//! (`2000..2004` holds from 2000-01-01 to 2004-12-31). The linter uses the *certain* part of
//! an imprecise bound instead (a start of `2014` is certain only from 2014-12-31), so that two
//! roles that change hands inside a year written as `..2014` and `2014..` do not contradict.

/// How precisely a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `YYYY`.
    Year,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`.
    Day,
}

/// A parsed date with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// Year.
    pub year: i32,
    /// Month 1..=12 (1 when not given).
    pub month: u32,
    /// Day 1..=31 (1 when not given).
    pub day: u32,
    /// How much of it was written.
    pub precision: Precision,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
#[must_use]
pub fn day_number(y: i32, m: u32, d: u32) -> i32 {
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` when malformed or impossible.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('-');
        let y = parts.next()?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let num = |p: &str| -> Option<u32> {
            if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let (month, day, precision) = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => (1, 1, Precision::Year),
            (Some(m), None, _) => (num(m)?, 1, Precision::Month),
            (Some(m), Some(d), None) => (num(m)?, num(d)?, Precision::Day),
            _ => return None,
        };
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate {
            year,
            month,
            day,
            precision,
        })
    }

    /// The first day the date can stand for.
    #[must_use]
    pub fn first_day(&self) -> i32 {
        day_number(self.year, self.month, self.day)
    }

    /// The last day the date can stand for.
    #[must_use]
    pub fn last_day(&self) -> i32 {
        match self.precision {
            Precision::Day => day_number(self.year, self.month, self.day),
            Precision::Month => {
                day_number(self.year, self.month, days_in_month(self.year, self.month))
            }
            Precision::Year => day_number(self.year, 12, 31),
        }
    }
}

/// Parses a query date (`YYYY-MM-DD`, or a longer timestamp starting with one; `YYYY-MM` and
/// `YYYY` stand for their first day) into a day number.
#[must_use]
pub fn query_day(s: &str) -> Option<i32> {
    let s = s.trim();
    let head = s.get(..10).filter(|h| PartialDate::parse(h).is_some());
    let d = match head {
        Some(h) => PartialDate::parse(h)?,
        None => PartialDate::parse(s)?,
    };
    Some(d.first_day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precisions() {
        let d = PartialDate::parse("2007-04-05").unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.first_day(), d.last_day());
        let y = PartialDate::parse("2000").unwrap();
        assert_eq!(y.last_day() - y.first_day(), 365);
        let m = PartialDate::parse("2024-02").unwrap();
        assert_eq!(m.last_day() - m.first_day(), 28);
        assert!(PartialDate::parse("2007-13-01").is_none());
        assert!(PartialDate::parse("2023-02-29").is_none());
        assert!(PartialDate::parse("07-04-05").is_none());
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1), 11_017);
        assert_eq!(
            query_day("2023-10-07T08:00:00Z"),
            Some(day_number(2023, 10, 7))
        );
    }
}
