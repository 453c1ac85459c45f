//! The linguistic core on the command line: `sitrep train`, `sitrep parse`,
//! `sitrep eval parse`, `sitrep eval ner` and `sitrep bench nlp`.

use crate::cli::{BenchNlpArgs, EvalNerArgs, EvalParseArgs, ParseArgs, TrainArgs, TrainWhat};
use anyhow::{bail, Context, Result};
use sitrep_nlp::analyze::{find_models_dir, Analyzer};
use sitrep_nlp::conllu::{self, Sentence};
use sitrep_nlp::{eval, ner, parser, tagger};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Load the analyser from `--models`, `$SITREP_MODELS`, `./models` or the source tree.
pub fn load_analyzer(explicit: Option<&Path>) -> Result<Analyzer> {
    let dir = find_models_dir(explicit).with_context(|| {
        format!(
            "no models found (looked in {}$SITREP_MODELS, ./models and the source tree's models/); train them with `sitrep train` or give --models DIR",
            explicit.map(|p| format!("{}, ", p.display())).unwrap_or_default()
        )
    })?;
    let t = Instant::now();
    let an =
        Analyzer::load(&dir).with_context(|| format!("loading models from {}", dir.display()))?;
    if std::env::var_os("SITREP_VERBOSE").is_some() {
        eprintln!(
            "models loaded from {} in {:.2} s",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(an)
}

/// Load the analyser when models can be found; `None` (entities left empty) when there are none.
/// A model that is there but broken is an error.
pub fn try_load_analyzer(explicit: Option<&Path>) -> Result<Option<std::sync::Arc<Analyzer>>> {
    match find_models_dir(explicit) {
        Some(dir) => Ok(Some(std::sync::Arc::new(
            Analyzer::load(&dir)
                .with_context(|| format!("loading models from {}", dir.display()))?,
        ))),
        None => Ok(None),
    }
}

/// The built-in actor dictionary and event coder.
pub fn load_event_coding() -> Result<std::sync::Arc<crate::pipeline::EventCoding>> {
    load_event_coding_with(None)
}

/// Which event dictionaries `--dict` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictSpec {
    /// `petrarch:DIR`: PETRARCH files on top of our own dictionaries.
    Petrarch(PathBuf),
    /// `petrarch-only:DIR`: PETRARCH files instead of ours.
    PetrarchOnly(PathBuf),
}

impl DictSpec {
    /// Reads `petrarch:DIR` or `petrarch-only:DIR`.
    ///
    /// # Errors
    /// When the prefix is another.
    pub fn parse(s: &str) -> Result<Self> {
        if let Some(d) = s.strip_prefix("petrarch-only:") {
            Ok(DictSpec::PetrarchOnly(PathBuf::from(d)))
        } else if let Some(d) = s.strip_prefix("petrarch:") {
            Ok(DictSpec::Petrarch(PathBuf::from(d)))
        } else {
            bail!("--dict {s}: expected petrarch:DIR or petrarch-only:DIR")
        }
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        match self {
            DictSpec::Petrarch(d) | DictSpec::PetrarchOnly(d) => d,
        }
    }
}

/// The actor dictionary and event coder: the built-in ones, with or without the PETRARCH
/// dictionaries `--dict` names. PETRARCH actors and agents are merged into the actor
/// dictionary (with their dated codes); PETRARCH verbs become patterns of our coder (those
/// that can be said on a dependency parse; see `sitrep_events::petrarch`).
pub fn load_event_coding_with(
    dict: Option<&str>,
) -> Result<std::sync::Arc<crate::pipeline::EventCoding>> {
    let Some(spec) = dict.map(DictSpec::parse).transpose()? else {
        let dict = sitrep_actors::Dictionary::builtin()
            .context("loading the built-in actor dictionary")?;
        let coder =
            sitrep_events::Coder::builtin().context("loading the built-in event patterns")?;
        return Ok(std::sync::Arc::new(crate::pipeline::EventCoding {
            dict,
            coder,
        }));
    };
    let dir = spec.dir();
    let files = sitrep_events::petrarch::PetrFiles::find(dir)
        .with_context(|| format!("listing {}", dir.display()))?;
    let verbs_path = files
        .verbs
        .as_ref()
        .with_context(|| format!("no `*verbs*` file in {}", dir.display()))?;
    let verbs_name = verbs_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text =
        std::fs::read(verbs_path).with_context(|| format!("reading {}", verbs_path.display()))?;
    let verbs =
        sitrep_events::petrarch::VerbDict::parse(&String::from_utf8_lossy(&text), &verbs_name)?;
    let mut imported = sitrep_actors::Dictionary::from_entries(Vec::new());
    for p in &files.actors {
        imported = imported.merge(
            sitrep_actors::petrarch::load_actors(p)
                .with_context(|| format!("reading {}", p.display()))?,
        );
    }
    if let Some(p) = &files.agents {
        imported = imported.merge(
            sitrep_actors::petrarch::load_agents(p)
                .with_context(|| format!("reading {}", p.display()))?,
        );
    }
    let (dict, coder) = match spec {
        DictSpec::Petrarch(_) => {
            let mut coder =
                sitrep_events::Coder::builtin().context("loading the built-in event patterns")?;
            coder.add_petrarch_verbs(&verbs, &verbs_name);
            let dict = sitrep_actors::Dictionary::builtin()
                .context("loading the built-in actor dictionary")?
                .merge(imported);
            (dict, coder)
        }
        DictSpec::PetrarchOnly(_) => (
            imported,
            sitrep_events::Coder::petrarch_only(&verbs, &verbs_name)?,
        ),
    };
    Ok(std::sync::Arc::new(crate::pipeline::EventCoding {
        dict,
        coder,
    }))
}

fn read_conllu_files(paths: &[PathBuf]) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    for p in paths {
        let s = conllu::read_file(p).with_context(|| format!("reading {}", p.display()))?;
        out.extend(s);
    }
    Ok(out)
}

