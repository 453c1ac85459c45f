//! The shipped dictionary: it loads, it passes its own linter, it is big enough, and the
//! compiled-in copy matches `dict/`.

use crate::{dict, dict_dir};
use sitrep_actors::{ActorKind, Dictionary, Severity};

#[test]
fn builtin_has_no_lint_errors() {
    let lints = dict().check();
    let errors: Vec<String> = lints
        .iter()
        .filter(|l| l.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn builtin_counts() {
    let d = dict();
    assert!(
        d.count(ActorKind::Person) >= 1500,
        "{} people",
        d.count(ActorKind::Person)
    );
    assert!(
        d.count(ActorKind::Country) >= 240,
        "{} countries",
        d.count(ActorKind::Country)
    );
    assert!(d.count(ActorKind::Region) >= 20);
    assert!(d.count(ActorKind::Org) >= 150);
    assert!(d.count(ActorKind::Group) >= 80);
    assert!(d.count(ActorKind::Media) >= 200);
    assert!(d.count(ActorKind::Agent) >= 30);
    // Every person has at least one dated role.
    for e in d.entries().iter().filter(|e| e.kind == ActorKind::Person) {
        assert!(
            e.roles.iter().any(|r| r.is_dated()) || e.actor.roles.len() == 1,
            "{} has no dated role",
            e.source
        );
    }
}

#[test]
fn builtin_matches_the_dict_directory() {
    let dir = dict_dir();
    let mut on_disk = Vec::new();
    collect(&dir, &dir, &mut on_disk);
    on_disk.sort();
    let mut compiled: Vec<String> = Dictionary::builtin_files()
        .iter()
        .map(|s| s.to_string())
        .collect();
    compiled.sort();
    assert_eq!(
        on_disk, compiled,
        "add new dict/ files to crates/actors/src/builtin.rs"
    );
    let loaded = Dictionary::load_dir(&dir).unwrap();
    assert_eq!(loaded.entries().len(), dict().entries().len());
}

fn collect(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            // dict/events/ belongs to the event coder (sitrep-events).
            if dir == root && p.file_name().is_some_and(|n| n == "events") {
                continue;
            }
            collect(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn parse_errors_name_file_and_line() {
    let tmp = std::env::temp_dir().join(format!("sitrep-actors-{}", std::process::id()));
    std::fs::create_dir_all(tmp.join("people")).unwrap();
    std::fs::write(tmp.join("countries.txt"), "Freedonia\n  FRD\n").unwrap();
    std::fs::write(
        tmp.join("people/x.txt"),
        "Rufus | R\n  FRDGOV 2001..\n  colour: red\n",
    )
    .unwrap();
    let err = Dictionary::load_dir(&tmp).unwrap_err().to_string();
    std::fs::remove_dir_all(&tmp).ok();
    assert!(
        err.starts_with("people/x.txt:3: unknown key `colour:`"),
        "{err}"
    );
}
