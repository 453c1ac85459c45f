//! Exports of a small store built from hand-written records: one test binary, a module per
//! format.

mod fixture {
    use sitrep_store::Store;
    use sitrep_types::{
        ActorRef, Article, Cue, DateSource, Event, EventDate, Modality, Place, Plover, Published,
        Quote, QuoteKind, Record, Span,
    };

    pub fn actor(text: &str, name: Option<&str>, code: Option<&str>) -> ActorRef {
        ActorRef {
            text: text.into(),
            span: None,
            name: name.map(Into::into),
            actor: None,
            code: code.map(Into::into),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn event(
        source: ActorRef,
        target: Option<ActorRef>,
        cameo: &str,
        quad: u8,
        goldstein: f32,
        plover: (&str, Option<&str>, Option<&str>),
        sentence: Span,
        date: Option<(&str, &str)>,
        place: Option<Place>,
    ) -> Event {
        Event {
            source,
            target,
            cameo: cameo.into(),
            root: cameo[..2].into(),
            quad,
            goldstein,
            plover: Plover {
                kind: plover.0.into(),
                mode: plover.1.map(Into::into),
                context: plover.2.map(Into::into),
            },
            date: date.map(|(value, precision)| EventDate {
                value: value.into(),
                precision: precision.into(),
                source: "sentence".into(),
            }),
            place,
            negated: false,
            modality: Modality::Asserted,
            claimed_by: None,
            sentence,
            span: sentence,
            evidence: vec![],
            confidence: 0.75,
        }
    }

    /// The first paragraph holds two events, the second one (with a tab, a comma, quotes and a
    /// line break in its sentence) one more.
    pub fn war_record() -> Record {
        let p1 = "Russian forces shelled Kharkiv on Monday. Putin met Xi in Moscow.";
        let p2 = "Hamas said, \"no\"\tto the\r\noffer, officials wrote.";
        let body = format!("{p1}\n\n{p2}");
        let s1 = Span::new(0, 41);
        let s2 = Span::new(42, p1.len());
        let s3 = Span::new(p1.len() + 2, body.len());
        assert_eq!(s1.text(&body), "Russian forces shelled Kharkiv on Monday.");
        assert_eq!(s2.text(&body), "Putin met Xi in Moscow.");
        let url = "https://example.invalid/news/1";
        let mut article = Article {
            id: Article::compute_id(Some(url), &body),
            url: Some(url.into()),
            outlet: Some("Example News".into()),
            title: Some("Shelling, talks".into()),
            published: Some(Published {
                date: "2024-02-27".into(),
                time: None,
                source: DateSource::Meta,
            }),
            paragraphs: vec![Span::new(0, p1.len()), s3],
            ..Article::default()
        };
        article.body = body;
        let mut r = Record::new(article);
        let kharkiv = Place {
            text: "Kharkiv".into(),
            span: Span::new(23, 30),
            name: "Kharkiv".into(),
            country: Some("UKR".into()),
            lat: 49.98,
            lon: 36.25,
            gazetteer_id: Some("706483".into()),
            feature: Some("city".into()),
        };
        r.events.push(event(
            actor("Russian forces", None, Some("RUSMIL")),
            Some(actor("Kharkiv", None, Some("UKR"))),
            "195",
            4,
            -10.0,
            ("ASSAULT", Some("aerial"), Some("military")),
            s1,
            Some(("2024-02-26", "day")),
            Some(kharkiv.clone()),
        ));
        r.events.push(event(
            actor("Putin", Some("Vladimir Putin"), Some("RUSGOV")),
            Some(actor("Xi", Some("Xi Jinping"), Some("CHNGOV"))),
            "040",
            1,
            1.0,
            (
                "CONSULT",
                Some("meet"),
                Some("diplomatic;political_institutions"),
            ),
            s2,
            Some(("2024-02", "month")),
            None,
        ));
        r.events.push(event(
            actor("Hamas", Some("Hamas"), Some("PSEREB")),
            None,
            "1211",
            3,
            -4.0,
            ("REJECT", None, None),
            s3,
            None,
            None,
        ));
        r.places.push(kharkiv);
        let at = p1.len() + 2;
        r.quotes.push(Quote {
            text: "no".into(),
            span: Span::new(at + 13, at + 15),
            kind: QuoteKind::Direct,
            speaker: Some(actor("Hamas", Some("Hamas"), Some("PSEREB"))),
            cue: Some(Cue {
                text: "said".into(),
                span: Span::new(at + 6, at + 10),
            }),
            medium: Some("statement".into()),
            relays: vec!["Al Jazeera".into(), "Reuters".into()],
            confidence: 0.9,
        });
        assert_eq!(r.quotes[0].span.text(&r.article.body), "no");
        r
    }

    /// An undated article from another outlet, with one event between IGOs and no URL.
    pub fn un_record() -> Record {
        let body = "The UN urged UNICEF to act.".to_string();
        let s = Span::new(0, body.len());
        let article = Article {
            id: Article::compute_id(None, &body),
            outlet: Some("Other".into()),
            paragraphs: vec![s],
            body,
            ..Article::default()
        };
        let mut r = Record::new(article);
        r.events.push(event(
            actor("The UN", Some("United Nations"), Some("IGOUNO")),
            Some(actor("UNICEF", None, Some("IGOUNOKID"))),
            "020",
            1,
            3.0,
            ("REQUEST", None, None),
            s,
            None,
            None,
        ));
        r
    }

    /// A store with both records and an article without events.
    pub fn store() -> (Store, Vec<Record>) {
        let mut empty = Record::new(Article {
            id: "no-events".into(),
            body: "Nothing happened.".into(),
            ..Article::default()
        });
        empty.article.paragraphs = vec![Span::new(0, 17)];
        let records = vec![war_record(), un_record(), empty];
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&records).unwrap();
        (store, records)
    }

    pub fn export_text(
        store: &Store,
        filter: &sitrep_store::ExportFilter,
        format: sitrep_export::Format,
        header: bool,
    ) -> (String, sitrep_export::Summary) {
        let mut out = Vec::new();
        let summary = sitrep_export::export(
            store,
            filter,
            format,
            &sitrep_export::Options {
                header,
                ..sitrep_export::Options::default()
            },
            &mut out,
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }
}

mod gdelt {
    use super::fixture::{export_text, store};
    use sitrep_export::gdelt::{global_event_id, COLUMNS};
    use sitrep_export::Format;
    use sitrep_store::ExportFilter;

    fn col(row: &[&str], name: &str) -> String {
        let i = COLUMNS.iter().position(|c| *c == name).unwrap();
        row[i].to_string()
    }

    #[test]
    fn header_and_61_fields_on_every_row() {
        let (store, records) = store();
        let (text, summary) = export_text(&store, &ExportFilter::default(), Format::Gdelt, true);
        assert_eq!((summary.articles, summary.events, summary.rows), (3, 4, 4));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0].split('\t').collect::<Vec<_>>(), COLUMNS);
        for line in &lines {
            assert_eq!(line.split('\t').count(), 61, "{line}");
        }
        let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split('\t').collect()).collect();

