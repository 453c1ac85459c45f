//! Train, cross-validate and evaluate the entity tagger.
//!
//! ```text
//! C=/path/to/corpora
//! cargo run --release -p sitrep-nlp --example ner -- train \
//!     --gum $C/ud-english-gum/en_gum-ud-train.RECONSTRUCTED.conllu \
//!     --gum $C/ud-english-gum/en_gum-ud-dev.conllu \
//!     --uner $C/uner-english-ewt/en_ewt-ud-dev.iob2 --ewt-dev $C/ud-english-ewt/en_ewt-ud-dev.conllu \
//!     --lexicon $C/ud-english-ewt/en_ewt-ud-train.conllu \
//!     --self-train $C/ud-english-ewt/en_ewt-ud-train.conllu --out models/ner.bin
//! cargo run --release -p sitrep-nlp --example ner -- cv  (same data flags, no --out) --folds 5
//! cargo run --release -p sitrep-nlp --example ner -- eval --gold UNER.iob2 --model models/ner.bin \
//!     [--ewt-dev EWT-dev.conllu]
//! cargo run --release -p sitrep-nlp --example ner -- gum --gum GUM.conllu   # converted spans
//! ```
//!
//! - `--gum` (repeatable): GUM CoNLL-U, converted by `ner::gum_entities` (NC genres left out);
//! - `--uner`: UNER IOB2 training data; `--ewt-dev` copies gold UPOS/XPOS from the EWT
//!   treebank onto UNER sentences with the same words;
//! - `--lexicon` (repeatable): tagged text for the case lexicon;
//! - `--self-train`: after training, tag this treebank's sentences with the model and train
//!   again on the gold data plus those predictions (`--self-rounds N` times);
//! - `--epochs`, `--dropout` (share of sentences trained without tags), `--min-count`,
//!   `--bias` (entity-start bonus), `--uner-weight` (repeat UNER sentences), `--errors FILE`
//!   (cv: the CV mistakes).
//!
//! `cv` trains on GUM plus all folds of UNER but one and tests on that one, in turn (folds are
//! contiguous, so documents stay together), then trains on GUM alone and tests on all of
//! UNER. `eval` prints P/R/F1 per type and micro, and the tagging speed (`tag_str`).

use sitrep_nlp::conllu::{self, Word};
use sitrep_nlp::ner::{self, EntityTagger, NerScores, NerSentence, TrainOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Default)]
struct Args {
    gum: Vec<PathBuf>,
    uner: Option<PathBuf>,
    ewt_dev: Option<PathBuf>,
    lexicon: Vec<PathBuf>,
    out: Option<PathBuf>,
    model: Option<PathBuf>,
    gold: Option<PathBuf>,
    folds: usize,
    epochs: Option<usize>,
    dropout: Option<f64>,
    min_count: Option<u32>,
    uner_weight: usize,
    errors: Option<PathBuf>,
    self_train: Option<PathBuf>,
    self_rounds: usize,
    bias: f32,
}

