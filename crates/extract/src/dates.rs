//! Dates as pages write them: ISO 8601, RFC 2822, numeric day-first and month-first forms,
//! and written-out months in English, German, French, Spanish, Italian, Portuguese and Dutch.

use chrono::{Datelike, NaiveDate, Weekday};

/// The earliest publication date we believe.
pub const MIN_YEAR: i32 = 1990;

/// A date read from a string, with the time part as written when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The date.
    pub date: NaiveDate,
    /// `HH:MM[:SS][offset]` when present.
    pub time: Option<String>,
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// True when the numeric form could be read both ways and nothing settled it.
    pub ambiguous: bool,
}

fn month_from_name(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_lowercase();
    let w = w.as_str();
    let m = match w {
        "january" | "jan" | "januar" | "jänner" | "janvier" | "janv" | "enero" | "ene"
        | "gennaio" | "gen" | "janeiro" | "januari" => 1,
        "february" | "feb" | "febr" | "februar" | "février" | "fevrier" | "févr" | "fev"
        | "febrero" | "febbraio" | "fevereiro" | "februari" => 2,
        "march" | "mar" | "märz" | "maerz" | "mrz" | "mars" | "marzo" | "março" | "marco"
        | "maart" | "mär" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" | "mag" | "maio" | "mei" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "giugno" | "giu" | "junho" => 6,
        "july" | "jul" | "juli" | "juillet" | "juil" | "julio" | "luglio" | "lug" | "julho" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" | "set"
        | "setembro" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" | "ottobre" | "ott"
        | "outubro" | "out" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "decembre" | "déc" | "diciembre"
        | "dic" | "dicembre" | "dezembro" => 12,
        _ => return None,
    };
    Some(m)
}

/// A weekday name (English), full or abbreviated.
#[must_use]
pub fn weekday_from_name(w: &str) -> Option<Weekday> {
    let w = w.trim_end_matches(['.', ',']).to_lowercase();
    Some(match w.as_str() {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn plausible(d: NaiveDate, max: NaiveDate) -> bool {
    d.year() >= MIN_YEAR && d <= max
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn year2(y: i32) -> i32 {
    if y < 100 {
        if y < 70 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    }
}

/// Parse a whole string that should be one date (a meta tag's content, a `datetime` attribute).
#[must_use]
pub fn parse_date_value(s: &str, max: NaiveDate) -> Option<(NaiveDate, Option<String>)> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Unix timestamps (seconds or milliseconds).
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let mut v: i64 = s.parse().ok()?;
        if s.len() == 13 {
            v /= 1000;
        }
        let dt = chrono::DateTime::from_timestamp(v, 0)?;
        let d = dt.date_naive();
        return plausible(d, max).then_some((d, None));
    }
    let found = find_dates(s, max);
    found.into_iter().next().map(|f| (f.date, f.time))
}

fn digits(b: &[u8], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    while j < b.len() && j - i < max && b[j].is_ascii_digit() {
        j += 1;
    }
    if j - i < min || (j < b.len() && b[j].is_ascii_digit()) {
        return None;
    }
    let v = std::str::from_utf8(&b[i..j]).ok()?.parse().ok()?;
    Some((v, j))
}

fn read_time(s: &str, i: usize) -> Option<(String, usize)> {
    // [T ]HH:MM[:SS][.fff][Z|±HH[:]MM]
    let b = s.as_bytes();
    let mut j = i;
    if j < b.len() && (b[j] == b'T' || b[j] == b' ') {
        j += 1;
    } else {
        return None;
    }
    let (h, k) = digits(b, j, 2, 2)?;
    if b.get(k) != Some(&b':') {
        return None;
    }
    let (mi, mut k) = digits(b, k + 1, 2, 2)?;
    if h > 23 || mi > 59 {
        return None;
    }
    let mut out = format!("{h:02}:{mi:02}");
    if b.get(k) == Some(&b':') {
        if let Some((sec, k2)) = digits(b, k + 1, 2, 2) {
            out.push_str(&format!(":{sec:02}"));
            k = k2;
        }
    }
    if b.get(k) == Some(&b'.') {
        let mut k2 = k + 1;
        while k2 < b.len() && b[k2].is_ascii_digit() {
            k2 += 1;
        }
        k = k2;
    }
    match b.get(k) {
        Some(b'Z') => {
            out.push('Z');
            k += 1;
        }
        Some(&c @ (b'+' | b'-')) => {
            if let Some((oh, k2)) = digits(b, k + 1, 2, 2) {
                let (om, k3) = if b.get(k2) == Some(&b':') {
                    digits(b, k2 + 1, 2, 2).unwrap_or((0, k2))
                } else {
                    digits(b, k2, 2, 2).unwrap_or((0, k2))
                };
                out.push(c as char);
                out.push_str(&format!("{oh:02}:{om:02}"));
                k = k3;
            }
        }
        _ => {}
    }
    Some((out, k))
}

fn word_at(s: &str, i: usize) -> (&str, usize) {
    let rest = &s[i..];
    let len = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(k, _)| k);
    (&rest[..len], i + len)
}

fn skip_ws(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || b[i] == b'\n') {
        i += 1;
    }
    if s[i..].starts_with('\u{a0}') {
        return skip_ws(s, i + 2);
    }
    i
}

