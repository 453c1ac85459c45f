//! Recognition: the rules that find temporal expressions in the token stream and say what
//! they mean before any date arithmetic ([`Sem`]). Resolution against the article date is
//! [`crate::resolve`]'s job.

use crate::lex::{tokenize, Kind, Tok};
use crate::words::{
    approximator, fmt_num, is_month_abbrev, month, number_word, ordinal_word, other_zone,
    part_of_day, season, unit, utc_zone, weekday, weekday_plural, Unit,
};
use sitrep_types::TimeType;

/// `last`, `next`, `this` or nothing before a weekday, month or season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// Nothing: the tense decides.
    None,
    /// `last Friday`: the one before the article date.
    Last,
    /// `next Friday`: the one after.
    Next,
    /// `this Friday`: the nearest, the tense decides the direction.
    This,
}

/// Which year a quarter, half or season is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    /// Written.
    Abs(i32),
    /// The article's year plus this.
    Dct(i32),
    /// Not said: the tense decides.
    Tense,
}

/// What an expression means, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// A value that needs nothing more (`2009`, `P2D`, `PRESENT_REF`, `XXXX-WXX-5`).
    Fixed(String),
    /// A date with a month name: `October 7`, `7 October 2023`, `November 2006`, `last September`.
    Md {
        /// Year when written.
        y: Option<i32>,
        /// Month.
        m: u32,
        /// Day.
        d: Option<u32>,
        /// `last` / `next` / `this`.
        rel: Rel,
    },
    /// An all-number date whose order is open: `9/10/2023`, `7/10`.
    Numeric {
        /// First number.
        a: u32,
        /// Second number.
        b: u32,
        /// Year when written.
        y: Option<i32>,
        /// The weekday written beside it (1 = Monday).
        weekday: Option<u32>,
    },
    /// A month in the article's year plus an offset: `October of next year`.
    MonthOfYear(u32, i32),
    /// A fully written numeric date (ISO `2023-10-09`).
    Ymd(i32, u32, u32),
    /// A weekday, with `last`/`next`/`this`, and a part of the day.
    Weekday {
        /// 1 = Monday.
        wd: u32,
        /// `last` / `next` / `this`.
        rel: Rel,
    },
    /// `today` (0), `yesterday` (-1), `tomorrow` (1).
    Today(i64),
    /// `last week` (-1), `this month` (0), `next year` (1).
    RelUnit(Unit, i64),
    /// `this weekend` (0), `last weekend` (-1).
    Weekend(i64),
    /// A quarter (1–4; 0 is `the last quarter`, the one before the article's).
    Quarter(u32, YearRef),
    /// A half year.
    Half(u32, YearRef),
    /// A season code and its year.
    Season(&'static str, YearRef),
    /// `two days ago` (from the article date) or `three days later` (from the last date).
    Shift {
        /// Unit.
        unit: Unit,
        /// Signed amount.
        n: i64,
        /// From the last date named before, not the article date.
        from_anchor: bool,
    },
    /// `the day`, `that day` (0), `the next day` (1), `the day before` (-1): from the last
    /// date named before.
    SameDay(i64),
    /// A clock time.
    Clock {
        /// Hour, 0–23.
        h: u32,
        /// Minute.
        m: u32,
        /// Written in UTC or GMT.
        utc: bool,
    },
    /// A part of the day alone (`the morning`), on the day of its sentence.
    Part,
}

/// A recognised expression: tokens `first..=last`, its type, meaning and modifiers.
#[derive(Debug, Clone)]
pub struct Cand {
    /// First token.
    pub first: usize,
    /// Last token.
    pub last: usize,
    /// TIMEX3 type.
    pub kind: TimeType,
    /// Meaning.
    pub sem: Sem,
    /// A part of the day to append (`TMO`), which makes the expression a TIME.
    pub part: Option<&'static str>,
    /// A clock time on a date (`12:00 UTC Monday`).
    pub clock: Option<(u32, u32, bool)>,
}

impl Cand {
    fn new(first: usize, last: usize, kind: TimeType, sem: Sem) -> Self {
        Cand {
            first,
            last,
            kind,
            sem,
            part: None,
            clock: None,
        }
    }
}

/// The tokens of a text with a lowercase copy.
pub struct Ctx<'a> {
    /// The text.
    pub text: &'a str,
    lower: String,
    /// Tokens.
    pub toks: Vec<Tok>,
}

const YEAR_PREPS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "of",
    "from",
    "to",
    "between",
    "and",
    "before",
    "after",
    "during",
    "through",
    "early",
    "late",
    "mid",
    "around",
    "circa",
    "for",
    "fiscal",
    "year",
    "summer",
    "spring",
    "winter",
    "autumn",
    "fall",
    "the",
    "as",
    "throughout",
    "into",
    "than",
];

