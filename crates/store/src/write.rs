//! Writing records: validation and the per-table inserts.

use rusqlite::{params, Transaction};
use serde::Serialize;
use sitrep_types::{Record, Span};

use crate::date::is_valid_day;
use crate::error::{Error, InternalError, Result};

/// What one [`Store::write_batch`](crate::Store::write_batch) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Records whose article id was not in the store before.
    pub inserted: usize,
    /// Records that replaced a stored article with the same id (including an earlier record of
    /// the same batch).
    pub replaced: usize,
}

impl WriteStats {
    /// Records written, new or replacing.
    #[must_use]
    pub fn total(&self) -> usize {
        self.inserted + self.replaced
    }
}

impl std::ops::AddAssign for WriteStats {
    fn add_assign(&mut self, rhs: Self) {
        self.inserted += rhs.inserted;
        self.replaced += rhs.replaced;
    }
}

/// Checks what the store needs from a record before writing it.
///
/// [`Store::write_batch`](crate::Store::write_batch) runs this on every record and rejects the
/// whole batch on the first failure; callers that would rather skip bad records can run it
/// first and leave them out. The checks: a non-empty article id, a publication date that is a
/// real `YYYY-MM-DD` day, spans that do not end before they start, finite scores and
/// coordinates, quad classes 1 to 4.
///
/// # Errors
/// A message saying what is wrong; it becomes the reason of
/// [`UserError::InvalidRecord`](crate::UserError::InvalidRecord).
pub fn validate(record: &Record) -> std::result::Result<(), String> {
    let a = &record.article;
    if a.id.is_empty() {
        return Err("empty article id".into());
    }
    if let Some(p) = &a.published {
        if !is_valid_day(&p.date) {
            return Err(format!(
                "article.published.date {:?} is not a YYYY-MM-DD calendar day",
                p.date
            ));
        }
    }
    let span = |what: &str, i: usize, s: Span| {
        if s.end < s.start {
            Err(format!(
                "{what}[{i}] span ends before it starts ({}, {})",
                s.start, s.end
            ))
        } else {
            Ok(())
        }
    };
    let finite = |what: &str, i: usize, x: f64| {
        if x.is_finite() {
            Ok(())
        } else {
            Err(format!("{what}[{i}] is not a finite number ({x})"))
        }
    };
    for (i, p) in a.paragraphs.iter().enumerate() {
        span("article.paragraphs", i, *p)?;
    }
    for (i, c) in a.citations.iter().enumerate() {
        span("article.citations", i, c.span)?;
    }
    for (i, m) in record.entities.iter().enumerate() {
        span("entities", i, m.span)?;
    }
    for (i, q) in record.quotes.iter().enumerate() {
        span("quotes", i, q.span)?;
        if let Some(c) = &q.cue {
            span("quotes.cue", i, c.span)?;
        }
        finite("quotes.confidence", i, f64::from(q.confidence))?;
    }
    for (i, e) in record.events.iter().enumerate() {
        span("events", i, e.span)?;
        span("events.sentence", i, e.sentence)?;
        for s in &e.evidence {
            span("events.evidence", i, *s)?;
        }
        if !(1..=4).contains(&e.quad) {
            return Err(format!("events[{i}] quad class {} is not 1 to 4", e.quad));
        }
        finite("events.goldstein", i, f64::from(e.goldstein))?;
        finite("events.confidence", i, f64::from(e.confidence))?;
        if let Some(p) = &e.place {
            finite("events.place.lat", i, p.lat)?;
            finite("events.place.lon", i, p.lon)?;
        }
    }
    for (i, p) in record.places.iter().enumerate() {
        span("places", i, p.span)?;
        finite("places.lat", i, p.lat)?;
        finite("places.lon", i, p.lon)?;
    }
    for (i, t) in record.times.iter().enumerate() {
        span("times", i, t.span)?;
    }
    Ok(())
}

/// The serde name of a unit enum variant (`"direct"`, `"PER"`).
pub(crate) fn enum_name<T: Serialize>(v: &T) -> Result<String> {
    match serde_json::to_value(v).map_err(InternalError::Serialize)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(InternalError::Corrupt(format!("expected an enum name, got {other}")).into()),
    }
}

fn json<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| InternalError::Serialize(e).into())
}

/// An `f32` as the `f64` with the same shortest decimal form, so `0.9f32` is stored as `0.9`
/// and SQL comparisons such as `confidence >= 0.9` behave as written.
fn real(x: f32) -> f64 {
    x.to_string().parse().unwrap_or_else(|_| f64::from(x))
}

/// Deletes the article `id` (children and full-text row go with it). True when it existed.
pub(crate) fn delete_article(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    let n = tx
        .prepare_cached("DELETE FROM articles WHERE id = ?1")?
        .execute([id])?;
    Ok(n > 0)
}

