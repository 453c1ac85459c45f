//! Train and evaluate the tokenizer and sentence splitter on UD CoNLL-U files.
//!
//! ```text
//! cargo run --release -p sitrep-nlp --example segment -- train \
//!     --train en_ewt-ud-train.conllu,en_gum-ud-train.conllu --out models/segmenter.bin \
//!     [--dev en_ewt-ud-dev.conllu] [--epochs 8] [--min-count 2] [--seed 7] [--wrapped 0.01]
//! cargo run --release -p sitrep-nlp --example segment -- eval \
//!     --gold en_ewt-ud-dev.conllu [--model models/segmenter.bin] [--errors 40] \
//!     [--lines flat|sentence|wrap] [--repeat 5] [--min-words 0.985] [--min-sentences 0.85] \
//!     [--threshold T]
//! ```
//!
//! `--min-words` and `--min-sentences` make `eval` fail below those F1 floors (for CI).
//!
//! `--lines` puts line breaks into the rebuilt text: one sentence per line, or wrapped at 80
//! characters whatever the sentences; `--no-line-breaks` trains without such a copy, and
//! `--wrapped` sets the share of wrapped paragraphs in it.
//!
//! `split [--model M.bin] "text"` prints the sentences of a text, one per line.
//!
//! `eval` rebuilds the raw text of the gold file, segments it and prints token, word and
//! sentence precision, recall and F1 (CoNLL 2018 style) and the speed; without `--model` it
//! scores the rule-based splitter. `--errors N` lists N token and N sentence errors.
//! With `--dev`, `train` picks the decision threshold that maximises sentence F1 there.

use sitrep_nlp::conllu::{self, Sentence};
use sitrep_nlp::eval::{
    add_line_breaks, raw_text, score_segmentation, Counts, LineBreaks, RawText,
};
use sitrep_nlp::sentences::{SentenceSplitter, TrainOptions};
use sitrep_nlp::tokenize::{Token, Tokenizer};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("train") => train(&args[1..]),
        Some("eval") => eval(&args[1..]),
        Some("split") => split(&args[1..]),
        _ => Err(
            "usage: segment train --train A.conllu[,B.conllu] --out M.bin [--dev D.conllu] \
                  | segment eval --gold G.conllu [--model M.bin] [--errors N]"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("segment: {e}");
            ExitCode::FAILURE
        }
    }
}

fn opt<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn num<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String> {
    match opt(args, name) {
        Some(v) => v.parse().map_err(|_| format!("{name}: not a number: {v}")),
        None => Ok(default),
    }
}

fn read(path: &str) -> Result<Vec<Sentence>, String> {
    conllu::read_file(Path::new(path)).map_err(|e| e.to_string())
}

fn train(args: &[String]) -> Result<(), String> {
    let files = opt(args, "--train").ok_or("train: --train is required")?;
    let out = opt(args, "--out").ok_or("train: --out is required")?;
    let opts = TrainOptions {
        epochs: num(args, "--epochs", TrainOptions::default().epochs)?,
        min_count: num(args, "--min-count", TrainOptions::default().min_count)?,
        line_breaks: !args.iter().any(|a| a == "--no-line-breaks"),
        wrapped_share: num(args, "--wrapped", TrainOptions::default().wrapped_share)?,
        seed: num(args, "--seed", TrainOptions::default().seed)?,
    };
    let corpora: Vec<Vec<Sentence>> = files.split(',').map(read).collect::<Result<_, _>>()?;
    let refs: Vec<&[Sentence]> = corpora.iter().map(Vec::as_slice).collect();
    let tok = Tokenizer::new();
    let t = Instant::now();
    let mut ss = SentenceSplitter::train(&refs, &tok, &opts);
    eprintln!(
        "trained on {} sentences in {:.1}s: {} features",
        corpora.iter().map(Vec::len).sum::<usize>(),
        t.elapsed().as_secs_f64(),
        ss.n_features()
    );
    if let Some(dev) = opt(args, "--dev") {
        let gold = read(dev)?;
        let raw = raw_text(&gold);
        let mut best = (f64::MIN, 0.0f32);
        for k in -20..=20 {
            let th = k as f32 * 0.5;
            ss.set_threshold(th);
            let f1 = score(&raw, &tok, &ss).sentences.f1();
            if k % 4 == 0 {
                eprintln!("threshold {th:+.2}: sentence F1 {:.2}", 100.0 * f1);
            }
            if f1 > best.0 {
                best = (f1, th);
            }
        }
        ss.set_threshold(best.1);
        eprintln!(
            "threshold {:+.2} (dev sentence F1 {:.2})",
            best.1,
            100.0 * best.0
        );
    }
    ss.save(Path::new(out)).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!("saved {out} ({size} bytes)");
    Ok(())
}

