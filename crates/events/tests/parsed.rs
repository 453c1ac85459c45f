//! The coder on sentences we wrote, tokenised, tagged and parsed by our own shipped models:
//! the seed article's kinds of events, end to end from raw text.

use sitrep_actors::Dictionary;
use sitrep_events::Coder;
use sitrep_nlp::analyze::{find_models_dir, Analyzer};
use sitrep_types::{Event, Modality};
use std::sync::OnceLock;

struct Kit {
    an: Analyzer,
    dict: Dictionary,
    coder: Coder,
}

fn kit() -> &'static Kit {
    static KIT: OnceLock<Kit> = OnceLock::new();
    KIT.get_or_init(|| Kit {
        an: Analyzer::load(&find_models_dir(None).expect("models/ folder")).unwrap(),
        dict: Dictionary::builtin().unwrap(),
        coder: Coder::builtin().unwrap(),
    })
}

fn code(text: &str) -> Vec<Event> {
    let k = kit();
    let sentences: Vec<_> = k.an.analyze(text).iter().map(|s| s.to_record(0)).collect();
    k.coder
        .code_article(&k.dict, text, Some("2023-10-10"), &sentences)
}

fn find<'a>(events: &'a [Event], root: &str) -> &'a Event {
    events
        .iter()
        .find(|e| e.root == root)
        .unwrap_or_else(|| panic!("no {root}x event in {events:#?}"))
}

fn codes(e: &Event) -> (Option<&str>, Option<&str>) {
    (
        e.source.code.as_deref(),
        e.target.as_ref().and_then(|t| t.code.as_deref()),
    )
}

#[test]
fn a_rocket_barrage_on_saturday_is_dated_to_that_saturday() {
    let ev = code("Early on Saturday, Hamas militants fired a barrage of rockets at Israel.");
    let e = find(&ev, "19");
    assert_eq!(e.cameo, "195");
    assert_eq!(codes(e), (Some("PSEREB"), Some("ISR")));
    assert_eq!(e.date.as_ref().unwrap().value, "2023-10-07");
    assert_eq!(e.plover.kind, "ASSAULT");
}

#[test]
fn an_army_operation_against_a_territory() {
    let ev = code("The Israeli army launched a military operation against the Gaza Strip.");
    let e = find(&ev, "19");
    assert_eq!(codes(e), (Some("ISRMIL"), Some("PSE")));
}

#[test]
fn support_and_blame_between_named_actors() {
    let ev = code("Ramzan Kadyrov expressed his support for the Palestinian people.");
    let e = find(&ev, "05");
    assert_eq!(
        (e.cameo.as_str(), codes(e)),
        ("051", (Some("RUSGOV"), Some("PSE")))
    );
    assert_eq!(e.source.actor.as_deref(), Some("ramzan_kadyrov"));
    let ev = code("Russia blamed the West for the escalation of the conflict.");
    let e = find(&ev, "11");
    assert!(
        e.cameo.starts_with("112"),
        "accuse (of aggression): {}",
        e.cameo
    );
    assert_eq!(codes(e), (Some("RUS"), Some("WST")));
}

#[test]
fn negated_promised_and_reported_events_are_marked() {
    let ev = code("Israel did not attack Lebanon.");
    assert!(find(&ev, "19").negated, "{ev:#?}");
    let ev = code("The European Union will impose new sanctions on Iran.");
    let e = &ev[0];
    assert_eq!(e.root, "13", "a promised sanction is a threat: {ev:#?}");
    let ev = code("Hamas said it had arrested dozens of Israeli soldiers.");
    let e = find(&ev, "17");
    assert_eq!(codes(e), (Some("PSEREB"), Some("ISRMIL")));
    assert_eq!(
        e.claimed_by.as_ref().and_then(|c| c.code.as_deref()),
        Some("PSEREB")
    );
    assert_eq!(e.modality, Modality::Asserted);
}
