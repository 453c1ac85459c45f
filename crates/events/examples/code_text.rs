//! Codes raw text and prints each sentence's parse and events: a tool for writing patterns.
//!
//! `cargo run --release -p sitrep-events --example code_text -- [--date YYYY-MM-DD] [--parse] FILE|-`

use sitrep_actors::Dictionary;
use sitrep_events::Coder;
use sitrep_nlp::analyze::{find_models_dir, Analyzer};
use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut date = None;
    let mut show_parse = false;
    while let Some(a) = args.first().cloned() {
        match a.as_str() {
            "--date" => {
                args.remove(0);
                date = Some(args.remove(0));
            }
            "--parse" => {
                args.remove(0);
                show_parse = true;
            }
            _ => break,
        }
    }
    let path = args.first().map_or("-", String::as_str);
    let mut text = String::new();
    if path == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(path)?;
    }
    let dir = find_models_dir(None).ok_or("no models folder")?;
    let an = Analyzer::load(&dir)?;
    let dict = Dictionary::builtin()?;
    let coder = Coder::builtin()?;
    let mut sentences = Vec::new();
    let mut off = 0;
    for para in text.split('\n') {
        for s in an.analyze(para) {
            sentences.push(s.to_record(off));
        }
        off += para.len() + 1;
    }
    let per_sentence = std::env::var_os("PER_SENTENCE").is_some();
    let events = if per_sentence {
        Vec::new()
    } else {
        coder.code_article(&dict, &text, date.as_deref(), &sentences)
    };
    for s in &sentences {
        println!("# {}", &text[s.span.start..s.span.end]);
        let own;
        let events = if per_sentence {
            own = coder.code_sentence(&dict, &text, date.as_deref(), s);
            &own
        } else {
            &events
        };
        if show_parse {
            for (i, t) in s.tokens.iter().enumerate() {
                println!(
                    "  {} {} {} {} {} {}",
                    i + 1,
                    t.text,
                    t.lemma,
                    t.upos,
                    t.head,
                    t.deprel
                );
            }
        }
        for e in events.iter().filter(|e| e.sentence == s.span) {
            println!(
                "  {} {} -> {} [{} {} q{} g{}] neg={} mod={:?} claimed={:?} date={:?} conf={:.2}",
                e.source.code.as_deref().unwrap_or("?"),
                e.source.text,
                e.target.as_ref().map_or("-".to_string(), |t| format!(
                    "{} {}",
                    t.code.as_deref().unwrap_or("?"),
                    t.text
                )),
                e.cameo,
                e.plover.kind,
                e.quad,
                e.goldstein,
                e.negated,
                e.modality,
                e.claimed_by.as_ref().map(|c| c.text.as_str()),
                e.date.as_ref().map(|d| d.value.as_str()),
                e.confidence
            );
        }
    }
    Ok(())
}
