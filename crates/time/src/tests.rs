//! Unit tests: one per expression kind and resolution rule, on sentences written for them.

use super::*;

fn day(s: &str) -> Option<NaiveDate> {
    Some(parse_date(s).unwrap())
}

/// (text, type, value) of each expression.
fn tag(text: &str, dct: &str) -> Vec<(String, TimeType, String)> {
    tag_with(text, dct, &Options::default())
}

fn tag_with(text: &str, dct: &str, opts: &Options) -> Vec<(String, TimeType, String)> {
    let found = find(text, day(dct), opts);
    for t in &found {
        assert_eq!(
            &text[t.span.start..t.span.end],
            t.text,
            "span and text agree"
        );
    }
    found
        .into_iter()
        .map(|t| (t.text, t.kind, t.value))
        .collect()
}

fn values(text: &str, dct: &str) -> Vec<String> {
    tag(text, dct).into_iter().map(|t| t.2).collect()
}

fn one(text: &str, dct: &str) -> (String, TimeType, String) {
    let mut all = tag(text, dct);
    assert_eq!(all.len(), 1, "one expression in {text:?}: {all:?}");
    all.remove(0)
}

#[test]
fn seed_article_dates() {
    // The seed's two must-haves, in sentences of our own.
    let text = "The governor posted a message on his channel, Monday (9/10/2023).\n\
                On Saturday morning, a rocket attack was launched on the border towns.";
    let found = find(text, day("2023-10-10"), &Options::default());
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].text, "Monday (9/10/2023)");
    assert_eq!(found[0].value, "2023-10-09");
    assert_eq!(found[0].kind, TimeType::Date);
    assert_eq!(found[1].text, "Saturday morning");
    assert_eq!(found[1].value, "2023-10-07TMO");
    assert_eq!(found[1].kind, TimeType::Time);
    assert_eq!(found[1].anchor.as_deref(), Some("DCT"));
    // With the inferred article date (the Monday itself) the Saturday is the same.
    let found = find(text, day("2023-10-09"), &Options::default());
    assert_eq!(found[1].value, "2023-10-07TMO");
}

#[test]
fn weekdays_past_tense_include_the_article_date() {
    // Tuesday 10 October 2023.
    assert_eq!(
        one("The talks ended on Tuesday.", "2023-10-10").2,
        "2023-10-10"
    );
    assert_eq!(
        one("The ministers met on Monday.", "2023-10-10").2,
        "2023-10-09"
    );
    assert_eq!(
        one("Protesters gathered on Wednesday.", "2023-10-10").2,
        "2023-10-04"
    );
    assert_eq!(
        one("The vote was held last Tuesday.", "2023-10-10").2,
        "2023-10-03"
    );
}

#[test]
fn weekdays_future_tense_are_the_next_one() {
    assert_eq!(
        one("The ministers will meet on Friday.", "2023-10-10").2,
        "2023-10-13"
    );
    assert_eq!(
        one("They're going to vote on Monday.", "2023-10-10").2,
        "2023-10-16"
    );
    assert_eq!(
        one("The envoy is to arrive next Thursday.", "2023-10-10").2,
        "2023-10-12"
    );
    assert_eq!(
        one("On Sunday the party'll announce its list.", "2023-10-10").2,
        "2023-10-15"
    );
    assert_eq!(
        one("The coming Saturday is a holiday.", "2023-10-10").2,
        "2023-10-14"
    );
}

