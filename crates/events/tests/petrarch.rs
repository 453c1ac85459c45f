//! PETRARCH-format dictionaries and the PETRARCH-style coder, on small dictionaries and
//! parses written for these tests.

use sitrep_events::petrarch::{
    parse_agents, ActorIndex, Discards, PatItem, PetrCode, PetrConfig, PetrDicts, PetrEvent,
    PetrFiles, VerbDict,
};
use sitrep_events::Error;

const VERBS: &str = "\
<!-- a test dictionary
     over two lines -->
&RELTYPE
+TRADE
+CULTURAL
&MONEY_   # no plurals
+SILVER PENNIES
+&METAL
&METAL
+GOLD
--- MEND  [064] ---
MEND    # regular forms
- * &RELTYPE TIES  [0641]
- * NEW_&RELTYPE_LINKS [0642]
- NOT_* [---]
- * FULL  [+++]
--- GREET  [041]  ---
GREET
SALUTE [042]
--- QUIT  [345] ---
QUIT {QUITS QUITTING}
- + * TALKS_IN $ [075A]
--- VISIT  [032:033] ---
VISIT
--- FENCE [---] ---
+FENCE_OFF
- * TOWN [1721]
--- PAY  [070] ---
PAY {PAID PAYS PAYING}
- + * &MONEY $ [071]
--- TALK  [---] ---
TALK
- % * [030:030]
- * WITH % [031]
--- DENOUNCE [122] ---
DENOUNCE
";

const ACTORS: &str = "\
RIVENDELL [RIV]
+IMLADRIS
MIRKWOOD_ [MIR]
LAKETOWN [LKT]
LAKETOWN HERALD [LKTMED]
BARD
\t[LKTREB <500101]
\t[LKTGOV 500102-]
DALE [DAL]
";

const AGENTS: &str = "\
!GUARD! = WARDEN, WARDENS
POLICE {} [~COP]
ELDER [~GOV]
BORDER_!GUARD! [~BRD]
RIGHTS_GROUP [NGO~]
CHILD {CHILDREN} [~CHL]
";

fn dicts() -> PetrDicts {
    let (entries, lints) = sitrep_actors::petrarch::parse_actors(ACTORS, "test.actors");
    assert!(lints.is_empty(), "{lints:?}");
    let mut actors = ActorIndex::default();
    actors.add_actors(&sitrep_actors::Dictionary::from_entries(entries));
    actors.add_agents(parse_agents(AGENTS, "test.agents").unwrap());
    PetrDicts {
        verbs: VerbDict::parse(VERBS, "test.verbs").unwrap(),
        actors,
        discards: Discards::parse("+DRAGON RACE\nHOBBIT BALL  # comment\n", "test.discards")
            .unwrap(),
    }
}

fn code(d: &PetrDicts, text: &str, ptb: &str) -> Vec<(String, String, String)> {
    code_on(d, text, ptb, Some("20200101"), &PetrConfig::default())
}

fn code_on(
    d: &PetrDicts,
    text: &str,
    ptb: &str,
    date: Option<&str>,
    config: &PetrConfig,
) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = d
        .code_parse(text, ptb, date, config)
        .unwrap()
        .into_iter()
        .map(
            |PetrEvent {
                 source,
                 target,
                 code,
             }| (source, target, code),
        )
        .collect();
    out.sort();
    out
}

fn ev(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.into(), t.into(), c.into())
}

#[test]
fn verb_dictionary_reads_synsets_forms_and_patterns() {
    let d = VerbDict::parse(VERBS, "test.verbs").unwrap();
    // Plurals for &RELTYPE, none for &MONEY_, nested &METAL expanded.
    let rel = &d.synsets["RELTYPE"];
    assert!(rel.contains(&vec!["TRADES".to_string()]));
    let money = &d.synsets["MONEY"];
    assert!(money.contains(&vec!["SILVER".to_string(), "PENNIES".to_string()]));
    assert!(money.contains(&vec!["GOLD".to_string()]));
    assert!(!money
        .iter()
        .any(|m| m.last().is_some_and(|w| w == "PENNIESS")));
    // Regular and irregular forms; a verb's own code.
    for w in ["MEND", "MENDS", "MENDED", "MENDING"] {
        assert_eq!(d.forms_of(w).len(), 1, "{w}");
    }
    assert!(d.forms_of("QUITED").is_empty());
    assert_eq!(d.forms_of("QUITTING")[0].code, PetrCode::parse("345"));
    assert_eq!(d.forms_of("SALUTED")[0].code.forward, "042");
    // A multi-word verb: FENCE followed by OFF.
    let f = &d.forms_of("FENCED")[0];
    assert_eq!(f.after, vec!["OFF".to_string()]);
    // Patterns, codes as written.
    let mend = &d.blocks[d.forms_of("MEND")[0].block];
    assert_eq!(mend.patterns.len(), 4);
    assert_eq!(mend.patterns[1].code.forward, "0642");
    assert!(mend.patterns[1].lower[1].joined);
    assert_eq!(
        mend.patterns[1].lower[1].item,
        PatItem::Synset("RELTYPE".into())
    );
    assert!(mend.patterns[2].joined_to_verb);
    assert!(mend.patterns[2].code.is_null());
    assert!(mend.patterns[3].code.is_null(), "+++ codes nothing");
    let quit = &d.blocks[d.forms_of("QUIT")[0].block];
    assert_eq!(quit.patterns[0].code.forward, "075A");
    assert_eq!(quit.patterns[0].lower.last().unwrap().item, PatItem::Source);
    let visit = PetrCode::parse("032:033");
    assert_eq!(visit.backward.as_deref(), Some("033"));
}