impl<'a> Ctx<'a> {
    /// Tokenize.
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        Ctx {
            text,
            lower: text.to_ascii_lowercase(),
            toks: tokenize(text),
        }
    }

    /// The lowercase token `i`, or `""` past the end.
    #[must_use]
    pub fn w(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.lower[t.start..t.end])
    }

    /// The token `i` as written.
    #[must_use]
    pub fn orig(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }

    /// Token `j` directly follows token `i` with no space, in the same sentence.
    fn glued(&self, i: usize, j: usize) -> bool {
        self.toks.get(j).is_some_and(|t| !t.space_before) && self.same(i, j)
    }

    fn same(&self, i: usize, j: usize) -> bool {
        match (self.toks.get(i), self.toks.get(j)) {
            (Some(a), Some(b)) => a.sent == b.sent,
            _ => false,
        }
    }

    /// The word before `i` in the same sentence.
    fn prev(&self, i: usize) -> &str {
        if i == 0 || !self.same(i - 1, i) {
            ""
        } else {
            self.w(i - 1)
        }
    }

    /// A plain integer token.
    fn int(&self, i: usize) -> Option<u32> {
        if self.kind(i)? != Kind::Num {
            return None;
        }
        let w = self.w(i);
        if w.len() > 9 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        w.parse().ok()
    }

    /// A day of the month: `7`, `07`, `7th`, `1st`.
    fn day(&self, i: usize) -> Option<u32> {
        if self.kind(i)? != Kind::Num {
            return None;
        }
        let w = self.w(i);
        let digits = w
            .strip_suffix("st")
            .or_else(|| w.strip_suffix("nd"))
            .or_else(|| w.strip_suffix("rd"))
            .or_else(|| w.strip_suffix("th"))
            .unwrap_or(w);
        if digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    }

    /// A four-digit year 1000–2199.
    fn year4(&self, i: usize) -> Option<i32> {
        let w = self.w(i);
        if w.len() != 4 {
            return None;
        }
        let y = i32::try_from(self.int(i)?).ok()?;
        (1000..2200).contains(&y).then_some(y)
    }

    /// An amount: digits, a decimal, number words (`twenty-five`, `two and a half`),
    /// `a`/`an` (1), `a few`/`several`/`many` (X). Returns (amount, last token, is the
    /// article `a`).
    fn amount(&self, i: usize) -> Option<(String, usize, bool)> {
        let w = self.w(i);
        let (mut n, mut last, article) = if w == "a" || w == "an" {
            if self.w(i + 1) == "few" || self.w(i + 1) == "couple" {
                let last = if self.w(i + 2) == "of" { i + 2 } else { i + 1 };
                let n = if self.w(i + 1) == "few" { "X" } else { "2" };
                return Some((n.to_string(), last, false));
            }
            (1.0, i, true)
        } else if w == "single" && self.w(i + 1) == "-" && self.glued(i, i + 1) {
            (1.0, i, false)
        } else if matches!(w, "several" | "few" | "many" | "some" | "numerous") {
            return Some(("X".to_string(), i, false));
        } else if let Some(v) = number_word(w) {
            let mut v = f64::from(v);
            let mut last = i;
            // twenty-five
            if v >= 20.0 && self.w(i + 1) == "-" && self.glued(i, i + 1) {
                if let Some(u) = number_word(self.w(i + 2)).filter(|&u| u < 10) {
                    v += f64::from(u);
                    last = i + 2;
                }
            }
            (v, last, false)
        } else if self.kind(i) == Some(Kind::Num) {
            let digits = w.replace(',', "");
            let v: f64 = digits.parse().ok()?;
            if !(0.0..100_000.0).contains(&v) {
                return None;
            }
            (v, i, false)
        } else {
            return None;
        };
        // "and a half"
        if self.w(last + 1) == "and" && self.w(last + 2) == "a" && self.w(last + 3) == "half" {
            n += 0.5;
            last += 3;
        }
        if article && self.w(last + 1) == "half" {
            n = 0.5;
            last += 1;
        }
        Some((fmt_num(n), last, article))
    }
}

/// Words that may sit between an amount and its unit (`five trading days`).
fn unit_adjective(w: &str) -> bool {
    matches!(
        w,
        "trading"
            | "straight"
            | "consecutive"
            | "full"
            | "long"
            | "more"
            | "further"
            | "additional"
            | "successive"
            | "calendar"
            | "business"
            | "working"
            | "previous"
            | "extra"
            | "short"
            | "whole"
            | "hard"
    )
}

/// A capitalised word inside a sentence that is not a month or a preposition: a name
/// (`Russell 2000`, `iLife '11`).
fn name_word(ctx: &Ctx<'_>, k: usize) -> bool {
    let t = &ctx.toks[k];
    let w = ctx.w(k);
    t.kind == Kind::Word
        && ctx.orig(k).bytes().any(|b| b.is_ascii_uppercase())
        && k > 0
        && ctx.same(k - 1, k)
        && month(w).is_none()
        && season(w).is_none()
        && !matches!(
            w,
            "in" | "since" | "of" | "by" | "until" | "from" | "fy" | "fiscal"
        )
}

/// Nouns after a four-digit number that make it a count, not a year.
fn count_noun(w: &str) -> bool {
    w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && w != "was" && w != "has"
}

/// Find the expressions of a text (tokens and meanings; not yet resolved).
#[must_use]
pub fn scan(ctx: &Ctx<'_>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    let n = ctx.toks.len();
    let mut i = 0;
    while i < n {
        if let Some(c) = at(ctx, i) {
            i = c.last + 1;
            out.push(c);
        } else {
            i += 1;
        }
    }
    merge_clocks(ctx, &mut out);
    out
}

/// `12:00 UTC Monday`, `16:00 UTC today`: a clock time glued to the date after it.
fn merge_clocks(ctx: &Ctx<'_>, out: &mut Vec<Cand>) {
    let mut k = 0;
    while k + 1 < out.len() {
        let (a, b) = (&out[k], &out[k + 1]);
        let is_clock = matches!(a.sem, Sem::Clock { .. });
        let dayish = matches!(
            b.sem,
            Sem::Weekday { .. } | Sem::Today(_) | Sem::Md { d: Some(_), .. } | Sem::Numeric { .. }
        );
        if is_clock
            && dayish
            && b.first == a.last + 1
            && ctx.same(a.last, b.first)
            && b.clock.is_none()
        {
            if let Sem::Clock { h, m, utc } = a.sem {
                let mut merged = b.clone();
                merged.first = a.first;
                merged.clock = Some((h, m, utc));
                merged.kind = TimeType::Time;
                out[k] = merged;
                out.remove(k + 1);
            }
        }
        k += 1;
    }
}

/// The rules, most specific first.
fn at(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    if w.is_empty() {
        return None;
    }
    if ctx.kind(i) == Some(Kind::Punct) {
        // '82, '90s
        if w == "'" || w == "’" || w == "‘" {
            return short_year(ctx, i);
        }
        return None;
    }
    relative(ctx, i)
        .or_else(|| set(ctx, i))
        .or_else(|| modified_date(ctx, i))
        .or_else(|| duration(ctx, i))
        .or_else(|| clock(ctx, i))
        .or_else(|| single_word(ctx, i))
}

fn short_year(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    if !ctx.glued(i, i + 1) || ctx.kind(i + 1) != Some(Kind::Num) {
        return None;
    }
    if i > 0 && ctx.same(i - 1, i) && name_word(ctx, i - 1) {
        return None;
    }
    let w = ctx.w(i + 1);
    let digits = w.strip_suffix('s');
    let d = digits.unwrap_or(w);
    if d.len() != 2 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i32 = d.parse().ok()?;
    let century = if v <= 30 { 20 } else { 19 };
    let value = if digits.is_some() {
        format!("{century}{}", v / 10)
    } else {
        format!("{century}{v:02}")
    };
    Some(Cand::new(i, i + 1, TimeType::Date, Sem::Fixed(value)))
}

