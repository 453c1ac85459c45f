//! The quote finder on articles we wrote, tokenised, tagged and parsed by our own shipped
//! models: one test per case of direct, indirect and mixed quotes, speakers, media and relays.

use sitrep_actors::Dictionary;
use sitrep_nlp::analyze::{find_models_dir, Analyzer};
use sitrep_quotes::{find, Input};
use sitrep_types::{Quote, QuoteKind, Span};
use std::sync::OnceLock;

struct Kit {
    an: Analyzer,
    dict: Dictionary,
}

fn kit() -> &'static Kit {
    static KIT: OnceLock<Kit> = OnceLock::new();
    KIT.get_or_init(|| Kit {
        an: Analyzer::load(&find_models_dir(None).expect("models/ folder")).unwrap(),
        dict: Dictionary::builtin().unwrap(),
    })
}

/// Paragraphs are separated by blank lines.
fn quotes(body: &str) -> Vec<Quote> {
    let k = kit();
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut entities = Vec::new();
    let mut start = 0;
    for part in body.split("\n\n") {
        paragraphs.push(Span::new(start, start + part.len()));
        for s in k.an.analyze(part) {
            entities.extend(s.mentions(start, body));
            sentences.push(s.to_record(start));
        }
        start += part.len() + 2;
    }
    // Mentions resolved to actors, as the pipeline does.
    for m in &mut entities {
        if let Some(r) = k.dict.resolve_phrase(&m.text, Some("2023-10-10")) {
            m.actor = Some(r.actor_id);
            m.code = Some(r.code);
        }
    }
    find(
        &Input {
            body,
            paragraphs: &paragraphs,
            sentences: &sentences,
            entities: &entities,
            date: Some("2023-10-10"),
        },
        Some(&k.dict),
    )
}

fn starting<'a>(qs: &'a [Quote], prefix: &str) -> &'a Quote {
    qs.iter()
        .find(|q| q.text.starts_with(prefix))
        .unwrap_or_else(|| panic!("no quote starting {prefix:?} in {qs:#?}"))
}

fn speaker(q: &Quote) -> (&str, Option<&str>) {
    let s = q.speaker.as_ref().expect("a speaker");
    (s.name.as_deref().unwrap_or(&s.text), s.code.as_deref())
}

#[test]
fn direct_quote_with_cue_after_and_telegram_and_relay() {
    let qs = quotes("“I appeal to the international community to act now,” Ramzan Kadyrov wrote on his Telegram channel, quoted by Newsweek.");
    let q = starting(&qs, "I appeal");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q), ("Ramzan Kadyrov", Some("RUSGOV")));
    assert_eq!(q.cue.as_ref().unwrap().text, "wrote");
    assert_eq!(q.medium.as_deref(), Some("Telegram"));
    assert_eq!(q.relays, ["Newsweek"]);
}

#[test]
fn speaker_before_the_quote_with_a_colon() {
    let qs = quotes(
        "Maria Zakharova told reporters: “The escalation is the result of mistakes by the West.”",
    );
    let q = starting(&qs, "The escalation");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q).0, "Maria Zakharova");
}

#[test]
fn speaker_inside_a_split_quote() {
    let qs = quotes("“We will not stop,” the minister stressed, “until every hostage is home.”");
    let q = starting(&qs, "We will not stop");
    assert_eq!(q.cue.as_ref().unwrap().text, "stressed");
    assert_eq!(q.speaker.as_ref().unwrap().text, "the minister");
}

#[test]
fn speaker_after_a_dash() {
    let qs = quotes("“Peace is possible only through talks.” — Sergey Lavrov");
    let q = starting(&qs, "Peace is possible");
    assert!(speaker(q).0.ends_with("Lavrov"), "{q:#?}");
    assert_eq!(q.cue.as_ref().unwrap().text, "—");
}

#[test]
fn inverted_cue_and_other_verbs() {
    for (text, cue) in [
        (
            "“The talks will resume on Monday,” said Maria Zakharova.",
            "said",
        ),
        (
            "“There will be no ceasefire,” Vladimir Putin warned.",
            "warned",
        ),
        (
            "“We did nothing wrong,” Vladimir Putin insisted.",
            "insisted",
        ),
        ("“That is the end of it,” Vladimir Putin added.", "added"),
    ] {
        let qs = quotes(text);
        assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
        assert_eq!(qs[0].cue.as_ref().unwrap().text, cue, "{text}");
        assert!(speaker(&qs[0]).0.contains("Putin") || speaker(&qs[0]).0.contains("Zakharova"));
    }
}

#[test]
fn speaker_carried_over_to_the_next_quote_paragraph() {
    let body = "“I appeal to the world,” Ramzan Kadyrov wrote on Telegram, quoted by Newsweek.\n\n“I call on the leaders of Muslim countries to form a coalition.”";
    let qs = quotes(body);
    let q = starting(&qs, "I call on");
    assert_eq!(speaker(q), ("Ramzan Kadyrov", Some("RUSGOV")));
    assert!(q.cue.is_none());
    assert_eq!(q.medium.as_deref(), Some("Telegram"));
    assert_eq!(q.relays, ["Newsweek"]);
}