fn parse_args(rest: &[String]) -> Result<Args, String> {
    let mut a = Args {
        folds: 5,
        uner_weight: 1,
        self_rounds: 1,
        ..Args::default()
    };
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--gum" => a.gum.push(val()?.into()),
            "--uner" => a.uner = Some(val()?.into()),
            "--ewt-dev" => a.ewt_dev = Some(val()?.into()),
            "--lexicon" => a.lexicon.push(val()?.into()),
            "--out" => a.out = Some(val()?.into()),
            "--model" => a.model = Some(val()?.into()),
            "--gold" => a.gold = Some(val()?.into()),
            "--folds" => a.folds = val()?.parse().map_err(|e| format!("--folds: {e}"))?,
            "--epochs" => a.epochs = Some(val()?.parse().map_err(|e| format!("--epochs: {e}"))?),
            "--dropout" => {
                a.dropout = Some(val()?.parse().map_err(|e| format!("--dropout: {e}"))?);
            }
            "--min-count" => {
                a.min_count = Some(val()?.parse().map_err(|e| format!("--min-count: {e}"))?);
            }
            "--uner-weight" => {
                a.uner_weight = val()?.parse().map_err(|e| format!("--uner-weight: {e}"))?;
            }
            "--errors" => a.errors = Some(val()?.into()),
            "--self-train" => a.self_train = Some(val()?.into()),
            "--self-rounds" => {
                a.self_rounds = val()?.parse().map_err(|e| format!("--self-rounds: {e}"))?;
            }
            "--bias" => a.bias = val()?.parse().map_err(|e| format!("--bias: {e}"))?,
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("usage: ner train|cv|eval|gum [options] (see the source's doc comment)");
        return ExitCode::from(2);
    };
    let result = parse_args(&args[1..]).and_then(|a| match cmd.as_str() {
        "train" => train(&a),
        "cv" => cv(&a),
        "eval" => eval(&a),
        "gum" => gum(&a),
        _ => Err(format!("unknown command {cmd}")),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn load_gum(a: &Args) -> Result<Vec<NerSentence>, String> {
    let mut out = Vec::new();
    for p in &a.gum {
        let s = conllu::read_file(p).map_err(|e| e.to_string())?;
        out.extend(ner::gum_entities(&s));
    }
    Ok(out)
}

fn load_uner(path: &Path, a: &Args) -> Result<Vec<NerSentence>, String> {
    let mut u = ner::read_iob2(path).map_err(|e| e.to_string())?;
    if let Some(ewt) = &a.ewt_dev {
        let tb = conllu::read_file(ewt).map_err(|e| e.to_string())?;
        let hits = ner::attach_tags(&mut u, &tb);
        eprintln!("tags attached to {hits} of {} UNER sentences", u.len());
    }
    Ok(u)
}

fn options(a: &Args) -> Result<TrainOptions, String> {
    let mut o = TrainOptions::default();
    if let Some(e) = a.epochs {
        o.epochs = e;
    }
    if let Some(d) = a.dropout {
        o.tag_dropout = d;
    }
    if let Some(m) = a.min_count {
        o.min_count = m;
    }
    for p in &a.lexicon {
        let s = conllu::read_file(p).map_err(|e| e.to_string())?;
        o.lexicon.extend(s.into_iter().map(|s| s.words));
    }
    Ok(o)
}

fn quiet(_: &str) {}

fn train(a: &Args) -> Result<(), String> {
    let out = a.out.as_ref().ok_or("--out is required")?;
    let mut data = load_gum(a)?;
    if let Some(u) = &a.uner {
        data.extend(load_uner(u, a)?);
    }
    let opts = options(a)?;
    let t0 = Instant::now();
    let m = train_with_self(&data, &opts, a)?;
    eprintln!(
        "trained on {} sentences in {:.1} s, {} feature rows",
        data.len(),
        t0.elapsed().as_secs_f64(),
        m.n_features()
    );
    m.save(out).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({:.2} MB)", out.display(), size as f64 / 1e6);
    Ok(())
}

/// Train; with `--self-train`, tag that treebank with the model and train again on the
/// gold data plus those predictions.
fn train_with_self(
    data: &[NerSentence],
    opts: &TrainOptions,
    a: &Args,
) -> Result<EntityTagger, String> {
    let mut m = EntityTagger::train(data, opts, &mut |s| eprintln!("{s}"));
    m.set_bias(a.bias);
    let Some(path) = &a.self_train else {
        return Ok(m);
    };
    let tb = conllu::read_file(path).map_err(|e| e.to_string())?;
    for _ in 0..a.self_rounds.max(1) {
        let mut all = data.to_vec();
        for s in &tb {
            all.push(NerSentence {
                tags: m.tag(&s.words),
                words: s.words.clone(),
            });
        }
        m = EntityTagger::train(&all, opts, &mut |s| eprintln!("{s}"));
        m.set_bias(a.bias);
    }
    Ok(m)
}

fn strip_tags(s: &[NerSentence]) -> Vec<NerSentence> {
    s.iter()
        .map(|s| NerSentence {
            words: s
                .words
                .iter()
                .map(|w| Word {
                    form: w.form.clone(),
                    ..Word::default()
                })
                .collect(),
            tags: s.tags.clone(),
        })
        .collect()
}

fn predict(m: &EntityTagger, test: &[NerSentence]) -> Vec<Vec<String>> {
    test.iter().map(|s| m.tag(&s.words)).collect()
}

fn gold(test: &[NerSentence]) -> Vec<Vec<String>> {
    test.iter().map(|s| s.tags.clone()).collect()
}

fn print_scores(title: &str, s: &NerScores) {
    println!("{title}");
    for t in s.per_type.iter().chain(std::iter::once(&s.micro)) {
        println!(
            "  {:<6} P {:5.1}  R {:5.1}  F1 {:5.1}   (gold {}, predicted {}, correct {})",
            t.label,
            100.0 * t.precision,
            100.0 * t.recall,
            100.0 * t.f1,
            t.gold,
            t.predicted,
            t.correct
        );
    }
}

fn has_tags(s: &[NerSentence]) -> bool {
    s.iter().any(|s| s.words.iter().any(|w| !w.upos.is_empty()))
}

fn cv(a: &Args) -> Result<(), String> {
    let upath = a.uner.as_ref().ok_or("--uner is required")?;
    let gum = load_gum(a)?;
    let uner = load_uner(upath, a)?;
    let opts = options(a)?;
    let k = a.folds.max(2);
    let n = uner.len();
    let tagged = has_tags(&uner);
    let (mut g_all, mut p_all, mut p_all_untagged) = (Vec::new(), Vec::new(), Vec::new());
    let t0 = Instant::now();
    for f in 0..k {
        let (lo, hi) = (f * n / k, (f + 1) * n / k);
        let mut train: Vec<NerSentence> = gum.clone();
        for _ in 0..a.uner_weight.max(1) {
            train.extend(uner[..lo].iter().cloned());
            train.extend(uner[hi..].iter().cloned());
        }
        let test = &uner[lo..hi];
        let m = train_with_self(&train, &opts, a)?;
        let fold_scores = ner::score(&gold(test), &predict(&m, test));
        eprintln!(
            "fold {}: F1 {:.1} ({:.0} s)",
            f + 1,
            100.0 * fold_scores.f1,
            t0.elapsed().as_secs_f64()
        );
        g_all.extend(gold(test));
        p_all.extend(predict(&m, test));
        if tagged {
            p_all_untagged.extend(predict(&m, &strip_tags(test)));
        }
    }
    if let Some(path) = &a.errors {
        let mut out = String::new();
        for (k, (g, p)) in g_all.iter().zip(&p_all).enumerate() {
            let (gs, ps) = (ner::spans(g), ner::spans(p));
            if gs == ps {
                continue;
            }
            let w = &uner[k].words;
            let text = |(b, e, t): &(usize, usize, String)| {
                let f: Vec<&str> = w[*b..*e].iter().map(|w| w.form.as_str()).collect();
                format!("{t}:{}", f.join(" "))
            };
            let all: Vec<&str> = w.iter().map(|w| w.form.as_str()).collect();
            out.push_str(&format!("# {}\n", all.join(" ")));
            for s in gs.iter().filter(|s| !ps.contains(s)) {
                out.push_str(&format!("  FN {}\n", text(s)));
            }
            for s in ps.iter().filter(|s| !gs.contains(s)) {
                out.push_str(&format!("  FP {}\n", text(s)));
            }
        }
        std::fs::write(path, out).map_err(|e| e.to_string())?;
    }
    let label = if tagged { " (gold UPOS/XPOS)" } else { "" };
    print_scores(
        &format!("{k}-fold CV on UNER dev, GUM + other folds{label}"),
        &ner::score(&g_all, &p_all),
    );
    if tagged {
        print_scores(
            &format!("{k}-fold CV on UNER dev, GUM + other folds, no tags at test time"),
            &ner::score(&g_all, &p_all_untagged),
        );
    }
    let m = EntityTagger::train(&gum, &opts, &mut quiet);
    print_scores(
        &format!("GUM only, tested on all UNER dev{label}"),
        &ner::score(&gold(&uner), &predict(&m, &uner)),
    );
    if tagged {
        let u = strip_tags(&uner);
        print_scores(
            "GUM only, tested on all UNER dev, no tags",
            &ner::score(&gold(&u), &predict(&m, &u)),
        );
    }
    eprintln!("total {:.0} s", t0.elapsed().as_secs_f64());
    Ok(())
}

fn eval(a: &Args) -> Result<(), String> {
    let gpath = a.gold.as_ref().ok_or("--gold is required")?;
    let mpath = a.model.as_ref().ok_or("--model is required")?;
    let t0 = Instant::now();
    let m = EntityTagger::load(mpath).map_err(|e| e.to_string())?;
    eprintln!("loaded in {:.2} s", t0.elapsed().as_secs_f64());
    let test = load_uner(gpath, a)?;
    let mut sets = vec![("no tags", strip_tags(&test))];
    if has_tags(&test) {
        sets.push(("gold UPOS/XPOS", test));
    }
    for (label, set) in &sets {
        let pred: Vec<Vec<String>> = set.iter().map(|s| m.tag(&s.words)).collect();
        // Speed: tagging only (tag_str, no output strings), repeated for three seconds.
        let t = Instant::now();
        let cpu0 = cpu_seconds();
        let (mut words, mut entities) = (0usize, 0usize);
        while words == 0 || t.elapsed().as_secs_f64() < 3.0 {
            for s in set {
                entities += m
                    .tag_str(&s.words)
                    .iter()
                    .filter(|t| t.starts_with('B'))
                    .count();
                words += s.words.len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let cpu = match (cpu0, cpu_seconds()) {
            (Some(a), Some(b)) if b > a => {
                format!(", {:.0} per CPU second", words as f64 / (b - a))
            }
            _ => String::new(),
        };
        print_scores(
            &format!(
                "{} ({label}): {:.0} words/s wall clock{cpu} ({entities} entities)",
                gpath.display(),
                words as f64 / secs
            ),
            &ner::score(&gold(set), &pred),
        );
    }
    Ok(())
}

/// User + system CPU time of this process (Linux `/proc`), when available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn gum(a: &Args) -> Result<(), String> {
    for s in load_gum(a)? {
        for (b, e, t) in ner::spans(&s.tags) {
            let text: Vec<&str> = s.words[b..e].iter().map(|w| w.form.as_str()).collect();
            println!("{t}\t{}", text.join(" "));
        }
    }
    Ok(())
}
