use crate::{Gazetteer, Geoparser, Place, Span};

fn geo() -> Geoparser<'static> {
    Geoparser::new(Gazetteer::embedded())
}

/// Spans of the given toponyms (first occurrence of each).
fn spans(text: &str, names: &[&str]) -> Vec<Span> {
    names
        .iter()
        .map(|n| {
            let a = text
                .match_indices(n)
                .map(|(i, _)| i)
                .find(|&i| !text[i + n.len()..].starts_with(char::is_alphanumeric))
                .unwrap();
            Span::new(a, a + n.len())
        })
        .collect()
}

fn places(text: &str, names: &[&str]) -> Vec<Place> {
    geo().places(text, &spans(text, names))
}

fn near(p: &Place, lat: f64, lon: f64, km: f64) -> bool {
    crate::km(p.lat, p.lon, lat, lon) <= km
}

#[test]
fn loads_fast_enough_and_holds_the_news_features() {
    let t = std::time::Instant::now();
    let g = Gazetteer::embedded();
    eprintln!(
        "gazetteer: {} places in {:?}",
        g.entries().len(),
        t.elapsed()
    );
    assert!(g.entries().len() > 190_000);
    for name in [
        "Gaza Strip",
        "West Bank",
        "Donbas",
        "Crimea",
        "Golan Heights",
        "Al-Aqsa Mosque",
        "Temple Mount",
    ] {
        assert!(!g.lookup(name).is_empty(), "{name}");
    }
}

#[test]
fn seed_places() {
    let text = "Israeli strikes on the Gaza Strip continued as sirens sounded in Tel Aviv, Israel.";
    let p = places(text, &["Gaza Strip", "Tel Aviv", "Israel"]);
    assert_eq!(p.len(), 3);
    assert!(near(&p[0], 31.42, 34.35, 50.0), "{p:?}");
    assert!(near(&p[1], 32.08, 34.78, 50.0), "{p:?}");
    assert!(near(&p[2], 31.5, 34.9, 50.0), "{p:?}");
    assert_eq!(p[0].feature.as_deref(), Some("area"));
    assert_eq!(p[2].feature.as_deref(), Some("country"));
}

#[test]
fn population_prior_and_qualifier() {
    let p = places("Protesters gathered in Paris.", &["Paris"]);
    assert_eq!(p[0].country.as_deref(), Some("FRA"));
    let p = places("A storm hit Paris, Texas, on Sunday.", &["Paris"]);
    assert_eq!(p[0].country.as_deref(), Some("USA"));
    assert!(near(&p[0], 33.66, -95.55, 50.0), "{p:?}");
    let p = places(
        "Chiquita Henry, of Alexandria, La., was arrested.",
        &["Alexandria"],
    );
    assert!(near(&p[0], 31.31, -92.45, 50.0), "{p:?}");
}

#[test]
fn country_focus() {
    let text = "Police in Louisiana said a fire in Alexandria destroyed two homes.";
    let p = places(text, &["Louisiana", "Alexandria"]);
    assert!(near(&p[1], 31.31, -92.45, 50.0), "{p:?}");
    let p = places(
        "Egypt's Alexandria port reopened.",
        &["Egypt", "Alexandria"],
    );
    assert!(near(&p[1], 31.2, 29.9, 50.0), "{p:?}");
}

#[test]
fn metonyms_are_not_event_places() {
    let text = "Moscow said on Monday that troops had entered Avdiivka.";
    let r = geo().resolve(text, &spans(text, &["Moscow", "Avdiivka"]));
    assert!(r[0].metonym);
    assert!(!r[1].metonym);
    let p = places(text, &["Moscow", "Avdiivka"]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].text, "Avdiivka");
    let text = "Washington has warned Tehran.";
    assert!(geo().resolve(text, &spans(text, &["Washington"]))[0].metonym);
}

#[test]
fn unknown_names_and_demonyms_are_not_places() {
    let p = places(
        "Israeli and Palestinian officials met in Cairo.",
        &["Israeli", "Cairo"],
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].name, "Cairo");
    assert!(places("Zzyzxqua is nowhere.", &["Zzyzxqua"]).is_empty());
}

#[test]
fn scan_finds_areas_and_countries_ner_may_miss() {
    let text = "Fighting in the Gaza Strip spread to the West Bank and Lebanon, not to Israelis.";
    let found: Vec<&str> = geo()
        .scan_features(text)
        .iter()
        .map(|s| s.text(text))
        .collect();
    assert_eq!(found, ["Gaza Strip", "West Bank", "Lebanon"]);
}

#[test]
fn directions_are_not_towns() {
    assert!(places("Russia's allies defy the West.", &["West"]).is_empty());
}

#[test]
fn state_abbreviations_before_towns() {
    let p = places("A storm crossed Kan. on Monday.", &["Kan."]);
    assert_eq!(p[0].name, "Kansas");
}
