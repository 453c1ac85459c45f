//! The word lists: months, weekdays, numbers, units, parts of the day, seasons.

/// A unit of time as TIMEX3 writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Two weeks.
    Fortnight,
    /// Months.
    Month,
    /// Quarters.
    Quarter,
    /// Years.
    Year,
    /// Ten years.
    Decade,
    /// A hundred years.
    Century,
}

impl Unit {
    /// The duration of `n` units (`n` already formatted: `2`, `2.5`, `X`): `P2D`, `PT30M`,
    /// `P10Y` for a decade (as the MEANTIME and TempEval gold write it).
    #[must_use]
    pub fn duration(self, n: &str) -> String {
        let scaled = |k: u32, letter: &str| -> String {
            match n.parse::<f64>() {
                Ok(x) => format!("P{}{letter}", fmt_num(x * f64::from(k))),
                Err(_) => format!("PX{letter}"),
            }
        };
        match self {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Fortnight => scaled(2, "W"),
            Unit::Month => format!("P{n}M"),
            Unit::Quarter => format!("P{n}Q"),
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => match n.parse::<f64>() {
                Ok(x) => format!("P{}Y", fmt_num(x * 10.0)),
                Err(_) => "PXDE".to_string(),
            },
            Unit::Century => match n.parse::<f64>() {
                Ok(x) => format!("P{}Y", fmt_num(x * 100.0)),
                Err(_) => "PXCE".to_string(),
            },
        }
    }
}

/// `2` for 2.0, `2.5` for 2.5.
#[must_use]
pub fn fmt_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x}")
    }
}

/// A unit word, singular or plural: (unit, plural).
#[must_use]
pub fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" | "secs" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "fortnight" => (Unit::Fortnight, false),
        "fortnights" => (Unit::Fortnight, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// A month name (full, or a common abbreviation), 1-based.
#[must_use]
pub fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Whether a month word is an abbreviation.
#[must_use]
pub fn is_month_abbrev(w: &str) -> bool {
    w.len() <= 4 && w != "june" && w != "july" && w != "may"
}

/// A weekday name, 1 = Monday (as in `XXXX-WXX-1`).
#[must_use]
pub fn weekday(w: &str) -> Option<u32> {
    Some(match w {
        "monday" => 1,
        "tuesday" => 2,
        "wednesday" => 3,
        "thursday" => 4,
        "friday" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    })
}

/// The plural of a weekday ("on Fridays"), 1 = Monday.
#[must_use]
pub fn weekday_plural(w: &str) -> Option<u32> {
    weekday(w.strip_suffix('s')?)
}

/// A number word up to ninety-nine's parts (`one` … `twenty`, `thirty` … `ninety`, `dozen`).
#[must_use]
pub fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// An ordinal word (`first` … `twelfth`, `last`/`final` as 0 = the last one).
#[must_use]
pub fn ordinal_word(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        _ => return None,
    })
}

/// A part of the day and its TIMEX3 code.
#[must_use]
pub fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "overnight" => "NI",
        "midday" | "noon" => "MI",
        _ => return None,
    })
}

/// A season and its TIMEX3 code.
#[must_use]
pub fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// Words that make the following expression a fuzzy amount (`about`, `nearly`, `over`, …).
#[must_use]
pub fn approximator(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "around"
            | "almost"
            | "nearly"
            | "over"
            | "some"
            | "roughly"
            | "approximately"
            | "only"
            | "just"
            | "under"
            | "barely"
    )
}

/// Time-zone words that mean UTC.
#[must_use]
pub fn utc_zone(w: &str) -> bool {
    matches!(w, "utc" | "gmt" | "z")
}

/// Other time-zone words (kept in the span, not in the value).
#[must_use]
pub fn other_zone(w: &str) -> bool {
    matches!(
        w,
        "est"
            | "edt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "pst"
            | "pdt"
            | "bst"
            | "cet"
            | "cest"
            | "ist"
            | "jst"
            | "aest"
            | "et"
            | "pt"
            | "ct"
    )
}
