//! Codes as of a date.

use crate::{code, dict};

#[test]
fn roles_follow_the_date() {
    assert_eq!(code("Putin", Some("2005-06-01")).as_deref(), Some("RUSGOV"));
    assert_eq!(code("Putin", Some("1999-01-01")).as_deref(), Some("RUSSPY"));
    assert_eq!(code("Putin", Some("1990-01-01")).as_deref(), Some("RUS"));
    // Someone who left office is a former official (ELI) afterwards.
    assert_eq!(
        code("Boris Johnson", Some("2020-05-01")).as_deref(),
        Some("GBRGOV")
    );
    assert_eq!(
        code("Boris Johnson", Some("2023-05-01")).as_deref(),
        Some("GBRELI")
    );
    assert_eq!(
        code("Angela Merkel", Some("2023-01-01")).as_deref(),
        Some("DEUELI")
    );
    // A change of sides.
    assert_eq!(
        code("Kadyrov", Some("1995-06-01")).as_deref(),
        Some("RUSREB")
    );
    assert_eq!(
        code("Kadyrov", Some("2023-06-01")).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        code("Taliban", Some("2010-01-01")).as_deref(),
        Some("AFGREB")
    );
    assert_eq!(
        code("Taliban", Some("2022-01-01")).as_deref(),
        Some("AFGGOV")
    );
    assert_eq!(
        code("Taliban", Some("1999-01-01")).as_deref(),
        Some("AFGGOV")
    );
    assert_eq!(
        code("Hayat Tahrir al-Sham", Some("2020-01-01")).as_deref(),
        Some("SYRREB")
    );
    assert_eq!(
        code("Rapid Support Forces", Some("2020-01-01")).as_deref(),
        Some("SDNMIL")
    );
    assert_eq!(
        code("Rapid Support Forces", Some("2024-01-01")).as_deref(),
        Some("SDNREB")
    );
    assert_eq!(
        code("Wagner Group", Some("2023-06-24")).as_deref(),
        Some("RUSREB")
    );
    assert_eq!(
        code("Wagner Group", Some("2022-06-24")).as_deref(),
        Some("RUSUAF")
    );
    // From a national post to an international one.
    assert_eq!(
        code("Stoltenberg", Some("2010-01-01")).as_deref(),
        Some("NORGOV")
    );
    assert_eq!(
        code("Stoltenberg", Some("2020-01-01")).as_deref(),
        Some("IGOWSTNAT")
    );
    assert_eq!(
        code("Kaja Kallas", Some("2025-01-01")).as_deref(),
        Some("IGOEUREEC")
    );
}

#[test]
fn shared_names_go_to_whoever_held_office() {
    let d = dict();
    let id = |t: &str, date: &str| d.resolve(t, Some(date)).map(|r| r.actor_id);
    assert_eq!(id("Bush", "1990-06-01").as_deref(), Some("george_h_w_bush"));
    assert_eq!(
        id("President Bush", "2005-06-01").as_deref(),
        Some("george_w_bush")
    );
    assert_eq!(id("Sharif", "2015-06-01").as_deref(), Some("nawaz_sharif"));
    assert_eq!(
        id("Sharif", "2023-01-10").as_deref(),
        Some("shehbaz_sharif")
    );
    assert_eq!(id("Aliyev", "2010-01-01").as_deref(), Some("ilham_aliyev"));
}

#[test]
fn malformed_query_dates_mean_no_date() {
    assert_eq!(
        code("Putin", Some("last Tuesday")).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(code("Putin", Some("2005")).as_deref(), Some("RUSGOV"));
}