#[test]
fn month_dates() {
    let (text, kind, value) = one("The border crossing closed on October 7.", "2023-10-10");
    assert_eq!(
        (text.as_str(), kind, value.as_str()),
        ("October 7", TimeType::Date, "2023-10-07")
    );
    assert_eq!(
        one("It opened on 24 December.", "2023-10-10").2,
        "2022-12-24"
    );
    assert_eq!(
        one("It will reopen on 24 December.", "2023-10-10").2,
        "2023-12-24"
    );
    assert_eq!(
        one("The deal was signed on March 3, 2008.", "2023-10-10").2,
        "2008-03-03"
    );
    assert_eq!(
        one("The deal was signed March 01 , 2008 .", "2023-10-10").2,
        "2008-03-01"
    );
    assert_eq!(
        one("It was founded in November 2006.", "2023-10-10").2,
        "2006-11"
    );
    assert_eq!(one("Sales fell in June.", "2023-10-10").2, "2023-06");
    assert_eq!(
        one("He resigned last September.", "2023-10-10").2,
        "2023-09"
    );
    assert_eq!(one("He resigned last December.", "2023-10-10").2, "2022-12");
    assert_eq!(
        one("It happened on the 2nd of April 2009.", "2023-10-10").2,
        "2009-04-02"
    );
    assert_eq!(
        one("Prices rose in early June.", "2023-10-10").0,
        "early June"
    );
    // "may" and "march" as words are not months.
    assert!(tag("Troops may march on the capital.", "2023-10-10").is_empty());
    assert!(tag("May the best team win.", "2023-10-10").is_empty());
}

#[test]
fn numeric_dates_by_weekday_article_and_country() {
    // The weekday settles it: 9 October 2023 is a Monday.
    assert_eq!(
        one("It was posted Monday (9/10/2023).", "2023-10-10").2,
        "2023-10-09"
    );
    // A number above 12 settles it, and the rest of the article follows.
    let v = values(
        "The list was dated 25/09/2023. The reply came on 3/10/2023.",
        "2023-10-10",
    );
    assert_eq!(v, ["2023-09-25", "2023-10-03"]);
    let v = values(
        "The list was dated 09/25/2023. The reply came on 3/10/2023.",
        "2023-10-10",
    );
    assert_eq!(v, ["2023-09-25", "2023-03-10"]);
    // The outlet's country.
    let uk = Options {
        country: Some("GB".into()),
        ..Options::default()
    };
    assert_eq!(
        tag_with("It came on 3/10/2023.", "2023-10-10", &uk)[0].2,
        "2023-10-03"
    );
    let us = Options {
        country: Some("us".into()),
        ..Options::default()
    };
    assert_eq!(
        tag_with("It came on 3/10/2023.", "2023-10-10", &us)[0].2,
        "2023-03-10"
    );
    // Nothing settles it: month-first value, the other reading in the anchor.
    let found = find(
        "It came on 3/10/2023.",
        day("2023-10-10"),
        &Options::default(),
    );
    assert_eq!(found[0].value, "2023-03-10");
    assert_eq!(found[0].anchor.as_deref(), Some("ambiguous:2023-10-03"));
    // Without a year: 7/10 after "on", a year from the article date.
    let found = tag_with("The strike began on 7/10.", "2023-10-10", &uk);
    assert_eq!(found[0].2, "2023-10-07");
    assert_eq!(one("He was born 2001-04-05.", "2023-10-10").2, "2001-04-05");
    // Not dates: scores and fractions without context.
    assert!(tag("The team won 7/10 games.", "2023-10-10").is_empty());
}

