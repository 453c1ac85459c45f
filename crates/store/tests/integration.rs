//! Integration tests of the store through its public API, one module per feature.

mod common {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    use sitrep_types::{
        ActorRef, Article, Citation, CitationRole, Cue, DateSource, EntityType, Event, EventDate,
        Link, Mention, Modality, Origin, OriginKind, Place, Plover, Published, Quote, QuoteKind,
        Record, Span, TimeExpr, TimeType, Warning,
    };

    /// A directory under the system temp dir, removed on drop.
    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(tag: &str) -> TempDir {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!(
                "sitrep-store-test-{tag}-{}-{n}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("create temp dir");
            TempDir(dir)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn span_of(body: &str, needle: &str) -> Span {
        let start = body.find(needle).expect("needle in body");
        Span::new(start, start + needle.len())
    }

    /// The span of `word` where it starts `context`.
    fn span_in(body: &str, context: &str, word: &str) -> Span {
        let start = body.find(context).expect("context in body");
        Span::new(start, start + word.len())
    }

    /// A bare article record: title, date, outlet, body.
    pub fn article(id: &str, date: Option<&str>, outlet: &str, title: &str, body: &str) -> Record {
        Record::new(Article {
            id: id.to_string(),
            url: Some(format!(
                "https://{}.example.invalid/{id}",
                outlet.to_lowercase()
            )),
            outlet: Some(outlet.to_string()),
            title: Some(title.to_string()),
            published: date.map(|d| Published {
                date: d.to_string(),
                time: None,
                source: DateSource::Given,
            }),
            language: Some("en".to_string()),
            body: body.to_string(),
            paragraphs: vec![Span::new(0, body.len())],
            ..Article::default()
        })
    }

    /// A record with every list and optional field filled in.
    pub fn full(id: &str) -> Record {
        let body = "The Ruritanian foreign minister wrote on Telegram on Monday that Ruritania \
                    would not attack Borduria, the Daily Bugle reported.\n\nTalks continue in \
                    Strelsau.";
        let mut r = article(
            id,
            Some("2023-10-09"),
            "Bugle",
            "Minister rules out attack",
            body,
        );
        let a = &mut r.article;
        a.published = Some(Published {
            date: "2023-10-09".into(),
            time: Some("08:14:00+02:00".into()),
            source: DateSource::Meta,
        });
        a.tags = vec!["world".into(), "europe".into()];
        a.author = Some("A. Writer".into());
        a.description = Some("The minister spoke.".into());
        let split = body.find("\n\n").expect("two paragraphs");
        a.paragraphs = vec![Span::new(0, split), Span::new(split + 2, body.len())];
        a.links = vec![Link {
            url: "https://t.example.invalid/post/1".into(),
            text: "wrote".into(),
        }];
        a.citations = vec![
            Citation {
                name: "Telegram".into(),
                role: CitationRole::Medium,
                span: span_of(body, "Telegram"),
            },
            Citation {
                name: "Daily Bugle".into(),
                role: CitationRole::Relay,
                span: span_of(body, "Daily Bugle"),
            },
        ];
        a.warnings = vec![Warning::new("charset-guessed", "No charset was declared.")];
        a.origin = Origin {
            kind: OriginKind::Warc,
            path: Some("crawl.warc.gz".into()),
            url: Some("https://bugle.example.invalid/x".into()),
            record: Some("<urn:uuid:1>".into()),
        };
        let minister = ActorRef {
            text: "The Ruritanian foreign minister".into(),
            span: Some(span_of(body, "The Ruritanian foreign minister")),
            name: Some("Rudolf Rassendyll".into()),
            actor: Some("rudolf_rassendyll".into()),
            code: Some("RURGOV".into()),
        };
        r.entities = vec![
            Mention {
                text: "Ruritania".into(),
                span: span_in(body, "Ruritania would", "Ruritania"),
                kind: EntityType::Gpe,
                actor: Some("RUR".into()),
                code: Some("RUR".into()),
                chain: Some(1),
            },
            Mention {
                text: "Borduria".into(),
                span: span_of(body, "Borduria"),
                kind: EntityType::Gpe,
                actor: None,
                code: None,
                chain: None,
            },
        ];
        r.quotes = vec![Quote {
            text: "Ruritania would not attack Borduria".into(),
            span: span_of(body, "Ruritania would not attack Borduria"),
            kind: QuoteKind::Indirect,
            speaker: Some(minister.clone()),
            cue: Some(Cue {
                text: "wrote".into(),
                span: span_of(body, "wrote"),
            }),
            medium: Some("Telegram".into()),
            relays: vec!["Daily Bugle".into()],
            confidence: 0.9,
        }];
        let strelsau = Place {
            text: "Strelsau".into(),
            span: span_of(body, "Strelsau"),
            name: "Strelsau".into(),
            country: Some("RUR".into()),
            lat: 50.087,
            lon: 14.421,
            gazetteer_id: Some("0000001".into()),
            feature: Some("city".into()),
        };
        r.events = vec![Event {
            source: ActorRef {
                text: "Ruritania".into(),
                span: Some(span_in(body, "Ruritania would", "Ruritania")),
                name: Some("Ruritania".into()),
                actor: Some("RUR".into()),
                code: Some("RUR".into()),
            },
            target: Some(ActorRef {
                text: "Borduria".into(),
                span: Some(span_of(body, "Borduria")),
                name: None,
                actor: None,
                code: Some("BOR".into()),
            }),
            cameo: "190".into(),
            root: "19".into(),
            quad: 4,
            goldstein: -10.0,
            plover: Plover {
                kind: "ASSAULT".into(),
                mode: Some("strike".into()),
                context: None,
            },
            date: Some(EventDate {
                value: "2023-10-09".into(),
                precision: "day".into(),
                source: "article".into(),
            }),
            place: Some(strelsau.clone()),
            negated: true,
            modality: Modality::Future,
            claimed_by: Some(minister),
            sentence: Span::new(0, split),
            span: span_of(body, "attack"),
            evidence: vec![span_of(body, "attack")],
            confidence: 0.75,
        }];
        r.places = vec![strelsau];
        r.times = vec![TimeExpr {
            text: "Monday".into(),
            span: span_of(body, "Monday"),
            kind: TimeType::Date,
            value: "2023-10-09".into(),
            anchor: Some("DCT".into()),
        }];
        r
    }
}

mod open {
    use sitrep_store::{Error, InternalError, Store, UserError, LATEST_SCHEMA_VERSION};

    use crate::common::{full, TempDir};

    #[test]
    fn creates_a_wal_file_and_reopens_idempotently() {
        let dir = TempDir::new("open");
        let path = dir.path().join("sitrep.db");
        {
            let mut store = Store::open(&path).unwrap();
            assert_eq!(store.path(), Some(path.as_path()));
            assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
            store.write_batch(&[full("a1")]).unwrap();
        }
        assert!(path.is_file());
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(conn);

        let before = Store::open(&path).unwrap().dump().unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
        assert_eq!(store.dump().unwrap(), before);
        assert_eq!(store.record("a1").unwrap(), Some(full("a1")));
        store.integrity_check().unwrap();
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = TempDir::new("future");
        let path = dir.path().join("sitrep.db");
        drop(Store::open(&path).unwrap());
        let future = LATEST_SCHEMA_VERSION + 1;
        rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", future)
            .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(err.is_internal());
        assert!(
            matches!(err, Error::Internal(InternalError::SchemaTooNew { found, supported })
                if found == future && supported == LATEST_SCHEMA_VERSION)
        );
        assert!(err.to_string().contains("upgrade sitrep"), "{err}");
    }

    #[test]
    fn other_files_are_refused() {
        let dir = TempDir::new("foreign");
        let text = dir.path().join("notes.txt");
        std::fs::write(
            &text,
            "this is not a database, just some text padding it out a bit\n",
        )
        .unwrap();
        let err = Store::open(&text).unwrap_err();
        assert!(matches!(err, Error::Open { .. }), "{err}");
        // The file is untouched.
        assert!(std::fs::read_to_string(&text)
            .unwrap()
            .starts_with("this is not"));

        let other = dir.path().join("other.db");
        rusqlite::Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE articles (x)")
            .unwrap();
        let err = Store::open(&other).unwrap_err();
        assert!(matches!(err, Error::User(UserError::NotAStore(_))), "{err}");

        let missing = dir.path().join("no/such/dir/sitrep.db");
        assert!(matches!(Store::open(&missing), Err(Error::Open { .. })));
    }

    /// A store as sitrep schema version 1 wrote it: the frozen v1 migration plus rows written
    /// by hand (tests/fixtures/v1_data.sql). Opening it must keep working on every later
    /// version, migrating it forward when there is more than v1.
    #[test]
    fn a_v1_store_opens_and_migrates() {
        let dir = TempDir::new("v1");
        let path = dir.path().join("v1.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(include_str!("../migrations/0001_init.sql"))
                .unwrap();
            conn.execute_batch(include_str!("fixtures/v1_data.sql"))
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
        store.integrity_check().unwrap();
        let r = store.record("v1fixture").unwrap().expect("fixture record");
        assert_eq!(r.article.title.as_deref(), Some("Fixture headline"));
        assert!(r.article.body.starts_with("Ruritania recalled"));
        assert_eq!(r.entities.len(), 1);
        let hits = store
            .articles(&sitrep_store::ArticleQuery {
                search: Some("ambassador".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(store.counts().unwrap().entities, 1);
    }
}

mod write {
    use sitrep_store::{Error, Store, UserError, WriteStats};

    use crate::common::{article, full};

    #[test]
    fn same_id_twice_replaces_article_and_children() {
        let mut store = Store::open_in_memory().unwrap();
        let first = full("a1");
        let stats = store.write_batch(std::slice::from_ref(&first)).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                inserted: 1,
                replaced: 0
            }
        );
        let c = store.counts().unwrap();
        assert_eq!(
            (
                c.articles,
                c.citations,
                c.entities,
                c.quotes,
                c.events,
                c.places,
                c.times
            ),
            (1, 2, 2, 1, 1, 1, 1)
        );

        let mut second = first.clone();
        second.entities.truncate(1);
        second.quotes.clear();
        second.article.title = Some("Corrected headline".into());
        let stats = store.write_batch(&[second.clone()]).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                inserted: 0,
                replaced: 1
            }
        );
        let c = store.counts().unwrap();
        assert_eq!((c.articles, c.entities, c.quotes, c.events), (1, 1, 0, 1));
        assert_eq!(store.record("a1").unwrap(), Some(second));
        store.integrity_check().unwrap();

        // Twice within one batch: the later one wins.
        let mut third = first;
        third.article.title = Some("Third".into());
        let stats = store
            .write_batch(&[full("a1"), third.clone(), full("a2")])
            .unwrap();
        assert_eq!(
            stats,
            WriteStats {
                inserted: 1,
                replaced: 2
            }
        );
        assert_eq!(stats.total(), 3);
        assert_eq!(store.record("a1").unwrap(), Some(third));
        assert_eq!(store.counts().unwrap().articles, 2);
    }

    #[test]
    fn a_bad_record_rolls_back_its_batch_and_keeps_earlier_ones() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write_batch(&[article(
                "ok",
                Some("2023-01-01"),
                "Bugle",
                "Fine",
                "fine body",
            )])
            .unwrap();
        let before = store.dump().unwrap();

        let good = full("would-be-written");
        let bad = article("bad", Some("2023-02-30"), "Bugle", "Bad", "bad body");
        let err = store.write_batch(&[good.clone(), bad]).unwrap_err();
        assert!(err.is_user());
        assert!(
            matches!(&err, Error::User(UserError::InvalidRecord { index: 1, id, reason })
                if id == "bad" && reason.contains("2023-02-30")),
            "{err}"
        );
        assert_eq!(store.dump().unwrap(), before);
        assert!(store.record("would-be-written").unwrap().is_none());
        store.integrity_check().unwrap();

        let mut no_id = good.clone();
        no_id.article.id.clear();
        let err = store.write_batch(&[good.clone(), no_id]).unwrap_err();
        assert!(err.to_string().contains("empty article id"), "{err}");

        let mut nan = good.clone();
        nan.quotes[0].confidence = f32::NAN;
        assert!(store.write_batch(&[nan]).is_err());

        let mut backwards = good.clone();
        backwards.times[0].span = sitrep_types::Span { start: 9, end: 2 };
        assert!(store.write_batch(&[backwards]).is_err());
        assert_eq!(store.dump().unwrap(), before);

        // The store still takes writes.
        assert_eq!(store.write_batch(&[good]).unwrap().inserted, 1);
    }

    #[test]
    fn an_empty_batch_is_a_no_op() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.write_batch(&[]).unwrap(), WriteStats::default());
    }

    #[test]
    fn validate_is_public_for_callers_that_skip_bad_records() {
        let mut r = full("x");
        assert!(sitrep_store::validate(&r).is_ok());
        r.events[0].quad = 0;
        assert!(sitrep_store::validate(&r)
            .unwrap_err()
            .contains("quad class 0"));
    }
}

