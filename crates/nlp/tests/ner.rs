//! Entity tagger: the shipped model on sentences we wrote, the GUM `Entity=` converter, the
//! IOB2 reader, the scorer, and model-file errors.

use sitrep_nlp::conllu::{self, Word};
use sitrep_nlp::ner::{self, EntityTagger, NerSentence, TrainOptions};
use std::path::PathBuf;

fn model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ner.bin")
}

fn shipped() -> EntityTagger {
    EntityTagger::load(&model_path()).expect("models/ner.bin loads")
}

fn words(text: &str) -> Vec<Word> {
    text.split(' ')
        .map(|f| Word {
            form: f.to_string(),
            ..Word::default()
        })
        .collect()
}

fn tags(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

/// Entity spans as `TYPE:words`.
fn entities(model: &EntityTagger, text: &str) -> Vec<String> {
    let ws = words(text);
    let t = model.tag(&ws);
    assert_eq!(t.len(), ws.len());
    ner::spans(&t)
        .into_iter()
        .map(|(b, e, ty)| {
            let f: Vec<&str> = ws[b..e].iter().map(|w| w.form.as_str()).collect();
            format!("{ty}:{}", f.join(" "))
        })
        .collect()
}

#[test]
fn shipped_model_finds_people_and_media() {
    let m = shipped();
    let e = entities(
        &m,
        "Ramzan Kadyrov wrote on Telegram , quoted by Newsweek .",
    );
    assert!(e.contains(&"PER:Ramzan Kadyrov".to_string()), "{e:?}");
    assert!(e.contains(&"ORG:Newsweek".to_string()), "{e:?}");
    // UNER tags apps and platforms as organisations; leaving Telegram out is tolerated.
    assert!(
        e.iter()
            .all(|x| x == "PER:Ramzan Kadyrov" || x == "ORG:Newsweek" || x == "ORG:Telegram"),
        "{e:?}"
    );
}

#[test]
fn shipped_model_finds_places() {
    let m = shipped();
    let e = entities(
        &m,
        "Tel Aviv initiated a military operation in the Gaza Strip .",
    );
    assert_eq!(e, vec!["LOC:Tel Aviv", "LOC:Gaza Strip"]);
}

#[test]
fn shipped_model_more_news_sentences() {
    let m = shipped();
    let e = entities(
        &m,
        "The United Nations said on Monday that Hamas had released two hostages .",
    );
    assert!(e.contains(&"ORG:United Nations".to_string()), "{e:?}");
    assert!(e.contains(&"ORG:Hamas".to_string()), "{e:?}");
    let e = entities(
        &m,
        "President Joe Biden met Emmanuel Macron in Paris on Tuesday .",
    );
    assert!(e.contains(&"PER:Joe Biden".to_string()), "{e:?}");
    assert!(e.contains(&"PER:Emmanuel Macron".to_string()), "{e:?}");
    assert!(e.contains(&"LOC:Paris".to_string()), "{e:?}");
    // Demonyms and plain words are not entities.
    let e = entities(&m, "Israeli officials said the talks were useful .");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn tags_are_valid_bio_with_and_without_pos() {
    let m = shipped();
    let mut ws = words("Officials in Kyiv said Russian forces shelled Kharkiv overnight .");
    let upos = [
        "NOUN", "ADP", "PROPN", "VERB", "ADJ", "NOUN", "VERB", "PROPN", "ADV", "PUNCT",
    ];
    let plain = m.tag(&ws);
    for (w, u) in ws.iter_mut().zip(upos) {
        w.upos = u.to_string();
    }
    let tagged = m.tag(&ws);
    for t in [&plain, &tagged] {
        assert_eq!(t.len(), ws.len());
        for (i, x) in t.iter().enumerate() {
            assert!(ner::TAGS.contains(&x.as_str()), "{x}");
            if let Some(ty) = x.strip_prefix("I-") {
                assert!(i > 0 && t[i - 1].ends_with(ty), "{t:?}");
            }
        }
        assert_eq!(t[2], "B-LOC", "{t:?}");
        assert_eq!(t[7], "B-LOC", "{t:?}");
    }
    assert!(m.tag(&[]).is_empty());
}

const GUM_SAMPLE: &str = "\
# newdoc id = GUM_news_test
# sent_id = GUM_news_test-1
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-organization-new-nnnnn-cf1-2-sgl
2\tUniversity\tUniversity\tPROPN\tNNP\t_\t0\troot\t_\t_
3\tof\tof\tADP\tIN\t_\t4\tcase\t_\t_
4\tPortsmouth\tPortsmouth\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=(2-place-new-nnnnn-cf2-1-sgl-Portsmouth
5\t,\t,\tPUNCT\t,\t_\t7\tpunct\t_\t_
6\tUnited\tUnited\tPROPN\tNNP\t_\t7\tcompound\t_\tEntity=(3-place-new-nnnnn-cf3-1,2-sgl-United_Kingdom
7\tKingdom\tKingdom\tPROPN\tNNP\t_\t2\tappos\t_\tEntity=3)2)1)
8\thired\thire\tVERB\tVBD\t_\t0\troot\t_\t_
9\tPresident\tPresident\tPROPN\tNNP\t_\t10\tcompound\t_\tEntity=(4-person-new-nnnnn-cf4-2-sgl
10\tSmith\tSmith\tPROPN\tNNP\t_\t8\tobj\t_\tEntity=4)
11\tand\tand\tCCONJ\tCC\t_\t13\tcc\t_\t_
12\tthe\tthe\tDET\tDT\t_\t13\tdet\t_\tEntity=(5-place-new-nnnnn-cf5-2-sgl
13\tcity\tcity\tNOUN\tNN\t_\t10\tconj\t_\tEntity=5)
14\tIsraelis\tIsraeli\tPROPN\tNNPS\t_\t13\tconj\t_\tEntity=(6-person-new-nnnnn-cf6-1-sgl)
15\t.\t.\tPUNCT\t.\t_\t8\tpunct\t_\t_

# newdoc id = GUM_fiction_test
# sent_id = GUM_fiction_test-1
1\tAnna\tAnna\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-person-new-nnnnn-cf1-1-sgl)