/// Segment the text given as the last argument (or standard input) and print one sentence
/// per line, words separated by spaces.
fn split(args: &[String]) -> Result<(), String> {
    let ss = match opt(args, "--model") {
        Some(m) => SentenceSplitter::load(Path::new(m)).map_err(|e| e.to_string())?,
        None => SentenceSplitter::rules(),
    };
    let text = match args.last() {
        Some(t)
            if !t.starts_with("--")
                && args.iter().filter(|a| *a != "--margins").count() % 2 == 1 =>
        {
            t.clone()
        }
        _ => std::io::read_to_string(std::io::stdin()).map_err(|e| e.to_string())?,
    };
    if args.iter().any(|a| a == "--margins") {
        let toks = Tokenizer::new().tokenize(&text);
        for (t, m) in toks.iter().zip(ss.margins(&text, &toks)) {
            println!("{:<20} {m:+.2}", t.text);
        }
        return Ok(());
    }
    for s in sitrep_nlp::sentences::segment(&text, &Tokenizer::new(), &ss) {
        let words: Vec<&str> = s.iter().map(|t| t.text.as_str()).collect();
        println!("{}", words.join(" "));
    }
    Ok(())
}

fn score(
    raw: &RawText,
    tok: &Tokenizer,
    ss: &SentenceSplitter,
) -> sitrep_nlp::eval::SegmentationScores {
    let pred = sitrep_nlp::sentences::segment(&raw.text, tok, ss);
    score_segmentation(&raw.text, &raw.sentences, &pred)
}

fn line(name: &str, c: &Counts) {
    println!(
        "{name:<10} P {:6.2}  R {:6.2}  F1 {:6.2}   (gold {}, system {}, correct {})",
        100.0 * c.precision(),
        100.0 * c.recall(),
        100.0 * c.f1(),
        c.gold,
        c.system,
        c.correct
    );
}

fn eval(args: &[String]) -> Result<(), String> {
    let gold_path = opt(args, "--gold").ok_or("eval: --gold is required")?;
    let gold = read(gold_path)?;
    let mut ss = match opt(args, "--model") {
        Some(m) => SentenceSplitter::load(Path::new(m)).map_err(|e| e.to_string())?,
        None => SentenceSplitter::rules(),
    };
    if let Some(t) = opt(args, "--threshold") {
        ss.set_threshold(
            t.parse()
                .map_err(|_| format!("--threshold: not a number: {t}"))?,
        );
    }
    let tok = Tokenizer::new();
    let mut raw = raw_text(&gold);
    match opt(args, "--lines") {
        None | Some("flat") => {}
        Some("sentence") => add_line_breaks(&mut raw, &mut |_| Some(LineBreaks::SentencePerLine)),
        Some("wrap") => add_line_breaks(&mut raw, &mut |_| Some(LineBreaks::Wrap(80))),
        Some(o) => return Err(format!("--lines: flat, sentence or wrap, not {o}")),
    }
    let pred = sitrep_nlp::sentences::segment(&raw.text, &tok, &ss);
    let s = score_segmentation(&raw.text, &raw.sentences, &pred);
    println!(
        "{gold_path}: {} ({} bytes of raw text)",
        if ss.has_model() { "model" } else { "rules" },
        raw.text.len()
    );
    line("tokens", &s.tokens);
    line("words", &s.words);
    line("sentences", &s.sentences);

    // Speed: tokenization alone, then tokenization and splitting, on one thread.
    let words: usize = raw.sentences.iter().map(Vec::len).sum();
    let reps = num(args, "--repeat", 5usize)?.max(1);
    let t = Clock::start();
    let mut n = 0;
    for _ in 0..reps {
        n += tok.tokenize(&raw.text).len();
    }
    let tok_secs = t.secs();
    let t = Clock::start();
    for _ in 0..reps {
        let toks = tok.tokenize(&raw.text);
        n += ss.split(&raw.text, &toks).len();
    }
    let all_secs = t.secs();
    println!(
        "speed ({}): tokenize {:.2} M words/s, tokenize + split {:.2} M words/s ({n})",
        Clock::KIND,
        (words * reps) as f64 / tok_secs / 1e6,
        (words * reps) as f64 / all_secs / 1e6
    );

    let min_words: f64 = num(args, "--min-words", 0.0)?;
    let min_sentences: f64 = num(args, "--min-sentences", 0.0)?;
    let show: usize = num(args, "--errors", 0)?;
    if show > 0 {
        token_errors(&raw, &pred, show);
        word_errors(&raw, &pred, show);
        sentence_errors(&raw, &pred, show);
    }
    if s.words.f1() < min_words || s.sentences.f1() < min_sentences {
        return Err(format!(
            "below the floor: word F1 {:.4} (min {min_words}), sentence F1 {:.4} (min \
             {min_sentences})",
            s.words.f1(),
            s.sentences.f1()
        ));
    }
    Ok(())
}

