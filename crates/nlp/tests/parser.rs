//! Behaviour of the committed parser model (`models/parser.bin`) on hand-tagged sentences.

use sitrep_nlp::conllu::Word;
use sitrep_nlp::parser::Parser;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/parser.bin")
}

fn parser() -> &'static Parser {
    static P: OnceLock<Parser> = OnceLock::new();
    P.get_or_init(|| match Parser::load(&model_path()) {
        Ok(p) => p,
        Err(e) => panic!("the committed parser model must load: {e}"),
    })
}

/// Words from lines `form lemma UPOS XPOS feats`.
fn words(spec: &str) -> Vec<Word> {
    spec.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(c.len(), 5, "bad test line {l:?}");
            Word {
                form: c[0].into(),
                lemma: c[1].into(),
                upos: c[2].into(),
                xpos: c[3].into(),
                feats: if c[4] == "_" {
                    String::new()
                } else {
                    c[4].into()
                },
                ..Word::default()
            }
        })
        .collect()
}

/// (head form, deprel) of the word `form`.
fn attachment<'a>(ws: &'a [Word], form: &str) -> (&'a str, &'a str) {
    let w = ws
        .iter()
        .find(|w| w.form == form)
        .unwrap_or_else(|| panic!("no word {form}"));
    let head = match w.head {
        Some(0) => "ROOT",
        Some(h) => ws[h - 1].form.as_str(),
        None => panic!("{form} has no head"),
    };
    (head, w.deprel.as_str())
}

/// Exactly one root, every word reaches it, every label known to the model.
fn assert_tree(p: &Parser, ws: &[Word]) {
    let n = ws.len();
    assert_eq!(
        ws.iter().filter(|w| w.head == Some(0)).count(),
        1,
        "one root"
    );
    for (i, w) in ws.iter().enumerate() {
        let h = w.head.expect("every word gets a head");
        assert!(h <= n && h != i + 1, "head {h} of word {}", i + 1);
        assert!(
            p.labels().contains(&w.deprel),
            "unknown label {:?}",
            w.deprel
        );
        assert_eq!(w.deprel == "root", h == 0, "root label exactly on the root");
        let mut x = i + 1;
        for _ in 0..=n {
            if x == 0 {
                break;
            }
            x = ws[x - 1].head.unwrap_or(0);
        }
        assert_eq!(x, 0, "word {} is on a cycle", i + 1);
    }
}

#[test]
fn subject_and_object() {
    let p = parser();
    let mut ws = words(
        "Kadyrov Kadyrov PROPN NNP Number=Sing
         expressed express VERB VBD Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin
         his he PRON PRP$ Case=Gen|Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs
         support support NOUN NN Number=Sing
         for for ADP IN _
         the the DET DT Definite=Def|PronType=Art
         Palestinian Palestinian ADJ JJ Degree=Pos
         people people NOUN NNS Number=Plur
         . . PUNCT . _",
    );
    p.parse(&mut ws);
    assert_tree(p, &ws);
    assert_eq!(attachment(&ws, "expressed"), ("ROOT", "root"));
    assert_eq!(attachment(&ws, "Kadyrov"), ("expressed", "nsubj"));
    assert_eq!(attachment(&ws, "support"), ("expressed", "obj"));
    assert_eq!(attachment(&ws, "his"), ("support", "nmod:poss"));
    assert_eq!(attachment(&ws, "for"), ("people", "case"));
    assert_eq!(attachment(&ws, "Palestinian"), ("people", "amod"));
    assert_eq!(attachment(&ws, "."), ("expressed", "punct"));
}

#[test]
fn copes_without_lemmas_and_features() {
    // A tagger may leave lemmas and features out: the form stands in for the lemma.
    let p = parser();
    let mut ws = words(
        "Kadyrov _ PROPN NNP _
         expressed _ VERB VBD _
         his _ PRON PRP$ _
         support _ NOUN NN _
         for _ ADP IN _
         the _ DET DT _
         Palestinian _ ADJ JJ _
         people _ NOUN NNS _
         . _ PUNCT . _",
    );
    for w in &mut ws {
        w.lemma.clear();
    }
    p.parse(&mut ws);
    assert_tree(p, &ws);
    assert_eq!(attachment(&ws, "Kadyrov"), ("expressed", "nsubj"));
    assert_eq!(attachment(&ws, "support"), ("expressed", "obj"));
    assert_eq!(attachment(&ws, "his"), ("support", "nmod:poss"));
}

