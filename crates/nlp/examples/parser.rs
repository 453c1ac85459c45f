//! Train and evaluate the dependency parser.
//!
//! ```text
//! cargo run --release -p sitrep-nlp --example parser -- train \
//!     --train en_ewt-ud-train.conllu,en_gum-ud-train.conllu --dev en_ewt-ud-dev.conllu \
//!     --out models/parser.bin [--epochs N] [--seed S] [--noise R] [--dropout R] [--explore P] \
//!     [--dropout R] [--min-updates K] [--min-label-updates K] [--seeds K] [--limit SENTENCES] \
//!     [--exclude-docs GUM_whow_,GUM_fiction_]
//! cargo run --release -p sitrep-nlp --example parser -- average \
//!     --models seed1.bin,seed2.bin,seed3.bin --out models/parser.bin
//! cargo run --release -p sitrep-nlp --example parser -- eval \
//!     --gold en_ewt-ud-dev.conllu --model models/parser.bin [--noise R] [--repeat N] \
//!     [--output parsed.conllu]
//! ```
//!
//! `--seeds K` trains K parsers with seeds S, S+1, … and saves their average
//! ([`Parser::average`]). Training skips documents whose `# newdoc id` starts with one of `--exclude-docs`
//! (by default GUM's NC-SA genres, wikiHow and fiction). `eval --noise R` replaces about
//! R of the gold tags by confusable ones first, to estimate the parser on a tagger's output.

use sitrep_nlp::conllu::{self, Sentence};
use sitrep_nlp::parser::{add_tag_noise, Parser, TrainOptions};
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parser: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: parser train --train A.conllu[,B.conllu] [--dev D.conllu] --out M.bin \
[--epochs N] [--seed S] [--noise R] [--dropout R] [--explore P] [--explore-from E] [--min-updates K] \
[--min-label-updates K] [--seeds K] [--limit SENTENCES] [--exclude-docs P1,P2]\n       parser average --models A.bin,B.bin[,…] --out M.bin\n       parser eval --gold D.conllu --model M.bin [--noise R] [--repeat N] [--output P.conllu]";

fn run(args: &[String]) -> Result<(), String> {
    let (cmd, rest) = args.split_first().ok_or(USAGE)?;
    let mut opts: HashMap<String, String> = HashMap::new();
    let mut it = rest.iter();
    while let Some(k) = it.next() {
        let key = k
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument {k:?}\n{USAGE}"))?;
        let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
        opts.insert(key.to_string(), v.clone());
    }
    match cmd.as_str() {
        "train" => train(&opts),
        "eval" => eval(&opts),
        "average" => average(&opts),
        _ => Err(USAGE.to_string()),
    }
}

fn num<T: std::str::FromStr>(
    opts: &HashMap<String, String>,
    key: &str,
) -> Result<Option<T>, String> {
    opts.get(key)
        .map(|v| v.parse().map_err(|_| format!("--{key}: bad value {v:?}")))
        .transpose()
}

fn read(path: &str) -> Result<Vec<Sentence>, String> {
    conllu::read_file(Path::new(path)).map_err(|e| e.to_string())
}

/// Drop documents whose id starts with one of `prefixes`.
fn filter_docs(sentences: Vec<Sentence>, prefixes: &[&str]) -> (Vec<Sentence>, usize) {
    let mut keep = true;
    let mut dropped = 0;
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        if let Some(id) = s.comments.iter().find_map(|c| {
            c.strip_prefix("newdoc id")
                .map(|r| r.trim_start_matches([' ', '=']).trim())
        }) {
            keep = !prefixes.iter().any(|p| !p.is_empty() && id.starts_with(p));
        }
        if keep {
            out.push(s);
        } else {
            dropped += 1;
        }
    }
    (out, dropped)
}

