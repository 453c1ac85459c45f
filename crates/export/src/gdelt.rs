//! GDELT 2.0 event export: the 61 tab-separated columns of [`COLUMNS`], one row per event.
//!
//! Values hold no tab or line break (each is replaced by a space) and nothing is quoted, as in
//! GDELT's own files. What each column holds, and where it differs from GDELT, is in
//! `docs/exports.md`; in short:
//! - `GlobalEventID` is a stable positive integer under 2^53 derived from the article id and
//!   the event's position in the record, so re-exporting gives the same ids;
//! - `Day` is the event's date when it is a full day, else the article's publication date
//!   (when it falls in the event's month or year), else the first day of the event's period;
//! - actor columns come from the CAMEO actor code ([`crate::cameo::split`]), the name is the
//!   resolved name (else the text as written);
//! - `IsRootEvent` is 1 when the event's sentence is in the article's first paragraph;
//! - `NumMentions`, `NumSources`, `NumArticles` are 1 (one row per reading), `AvgTone` is empty
//!   (sitrep computes no tone);
//! - only `ActionGeo_*` is filled (from the event's place); the actor geo columns have type 0;
//!   country codes are ISO alpha-3, not FIPS 10-4, and `FeatureID` is the GeoNames id;
//! - `DATEADDED` is when the article was stored (`YYYYMMDDHHMMSS`, UTC);
//! - `SOURCEURL` is the article URL (else the article id).

use std::fmt::Write as _;
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use sitrep_store::StoredRecord;
use sitrep_types::{ActorRef, Event, Place, Record};

use crate::cameo;
use crate::row::float_text;
use crate::{Result, Sink};

/// The GDELT 2.0 event columns, in file order.
pub const COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Writes events as GDELT 2.0 event rows.
#[derive(Debug)]
pub struct GdeltWriter<W: Write> {
    out: W,
    line: String,
}

impl<W: Write> GdeltWriter<W> {
    /// A writer to `out`; with `header`, the column names come first.
    ///
    /// # Errors
    /// When writing the header fails.
    pub fn new(mut out: W, header: bool) -> Result<Self> {
        if header {
            let mut line = COLUMNS.join("\t");
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        Ok(GdeltWriter {
            out,
            line: String::new(),
        })
    }
}

impl<W: Write> Sink for GdeltWriter<W> {
    fn record(&mut self, stored: &StoredRecord) -> Result<u64> {
        let added = date_added(&stored.ingested_at);
        for (seq, event) in stored.record.events.iter().enumerate() {
            self.line.clear();
            row(&mut self.line, &stored.record, seq, event, &added);
            self.out.write_all(self.line.as_bytes())?;
        }
        Ok(stored.record.events.len() as u64)
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// One row, with its line break, appended to `line`.
fn row(line: &mut String, record: &Record, seq: usize, e: &Event, date_added: &str) {
    let mut cells = Cells(line, 0);
    cells.push(&global_event_id(&record.article.id, seq).to_string());
    match event_day(record, e) {
        Some(day) => {
            cells.push(&day.format("%Y%m%d").to_string());
            cells.push(&day.format("%Y%m").to_string());
            cells.push(&day.year().to_string());
            cells.push(&fraction_date(day));
        }
        None => (0..4).for_each(|_| cells.push("")),
    }
    actor(&mut cells, Some(&e.source));
    actor(&mut cells, e.target.as_ref());
    cells.push(if is_root_event(record, e) { "1" } else { "0" });
    cells.push(&e.cameo);
    cells.push(e.cameo.get(..3).unwrap_or(&e.cameo));
    cells.push(&e.root);
    cells.push(&e.quad.to_string());
    cells.push(&float_text(e.goldstein));
    for _ in 0..3 {
        cells.push("1");
    }
    cells.push(""); // AvgTone: sitrep computes no tone.
    geo(&mut cells, None);
    geo(&mut cells, None);
    geo(&mut cells, e.place.as_ref());
    cells.push(date_added);
    cells.push(
        record
            .article
            .url
            .as_deref()
            .filter(|u| !u.is_empty())
            .unwrap_or(&record.article.id),
    );
    debug_assert_eq!(cells.1, COLUMNS.len());
    line.push('\n');
}

/// Appends tab-separated cells, cleaning each value.
struct Cells<'a>(&'a mut String, usize);

impl Cells<'_> {
    fn push(&mut self, value: &str) {
        if self.1 > 0 {
            self.0.push('\t');
        }
        self.1 += 1;
        if value.contains(['\t', '\n', '\r']) {
            self.0.extend(value.chars().map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c => c,
            }));
        } else {
            self.0.push_str(value);
        }
    }
}

fn actor(cells: &mut Cells<'_>, a: Option<&ActorRef>) {
    let Some(a) = a else {
        (0..10).for_each(|_| cells.push(""));
        return;
    };
    let code = a.code.as_deref().unwrap_or("");
    let parts = cameo::split(code);
    let o = |s: Option<&str>| s.unwrap_or("").to_string();
    cells.push(code);
    cells.push(a.name.as_deref().unwrap_or(&a.text));
    cells.push(&o(parts.country));
    cells.push(&o(parts.known_group));
    cells.push(&o(parts.ethnic));
    cells.push(&o(parts.religion1));
    cells.push(&o(parts.religion2));
    for t in parts.types {
        cells.push(&o(t));
    }
}

/// GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1).
/// Our gazetteer's feature classes map onto them: `country` is 1, `region` and `county` are
/// a (US) state, everything else (`city`, `site`, `area`, `water`, `continent`, none) is a
/// (US) city, that is a point; 0 means no place.
#[must_use]
pub fn geo_type(place: &Place) -> u8 {
    let us = place.country.as_deref() == Some("USA");
    match place.feature.as_deref() {
        Some("country") => 1,
        Some("region" | "county") => {
            if us {
                2
            } else {
                5
            }
        }
        _ => {
            if us {
                3
            } else {
                4
            }
        }
    }
}

fn geo(cells: &mut Cells<'_>, place: Option<&Place>) {
    let Some(p) = place else {
        cells.push("0");
        (0..7).for_each(|_| cells.push(""));
        return;
    };
    cells.push(&geo_type(p).to_string());
    cells.push(&p.name);
    cells.push(p.country.as_deref().unwrap_or(""));
    cells.push(""); // ADM1: the gazetteer gives none.
    cells.push(""); // ADM2.
    cells.push(&p.lat.to_string());
    cells.push(&p.lon.to_string());
    cells.push(p.gazetteer_id.as_deref().unwrap_or(""));
}

/// A stable id for event `seq` of article `article_id`: FNV-1a (64-bit) over both, kept to
/// 53 bits so that it survives a round trip through a double, and never 0.
#[must_use]
pub fn global_event_id(article_id: &str, seq: usize) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let seq = seq.to_string();
    for b in article_id
        .bytes()
        .chain(std::iter::once(b':'))
        .chain(seq.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    let id = (h ^ (h >> 53)) & ((1u64 << 53) - 1);
    id.max(1)
}

/// The day an event is dated to (see the module docs).
#[must_use]
pub fn event_day(record: &Record, e: &Event) -> Option<NaiveDate> {
    let published = record
        .article
        .published
        .as_ref()
        .and_then(|p| NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").ok());
    let Some(date) = &e.date else {
        return published;
    };
    let v = date.value.as_str();
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(d);
    }
    // A month or a year: the publication day when it falls inside, else the period's start.
    if let Some(p) = published {
        if p.format("%Y-%m-%d").to_string().starts_with(v) {
            return Some(p);
        }
    }
    let padded = match v.len() {
        7 => format!("{v}-01"),
        4 => format!("{v}-01-01"),
        _ => return published,
    };
    NaiveDate::parse_from_str(&padded, "%Y-%m-%d")
        .ok()
        .or(published)
}

/// `YYYY.FFFF`: the year plus the fraction of it gone by at the start of the day.
fn fraction_date(day: NaiveDate) -> String {
    let days_in_year = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() {
        366.0
    } else {
        365.0
    };
    let fraction = f64::from(day.ordinal0()) / days_in_year;
    format!("{:.4}", f64::from(day.year()) + fraction)
}

fn is_root_event(record: &Record, e: &Event) -> bool {
    record
        .article
        .paragraphs
        .first()
        .is_some_and(|p| p.contains(e.sentence))
}

/// `2024-03-01T12:30:05Z` → `20240301123005`.
fn date_added(ingested_at: &str) -> String {
    let mut s = String::with_capacity(14);
    for c in ingested_at.chars().filter(char::is_ascii_digit).take(14) {
        let _ = write!(s, "{c}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_one_columns_in_gdelt_order() {
        assert_eq!(COLUMNS.len(), 61);
        assert_eq!(COLUMNS[0], "GlobalEventID");
        assert_eq!(COLUMNS[25], "IsRootEvent");
        assert_eq!(COLUMNS[34], "AvgTone");
        assert_eq!(COLUMNS[51], "ActionGeo_Type");
        assert_eq!(COLUMNS[60], "SOURCEURL");
    }

    #[test]
    fn ids_are_stable_positive_and_distinct() {
        let a = global_event_id("abc", 0);
        assert_eq!(a, global_event_id("abc", 0));
        assert_ne!(a, global_event_id("abc", 1));
        assert_ne!(a, global_event_id("abd", 0));
        assert!(a > 0 && a < (1 << 53));
    }

    #[test]
    fn fraction_and_added() {
        let d = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        assert_eq!(fraction_date(d), "2023.0000");
        let d = NaiveDate::from_ymd_opt(2023, 7, 2).unwrap();
        assert_eq!(fraction_date(d), "2023.4986");
        assert_eq!(date_added("2024-03-01T12:30:05Z"), "20240301123005");
    }

    #[test]
    fn cells_never_hold_tabs_or_newlines() {
        let mut s = String::new();
        let mut c = Cells(&mut s, 0);
        c.push("a\tb");
        c.push("c\nd\r");
        assert_eq!(s, "a b\tc d ");
    }
}