";

#[test]
fn gum_spans_parse_nested_brackets() {
    let s = conllu::read(GUM_SAMPLE.as_bytes()).unwrap();
    let spans = ner::gum_spans(&s[0].words);
    let got: Vec<(usize, usize, &str, &str)> = spans
        .iter()
        .map(|x| (x.start, x.end, x.etype.as_str(), x.identity.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 6, "organization", ""),
            (3, 6, "place", "Portsmouth"),
            (5, 6, "place", "United_Kingdom"),
            (8, 9, "person", ""),
            (11, 12, "place", ""),
            (13, 13, "person", ""),
        ]
    );
}

#[test]
fn gum_entities_keep_trimmed_names_and_skip_nc_documents() {
    let s = conllu::read(GUM_SAMPLE.as_bytes()).unwrap();
    let ner = ner::gum_entities(&s);
    // The fiction document is left out (NC licence).
    assert_eq!(ner.len(), 1);
    let want = tags(&[
        "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "O", "O", "B-PER", "O", "O", "O",
        "O", "O",
    ]);
    assert_eq!(ner[0].tags, want);
}

#[test]
fn read_iob2_reads_sentences_and_rejects_bad_tags() {
    let dir = std::env::temp_dir().join(format!("sitrep-ner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("a.iob2");
    std::fs::write(
        &p,
        "# sent_id = a-1\n# text = Bush met Abbas\n1\tBush\tB-PER\t-\tx\n2\tmet\tO\t-\t-\n\
         3\tAbbas\tB-PER\t-\tx\n\n1\tin\tO\n2\tNew\tB-LOC\n3\tYork\tI-LOC\n",
    )
    .unwrap();
    let s = ner::read_iob2(&p).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].words[2].form, "Abbas");
    assert_eq!(s[0].tags, tags(&["B-PER", "O", "B-PER"]));
    assert_eq!(s[1].tags, tags(&["O", "B-LOC", "I-LOC"]));
    std::fs::write(&p, "1\tBush\tX-PER\n").unwrap();
    let e = ner::read_iob2(&p).unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("X-PER"), "{e}");
    std::fs::write(&p, "1\tBush\n").unwrap();
    assert!(ner::read_iob2(&p).is_err());
    assert!(ner::read_iob2(&dir.join("missing.iob2")).is_err());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn score_counts_exact_spans_and_types() {
    let gold = vec![
        tags(&["B-PER", "I-PER", "O", "B-LOC"]),
        tags(&["B-ORG", "O", "B-LOC", "I-LOC"]),
    ];
    let pred = vec![
        // PER exact, LOC missed
        tags(&["B-PER", "I-PER", "O", "O"]),
        // ORG with the wrong type, LOC with the wrong boundary
        tags(&["B-LOC", "O", "B-LOC", "O"]),
    ];
    let s = ner::score(&gold, &pred);
    assert_eq!(
        (s.micro.gold, s.micro.predicted, s.micro.correct),
        (4, 3, 1)
    );
    assert!((s.precision - 1.0 / 3.0).abs() < 1e-9);
    assert!((s.recall - 0.25).abs() < 1e-9);
    assert!((s.f1 - 2.0 / 7.0).abs() < 1e-9);
    let per = &s.per_type[0];
    assert_eq!((per.label.as_str(), per.f1), ("PER", 1.0));
    let org = &s.per_type[1];
    assert_eq!((org.gold, org.predicted, org.f1), (1, 0, 0.0));
    // A stray I- starts a span (conlleval); identical sequences score 1.
    let stray = vec![tags(&["O", "I-ORG", "I-ORG"])];
    assert_eq!(ner::spans(&stray[0]), vec![(1, 3, "ORG".to_string())]);
    assert_eq!(ner::score(&stray, &stray).f1, 1.0);
    // Nothing predicted, nothing gold: zeros, not NaN.
    let none = vec![tags(&["O"])];
    assert_eq!(ner::score(&none, &none).f1, 0.0);
}