#[test]
fn malformed_verb_lines_name_file_and_line() {
    let cases = [
        ("- * TIES [064]\n", 1, "before any"),
        ("--- A [010] ---\nA\n- * &NOPE [011]\n", 3, "not defined"),
        ("--- A [010] ---\nA\n- * TIES [011\n", 3, "without `]`"),
        ("--- A [010] ---\nA\n- TIES [011]\n", 3, "without `*`"),
        ("&EMPTY\n--- A [010] ---\nA\n", 1, "no `+member`"),
        ("--- A [010] ---\nA_B {A_B}\n", 2, "needs a `+`"),
    ];
    for (text, line, what) in cases {
        match VerbDict::parse(text, "bad.verbs") {
            Err(Error::Parse {
                file,
                line: l,
                message,
            }) => {
                assert_eq!((file.as_str(), l), ("bad.verbs", line), "{text}");
                assert!(message.contains(what), "{message} / {what}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(matches!(
        parse_agents("POLICE {} \n", "bad.agents"),
        Err(Error::Parse { line: 1, .. })
    ));
}

#[test]
fn agents_plurals_sets_and_prefixes() {
    let a = parse_agents(AGENTS, "test.agents").unwrap();
    let has = |w: &str| a.iter().any(|x| x.words.join(" ") == w);
    assert!(has("POLICE") && !has("POLICES"), "{{}} means no plural");
    assert!(has("ELDER") && has("ELDERS"));
    assert!(has("BORDER WARDEN") && has("BORDER WARDENS"));
    assert!(!has("BORDER WARDENSS"));
    assert!(has("CHILDREN") && has("CHILD"));
    let rg = a.iter().find(|x| x.code == "NGO").unwrap();
    assert!(rg.prefix);
}

#[test]
fn codes_verbs_with_patterns_sources_and_targets() {
    let d = dicts();
    // The verb's own code; source before, target after.
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD mended) (NP (NNS relations)) (PP (IN with) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "064")]);
    // A pattern with a synset (plural member) wins over the verb's code.
    let p = "(ROOT (S (NP (NNP Imladris)) (VP (VBD mended) (NP (NN trade) (NNS ties)) (PP (IN with) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "0641")]);
    // Words joined by `_` must be adjacent: "new cultural links" matches, "new old cultural
    // links" does not.
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD mended) (NP (JJ new) (JJ cultural) (NNS links)) (PP (IN with) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "0642")]);
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD mended) (NP (JJ new) (JJ old) (JJ cultural) (NNS links)) (PP (IN with) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "064")]);
    // `+++` falls back to the verb's code.
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD mended) (NP (JJ full) (NNS ties)) (PP (IN with) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "064")]);
    // `$` after the verb, odd codes kept.
    let p = "(ROOT (S (NP (NNP Laketown)) (VP (VBD quit) (NP (NNS talks)) (PP (IN in) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("MIR", "LKT", "075A")]);
    // `+` before the verb, a synset member made of two words, `$` after.
    let p = "(ROOT (S (NP (NNP Dale)) (VP (VBD paid) (NP (JJ silver) (NNS pennies)) (PP (TO to) (NP (NNP Mirkwood)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("MIR", "DAL", "071")]);
}