#[test]
fn passive_with_agent() {
    let p = parser();
    let mut ws = words(
        "a a DET DT Definite=Ind|PronType=Art
         rocket rocket NOUN NN Number=Sing
         attack attack NOUN NN Number=Sing
         was be AUX VBD Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin
         launched launch VERB VBN Tense=Past|VerbForm=Part|Voice=Pass
         on on ADP IN _
         Israeli Israeli ADJ JJ Degree=Pos
         territory territory NOUN NN Number=Sing
         by by ADP IN _
         the the DET DT Definite=Def|PronType=Art
         Hamas Hamas PROPN NNP Number=Sing
         militant militant ADJ JJ Degree=Pos
         group group NOUN NN Number=Sing",
    );
    p.parse(&mut ws);
    assert_tree(p, &ws);
    assert_eq!(attachment(&ws, "launched"), ("ROOT", "root"));
    let (head, rel) = attachment(&ws, "attack");
    assert_eq!(head, "launched");
    assert!(rel == "nsubj:pass" || rel == "nsubj", "{rel}");
    assert_eq!(attachment(&ws, "was"), ("launched", "aux:pass"));
    assert_eq!(attachment(&ws, "rocket"), ("attack", "compound"));
    let (head, rel) = attachment(&ws, "group");
    assert_eq!(head, "launched");
    assert!(rel == "obl:agent" || rel == "obl", "{rel}");
    assert_eq!(attachment(&ws, "territory"), ("launched", "obl"));
    assert_eq!(attachment(&ws, "by"), ("group", "case"));
}

#[test]
fn always_a_tree_even_on_garbage() {
    let p = parser();
    let tags = ["NOUN", "", "X", "PUNCT", "VERB", "???", "DET"];
    let xtags = ["NN", "", "ZZZ", ".", "VBD", "-LRB-", "DT"];
    let mut seed = 0x1234_5678_9abc_def0u64;
    for n in [1usize, 2, 3, 5, 8, 13, 40, 200] {
        let mut ws: Vec<Word> = (0..n)
            .map(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let t = (seed % 7) as usize;
                Word {
                    form: if i % 5 == 0 {
                        String::new()
                    } else {
                        format!("w{}é{}", seed % 97, "!".repeat(i % 3))
                    },
                    lemma: String::new(),
                    upos: tags[t].into(),
                    xpos: xtags[(t + i) % 7].into(),
                    feats: "Garbage=Yes".into(),
                    head: Some(999),
                    deprel: "bogus".into(),
                    ..Word::default()
                }
            })
            .collect();
        p.parse(&mut ws);
        assert_tree(p, &ws);
    }
    let mut none: Vec<Word> = Vec::new();
    p.parse(&mut none);
}

#[test]
fn save_load_round_trip_and_corrupt_models() {
    let p = parser();
    let dir = std::env::temp_dir().join(format!("sitrep-parser-test-{}", std::process::id()));
    let path = dir.join("parser.bin");
    p.save(&path).expect("save");
    let q = Parser::load(&path).expect("reload");
    let spec = "She she PRON PRP Case=Nom|Gender=Fem|Number=Sing|Person=3|PronType=Prs
                said say VERB VBD Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin
                the the DET DT Definite=Def|PronType=Art
                talks talk NOUN NNS Number=Plur
                failed fail VERB VBD Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin
                . . PUNCT . _";
    let (mut a, mut b) = (words(spec), words(spec));
    p.parse(&mut a);
    q.parse(&mut b);
    assert_eq!(a, b);
    assert_eq!(attachment(&a, "failed"), ("said", "ccomp"));

    // Flip a byte inside the compressed payload: the gzip check must catch it.
    let mut bytes = std::fs::read(&path).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&path, &bytes).expect("write");
    let e = Parser::load(&path).expect_err("corrupt model").to_string();
    assert!(e.contains("parser.bin") && e.contains("corrupt"), "{e}");

    std::fs::write(&path, b"not a model at all").expect("write");
    let e = Parser::load(&path).expect_err("garbage").to_string();
    assert!(e.contains("not a sitrep model"), "{e}");

    sitrep_nlp::model::write_model(&path, "tagger", 1, |w| w.write_all(b"x")).expect("write");
    let e = Parser::load(&path).expect_err("wrong kind").to_string();
    assert!(e.contains("expected a parser model"), "{e}");

    sitrep_nlp::model::write_model(&path, "parser", 1, |w| w.write_all(&[3, 0, 0, 0, 1]))
        .expect("write");
    let e = Parser::load(&path).expect_err("truncated").to_string();
    assert!(e.contains("truncated"), "{e}");

    let e = Parser::load(&dir.join("missing.bin"))
        .expect_err("missing")
        .to_string();
    assert!(e.contains("missing.bin"), "{e}");
    let _ = std::fs::remove_dir_all(dir);
}
