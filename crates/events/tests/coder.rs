//! The coder on hand-built parses (so the structure rules are tested without the parser)
//! and on sentences we wrote, parsed by our own models.

use sitrep_actors::Dictionary;
use sitrep_events::Coder;
use sitrep_types::{Event, Modality, Sentence, Span, Token};

const CODES: &str = "\
010  0.0   STATEMENT -  -  make a statement
051  3.4   SUPPORT   -  diplomatic praise or endorse
112  -2.0  ACCUSE    disapprove - accuse
163  -8.0  SANCTION  - economic impose embargo or sanctions
173  -5.0  COERCE    arrest legal arrest or detain
190  -10.0 ASSAULT   - military use conventional military force
195  -10.0 ASSAULT   - military employ aerial weapons
";

const VERBS: &str = "\
&WEAPON = rocket missile
&ATTACK = attack strike
010 say
051 support +
112 accuse + of
163 impose sanction on +
173 arrest +
195 fire &WEAPON at +
195 launch &WEAPON &ATTACK on +
190 attack +
190 launch &ATTACK on +
n:190 &ATTACK on +
";

fn coder() -> Coder {
    Coder::from_texts(CODES, VERBS).unwrap()
}

fn dict() -> Dictionary {
    Dictionary::builtin().unwrap()
}

/// A sentence from `(form, lemma, upos, head, deprel)` rows; spans follow the forms joined
/// by single spaces. Returns the sentence and its text.
fn sent(rows: &[(&str, &str, &str, usize, &str)]) -> (Sentence, String) {
    let mut text = String::new();
    let mut tokens = Vec::new();
    for (form, lemma, upos, head, deprel) in rows {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(form);
        tokens.push(Token {
            text: (*form).to_string(),
            span: Span::new(start, text.len()),
            lemma: (*lemma).to_string(),
            upos: (*upos).to_string(),
            head: *head,
            deprel: (*deprel).to_string(),
            ..Token::default()
        });
    }
    let span = Span::new(0, text.len());
    (Sentence { span, tokens }, text)
}

fn code(rows: &[(&str, &str, &str, usize, &str)], date: Option<&str>) -> Vec<Event> {
    let (s, text) = sent(rows);
    coder().code_sentence(&dict(), &text, date, &s)
}

fn brief(e: &Event) -> (String, String, String) {
    (
        e.source.code.clone().unwrap_or_default(),
        e.cameo.clone(),
        e.target
            .as_ref()
            .and_then(|t| t.code.clone())
            .unwrap_or_default(),
    )
}