/// Drop GUM documents whose licence (NC-SA: how-to and fiction genres) we do not train on.
fn licence_filter(sentences: Vec<Sentence>) -> Vec<Sentence> {
    let mut keep = true;
    sentences
        .into_iter()
        .filter(|s| {
            if let Some(id) = s
                .comments
                .iter()
                .find_map(|c| c.strip_prefix("newdoc id = "))
            {
                keep = !(id.starts_with("GUM_whow_") || id.starts_with("GUM_fiction_"));
            }
            keep
        })
        .collect()
}

/// Run `sitrep train`.
pub fn train(args: &TrainArgs) -> Result<u8> {
    let mut progress = |m: &str| eprintln!("{m}");
    let t = Instant::now();
    match args.what {
        TrainWhat::Tagger | TrainWhat::Lemmatizer => {
            let train = licence_filter(read_conllu_files(&args.train)?);
            let dev = match &args.dev {
                Some(d) => {
                    conllu::read_file(d).with_context(|| format!("reading {}", d.display()))?
                }
                None => Vec::new(),
            };
            let mut opts = tagger::TrainOptions {
                seed: args.seed,
                ..tagger::TrainOptions::default()
            };
            if let Some(e) = args.epochs {
                opts.epochs = e;
            }
            let m = tagger::Tagger::train(&train, &dev, &opts, &mut progress);
            m.save(&args.out)
                .with_context(|| format!("writing {}", args.out.display()))?;
        }
        TrainWhat::Parser => {
            let train = licence_filter(read_conllu_files(&args.train)?);
            let dev = match &args.dev {
                Some(d) => {
                    conllu::read_file(d).with_context(|| format!("reading {}", d.display()))?
                }
                None => Vec::new(),
            };
            let mut opts = parser::TrainOptions {
                seed: args.seed,
                ..parser::TrainOptions::default()
            };
            if let Some(e) = args.epochs {
                opts.epochs = e;
            }
            let m = parser::Parser::train(&train, &dev, &opts, &mut progress);
            m.save(&args.out)
                .with_context(|| format!("writing {}", args.out.display()))?;
        }
        TrainWhat::Ner => {
            let mut data = Vec::new();
            for p in &args.train {
                if p.extension().is_some_and(|e| e == "iob2") {
                    data.extend(
                        ner::read_iob2(p).with_context(|| format!("reading {}", p.display()))?,
                    );
                } else {
                    let s = licence_filter(
                        conllu::read_file(p).with_context(|| format!("reading {}", p.display()))?,
                    );
                    data.extend(ner::gum_entities(&s));
                }
            }
            let mut opts = ner::TrainOptions {
                seed: args.seed,
                ..ner::TrainOptions::default()
            };
            if let Some(e) = args.epochs {
                opts.epochs = e;
            }
            let m = ner::EntityTagger::train(&data, &opts, &mut progress);
            m.save(&args.out)
                .with_context(|| format!("writing {}", args.out.display()))?;
        }
        TrainWhat::Segmenter => {
            let train = licence_filter(read_conllu_files(&args.train)?);
            progress(&format!(
                "training the sentence splitter on {} sentences",
                train.len()
            ));
            let opts = sitrep_nlp::sentences::TrainOptions {
                seed: args.seed,
                ..sitrep_nlp::sentences::TrainOptions::default()
            };
            let m = sitrep_nlp::sentences::SentenceSplitter::train(
                &[&train],
                &sitrep_nlp::tokenize::Tokenizer::new(),
                &opts,
            );
            m.save(&args.out)
                .with_context(|| format!("writing {}", args.out.display()))?;
        }
    }
    eprintln!(
        "wrote {} in {:.1} s",
        args.out.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// Run `sitrep parse`.
pub fn parse(args: &ParseArgs) -> Result<u8> {
    let an = load_analyzer(args.models.as_deref())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(path) = &args.from_conllu {
        let mut sents =
            conllu::read_file(path).with_context(|| format!("reading {}", path.display()))?;
        for s in &mut sents {
            an.annotate(s);
            out.write_all(s.to_conllu().as_bytes())?;
        }
    } else {
        let input = args.input.as_deref().unwrap_or("-");
        let mut text = String::new();
        if input == "-" {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input")?;
        } else {
            text = std::fs::read_to_string(input).with_context(|| format!("reading {input}"))?;
        }
        let mut id = 1;
        for para in text.split("\n\n") {
            for s in an.to_conllu(para, id) {
                id += 1;
                out.write_all(s.to_conllu().as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// Run `sitrep eval parse`.
pub fn eval_parse(args: &EvalParseArgs) -> Result<u8> {
    let an = load_analyzer(args.models.as_deref())?;
    let gold = conllu::read_file(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let t = Instant::now();
    let mut pred = gold.clone();
    for s in &mut pred {
        for w in &mut s.words {
            let form = std::mem::take(&mut w.form);
            let misc = std::mem::take(&mut w.misc);
            *w = conllu::Word {
                form,
                misc,
                ..conllu::Word::default()
            };
        }
        an.annotate(s);
    }
    let secs = t.elapsed().as_secs_f64();
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    let t = eval::score_tags(&gold, &pred);
    let d = eval::score_parse(&gold, &pred);
    let pct = |x: f64| x * 100.0;
    let tags = eval::TagScores {
        upos: pct(t.upos),
        xpos: pct(t.xpos),
        ufeats: pct(t.ufeats),
        alltags: pct(t.alltags),
        lemma: pct(t.lemma),
        ..t
    };
    let dep = eval::ParseScores {
        uas: pct(d.uas),
        las: pct(d.las),
        las_full: pct(d.las_full),
        ..d
    };
    let mut failed = Vec::new();
    let mut json = serde_json::json!({
        "gold": args.gold.display().to_string(),
        "sentences": gold.len(),
        "words": words,
        "gold_tokenization": {
            "upos": tags.upos, "xpos": tags.xpos, "ufeats": tags.ufeats, "alltags": tags.alltags, "lemma": tags.lemma,
            "uas": dep.uas, "las": dep.las, "las_full": dep.las_full,
        },
        "words_per_second": words as f64 / secs,
    });
    if !args.json {
        println!(
            "{} ({} sentences, {} words), gold tokenization",
            args.gold.display(),
            gold.len(),
            words
        );
        println!(
            "  UPOS {:.2}  XPOS {:.2}  UFeats {:.2}  AllTags {:.2}  Lemma {:.2}",
            tags.upos, tags.xpos, tags.ufeats, tags.alltags, tags.lemma
        );
        println!(
            "  UAS {:.2}  LAS {:.2}  (LAS with subtypes {:.2})",
            dep.uas, dep.las, dep.las_full
        );
        println!(
            "  {:.0} words/s (tag + lemma + parse + NER, one thread)",
            words as f64 / secs
        );
    }
    failed.extend(super::below_floors(&[
        ("UPOS", args.min_upos, tags.upos),
        ("UAS", args.min_uas, dep.uas),
        ("LAS", args.min_las, dep.las),
    ]));
    if args.raw {
        let raw = eval::raw_text(&gold);
        let system = an.segment(&raw.text);
        let sc = eval::score_segmentation(&raw.text, &raw.sentences, &system);
        let (tf, wf, sf) = (
            sc.tokens.f1() * 100.0,
            sc.words.f1() * 100.0,
            sc.sentences.f1() * 100.0,
        );
        json["raw_text"] =
            serde_json::json!({ "tokens_f1": tf, "words_f1": wf, "sentences_f1": sf });
        if !args.json {
            println!("  raw text: tokens F1 {tf:.2}  words F1 {wf:.2}  sentences F1 {sf:.2}");
        }
        failed.extend(super::below_floors(&[
            ("sentence F1", args.min_sentence_f1, sf),
            ("word F1", args.min_word_f1, wf),
        ]));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    for f in &failed {
        eprintln!("sitrep eval parse: below floor: {f}");
    }
    Ok(if failed.is_empty() {
        0
    } else {
        crate::EXIT_PARTIAL
    })
}

/// Run `sitrep eval ner`.
pub fn eval_ner(args: &EvalNerArgs) -> Result<u8> {
    let an = load_analyzer(args.models.as_deref())?;
    let gold =
        ner::read_iob2(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let t = Instant::now();
    let mut pred = Vec::with_capacity(gold.len());
    for s in &gold {
        let mut words: Vec<conllu::Word> = s
            .words
            .iter()
            .map(|w| conllu::Word {
                form: w.form.clone(),
                ..conllu::Word::default()
            })
            .collect();
        pred.push(an.annotate_words(&mut words));
    }
    let secs = t.elapsed().as_secs_f64();
    let gold_tags: Vec<Vec<String>> = gold.iter().map(|s| s.tags.clone()).collect();
    let sc = ner::score(&gold_tags, &pred);
    // Scores come as fractions; print and compare percentages.
    let k = 100.0;
    let (precision, recall, f1) = (sc.precision * k, sc.recall * k, sc.f1 * k);
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "gold": args.gold.display().to_string(), "precision": precision, "recall": recall, "f1": f1,
                "words_per_second": words as f64 / secs,
            }))?
        );
    } else {
        println!(
            "{} ({} sentences, {} words)",
            args.gold.display(),
            gold.len(),
            words
        );
        println!("  micro over PER/ORG/LOC: P {precision:.2}  R {recall:.2}  F1 {f1:.2}");
        for t in &sc.per_type {
            println!(
                "  {:<4} P {:.2}  R {:.2}  F1 {:.2}  ({} gold)",
                t.label,
                t.precision * k,
                t.recall * k,
                t.f1 * k,
                t.gold
            );
        }
    }
    if let Some(m) = args.min_f1 {
        if f1 < m {
            eprintln!("sitrep eval ner: below floor: F1 {f1:.2} < {m}");
            return Ok(crate::EXIT_PARTIAL);
        }
    }
    Ok(0)
}

/// Run `sitrep bench nlp`.
pub fn bench(args: &BenchNlpArgs) -> Result<u8> {
    let t0 = Instant::now();
    let an = load_analyzer(args.models.as_deref())?;
    let load = t0.elapsed().as_secs_f64();
    let mut text = String::new();
    for p in &args.inputs {
        for s in conllu::read_file(p).with_context(|| format!("reading {}", p.display()))? {
            if s.starts_paragraph() || s.starts_document() {
                text.push_str("\n\n");
            }
            for w in &s.words {
                text.push_str(&w.form);
                if !w.no_space_after() {
                    text.push(' ');
                }
            }
        }
    }
    if text.trim().is_empty() {
        bail!("no text in the given files");
    }
    let paras: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut best = f64::MAX;
    let mut words = 0usize;
    for _ in 0..args.repeat.max(1) {
        let t = Instant::now();
        let mut n = 0;
        for p in &paras {
            n += an.analyze(p).iter().map(|s| s.words.len()).sum::<usize>();
        }
        best = best.min(t.elapsed().as_secs_f64());
        if words != 0 && n != words {
            bail!("analysis is not deterministic: {n} != {words} words");
        }
        words = n;
    }
    let rate = words as f64 / best;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"words": words, "seconds": best, "words_per_second": rate, "model_load_seconds": load})
            )?
        );
    } else {
        println!("{words} words, best of {} passes: {rate:.0} words/s on one thread (tokenize + split + tag + lemma + parse + NER); models loaded in {load:.2} s", args.repeat.max(1));
    }
    Ok(0)
}