fn train(opts: &HashMap<String, String>) -> Result<(), String> {
    let files = opts.get("train").ok_or("train needs --train")?;
    let out = opts.get("out").ok_or("train needs --out")?;
    let exclude = opts
        .get("exclude-docs")
        .map_or("GUM_whow_,GUM_fiction_", String::as_str);
    let prefixes: Vec<&str> = exclude.split(',').collect();
    let mut data = Vec::new();
    for f in files.split(',') {
        let (s, dropped) = filter_docs(read(f)?, &prefixes);
        eprintln!("{f}: {} sentences ({dropped} excluded)", s.len());
        data.extend(s);
    }
    if let Some(limit) = num::<usize>(opts, "limit")? {
        data.truncate(limit);
    }
    let dev = match opts.get("dev") {
        Some(d) => read(d)?,
        None => Vec::new(),
    };
    let mut o = TrainOptions::default();
    if let Some(v) = num(opts, "epochs")? {
        o.epochs = v;
    }
    if let Some(v) = num(opts, "seed")? {
        o.seed = v;
    }
    if let Some(v) = num(opts, "noise")? {
        o.tag_noise = v;
    }
    if let Some(v) = num(opts, "dropout")? {
        o.field_dropout = v;
    }
    if let Some(v) = num(opts, "explore")? {
        o.explore_prob = v;
    }
    if let Some(v) = num(opts, "explore-from")? {
        o.explore_from = v;
    }
    if let Some(v) = num(opts, "min-updates")? {
        o.min_updates = v;
    }
    if let Some(v) = num(opts, "min-label-updates")? {
        o.min_label_updates = v;
    }
    let seeds = num::<u64>(opts, "seeds")?.unwrap_or(1).max(1);
    eprintln!("{o:?}, {seeds} seed(s)");
    let t0 = Instant::now();
    let mut parsers = Vec::new();
    for k in 0..seeds {
        let mut ok = o.clone();
        ok.seed = o.seed + k;
        parsers.push(Parser::train(&data, &dev, &ok, &mut |m| {
            eprintln!(
                "[{:7.1} s] seed {}: {m}",
                t0.elapsed().as_secs_f64(),
                ok.seed
            );
        }));
    }
    let refs: Vec<&Parser> = parsers.iter().collect();
    let parser = Parser::average(&refs).ok_or("the seeds learned different labels")?;
    if seeds > 1 && !dev.is_empty() {
        let s = parser.evaluate(&dev);
        eprintln!(
            "average of {seeds} seeds: dev UAS {:.2} LAS {:.2} (full {:.2})",
            s.uas(),
            s.las(),
            s.las_full()
        );
    }
    parser.save(Path::new(out)).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "trained in {:.1} s; wrote {out} ({:.2} MB)",
        t0.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    Ok(())
}

fn average(opts: &HashMap<String, String>) -> Result<(), String> {
    let models = opts.get("models").ok_or("average needs --models")?;
    let out = opts.get("out").ok_or("average needs --out")?;
    let parsers = models
        .split(',')
        .map(|m| Parser::load(Path::new(m)).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&Parser> = parsers.iter().collect();
    let avg = Parser::average(&refs).ok_or("the models have different labels")?;
    avg.save(Path::new(out)).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {out} ({:.2} MB)", size as f64 / 1e6);
    Ok(())
}

fn eval(opts: &HashMap<String, String>) -> Result<(), String> {
    let gold_path = opts.get("gold").ok_or("eval needs --gold")?;
    let model = opts.get("model").ok_or("eval needs --model")?;
    let t0 = Instant::now();
    let parser = Parser::load(Path::new(model)).map_err(|e| e.to_string())?;
    println!("loaded {model} in {:.2} s", t0.elapsed().as_secs_f64());
    let gold = read(gold_path)?;
    let mut input = gold.clone();
    if let Some(rate) = num::<f64>(opts, "noise")? {
        let changed = add_tag_noise(&mut input, rate, 7);
        let words: usize = input.iter().map(|s| s.words.len()).sum();
        println!(
            "tag noise: changed {changed} of {words} words ({:.2}%)",
            100.0 * changed as f64 / words.max(1) as f64
        );
    }
    for s in &mut input {
        for w in &mut s.words {
            w.head = None;
            w.deprel.clear();
        }
    }
    let words: usize = input.iter().map(|s| s.words.len()).sum();
    // Best of a few timed passes (the machine may be shared); CPU time where Linux tells it.
    let repeat = num::<usize>(opts, "repeat")?.unwrap_or(3).max(1);
    let mut secs = f64::INFINITY;
    let mut cpu = 0.0;
    let mut output = input.clone();
    for _ in 0..repeat {
        let mut pass = input.clone();
        let (t, c) = (Instant::now(), cpu_seconds());
        for s in &mut pass {
            parser.parse(&mut s.words);
        }
        secs = secs.min(t.elapsed().as_secs_f64().max(1e-9));
        if let (Some(a), Some(b)) = (c, cpu_seconds()) {
            cpu += b - a;
        }
        output = pass;
    }
    let input = output;
    if let Some(out) = opts.get("output") {
        let text: String = input.iter().map(Sentence::to_conllu).collect();
        std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))?;
    }
    let scores = sitrep_nlp::parser::AttachmentScores::compare(&gold, &input);
    println!(
        "{} sentences, {} words\nUAS {:.2}\nLAS {:.2}\nLAS with subtypes {:.2}\n{:.0} sentences/s, {:.0} words/s",
        gold.len(),
        words,
        scores.uas(),
        scores.las(),
        scores.las_full(),
        gold.len() as f64 / secs,
        words as f64 / secs
    );
    if cpu > 0.0 {
        println!(
            "{:.0} words per CPU second (mean of {repeat} passes)",
            (words * repeat) as f64 / cpu
        );
    }
    Ok(())
}

/// CPU time of this thread (Linux), to measure speed on a busy machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
