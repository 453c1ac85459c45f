//! Tagger and lemmatizer: the shipped model on sentences of our own, training on a tiny corpus
//! of our own, save/load round trips and model-file errors.

use sitrep_nlp::conllu::{self, Sentence, Word};
use sitrep_nlp::lemma::Lemmatizer;
use sitrep_nlp::tagger::{self, Tagger, TrainOptions};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/tagger.bin")
}

fn shipped() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(|| Tagger::load(&model_path()).expect("models/tagger.bin loads"))
}

fn words(text: &str) -> Vec<Word> {
    text.split_whitespace()
        .map(|f| Word {
            form: f.to_string(),
            ..Word::default()
        })
        .collect()
}

fn tagged(t: &Tagger, text: &str) -> Vec<Word> {
    let mut w = words(text);
    t.tag(&mut w);
    w
}

fn find<'a>(ws: &'a [Word], form: &str) -> &'a Word {
    ws.iter()
        .find(|w| w.form == form)
        .unwrap_or_else(|| panic!("{form} not in sentence"))
}

fn feat<'a>(w: &'a Word, key: &str) -> Option<&'a str> {
    w.feats
        .split('|')
        .find_map(|kv| kv.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

#[test]
fn shipped_model_tags_a_news_sentence() {
    let ws = tagged(
        shipped(),
        "Kadyrov expressed his support for the Palestinian people .",
    );
    let e = find(&ws, "expressed");
    assert_eq!((e.upos.as_str(), e.xpos.as_str()), ("VERB", "VBD"), "{e:?}");
    assert_eq!(feat(e, "Tense"), Some("Past"), "{e:?}");
    assert_eq!(feat(e, "VerbForm"), Some("Fin"), "{e:?}");
    assert_eq!(feat(e, "Mood"), Some("Ind"), "{e:?}");
    assert_eq!(e.lemma, "express");
    let k = find(&ws, "Kadyrov");
    assert_eq!(
        (k.upos.as_str(), k.xpos.as_str()),
        ("PROPN", "NNP"),
        "{k:?}"
    );
    assert_eq!(k.lemma, "Kadyrov");
    let his = find(&ws, "his");
    assert_eq!(his.xpos, "PRP$");
    assert_eq!(feat(his, "Poss"), Some("Yes"));
    // EWT's convention: possessive pronouns are their own lemma.
    assert_eq!(his.lemma, "his");
    let p = find(&ws, "people");
    assert_eq!(p.upos, "NOUN");
    assert_eq!(p.lemma, "people");
    let pal = find(&ws, "Palestinian");
    assert_eq!(pal.upos, "ADJ");
    assert_eq!(pal.lemma, "Palestinian");
    let dot = find(&ws, ".");
    assert_eq!((dot.upos.as_str(), dot.xpos.as_str()), ("PUNCT", "."));
}

#[test]
fn shipped_model_tags_auxiliaries_and_participles() {
    let ws = tagged(
        shipped(),
        "The Israeli Army had launched an attack on the town .",
    );
    let had = find(&ws, "had");
    assert_eq!(
        (had.upos.as_str(), had.xpos.as_str()),
        ("AUX", "VBD"),
        "{had:?}"
    );
    assert_eq!(had.lemma, "have");
    let l = find(&ws, "launched");
    assert_eq!((l.upos.as_str(), l.xpos.as_str()), ("VERB", "VBN"), "{l:?}");
    assert_eq!(feat(l, "VerbForm"), Some("Part"));
    assert_eq!(feat(l, "Tense"), Some("Past"));
    assert_eq!(l.lemma, "launch");
    let army = find(&ws, "Army");
    assert!(["NOUN", "PROPN"].contains(&army.upos.as_str()), "{army:?}");
    // Proper nouns keep their case; common nouns are lowercased.
    let lemma = if army.upos == "PROPN" { "Army" } else { "army" };
    assert_eq!(army.lemma, lemma);
    let the = find(&ws, "The");
    assert_eq!(the.lemma, "the");
    assert_eq!(feat(the, "Definite"), Some("Def"));

    let ws = tagged(
        shipped(),
        "The talks were held in Cairo and she says they will resume .",
    );
    let were = find(&ws, "were");
    assert_eq!((were.upos.as_str(), were.lemma.as_str()), ("AUX", "be"));
    assert_eq!(feat(were, "Number"), Some("Plur"), "{were:?}");
    let held = find(&ws, "held");
    assert_eq!((held.xpos.as_str(), held.lemma.as_str()), ("VBN", "hold"));
    assert_eq!(feat(held, "Voice"), Some("Pass"), "{held:?}");
    let says = find(&ws, "says");
    assert_eq!(says.xpos, "VBZ");
    assert_eq!(feat(says, "Person"), Some("3"));
    assert_eq!(feat(says, "Number"), Some("Sing"));
    assert_eq!(feat(says, "Tense"), Some("Pres"));
    assert_eq!(says.lemma, "say");
    let will = find(&ws, "will");
    assert_eq!((will.upos.as_str(), will.xpos.as_str()), ("AUX", "MD"));
    let talks = find(&ws, "talks");
    assert_eq!((talks.xpos.as_str(), talks.lemma.as_str()), ("NNS", "talk"));
    assert_eq!(feat(talks, "Number"), Some("Plur"));
}

#[test]
fn shipped_model_lemmatizes_irregulars_and_unknown_words() {
    let t = shipped();
    let ws = tagged(t, "The children went home because it was better there .");
    assert_eq!(find(&ws, "children").lemma, "child");
    assert_eq!(find(&ws, "went").lemma, "go");
    assert_eq!(find(&ws, "was").lemma, "be");
    assert_eq!(find(&ws, "better").lemma, "good");
    // Direct lemmatizer calls, including forms never seen in training.
    let l = t.lemmatizer();
    assert_eq!(l.lemmatize("went", "VERB", "VBD"), "go");
    assert_eq!(l.lemmatize("Studies", "NOUN", "NNS"), "study");
    assert_eq!(l.lemmatize("bombarded", "VERB", "VBD"), "bombard");
    assert_eq!(l.lemmatize("ceasefires", "NOUN", "NNS"), "ceasefire");
    assert_eq!(l.lemmatize("worried", "VERB", "VBD"), "worry");
    assert_eq!(l.lemmatize("denounces", "VERB", "VBZ"), "denounce");
    assert_eq!(l.lemmatize("Hezbollah", "PROPN", "NNP"), "Hezbollah");
    assert_eq!(l.lemmatize("blorfing", "VERB", "VBG"), "blorf");
    assert_eq!(l.lemmatize("zorbles", "NOUN", "NNS"), "zorble");
}

#[test]
fn shipped_model_handles_edge_cases() {
    let t = shipped();
    let mut none: Vec<Word> = Vec::new();
    t.tag(&mut none);
    let ws = tagged(t, "2024 !!! ... @user http://x.y/z ☃ naïve-ish");
    assert!(ws
        .iter()
        .all(|w| !w.upos.is_empty() && !w.xpos.is_empty() && !w.lemma.is_empty()));
    assert_eq!(find(&ws, "2024").upos, "NUM");
    // Tagging is a pure function of the forms: tagging again changes nothing.
    let mut again = ws.clone();
    t.tag(&mut again);
    assert_eq!(again, ws);
}

const TINY: &str = "\
# sent_id = t-1
1\tThe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\tNumber=Sing\t3\tnsubj\t_\t_
3\tbarked\tbark\tVERB\tVBD\tMood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = t-2
1\tDogs\tdog\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tbark\tbark\tVERB\tVBP\tMood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin\t0\troot\t_\t_
3\tloudly\tloudly\tADV\tRB\t_\t2\tadvmod\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = t-3
1\tA\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\tNumber=Sing\t4\tnsubj\t_\t_
3\thas\thave\tAUX\tVBZ\tMood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t4\taux\t_\t_
4\tslept\tsleep\tVERB\tVBN\tTense=Past|VerbForm=Part\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = t-4
1\tMary\tMary\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tsaw\tsee\tVERB\tVBD\tMood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t4\tdet\t_\t_
4\tcats\tcat\tNOUN\tNNS\tNumber=Plur\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = t-5
1\tThe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t2\tdet\t_\t_
2\tcats\tcat\tNOUN\tNNS\tNumber=Plur\t3\tnsubj\t_\t_
3\twere\tbe\tAUX\tVBD\tMood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin\t4\taux\t_\t_
4\tsleeping\tsleep\tVERB\tVBG\tTense=Pres|VerbForm=Part\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = t-6
1\tMary\tMary\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tsaw\tsee\tVERB\tVBD\tMood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t4\tdet\t_\t_
4\tdog\tdog\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn tiny() -> Vec<Sentence> {
    conllu::read(TINY.as_bytes()).expect("tiny corpus parses")
}

fn tiny_options() -> TrainOptions {
    TrainOptions {
        epochs: 8,
        // Weights of a tiny corpus are small: keep them all.
        prune: 0.0,
        ..TrainOptions::default()
    }
}

fn strip(s: &[Sentence]) -> Vec<Vec<Word>> {
    s.iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| Word {
                    form: w.form.clone(),
                    ..Word::default()
                })
                .collect()
        })
        .collect()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-tagger-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn trains_on_a_tiny_corpus_and_round_trips() {
    let data = tiny();
    let mut log = Vec::new();
    let t = Tagger::train(&data, &data, &tiny_options(), &mut |m| {
        log.push(m.to_string())
    });
    assert!(log.iter().any(|l| l.contains("tags epoch 8/8")), "{log:?}");
    let s = t.evaluate(&data);
    assert_eq!(s.words, 28);
    assert!(s.upos >= 99.9, "{s:?}");
    assert!(s.xpos >= 99.9, "{s:?}");
    assert!(s.ufeats >= 99.9, "{s:?}");
    assert!(s.lemma >= 99.9, "{s:?}");

    let p = temp("tiny.bin");
    t.save(&p).expect("save");
    let u = Tagger::load(&p).expect("load");
    for mut ws in strip(&data) {
        let mut ws2 = ws.clone();
        t.tag(&mut ws);
        u.tag(&mut ws2);
        assert_eq!(ws, ws2);
    }
    // Deterministic: the same data and seed give the same model file.
    let t2 = Tagger::train(&data, &data, &tiny_options(), &mut |_| {});
    let p2 = temp("tiny2.bin");
    t2.save(&p2).expect("save");
    assert_eq!(std::fs::read(&p).ok(), std::fs::read(&p2).ok());
    let _ = std::fs::remove_file(p);
    let _ = std::fs::remove_file(p2);
}

