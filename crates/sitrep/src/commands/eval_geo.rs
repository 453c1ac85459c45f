//! `sitrep eval geo`: toponym resolution against LGL and GeoVirus (Acc@161km and exact
//! GeoNames id), with the gold spans and with our own spans (NER over the article text, as
//! `sitrep code` finds them).

use crate::cli::EvalGeoArgs;
use crate::pipeline::{toponym_spans, Pipeline};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use sitrep_geo::eval::{evaluate, read_corpus, Report, Scores};
use sitrep_geo::{Gazetteer, Geoparser};
use sitrep_types::{Article, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// Run `sitrep eval geo`.
pub fn run(args: &EvalGeoArgs) -> Result<u8> {
    if args.lgl.is_none() && args.geovirus.is_none() {
        bail!("give --lgl FILE and/or --geovirus FILE");
    }
    let geo = Geoparser::new(Gazetteer::embedded());
    let pipeline = if args.gold_spans_only {
        None
    } else {
        Some(
            Pipeline::builder()
                .analyzer(Some(Arc::new(super::nlp::load_analyzer(
                    args.models.as_deref(),
                )?)))
                .build(),
        )
    };
    let mut out = serde_json::Map::new();
    let mut failures = Vec::new();
    for (name, path, floor) in [
        ("LGL", &args.lgl, args.min_acc161_lgl),
        ("GeoVirus", &args.geovirus, args.min_acc161_geovirus),
    ] {
        let Some(path) = path else { continue };
        let docs = read_corpus(path).with_context(|| format!("reading {}", path.display()))?;
        if docs.is_empty() {
            bail!("{}: no articles", path.display());
        }
        let own: Option<HashMap<&str, Vec<Span>>> = pipeline.as_ref().map(|p| {
            docs.par_iter()
                .map(|d| (d.text.as_str(), own_spans(p, &geo, &d.text)))
                .collect()
        });
        let recognise = own
            .as_ref()
            .map(|m| move |text: &str| -> Vec<Span> { m.get(text).cloned().unwrap_or_default() });
        let report = evaluate(
            &geo,
            &docs,
            recognise
                .as_ref()
                .map(|f| f as &sitrep_geo::eval::Recogniser<'_>),
        );
        if let Some(own) = &report.own_spans {
            failures.extend(super::below_floors(&[(
                &format!("{name} Acc@161km (own spans)"),
                floor,
                own.acc161,
            )]));
        }
        if args.json {
            let mut v = serde_json::to_value(&report)?;
            v["errors"] =
                serde_json::json!(report.errors.iter().take(args.errors).collect::<Vec<_>>());
            out.insert(name.to_string(), v);
        } else {
            print_report(name, &report, args.errors);
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    for f in &failures {
        eprintln!("below floor: {f}");
    }
    Ok(u8::from(!failures.is_empty()))
}

/// Our toponym spans in a text: the pipeline's entities, one paragraph a line.
fn own_spans(p: &Pipeline, geo: &Geoparser<'_>, text: &str) -> Vec<Span> {
    let mut article = Article {
        body: text.to_string(),
        ..Article::default()
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end().len();
        if end > start {
            article.paragraphs.push(Span::new(start, end));
        }
        start += line.len();
    }
    let record = p.code_article(article);
    toponym_spans(geo, text, &record.entities)
}

fn print_report(name: &str, r: &Report, errors: usize) {
    println!("{name}: {} articles", r.documents);
    let line = |what: &str, s: &Scores| {
        println!(
            "  {what:<22} Acc@161km {:.3} over {} found of {} gold ({:.3} over all)  exact id {}  median error {:.0} km",
            s.acc161,
            s.found,
            s.gold,
            s.acc161_all,
            s.exact.map_or("n/a".to_string(), |e| format!("{e:.3}")),
            s.median_km
        );
    };
    line("population baseline", &r.population_baseline);
    line("gold spans", &r.gold_spans);
    if let Some(own) = &r.own_spans {
        line("our spans", own);
    }
    if errors > 0 {
        println!(
            "  errors with gold spans ({} of {}):",
            errors.min(r.errors.len()),
            r.errors.len()
        );
        for e in r.errors.iter().take(errors) {
            println!("    {e}");
        }
    }
}
