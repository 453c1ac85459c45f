//! Finding every dictionary name in a text.

use crate::dict;
use sitrep_actors::{ActorKind, Metonymy};

#[test]
fn finds_names_with_original_spans() {
    let text = "On Tuesday President Putin met Hamas officials in Moscow, the Kremlin said; \
                Mr Erdoğan’s office and Israel's army did not comment.";
    let found = dict().find_all_at(text, Some("2023-11-01"));
    let got: Vec<(&str, &str, Option<&str>)> = found
        .iter()
        .map(|m| {
            (
                &text[m.start..m.end],
                m.actor_id.as_str(),
                m.code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Putin", "vladimir_putin", Some("RUSGOV")),
            ("Hamas", "hamas", Some("PSEREB")),
            ("officials", "agent:government", Some("GOV")),
            ("Moscow", "RUS", Some("RUSGOV")),
            ("Kremlin", "RUS", Some("RUSGOV")),
            ("Erdoğan", "recep_tayyip_erdogan", Some("TURGOV")),
            ("Israel's army", "ISR", Some("ISRMIL")),
        ]
    );
    assert_eq!(found[3].metonymy, Some(Metonymy::Capital));
    assert_eq!(found[6].kind, ActorKind::Agent);
}

#[test]
fn longest_match_wins_and_words_stay_whole() {
    let text = "Russian Foreign Ministry spokeswoman Maria Zakharova told TASS.";
    let found = dict().find_all(text);
    let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(
        spans,
        vec![
            "Russian Foreign Ministry spokeswoman",
            "Maria Zakharova",
            "TASS"
        ]
    );
    assert_eq!(found[0].code.as_deref(), Some("RUSGOV"));
    assert_eq!(found[2].code.as_deref(), Some("RUSMED"));
    // No match inside words, in lower-case common words, or hidden by the stop list.
    for text in [
        "Tell us about the turkey and the china cabinet.",
        "Santa Fe, New Mexico, and the Indian Ocean.",
        "Israelite and Russianness",
    ] {
        let names: Vec<&str> = dict()
            .find_all(text)
            .iter()
            .filter(|m| m.kind != ActorKind::Agent)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert!(names.is_empty(), "{text}: {names:?}");
    }
}

#[test]
fn shared_names_follow_the_date() {
    let text = "Bush spoke.";
    let m = |date| dict().find_all_at(text, Some(date))[0].actor_id.clone();
    assert_eq!(m("1991-01-01"), "george_h_w_bush");
    assert_eq!(m("2003-01-01"), "george_w_bush");
}