#[test]
fn quote_over_two_paragraphs_is_one_quote() {
    let body = "Vladimir Putin said: “The first part is here.\n\n“And the second part is here.”\n\nThe meeting ended.";
    let qs = quotes(body);
    let q = starting(&qs, "The first part");
    assert!(q.text.ends_with("the second part is here."), "{q:#?}");
    assert_eq!(speaker(q).0, "Vladimir Putin");
}

#[test]
fn unbalanced_mark_does_not_fail_the_article() {
    let body = "Vladimir Putin said “the operation goes on as planned.\n\n“We will win,” Maria Zakharova said.";
    let qs = quotes(body);
    assert!(qs.iter().any(|q| q.text.starts_with("the operation")));
    let q = starting(&qs, "We will win");
    assert_eq!(speaker(q).0, "Maria Zakharova");
}

#[test]
fn names_and_scare_quotes_are_not_quotes() {
    let qs = quotes("In response, Tel Aviv initiated a military operation called “Iron Sword”. The so-called “peace plan” was dropped.");
    assert!(qs.is_empty(), "{qs:#?}");
    let qs = quotes("Maria Zakharova appeared on “Face the Nation,” a Sunday programme.");
    assert!(qs.is_empty(), "{qs:#?}");
}

#[test]
fn apostrophes_are_not_quotes() {
    let qs = quotes("Gaza's residents shouldn't have to flee, as they did in the '90s.");
    assert!(qs.is_empty(), "{qs:#?}");
}

#[test]
fn mixed_quote_with_a_quoted_fragment() {
    let qs = quotes("Ramzan Kadyrov said the Chechen Republic was ready to provide its own units as “peacekeeping forces” if needed.");
    let q = starting(&qs, "the Chechen Republic");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker(q).0, "Ramzan Kadyrov");
}

#[test]
fn indirect_quotes() {
    let qs = quotes("Hamas issued a statement that its fighters had captured 35 soldiers.");
    let q = starting(&qs, "that its fighters");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q).0, "Hamas");

    let qs = quotes("According to Maria Zakharova, political and diplomatic methods are needed.");
    let q = starting(&qs, "political and diplomatic");
    assert_eq!(speaker(q).0, "Maria Zakharova");
    assert_eq!(q.cue.as_ref().unwrap().text, "According to");

    let qs = quotes("Vladimir Putin told TASS that the talks had failed.");
    let q = starting(&qs, "that the talks");
    assert_eq!(speaker(q).0, "Vladimir Putin");
    assert_eq!(q.relays, ["TASS"]);
}

#[test]
fn according_to_with_a_name_in_apposition() {
    let qs = quotes("According to the spokesperson for the Russian Ministry of Foreign Affairs, Maria Zakharova, political and diplomatic methods are needed.");
    let q = starting(&qs, "political and diplomatic");
    assert_eq!(speaker(q), ("Maria Zakharova", Some("RUSGOV")));
}

#[test]
fn pronoun_goes_to_the_last_speaker_even_against_its_gender() {
    let body = "According to Maria Zakharova, the talks must go on.\n\n“This can be resolved through negotiation,” he was quoted as saying by the official Russian media, TASS.";
    let qs = quotes(body);
    let q = starting(&qs, "This can be resolved");
    assert_eq!(speaker(q).0, "Maria Zakharova");
    assert_eq!(q.cue.as_ref().unwrap().text, "quoted as saying");
    assert_eq!(q.relays, ["TASS"]);
}

#[test]
fn pronoun_prefers_the_speaker_of_its_gender() {
    let body = "Jeff Merkley criticized the bank on Tuesday. Hillary Clinton also spoke.\n\n“It should be broken up,” she said.";
    let qs = quotes(body);
    let q = starting(&qs, "It should be broken up");
    assert_eq!(speaker(q).0, "Hillary Clinton");
}

#[test]
fn description_resolves_to_the_person_named_before() {
    let body = "“We support Palestine,” Ramzan Kadyrov wrote.\n\n“I myself have been to Israel,” added the close ally of Russian President Vladimir Putin.";
    let qs = quotes(body);
    let q = starting(&qs, "I myself");
    assert_eq!(speaker(q).0, "Ramzan Kadyrov");
    assert_eq!(
        q.speaker.as_ref().unwrap().text,
        "the close ally of Russian President Vladimir Putin"
    );
}

#[test]
fn media_and_relays() {
    let cases = [
        (
            "“We are ready,” Vladimir Putin said in an interview with CNN.",
            Some("interview"),
            vec!["CNN"],
        ),
        (
            "“We are ready,” Vladimir Putin said at a press conference in Moscow.",
            Some("press conference"),
            vec![],
        ),
        (
            "“We are ready,” Vladimir Putin said on television.",
            Some("television"),
            vec![],
        ),
        (
            "“We are ready,” Vladimir Putin wrote on X.",
            Some("X/Twitter"),
            vec![],
        ),
        (
            "“We are ready,” Vladimir Putin said in a statement.",
            Some("statement"),
            vec![],
        ),
        (
            "“We are ready,” Vladimir Putin said, according to Reuters.",
            None,
            vec!["Reuters"],
        ),
    ];
    for (text, medium, relays) in cases {
        let qs = quotes(text);
        let q = starting(&qs, "We are ready");
        assert_eq!(q.medium.as_deref(), medium, "{text}");
        assert_eq!(q.relays, relays, "{text}");
    }
}
