//! Resolution: a recognised expression's meaning ([`Sem`]) against the article date (DCT),
//! the tense of its sentence and the dates named before it, as a TIMEX3 value.

use crate::scan::{Cand, Ctx, Rel, Sem, YearRef};
use crate::words::Unit;
use crate::{DateOrder, Options};
use chrono::{Datelike, Duration, Months, NaiveDate};
use sitrep_types::{Span, TimeExpr};

/// Words that put a sentence in the future.
fn future_cue(ctx: &Ctx<'_>, k: usize) -> bool {
    match ctx.w(k) {
        "will" | "shall" | "next" | "coming" | "upcoming" | "scheduled" | "due" | "expected"
        | "planning" | "tomorrow" | "would" | "wo" | "may" | "might" | "should" | "must"
        | "intends" | "intend" | "wants" | "want" | "deadline" | "until" | "till"
        | "forthcoming" | "later" => true,
        "ll" => matches!(ctx.w(k.wrapping_sub(1)), "'" | "’"),
        "going" | "set" | "plans" | "plan" | "aims" => ctx.w(k + 1) == "to",
        "is" | "are" => ctx.w(k + 1) == "to" && ctx.w(k + 2) != "be",
        _ => passive(ctx, k) && ctx.w(k.wrapping_sub(2)) == "to",
    }
}

/// A participle after `be`: `to be held` (the future), `was held` (the `was` says it).
fn passive(ctx: &Ctx<'_>, k: usize) -> bool {
    k > 0
        && matches!(ctx.w(k - 1), "be" | "been" | "being")
        && (ctx.w(k).ends_with("ed")
            || ctx.w(k).ends_with("en")
            || matches!(
                ctx.w(k),
                "held" | "made" | "sent" | "hit" | "shot" | "met" | "built" | "sold"
            ))
}

/// Words that put a sentence in the past.
fn past_cue(ctx: &Ctx<'_>, k: usize) -> bool {
    let w = ctx.w(k);
    if passive(ctx, k) {
        return false;
    }
    match w {
        "said" | "was" | "were" | "had" | "did" | "ago" | "yesterday" | "last" | "earlier"
        | "told" | "took" | "came" | "went" | "made" | "began" | "saw" | "fell" | "rose"
        | "won" | "lost" | "gave" | "held" | "met" | "left" | "sent" | "struck" | "hit"
        | "shot" | "killed" | "announced" | "since" => true,
        _ => w.len() > 4 && w.ends_with("ed") && !future_cue(ctx, k),
    }
}

/// The tense of the expression at tokens `first..=last`: the nearest cue in its sentence
/// (15 words back, 8 ahead) decides; `Some(true)` is the future, `None` no cue.
#[must_use]
pub fn tense(ctx: &Ctx<'_>, first: usize, last: usize) -> Option<bool> {
    let mut best: Option<(usize, bool)> = None;
    let mut consider = |k: usize, dist: usize| {
        if !ctx_same(ctx, first, k) {
            return;
        }
        let f = future_cue(ctx, k);
        let p = !f && past_cue(ctx, k);
        if (f || p) && best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, f));
        }
    };
    for d in 1..=15 {
        if let Some(k) = first.checked_sub(d) {
            consider(k, d);
        }
    }
    for d in 1..=8 {
        consider(last + d, d);
    }
    best.map(|(_, f)| f)
}

/// Whether the expression is about the future (no cue: the past).
#[must_use]
pub fn is_future(ctx: &Ctx<'_>, first: usize, last: usize) -> bool {
    tense(ctx, first, last) == Some(true)
}