/// `last week`, `the past five days`, `the end of last year`, `the third quarter of 2009`,
/// `the weekend`, `the day`, `the future`, `later this year`, `last night`, `this morning`.
#[allow(clippy::too_many_lines)]
fn relative(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    // later this year / earlier today
    if matches!(w, "later" | "earlier") {
        if ctx.w(i + 1) == "today" || ctx.w(i + 1) == "tonight" {
            let mut c = Cand::new(i, i + 1, TimeType::Date, Sem::Today(0));
            if ctx.w(i + 1) == "tonight" {
                c.kind = TimeType::Time;
                c.part = Some("NI");
            }
            return Some(c);
        }
        if ctx.w(i + 1) == "this" || ctx.w(i + 1) == "that" {
            let mut c = relative(ctx, i + 1)?;
            c.first = i;
            return Some(c);
        }
        return None;
    }
    // the end of … / the beginning of …
    let the = usize::from(w == "the");
    let j = i + the;
    let wj = ctx.w(j);
    if the == 1
        && matches!(
            wj,
            "end" | "beginning" | "start" | "middle" | "rest" | "remainder" | "close"
        )
        && ctx.w(j + 1) == "of"
    {
        let inner = if ctx.w(j + 2) == "the" && unit(ctx.w(j + 3)).is_some_and(|(_, pl)| !pl) {
            let (u, _) = unit(ctx.w(j + 3))?;
            Some(Cand::new(j + 2, j + 3, TimeType::Date, Sem::RelUnit(u, 0)))
        } else {
            relative(ctx, j + 2).or_else(|| modified_date(ctx, j + 2))
        };
        let mut c = inner?;
        if c.kind != TimeType::Date || matches!(c.sem, Sem::SameDay(_)) {
            // "the end of the day" is a day: keep as is.
            if !matches!(c.sem, Sem::SameDay(_)) {
                return None;
            }
        }
        c.first = i;
        return Some(c);
    }
    // the first quarter of 2009 / the last quarter / the second half of 2008
    if the == 1 || ordinal_word(w).is_some() {
        let q = if wj == "last" || wj == "final" || wj == "latest" {
            Some(0)
        } else {
            ordinal_word(wj)
        };
        if let Some(q) = q {
            // third-quarter
            let k = if ctx.w(j + 1) == "-" && ctx.glued(j, j + 1) {
                j + 2
            } else {
                j + 1
            };
            let kw = ctx.w(k);
            if (kw == "quarter" && q <= 4) || (kw == "half" && q <= 2 && q > 0) {
                let (year, last) = year_ref_after(ctx, k);
                let sem = if kw == "quarter" {
                    if q == 0 && year == YearRef::Tense {
                        Sem::Quarter(0, YearRef::Tense)
                    } else {
                        Sem::Quarter(if q == 0 { 4 } else { q }, year)
                    }
                } else {
                    Sem::Half(q, year)
                };
                return Some(Cand::new(i, last, TimeType::Date, sem));
            }
        }
    }
    // the past five days / the next four years / past two weeks
    if matches!(
        wj,
        "past" | "last" | "next" | "coming" | "previous" | "following" | "first" | "recent"
    ) {
        if let Some((n, k, article)) = ctx.amount(j + 1) {
            let mut u_i = k + 1;
            if unit_adjective(ctx.w(u_i)) {
                u_i += 1;
            }
            if let Some((u, plural)) = unit(ctx.w(u_i)) {
                if plural || !article {
                    return Some(Cand::new(
                        i,
                        u_i,
                        TimeType::Duration,
                        Sem::Fixed(u.duration(&n)),
                    ));
                }
            }
        }
    }
    // the future / the past / the present / the long term / the time being
    if the == 1 {
        let fixed = match wj {
            "future" => Some("FUTURE_REF"),
            "past"
                if !ctx.w(j + 1).is_empty()
                    && unit(ctx.w(j + 1)).is_none()
                    && ctx.amount(j + 1).is_none() =>
            {
                Some("PAST_REF")
            }
            "past" if ctx.w(j + 1).is_empty() => Some("PAST_REF"),
            "present" if matches!(ctx.w(j + 1), "." | "," | "" | "day") => Some("PRESENT_REF"),
            "long" | "near" | "short" | "medium" if ctx.w(j + 1) == "term" => Some("FUTURE_REF"),
            "time" if ctx.w(j + 1) == "being" => Some("PRESENT_REF"),
            _ => None,
        };
        if let Some(v) = fixed {
            let last = if matches!(wj, "long" | "near" | "short" | "medium" | "time")
                || (wj == "present" && ctx.w(j + 1) == "day")
            {
                j + 1
            } else {
                j
            };
            return Some(Cand::new(
                i,
                last,
                TimeType::Date,
                Sem::Fixed(v.to_string()),
            ));
        }
        // the weekend
        if wj == "weekend" {
            return Some(Cand::new(i, j, TimeType::Date, Sem::Weekend(0)));
        }
        // the 1990s
        if let Some(c) = decade(ctx, j) {
            return Some(Cand { first: i, ..c });
        }
    }
    // the day / that day / the same day / the next day / the day before
    if (w == "the" || w == "that") && ctx.w(i + 1) == "day" && ctx.w(i + 2) == "before" {
        return Some(Cand::new(i, i + 2, TimeType::Date, Sem::SameDay(-1)));
    }
    if w == "that" && ctx.w(i + 1) == "day" {
        return Some(Cand::new(i, i + 1, TimeType::Date, Sem::SameDay(0)));
    }
    if w == "the" {
        let (off, k) = match ctx.w(i + 1) {
            "same" => (Some(0), i + 2),
            "next" | "following" => (Some(1), i + 2),
            "previous" => (Some(-1), i + 2),
            "day" => (Some(0), i + 1),
            _ => (None, i),
        };
        if let Some(off) = off {
            if ctx.w(k) == "day" && !matches!(ctx.w(k + 1), "'" | "’" | "of" | "-") {
                return Some(Cand::new(i, k, TimeType::Date, Sem::SameDay(off)));
            }
        }
    }
    // last / next / this / the coming / the previous …
    let (r, k) = match wj {
        "last" | "previous" | "past" => (Some(-1), j + 1),
        "next" | "coming" | "following" | "upcoming" => (Some(1), j + 1),
        "this" | "current" => (Some(0), j + 1),
        _ => (None, j),
    };
    let r = r?;
    let kw = ctx.w(k);
    if the == 1 && wj == "past" {
        // "the past year" / "the past decade": a duration of one unit.
        if let Some((u, false)) = unit(kw) {
            return Some(Cand::new(
                i,
                k,
                TimeType::Duration,
                Sem::Fixed(u.duration("1")),
            ));
        }
        return None;
    }
    if wj == "past" {
        // "past week": the same.
        if let Some((u, false)) = unit(kw) {
            if matches!(ctx.prev(i), "the" | "over" | "in" | "for" | "during") {
                return Some(Cand::new(
                    i,
                    k,
                    TimeType::Duration,
                    Sem::Fixed(u.duration("1")),
                ));
            }
        }
        return None;
    }
    if the == 1 && wj == "current" {
        return None;
    }
    if kw == "weekend" {
        return Some(Cand::new(i, k, TimeType::Date, Sem::Weekend(r)));
    }
    if let Some((u, false)) = unit(kw) {
        if matches!(
            u,
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Fortnight
        ) {
            return None;
        }
        if u == Unit::Day && the == 1 {
            return None;
        }
        if u == Unit::Day {
            // "next day" without "the" is rare; "this day" is today.
            return Some(Cand::new(i, k, TimeType::Date, Sem::Today(r)));
        }
        if u == Unit::Quarter && r == -1 {
            return Some(Cand::new(
                i,
                k,
                TimeType::Date,
                Sem::Quarter(0, YearRef::Tense),
            ));
        }
        // "the week of March 2": leave to the date.
        return Some(Cand::new(i, k, TimeType::Date, Sem::RelUnit(u, r)));
    }
    if let Some(p) = part_of_day(kw) {
        let day = match (r, kw) {
            (-1, "night") => -1,
            (0, _) => 0,
            _ => return None,
        };
        let mut c = Cand::new(i, k, TimeType::Time, Sem::Today(day));
        c.part = Some(p);
        return Some(c);
    }
    let rel = match r {
        -1 => Rel::Last,
        1 => Rel::Next,
        _ => Rel::This,
    };
    if let Some(wd) = weekday(kw) {
        let mut c = Cand::new(i, k, TimeType::Date, Sem::Weekday { wd, rel });
        add_part(ctx, &mut c);
        return Some(c);
    }
    if let Some(m) = month(kw).filter(|_| ctx.cap(k) && !is_month_abbrev(kw)) {
        return Some(Cand::new(
            i,
            k,
            TimeType::Date,
            Sem::Md {
                y: None,
                m,
                d: None,
                rel,
            },
        ));
    }
    if let Some(s) = season(kw) {
        let y = match r {
            -1 => YearRef::Dct(-1),
            1 => YearRef::Dct(1),
            _ => YearRef::Dct(0),
        };
        return Some(Cand::new(i, k, TimeType::Date, Sem::Season(s, y)));
    }
    None
}

