//! Train and evaluate the tagger.
//!
//! ```text
//! cargo run --release -p sitrep-nlp --example tagger -- \
//!     train --train A.conllu[,B.conllu] --dev D.conllu --out models/tagger.bin [--epochs N] [--seed S]
//! cargo run --release -p sitrep-nlp --example tagger -- \
//!     eval --gold D.conllu --model models/tagger.bin
//! ```
//!
//! Training data is filtered by [`sitrep_nlp::tagger::without_nc_sa`] (GUM's wikiHow and
//! fiction documents are left out). `eval` prints UPOS, XPOS, UFeats, AllTags and Lemma
//! accuracy on gold tokenization, the load time and the tagging speed (`--write OUT.conllu`
//! keeps the tagged text).
//!
//! `models/tagger.bin` was made with the defaults (10 epochs, seed 42), training being
//! deterministic:
//!
//! ```text
//! C=../shared/corpora
//! cargo run --release -p sitrep-nlp --example tagger -- train \
//!     --train $C/ud-english-ewt/en_ewt-ud-train.conllu,$C/ud-english-gum/en_gum-ud-train.RECONSTRUCTED.conllu \
//!     --dev $C/ud-english-ewt/en_ewt-ud-dev.conllu --out models/tagger.bin
//! ```
//!
//! On EWT dev (gold tokens): UPOS 95.35, XPOS 94.73, UFeats 95.48, AllTags 93.04, Lemma 97.15.

use sitrep_nlp::conllu::{self, Sentence, Word};
use sitrep_nlp::tagger::{self, Tagger, TrainOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  tagger train --train A.conllu[,B.conllu] --dev D.conllu --out M.bin [--epochs N] \
         [--seed S]\n  tagger eval --gold D.conllu --model M.bin [--write OUT.conllu]"
    );
    ExitCode::from(2)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn read(paths: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    for p in paths.split(',').filter(|p| !p.is_empty()) {
        let s = conllu::read_file(Path::new(p)).map_err(|e| e.to_string())?;
        let n = s.len();
        let kept = tagger::without_nc_sa(s);
        eprintln!(
            "{p}: {} sentences ({} left out)",
            kept.len(),
            n - kept.len()
        );
        out.extend(kept);
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") => match train(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some("eval") => match eval(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

fn train(args: &[String]) -> Result<(), String> {
    let (Some(tr), Some(dev), Some(out)) =
        (arg(args, "--train"), arg(args, "--dev"), arg(args, "--out"))
    else {
        return Err("train needs --train, --dev and --out".into());
    };
    let mut opts = TrainOptions::default();
    if let Some(e) = arg(args, "--epochs") {
        opts.epochs = e.parse().map_err(|_| format!("bad --epochs {e:?}"))?;
    }
    if let Some(d) = arg(args, "--word-dropout") {
        opts.word_dropout = d.parse().map_err(|_| format!("bad --word-dropout {d:?}"))?;
    }
    if let Some(f) = arg(args, "--folds") {
        opts.folds = f.parse().map_err(|_| format!("bad --folds {f:?}"))?;
    }
    if let Some(p) = arg(args, "--prune") {
        opts.prune = p.parse().map_err(|_| format!("bad --prune {p:?}"))?;
    }
    if let Some(s) = arg(args, "--seed") {
        opts.seed = s.parse().map_err(|_| format!("bad --seed {s:?}"))?;
    }
    let train = read(&tr)?;
    let dev = conllu::read_file(Path::new(&dev)).map_err(|e| e.to_string())?;
    let t0 = Instant::now();
    let tagger = Tagger::train(&train, &dev, &opts, &mut |m| eprintln!("{m}"));
    eprintln!("training took {:.1} s", t0.elapsed().as_secs_f64());
    let out = PathBuf::from(out);
    tagger.save(&out).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({:.2} MB)", out.display(), size as f64 / 1e6);
    Ok(())
}

fn eval(args: &[String]) -> Result<(), String> {
    let (Some(gold), Some(model)) = (arg(args, "--gold"), arg(args, "--model")) else {
        return Err("eval needs --gold and --model".into());
    };
    let t0 = Instant::now();
    let tagger = Tagger::load(Path::new(&model)).map_err(|e| e.to_string())?;
    let load = t0.elapsed().as_secs_f64();
    let gold = conllu::read_file(Path::new(&gold)).map_err(|e| e.to_string())?;
    let mut pred: Vec<Sentence> = gold
        .iter()
        .map(|s| Sentence {
            words: s
                .words
                .iter()
                .map(|w| Word {
                    form: w.form.clone(),
                    ..Word::default()
                })
                .collect(),
            ..Sentence::default()
        })
        .collect();
    // Warm up once, then time.
    for s in &mut pred {
        tagger.tag(&mut s.words);
    }
    // Time on the clock and on the CPU (the machine may be shared): at least two seconds.
    let t1 = Instant::now();
    let c1 = cpu_seconds();
    let mut n = 0usize;
    while t1.elapsed().as_secs_f64() < 2.0 {
        for s in &mut pred {
            tagger.tag(&mut s.words);
            n += s.words.len();
        }
    }
    let secs = t1.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(c1).map(|(b, a)| b - a);
    let sc = tagger::score(&gold, &pred);
    println!("words    {}", sc.words);
    println!("UPOS     {:.2}", sc.upos);
    println!("XPOS     {:.2}", sc.xpos);
    println!("UFeats   {:.2}", sc.ufeats);
    println!("AllTags  {:.2}", sc.all_tags);
    println!("Lemma    {:.2}", sc.lemma);
    println!("load     {:.3} s", load);
    print!(
        "speed    {:.0} words/s (tag + feats + lemma, one thread)",
        n as f64 / secs
    );
    match cpu {
        Some(c) if c > 0.0 => println!("; {:.0} words per CPU second", n as f64 / c),
        _ => println!(),
    }
    if let Some(out) = arg(args, "--write") {
        let text: String = pred.iter().map(Sentence::to_conllu).collect();
        std::fs::write(&out, text).map_err(|e| format!("{out}: {e}"))?;
    }
    Ok(())
}

/// CPU time of this thread (user + system) from `/proc`, when available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of stat(5), counted from the state field (3).
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
