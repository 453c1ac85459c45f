//! `sitrep eval events --petr-unittest FILE --dict petrarch:DIR`: PETRARCH's unit-test records
//! coded with PETRARCH-format dictionaries, on the records' own Penn Treebank parses.
//!
//! A record is right when the set of (source, target, event) triples equals the gold set;
//! records of kind `noevents` and `error` are right when nothing is coded (PETRARCH's
//! validation skips an `error` record's coding, so its gold list is empty).

use super::nlp::DictSpec;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use sitrep_events::petrarch::{PetrConfig, PetrDicts, PetrEvent};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Default, Serialize)]
struct PerCategory {
    n: usize,
    right: usize,
}

#[derive(Debug, Serialize)]
struct PetrScore {
    records: usize,
    right: usize,
    accuracy: f64,
    per_category: BTreeMap<String, PerCategory>,
    per_kind: BTreeMap<String, PerCategory>,
    wrong: Vec<Wrong>,
}

#[derive(Debug, Serialize)]
struct Wrong {
    id: String,
    kind: String,
    gold: String,
    got: String,
    text: String,
}

fn triple(e: &serde_json::Value) -> Option<(String, String, String)> {
    Some((
        e["source"].as_str()?.to_string(),
        e["target"].as_str()?.to_string(),
        e["event"].as_str()?.to_string(),
    ))
}

fn show(set: &BTreeSet<(String, String, String)>) -> String {
    if set.is_empty() {
        return "-".into();
    }
    set.iter()
        .map(|(s, t, e)| format!("{s}>{t}:{e}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs the unit-test evaluation; returns the report and whether it failed `--min-petr`.
pub fn run(
    path: &Path,
    dict: Option<&str>,
    min: Option<usize>,
    errors_limit: usize,
    json: bool,
) -> Result<(serde_json::Value, bool)> {
    let Some(dict) = dict else {
        bail!("--petr-unittest needs --dict petrarch:DIR (the PETRARCH dictionaries to code with)");
    };
    let spec = DictSpec::parse(dict)?;
    let dicts = PetrDicts::load_dir(spec.dir()).with_context(|| {
        format!(
            "loading PETRARCH dictionaries from {}",
            spec.dir().display()
        )
    })?;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut per_category: BTreeMap<String, PerCategory> = BTreeMap::new();
    let mut per_kind: BTreeMap<String, PerCategory> = BTreeMap::new();
    let (mut n, mut right) = (0, 0);
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a JSON record", path.display(), i + 1))?;
        let mut config = PetrConfig::default();
        if let Some(c) = r["config_in_effect"].as_object() {
            for (k, v) in c {
                if let Some(v) = v.as_str() {
                    config.set(k, v);
                }
            }
        }
        let kind = r["kind"].as_str().unwrap_or("events").to_string();
        let gold: BTreeSet<(String, String, String)> = r["events"]
            .as_array()
            .map(|a| a.iter().filter_map(triple).collect())
            .unwrap_or_default();
        let sentence = r["text"].as_str().unwrap_or_default();
        let got: BTreeSet<(String, String, String)> = match dicts.code_parse(
            sentence,
            r["ptb_parse"].as_str().unwrap_or_default(),
            r["date"].as_str(),
            &config,
        ) {
            Ok(evs) => evs
                .into_iter()
                .map(
                    |PetrEvent {
                         source,
                         target,
                         code,
                     }| (source, target, code),
                )
                .collect(),
            Err(_) => BTreeSet::new(),
        };
        let ok = if kind == "events" {
            got == gold
        } else {
            got.is_empty()
        };
        n += 1;
        right += usize::from(ok);
        let cat = r["category"].as_str().unwrap_or("?").to_string();
        let c = per_category.entry(cat).or_default();
        c.n += 1;
        c.right += usize::from(ok);
        let k = per_kind.entry(kind.clone()).or_default();
        k.n += 1;
        k.right += usize::from(ok);
        if !ok {
            errors.push(Wrong {
                id: r["id"].as_str().unwrap_or("?").to_string(),
                kind: kind.clone(),
                gold: show(&gold),
                got: show(&got),
                text: sentence.to_string(),
            });
        }
    }
    let score = PetrScore {
        records: n,
        right,
        accuracy: if n == 0 {
            0.0
        } else {
            100.0 * right as f64 / n as f64
        },
        per_category,
        per_kind,
        wrong: errors,
    };
    if !json {
        let (actors, agents) = dicts.actors.sizes();
        println!(
            "{} ({n} records; dictionaries: {} verb forms, {} patterns, {actors} actor and {agents} agent phrases, {} discards)",
            path.display(),
            dicts.verbs.forms.len(),
            dicts.verbs.pattern_count(),
            dicts.discards.len()
        );
        println!("  right {right} of {n} ({:.1}%)", score.accuracy);
        println!(
            "  {:<12} {:>5} {:>6} {:>7}",
            "category", "n", "right", "acc"
        );
        for (c, p) in &score.per_category {
            println!(
                "  {:<12} {:>5} {:>6} {:>6.1}%",
                c,
                p.n,
                p.right,
                100.0 * p.right as f64 / p.n.max(1) as f64
            );
        }
        for (c, p) in &score.per_kind {
            println!("  kind {:<7} {:>5} {:>6}", c, p.n, p.right);
        }
        let wrong = &score.wrong;
        if errors_limit > 0 && !wrong.is_empty() {
            println!(
                "  wrong records ({} of {}):",
                errors_limit.min(wrong.len()),
                wrong.len()
            );
            for e in wrong.iter().take(errors_limit) {
                println!(
                    "    {}\t{}\tgold {}\tgot {}\t{}",
                    e.id, e.kind, e.gold, e.got, e.text
                );
            }
        }
    }
    let failed = min.is_some_and(|m| right < m);
    if failed {
        eprintln!(
            "FAIL: {right} PETRARCH unit-test records right < {}",
            min.unwrap_or(0)
        );
    }
    Ok((serde_json::to_value(&score)?, failed))
}
