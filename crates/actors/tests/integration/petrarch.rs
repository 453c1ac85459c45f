//! The PETRARCH/TABARI loader against the published dictionaries in `shared/` (skipped with a
//! printed line when `shared/` is absent).

use crate::{dict, shared};
use sitrep_actors::{petrarch, ActorKind, Dictionary};
use std::path::PathBuf;

fn file(name: &str) -> Option<PathBuf> {
    let Some(s) = shared() else {
        println!("skipped: shared/corpora not found (set SITREP_SHARED)");
        return None;
    };
    let p = s.join("corpora/events/petrarch2/dictionaries").join(name);
    if !p.is_file() {
        println!("skipped: {} not found", p.display());
        return None;
    }
    Some(p)
}

fn code(d: &Dictionary, text: &str, date: Option<&str>) -> Option<String> {
    d.resolve_phrase(text, date).map(|r| r.code)
}

#[test]
fn validation_actors() {
    let Some(p) = file("PETR.Validate.actors.txt") else {
        return;
    };
    let d = petrarch::load_actors(&p).unwrap();
    assert!(d.entries().len() > 120, "{}", d.entries().len());
    assert!(d.entries().iter().all(|e| e.kind == ActorKind::Other));
    assert_eq!(code(&d, "Hamas", None).as_deref(), Some("PSEREBHMS"));
    assert_eq!(code(&d, "Israeli troops", None).as_deref(), Some("ISRMIL"));
    assert_eq!(code(&d, "Interpol", None).as_deref(), Some("IGOCOPITP"));
    assert_eq!(code(&d, "U.N.", None).as_deref(), Some("UNO"));
    // Dated codes: restrictions `<`, `>`, ranges, and a short range inside a longer one.
    assert_eq!(
        code(&d, "Gollum", Some("1990-01-01")).as_deref(),
        Some("HOB")
    );
    assert_eq!(
        code(&d, "Smeagol", Some("1997-01-01")).as_deref(),
        Some("HOBGOV")
    );
    assert_eq!(
        code(&d, "Gollum", Some("2005-01-01")).as_deref(),
        Some("HOBREB")
    );
    assert_eq!(
        code(&d, "Sam Gamgee", Some("2009-01-01")).as_deref(),
        Some("HOBMIL")
    );
    assert_eq!(
        code(&d, "Sam Gamgee", Some("2010-01-10")).as_deref(),
        Some("ORCHOB")
    );
    assert_eq!(
        code(&d, "Sam Gamgee", Some("2013-01-01")).as_deref(),
        Some("HOBGOV")
    );
    assert_eq!(
        code(&d, "Sam Gamgee", Some("2014-01-01")).as_deref(),
        Some("HOBELI")
    );
}

#[test]
fn validation_and_phoenix_agents() {
    let Some(p) = file("PETR.Validate.agents.txt") else {
        return;
    };
    let d = petrarch::load_agents(&p).unwrap();
    assert!(d.entries().len() > 80, "{}", d.entries().len());
    assert!(d.entries().iter().all(|e| e.kind == ActorKind::Agent));
    let Some(p) = file("Phoenix.agents.txt") else {
        return;
    };
    let agents = petrarch::load_agents(&p).unwrap();
    assert!(agents.entries().len() > 2000, "{}", agents.entries().len());
    // Substitution sets expand: SPOKES!PERSON! gives spokesman, spokeswomen, ...
    assert_eq!(code(&agents, "spokeswomen", None).as_deref(), Some("MED"));
    assert_eq!(code(&agents, "riot police", None).as_deref(), Some("COP"));
    // With our countries, PETRARCH agents compose.
    let countries = Dictionary::from_texts(
        Dictionary::builtin_files()
            .into_iter()
            .filter(|f| *f == "countries.txt")
            .map(|f| {
                (
                    f,
                    std::fs::read_to_string(crate::dict_dir().join(f)).unwrap(),
                )
            })
            .collect::<Vec<_>>()
            .iter()
            .map(|(f, t)| (*f, t.as_str())),
    )
    .unwrap();
    let merged = countries.merge(agents);
    assert_eq!(
        code(&merged, "Russian riot police", None).as_deref(),
        Some("RUSCOP")
    );
    assert_eq!(
        code(&merged, "Egyptian demonstrators", None).as_deref(),
        Some("EGYOPP")
    );
    // The loader's skipped lines are reported, not fatal.
    let skipped = merged
        .check()
        .iter()
        .filter(|l| l.kind == sitrep_actors::LintKind::Skipped)
        .count();
    println!("Phoenix.agents.txt: {skipped} lines skipped");
    let _ = dict();
}

#[test]
fn phoenix_country_actors() {
    let Some(p) = file("Phoenix.Countries.actors.txt") else {
        return;
    };
    let d = petrarch::load_actors(&p).unwrap();
    assert!(d.entries().len() > 15_000, "{}", d.entries().len());
    assert_eq!(
        code(&d, "Vladimir Putin", Some("2005-01-01")).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(code(&d, "Afghanistan", None).as_deref(), Some("AFG"));
}