        let shelling = &rows[0];
        let id = &records[0].article.id;
        assert_eq!(
            col(shelling, "GlobalEventID"),
            global_event_id(id, 0).to_string()
        );
        assert_eq!(col(shelling, "Day"), "20240226");
        assert_eq!(col(shelling, "MonthYear"), "202402");
        assert_eq!(col(shelling, "Year"), "2024");
        assert_eq!(col(shelling, "Actor1Code"), "RUSMIL");
        assert_eq!(col(shelling, "Actor1CountryCode"), "RUS");
        assert_eq!(col(shelling, "Actor1Type1Code"), "MIL");
        assert_eq!(col(shelling, "Actor2CountryCode"), "UKR");
        assert_eq!(col(shelling, "Actor2Type1Code"), "");
        assert_eq!(col(shelling, "IsRootEvent"), "1");
        assert_eq!(col(shelling, "EventCode"), "195");
        assert_eq!(col(shelling, "EventBaseCode"), "195");
        assert_eq!(col(shelling, "EventRootCode"), "19");
        assert_eq!(col(shelling, "QuadClass"), "4");
        assert_eq!(col(shelling, "GoldsteinScale"), "-10");
        assert_eq!(col(shelling, "NumArticles"), "1");
        assert_eq!(col(shelling, "ActionGeo_Type"), "4");
        assert_eq!(col(shelling, "ActionGeo_FullName"), "Kharkiv");
        assert_eq!(col(shelling, "ActionGeo_Lat"), "49.98");
        assert_eq!(col(shelling, "ActionGeo_FeatureID"), "706483");
        assert_eq!(col(shelling, "Actor1Geo_Type"), "0");
        assert_eq!(col(shelling, "DATEADDED").len(), 14);
        assert_eq!(col(shelling, "SOURCEURL"), "https://example.invalid/news/1");

        // A month-precision event in the publication month takes the publication day.
        let talks = &rows[1];
        assert_eq!(col(talks, "Day"), "20240227");
        assert_eq!(col(talks, "Actor1Name"), "Vladimir Putin");
        assert_eq!(col(talks, "Actor2Code"), "CHNGOV");
        assert_eq!(col(talks, "Actor2Type1Code"), "GOV");
        assert_eq!(col(talks, "ActionGeo_Type"), "0");

