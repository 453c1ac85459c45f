//! The HTTP API over a real socket on 127.0.0.1, against a real SQLite file holding records we
//! write here: every read endpoint, paging, filters, and the error answers for bad requests.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use sitrep_server::{Coder, Config, Running};
use sitrep_store::Store;
use sitrep_types::{
    ActorRef, Article, Cue, DateSource, Document, Event, EventDate, Modality, Place, Plover,
    Published, Quote, QuoteKind, Record, Span,
};

/// A folder removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "sitrep-server-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
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

fn actor(body: &str, text: &str, name: &str, code: &str) -> ActorRef {
    let start = body.find(text).unwrap();
    ActorRef {
        text: text.into(),
        span: Some(Span::new(start, start + text.len())),
        name: Some(name.into()),
        actor: Some(name.to_lowercase().replace(' ', "_")),
        code: Some(code.into()),
    }
}

/// Two articles: Russia and Israel; Kadyrov quoted on Telegram via Newsweek.
fn records() -> Vec<Record> {
    let body1 = "Israeli jets struck targets in the Gaza Strip on Saturday. \
                 “We call on the leaders of Muslim countries to act,” Kadyrov wrote on Telegram.";
    let mut a1 = Article {
        id: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1".into(),
        url: Some("https://example.invalid/one".into()),
        outlet: Some("World Watch Daily".into()),
        title: Some("Strikes on Gaza".into()),
        published: Some(Published {
            date: "2023-10-09".into(),
            time: None,
            source: DateSource::Meta,
        }),
        body: body1.into(),
        paragraphs: vec![Span::new(0, body1.len())],
        ..Article::default()
    };
    a1.tags = vec!["War".into()];
    let s1 = Span::new(0, body1.find("Saturday.").unwrap() + "Saturday.".len());
    let gaza = body1.find("Gaza Strip").unwrap();
    let strike = Event {
        source: actor(body1, "Israeli jets", "Israel", "ISRMIL"),
        target: Some(actor(body1, "Gaza Strip", "Palestine", "PSE")),
        cameo: "195".into(),
        root: "19".into(),
        quad: 4,
        goldstein: -10.0,
        plover: Plover {
            kind: "ASSAULT".into(),
            mode: Some("aerial".into()),
            context: None,
        },
        date: Some(EventDate {
            value: "2023-10-07".into(),
            precision: "day".into(),
            source: "Saturday".into(),
        }),
        place: Some(Place {
            text: "Gaza Strip".into(),
            span: Span::new(gaza, gaza + "Gaza Strip".len()),
            name: "Gaza Strip".into(),
            country: Some("PSE".into()),
            lat: 31.42,
            lon: 34.37,
            gazetteer_id: None,
            feature: None,
        }),
        negated: false,
        modality: Modality::Asserted,
        claimed_by: None,
        sentence: s1,
        span: Span::new(
            body1.find("struck").unwrap(),
            body1.find("struck").unwrap() + 6,
        ),
        evidence: vec![],
        confidence: 0.9,
    };
    let qs = body1.find('“').unwrap();
    let qe = body1.find('”').unwrap() + '”'.len_utf8();
    let quote = Quote {
        text: body1[qs..qe].into(),
        span: Span::new(qs, qe),
        kind: QuoteKind::Direct,
        speaker: Some(actor(body1, "Kadyrov", "Ramzan Kadyrov", "RUSGOV")),
        cue: Some(Cue {
            text: "wrote".into(),
            span: Span::new(
                body1.find("wrote").unwrap(),
                body1.find("wrote").unwrap() + 5,
            ),
        }),
        medium: Some("Telegram".into()),
        relays: vec!["Newsweek".into()],
        confidence: 0.9,
    };
    let mut r1 = Record::new(a1);
    r1.events.push(strike);
    r1.quotes.push(quote);

    let body2 = "Russia urged Israel to show restraint, the foreign ministry said.";
    let a2 = Article {
        id: "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2".into(),
        outlet: Some("Wire; DROP TABLE articles".into()),
        title: Some("Moscow urges restraint".into()),
        published: Some(Published {
            date: "2023-10-10".into(),
            time: None,
            source: DateSource::Meta,
        }),
        body: body2.into(),
        paragraphs: vec![Span::new(0, body2.len())],
        ..Article::default()
    };
    let appeal = Event {
        source: actor(body2, "Russia", "Russia", "RUSGOV"),
        target: Some(actor(body2, "Israel", "Israel", "ISR")),
        cameo: "023".into(),
        root: "02".into(),
        quad: 1,
        goldstein: 3.4,
        plover: Plover {
            kind: "REQUEST".into(),
            ..Plover::default()
        },
        date: Some(EventDate {
            value: "2023-10-10".into(),
            precision: "day".into(),
            source: "article".into(),
        }),
        place: None,
        negated: false,
        modality: Modality::Asserted,
        claimed_by: None,
        sentence: Span::new(0, body2.len()),
        span: Span::new(7, 12),
        evidence: vec![],
        confidence: 0.8,
    };
    let mut r2 = Record::new(a2);
    r2.events.push(appeal);
    vec![r1, r2]
}