/// `of 2009`, `of this year`, `of last year`, `of the year` after a quarter or half; else
/// (Tense, the token itself).
fn year_ref_after(ctx: &Ctx<'_>, k: usize) -> (YearRef, usize) {
    let mut j = k + 1;
    if ctx.w(j) != "of" {
        // "the first quarter 2009"
        if let Some(y) = ctx.year4(j) {
            return (YearRef::Abs(y), j);
        }
        return (YearRef::Tense, k);
    }
    j += 1;
    if let Some(y) = ctx.year4(j) {
        return (YearRef::Abs(y), j);
    }
    let off = match ctx.w(j) {
        "this" | "the" if ctx.w(j + 1) == "year" => Some(0),
        "last" | "the" if ctx.w(j + 1) == "last" => None,
        "last" | "previous" if ctx.w(j + 1) == "year" => Some(-1),
        "next" if ctx.w(j + 1) == "year" => Some(1),
        _ => None,
    };
    match off {
        Some(o) => (YearRef::Dct(o), j + 1),
        None => (YearRef::Tense, k),
    }
}

/// A part of the day right after a day (`Friday morning`) makes it a TIME.
fn add_part(ctx: &Ctx<'_>, c: &mut Cand) {
    let k = c.last + 1;
    if let Some(p) = part_of_day(ctx.w(k)).filter(|_| ctx.same(c.last, k)) {
        c.part = Some(p);
        c.last = k;
        c.kind = TimeType::Time;
    }
}

/// SET: `every Friday`, `each year`, `weekly`, `annual`, `on Fridays`, `twice a week`,
/// `15 a year`.
fn set(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    let fixed =
        |v: &str, last: usize| Some(Cand::new(i, last, TimeType::Set, Sem::Fixed(v.to_string())));
    match w {
        "every" | "each" => {
            let mut k = i + 1;
            if ctx.w(k) == "other" {
                k += 1;
            }
            let kw = ctx.w(k);
            if let Some(wd) = weekday(kw) {
                return fixed(&format!("XXXX-WXX-{wd}"), k);
            }
            if let Some(p) = part_of_day(kw) {
                return fixed(&format!("XXXX-XX-XXT{p}"), k);
            }
            if let Some((u, false)) = unit(kw) {
                let n = if ctx.w(i + 1) == "other" { "2" } else { "1" };
                return fixed(&u.duration(n), k);
            }
            if let Some(m) = month(kw).filter(|_| ctx.cap(k)) {
                return fixed(&format!("XXXX-{m:02}"), k);
            }
            None
        }
        "daily" | "nightly" => fixed("P1D", i),
        "weekly" => fixed("P1W", i),
        "monthly" => fixed("P1M", i),
        "annual" | "annually" | "yearly" => fixed("P1Y", i),
        "quarterly" => fixed("P1Q", i),
        "hourly" => fixed("PT1H", i),
        "once" | "twice" if matches!(ctx.w(i + 1), "a" | "per" | "every") => {
            let (u, false) = unit(ctx.w(i + 2))? else {
                return None;
            };
            fixed(&u.duration("1"), i + 2)
        }
        "per" => {
            let (u, false) = unit(ctx.w(i + 1))? else {
                return None;
            };
            fixed(&u.duration("1"), i + 1)
        }
        "a" | "an"
            if matches!(ctx.prev(i), "times" | "once" | "twice")
                || (i > 0 && ctx.kind(i - 1) == Some(Kind::Num) && ctx.same(i - 1, i))
                || (i > 1
                    && ctx.kind(i - 2) == Some(Kind::Num)
                    && ctx.kind(i - 1) == Some(Kind::Word)
                    && ctx.same(i - 2, i)) =>
        {
            let (u, false) = unit(ctx.w(i + 1))? else {
                return None;
            };
            fixed(&u.duration("1"), i + 1)
        }
        _ => {
            if ctx.prev(i) == "on" && ctx.cap(i) {
                if let Some(wd) = weekday_plural(w) {
                    return fixed(&format!("XXXX-WXX-{wd}"), i);
                }
            }
            None
        }
    }
}