        // No event date: the article's; second paragraph: not a root event; four-digit code.
        let reject = &rows[2];
        assert_eq!(col(reject, "Day"), "20240227");
        assert_eq!(col(reject, "IsRootEvent"), "0");
        assert_eq!(col(reject, "EventBaseCode"), "121");
        assert_eq!(col(reject, "EventRootCode"), "12");
        assert_eq!(col(reject, "Actor1Type1Code"), "REB");
        assert_eq!(col(reject, "Actor2Code"), "");

        // Undated, no URL: empty dates, the article id as source.
        let un = &rows[3];
        assert_eq!(col(un, "Day"), "");
        assert_eq!(col(un, "Actor1Type1Code"), "IGO");
        assert_eq!(col(un, "Actor1KnownGroupCode"), "UNO");
        assert_eq!(col(un, "Actor1CountryCode"), "");
        assert_eq!(col(un, "SOURCEURL"), records[1].article.id);
    }

    #[test]
    fn no_header_by_default_and_filters_apply() {
        let (store, _) = store();
        let filter = ExportFilter {
            outlet: Some("Other".into()),
            ..ExportFilter::default()
        };
        let (text, summary) = export_text(&store, &filter, Format::Gdelt, false);
        assert_eq!(summary.rows, 1);
        assert!(!text.starts_with("GlobalEventID"));
        let filter = ExportFilter {
            since: Some("2024-01-01".into()),
            ..ExportFilter::default()
        };
        let (_, summary) = export_text(&store, &filter, Format::Gdelt, false);
        assert_eq!((summary.articles, summary.rows), (1, 3));
    }

    #[test]
    fn bad_filter_is_an_error() {
        let (store, _) = store();
        let filter = ExportFilter {
            until: Some("yesterday".into()),
            ..ExportFilter::default()
        };
        let err = sitrep_export::export(
            &store,
            &filter,
            Format::Gdelt,
            &sitrep_export::Options::default(),
            std::io::sink(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("yesterday"), "{err}");
    }
}

mod plover {
    use super::fixture::{export_text, store};
    use sitrep_export::Format;
    use sitrep_store::ExportFilter;
    use std::collections::BTreeSet;

    fn schema() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/schemas/plover.schema.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn keys(v: &serde_json::Value) -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    fn strings(v: &serde_json::Value) -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn lines_have_exactly_the_schema_keys() {
        let (store, records) = store();
        let (text, summary) = export_text(&store, &ExportFilter::default(), Format::Plover, false);
        assert_eq!(summary.rows, 4);
        let schema = schema();
        let required = strings(&schema["required"]);
        let types = strings(&schema["properties"]["event_type"]["enum"]);
        let actor_keys = strings(&schema["$defs"]["actor"]["required"]);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        for v in &lines {
            assert_eq!(keys(v), required);
            assert!(types.contains(v["event_type"].as_str().unwrap()));
            assert_eq!(keys(&v["actor"]), actor_keys);
        }
        let first = &lines[0];
        assert_eq!(first["id"], format!("{}-0", records[0].article.id));
        assert_eq!(first["event_type"], "ASSAULT");
        assert_eq!(first["mode"], "aerial");
        assert_eq!(first["actor"]["country"], "RUS");
        assert_eq!(first["actor"]["sectors"], serde_json::json!(["military"]));
        assert_eq!(first["location"]["country"], "UKR");
        assert_eq!(
            first["source"]["text"],
            "Russian forces shelled Kharkiv on Monday."
        );
        assert_eq!(
            lines[1]["context"],
            serde_json::json!(["diplomatic", "political_institutions"])
        );
        assert_eq!(lines[1]["date_precision"], "month");
        assert!(lines[2]["recipient"].is_null());
        // No event date: the article's, at day precision.
        assert_eq!(lines[2]["date"], "2024-02-27");
        assert!(lines[3]["date"].is_null());
    }

    #[test]
    fn schema_enums_cover_the_code_table() {
        let schema = schema();
        let types = strings(&schema["properties"]["event_type"]["enum"]);
        let modes: BTreeSet<String> = schema["properties"]["mode"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m.as_str().map(str::to_string))
            .collect();
        let contexts = strings(&schema["properties"]["context"]["items"]["enum"]);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dict/events/cameo.txt");
        let table = std::fs::read_to_string(path).unwrap();
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split_whitespace().collect();
            assert!(types.contains(f[2]), "type {} of {}", f[2], f[0]);
            assert!(
                f[3] == "-" || modes.contains(f[3]),
                "mode {} of {}",
                f[3],
                f[0]
            );
            for c in f[4].split(';').filter(|c| *c != "-") {
                assert!(contexts.contains(c), "context {c} of {}", f[0]);
            }
        }
    }
}

