//! `YYYY-MM-DD` checks for filters and stored dates.

use crate::error::{Result, UserError};

/// True when `s` is exactly `YYYY-MM-DD` and names a real day of the proleptic Gregorian
/// calendar (`2024-02-29` yes, `2023-02-29` no).
#[must_use]
pub fn is_valid_day(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &b[r];
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            part.iter()
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')),
        )
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Checks a date filter, naming the filter in the error.
pub(crate) fn check_filter(field: &'static str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) if !is_valid_day(v) => Err(UserError::InvalidDate {
            field,
            value: v.to_string(),
        }
        .into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_days_only() {
        for ok in [
            "2023-10-07",
            "2024-02-29",
            "2000-02-29",
            "1999-12-31",
            "0001-01-01",
        ] {
            assert!(is_valid_day(ok), "{ok}");
        }
        for bad in [
            "",
            "2023-10-7",
            "2023/10/07",
            "2023-13-01",
            "2023-00-10",
            "2023-02-29",
            "1900-02-29",
            "2023-04-31",
            "2023-10-00",
            "2023-10-07T00:00",
            "+023-10-07",
            "２０２３-10-07",
            "'; DROP--",
        ] {
            assert!(!is_valid_day(bad), "{bad}");
        }
    }
}