/// Codes a posted document the simplest real way: its text becomes the body of an article.
struct TextCoder;

impl Coder for TextCoder {
    fn code(&self, doc: Document) -> Result<Record, String> {
        let body = String::from_utf8(doc.bytes).map_err(|_| "not UTF-8".to_string())?;
        if body.trim().is_empty() {
            return Err("no text".into());
        }
        let article = Article {
            id: Article::compute_id(doc.url.as_deref(), &body),
            url: doc.url,
            title: doc.title,
            paragraphs: vec![Span::new(0, body.len())],
            body,
            ..Article::default()
        };
        Ok(Record::new(article))
    }
}

fn server(scratch: &Scratch, token: Option<&str>) -> Running {
    let db = scratch.0.join("s.db");
    let mut store = Store::open(&db).unwrap();
    store.write_batch(&records()).unwrap();
    drop(store);
    let mut config = Config::new(&db);
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.token = token.map(str::to_string);
    config.max_body = 64 * 1024;
    config.coder = Some(Arc::new(TextCoder));
    sitrep_server::spawn(config).unwrap()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET `path`: status, content type and body as JSON (or text in a JSON string).
fn get(srv: &Running, path: &str) -> (u16, String, Value) {
    let mut r = agent()
        .get(&format!("http://{}{path}", srv.addr()))
        .call()
        .unwrap();
    let status = r.status().as_u16();
    let ctype = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = r.body_mut().read_to_string().unwrap();
    let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, ctype, v)
}

fn post(srv: &Running, path: &str, ctype: &str, auth: Option<&str>, body: &[u8]) -> (u16, Value) {
    let mut req = agent()
        .post(&format!("http://{}{path}", srv.addr()))
        .header("content-type", ctype);
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    let mut r = req.send(body).unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The JSON error body's code, asserting its shape.
fn error_code(v: &Value) -> String {
    let e = &v["error"];
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    e["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {v}"))
        .to_string()
}

