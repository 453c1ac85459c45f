//! Sentence segmentation of raw news text with the shipped model (`models/segmenter.bin`)
//! and with the rules, on sentences written for the purpose.

use sitrep_nlp::sentences::{segment, SentenceSplitter};
use sitrep_nlp::tokenize::Tokenizer;
use std::path::Path;

fn model() -> SentenceSplitter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/segmenter.bin");
    match SentenceSplitter::load(&path) {
        Ok(m) => m,
        Err(e) => panic!("the shipped segmenter model must load: {e}"),
    }
}

/// The sentences of `text` as strings of their words joined by spaces.
fn sentences(text: &str, ss: &SentenceSplitter) -> Vec<String> {
    segment(text, &Tokenizer::new(), ss)
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn both() -> [(&'static str, SentenceSplitter); 2] {
    [("model", model()), ("rules", SentenceSplitter::rules())]
}

#[test]
fn the_shipped_model_is_small_and_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/segmenter.bin");
    let size = std::fs::metadata(&path)
        .map(|m| m.len())
        .unwrap_or(u64::MAX);
    assert!(size < 2 << 20, "{size} bytes");
    let m = model();
    assert!(m.has_model() && m.n_features() > 1000);
}

#[test]
fn seed_quote_stays_one_sentence() {
    let text = "“I appeal…,” Kadyrov wrote in his Telegram account, quoted by Newsweek .";
    for (name, ss) in both() {
        let s = sentences(text, &ss);
        assert_eq!(s.len(), 1, "{name}: {s:?}");
        assert_eq!(
            s[0],
            "“ I appeal … , ” Kadyrov wrote in his Telegram account , quoted by Newsweek ."
        );
    }
}

#[test]
fn seed_date_is_one_token() {
    let text = "He conveyed this in his Telegram account, Monday (9/10/2023).";
    for (name, ss) in both() {
        let s = segment(text, &Tokenizer::new(), &ss);
        assert_eq!(s.len(), 1, "{name}");
        let words: Vec<&str> = s[0].iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            [
                "He",
                "conveyed",
                "this",
                "in",
                "his",
                "Telegram",
                "account",
                ",",
                "Monday",
                "(",
                "9/10/2023",
                ")",
                "."
            ]
        );
    }
}

#[test]
fn abbreviations_and_initials_do_not_end_sentences() {
    let text = "Gen. Valery Gerasimov met Dr. Smith and Mr. Jones of Acme Inc. in the U.S. \
                capital on Monday. J. R. R. Tolkien wrote books at 9 a.m. every day. They \
                talked, e.g. about tanks.";
    for (name, ss) in both() {
        let s = sentences(text, &ss);
        assert_eq!(
            s,
            [
                "Gen. Valery Gerasimov met Dr. Smith and Mr. Jones of Acme Inc. in the U.S. \
                 capital on Monday .",
                "J. R. R. Tolkien wrote books at 9 a.m. every day .",
                "They talked , e.g. about tanks ."
            ],
            "{name}"
        );
    }
}

#[test]
fn quotes_that_end_sentences() {
    let text = "“We will respond,” he said. “The talks are over.” He left. \
                \"It is done,\" she said.";
    for (name, ss) in both() {
        let s = sentences(text, &ss);
        assert_eq!(
            s,
            [
                "“ We will respond , ” he said .",
                "“ The talks are over . ”",
                "He left .",
                "\" It is done , \" she said ."
            ],
            "{name}"
        );
    }
}

#[test]
fn datelines_are_sentences_of_their_own() {
    for text in [
        "MOSCOW (Reuters) - Russia said on Monday it would respond.",
        "WASHINGTON — The Senate passed the bill.",
        "KYIV, Ukraine (AP) -- Air raid sirens sounded across the country.",
    ] {
        for (name, ss) in both() {
            let s = sentences(text, &ss);
            assert_eq!(s.len(), 2, "{name}: {s:?}");
            assert!(s[0].ends_with(['-', '—']), "{name}: {s:?}");
        }
    }
    // A hyphen inside a sentence is no dateline.
    let s = sentences(
        "US - Japan talks resumed in Tokyo.",
        &SentenceSplitter::rules(),
    );
    assert_eq!(s.len(), 1, "{s:?}");
}