fn ctx_same(ctx: &Ctx<'_>, a: usize, b: usize) -> bool {
    match (ctx.toks.get(a), ctx.toks.get(b)) {
        (Some(x), Some(y)) => x.sent == y.sent,
        _ => false,
    }
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The weekday `wd` (1 = Monday) relative to `dct`: on or before (past), after (future),
/// strictly before (`last`), strictly after (`next`).
#[must_use]
pub fn weekday_date(dct: NaiveDate, wd: u32, rel: Rel, future: bool) -> NaiveDate {
    let today = i64::from(dct.weekday().number_from_monday());
    let wd = i64::from(wd);
    let back = (today - wd).rem_euclid(7);
    let ahead = (wd - today).rem_euclid(7);
    match rel {
        Rel::Last => dct - Duration::days(if back == 0 { 7 } else { back }),
        Rel::Next => dct + Duration::days(if ahead == 0 { 7 } else { ahead }),
        Rel::This | Rel::None => {
            if future {
                dct + Duration::days(if ahead == 0 && rel == Rel::None {
                    7
                } else {
                    ahead
                })
            } else {
                dct - Duration::days(back)
            }
        }
    }
}

/// The article's reading of all-number dates: from dates that settle themselves (a number
/// above 12, a weekday beside them), then the outlet's country.
fn article_order(cands: &[Cand], opts: &Options) -> Option<DateOrder> {
    let (mut dmy, mut mdy) = (0, 0);
    for c in cands {
        if let Sem::Numeric { a, b, y, weekday } = c.sem {
            match own_order(a, b, y, weekday) {
                Some(DateOrder::DayFirst) => dmy += 1,
                Some(DateOrder::MonthFirst) => mdy += 1,
                None => {}
            }
        }
    }
    if dmy > mdy {
        Some(DateOrder::DayFirst)
    } else if mdy > dmy {
        Some(DateOrder::MonthFirst)
    } else {
        opts.date_order
            .or_else(|| opts.country.as_deref().map(DateOrder::of_country))
    }
}

/// The reading an all-number date settles by itself.
fn own_order(a: u32, b: u32, y: Option<i32>, wd: Option<u32>) -> Option<DateOrder> {
    if a > 12 {
        return Some(DateOrder::DayFirst);
    }
    if b > 12 {
        return Some(DateOrder::MonthFirst);
    }
    if a == b {
        return Some(DateOrder::MonthFirst);
    }
    let (wd, y) = (wd?, y?);
    let fits =
        |m: u32, d: u32| date(y, m, d).is_some_and(|x| x.weekday().number_from_monday() == wd);
    match (fits(b, a), fits(a, b)) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// A resolved value, what it was resolved against, and the day it names (for `the day`).
struct Resolved {
    value: String,
    anchor: Option<String>,
    day: Option<NaiveDate>,
}

fn fixed(v: String) -> Resolved {
    Resolved {
        value: v,
        anchor: None,
        day: None,
    }
}

fn on_dct(v: String, day: Option<NaiveDate>) -> Resolved {
    Resolved {
        value: v,
        anchor: Some("DCT".into()),
        day,
    }
}

/// The year of a month (and day) without one: the latest on or before the article date in
/// the past tense, the next one on or after it in the future, the nearest one when the
/// sentence has no tense cue.
fn year_for(dct: NaiveDate, m: u32, d: Option<u32>, rel: Rel, tense: Option<bool>) -> i32 {
    let now = (dct.month(), dct.day());
    let y = dct.year();
    match rel {
        Rel::Last => {
            if (m, d.unwrap_or(1)) < (now.0, if d.is_some() { now.1 } else { 1 }) {
                y
            } else {
                y - 1
            }
        }
        Rel::Next => {
            if m > now.0 {
                y
            } else {
                y + 1
            }
        }
        Rel::This => y,
        Rel::None => match tense {
            Some(future) => {
                let this = (m, d.unwrap_or(if future { 31 } else { 1 }));
                if future {
                    if this >= now || (d.is_none() && m == now.0) {
                        y
                    } else {
                        y + 1
                    }
                } else if this <= now || (d.is_none() && m == now.0) {
                    y
                } else {
                    y - 1
                }
            }
            None => {
                // The nearest: months apart (days count within a month).
                let at = |yy: i32| {
                    let months =
                        i64::from(yy) * 12 + i64::from(m) - (i64::from(y) * 12 + i64::from(now.0));
                    let days = d.map_or(0, |d| i64::from(d) - i64::from(now.1));
                    (months * 31 + days).abs()
                };
                [y, y - 1, y + 1]
                    .into_iter()
                    .min_by_key(|&yy| at(yy))
                    .unwrap_or(y)
            }
        },
    }
}

fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

fn year_of(
    dct: NaiveDate,
    y: YearRef,
    tense: Option<bool>,
    start_month: u32,
    end_month: u32,
) -> i32 {
    match y {
        YearRef::Abs(y) => y,
        YearRef::Dct(o) => dct.year() + o,
        YearRef::Tense => {
            let now = dct.month();
            match tense {
                // in the past tense, a period that starts after the article's month is last year's
                Some(false) => dct.year() - i32::from(start_month > now),
                // in the future, one that ended before it is next year's
                Some(true) => dct.year() + i32::from(end_month < now),
                None => {
                    let mid = i64::from(start_month + end_month) / 2;
                    let at =
                        |yy: i32| (i64::from(yy - dct.year()) * 12 + mid - i64::from(now)).abs();
                    [dct.year(), dct.year() - 1, dct.year() + 1]
                        .into_iter()
                        .min_by_key(|&yy| at(yy))
                        .unwrap_or(dct.year())
                }
            }
        }
    }
}

fn shift(d: NaiveDate, unit: Unit, n: i64) -> Option<(String, NaiveDate)> {
    let months = |k: i64| -> Option<NaiveDate> {
        let k32 = u32::try_from(k.unsigned_abs()).ok()?;
        if k >= 0 {
            d.checked_add_months(Months::new(k32))
        } else {
            d.checked_sub_months(Months::new(k32))
        }
    };
    Some(match unit {
        Unit::Day => {
            let x = d + Duration::days(n);
            (ymd(x), x)
        }
        Unit::Week | Unit::Fortnight => {
            let k = if unit == Unit::Week { 7 } else { 14 };
            let x = d + Duration::days(n * k);
            (ymd(x), x)
        }
        Unit::Month => {
            let x = months(n)?;
            (format!("{:04}-{:02}", x.year(), x.month()), x)
        }
        Unit::Quarter => {
            let x = months(3 * n)?;
            (format!("{:04}-Q{}", x.year(), quarter_of(x)), x)
        }
        Unit::Year => {
            let x = months(12 * n)?;
            (format!("{:04}", x.year()), x)
        }
        Unit::Decade => {
            let x = months(120 * n)?;
            (format!("{:03}", x.year() / 10), x)
        }
        Unit::Century => {
            let x = months(1200 * n)?;
            (format!("{:02}", x.year() / 100), x)
        }
        Unit::Second | Unit::Minute | Unit::Hour => (ymd(d), d),
    })
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Resolve one expression; `None` when it cannot be (an impossible date).
#[allow(clippy::too_many_lines)]
fn resolve_one(
    c: &Cand,
    dct: Option<NaiveDate>,
    tense: Option<bool>,
    order: Option<DateOrder>,
    prev_day: Option<NaiveDate>,
) -> Option<Resolved> {
    let future = tense == Some(true);
    Some(match &c.sem {
        Sem::Fixed(v) => fixed(v.clone()),
        Sem::Ymd(y, m, d) => {
            let x = date(*y, *m, *d)?;
            Resolved {
                value: ymd(x),
                anchor: None,
                day: Some(x),
            }
        }
        Sem::Md { y, m, d, rel } => {
            let (y, anchor) = match (y, dct) {
                (Some(y), _) => (Some(*y), None),
                (None, Some(dct)) => (
                    Some(year_for(dct, *m, *d, *rel, tense)),
                    Some("DCT".to_string()),
                ),
                (None, None) => (None, None),
            };
            match (y, d) {
                (Some(y), Some(d)) => {
                    let x = date(y, *m, *d)?;
                    Resolved {
                        value: ymd(x),
                        anchor,
                        day: Some(x),
                    }
                }
                (Some(y), None) => Resolved {
                    value: format!("{y:04}-{m:02}"),
                    anchor,
                    day: None,
                },
                (None, Some(d)) => fixed(format!("XXXX-{m:02}-{d:02}")),
                (None, None) => fixed(format!("XXXX-{m:02}")),
            }
        }
        Sem::Numeric { a, b, y, weekday } => {
            let own = own_order(*a, *b, *y, *weekday);
            let settled = own.or(order);
            let read = |o: DateOrder| -> (u32, u32) {
                match o {
                    DateOrder::DayFirst => (*b, *a),
                    DateOrder::MonthFirst => (*a, *b),
                }
            };
            let (m, d) = read(settled.unwrap_or(DateOrder::MonthFirst));
            let year = |m: u32, d: u32| -> Option<(i32, Option<String>)> {
                match (y, dct) {
                    (Some(y), _) => Some((*y, None)),
                    (None, Some(dct)) => Some((
                        year_for(dct, m, Some(d), Rel::None, tense),
                        Some("DCT".into()),
                    )),
                    (None, None) => None,
                }
            };
            let Some((yy, anchor)) = year(m, d) else {
                return Some(fixed(format!("XXXX-{m:02}-{d:02}")));
            };
            let x = date(yy, m, d)?;
            let anchor = if settled.is_none() {
                // Kept ambiguous: the other reading rides in the anchor.
                let (m2, d2) = read(DateOrder::DayFirst);
                let other = year(m2, d2).and_then(|(y2, _)| date(y2, m2, d2)).map(ymd);
                other.map(|o| format!("ambiguous:{o}")).or(anchor)
            } else {
                anchor
            };
            Resolved {
                value: ymd(x),
                anchor,
                day: Some(x),
            }
        }
        Sem::MonthOfYear(m, off) => match dct {
            Some(dct) => on_dct(format!("{:04}-{m:02}", dct.year() + off), None),
            None => fixed(format!("XXXX-{m:02}")),
        },
        Sem::Weekday { wd, rel } => match dct {
            Some(dct) => {
                let x = weekday_date(dct, *wd, *rel, future);
                on_dct(ymd(x), Some(x))
            }
            None => fixed(format!("XXXX-WXX-{wd}")),
        },
        Sem::Today(off) => match dct {
            Some(dct) => {
                let x = dct + Duration::days(*off);
                on_dct(ymd(x), Some(x))
            }
            None => fixed(if *off == 0 {
                "PRESENT_REF".into()
            } else {
                "XXXX-XX-XX".into()
            }),
        },
        Sem::RelUnit(u, n) => {
            let dct = dct?;
            match u {
                Unit::Week => {
                    let x = dct + Duration::days(7 * n);
                    on_dct(iso_week(x), None)
                }
                _ => {
                    let (v, _) = shift(dct, *u, *n)?;
                    on_dct(v, None)
                }
            }
        }
        Sem::Weekend(n) => {
            let dct = dct?;
            let x = dct + Duration::days(7 * n);
            on_dct(format!("{}-WE", iso_week(x)), None)
        }
        Sem::Quarter(q, y) => {
            if *q == 0 {
                let dct = dct?;
                let x = dct.checked_sub_months(Months::new(3))?;
                on_dct(format!("{:04}-Q{}", x.year(), quarter_of(x)), None)
            } else {
                match (y, dct) {
                    (YearRef::Abs(y), _) => fixed(format!("{y:04}-Q{q}")),
                    (_, Some(dct)) => {
                        let yy = year_of(dct, *y, tense, 3 * q - 2, 3 * q);
                        on_dct(format!("{yy:04}-Q{q}"), None)
                    }
                    (_, None) => fixed(format!("XXXX-Q{q}")),
                }
            }
        }
        Sem::Half(h, y) => match (y, dct) {
            (YearRef::Abs(y), _) => fixed(format!("{y:04}-H{h}")),
            (_, Some(dct)) => on_dct(
                format!("{:04}-H{h}", year_of(dct, *y, tense, 6 * h - 5, 6 * h)),
                None,
            ),
            (_, None) => fixed(format!("XXXX-H{h}")),
        },
        Sem::Season(s, y) => match (y, dct) {
            (YearRef::Abs(y), _) => fixed(format!("{y:04}-{s}")),
            (_, Some(dct)) => {
                let (start, end) = match *s {
                    "SP" => (3, 5),
                    "SU" => (6, 8),
                    "FA" => (9, 11),
                    _ => (1, 2),
                };
                on_dct(
                    format!("{:04}-{s}", year_of(dct, *y, tense, start, end)),
                    None,
                )
            }
            (_, None) => fixed(format!("XXXX-{s}")),
        },
        Sem::Shift {
            unit,
            n,
            from_anchor,
        } => {
            let (base, anchor) = if *from_anchor {
                match prev_day.or(dct) {
                    Some(d) => (d, Some(ymd(d))),
                    None => return Some(fixed("XXXX-XX-XX".into())),
                }
            } else {
                (dct?, Some("DCT".to_string()))
            };
            let (v, x) = shift(base, *unit, *n)?;
            let day = matches!(unit, Unit::Day | Unit::Week).then_some(x);
            Resolved {
                value: v,
                anchor,
                day,
            }
        }
        Sem::SameDay(off) => match prev_day.or(dct) {
            Some(d) => {
                let x = d + Duration::days(*off);
                let anchor = if prev_day.is_some() {
                    ymd(d)
                } else {
                    "DCT".into()
                };
                Resolved {
                    value: ymd(x),
                    anchor: Some(anchor),
                    day: Some(x),
                }
            }
            None => fixed("XXXX-XX-XX".into()),
        },
        Sem::Clock { .. } | Sem::Part => fixed(String::new()),
    })
}

/// Resolve a text's expressions in order; spans are byte offsets into the text.
#[must_use]
pub fn resolve_all(
    ctx: &Ctx<'_>,
    cands: &[Cand],
    dct: Option<NaiveDate>,
    opts: &Options,
) -> Vec<TimeExpr> {
    let order = article_order(cands, opts);
    let mut out: Vec<Option<TimeExpr>> = Vec::with_capacity(cands.len());
    let mut days: Vec<Option<NaiveDate>> = Vec::with_capacity(cands.len());
    let mut prev_day: Option<NaiveDate> = None;
    for c in cands {
        let tense = tense(ctx, c.first, c.last);
        let Some(r) = resolve_one(c, dct, tense, order, prev_day) else {
            out.push(None);
            days.push(None);
            continue;
        };
        if r.day.is_some() && !matches!(c.sem, Sem::Today(0)) {
            prev_day = r.day;
        }
        days.push(r.day);
        let mut value = r.value;
        if let Some((h, m, utc)) = c.clock {
            value.push_str(&format!("T{h:02}:{m:02}{}", if utc { "Z" } else { "" }));
        } else if let Some(p) = c.part {
            value.push('T');
            value.push_str(p);
        }
        let span = Span::new(ctx.toks[c.first].start, ctx.toks[c.last].end);
        out.push(Some(TimeExpr {
            text: ctx.text[span.start..span.end].to_string(),
            span,
            kind: c.kind,
            value,
            anchor: r.anchor,
        }));
    }
    // Clock times and parts of the day: on a day named in the same sentence, else the DCT.
    for (k, c) in cands.iter().enumerate() {
        let (suffix, utc) = match c.sem {
            Sem::Clock { h, m, utc } => (format!("T{h:02}:{m:02}"), utc),
            Sem::Part => (format!("T{}", c.part.unwrap_or("")), false),
            _ => continue,
        };
        let sent = ctx.toks[c.first].sent;
        let near = (0..cands.len())
            .filter(|&j| j != k && ctx.toks[cands[j].first].sent == sent && days[j].is_some())
            .min_by_key(|&j| (j.abs_diff(k), j > k))
            .and_then(|j| days[j]);
        let (day, anchor) = match (near, dct) {
            (Some(d), _) => (Some(d), ymd(d)),
            (None, Some(d)) => (Some(d), "DCT".to_string()),
            (None, None) => (None, String::new()),
        };
        if let Some(Some(t)) = out.get_mut(k) {
            t.value = match day {
                Some(d) => format!("{}{suffix}{}", ymd(d), if utc { "Z" } else { "" }),
                None => format!("XXXX-XX-XX{suffix}"),
            };
            t.anchor = (!anchor.is_empty()).then_some(anchor);
        }
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_by_tense() {
        let tue = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        assert_eq!(ymd(weekday_date(tue, 6, Rel::None, false)), "2023-10-07");
        assert_eq!(ymd(weekday_date(tue, 2, Rel::None, false)), "2023-10-10");
        assert_eq!(ymd(weekday_date(tue, 5, Rel::None, true)), "2023-10-13");
        assert_eq!(ymd(weekday_date(tue, 2, Rel::Last, false)), "2023-10-03");
        assert_eq!(ymd(weekday_date(tue, 2, Rel::Next, false)), "2023-10-17");
    }

    #[test]
    fn numeric_orders() {
        // 9/10/2023 beside Monday: 9 October 2023 is a Monday, 10 September a Sunday.
        assert_eq!(
            own_order(9, 10, Some(2023), Some(1)),
            Some(DateOrder::DayFirst)
        );
        assert_eq!(
            own_order(9, 10, Some(2023), Some(7)),
            Some(DateOrder::MonthFirst)
        );
        assert_eq!(own_order(9, 10, Some(2023), None), None);
        assert_eq!(own_order(13, 10, None, None), Some(DateOrder::DayFirst));
    }
}