#[test]
fn read_endpoints_answer_with_the_stored_records() {
    let scratch = Scratch::new("read");
    let srv = server(&scratch, None);

    let (s, ctype, v) = get(&srv, "/api/health");
    assert_eq!((s, ctype.as_str()), (200, "application/json"));
    assert_eq!(v["status"], "ok");
    let (_, _, v) = get(&srv, "/api/version");
    assert_eq!(v["name"], "sitrep");
    assert_eq!(v["schema"], 1);

    let (s, _, v) = get(&srv, "/api/summary");
    assert_eq!(s, 200);
    assert_eq!(
        (
            v["articles"].as_u64(),
            v["events"].as_u64(),
            v["quotes"].as_u64()
        ),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(v["first_date"], "2023-10-07");
    assert_eq!(v["roots"][0]["label"], "Appeal");

    let (_, _, v) = get(&srv, "/api/events?actor=RUS");
    assert_eq!(v["total"], 1);
    let e = &v["items"][0];
    assert_eq!(e["source"]["code"], "RUSGOV");
    assert_eq!(
        e["text"],
        "Russia urged Israel to show restraint, the foreign ministry said."
    );
    assert_eq!(e["article"]["outlet"], "Wire; DROP TABLE articles");

    let (_, _, v) = get(&srv, "/api/events?root=19&country=pse");
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["place"]["name"], "Gaza Strip");
    assert_eq!(v["items"][0]["date"], "2023-10-07");
    // The sentence is cut by bytes: the body has multi-byte quote marks after it.
    assert_eq!(
        v["items"][0]["text"],
        "Israeli jets struck targets in the Gaza Strip on Saturday."
    );

    let (_, _, v) = get(&srv, "/api/events?limit=1&offset=1");
    assert_eq!(
        (v["total"].as_u64(), v["items"].as_array().unwrap().len()),
        (Some(2), 1)
    );
    assert_eq!(
        v["items"][0]["cameo"], "195",
        "newest first: the Gaza strike is older"
    );

    let (_, _, v) = get(&srv, "/api/quotes?speaker=kadyrov");
    assert_eq!(v["total"], 1);
    let q = &v["items"][0];
    assert_eq!(
        (q["medium"].as_str(), q["relays"][0].as_str()),
        (Some("Telegram"), Some("Newsweek"))
    );
    let (_, _, v) = get(&srv, "/api/quotes?q=muslim%20leaders");
    assert_eq!(v["total"], 1);

    let (_, _, v) = get(&srv, "/api/timeline");
    assert_eq!(v["days"][0]["date"], "2023-10-07");
    assert_eq!(v["days"][0]["quad"], serde_json::json!([0, 0, 0, 1]));
    assert_eq!(v["days"][1]["quad"], serde_json::json!([1, 0, 0, 0]));

    let (_, _, v) = get(&srv, "/api/network");
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4, "{v}");
    assert!(ids.contains(&"RUSGOV") && ids.contains(&"ISR"));
    let (_, _, v) = get(&srv, "/api/network?actor=ISRMIL");
    assert_eq!(v["edges"].as_array().unwrap().len(), 1);
    assert_eq!(v["edges"][0]["goldstein"], -10.0);

    let (_, _, v) = get(&srv, "/api/map");
    assert_eq!(v["places"][0]["name"], "Gaza Strip");
    assert_eq!(v["places"][0]["events"], 1);

    let (_, _, v) = get(&srv, "/api/actors?actor=rus");
    assert_eq!(v["items"][0]["code"], "RUSGOV");
    assert_eq!(
        (
            v["items"][0]["events_source"].as_u64(),
            v["items"][0]["quotes"].as_u64()
        ),
        (Some(1), Some(1))
    );

    let (_, _, v) = get(&srv, "/api/articles?actor=ISR");
    assert_eq!(v["total"], 2);
    let (_, _, v) = get(&srv, "/api/articles?q=restraint");
    assert_eq!(v["items"][0]["title"], "Moscow urges restraint");

    let (s, _, v) = get(&srv, "/api/articles/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
    assert_eq!(s, 200);
    assert!(v["article"]["body"]
        .as_str()
        .unwrap()
        .starts_with("Israeli jets"));
    assert_eq!(v["quotes"][0]["medium"], "Telegram");

    let (_, _, v) = get(&srv, "/api/dyads?period=day");
    assert_eq!(v["total"], 2);
    let (_, _, v) = get(&srv, "/api/stances");
    let stances: Vec<(&str, &str, &str)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap(),
                s["stance"].as_str().unwrap(),
                s["target"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        stances.contains(&("ISRMIL", "oppose", "PSE")),
        "{stances:?}"
    );
    assert!(
        stances.contains(&("RUSGOV", "support", "ISR")),
        "{stances:?}"
    );

    let (s, _, v) = get(&srv, "/api/openapi.json");
    assert_eq!(s, 200);
    assert_eq!(v["openapi"], "3.1.0");
    for path in [
        "/api/health",
        "/api/version",
        "/api/summary",
        "/api/timeline",
        "/api/network",
        "/api/map",
        "/api/events",
        "/api/quotes",
        "/api/actors",
        "/api/articles",
        "/api/articles/{id}",
        "/api/dyads",
        "/api/stances",
        "/api/code",
        "/api/ingest",
    ] {
        assert!(
            v["paths"][path].is_object(),
            "{path} is not in the OpenAPI document"
        );
    }

    let (s, ctype, v) = get(&srv, "/");
    assert_eq!(s, 200);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(v.as_str().unwrap().contains("<html"));
    srv.stop().unwrap();
}