#[test]
fn ellipses_and_final_abbreviations() {
    for (name, ss) in both() {
        let s = sentences(
            "I waited… Then he came. They arrived at 5 p.m. The end. Wait... what?",
            &ss,
        );
        assert_eq!(
            s,
            [
                "I waited …",
                "Then he came .",
                "They arrived at 5 p.m .",
                "The end .",
                "Wait ... what ?"
            ],
            "{name}"
        );
    }
}

#[test]
fn blank_lines_always_split_and_line_breaks_help() {
    let text = "Russia Launches New Strikes\n\nKyiv said drones hit the city. More followed.";
    for (name, ss) in both() {
        let s = sentences(text, &ss);
        assert_eq!(
            s,
            [
                "Russia Launches New Strikes",
                "Kyiv said drones hit the city .",
                "More followed ."
            ],
            "{name}"
        );
    }
    let text = "Ukraine war live\nRussia fires missiles at Kyiv overnight";
    let s = sentences(text, &model());
    assert_eq!(s.len(), 2, "{s:?}");
}

#[test]
fn multiword_tokens_are_never_cut() {
    let text = "He didn't. She won't. It's fine.";
    for (name, ss) in both() {
        let s = segment(text, &Tokenizer::new(), &ss);
        assert_eq!(s.len(), 3, "{name}");
        for sent in &s {
            let first = &sent[0];
            let last = &sent[sent.len() - 1];
            assert!(first.mwt.is_none() || first.mwt.map(|m| m.0) == Some(first.start));
            assert!(last.mwt.is_none());
        }
    }
}

#[test]
fn random_text_keeps_the_invariants() {
    // Tricky characters in random order: offsets must stay on character boundaries, words
    // must be slices of the text, in order, and sentences must cover every word.
    const ALPHABET: &[&str] = &[
        "a", "B", "z", "7", "0", " ", " ", "\n", "\n\n", "\t", ".", ",", "'", "’", "‘", "\"", "“",
        "”", "-", "—", "–", "/", ":", ";", "!", "?", "…", "(", ")", "@", "#", "$", "%", "&", "_",
        "`", "+", "<", ">", "*", "é", "ü", "ß", "日", "😀", "\u{200d}", "\u{fe0f}", "\u{301}",
        "\u{a0}", "\u{200b}", "s", "t", "n", "ll", "http://", "www.", "U.S.", "Mr.", "can't",
        "don’t", "...", "...@", "'s", "s'", "e.g.", ":-)", "9/10", "1,000", "3.5",
    ];
    let tok = Tokenizer::new();
    let splitters = both();
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut text = String::new();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let n = (rng % 24) as usize;
        for _ in 0..n {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            text.push_str(ALPHABET[(rng % ALPHABET.len() as u64) as usize]);
        }
        let toks = tok.tokenize(&text);
        let mut last = 0;
        for t in &toks {
            assert!(t.start < t.end && t.start >= last, "{text:?}: {toks:?}");
            assert_eq!(text.get(t.start..t.end), Some(t.text.as_str()), "{text:?}");
            if let Some((a, b)) = t.mwt {
                assert!(a <= t.start && t.end <= b, "{text:?}");
            }
            last = t.end;
        }
        for (_, ss) in &splitters {
            let sents = segment(&text, &tok, ss);
            let words: usize = sents.iter().map(Vec::len).sum();
            let extra = sents
                .iter()
                .filter(|s| s.last().is_some_and(|t| t.text == "."))
                .count();
            assert!(
                words >= toks.len() && words <= toks.len() + extra,
                "{text:?}"
            );
            assert!(sents.iter().all(|s| !s.is_empty()), "{text:?}");
        }
    }
}

#[test]
fn list_items_are_sentences() {
    let text = "Key points:\n- Russia fired 40 missiles\n- Ukraine shot down 30\n\
                • Power cuts in Kyiv\n1. Talks stalled\n2. Aid arrived";
    for (name, ss) in both() {
        assert_eq!(
            sentences(text, &ss),
            [
                "Key points :",
                "- Russia fired 40 missiles",
                "- Ukraine shot down 30",
                "• Power cuts in Kyiv",
                "1 . Talks stalled",
                "2 . Aid arrived"
            ],
            "{name}"
        );
    }
}