/// Find every date written in `text`, in order. Numeric forms with both parts ≤ 12 are read
/// day-first unless a weekday written next to them (within 24 bytes before) settles it.
#[must_use]
pub fn find_dates(text: &str, max: NaiveDate) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let at_word_start =
            text.is_char_boundary(i) && (i == 0 || !(b[i - 1].is_ascii_alphanumeric()));
        if !at_word_start {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            if let Some(f) = numeric_date(text, i, max) {
                i = f.end;
                out.push(f);
                continue;
            }
            // "12 March 2024", "12. März 2024", "12 de marzo de 2024"
            if let Some((d, j)) = digits(b, i, 1, 2) {
                let mut k = j;
                if b.get(k) == Some(&b'.') {
                    k += 1;
                }
                if b.get(k).is_some_and(|&x| x == b' ' || x == b'-')
                    || text[k..].starts_with('\u{a0}')
                {
                    k = skip_ws(text, if b[k] == b'-' { k + 1 } else { k });
                    if text[k..].starts_with("de ") {
                        k += 3;
                    }
                    let (w, k2) = word_at(text, k);
                    if let Some(m) = month_from_name(w) {
                        let mut k3 = k2;
                        if b.get(k3) == Some(&b'.') {
                            k3 += 1;
                        }
                        if b.get(k3) == Some(&b',') {
                            k3 += 1;
                        }
                        if b.get(k3) == Some(&b'-') {
                            k3 += 1;
                        }
                        k3 = skip_ws(text, k3);
                        if text[k3..].starts_with("de ") {
                            k3 += 3;
                        }
                        if let Some(f) = written_date(text, i, k3, m, d, max) {
                            i = f.end;
                            out.push(f);
                            continue;
                        }
                    }
                }
            }
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c >= 0x80 {
            let (w, j) = word_at(text, i);
            if w.is_empty() {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            if let Some(m) = month_from_name(w) {
                // "March 12, 2024", "Mar. 12 2024", "March 12th, 2024"
                let mut k = j;
                if b.get(k) == Some(&b'.') {
                    k += 1;
                }
                k = skip_ws(text, k);
                if let Some((d, k2)) = digits(b, k, 1, 2) {
                    let mut k3 = k2;
                    for suf in ["st", "nd", "rd", "th"] {
                        if text[k3..].starts_with(suf) {
                            k3 += 2;
                            break;
                        }
                    }
                    if b.get(k3) == Some(&b',') {
                        k3 += 1;
                    }
                    k3 = skip_ws(text, k3);
                    if let Some(f) = written_date(text, i, k3, m, d, max) {
                        i = f.end;
                        out.push(f);
                        continue;
                    }
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    // Settle day/month order with a weekday written just before.
    for f in &mut out {
        if !f.ambiguous {
            continue;
        }
        let before = &text[f.start.saturating_sub(24)..f.start];
        let wd = before
            .split(|c: char| !c.is_alphabetic())
            .filter_map(weekday_from_name)
            .next_back();
        if let Some(wd) = wd {
            let swapped = ymd(f.date.year(), f.date.day(), f.date.month());
            if f.date.weekday() == wd {
                f.ambiguous = false;
            } else if let Some(s) = swapped.filter(|s| s.weekday() == wd) {
                f.date = s;
                f.ambiguous = false;
            }
        }
    }
    out
}

/// A written-out date whose day `d` and month `m` are read, with the four-digit year at `k`:
/// the date from `start` through the year (and a time right after it).
fn written_date(
    text: &str,
    start: usize,
    k: usize,
    m: u32,
    d: u32,
    max: NaiveDate,
) -> Option<Found> {
    let (y, k4) = digits(text.as_bytes(), k, 4, 4)?;
    let date = ymd(y as i32, m, d).filter(|date| plausible(*date, max))?;
    let (time, end) = trailing_time(text, k4);
    Some(Found {
        date,
        time,
        start,
        end,
        ambiguous: false,
    })
}

fn trailing_time(text: &str, k: usize) -> (Option<String>, usize) {
    match read_time(text, k) {
        Some((t, e)) => (Some(t), e),
        None => (None, k),
    }
}

fn numeric_date(text: &str, i: usize, max: NaiveDate) -> Option<Found> {
    let b = text.as_bytes();
    // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD (only with T after)
    if let Some((y, j)) = digits(b, i, 4, 4) {
        let sep = *b.get(j)?;
        if matches!(sep, b'-' | b'/' | b'.') {
            let (m, k) = digits(b, j + 1, 1, 2)?;
            if b.get(k) != Some(&sep) {
                // YYYY-MM: month precision, not a date.
                return None;
            }
            let (d, e) = digits(b, k + 1, 1, 2)?;
            let date = ymd(y as i32, m, d)?;
            if !plausible(date, max) {
                return None;
            }
            let (time, end) = trailing_time(text, e);
            return Some(Found {
                date,
                time,
                start: i,
                end,
                ambiguous: false,
            });
        }
        return None;
    }
    // DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, DD-MM-YYYY, with 2-digit years only after '.'.
    let (a, j) = digits(b, i, 1, 2)?;
    let sep = *b.get(j)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let (m, k) = digits(b, j + 1, 1, 2)?;
    if b.get(k) != Some(&sep) {
        return None;
    }
    let (y, e) = match digits(b, k + 1, 4, 4) {
        Some(v) => v,
        None if sep == b'.' => {
            let (y2, e) = digits(b, k + 1, 2, 2)?;
            (year2(y2 as i32) as u32, e)
        }
        None => return None,
    };
    let y = y as i32;
    let (date, ambiguous) = if a > 12 {
        (ymd(y, m, a)?, false)
    } else if m > 12 {
        (ymd(y, a, m)?, false)
    } else if sep == b'.' || a == m {
        (ymd(y, m, a)?, false)
    } else {
        (ymd(y, m, a)?, true)
    };
    if !plausible(date, max) {
        return None;
    }
    let (time, end) = trailing_time(text, e);
    Some(Found {
        date,
        time,
        start: i,
        end,
        ambiguous,
    })
}

/// A date in a URL path: `/2023/10/10/`, `/2023-10-10/`, `/20231010/`.
#[must_use]
pub fn date_from_url(url: &str, max: NaiveDate) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let b = path.as_bytes();
    let mut i = 0;
    while i + 8 <= b.len() {
        if (i == 0 || !b[i - 1].is_ascii_digit()) && b[i].is_ascii_digit() {
            if let Some((v, _)) = digits(b, i, 8, 8) {
                let (y, m, d) = (v / 10000, (v / 100) % 100, v % 100);
                if let Some(date) = ymd(y as i32, m, d).filter(|d| plausible(*d, max)) {
                    return Some(date);
                }
            } else if let Some((y, j)) = digits(b, i, 4, 4) {
                let sep = b.get(j).copied();
                if (MIN_YEAR as u32..=2100).contains(&y) && matches!(sep, Some(b'/' | b'-' | b'_'))
                {
                    if let Some((m, k)) = digits(b, j + 1, 2, 2) {
                        if b.get(k) == sep.as_ref() {
                            if let Some((d, _)) = digits(b, k + 1, 2, 2) {
                                if let Some(date) =
                                    ymd(y as i32, m, d).filter(|d| plausible(*d, max))
                                {
                                    return Some(date);
                                }
                            }
                        }
                    }
                }
            }
        }
        i += 1;
    }
    // A last path segment that is a day-first date: /news/29-10-2021
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let b = last.as_bytes();
    if b.len() >= 10 {
        if let Some((d, j)) = digits(b, 0, 2, 2) {
            let sep = b.get(j).copied();
            if matches!(sep, Some(b'-' | b'.' | b'_')) {
                if let Some((m, k)) = digits(b, j + 1, 2, 2) {
                    if b.get(k) == sep.as_ref() {
                        if let Some((y, _)) = digits(b, k + 1, 4, 4) {
                            return ymd(y as i32, m, d).filter(|d| plausible(*d, max));
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max() -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
    }
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn iso_and_rfc() {
        assert_eq!(
            parse_date_value("2023-10-10T08:14:00+07:00", max()),
            Some((d(2023, 10, 10), Some("08:14:00+07:00".into())))
        );
        assert_eq!(
            parse_date_value("Tue, 12 Mar 2024 10:00:00 GMT", max())
                .unwrap()
                .0,
            d(2024, 3, 12)
        );
        assert_eq!(
            parse_date_value("1700000000", max()).unwrap().0,
            d(2023, 11, 14)
        );
    }

    #[test]
    fn written_months() {
        let f = find_dates(
            "Published: March 12th, 2024 and 5. März 2023, 3 de marzo de 2022",
            max(),
        );
        let ds: Vec<_> = f.iter().map(|f| f.date).collect();
        assert_eq!(ds, vec![d(2024, 3, 12), d(2023, 3, 5), d(2022, 3, 3)]);
    }

    #[test]
    fn weekday_settles_order() {
        let f = find_dates("He wrote it on Monday (9/10/2023).", max());
        assert_eq!(f[0].date, d(2023, 10, 9));
        assert!(!f[0].ambiguous);
        let f = find_dates("on 9/10/2023", max());
        assert!(f[0].ambiguous);
        let f = find_dates("am 24.12.2019 um", max());
        assert_eq!(f[0].date, d(2019, 12, 24));
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("https://x.com/2024/03/18/story", max()),
            Some(d(2024, 3, 18))
        );
        assert_eq!(
            date_from_url("https://x.com/news/20240318-story", max()),
            Some(d(2024, 3, 18))
        );
        assert_eq!(date_from_url("https://x.com/a/12345678901", max()), None);
    }
}
