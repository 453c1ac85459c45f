//! The linter on small hand-written bad dictionaries.

use sitrep_actors::{Dictionary, LintKind, Severity};

const COUNTRIES: &str = "Freedonia | Fredonia\n  FRD\n  demonyms: Freedonian\nSylvania\n  SYL\n";

fn kinds(people: &str) -> Vec<(LintKind, usize)> {
    let d =
        Dictionary::from_texts([("countries.txt", COUNTRIES), ("people/p.txt", people)]).unwrap();
    d.check()
        .into_iter()
        .filter(|l| l.severity == Severity::Error)
        .map(|l| (l.kind, l.source.line))
        .collect()
}

#[test]
fn a_clean_dictionary_has_no_findings() {
    let people = "Rufus Firefly | Firefly\n  FRDGOV 1933..1940 president\n  FRDELI 1941..\n\
                  Trentino | Ambassador Trentino\n  SYLGOV 1930..2014 ambassador\n  +FRDGOV 1935..1936\n  SYLMIL 2014..\n";
    assert_eq!(kinds(people), vec![]);
}

#[test]
fn each_problem_is_caught() {
    assert_eq!(kinds("A | B;;C\n  FRD\n"), vec![(LintKind::EmptyName, 1)]);
    assert_eq!(kinds("A\n  FRDgov\n"), vec![(LintKind::BadCode, 2)]);
    assert_eq!(kinds("A\n  FRDGO\n"), vec![(LintKind::BadCode, 2)]);
    assert_eq!(kinds("A\n  XYZGOV\n"), vec![(LintKind::UnknownCountry, 2)]);
    assert_eq!(
        kinds("A\n  FRDGOV 2007-13-01..\n"),
        vec![(LintKind::BadDate, 2)]
    );
    assert_eq!(
        kinds("A\n  FRDGOV 2010..2005\n"),
        vec![(LintKind::DateOrder, 2)]
    );
    assert_eq!(
        kinds("A\n  FRDGOV 2000..2010\n  FRDMIL 2005..2008\n"),
        vec![(LintKind::OverlappingRoles, 3)]
    );
    assert_eq!(kinds("A\n"), vec![(LintKind::NoRole, 1)]);
    assert_eq!(
        kinds("A | Smith\n  FRD\nB | Smith\n  SYL\n"),
        vec![(LintKind::DuplicateName, 3)]
    );
    assert_eq!(
        kinds("A\n  id: x\n  FRD\nB\n  id: x\n  SYL\n"),
        vec![(LintKind::DuplicateId, 4)]
    );
    // A person's name that is also a country's demonym.
    assert_eq!(
        kinds("Freedonian\n  FRD\n"),
        vec![(LintKind::DuplicateName, 1)]
    );
}

#[test]
fn marks_allow_what_is_meant() {
    // Shared on purpose, concurrent roles, a hand-over inside a year.
    assert_eq!(kinds("A | ~Smith\n  FRD\nB | ~Smith\n  SYL\n"), vec![]);
    assert_eq!(
        kinds("A\n  FRDGOV 2000..2010\n  +FRDMIL 2005..2008\n"),
        vec![]
    );
    assert_eq!(kinds("A\n  FRDGOV 2000..2014\n  FRDMIL 2014..\n"), vec![]);
    assert_eq!(
        kinds("A\n  FRDGOV 2000..2014-03-01\n  FRDMIL 2014-03-01..\n"),
        vec![]
    );
    // Only one of the two marked is not enough.
    assert_eq!(
        kinds("A | ~Smith\n  FRD\nB | Smith\n  SYL\n"),
        vec![(LintKind::DuplicateName, 3)]
    );
}

#[test]
fn stop_list_may_not_hide_a_name() {
    let d = Dictionary::from_texts([
        ("countries.txt", COUNTRIES),
        ("stoplist.txt", "# not actors\nNew Freedonia\nFreedonia\n"),
    ])
    .unwrap();
    let lints = d.check();
    assert_eq!(lints.len(), 1, "{lints:?}");
    assert_eq!(
        (lints[0].kind, lints[0].source.line),
        (LintKind::DuplicateName, 3)
    );
    assert!(lints[0]
        .to_string()
        .starts_with("stoplist.txt:3: error[duplicate-name]"));
}