#[test]
fn symmetric_codes_compounds_and_multiword_verbs() {
    let d = dicts();
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD visited) (NP (NNP Mirkwood))) (. .)))";
    assert_eq!(
        code(&d, "", p),
        vec![ev("MIR", "RIV", "033"), ev("RIV", "MIR", "032")]
    );
    // A compound subject: one event per member.
    let p = "(ROOT (S (NP (NNP Rivendell) (CC and) (NNP Laketown)) (VP (VBD greeted) (NP (NNP Mirkwood))) (. .)))";
    assert_eq!(
        code(&d, "", p),
        vec![ev("LKT", "MIR", "041"), ev("RIV", "MIR", "041")]
    );
    // `%` before the verb: the members with each other, both ways.
    let p = "(ROOT (S (NP (NNP Rivendell) (CC and) (NNP Laketown)) (VP (VBD talked)) (. .)))";
    assert_eq!(
        code(&d, "", p),
        vec![ev("LKT", "RIV", "030"), ev("RIV", "LKT", "030")]
    );
    // `%` after the verb: the compound is the target.
    let p = "(ROOT (S (NP (NNP Dale)) (VP (VBD talked) (PP (IN with) (NP (NNP Rivendell) (CC and) (NNP Laketown)))) (. .)))";
    assert_eq!(
        code(&d, "", p),
        vec![ev("DAL", "LKT", "031"), ev("DAL", "RIV", "031")]
    );
    // FENCE alone codes nothing; FENCE_OFF with its pattern does.
    let p = "(ROOT (S (NP (NNP Mirkwood)) (VP (VBD fenced) (PRT (RP off)) (NP (DT the) (NN town)) (PP (IN of) (NP (NNP Laketown)))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("MIR", "LKT", "1721")]);
    let p = "(ROOT (S (NP (NNP Mirkwood)) (VP (VBD fenced) (NP (NNP Laketown))) (. .)))";
    assert!(code(&d, "", p).is_empty());
}

#[test]
fn passives_commas_agents_dates_and_discards() {
    let d = dicts();
    // A passive with "by" swaps source and target.
    let p = "(ROOT (S (NP (NNP Mirkwood)) (VP (VBD was) (VP (VBN denounced) (PP (IN by) (NP (NNP Rivendell))))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "122")]);
    // Agents: suffixed, prefixed, alone (`---` kept when dyads are not required).
    let p = "(ROOT (S (NP (NNP Rivendell) (NNS elders)) (VP (VBD denounced) (NP (NNP Mirkwood) (NN police))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIVGOV", "MIRCOP", "122")]);
    let p = "(ROOT (S (NP (NNP Laketown) (NNS rights) (NN group)) (VP (VBD denounced) (NP (DT the) (NNS elders))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("NGOLKT", "---GOV", "122")]);
    // A name's words may have others between them; the longest name wins.
    let p = "(ROOT (S (NP (NNP Laketown) (JJ weekly) (NNP Herald)) (VP (VBD denounced) (NP (NNP Mirkwood))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("LKTMED", "MIR", "122")]);
    // The head of a subject with a modifier is the source, not an actor inside the modifier.
    let p = "(ROOT (S (NP (NP (NNP Rivendell) (NNS elders)) (PP (IN of) (NP (NP (DT the) (NN council)) (PP (IN with) (NP (NNP Laketown)))))) (VP (VBD denounced) (NP (NNP Mirkwood))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIVGOV", "MIR", "122")]);
    // Dated codes.
    let p = "(ROOT (S (NP (NNP Bard)) (VP (VBD denounced) (NP (NNP Mirkwood))) (. .)))";
    assert_eq!(
        code_on(&d, "", p, Some("19400101"), &PetrConfig::default()),
        vec![ev("LKTREB", "MIR", "122")]
    );
    assert_eq!(
        code_on(&d, "", p, Some("2020-01-01"), &PetrConfig::default()),
        vec![ev("LKTGOV", "MIR", "122")]
    );
    // An uncoded target is dropped unless dyads are not required.
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD denounced) (NP (DT the) (NNS orcs))) (. .)))";
    assert!(code(&d, "", p).is_empty());
    let mut loose = PetrConfig::default();
    loose.set("require_dyad", "False");
    assert_eq!(
        code_on(&d, "", p, None, &loose),
        vec![ev("RIV", "---", "122")]
    );
    loose.set("new_actor_length", "3");
    assert_eq!(
        code_on(&d, "", p, None, &loose),
        vec![ev("RIV", "THE ORCS", "122")]
    );
    // A short terminal clause after a comma is dropped: "an elder said" is not coded.
    let p = "(ROOT (S (S (NP (NNP Rivendell)) (VP (VBD denounced) (NP (NNP Mirkwood)))) (, ,) (NP (DT an) (NN elder)) (VP (VBD greeted) (NP (NNP Dale))) (. .)))";
    assert_eq!(code(&d, "", p), vec![ev("RIV", "MIR", "122")]);
    // Discards.
    let p = "(ROOT (S (NP (NNP Rivendell)) (VP (VBD denounced) (NP (NNP Mirkwood))) (. .)))";
    assert!(code(&d, "Rivendell denounced the hobbit ball in Mirkwood.", p).is_empty());
    assert_eq!(
        d.discards.find("After the Dragon Race, …").as_deref(),
        Some("+DRAGON RACE")
    );
    // A broken parse is an error, not a panic.
    assert!(matches!(
        d.code_parse("", "(ROOT (S (NP x)", None, &PetrConfig::default()),
        Err(Error::BadParse { .. })
    ));
}