/// early / late / mid- before a date, then the date itself.
fn modified_date(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    if matches!(w, "early" | "late" | "mid" | "mid-") {
        let mut k = i + 1;
        if ctx.w(k) == "-" {
            k += 1;
        }
        if ctx.w(k) == "in" {
            return None;
        }
        let mut c = date(ctx, k, true)?;
        c.first = i;
        return Some(c);
    }
    date(ctx, i, false)
}

/// Weekdays, month-name dates, numeric dates, years and decades.
fn date(ctx: &Ctx<'_>, i: usize, after_modifier: bool) -> Option<Cand> {
    let w = ctx.w(i);
    if let Some(wd) = weekday(w) {
        if !ctx.cap(i) {
            return None;
        }
        // Black Monday, Super Tuesday: a name.
        if matches!(
            ctx.prev(i),
            "black" | "super" | "cyber" | "good" | "ash" | "holy" | "bloody"
        ) {
            return None;
        }
        let mut c = Cand::new(i, i, TimeType::Date, Sem::Weekday { wd, rel: Rel::None });
        // Monday (9/10/2023), Monday, October 9, Monday 9 October
        let mut k = i + 1;
        let mut paren = false;
        if matches!(ctx.w(k), "," | "(") {
            paren = ctx.w(k) == "(";
            k += 1;
        }
        if ctx.same(i, k) {
            if let Some(mut d) = month_date(ctx, k).or_else(|| numeric(ctx, k)) {
                if let Sem::Numeric { weekday, .. } = &mut d.sem {
                    *weekday = Some(wd);
                }
                d.first = i;
                if paren && ctx.w(d.last + 1) == ")" {
                    d.last += 1;
                }
                c = d;
            }
        }
        if c.last == i {
            add_part(ctx, &mut c);
        }
        return Some(c);
    }
    if let Some(c) = month_date(ctx, i) {
        return Some(c);
    }
    if let Some(c) = numeric(ctx, i) {
        return Some(c);
    }
    if let Some(c) = decade(ctx, i) {
        return Some(c);
    }
    // FY2007, fiscal 2008
    if w == "fiscal" {
        let k = if ctx.w(i + 1) == "year" { i + 2 } else { i + 1 };
        if let Some(y) = ctx.year4(k) {
            return Some(Cand::new(
                i,
                k,
                TimeType::Date,
                Sem::Fixed(format!("FY{y}")),
            ));
        }
    }
    if let Some(y) = w.strip_prefix("fy").and_then(|d| d.parse::<i32>().ok()) {
        if (1900..2200).contains(&y) {
            return Some(Cand::new(
                i,
                i,
                TimeType::Date,
                Sem::Fixed(format!("FY{y}")),
            ));
        }
    }
    // Q3 2009
    if let Some(q) = w.strip_prefix('q').and_then(|d| d.parse::<u32>().ok()) {
        if (1..=4).contains(&q) && ctx.cap(i) && w.len() == 2 {
            let (y, last) = match ctx.year4(i + 1) {
                Some(y) => (YearRef::Abs(y), i + 1),
                None => (YearRef::Tense, i),
            };
            return Some(Cand::new(i, last, TimeType::Date, Sem::Quarter(q, y)));
        }
    }
    // seasons with a year, or after in/during/the
    if let Some(s) = season(w) {
        if let Some(y) = ctx.year4(i + 1) {
            return Some(Cand::new(
                i,
                i + 1,
                TimeType::Date,
                Sem::Season(s, YearRef::Abs(y)),
            ));
        }
        if ctx.w(i + 1) == "of" {
            if let Some(y) = ctx.year4(i + 2) {
                return Some(Cand::new(
                    i,
                    i + 2,
                    TimeType::Date,
                    Sem::Season(s, YearRef::Abs(y)),
                ));
            }
        }
        if w != "fall"
            && matches!(
                ctx.prev(i),
                "in" | "during" | "the" | "by" | "until" | "this" | "since"
            )
            || (w == "fall"
                && matches!(ctx.prev(i), "in" | "this" | "last" | "next")
                && ctx.w(i + 1) != "of")
        {
            return Some(Cand::new(
                i,
                i,
                TimeType::Date,
                Sem::Season(s, YearRef::Tense),
            ));
        }
        return None;
    }
    // Christmas, New Year's Day
    if w == "christmas" && ctx.cap(i) {
        let (d, last) = match ctx.w(i + 1) {
            "eve" => (24, i + 1),
            "day" => (25, i + 1),
            _ => (25, i),
        };
        return Some(Cand::new(
            i,
            last,
            TimeType::Date,
            Sem::Md {
                y: None,
                m: 12,
                d: Some(d),
                rel: Rel::None,
            },
        ));
    }
    if w == "new"
        && ctx.w(i + 1) == "year"
        && matches!(ctx.w(i + 2), "'" | "’")
        && ctx.w(i + 3) == "s"
    {
        let (m, d) = match ctx.w(i + 4) {
            "day" => (1, 1),
            "eve" => (12, 31),
            _ => return None,
        };
        return Some(Cand::new(
            i,
            i + 4,
            TimeType::Date,
            Sem::Md {
                y: None,
                m,
                d: Some(d),
                rel: Rel::None,
            },
        ));
    }
    // a year
    if let Some(y) = ctx.year4(i) {
        let prev = ctx.prev(i);
        if matches!(
            prev,
            "$" | "£"
                | "€"
                | "#"
                | "us$"
                | "no"
                | "number"
                | "flight"
                | "route"
                | "model"
                | "boeing"
                | "airbus"
        ) || (!after_modifier
            && i > 0
            && ctx.kind(i - 1) == Some(Kind::Punct)
            && ctx.glued(i - 1, i)
            && prev != "(")
            || (!after_modifier
                && i > 0
                && ctx.same(i - 1, i)
                && name_word(ctx, i - 1)
                && ctx.cap(i + 1)
                && ctx.same(i, i + 1))
        {
            return None;
        }
        let next = ctx.w(i + 1);
        if matches!(next, "%" | "percent" | "-") && !(next == "-" && ctx.year4(i + 2).is_some()) {
            return None;
        }
        let likely = after_modifier || YEAR_PREPS.contains(&prev) || (1900..=2100).contains(&y);
        if !likely || (!YEAR_PREPS.contains(&prev) && !after_modifier && count_noun(next)) {
            return None;
        }
        return Some(Cand::new(
            i,
            i,
            TimeType::Date,
            Sem::Fixed(format!("{y:04}")),
        ));
    }
    None
}

