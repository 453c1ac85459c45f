//! `sitrep eval events`: event type, code and actor accuracy against the PLOVER gold-standard
//! records and the CAMEO codebook's example sentences.

use crate::cli::EvalEventsArgs;
use crate::pipeline::EventCoding;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use sitrep_nlp::analyze::Analyzer;
use sitrep_types::{Event, Sentence};
use std::collections::BTreeMap;
use std::time::Instant;

/// Parse and code one text as an article of one paragraph per line.
fn code_text(an: &Analyzer, ev: &EventCoding, text: &str, date: Option<&str>) -> Vec<Event> {
    let sentences: Vec<Sentence> = an.analyze(text).iter().map(|s| s.to_record(0)).collect();
    ev.coder.code_article(&ev.dict, text, date, &sentences)
}

/// The event a one-event gold record is compared with: asserted before negated, specific
/// before generic statements, then the most confident, then the first.
fn main_event(events: &[Event]) -> Option<&Event> {
    events
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| {
            let key = |e: &Event| (!e.negated, !e.root.starts_with("01"));
            key(a)
                .cmp(&key(b))
                .then(a.confidence.total_cmp(&b.confidence))
                .then(j.cmp(i))
        })
        .map(|(_, e)| e)
}

/// PLOVER 0.5 labels (the GSR's) as today's types.
fn plover_now(t: &str) -> &str {
    match t {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

#[derive(Debug, Default, Serialize)]
struct PerType {
    n: usize,
    right: usize,
    predicted: usize,
}

#[derive(Debug, Serialize)]
struct GsrScore {
    sentences: usize,
    type_accuracy: f64,
    coded: usize,
    source_sentences: usize,
    source_right: usize,
    target_sentences: usize,
    target_right: usize,
    actor_accuracy: f64,
    per_type: BTreeMap<String, PerType>,
    sentences_per_second: f64,
}

#[derive(Debug, Serialize)]
struct CameoScore {
    examples: usize,
    root_accuracy: f64,
    code_accuracy: f64,
    coded: usize,
    per_root: BTreeMap<String, PerType>,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn country(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// Run `sitrep eval events`.
pub fn run(args: &EvalEventsArgs) -> Result<u8> {
    if args.plover_gsr.is_none() && args.cameo_examples.is_none() && args.petr_unittest.is_none() {
        bail!("nothing to evaluate: give --plover-gsr FILE, --cameo-examples FILE and/or --petr-unittest FILE");
    }
    let mut failed = false;
    let mut failures = Vec::new();
    let mut report = serde_json::Map::new();
    if let Some(path) = &args.petr_unittest {
        let (score, f) = super::eval_petr::run(
            path,
            args.dict.as_deref(),
            args.min_petr,
            args.errors,
            args.json,
        )?;
        failed |= f;
        report.insert("petr_unittest".into(), score);
        if args.plover_gsr.is_none() && args.cameo_examples.is_none() {
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
            return Ok(u8::from(failed));
        }
    }
    let an = super::nlp::load_analyzer(args.models.as_deref())?;
    let ev = super::nlp::load_event_coding()?;
    if let Some(path) = &args.plover_gsr {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let records: Vec<serde_json::Value> = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a JSON array of PLOVER records", path.display()))?;
        let started = Instant::now();
        let mut per_type: BTreeMap<String, PerType> = BTreeMap::new();
        let (mut n, mut right, mut coded) = (0, 0, 0);
        let (mut src_n, mut src_ok, mut tgt_n, mut tgt_ok) = (0, 0, 0, 0);
        let mut errors = Vec::new();
        for r in &records {
            let gold = r["event"].as_str().unwrap_or_default();
            let Some(sentence) = r["text"].as_str() else {
                continue;
            };
            if gold.is_empty() || gold == "DOCUMENT" {
                continue;
            }
            let gold_type = plover_now(gold).to_string();
            let events = code_text(&an, &ev, sentence, r["date"].as_str());
            let main = main_event(&events);
            let pred = main.map_or("-", |e| e.plover.kind.as_str()).to_string();
            n += 1;
            coded += usize::from(main.is_some());
            let ok = pred == gold_type;
            right += usize::from(ok);
            let g = per_type.entry(gold_type.clone()).or_default();
            g.n += 1;
            g.right += usize::from(ok);
            per_type.entry(pred.clone()).or_default().predicted += 1;
            let codes = |k: &str| -> Vec<String> {
                r[k].as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x["code"].as_str())
                            .map(|c| country(c).to_string())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (gs, gt) = (codes("source"), codes("target"));
            let ps = main.and_then(|e| e.source.code.as_deref()).map(country);
            let pt = main
                .and_then(|e| e.target.as_ref())
                .and_then(|t| t.code.as_deref())
                .map(country);
            let s_ok = ps.is_some_and(|c| gs.iter().any(|g| g == c));
            let t_ok = pt.is_some_and(|c| gt.iter().any(|g| g == c));
            if !gs.is_empty() {
                src_n += 1;
                src_ok += usize::from(s_ok);
            }
            if !gt.is_empty() {
                tgt_n += 1;
                tgt_ok += usize::from(t_ok);
            }
            if !ok || (!gs.is_empty() && !s_ok) || (!gt.is_empty() && !t_ok) {
                errors.push(format!(
                    "{}\tgold {} {}→{}\tgot {} {} {}→{}\t{}",
                    r["id"].as_str().unwrap_or("?"),
                    gold_type,
                    gs.join("+"),
                    gt.join("+"),
                    pred,
                    main.map_or("-", |e| e.cameo.as_str()),
                    ps.unwrap_or("-"),
                    pt.unwrap_or("-"),
                    sentence
                ));
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let score = GsrScore {
            sentences: n,
            type_accuracy: pct(right, n),
            coded,
            source_sentences: src_n,
            source_right: src_ok,
            target_sentences: tgt_n,
            target_right: tgt_ok,
            actor_accuracy: pct(src_ok + tgt_ok, src_n + tgt_n),
            per_type,
            sentences_per_second: n as f64 / secs.max(1e-9),
        };
        if !args.json {
            println!("{} ({} sentences)", path.display(), score.sentences);
            println!(
                "  event type {:.1}% ({right}/{n}; {coded} coded)   actors: source {:.1}% ({src_ok}/{src_n}), target {:.1}% ({tgt_ok}/{tgt_n}), both {:.1}%",
                score.type_accuracy,
                pct(src_ok, src_n),
                pct(tgt_ok, tgt_n),
                score.actor_accuracy
            );
            println!(
                "  {:<12} {:>5} {:>7} {:>9}",
                "type", "gold", "right", "predicted"
            );
            for (t, p) in &score.per_type {
                println!(
                    "  {:<12} {:>5} {:>6.1}% {:>9}",
                    t,
                    p.n,
                    pct(p.right, p.n),
                    p.predicted
                );
            }
            print_errors(&errors, args.errors);
            println!(
                "  {:.0} sentences/s (parse + code, one thread)",
                score.sentences_per_second
            );
        }
        failures.extend(super::below_floors(&[
            (
                "PLOVER event-type accuracy",
                args.min_type_accuracy,
                score.type_accuracy,
            ),
            (
                "PLOVER actor accuracy",
                args.min_actor_accuracy,
                score.actor_accuracy,
            ),
        ]));
        report.insert("plover_gsr".into(), serde_json::to_value(&score)?);
    }
    if let Some(path) = &args.cameo_examples {
        // The codebook export has a few bytes that are not UTF-8 (mangled apostrophes).
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let rows = parse_csv(&text);
        let header = rows.first().context("empty CSV")?;
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .with_context(|| format!("{}: no `{name}` column", path.display()))
        };
        let (code_col, example_col) = (col("code")?, col("example")?);
        let mut per_root: BTreeMap<String, PerType> = BTreeMap::new();
        let (mut n, mut root_ok, mut code_ok, mut coded) = (0, 0, 0, 0);
        let mut errors = Vec::new();
        for row in &rows[1..] {
            let (Some(code), Some(example)) = (row.get(code_col), row.get(example_col)) else {
                continue;
            };
            let example = example.trim();
            if example.is_empty() || example == "NA" || code.len() < 3 {
                continue;
            }
            let events = code_text(&an, &ev, example, None);
            let main = main_event(&events);
            let got = main.map_or("-", |e| e.cameo.as_str());
            n += 1;
            coded += usize::from(main.is_some());
            let r_ok = got.get(..2) == code.get(..2);
            root_ok += usize::from(r_ok);
            code_ok += usize::from(got == code);
            let root = code[..2].to_string();
            let g = per_root.entry(root).or_default();
            g.n += 1;
            g.right += usize::from(r_ok);
            if let Some(g) = got.get(..2) {
                per_root.entry(g.to_string()).or_default().predicted += 1;
            }
            if got != code {
                errors.push(format!("gold {code}\tgot {got}\t{example}"));
            }
        }
        let score = CameoScore {
            examples: n,
            root_accuracy: pct(root_ok, n),
            code_accuracy: pct(code_ok, n),
            coded,
            per_root,
        };
        if !args.json {
            println!("{} ({} example sentences)", path.display(), n);
            println!(
                "  root {:.1}% ({root_ok}/{n})   full code {:.1}% ({code_ok}/{n})   {coded} coded",
                score.root_accuracy, score.code_accuracy
            );
            println!(
                "  {:<5} {:>5} {:>7} {:>9}",
                "root", "gold", "right", "predicted"
            );
            for (t, p) in &score.per_root {
                println!(
                    "  {:<5} {:>5} {:>6.1}% {:>9}",
                    t,
                    p.n,
                    pct(p.right, p.n),
                    p.predicted
                );
            }
            print_errors(&errors, args.errors);
        }
        failures.extend(super::below_floors(&[
            (
                "CAMEO root accuracy",
                args.min_root_accuracy,
                score.root_accuracy,
            ),
            (
                "CAMEO code accuracy",
                args.min_code_accuracy,
                score.code_accuracy,
            ),
        ]));
        report.insert("cameo_examples".into(), serde_json::to_value(&score)?);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    for f in &failures {
        eprintln!("sitrep eval events: below floor: {f}");
    }
    Ok(u8::from(failed || !failures.is_empty()))
}

/// Run `sitrep bench events`: dictionary load time, then coding alone on given parses.
pub fn bench(args: &crate::cli::BenchEventsArgs) -> Result<u8> {
    let t = Instant::now();
    let ev = super::nlp::load_event_coding()?;
    let load = t.elapsed().as_secs_f64();
    // One body per input sentence: the forms joined by spaces.
    let mut docs: Vec<(String, Sentence)> = Vec::new();
    for path in &args.inputs {
        let sents = sitrep_nlp::conllu::read_file(path)
            .with_context(|| format!("reading {}", path.display()))?;
        for s in sents {
            let mut body = String::new();
            let mut tokens = Vec::with_capacity(s.words.len());
            for w in &s.words {
                if !body.is_empty() {
                    body.push(' ');
                }
                let start = body.len();
                body.push_str(&w.form);
                tokens.push(w.to_record(sitrep_types::Span::new(start, body.len()), None));
            }
            let span = sitrep_types::Span::new(0, body.len());
            docs.push((body, Sentence { span, tokens }));
        }
    }
    if docs.is_empty() {
        bail!("no sentences in the inputs");
    }
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..args.repeat.max(1) {
        let t = Instant::now();
        events = 0;
        for (body, s) in &docs {
            events += ev
                .coder
                .code_sentence(&ev.dict, body, Some("2020-01-01"), s)
                .len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let rate = docs.len() as f64 / best;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "sentences": docs.len(), "events": events, "sentences_per_second": rate,
                "dictionary_load_seconds": load,
            }))?
        );
    } else {
        println!(
            "dictionaries (actors + events) loaded in {:.3} s; {} entries, {} patterns",
            load,
            ev.dict.entries().len(),
            ev.coder.patterns().all().len()
        );
        println!(
            "{} sentences, {events} events: {:.0} sentences/s coding alone (parse given, one thread, best of {})",
            docs.len(),
            rate,
            args.repeat.max(1)
        );
    }
    Ok(0)
}

fn print_errors(errors: &[String], limit: usize) {
    if limit == 0 || errors.is_empty() {
        return;
    }
    println!(
        "  errors ({} of {}):",
        limit.min(errors.len()),
        errors.len()
    );
    for e in errors.iter().take(limit) {
        println!("    {e}");
    }
}

/// RFC 4180 CSV: quoted fields with doubled quotes and newlines inside quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\r' => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_and_doubled_quotes() {
        let rows = parse_csv("a,b,c\n\"1\",\"x, \"\"y\"\"\",NA\r\n2,,\"multi\nline\"\n");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], vec!["1", "x, \"y\"", "NA"]);
        assert_eq!(rows[2], vec!["2", "", "multi\nline"]);
    }

    #[test]
    fn plover_half_labels_map_to_today() {
        assert_eq!(plover_now("DEMAND"), "REQUEST");
        assert_eq!(plover_now("INVESTIGATE"), "ACCUSE");
        assert_eq!(plover_now("FIGHT"), "ASSAULT");
        assert_eq!(plover_now("AGREE"), "AGREE");
    }
}