#[test]
fn trains_saves_and_loads_a_small_model() {
    let mut data = Vec::new();
    for (a, b) in [
        ("Anna", "Paris"),
        ("Boris", "Oslo"),
        ("Carla", "Lima"),
        ("Dmitri", "Rome"),
    ] {
        data.push(NerSentence {
            words: words(&format!("{a} lives in {b} .")),
            tags: tags(&["B-PER", "O", "O", "B-LOC", "O"]),
        });
    }
    let opts = TrainOptions {
        epochs: 5,
        min_count: 1,
        ..TrainOptions::default()
    };
    let mut log = Vec::new();
    let m = EntityTagger::train(&data, &opts, &mut |s| log.push(s.to_string()));
    assert!(log.iter().any(|l| l.starts_with("epoch 5")), "{log:?}");
    assert_eq!(m.tag(&data[0].words), data[0].tags);
    let dir = std::env::temp_dir().join(format!("sitrep-ner-model-{}", std::process::id()));
    let p = dir.join("ner.bin");
    m.save(&p).unwrap();
    let again = EntityTagger::load(&p).unwrap();
    for s in &data {
        assert_eq!(again.tag(&s.words), m.tag(&s.words));
    }
    // Training is deterministic.
    let m2 = EntityTagger::train(&data, &opts, &mut |_| {});
    m2.save(&dir.join("ner2.bin")).unwrap();
    assert_eq!(
        std::fs::read(&p).unwrap(),
        std::fs::read(dir.join("ner2.bin")).unwrap()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn corrupt_or_wrong_models_give_clear_errors() {
    let dir = std::env::temp_dir().join(format!("sitrep-ner-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bad.bin");
    std::fs::write(&p, b"definitely not a model").unwrap();
    let e = EntityTagger::load(&p).unwrap_err().to_string();
    assert!(e.contains("not a sitrep model"), "{e}");
    // A valid container of another kind.
    sitrep_nlp::model::write_model(&p, "tagger", 1, |w| w.write_all(b"x")).unwrap();
    let e = EntityTagger::load(&p).unwrap_err().to_string();
    assert!(e.contains("expected a ner model"), "{e}");
    // A ner container whose payload is cut short.
    sitrep_nlp::model::write_model(&p, "ner", 2, |w| w.write_all(&[13, 0, 0, 0, 1, 2])).unwrap();
    let e = EntityTagger::load(&p).unwrap_err().to_string();
    assert!(e.contains("truncated") || e.contains("corrupt"), "{e}");
    // The shipped model with flipped bytes in its compressed body.
    let mut bytes = std::fs::read(model_path()).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n / 2..n / 2 + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(&p, &bytes).unwrap();
    let e = EntityTagger::load(&p).unwrap_err().to_string();
    assert!(e.contains("corrupt") || e.contains("implausible"), "{e}");
    assert!(EntityTagger::load(&dir.join("missing.bin")).is_err());
    let _ = std::fs::remove_dir_all(dir);
}