/// `1990s`, `the 1990s`, `the 80s` (read as the 1900s when above 30).
fn decade(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    if ctx.kind(i) != Some(Kind::Num) {
        return None;
    }
    let w = ctx.w(i);
    let d = w.strip_suffix('s')?;
    if !d.bytes().all(|b| b.is_ascii_digit()) || !d.ends_with('0') {
        return None;
    }
    let value = match d.len() {
        4 => d[..3].to_string(),
        2 => {
            let v: u32 = d.parse().ok()?;
            format!("{}{}", if v <= 30 { 20 } else { 19 }, v / 10)
        }
        _ => return None,
    };
    Some(Cand::new(i, i, TimeType::Date, Sem::Fixed(value)))
}

/// Month-name dates: `October 7`, `October 7, 2023`, `7 October 2023`, `7th of October`,
/// `November 2006`, `October`.
fn month_date(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    // 7 October (2023) / 7th of October
    if let Some(d) = ctx.day(i) {
        let mut k = i + 1;
        if ctx.w(k) == "of" {
            k += 1;
        }
        let mw = ctx.w(k);
        let m = month(mw).filter(|_| ctx.cap(k) && ctx.same(i, k))?;
        if is_month_abbrev(mw) && ctx.w(k + 1) == "." {
            k += 1;
        }
        let (y, last) = year_after(ctx, k);
        return Some(Cand::new(
            i,
            last,
            TimeType::Date,
            Sem::Md {
                y,
                m,
                d: Some(d),
                rel: Rel::None,
            },
        ));
    }
    let m = month(w)?;
    if !ctx.cap(i) {
        return None;
    }
    let abbrev = is_month_abbrev(w);
    let mut k = i;
    if abbrev && ctx.w(k + 1) == "." {
        k += 1;
    }
    // October 7(th)(,) (2023)
    if let Some(d) = ctx.day(k + 1).filter(|_| ctx.same(i, k + 1)) {
        // "October 2023" would read 20 as a day: a four-digit number is a year.
        if ctx.w(k + 1).len() <= 4 && ctx.year4(k + 1).is_none() {
            let (y, last) = year_after(ctx, k + 1);
            return Some(Cand::new(
                i,
                last,
                TimeType::Date,
                Sem::Md {
                    y,
                    m,
                    d: Some(d),
                    rel: Rel::None,
                },
            ));
        }
    }
    // October 2023 / October of 2023 / October, 2023
    let mut j = k + 1;
    if matches!(ctx.w(j), "of" | ",") {
        j += 1;
    }
    if let Some(y) = ctx.year4(j).filter(|_| ctx.same(i, j)) {
        return Some(Cand::new(
            i,
            j,
            TimeType::Date,
            Sem::Md {
                y: Some(y),
                m,
                d: None,
                rel: Rel::None,
            },
        ));
    }
    // October of next year
    if ctx.w(k + 1) == "of" && ctx.w(k + 3) == "year" {
        let off = match ctx.w(k + 2) {
            "last" | "previous" => Some(-1),
            "this" => Some(0),
            "next" => Some(1),
            _ => None,
        };
        if let Some(off) = off {
            return Some(Cand::new(
                i,
                k + 3,
                TimeType::Date,
                Sem::MonthOfYear(m, off),
            ));
        }
    }
    if abbrev {
        return None;
    }
    // A month alone. "May" and "March" are also a verb: only after a preposition.
    let prev = ctx.prev(i);
    let prep = matches!(
        prev,
        "in" | "since"
            | "until"
            | "till"
            | "by"
            | "of"
            | "from"
            | "through"
            | "during"
            | "before"
            | "after"
            | "between"
            | "and"
            | "to"
            | "early"
            | "late"
            | "mid"
            | "-"
            | "end"
            | "or"
            | "throughout"
            | "last"
            | "next"
            | "this"
    );
    if (w == "may" || w == "march") && !prep {
        return None;
    }
    if !prep && i > 0 && ctx.same(i - 1, i) && ctx.cap(i - 1) && ctx.kind(i - 1) == Some(Kind::Word)
    {
        // Inside a name: "Arab Spring", "Ruby Tuesday"-like.
        return None;
    }
    Some(Cand::new(
        i,
        k,
        TimeType::Date,
        Sem::Md {
            y: None,
            m,
            d: None,
            rel: Rel::None,
        },
    ))
}

/// `, 2023` or ` 2023` after a day: (year, last token).
fn year_after(ctx: &Ctx<'_>, k: usize) -> (Option<i32>, usize) {
    let mut j = k + 1;
    if ctx.w(j) == "," {
        j += 1;
    }
    match ctx.year4(j).filter(|_| ctx.same(k, j)) {
        Some(y) => (Some(y), j),
        None => (None, k),
    }
}