mod search {
    use sitrep_store::{ArticleQuery, Error, Store, UserError};

    use crate::common::article;

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write_batch(&[
                article(
                    "s1",
                    Some("2023-10-07"),
                    "Bugle",
                    "Rockets over Strelsau",
                    "Rockets were fired at Strelsau on Saturday. The \"ministry\" said it's \
                     investigating; AND it will NEAR nothing.",
                ),
                article(
                    "s2",
                    Some("2023-10-08"),
                    "Courier",
                    "Café talks in Zenda",
                    "Négociations resumed in Zenda. Ministers met at a café.",
                ),
                article(
                    "s3",
                    None,
                    "Courier",
                    "Weather",
                    "Sunny skies over the capital; ministers played golf.",
                ),
            ])
            .unwrap();
        store
    }

    fn search(store: &Store, text: &str) -> sitrep_store::Result<Vec<String>> {
        Ok(store
            .articles(&ArticleQuery {
                search: Some(text.into()),
                ..Default::default()
            })?
            .into_iter()
            .map(|r| r.id)
            .collect())
    }

    #[test]
    fn words_match_title_and_body_ignoring_case_and_accents() {
        let store = store();
        assert_eq!(search(&store, "strelsau").unwrap(), ["s1"]);
        assert_eq!(search(&store, "ROCKETS saturday").unwrap(), ["s1"]);
        assert_eq!(search(&store, "cafe").unwrap(), ["s2"]);
        assert_eq!(search(&store, "negociations").unwrap(), ["s2"]);
        // All words must match.
        assert!(search(&store, "rockets zenda").unwrap().is_empty());
        // Newest first, undated last.
        assert_eq!(search(&store, "ministers").unwrap(), ["s2", "s3"]);
        let rows = store
            .articles(&ArticleQuery {
                search: Some("Zenda".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(rows[0].snippet.contains("[Zenda]"), "{}", rows[0].snippet);
    }

    #[test]
    fn hostile_input_is_plain_words() {
        let store = store();
        for text in [
            "\"",
            "\"rockets",
            "rockets\"",
            "*",
            "rock*",
            "NEAR(",
            "NEAR(rockets strelsau)",
            "'; DROP TABLE articles; --",
            "AND",
            "rockets AND",
            "OR zenda",
            "-rockets",
            "rockets -zenda",
            "title:rockets",
            "^rockets",
            "(rockets",
            "rockets)",
            "{title body}: rockets",
            "it's",
            "\u{0}",
            "ministry\"",
            "\\",
            "%_",
        ] {
            match search(&store, text) {
                Ok(_) => {}
                Err(Error::User(UserError::InvalidQuery(msg))) => {
                    assert!(msg.contains("no words"), "{text:?}: {msg}");
                }
                Err(e) => panic!("{text:?}: {e}"),
            }
        }
        // Operators are words, not syntax.
        assert_eq!(search(&store, "AND").unwrap(), ["s1"]);
        assert_eq!(search(&store, "NEAR(").unwrap(), ["s1"]);
        assert_eq!(search(&store, "it's").unwrap(), ["s1"]);
        assert_eq!(search(&store, "\"ministry\"").unwrap(), ["s1"]);
        assert!(search(&store, "rockets -zenda").unwrap().is_empty());
        assert!(search(&store, "rock*").unwrap().is_empty());
        assert!(search(&store, "'; DROP TABLE articles; --")
            .unwrap()
            .is_empty());
        assert!(matches!(
            search(&store, "* - \""),
            Err(Error::User(UserError::InvalidQuery(_)))
        ));
        assert_eq!(store.counts().unwrap().articles, 3);
    }
}

mod filters {
    use sitrep_store::{ArticleQuery, Error, Store, UserError};
    use sitrep_types::DateSource;

    use crate::common::{article, full};

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = vec![
            article("d1", Some("2023-10-01"), "Bugle", "One", "first body"),
            article("d2", Some("2023-10-02"), "Courier", "Two", "second body"),
            article("d2b", Some("2023-10-02"), "Bugle", "Two too", "another"),
            article(
                "d3",
                Some("2023-10-03"),
                "Bugle",
                "Three",
                &"long body ".repeat(60),
            ),
            article("d0", None, "Bugle", "Undated", "no date"),
        ];
        batch.push(full("f1"));
        store.write_batch(&batch).unwrap();
        store
    }

    fn ids(store: &Store, q: &ArticleQuery) -> Vec<String> {
        store
            .articles(q)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn date_bounds_are_inclusive_and_order_is_newest_first() {
        let store = store();
        assert_eq!(
            ids(&store, &ArticleQuery::default()),
            ["f1", "d3", "d2", "d2b", "d1", "d0"]
        );
        let q = ArticleQuery {
            since: Some("2023-10-02".into()),
            until: Some("2023-10-03".into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, &q), ["d3", "d2", "d2b"]);
        let q = ArticleQuery {
            until: Some("2023-10-01".into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, &q), ["d1"]);
        let q = ArticleQuery {
            since: Some("2023-10-02".into()),
            outlet: Some("Bugle".into()),
            limit: Some(2),
            offset: 1,
            ..Default::default()
        };
        assert_eq!(ids(&store, &q), ["d3", "d2b"]);
        let q = ArticleQuery {
            limit: Some(2),
            offset: 2,
            ..Default::default()
        };
        assert_eq!(ids(&store, &q), ["d2", "d2b"]);
        let q = ArticleQuery {
            offset: 5,
            ..Default::default()
        };
        assert_eq!(ids(&store, &q), ["d0"]);
    }

    #[test]
    fn rows_carry_metadata_and_a_snippet() {
        let store = store();
        let rows = store.articles(&ArticleQuery::default()).unwrap();
        let f1 = &rows[0];
        assert_eq!(f1.outlet.as_deref(), Some("Bugle"));
        let published = f1.published.as_ref().unwrap();
        assert_eq!(published.date, "2023-10-09");
        assert_eq!(published.time.as_deref(), Some("08:14:00+02:00"));
        assert_eq!(published.source, DateSource::Meta);
        assert_eq!(f1.tags, ["world", "europe"]);
        assert_eq!(f1.warnings, 1);
        assert!(f1.snippet.starts_with("The Ruritanian foreign minister"));
        assert!(!f1.snippet.contains('\n'));
        let d3 = &rows[1];
        assert!(d3.snippet.ends_with('…'), "{}", d3.snippet);
        assert!(d3.snippet.chars().count() <= sitrep_store::SNIPPET_CHARS + 1);
        let d0 = rows.last().unwrap();
        assert_eq!(d0.published, None);
        assert_eq!(d0.snippet, "no date");
    }

    #[test]
    fn bad_dates_are_user_errors_naming_the_filter() {
        let store = store();
        for (since, until, field) in [
            (Some("2023-10"), None, "since"),
            (None, Some("10/03/2023"), "until"),
            (Some("2023-02-29"), None, "since"),
            (None, Some("2023-10-03'; --"), "until"),
        ] {
            let q = ArticleQuery {
                since: since.map(String::from),
                until: until.map(String::from),
                ..Default::default()
            };
            let err = store.articles(&q).unwrap_err();
            assert!(
                matches!(&err, Error::User(UserError::InvalidDate { field: f, .. }) if *f == field),
                "{err}"
            );
            assert!(err.to_string().contains("YYYY-MM-DD"));
        }
        let q = ArticleQuery {
            since: Some("2023-10-03".into()),
            until: Some("2023-10-01".into()),
            ..Default::default()
        };
        assert!(matches!(
            store.articles(&q),
            Err(Error::User(UserError::InvalidQuery(_)))
        ));
    }
}

mod roundtrip {
    use sitrep_store::Store;

    use crate::common::{article, full};

    #[test]
    fn records_come_back_equal() {
        let mut store = Store::open_in_memory().unwrap();
        let records = [
            full("r1"),
            article("r2", None, "Bugle", "Bare", ""),
            sitrep_types::Record::new(sitrep_types::Article {
                id: "r3".into(),
                body: "Only a body, ünïcödé and \"quotes\".".into(),
                ..Default::default()
            }),
        ];
        store.write_batch(&records).unwrap();
        for r in &records {
            assert_eq!(store.record(&r.article.id).unwrap().as_ref(), Some(r));
        }
        assert_eq!(store.record("missing").unwrap(), None);
    }
}

mod dump {
    use sitrep_store::Store;

    use crate::common::{article, full};

    fn records() -> Vec<sitrep_types::Record> {
        vec![
            full("b-full"),
            article(
                "a-bare",
                Some("2023-10-01"),
                "Courier",
                "Bare",
                "A short body.",
            ),
            article(
                "c-undated",
                None,
                "Bugle",
                "Undated",
                "Line one.\n\nLine two.",
            ),
        ]
    }

    #[test]
    fn insertion_order_does_not_change_the_dump() {
        let mut one = Store::open_in_memory().unwrap();
        one.write_batch(&records()).unwrap();

        let mut two = Store::open_in_memory().unwrap();
        let mut reversed = records();
        reversed.reverse();
        for r in reversed {
            two.write_batch(std::slice::from_ref(&r)).unwrap();
            // A replace in between changes internal row ids, not the dump.
            two.write_batch(&[r]).unwrap();
        }
        assert_eq!(one.dump().unwrap(), two.dump().unwrap());
    }

    /// The dump of a small store, kept in tests/snapshots/dump.snap. Run with
    /// `SITREP_UPDATE_SNAPSHOTS=1` to rewrite it after an intended change, and review the diff.
    #[test]
    fn snapshot() {
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&records()).unwrap();
        let dump = store.dump().unwrap();
        assert!(dump.contains("ingested_at=[redacted]"));
        assert!(!dump.contains(" doc="));
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/dump.snap");
        if std::env::var_os("SITREP_UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &dump).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run with SITREP_UPDATE_SNAPSHOTS=1)",
                path.display()
            )
        });
        assert_eq!(
            dump, expected,
            "dump changed; rerun with SITREP_UPDATE_SNAPSHOTS=1 to accept"
        );
    }
}