#[test]
fn subject_verb_object_with_a_weapon_word_and_a_weekday() {
    // Palestinian militants fired rockets at Israel on Saturday .
    let ev = code(
        &[
            ("Palestinian", "Palestinian", "ADJ", 2, "amod"),
            ("militants", "militant", "NOUN", 3, "nsubj"),
            ("fired", "fire", "VERB", 0, "root"),
            ("rockets", "rocket", "NOUN", 3, "obj"),
            ("at", "at", "ADP", 6, "case"),
            ("Israel", "Israel", "PROPN", 3, "obl"),
            ("on", "on", "ADP", 8, "case"),
            ("Saturday", "Saturday", "PROPN", 3, "obl"),
            (".", ".", "PUNCT", 3, "punct"),
        ],
        Some("2023-10-10"),
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(brief(&ev[0]), ("PSEREB".into(), "195".into(), "ISR".into()));
    let e = &ev[0];
    assert_eq!(
        (e.root.as_str(), e.quad, e.plover.kind.as_str()),
        ("19", 4, "ASSAULT")
    );
    let d = e.date.as_ref().unwrap();
    assert_eq!(
        (d.value.as_str(), d.source.as_str()),
        ("2023-10-07", "sentence")
    );
    assert!(!e.negated);
    assert_eq!(e.modality, Modality::Asserted);
}

#[test]
fn passive_by_agent_is_the_source_and_the_subject_the_target() {
    // Israel was attacked by Hamas .
    let ev = code(
        &[
            ("Israel", "Israel", "PROPN", 3, "nsubj:pass"),
            ("was", "be", "AUX", 3, "aux:pass"),
            ("attacked", "attack", "VERB", 0, "root"),
            ("by", "by", "ADP", 5, "case"),
            ("Hamas", "Hamas", "PROPN", 3, "obl:agent"),
        ],
        None,
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(brief(&ev[0]), ("PSEREB".into(), "190".into(), "ISR".into()));
}

#[test]
fn negation_and_future_are_read_from_the_parse() {
    // Israel did not attack Gaza .
    let ev = code(
        &[
            ("Israel", "Israel", "PROPN", 4, "nsubj"),
            ("did", "do", "AUX", 4, "aux"),
            ("not", "not", "PART", 4, "advmod"),
            ("attack", "attack", "VERB", 0, "root"),
            ("Gaza", "Gaza", "PROPN", 4, "obj"),
        ],
        None,
    );
    assert_eq!(ev.len(), 1);
    assert!(ev[0].negated);
    // The EU will impose sanctions on Russia .
    let ev = code(
        &[
            ("The", "the", "DET", 2, "det"),
            ("EU", "EU", "PROPN", 4, "nsubj"),
            ("will", "will", "AUX", 4, "aux"),
            ("impose", "impose", "VERB", 0, "root"),
            ("sanctions", "sanction", "NOUN", 4, "obj"),
            ("on", "on", "ADP", 7, "case"),
            ("Russia", "Russia", "PROPN", 4, "obl"),
        ],
        None,
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(brief(&ev[0]).1, "163");
    assert_eq!(ev[0].target.as_ref().unwrap().code.as_deref(), Some("RUS"));
    assert_eq!(ev[0].modality, Modality::Future);
}

#[test]
fn coordinated_subjects_give_one_event_each() {
    // Russia and China support Iran .
    let ev = code(
        &[
            ("Russia", "Russia", "PROPN", 4, "nsubj"),
            ("and", "and", "CCONJ", 3, "cc"),
            ("China", "China", "PROPN", 1, "conj"),
            ("support", "support", "VERB", 0, "root"),
            ("Iran", "Iran", "PROPN", 4, "obj"),
        ],
        None,
    );
    let mut got: Vec<_> = ev.iter().map(brief).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("CHN".into(), "051".into(), "IRN".into()),
            ("RUS".into(), "051".into(), "IRN".into())
        ]
    );
}

#[test]
fn a_reported_clause_is_claimed_by_the_speaker_and_its_pronoun_resolves_to_them() {
    // Hamas said it arrested 35 Israeli soldiers .
    let ev = code(
        &[
            ("Hamas", "Hamas", "PROPN", 2, "nsubj"),
            ("said", "say", "VERB", 0, "root"),
            ("it", "it", "PRON", 4, "nsubj"),
            ("arrested", "arrest", "VERB", 2, "ccomp"),
            ("35", "35", "NUM", 7, "nummod"),
            ("Israeli", "Israeli", "ADJ", 7, "amod"),
            ("soldiers", "soldier", "NOUN", 4, "obj"),
        ],
        None,
    );
    assert_eq!(
        ev.len(),
        1,
        "generic `say` is dropped when a specific event exists: {ev:#?}"
    );
    assert_eq!(
        brief(&ev[0]),
        ("PSEREB".into(), "173".into(), "ISRMIL".into())
    );
    assert_eq!(
        ev[0].claimed_by.as_ref().unwrap().code.as_deref(),
        Some("PSEREB")
    );
}

#[test]
fn an_event_noun_takes_its_source_from_the_light_verb_or_an_adjective() {
    // Hamas launched an attack on Israel .
    let ev = code(
        &[
            ("Hamas", "Hamas", "PROPN", 2, "nsubj"),
            ("launched", "launch", "VERB", 0, "root"),
            ("an", "a", "DET", 4, "det"),
            ("attack", "attack", "NOUN", 2, "obj"),
            ("on", "on", "ADP", 6, "case"),
            ("Israel", "Israel", "PROPN", 4, "nmod"),
        ],
        None,
    );
    assert_eq!(ev.len(), 1, "the noun is used by the verb pattern: {ev:#?}");
    assert_eq!(brief(&ev[0]), ("PSEREB".into(), "190".into(), "ISR".into()));
    // The Israeli strike on Gaza killed 10 .
    let ev = code(
        &[
            ("The", "the", "DET", 3, "det"),
            ("Israeli", "Israeli", "ADJ", 3, "amod"),
            ("strike", "strike", "NOUN", 7, "nsubj"),
            ("on", "on", "ADP", 5, "case"),
            ("Gaza", "Gaza", "PROPN", 3, "nmod"),
            ("10", "10", "NUM", 7, "obj"),
            ("killed", "kill", "VERB", 0, "root"),
        ],
        None,
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(brief(&ev[0]).0, "ISR");
    assert_eq!(brief(&ev[0]).1, "190");
}

#[test]
fn a_description_refers_to_the_person_named_before_but_not_to_a_name_inside_it() {
    let (s1, t1) = sent(&[
        ("Kadyrov", "Kadyrov", "PROPN", 2, "nsubj"),
        ("spoke", "speak", "VERB", 0, "root"),
    ]);
    // the ally of Putin accused Israel of aggression
    let (mut s2, t2) = sent(&[
        ("the", "the", "DET", 2, "det"),
        ("ally", "ally", "NOUN", 5, "nsubj"),
        ("of", "of", "ADP", 4, "case"),
        ("Putin", "Putin", "PROPN", 2, "nmod"),
        ("accused", "accuse", "VERB", 0, "root"),
        ("Israel", "Israel", "PROPN", 5, "obj"),
        ("of", "of", "ADP", 8, "case"),
        ("aggression", "aggression", "NOUN", 5, "obl"),
    ]);
    let body = format!("{t1} {t2}");
    let shift = t1.len() + 1;
    for t in &mut s2.tokens {
        t.span = Span::new(t.span.start + shift, t.span.end + shift);
    }
    s2.span = Span::new(shift, body.len());
    let ev = coder().code_article(&dict(), &body, Some("2023-10-10"), &[s1, s2]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].source.actor.as_deref(), Some("ramzan_kadyrov"));
    assert_eq!(ev[0].source.text, "the ally");
    assert_eq!(ev[0].cameo, "112");
}

#[test]
fn malformed_pattern_files_name_the_line() {
    let err = Coder::from_texts(CODES, "051 support +\n999 nonsense\n").unwrap_err();
    assert!(err.to_string().starts_with("verbs.txt:2:"), "{err}");
    let err = Coder::from_texts(CODES, "051 support &NOPE\n").unwrap_err();
    assert!(err.to_string().contains("&NOPE"), "{err}");
    let err = Coder::from_texts("0x1 1 A\n", "").unwrap_err();
    assert!(err.to_string().starts_with("cameo.txt:1:"), "{err}");
}

#[test]
fn the_shipped_dictionaries_load_and_cover_every_code() {
    let c = Coder::builtin().unwrap();
    assert!(c.codes().len() >= 300, "{} codes", c.codes().len());
    for info in c.codes().iter().filter(|i| i.code.len() > 2) {
        assert!(
            c.patterns().all().iter().any(|p| p.code == info.code),
            "no pattern for {} ({})",
            info.code,
            info.name
        );
    }
}