/// Writes one record, replacing any stored article with the same id. True when it replaced one.
pub(crate) fn write_record(tx: &Transaction<'_>, r: &Record, ingested_at: &str) -> Result<bool> {
    let a = &r.article;
    let replaced = delete_article(tx, &a.id)?;

    // The record JSON without the body: the `body` column is the only copy.
    let mut stripped = r.clone();
    stripped.article.body = String::new();
    let record_json = json(&stripped)?;
    drop(stripped);

    let (date, time, source) = match &a.published {
        Some(p) => (
            Some(p.date.as_str()),
            p.time.as_deref(),
            Some(enum_name(&p.source)?),
        ),
        None => (None, None, None),
    };
    tx.prepare_cached(
        "INSERT INTO articles (id, url, outlet, title, published_date, published_time,
             published_source, language, author, tags, body, origin, warnings, ingested_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        a.id,
        a.url,
        a.outlet,
        a.title,
        date,
        time,
        source,
        a.language,
        a.author,
        json(&a.tags)?,
        a.body,
        json(&a.origin)?,
        json(&a.warnings)?,
        ingested_at,
        record_json,
    ])?;

    if !a.citations.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO citations (article_id, seq, name, role, start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (seq, c) in a.citations.iter().enumerate() {
            st.execute(params![
                a.id,
                seq,
                c.name,
                enum_name(&c.role)?,
                c.span.start,
                c.span.end
            ])?;
        }
    }

    if !r.entities.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO entities (article_id, seq, text, type, actor, code, chain, start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (seq, m) in r.entities.iter().enumerate() {
            st.execute(params![
                a.id,
                seq,
                m.text,
                enum_name(&m.kind)?,
                m.actor,
                m.code,
                m.chain,
                m.span.start,
                m.span.end
            ])?;
        }
    }

    if !r.quotes.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO quotes (article_id, seq, text, kind, speaker_text, speaker_name,
                 speaker_actor, speaker_code, cue, medium, relays, start, \"end\", confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (seq, q) in r.quotes.iter().enumerate() {
            let sp = q.speaker.as_ref();
            st.execute(params![
                a.id,
                seq,
                q.text,
                enum_name(&q.kind)?,
                sp.map(|s| s.text.as_str()),
                sp.and_then(|s| s.name.as_deref()),
                sp.and_then(|s| s.actor.as_deref()),
                sp.and_then(|s| s.code.as_deref()),
                q.cue.as_ref().map(|c| c.text.as_str()),
                q.medium,
                json(&q.relays)?,
                q.span.start,
                q.span.end,
                real(q.confidence),
            ])?;
        }
    }

    if !r.events.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO events (article_id, seq, source_text, source_name, source_actor,
                 source_code, target_text, target_name, target_actor, target_code, cameo, root,
                 quad, goldstein, plover_type, plover_mode, plover_context, date, date_precision,
                 place_name, place_country, lat, lon, negated, modality, claimed_by,
                 claimed_by_actor, sentence_start, sentence_end, start, \"end\", confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
        )?;
        for (seq, e) in r.events.iter().enumerate() {
            let t = e.target.as_ref();
            let place = e.place.as_ref();
            st.execute(params![
                a.id,
                seq,
                e.source.text,
                e.source.name,
                e.source.actor,
                e.source.code,
                t.map(|t| t.text.as_str()),
                t.and_then(|t| t.name.as_deref()),
                t.and_then(|t| t.actor.as_deref()),
                t.and_then(|t| t.code.as_deref()),
                e.cameo,
                e.root,
                e.quad,
                real(e.goldstein),
                e.plover.kind,
                e.plover.mode,
                e.plover.context,
                e.date.as_ref().map(|d| d.value.as_str()),
                e.date.as_ref().map(|d| d.precision.as_str()),
                place.map(|p| p.name.as_str()),
                place.and_then(|p| p.country.as_deref()),
                place.map(|p| p.lat),
                place.map(|p| p.lon),
                e.negated,
                enum_name(&e.modality)?,
                e.claimed_by.as_ref().map(|c| c.text.as_str()),
                e.claimed_by.as_ref().and_then(|c| c.actor.as_deref()),
                e.sentence.start,
                e.sentence.end,
                e.span.start,
                e.span.end,
                real(e.confidence),
            ])?;
        }
    }

    if !r.places.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO places (article_id, seq, text, name, country, lat, lon, gazetteer_id,
                 feature, start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (seq, p) in r.places.iter().enumerate() {
            st.execute(params![
                a.id,
                seq,
                p.text,
                p.name,
                p.country,
                p.lat,
                p.lon,
                p.gazetteer_id,
                p.feature,
                p.span.start,
                p.span.end
            ])?;
        }
    }

    if !r.times.is_empty() {
        let mut st = tx.prepare_cached(
            "INSERT INTO times (article_id, seq, text, type, value, anchor, start, \"end\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (seq, t) in r.times.iter().enumerate() {
            st.execute(params![
                a.id,
                seq,
                t.text,
                enum_name(&t.kind)?,
                t.value,
                t.anchor,
                t.span.start,
                t.span.end
            ])?;
        }
    }
    Ok(replaced)
}

/// Turns a constraint violation while writing record `index` into a user error naming it.
pub(crate) fn blame(index: usize, id: &str, e: Error) -> Error {
    match e {
        Error::Sqlite(ref s)
            if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
        {
            crate::UserError::InvalidRecord {
                index,
                id: id.to_string(),
                reason: s.to_string(),
            }
            .into()
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_keeps_the_decimal_form() {
        assert_eq!(real(0.9), 0.9);
        assert_eq!(real(-10.0), -10.0);
        assert_eq!(real(0.1), 0.1);
    }

    #[test]
    fn enum_names_are_the_serde_names() {
        assert_eq!(
            enum_name(&sitrep_types::QuoteKind::Direct).unwrap(),
            "direct"
        );
        assert_eq!(enum_name(&sitrep_types::EntityType::Per).unwrap(), "PER");
        assert!(enum_name(&5u8).is_err());
    }
}