/// All-number dates: ISO `2023-10-09`, `9/10/2023`, `9.10.2023`, `09-10-2023`, `7/8/07`,
/// and `7/10` after `on`/`since`/… or beside a weekday.
fn numeric(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    if ctx.kind(i) != Some(Kind::Num) {
        return None;
    }
    let w = ctx.w(i);
    let sep = w.bytes().find(|b| matches!(b, b'/' | b'.' | b'-'))?;
    if w.bytes().any(|b| !(b.is_ascii_digit() || b == sep)) {
        return None;
    }
    let parts: Vec<&str> = w.split(sep as char).collect();
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let date = |sem| Some(Cand::new(i, i, TimeType::Date, sem));
    match (parts.as_slice(), nums.as_slice()) {
        ([p0, _, _], &[y, m, d]) if p0.len() == 4 => {
            ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(())?;
            date(Sem::Ymd(i32::try_from(y).ok()?, m, d))
        }
        ([p0, p1, p2], &[a, b, y])
            if p0.len() <= 2 && p1.len() <= 2 && (p2.len() == 4 || p2.len() == 2) =>
        {
            if !(1..=31).contains(&a) || !(1..=31).contains(&b) || (a > 12 && b > 12) {
                return None;
            }
            let y = i32::try_from(y).ok()?;
            let y = if p2.len() == 2 {
                if y <= 50 {
                    2000 + y
                } else {
                    1900 + y
                }
            } else {
                y
            };
            date(Sem::Numeric {
                a,
                b,
                y: Some(y),
                weekday: None,
            })
        }
        ([p0, p1], &[a, b]) if sep == b'/' && p0.len() <= 2 && p1.len() <= 2 => {
            if !(1..=31).contains(&a) || !(1..=31).contains(&b) || (a > 12 && b > 12) {
                return None;
            }
            let weekday_near = (i >= 1 && weekday(ctx.w(i - 1)).is_some())
                || (i >= 2 && weekday(ctx.w(i - 2)).is_some() && matches!(ctx.w(i - 1), "," | "("));
            let prep = matches!(
                ctx.prev(i),
                "on" | "since" | "until" | "till" | "from" | "by" | "before" | "after" | "dated"
            );
            (weekday_near || prep).then_some(())?;
            date(Sem::Numeric {
                a,
                b,
                y: None,
                weekday: None,
            })
        }
        _ => None,
    }
}

/// Durations: `two days`, `18 months`, `almost two and a half years`, `27-year`,
/// `six straight days`; `two days ago` (a date), `three days later` (a date from the last
/// one); bare plurals after `for`, `over the`, `recent` (`for years`: `PXY`).
fn duration(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    // Approximators: about two weeks, more than a year, at least five days, up to ten years.
    let mut start = i;
    let mut k = i;
    if approximator(w) {
        k = i + 1;
    } else if (matches!(w, "more" | "less" | "fewer") && ctx.w(i + 1) == "than")
        || (w == "at" && matches!(ctx.w(i + 1), "least" | "most"))
        || (w == "up" && ctx.w(i + 1) == "to")
    {
        k = i + 2;
    }
    if k != i && !matches!(ctx.kind(k), Some(Kind::Num | Kind::Word)) {
        return None;
    }
    if let Some(c) = plural_unit(ctx, i) {
        return Some(c);
    }
    let (n, last_n, article) = ctx.amount(k)?;
    let mut u_i = last_n + 1;
    // 27-year, fifty-year, four-week (adjective): not "27-year-old" (an age).
    let hyphen = ctx.w(u_i) == "-" && ctx.glued(last_n, u_i) && ctx.glued(u_i, u_i + 1);
    if hyphen {
        u_i += 1;
    }
    if !hyphen && unit_adjective(ctx.w(u_i)) {
        u_i += 1;
    }
    let (u, plural) = unit(ctx.w(u_i))?;
    // An age: "27-year-old", "5 year old", "21 years of age".
    if (ctx.w(u_i + 1) == "-" && ctx.w(u_i + 2) == "old")
        || ctx.w(u_i + 1) == "old"
        || (ctx.w(u_i + 1) == "of" && ctx.w(u_i + 2) == "age")
    {
        return None;
    }
    if !ctx.same(k, u_i) {
        return None;
    }
    // "one day" at the start of a sentence is "some day"; "a year" is fine.
    if article && plural {
        return None;
    }
    if article && u == Unit::Quarter {
        return None;
    }
    // "a second A380", "a second consecutive day": the ordinal.
    if u == Unit::Second
        && !plural
        && !matches!(
            ctx.w(u_i + 1),
            "" | "."
                | ","
                | ";"
                | ")"
                | "later"
                | "ago"
                | "earlier"
                | "after"
                | "before"
                | "longer"
                | "or"
                | "and"
        )
    {
        return None;
    }
    if ctx.w(k) == "some" && !plural {
        return None;
    }
    // "the first four years": handled by `relative`.
    let next = ctx.w(u_i + 1);
    let amount: Option<i64> = n
        .parse::<f64>()
        .ok()
        .filter(|x| x.fract() == 0.0)
        .map(|x| x as i64);
    if next == "ago" {
        let n = amount?;
        return Some(Cand::new(
            start,
            u_i + 1,
            TimeType::Date,
            Sem::Shift {
                unit: u,
                n: -n,
                from_anchor: false,
            },
        ));
    }
    if matches!(next, "later" | "earlier") && !hyphen && ctx.w(u_i + 2) != "than" {
        if let Some(n) = amount {
            let n = if next == "later" { n } else { -n };
            return Some(Cand::new(
                start,
                u_i + 1,
                TimeType::Date,
                Sem::Shift {
                    unit: u,
                    n,
                    from_anchor: true,
                },
            ));
        }
    }
    if k == i && matches!(w, "a" | "an") && matches!(ctx.prev(i), "times" | "once" | "twice") {
        return None;
    }
    if start == i && k != i && !approximator(w) {
        start = i;
    }
    Some(Cand::new(
        start,
        u_i,
        TimeType::Duration,
        Sem::Fixed(u.duration(&n)),
    ))
}

/// `years` after `for`, `over the`, `in recent`, `recent`, `many`, `the coming`: `PXY`.
fn plural_unit(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    // recent years
    if w == "recent" {
        if let Some((u, true)) = unit(ctx.w(i + 1)) {
            return Some(Cand::new(
                i,
                i + 1,
                TimeType::Duration,
                Sem::Fixed(u.duration("X")),
            ));
        }
        return None;
    }
    let (u, true) = unit(w)? else {
        return None;
    };
    let prev = ctx.prev(i);
    let before = if i >= 2 { ctx.w(i - 2) } else { "" };
    let ok = matches!(prev, "for" | "within" | "in" | "just")
        || (prev == "the" && before == "over")
        || (w == "decades" && ctx.w(i + 1) == "-" && ctx.w(i + 2) == "long")
        || (matches!(w, "decades" | "years") && ctx.w(i + 1) == "in" && ctx.w(i + 2) == "the");
    if !ok {
        return None;
    }
    let last = if ctx.w(i + 1) == "-" && ctx.w(i + 2) == "long" {
        i + 2
    } else {
        i
    };
    let first = if prev == "the" { i - 2 } else { i };
    Some(Cand::new(
        first,
        last,
        TimeType::Duration,
        Sem::Fixed(u.duration("X")),
    ))
}