mod csv_export {
    use super::fixture::{export_text, store};
    use sitrep_export::{Format, EVENT_COLUMNS};
    use sitrep_store::ExportFilter;

    #[test]
    fn round_trips_through_a_csv_reader() {
        let (store, records) = store();
        let (text, summary) = export_text(&store, &ExportFilter::default(), Format::Csv, false);
        assert_eq!(summary.rows, 4);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            EVENT_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4);
        let get = |r: &csv::StringRecord, name: &str| {
            r[EVENT_COLUMNS.iter().position(|c| *c == name).unwrap()].to_string()
        };
        assert_eq!(get(&rows[0], "article_id"), records[0].article.id);
        assert_eq!(get(&rows[0], "quad"), "4");
        assert_eq!(get(&rows[0], "lat"), "49.98");
        assert_eq!(get(&rows[1], "seq"), "1");
        assert_eq!(get(&rows[1], "source_name"), "Vladimir Putin");
        // Quotes, a tab and a line break survive the quoting.
        let body = &records[0].article.body;
        assert_eq!(
            get(&rows[2], "sentence"),
            records[0].events[2].sentence.text(body)
        );
        assert!(get(&rows[2], "sentence").contains("\"no\"\t"));
        assert_eq!(get(&rows[2], "target_code"), "");
        assert_eq!(get(&rows[3], "outlet"), "Other");
        assert_eq!(get(&rows[3], "negated"), "false");
    }
}

mod quotes_csv {
    use super::fixture::store;
    use sitrep_export::csv::QUOTE_COLUMNS;
    use sitrep_export::{export, Error, Format, Options, What};
    use sitrep_store::ExportFilter;

    #[test]
    fn one_row_per_quote_and_only_as_csv() {
        let (store, records) = store();
        let options = Options {
            what: What::Quotes,
            ..Options::default()
        };
        let mut out = Vec::new();
        let summary = export(
            &store,
            &ExportFilter::default(),
            Format::Csv,
            &options,
            &mut out,
        )
        .unwrap();
        assert_eq!((summary.articles, summary.rows), (3, 1));
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            QUOTE_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][0], records[0].article.id.as_str());
        assert_eq!(&rows[0][2], "no");
        assert_eq!(&rows[0][7], "PSEREB");
        assert_eq!(&rows[0][10], "Al Jazeera;Reuters");
        let err = export(
            &store,
            &ExportFilter::default(),
            Format::Gdelt,
            &options,
            Vec::new(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Unsupported(_)), "{err}");
    }
}

mod jsonl {
    use super::fixture::{export_text, store};
    use sitrep_export::Format;
    use sitrep_store::ExportFilter;
    use sitrep_types::Record;

    #[test]
    fn lines_are_the_stored_records() {
        let (store, records) = store();
        let (text, summary) = export_text(&store, &ExportFilter::default(), Format::Jsonl, false);
        assert_eq!((summary.articles, summary.rows), (3, 3));
        let back: Vec<Record> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, records);
        // The same bytes `sitrep code --format jsonl` writes.
        let first = serde_json::to_string(&records[0]).unwrap();
        assert_eq!(text.lines().next().unwrap(), first);
    }
}

#[cfg(feature = "parquet")]
mod parquet_export {
    use super::fixture::store;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use sitrep_export::{export, Format, Options, EVENT_COLUMNS};
    use sitrep_store::ExportFilter;

    #[test]
    fn reads_back_with_the_same_rows_and_columns() {
        let (store, _) = store();
        let path =
            std::env::temp_dir().join(format!("sitrep-export-{}.parquet", std::process::id()));
        let file = std::fs::File::create(&path).unwrap();
        let summary = export(
            &store,
            &ExportFilter::default(),
            Format::Parquet,
            &Options::default(),
            file,
        )
        .unwrap();
        assert_eq!(summary.rows, 4);
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let meta = reader.metadata().file_metadata();
        assert_eq!(meta.num_rows(), 4);
        let names: Vec<&str> = meta
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name())
            .collect();
        assert_eq!(names, EVENT_COLUMNS);
        std::fs::remove_file(&path).unwrap();
    }
}

#[cfg(not(feature = "parquet"))]
mod parquet_unavailable {
    use super::fixture::store;
    use sitrep_export::{export, Error, Format, Options};
    use sitrep_store::ExportFilter;

    #[test]
    fn says_which_feature_to_build_with() {
        let (store, _) = store();
        assert!(!Format::Parquet.is_available());
        let err = export(
            &store,
            &ExportFilter::default(),
            Format::Parquet,
            &Options::default(),
            Vec::new(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Unavailable { .. }));
        assert!(err.to_string().contains("--features parquet"), "{err}");
    }
}