#[test]
fn relative_dates() {
    let dct = "2004-11-24"; // a Wednesday, ISO week 48
    assert_eq!(one("Prices fell last week.", dct).2, "2004-W47");
    assert_eq!(one("Prices fell this week.", dct).2, "2004-W48");
    assert_eq!(one("Prices fell last month.", dct).2, "2004-10");
    assert_eq!(one("Prices will rise next month.", dct).2, "2004-12");
    assert_eq!(one("Prices fell last year.", dct).2, "2003");
    assert_eq!(one("Prices rose this year.", dct).2, "2004");
    assert_eq!(one("Prices fell yesterday.", dct).2, "2004-11-23");
    assert_eq!(one("Prices fell today.", dct).2, "2004-11-24");
    assert_eq!(one("Prices will fall tomorrow.", dct).2, "2004-11-25");
    assert_eq!(one("The market fell two days ago.", dct).2, "2004-11-22");
    assert_eq!(one("The plant closed a year ago.", dct).2, "2003");
    assert_eq!(
        one("A rally is planned for this weekend.", dct).2,
        "2004-W48-WE"
    );
    assert_eq!(one("Sales fell in the fourth quarter.", dct).2, "2004-Q4");
    assert_eq!(
        one("Sales fell in the first quarter of 2009.", dct).2,
        "2009-Q1"
    );
    assert_eq!(
        one("Sales fell in the third quarter of last year.", dct).2,
        "2003-Q3"
    );
    assert_eq!(one("Sales fell in the last quarter.", dct).2, "2004-Q3");
    assert_eq!(
        one("Debt grew by the end of last year.", dct).0,
        "the end of last year"
    );
    assert_eq!(one("It snowed this morning.", dct).2, "2004-11-24TMO");
    assert_eq!(one("It snowed last night.", dct).2, "2004-11-23TNI");
    assert_eq!(one("Growth slowed in the spring.", dct).2, "2004-SP");
}

#[test]
fn years_decades_and_since() {
    assert_eq!(
        one("He has led the region since 2007.", "2023-10-10"),
        ("2007".into(), TimeType::Date, "2007".into())
    );
    assert_eq!(one("Crime peaked in the 1990s.", "2023-10-10").2, "199");
    assert_eq!(
        one("Crime peaked in the 1990s.", "2023-10-10").0,
        "the 1990s"
    );
    assert_eq!(one("Music of the '80s returned.", "2023-10-10").2, "198");
    assert_eq!(one("Fans recall the class of '82.", "2023-10-10").2, "1982");
    assert_eq!(
        one("Output hit a low in late 2006.", "2023-10-10").0,
        "late 2006"
    );
    assert_eq!(
        one("The borders of 1967 were discussed.", "2023-10-10").2,
        "1967"
    );
    // Counts are not years.
    assert!(tag("The firm hired 2000 workers.", "2023-10-10").is_empty());
    assert!(tag("It cost $2010 in all.", "2023-10-10").is_empty());
}

#[test]
fn anchored_to_other_expressions() {
    let found = find(
        "The siege began on October 7. Two days later the first convoy arrived.",
        day("2023-10-20"),
        &Options::default(),
    );
    assert_eq!(found[1].text, "Two days later");
    assert_eq!(found[1].value, "2023-10-09");
    assert_eq!(found[1].anchor.as_deref(), Some("2023-10-07"));
    let v = values(
        "The plant shut on Tuesday. Workers left the same day.",
        "2023-10-13",
    );
    assert_eq!(v, ["2023-10-10", "2023-10-10"]);
    // "two days after the attack": the length of time; the event has no date here.
    let (text, kind, value) = one(
        "Two days after the attack, the border closed.",
        "2023-10-10",
    );
    assert_eq!(
        (text.as_str(), kind, value.as_str()),
        ("Two days", TimeType::Duration, "P2D")
    );
}

#[test]
fn times_of_day() {
    let dct = "2009-06-01";
    assert_eq!(
        one("The plane left at 18:00 UTC.", dct).2,
        "2009-06-01T18:00Z"
    );
    assert_eq!(
        one("The plane left at 12:00 UTC Monday.", dct).0,
        "12:00 UTC Monday"
    );
    assert_eq!(
        one("The plane left at 6:40 p.m. local time.", dct).2,
        "2009-06-01T18:40"
    );
    assert_eq!(
        one("The quake struck at 0800 GMT.", dct).2,
        "2009-06-01T08:00Z"
    );
    let v = values("On Friday the quake struck at 3 a.m.", dct);
    assert_eq!(v, ["2009-05-29", "2009-05-29T03:00"]);
    assert_eq!(
        one("Shots rang out Thursday night.", dct).2,
        "2009-05-28TNI"
    );
}