fn surfaces(sents: &[Vec<Token>]) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    for s in sents {
        for (i, t) in s.iter().enumerate() {
            if i == 0 || !s[i - 1].same_surface(t) {
                v.push(t.surface_span());
            }
        }
    }
    v
}

fn context(text: &str, a: usize, b: usize) -> String {
    let mut s = a.saturating_sub(30);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (b + 30).min(text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    format!("{}[{}]{}", &text[s..a], &text[a..b], &text[b..e]).replace('\n', "⏎")
}

fn token_errors(raw: &RawText, pred: &[Vec<Token>], show: usize) {
    let gold: BTreeSet<(usize, usize)> = surfaces(&raw.sentences).into_iter().collect();
    let sys: BTreeSet<(usize, usize)> = surfaces(pred).into_iter().collect();
    println!("\n== token errors (gold token missed: gold | system around it)");
    let mut shown = 0;
    let mut last_end = 0;
    for &(a, b) in gold.difference(&sys) {
        if a < last_end {
            continue;
        }
        // The region covered by overlapping gold and system tokens.
        let (mut lo, mut hi) = (a, b);
        loop {
            let mut changed = false;
            for &(x, y) in gold.iter().chain(sys.iter()) {
                if x < hi && y > lo && (x < lo || y > hi) {
                    lo = lo.min(x);
                    hi = hi.max(y);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        last_end = hi;
        let g: Vec<&str> = gold
            .range((lo, 0)..(hi, 0))
            .map(|&(x, y)| &raw.text[x..y])
            .collect();
        let s: Vec<&str> = sys
            .range((lo, 0)..(hi, 0))
            .map(|&(x, y)| &raw.text[x..y])
            .collect();
        println!(
            "{:?}  gold {:?}  sys {:?}",
            context(&raw.text, lo, hi),
            g,
            s
        );
        shown += 1;
        if shown >= show {
            break;
        }
    }
}

/// Surface tokens that match but whose words differ (multiword splits).
fn word_errors(raw: &RawText, pred: &[Vec<Token>], show: usize) {
    let words = |sents: &[Vec<Token>]| -> std::collections::BTreeMap<(usize, usize), Vec<String>> {
        let mut m = std::collections::BTreeMap::new();
        for s in sents {
            for t in s {
                m.entry(t.surface_span())
                    .or_insert_with(Vec::new)
                    .push(t.text.clone());
            }
        }
        m
    };
    let g = words(&raw.sentences);
    let s = words(pred);
    println!("\n== word errors (same token, other words: gold | system)");
    let mut shown = 0;
    for (span, gw) in &g {
        if let Some(sw) = s.get(span) {
            if gw != sw {
                println!(
                    "{:?}  gold {gw:?}  sys {sw:?}",
                    context(&raw.text, span.0, span.1)
                );
                shown += 1;
                if shown >= show {
                    break;
                }
            }
        }
    }
}

fn sentence_errors(raw: &RawText, pred: &[Vec<Token>], show: usize) {
    let ends = |s: &[Vec<Token>]| -> BTreeSet<usize> {
        s.iter()
            .filter_map(|x| x.last().map(|t| t.surface_span().1))
            .collect()
    };
    let g = ends(&raw.sentences);
    let s = ends(pred);
    println!("\n== missed sentence ends");
    for &e in g.difference(&s).take(show) {
        println!("{:?}", context(&raw.text, e, e));
    }
    println!("\n== spurious sentence ends");
    for &e in s.difference(&g).take(show) {
        println!("{:?}", context(&raw.text, e, e));
    }
}

/// The thread's CPU time where Linux tells it (`/proc/thread-self/schedstat`), so that
/// timings on a shared machine are not inflated by other processes; wall time elsewhere.
struct Clock {
    cpu: Option<u64>,
    wall: Instant,
}

impl Clock {
    const KIND: &'static str = "thread CPU time where available";

    fn cpu_ns() -> Option<u64> {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }

    fn start() -> Self {
        Clock {
            cpu: Self::cpu_ns(),
            wall: Instant::now(),
        }
    }

    fn secs(&self) -> f64 {
        match (self.cpu, Self::cpu_ns()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}