#[test]
fn answers_follow_the_store_when_it_changes() {
    let scratch = Scratch::new("cache");
    let srv = server(&scratch, None);
    let (_, _, v) = get(&srv, "/api/summary");
    assert_eq!(v["articles"], 2);
    // Another process (here: another connection) deletes an article.
    let mut store = Store::open(scratch.0.join("s.db")).unwrap();
    assert!(store.delete("b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2").unwrap());
    let (_, _, v) = get(&srv, "/api/summary");
    assert_eq!(v["articles"], 1, "a cached answer outlived the change");
}

#[test]
fn bad_requests_get_the_right_status_and_a_json_error() {
    let scratch = Scratch::new("bad");
    let srv = server(&scratch, Some("s3cret"));
    let cases: &[(&str, u16, &str)] = &[
        ("/api/events?colour=red", 400, "bad_request"),
        ("/api/events?quad=7", 400, "bad_request"),
        ("/api/events?quad=abc", 400, "bad_request"),
        ("/api/events?since=2023-13-45", 400, "bad_request"),
        (
            "/api/events?since=2023-10-10&until=2023-10-01",
            400,
            "bad_request",
        ),
        ("/api/events?limit=100000", 400, "bad_request"),
        ("/api/events?root=99", 400, "bad_request"),
        ("/api/timeline?limit=5", 400, "bad_request"),
        ("/api/network?top=0", 400, "bad_request"),
        ("/api/dyads?period=fortnight", 400, "bad_request"),
        ("/api/articles/nope%27%3B", 400, "bad_request"),
        (
            "/api/articles/0000000000000000000000000000dead",
            404,
            "not_found",
        ),
        ("/api/nothing", 404, "not_found"),
        ("/assets/nothing.js", 404, "not_found"),
        ("/assets/..%2F..%2FCargo.toml", 400, "bad_request"),
        ("/assets/%2e%2e/%2e%2e/Cargo.toml", 400, "bad_request"),
    ];
    for &(path, status, code) in cases {
        let (s, ctype, v) = get(&srv, path);
        assert_eq!(s, status, "{path}: {v}");
        assert_eq!(ctype, "application/json", "{path}");
        assert_eq!(error_code(&v), code, "{path}");
    }
    let long = format!("/api/events?q={}", "x".repeat(5000));
    let (s, _, v) = get(&srv, &long);
    assert_eq!((s, error_code(&v).as_str()), (414, "uri_too_long"));

    // SQL metacharacters in filters are plain text: no error, no match, the store intact.
    for path in [
        "/api/events?actor=%27%20OR%201%3D1%20--",
        "/api/events?outlet=x%27%3B%20DROP%20TABLE%20events%3B%20--",
        "/api/quotes?q=%25%27%20OR%20%27%27%3D%27",
        "/api/events?q=%22a%22%20OR%20NEAR(b",
        "/api/actors?actor=%25",
    ] {
        let (s, _, v) = get(&srv, path);
        assert_eq!(s, 200, "{path}: {v}");
        assert_eq!(v["total"], 0, "{path}: {v}");
    }
    let (_, _, v) = get(&srv, "/api/events?outlet=Wire%3B%20DROP%20TABLE%20articles");
    assert_eq!(
        v["total"], 1,
        "an outlet with SQL in its name is matched as text"
    );
    let (_, _, v) = get(&srv, "/api/summary");
    assert_eq!(v["events"], 2);

    // Path traversal on the raw socket (clients normalise `..` away before sending).
    for raw in [
        "/assets/../Cargo.toml",
        "/assets/..\\..\\Cargo.toml",
        "/../Cargo.toml",
    ] {
        let mut sock = std::net::TcpStream::connect(srv.addr()).unwrap();
        write!(
            sock,
            "GET {raw} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut resp = String::new();
        sock.read_to_string(&mut resp).unwrap();
        let status: u16 = resp[9..12].parse().unwrap();
        assert!(status == 400 || status == 404, "{raw}: {resp}");
        assert!(resp.contains("\"error\""), "{raw}: {resp}");
        assert!(
            !resp.contains("[workspace]") && !resp.contains("[package]"),
            "{raw} leaked a file"
        );
    }

    // Method not allowed.
    let (s, v) = post(&srv, "/api/events", "application/json", None, b"{}");
    assert_eq!((s, error_code(&v).as_str()), (405, "method_not_allowed"));

    // Code: malformed JSON, unknown fields, both or neither of html/text, bad media type,
    // bad date, empty and huge bodies.
    let bad: &[(&str, &[u8], u16, &str)] = &[
        ("application/json", b"{\"text\": ", 400, "bad_request"),
        (
            "application/json",
            b"{\"text\": \"x\", \"colour\": 1}",
            400,
            "bad_request",
        ),
        (
            "application/json",
            b"{\"text\": \"x\", \"html\": \"<p>x</p>\"}",
            400,
            "bad_request",
        ),
        (
            "application/json",
            b"{\"url\": \"https://e.invalid\"}",
            400,
            "bad_request",
        ),
        (
            "application/json",
            b"{\"text\": \"x\", \"date\": \"yesterday\"}",
            400,
            "bad_request",
        ),
        (
            "application/pdf",
            b"%PDF-1.4",
            415,
            "unsupported_media_type",
        ),
        ("text/plain", b"", 400, "bad_request"),
        ("text/plain", b"   ", 422, "unprocessable"),
    ];
    for &(ctype, body, status, code) in bad {
        let (s, v) = post(&srv, "/api/code", ctype, None, body);
        assert_eq!(
            s,
            status,
            "{ctype} {:?}: {v}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(error_code(&v), code);
    }
    let huge = vec![b'a'; 65 * 1024];
    let (s, v) = post(&srv, "/api/code", "text/plain", None, &huge);
    assert_eq!((s, error_code(&v).as_str()), (413, "payload_too_large"));
    let (s, v) = post(
        &srv,
        "/api/code?url=https://e.invalid/x",
        "text/plain",
        None,
        b"Talks resumed.",
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["article"]["url"], "https://e.invalid/x");

    // Ingest: token missing, wrong, malformed; then right.
    let (s, v) = post(&srv, "/api/ingest", "text/plain", None, b"Talks resumed.");
    assert_eq!((s, error_code(&v).as_str()), (401, "unauthorized"));
    let (s, v) = post(
        &srv,
        "/api/ingest",
        "text/plain",
        Some("Bearer guess"),
        b"Talks resumed.",
    );
    assert_eq!((s, error_code(&v).as_str()), (401, "unauthorized"));
    let (s, v) = post(
        &srv,
        "/api/ingest",
        "text/plain",
        Some("Basic czNjcmV0"),
        b"Talks resumed.",
    );
    assert_eq!((s, error_code(&v).as_str()), (401, "unauthorized"));
    let (s, v) = post(
        &srv,
        "/api/ingest",
        "application/json",
        Some("Bearer s3cret"),
        b"[1,2",
    );
    assert_eq!((s, error_code(&v).as_str()), (400, "bad_request"));
    let (s, v) = post(
        &srv,
        "/api/ingest?title=Talks",
        "text/plain",
        Some("Bearer s3cret"),
        b"Talks resumed in Doha.",
    );
    assert_eq!(s, 202, "{v}");
    // The writer loop stores it.
    let mut stored = false;
    for _ in 0..100 {
        let (_, _, v) = get(&srv, "/api/articles?q=Doha");
        if v["total"] == 1 {
            stored = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(stored, "the ingested document never reached the store");
}

#[test]
fn write_endpoints_are_off_without_a_token() {
    let scratch = Scratch::new("off");
    let srv = server(&scratch, None);
    let (s, v) = post(
        &srv,
        "/api/ingest",
        "text/plain",
        Some("Bearer anything"),
        b"Talks.",
    );
    assert_eq!((s, error_code(&v).as_str()), (403, "forbidden"));
    let (s, _, v) = get(&srv, "/api/ingest");
    assert_eq!((s, error_code(&v).as_str()), (403, "forbidden"));
}