#[test]
fn durations() {
    let dct = "2023-10-10";
    assert_eq!(
        one("The war lasted two years.", dct),
        ("two years".into(), TimeType::Duration, "P2Y".into())
    );
    assert_eq!(one("He waited 18 months.", dct).2, "P18M");
    assert_eq!(one("The talks took thirty minutes.", dct).2, "PT30M");
    assert_eq!(
        one("The plane has a fifty-year service life.", dct).2,
        "P50Y"
    );
    assert_eq!(one("It ended a 27-year rule.", dct).2, "P27Y");
    assert_eq!(
        one("She served almost two and a half years.", dct).2,
        "P2.5Y"
    );
    assert_eq!(one("The plan covers the next four years.", dct).2, "P4Y");
    assert_eq!(
        one("Shares fell over the past five trading days.", dct).2,
        "P5D"
    );
    assert_eq!(one("The index fell for six straight days.", dct).2, "P6D");
    assert_eq!(one("The economy shrank in the past decade.", dct).2, "P10Y");
    assert_eq!(one("The rivals fought for decades.", dct).2, "PXDE");
    assert_eq!(one("It has grown in recent years.", dct).2, "PXY");
    assert_eq!(one("He spent twenty-five years abroad.", dct).2, "P25Y");
    // An age is not a duration.
    assert!(tag("A 27-year-old man was arrested.", dct).is_empty());
    assert!(tag("Her 5 year old son and a man 21 years of age.", dct).is_empty());
}

#[test]
fn sets() {
    let dct = "2023-10-10";
    assert_eq!(
        one("Crowds march every Friday.", dct),
        ("every Friday".into(), TimeType::Set, "XXXX-WXX-5".into())
    );
    assert_eq!(one("The board meets weekly.", dct).2, "P1W");
    assert_eq!(one("The annual report is out.", dct).2, "P1Y");
    assert_eq!(
        one("It builds 15 a year.", dct),
        ("a year".into(), TimeType::Set, "P1Y".into())
    );
    assert_eq!(one("They meet twice a month.", dct).2, "P1M");
    assert_eq!(
        one("Winds of 240 kilometres an hour.", dct),
        ("an hour".into(), TimeType::Set, "PT1H".into())
    );
    assert_eq!(one("The market opens on Sundays.", dct).2, "XXXX-WXX-7");
}

#[test]
fn references() {
    let dct = "2023-10-10";
    assert_eq!(one("Talks are now under way.", dct).2, "PRESENT_REF");
    assert_eq!(one("He recently resigned.", dct).2, "PAST_REF");
    assert_eq!(
        one("Relief will come in the near term.", dct).2,
        "FUTURE_REF"
    );
    assert_eq!(one("Prices will fall in the future.", dct).2, "FUTURE_REF");
}

#[test]
fn without_an_article_date() {
    let v: Vec<String> = find(
        "They met on Monday and signed on October 7.",
        None,
        &Options::default(),
    )
    .into_iter()
    .map(|t| t.value)
    .collect();
    assert_eq!(v, ["XXXX-WXX-1", "XXXX-10-07"]);
}

#[test]
fn datelines_and_dates() {
    assert_eq!(
        dateline("A headline\nMarch 01 , 2008\nBody text.", 3),
        day("2008-03-01")
    );
    assert_eq!(dateline("A headline\nBody text on March 1, 2008.", 3), None);
    assert_eq!(
        parse_date("2008-03-01T10:00:00Z").unwrap(),
        day("2008-03-01").unwrap()
    );
    assert_eq!(
        parse_date("03-02-2009").unwrap(),
        day("2009-02-03").unwrap()
    );
    assert!(matches!(parse_date("soon"), Err(Error::BadDate(_))));
}

#[test]
fn spans_are_byte_offsets() {
    let text = "Kadyrov’s — “statement” came on Monday, Oct. 9, 2023.";
    let found = find(text, day("2023-10-10"), &Options::default());
    assert_eq!(found.len(), 1);
    assert_eq!(
        &text[found[0].span.start..found[0].span.end],
        "Monday, Oct. 9, 2023"
    );
    assert_eq!(found[0].value, "2023-10-09");
}