#[test]
fn lemmatizer_saves_and_loads_on_its_own() {
    let data = tiny();
    let domains = vec![1u8; data.len()];
    let l = Lemmatizer::train(&data, &domains, 5, 7, &mut |_| {});
    assert_eq!(l.lemmatize("saw", "VERB", "VBD"), "see");
    assert_eq!(l.lemmatize("Dogs", "NOUN", "NNS"), "dog");
    assert_eq!(l.lemmatize("Mary", "PROPN", "NNP"), "Mary");
    let p = temp("lemma.bin");
    l.save(&p).expect("save");
    let m = Lemmatizer::load(&p).expect("load");
    for (f, u, x) in [
        ("saw", "VERB", "VBD"),
        ("rats", "NOUN", "NNS"),
        ("The", "DET", "DT"),
    ] {
        assert_eq!(l.lemmatize(f, u, x), m.lemmatize(f, u, x));
    }
    // A lemmatizer file is not a tagger file, and the other way round.
    let e = Tagger::load(&p).expect_err("kind differs").to_string();
    assert!(
        e.contains("a lemmatizer model, expected a tagger model"),
        "{e}"
    );
    let _ = std::fs::remove_file(p);
}

#[test]
fn bad_model_files_are_clear_errors() {
    let missing = Tagger::load(Path::new("/nonexistent/tagger.bin"))
        .expect_err("missing")
        .to_string();
    assert!(missing.contains("/nonexistent/tagger.bin"), "{missing}");

    let p = temp("parser.bin");
    sitrep_nlp::model::write_model(&p, "parser", tagger::VERSION, |w| w.write_all(b"x"))
        .expect("write");
    let e = Tagger::load(&p).expect_err("wrong kind").to_string();
    assert!(e.contains("expected a tagger model"), "{e}");

    sitrep_nlp::model::write_model(&p, tagger::KIND, tagger::VERSION + 1, |w| w.write_all(b"x"))
        .expect("write");
    let e = Tagger::load(&p).expect_err("wrong version").to_string();
    assert!(e.contains("retrain or update"), "{e}");

    sitrep_nlp::model::write_model(&p, tagger::KIND, tagger::VERSION, |w| {
        w.write_all(&[7u8; 100])
    })
    .expect("write");
    let e = Tagger::load(&p).expect_err("garbage payload").to_string();
    assert!(e.contains("corrupt tagger model"), "{e}");

    // A real model, truncated, and with a flipped byte.
    let t = Tagger::train(&tiny(), &[], &tiny_options(), &mut |_| {});
    t.save(&p).expect("save");
    let bytes = std::fs::read(&p).expect("read");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).expect("write");
    let e = Tagger::load(&p).expect_err("truncated").to_string();
    assert!(e.contains("corrupt"), "{e}");
    let mut flipped = bytes.clone();
    let n = flipped.len();
    flipped[n - 10] ^= 0x55;
    std::fs::write(&p, &flipped).expect("write");
    assert!(Tagger::load(&p).is_err());
    std::fs::write(&p, b"not a model at all").expect("write");
    let e = Tagger::load(&p).expect_err("not a model").to_string();
    assert!(e.contains("not a sitrep model"), "{e}");
    let _ = std::fs::remove_file(p);
}

#[test]
fn nc_sa_documents_are_left_out() {
    let text = "\
# newdoc id = GUM_news_a
# sent_id = GUM_news_a-1
1\tA\ta\tDET\tDT\t_\t0\troot\t_\t_

# sent_id = GUM_news_a-2
1\tB\tb\tDET\tDT\t_\t0\troot\t_\t_

# newdoc id = GUM_whow_b
# sent_id = GUM_whow_b-1
1\tC\tc\tDET\tDT\t_\t0\troot\t_\t_

# sent_id = GUM_whow_b-2
1\tD\td\tDET\tDT\t_\t0\troot\t_\t_

# newdoc id = GUM_fiction_c
# sent_id = GUM_fiction_c-1
1\tE\te\tDET\tDT\t_\t0\troot\t_\t_

# newdoc id = GUM_bio_d
# sent_id = GUM_bio_d-1
1\tF\tf\tDET\tDT\t_\t0\troot\t_\t_

";
    let s = conllu::read(text.as_bytes()).expect("parses");
    let kept: Vec<String> = tagger::without_nc_sa(s)
        .iter()
        .map(|s| s.words[0].form.clone())
        .collect();
    assert_eq!(kept, ["A", "B", "F"]);
}
