//! The server answers from an in-memory snapshot, the command line from SQL: both must give the
//! same answer to every query. Checked on the demo store (real coded articles) and on a
//! synthetic store, for a spread of filters.

use serde::Serialize;
use sitrep_store::{Filter, Paging, Period, Snapshot, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("sitrep-snap-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sitrep(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sitrep {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn same<T: Serialize>(what: &str, f: &Filter, sql: T, mem: T) {
    let (a, b) = (
        serde_json::to_value(sql).unwrap(),
        serde_json::to_value(mem).unwrap(),
    );
    assert!(a == b, "{what} differs for {f:?}:\nSQL {a}\nmem {b}");
}

fn filters(store: &Store) -> Vec<Filter> {
    let actors = store
        .actors(
            &Filter::default(),
            Paging {
                limit: 6,
                offset: 0,
            },
        )
        .unwrap();
    let mut out = vec![Filter::default()];
    for a in &actors.items {
        out.push(Filter {
            actor: Some(a.code.clone()),
            ..Filter::default()
        });
        if let Some(name) = &a.name {
            // A later word of the name, in lower case.
            let word = name.split_whitespace().last().unwrap().to_lowercase();
            out.push(Filter {
                actor: Some(word),
                ..Filter::default()
            });
        }
    }
    let summary = store.summary(&Filter::default()).unwrap();
    for r in summary.roots.iter().take(3) {
        out.push(Filter {
            root: Some(r.root.clone()),
            ..Filter::default()
        });
    }
    if let Some(p) = summary.plover.first() {
        out.push(Filter {
            plover: Some(p.kind.to_lowercase()),
            quad: Some(4),
            ..Filter::default()
        });
    }
    if let Some(o) = summary.outlets.first() {
        out.push(Filter {
            outlet: Some(o.outlet.clone()),
            cameo: Some("0".into()),
            ..Filter::default()
        });
    }
    if let (Some(first), Some(last)) = (&summary.first_date, &summary.last_date) {
        out.push(Filter {
            since: Some(first.clone()),
            until: Some(first.clone()),
            ..Filter::default()
        });
        out.push(Filter {
            until: Some(last.clone()),
            actor: actors.items.first().map(|a| a.code.clone()),
            ..Filter::default()
        });
    }
    out.push(Filter {
        country: Some("cod".into()),
        ..Filter::default()
    });
    out.push(Filter {
        q: Some("ceasefire talks".into()),
        ..Filter::default()
    });
    out.push(Filter {
        actor: Some("no such actor %_".into()),
        ..Filter::default()
    });
    out
}

fn compare(db: &Path) {
    let store = Store::open(db).unwrap();
    let snap = Snapshot::load(&store).unwrap();
    assert!(snap.event_count() > 0);
    let pages = [
        Paging {
            limit: 50,
            offset: 0,
        },
        Paging {
            limit: 7,
            offset: 5,
        },
    ];
    for f in filters(&store) {
        same(
            "summary",
            &f,
            store.summary(&f).unwrap(),
            snap.summary(&store, &f).unwrap(),
        );
        same(
            "timeline",
            &f,
            store.timeline(&f).unwrap(),
            snap.timeline(&store, &f).unwrap(),
        );
        same(
            "network",
            &f,
            store.network(&f, 20).unwrap(),
            snap.network(&store, &f, 20).unwrap(),
        );
        same(
            "map",
            &f,
            store.map(&f).unwrap(),
            snap.map(&store, &f).unwrap(),
        );
        same(
            "stances",
            &f,
            store.stances(&f).unwrap(),
            snap.stances(&store, &f).unwrap(),
        );
        for p in pages {
            same(
                "events",
                &f,
                store.events(&f, p).unwrap(),
                snap.events(&store, &f, p).unwrap(),
            );
            same(
                "actors",
                &f,
                store.actors(&f, p).unwrap(),
                snap.actors(&store, &f, p).unwrap(),
            );
            let ids = |pg: sitrep_store::Page<sitrep_store::ArticleRow>| {
                let rows: Vec<(String, String)> =
                    pg.items.into_iter().map(|r| (r.id, r.snippet)).collect();
                (pg.total, rows)
            };
            same(
                "articles",
                &f,
                ids(store.article_page(&f, p).unwrap()),
                ids(snap.articles(&store, &f, p).unwrap()),
            );
            for period in [Period::Day, Period::Week, Period::Month] {
                same(
                    "dyads",
                    &f,
                    store.dyads(&f, period, p).unwrap(),
                    snap.dyads(&store, &f, period, p).unwrap(),
                );
            }
            let qf = Filter {
                q: f.q.as_ref().map(|_| "said".to_string()),
                ..f.clone()
            };
            same(
                "quotes",
                &qf,
                store.quotes(&qf, p).unwrap(),
                snap.quotes(&store, &qf, p).unwrap(),
            );
        }
    }
    // Bad filters are refused the same way.
    let bad = Filter {
        quad: Some(9),
        ..Filter::default()
    };
    assert!(store.events(&bad, Paging::default()).is_err());
    assert!(snap.events(&store, &bad, Paging::default()).is_err());
}

#[test]
fn snapshot_answers_like_sql_on_the_demo_store() {
    let dir = Scratch::new("demo");
    let db = dir.0.join("demo.db");
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    sitrep(&[
        "demo",
        "--db",
        db.to_str().unwrap(),
        "--examples",
        examples,
        "--no-serve",
    ]);
    compare(&db);
}

#[test]
fn snapshot_answers_like_sql_on_a_synthetic_store() {
    let dir = Scratch::new("synth");
    let db = dir.0.join("synth.db");
    sitrep(&[
        "bench",
        "synth",
        "--db",
        db.to_str().unwrap(),
        "--events",
        "3000",
    ]);
    compare(&db);
}