/// Clock times: `18:00 UTC`, `6:40 p.m.`, `0800 GMT`, `8 a.m.`, `noon`, `midnight`.
fn clock(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    let (mut h, m, mut last, _) = if ctx.kind(i) == Some(Kind::Num) {
        if let Some((hh, mm)) = w.split_once(':') {
            let h: u32 = hh.parse().ok()?;
            let mm = mm.split(':').next()?;
            let m: u32 = mm.parse().ok()?;
            if h > 24 || m > 59 || mm.len() != 2 {
                return None;
            }
            (h, m, i, false)
        } else if let Some((hh, mm)) = w
            .split_once('.')
            .filter(|_| matches!(ctx.w(i + 1), "a.m." | "p.m." | "am" | "pm" | "a.m" | "p.m"))
        {
            let h: u32 = hh.parse().ok()?;
            let m: u32 = mm.parse().ok()?;
            if h > 12 || m > 59 {
                return None;
            }
            (h, m, i, false)
        } else if w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && (utc_zone(ctx.w(i + 1)) || matches!(ctx.w(i + 1), "hours" | "hrs" | "gmt" | "utc"))
        {
            let h: u32 = w[..2].parse().ok()?;
            let m: u32 = w[2..].parse().ok()?;
            if h > 24 || m > 59 {
                return None;
            }
            let last = if matches!(ctx.w(i + 1), "hours" | "hrs") {
                i + 1
            } else {
                i
            };
            (h, m, last, true)
        } else if let Some(h) = ctx.int(i).filter(|&h| (1..=12).contains(&h)) {
            if !matches!(
                ctx.w(i + 1),
                "a.m." | "p.m." | "am" | "pm" | "a.m" | "p.m" | "o"
            ) {
                return None;
            }
            if ctx.w(i + 1) == "o"
                && !(matches!(ctx.w(i + 2), "'" | "’") && ctx.w(i + 3) == "clock")
            {
                return None;
            }
            let last = if ctx.w(i + 1) == "o" { i + 3 } else { i };
            (h, 0, last, false)
        } else {
            return None;
        }
    } else if w == "noon" || w == "midday" {
        (12, 0, i, true)
    } else if w == "midnight" {
        (24, 0, i, true)
    } else {
        return None;
    };
    match ctx.w(last + 1) {
        "a.m." | "am" | "a.m" => {
            if h == 12 {
                h = 0;
            }
            last += 1;
        }
        "p.m." | "pm" | "p.m" => {
            if h < 12 {
                h += 12;
            }
            last += 1;
        }
        _ => {}
    }
    let mut utc = false;
    let zw = ctx.w(last + 1);
    if utc_zone(zw) {
        utc = true;
        last += 1;
    } else if other_zone(zw) && ctx.cap(last + 1) {
        last += 1;
    }
    // ( GMT +8 )
    if ctx.w(last + 1) == "(" && (utc_zone(ctx.w(last + 2)) || other_zone(ctx.w(last + 2))) {
        let mut k = last + 3;
        while k < last + 7 && ctx.w(k) != ")" && ctx.same(last, k) {
            k += 1;
        }
        if ctx.w(k) == ")" {
            last = k;
        }
    }
    Some(Cand::new(i, last, TimeType::Time, Sem::Clock { h, m, utc }))
}

/// One-word expressions: `today`, `yesterday`, `tonight`, `now`, `currently`, `recently`,
/// and a part of the day after `the`/`that` (`in the morning`).
fn single_word(ctx: &Ctx<'_>, i: usize) -> Option<Cand> {
    let w = ctx.w(i);
    let fixed = |v: &str| Some(Cand::new(i, i, TimeType::Date, Sem::Fixed(v.to_string())));
    match w {
        "today" | "yesterday" | "tomorrow" | "tonight" => {
            let off = match w {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            let mut c = Cand::new(i, i, TimeType::Date, Sem::Today(off));
            if w == "tonight" {
                c.kind = TimeType::Time;
                c.part = Some("NI");
            } else {
                add_part(ctx, &mut c);
            }
            Some(c)
        }
        "now" | "soon" if ctx.w(i + 1) == "-" && ctx.glued(i, i + 1) => None,
        "now" => fixed("PRESENT_REF"),
        "currently" | "nowadays" | "presently" => fixed("PRESENT_REF"),
        "current"
            if !matches!(
                ctx.w(i + 1),
                "account" | "accounts" | "affairs" | "-" | "events"
            ) =>
        {
            fixed("PRESENT_REF")
        }
        "recently" | "lately" | "recent" => fixed("PAST_REF"),
        "soon" => {
            if ctx.prev(i) == "very" || ctx.prev(i) == "as" {
                if ctx.prev(i) == "as" {
                    return None;
                }
                return Some(Cand::new(
                    i - 1,
                    i,
                    TimeType::Date,
                    Sem::Fixed("FUTURE_REF".into()),
                ));
            }
            fixed("FUTURE_REF")
        }
        "short" | "long" | "near" | "medium"
            if ctx.w(i + 1) == "-" && ctx.w(i + 2) == "term" && ctx.glued(i, i + 1) =>
        {
            Some(Cand::new(
                i,
                i + 2,
                TimeType::Date,
                Sem::Fixed("FUTURE_REF".into()),
            ))
        }
        "present" if ctx.prev(i) == "at" => fixed("PRESENT_REF"),
        _ => {
            if let Some(p) = part_of_day(w) {
                let in_bare =
                    ctx.prev(i) == "in" && matches!(w, "morning" | "afternoon" | "evening");
                if (matches!(ctx.prev(i), "the" | "that") || in_bare) && w != "noon" {
                    let mut c = Cand::new(i, i, TimeType::Time, Sem::Part);
                    c.part = Some(p);
                    return Some(c);
                }
            }
            None
        }
    }
}