#[test]
fn files_are_picked_by_name_preferring_the_verbs_prefix() {
    let dir = std::env::temp_dir().join(format!("sitrep-petr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        "Mine.verbs.txt",
        "Mine.actors.txt",
        "Mine.agents.txt",
        "Mine.discards.txt",
        "Other.actors.txt",
        "Other.agents.txt",
    ] {
        let text = match f {
            "Mine.verbs.txt" => VERBS,
            "Mine.actors.txt" | "Other.actors.txt" => ACTORS,
            "Mine.agents.txt" | "Other.agents.txt" => AGENTS,
            _ => "HOBBIT BALL\n",
        };
        std::fs::write(dir.join(f), text).unwrap();
    }
    let files = PetrFiles::find(&dir).unwrap();
    assert_eq!(files.actors, vec![dir.join("Mine.actors.txt")]);
    assert_eq!(files.agents, Some(dir.join("Mine.agents.txt")));
    let d = PetrDicts::load_dir(&dir).unwrap();
    assert_eq!(d.discards.len(), 1);
    assert!(d.verbs.pattern_count() > 5);
    std::fs::write(dir.join("Mine.verbs.txt"), "- * X [010]\n").unwrap();
    let e = PetrDicts::load_dir(&dir).unwrap_err().to_string();
    assert!(e.starts_with("Mine.verbs.txt:1:"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn verbs_translate_into_our_patterns_with_unknown_codes_added() {
    let verbs = VerbDict::parse(VERBS, "test.verbs").unwrap();
    let c = sitrep_events::Coder::petrarch_only(&verbs, "test.verbs").unwrap();
    let of = |head: &str| -> Vec<&sitrep_events::Pattern> { c.patterns().verbs_of(head).collect() };
    // MEND: the verb alone, `* &RELTYPE TIES`, `* NEW_&RELTYPE_LINKS`; not `NOT_*` (words
    // before the verb) nor the null-coded ones.
    let mend = of("mend");
    assert_eq!(mend.len(), 3, "{mend:?}");
    assert!(mend.iter().any(|p| p.code == "0641"
        && p.items.last()
            == Some(&sitrep_events::Item::Word(vec![
                vec!["ties".into()],
                vec!["tie".into()],
                vec!["ty".into()]
            ]))));
    // Codes the table lacked are there now, with neutral values.
    let info = c.codes().get("0642").unwrap();
    assert_eq!(info.code, "0642");
    // A multi-word verb keeps its particle; `+ * … $` (target before the verb) is left out.
    let fence = of("fence");
    assert_eq!(fence.len(), 1);
    assert_eq!(
        fence[0].items[0],
        sitrep_events::Item::Word(vec![vec!["off".into()]])
    );
    assert!(of("quit").iter().all(|p| p.code != "075A"));
    // `% *` (compound before the verb) carries over as the verb with its code; `* WITH %`
    // takes the compound as target.
    assert!(of("talk")
        .iter()
        .any(|p| p.code == "031" && p.items.last() == Some(&sitrep_events::Item::Target)));
    // On top of ours: the built-in patterns stay.
    let mut ours = sitrep_events::Coder::builtin().unwrap();
    let before = ours.patterns().all().len();
    let added = ours.add_petrarch_verbs(&verbs, "test.verbs");
    assert_eq!(ours.patterns().all().len(), before + added);
}

#[test]
fn odd_parses_give_errors_or_nothing_never_a_panic() {
    let d = dicts();
    let mut all_commas = PetrConfig::default();
    all_commas.set("comma_bmin", "0");
    all_commas.set("comma_bmax", "9");
    for ptb in [
        "",
        "(",
        ")",
        "()",
        ")(",
        "(ROOT)",
        "(, ,)",
        "(ROOT (, ) (, ) (VP (VBD denounced)))",
        "(ROOT (S (, ,) (, ,) (, ,) (VP (VBD denounced) (, ,) (NP (NNP Mirkwood)) (, ,))))",
        "(ROOT (S (NP (NNP Rivendell)) (VP (VBD denounced) (NP (NNP Mirkwood)))) (ROOT (S)))",
        "(ROOT (S (NP (CC and)) (VP (VB mend) (PRT) (NP (NP) (PP)))))",
        "(ROOT (S (VP (VBD fenced))))",
        "(ROOT (S (VP (VBD was) (VP (VBN denounced) (PP (IN by))))))",
        "(ROOT (S (NP (NNP Mirkwood) (NN wire)) (VP (VBD paid) (NP (NP (NNP Bard) (POS 's)) (NNS pennies)))))",
    ] {
        for config in [PetrConfig::default(), all_commas] {
            let _ = d.code_parse("x", ptb, Some("bad date"), &config);
        }
    }
}
