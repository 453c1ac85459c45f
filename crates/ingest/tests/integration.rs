//! Behaviour tests for sitrep-ingest: one binary, one module per source.

mod util {
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    use sitrep_ingest::{open, Document, IngestError, SourceOptions};

    /// A directory under the system temp dir, removed on drop.
    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(name: &str) -> TempDir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "sitrep-ingest-{name}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
        /// Write `bytes` to `rel` (creating parent directories) and return the full path.
        pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
            let p = self.0.join(rel);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(&p, bytes).unwrap();
            p
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    pub fn fixture(name: &str) -> String {
        format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    pub fn run(
        input: impl AsRef<Path>,
        opts: &SourceOptions,
    ) -> Vec<Result<Document, IngestError>> {
        open(input.as_ref().to_str().unwrap(), opts).collect()
    }

    pub fn docs(input: impl AsRef<Path>) -> Vec<Document> {
        run(input, &SourceOptions::default())
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("unexpected error: {e}")))
            .collect()
    }

    /// One error from an input that should give exactly one error.
    pub fn one_error(input: impl AsRef<Path>, opts: &SourceOptions) -> IngestError {
        let mut items = run(input, opts);
        assert_eq!(items.len(), 1, "expected one item");
        match items.pop() {
            Some(Err(e)) => e,
            Some(Ok(d)) => panic!("expected an error, got a document from {:?}", d.origin),
            None => unreachable!(),
        }
    }

    pub fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    pub fn text(d: &Document) -> String {
        String::from_utf8_lossy(&d.bytes).into_owned()
    }

    /// A summary of a stream: `doc <url>` or `err <kind>` per item.
    pub fn outline(items: &[Result<Document, IngestError>]) -> Vec<String> {
        items
            .iter()
            .map(|r| match r {
                Ok(d) => format!("doc {}", d.url.as_deref().unwrap_or("-")),
                Err(e) => format!("err {}", e.kind()),
            })
            .collect()
    }
}

/// WARC files built here, with exact lengths.
mod warc_data {
    use super::util::gz;

    pub const PAGE_A: &str = "<!DOCTYPE html><html><head><title>Lighthouse keeper retires</title></head><body><p>After 31 years the keeper of the Merrion Head lighthouse handed over the keys on Friday.</p></body></html>";
    pub const PAGE_B: &str =
        "<html><body><p>Resource record: the tide tables for April are out.</p></body></html>";
    pub const PAGE_C: &str = "<html><body><p>Harbour dues rise by four percent from May, the port board said.</p></body></html>";

    pub fn record(
        wtype: &str,
        uri: Option<&str>,
        id: &str,
        content_type: &str,
        block: &[u8],
    ) -> Vec<u8> {
        let mut out = format!("WARC/1.1\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n");
        if let Some(u) = uri {
            out.push_str(&format!("WARC-Target-URI: {u}\r\n"));
        }
        out.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        ));
        let mut out = out.into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn chunked(body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in body.chunks(50) {
            out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            out.extend_from_slice(chunk);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
        out
    }

    /// warcinfo, request, response (chunked + gzip), metadata, a 404, an image, a resource,
    /// a revisit and a plain response: three documents.
    pub fn records() -> Vec<Vec<u8>> {
        let http_ct = "application/http; msgtype=response";
        vec![
            record("warcinfo", None, "00000000-0000-0000-0000-000000000001", "application/warc-fields", b"software: sitrep-test\r\nformat: WARC File Format 1.1\r\n"),
            record("request", Some("https://ledger.example/lighthouse"), "00000000-0000-0000-0000-000000000002", "application/http; msgtype=request", b"GET /lighthouse HTTP/1.1\r\nHost: ledger.example\r\n\r\n"),
            record(
                "response",
                Some("https://ledger.example/lighthouse"),
                "00000000-0000-0000-0000-000000000003",
                http_ct,
                &http(
                    "200 OK",
                    "Content-Type: text/html; charset=iso-8859-1\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                    &chunked(&gz(PAGE_A.as_bytes())),
                ),
            ),
            record("metadata", Some("https://ledger.example/lighthouse"), "00000000-0000-0000-0000-000000000004", "application/warc-fields", b"fetchTimeMs: 120\r\n"),
            record(
                "response",
                Some("https://ledger.example/gone"),
                "00000000-0000-0000-0000-000000000005",
                http_ct,
                &http("404 Not Found", "Content-Type: text/html\r\n", b"<html><body>Not found</body></html>"),
            ),
            record(
                "response",
                Some("https://ledger.example/logo.png"),
                "00000000-0000-0000-0000-000000000006",
                http_ct,
                &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            ),
            record("resource", Some("https://ledger.example/tides"), "00000000-0000-0000-0000-000000000007", "text/html", PAGE_B.as_bytes()),
            record("revisit", Some("https://ledger.example/lighthouse"), "00000000-0000-0000-0000-000000000008", http_ct, b"HTTP/1.1 200 OK\r\n\r\n"),
            record(
                "response",
                Some("https://ledger.example/dues"),
                "00000000-0000-0000-0000-000000000009",
                http_ct,
                &http("200 OK", "Content-Type: text/html\r\n", PAGE_C.as_bytes()),
            ),
        ]
    }

    pub fn warc() -> Vec<u8> {
        records().concat()
    }

    /// One gzip member per record.
    pub fn warc_gz() -> Vec<u8> {
        records().iter().map(|r| gz(r)).collect::<Vec<_>>().concat()
    }
}

mod sniffing {
    use super::util::*;
    use super::warc_data;
    use sitrep_ingest::{sniff, Kind};

    #[test]
    fn each_kind_from_content() {
        let read = |name: &str| std::fs::read(fixture(name)).unwrap();
        assert_eq!(sniff(&read("page.html")), Kind::Html);
        assert_eq!(sniff(&read("notes.txt")), Kind::Text);
        assert_eq!(sniff(&read("lines.jsonl")), Kind::Jsonl);
        assert_eq!(sniff(&read("rss2.xml")), Kind::Feed);
        assert_eq!(sniff(&read("atom.xml")), Kind::Feed);
        assert_eq!(sniff(&read("rdf.xml")), Kind::Feed);
        assert_eq!(sniff(&warc_data::warc()), Kind::Warc);
        assert_eq!(sniff(&warc_data::warc_gz()), Kind::WarcGz);
        assert_eq!(sniff(&gz(&read("page.html"))), Kind::Gzip);
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01"), Kind::Binary);
        assert_eq!(sniff(b"PK\x03\x04\x14\x00"), Kind::Binary);
        assert_eq!(sniff(b""), Kind::Empty);
    }

    #[test]
    fn content_wins_over_extension() {
        let dir = TempDir::new("sniff-ext");
        // HTML in a .dat file, JSON lines in a .txt file.
        let html = dir.write(
            "story.dat",
            "<html><body><p>Quay works begin.</p></body></html>",
        );
        let jsonl = dir.write(
            "feed.txt",
            "{\"url\": \"https://x.example/1\", \"text\": \"One.\"}\n",
        );
        let d = docs(&html);
        assert_eq!(d[0].format, sitrep_types::DocFormat::Html);
        let d = docs(&jsonl);
        assert_eq!(d[0].origin.kind, sitrep_types::OriginKind::Jsonl);
    }
}

mod files {
    use super::util::*;
    use sitrep_ingest::SourceOptions;
    use sitrep_types::{DocFormat, OriginKind};

    #[test]
    fn html_and_text_files() {
        let d = docs(fixture("page.html"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].format, DocFormat::Html);
        assert_eq!(d[0].origin.kind, OriginKind::File);
        assert_eq!(
            d[0].origin.path.as_deref(),
            Some(fixture("page.html").as_str())
        );
        assert_eq!(d[0].bytes, std::fs::read(fixture("page.html")).unwrap());

        let d = docs(fixture("notes.txt"));
        assert_eq!(d[0].format, DocFormat::Text);
        assert!(text(&d[0]).starts_with("Council approves"));
    }

    #[test]
    fn txt_extension_means_text_even_for_markup() {
        let dir = TempDir::new("txt");
        let p = dir.write(
            "snippet.txt",
            "<p>Written with tags but stored as text.</p>",
        );
        assert_eq!(docs(&p)[0].format, DocFormat::Text);
    }

    #[test]
    fn invalid_utf8_text_is_still_a_document() {
        let dir = TempDir::new("latin1");
        let bytes =
            b"Caf\xe9 owner na\xefve about the new \xabparking\xbb rules, said Ms Ni Bhriain.\n";
        let p = dir.write("latin1.txt", bytes);
        let d = docs(&p);
        assert_eq!(d[0].bytes, bytes);
        assert_eq!(d[0].format, DocFormat::Text);
        // UTF-16 with a BOM is text too (decoding happens later).
        let mut utf16 = b"\xff\xfe".to_vec();
        utf16.extend("Tide at 6 am.".encode_utf16().flat_map(u16::to_le_bytes));
        let p = dir.write("utf16.dat", &utf16);
        assert_eq!(docs(&p)[0].bytes, utf16);
    }

    #[test]
    fn binary_and_empty_files_are_errors() {
        let dir = TempDir::new("bin");
        let png = dir.write("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        let e = one_error(&png, &SourceOptions::default());
        assert_eq!(e.kind(), "binary");
        assert_eq!(e.input(), png.display().to_string());
        assert!(e.to_string().ends_with(": binary file (PNG image)"), "{e}");

        let nul = dir.write("data.bin", b"abc\0\x01\x02def");
        assert_eq!(one_error(&nul, &SourceOptions::default()).kind(), "binary");

        let empty = dir.write("empty.html", b"");
        let e = one_error(&empty, &SourceOptions::default());
        assert_eq!(e.kind(), "empty");
        assert!(e.to_string().ends_with(": empty file"), "{e}");
        let blank = dir.write("blank.txt", b"  \n\n");
        assert_eq!(one_error(&blank, &SourceOptions::default()).kind(), "empty");
    }

    #[test]
    fn oversized_single_document_fails_without_reading_it() {
        let dir = TempDir::new("big");
        // A real page start longer than the sniff window, then a sparse tail.
        let mut page = String::from("<!DOCTYPE html><html><body>\n");
        while page.len() <= sitrep_ingest::SNIFF_LEN {
            page.push_str("<p>The regatta committee met again on Thursday evening.</p>\n");
        }
        let p = dir.write("huge.html", page);
        let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
        f.set_len(200 * 1024 * 1024).unwrap(); // sparse: no real 200 MB write
        drop(f);
        let started = std::time::Instant::now();
        let e = one_error(&p, &SourceOptions::default());
        assert_eq!(e.kind(), "too-large");
        assert_eq!(
            e.to_string(),
            format!(
                "{}: too large (209715200 bytes, limit 67108864 bytes)",
                p.display()
            )
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));

        // The limit is configurable.
        let small = SourceOptions {
            max_document_bytes: 10,
            ..SourceOptions::default()
        };
        assert_eq!(one_error(fixture("page.html"), &small).kind(), "too-large");
    }

    #[test]
    fn gzip_files_are_decompressed_and_sniffed_again() {
        let dir = TempDir::new("gz");
        let html = std::fs::read(fixture("page.html")).unwrap();
        let p = dir.write("page.html.gz", gz(&html));
        let d = docs(&p);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].bytes, html);
        assert_eq!(d[0].format, DocFormat::Html);

        let lines = std::fs::read(fixture("lines.jsonl")).unwrap();
        let p = dir.write("lines.jsonl.gz", gz(&lines));
        assert_eq!(run(&p, &SourceOptions::default()).len(), 5);

        // Decompressed size is bounded too (a gzip bomb stays small in memory).
        let bomb = dir.write("bomb.txt.gz", gz(&vec![b'a'; 1_000_000]));
        let opts = SourceOptions {
            max_document_bytes: 1000,
            ..SourceOptions::default()
        };
        assert_eq!(one_error(&bomb, &opts).kind(), "too-large");

        let mut cut = gz(&html);
        cut.truncate(cut.len() - 20);
        let p = dir.write("cut.html.gz", cut);
        assert_eq!(
            one_error(&p, &SourceOptions::default()).kind(),
            "truncated-gzip"
        );
    }

    #[test]
    fn missing_path_is_not_found() {
        let e = one_error("/no/such/dir/story.html", &SourceOptions::default());
        assert_eq!(e.kind(), "not-found");
        assert_eq!(e.input(), "/no/such/dir/story.html");
    }
}

mod directories {
    use super::util::*;
    use sitrep_ingest::SourceOptions;

    #[test]
    fn recursive_sorted_hidden_skipped() {
        let dir = TempDir::new("tree");
        dir.write("b.html", "<p>B</p>");
        dir.write("a.txt", "A text");
        dir.write("sub/c.jsonl", "{\"url\":\"https://x.example/c1\",\"text\":\"C1\"}\n{\"url\":\"https://x.example/c2\",\"text\":\"C2\"}\n");
        dir.write("sub/.hidden.html", "<p>hidden</p>");
        dir.write(".git/config.html", "<p>hidden dir</p>");
        dir.write("z/deeper/d.html", "<p>D</p>");
        dir.write("empty.txt", "");
        dir.write("Upper.html", "<p>U</p>");

        let items = run(dir.path(), &SourceOptions::default());
        let names: Vec<String> = items
            .iter()
            .map(|r| match r {
                Ok(d) => {
                    let p = d.origin.path.clone().unwrap();
                    let rel = p
                        .strip_prefix(&dir.path().display().to_string())
                        .unwrap()
                        .to_string();
                    match &d.origin.record {
                        Some(r) => format!("{rel} [{r}]"),
                        None => rel,
                    }
                }
                Err(e) => format!(
                    "error {} {}",
                    e.kind(),
                    e.input().rsplit('/').next().unwrap()
                ),
            })
            .collect();
        assert_eq!(
            names,
            [
                "/Upper.html",
                "/a.txt",
                "/b.html",
                "error empty empty.txt",
                "/sub/c.jsonl [line 1]",
                "/sub/c.jsonl [line 2]",
                "/z/deeper/d.html",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = TempDir::new("loop");
        dir.write("a/story.html", "<p>Story</p>");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/back-to-root")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("b-link")).unwrap();
        let items = run(dir.path(), &SourceOptions::default());
        assert_eq!(outline(&items), ["doc -"], "each directory is read once");
    }
}

mod jsonl {
    use super::util::*;
    use sitrep_ingest::SourceOptions;
    use sitrep_types::{DocFormat, OriginKind};

    #[test]
    fn good_lines_and_bad_lines() {
        let path = fixture("lines.jsonl");
        let items = run(&path, &SourceOptions::default());
        assert_eq!(
            outline(&items),
            [
                "doc https://ledger.example/2024/03/04/ferry",
                "doc https://ledger.example/2024/03/05/lane",
                "err bad-json",
                "err bad-json",
                "doc https://ledger.example/2024/03/06/fair",
            ]
        );
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.format, DocFormat::Html);
        assert_eq!(first.origin.kind, OriginKind::Jsonl);
        assert_eq!(first.origin.record.as_deref(), Some("line 1"));
        assert_eq!(first.origin.path.as_deref(), Some(path.as_str()));
        assert_eq!(first.published.as_deref(), Some("2024-03-04"));
        assert_eq!(first.outlet.as_deref(), Some("The Coastal Ledger"));
        assert_eq!(first.title.as_deref(), Some("Ferry resumes"));
        assert_eq!(
            first.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(
            text(first),
            "<html><body><p>The ferry resumed service.</p></body></html>"
        );

        let second = items[1].as_ref().unwrap();
        assert_eq!(second.format, DocFormat::Text);
        assert_eq!(
            text(second),
            "Council approves cycle lane.\n\nThe vote was 7 to 2."
        );

        let bad = items[2].as_ref().unwrap_err();
        assert_eq!(bad.input(), format!("{path}:line 3"));
        assert!(bad
            .to_string()
            .starts_with(&format!("{path}:line 3: bad JSON line: ")));
        let no_body = items[3].as_ref().unwrap_err();
        assert!(no_body.to_string().contains("neither"), "{no_body}");
        // The blank line 5 is skipped, but still counted.
        assert_eq!(
            items[4].as_ref().unwrap().origin.record.as_deref(),
            Some("line 6")
        );
    }

    #[test]
    fn an_overlong_line_is_an_error_and_reading_goes_on() {
        let dir = TempDir::new("jsonl-long");
        let long = format!(
            "{{\"url\":\"https://x.example/long\",\"text\":\"{}\"}}",
            "w".repeat(5000)
        );
        let p = dir.write(
            "long.jsonl",
            format!("{long}\n{{\"url\":\"https://x.example/ok\",\"text\":\"fine\"}}\n"),
        );
        let opts = SourceOptions {
            max_document_bytes: 1000,
            ..SourceOptions::default()
        };
        assert_eq!(
            outline(&run(&p, &opts)),
            ["err too-large", "doc https://x.example/ok"]
        );
    }
}

mod warc {
    use super::util::*;
    use super::warc_data::{self, PAGE_A, PAGE_B, PAGE_C};
    use sitrep_ingest::SourceOptions;
    use sitrep_types::{DocFormat, OriginKind};

    const EXPECTED: [&str; 3] = [
        "doc https://ledger.example/lighthouse",
        "doc https://ledger.example/tides",
        "doc https://ledger.example/dues",
    ];

    fn check_documents(
        items: &[Result<sitrep_ingest::Document, sitrep_ingest::IngestError>],
        path: &str,
    ) {
        assert_eq!(outline(items), EXPECTED);
        let a = items[0].as_ref().unwrap();
        assert_eq!(text(a), PAGE_A, "chunked and gzip-encoded body decoded");
        assert_eq!(a.format, DocFormat::Html);
        assert_eq!(
            a.content_type.as_deref(),
            Some("text/html; charset=iso-8859-1")
        );
        assert_eq!(a.fetched_at.as_deref(), Some("2024-03-05T10:00:00Z"));
        assert_eq!(a.origin.kind, OriginKind::Warc);
        assert_eq!(a.origin.path.as_deref(), Some(path));
        assert_eq!(
            a.origin.record.as_deref(),
            Some("<urn:uuid:00000000-0000-0000-0000-000000000003>")
        );
        assert_eq!(text(items[1].as_ref().unwrap()), PAGE_B);
        assert_eq!(text(items[2].as_ref().unwrap()), PAGE_C);
    }

    #[test]
    fn warc_keeps_html_responses_and_resources() {
        let dir = TempDir::new("warc");
        let p = dir.write("crawl.warc", warc_data::warc());
        check_documents(
            &run(&p, &SourceOptions::default()),
            &p.display().to_string(),
        );
    }

    #[test]
    fn warc_gz_one_member_per_record() {
        let dir = TempDir::new("warcgz");
        let p = dir.write("crawl.warc.gz", warc_data::warc_gz());
        check_documents(
            &run(&p, &SourceOptions::default()),
            &p.display().to_string(),
        );
    }

    #[test]
    fn skipped_records_can_be_reported() {
        let dir = TempDir::new("warc-skip");
        let p = dir.write("crawl.warc.gz", warc_data::warc_gz());
        let opts = SourceOptions {
            report_skipped: true,
            ..SourceOptions::default()
        };
        let items = run(&p, &opts);
        let skips: Vec<String> = items
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(ToString::to_string)
            .collect();
        assert_eq!(skips.len(), 2, "{skips:?}");
        assert!(
            skips[0].ends_with("000000000005>]: skipped: HTTP status 404"),
            "{}",
            skips[0]
        );
        assert!(
            skips[1].ends_with("000000000006>]: skipped: content type image/png"),
            "{}",
            skips[1]
        );
    }

    #[test]
    fn truncated_warc_gz_yields_what_came_before_then_one_error() {
        let dir = TempDir::new("warc-cut");
        let mut bytes = warc_data::warc_gz();
        bytes.truncate(bytes.len() - 30);
        let p = dir.write("cut.warc.gz", bytes);
        let items = run(&p, &SourceOptions::default());
        assert_eq!(
            outline(&items),
            [EXPECTED[0], EXPECTED[1], "err truncated-gzip"]
        );
        let e = items[2].as_ref().unwrap_err();
        assert!(e.to_string().contains("truncated gzip stream"), "{e}");
        assert!(e.input().starts_with(&p.display().to_string()));
    }

    #[test]
    fn truncated_plain_warc_record() {
        let dir = TempDir::new("warc-cut-plain");
        let mut bytes = warc_data::warc();
        bytes.truncate(bytes.len() - 40);
        let p = dir.write("cut.warc", bytes);
        let items = run(&p, &SourceOptions::default());
        assert_eq!(
            outline(&items),
            [EXPECTED[0], EXPECTED[1], "err truncated-warc"]
        );
        let e = items[2].as_ref().unwrap_err();
        assert_eq!(
            e.input(),
            format!(
                "{} [<urn:uuid:00000000-0000-0000-0000-000000000009>]",
                p.display()
            )
        );
        assert!(e.to_string().contains("truncated WARC record"), "{e}");
    }

    #[test]
    fn oversized_record_is_skipped_with_an_error() {
        let dir = TempDir::new("warc-big");
        let big = format!("<html><body><p>{}</p></body></html>", "long ".repeat(400));
        let mut bytes = warc_data::record(
            "resource",
            Some("https://ledger.example/long"),
            "00000000-0000-0000-0000-0000000000aa",
            "text/html",
            big.as_bytes(),
        );
        bytes.extend(warc_data::warc());
        let p = dir.write("big.warc.gz", gz(&bytes));
        let opts = SourceOptions {
            max_document_bytes: 1000,
            ..SourceOptions::default()
        };
        let items = run(&p, &opts);
        let mut expected = vec!["err too-large"];
        expected.extend(EXPECTED);
        assert_eq!(outline(&items), expected);
    }

    #[test]
    fn every_cut_point_ends_cleanly() {
        // Cut the archive anywhere: never a panic, never a hang, at most one error, and
        // every document before the cut still comes out.
        for bytes in [warc_data::warc(), warc_data::warc_gz()] {
            for cut in (0..bytes.len()).step_by(7) {
                let input = bytes[..cut].to_vec();
                let items: Vec<_> = sitrep_ingest::open_reader(
                    "cut",
                    sitrep_types::OriginKind::Api,
                    std::io::Cursor::new(input),
                    &SourceOptions::default(),
                )
                .collect();
                let errors = items.iter().filter(|r| r.is_err()).count();
                assert!(errors <= 1, "cut at {cut}: {:?}", outline(&items));
                let got: Vec<String> = outline(&items)
                    .into_iter()
                    .filter(|o| o.starts_with("doc"))
                    .collect();
                assert_eq!(got, EXPECTED[..got.len()], "cut at {cut}");
                if errors == 1 {
                    assert!(
                        items.last().is_some_and(Result::is_err),
                        "the error ends the stream"
                    );
                }
            }
        }
    }

    #[test]
    fn garbage_after_records_is_a_bad_warc_error() {
        let dir = TempDir::new("warc-garbage");
        let mut bytes = warc_data::warc();
        bytes.extend_from_slice(b"this is not a record\r\n");
        let p = dir.write("junk.warc", bytes);
        let items = run(&p, &SourceOptions::default());
        assert_eq!(
            outline(&items).last().map(String::as_str),
            Some("err bad-warc")
        );
        assert_eq!(items.len(), 4);
    }
}

mod feeds {
    use super::util::*;
    use sitrep_ingest::SourceOptions;
    use sitrep_types::{DocFormat, OriginKind};

    #[test]
    fn rss2_items() {
        let path = fixture("rss2.xml");
        let d = docs(&path);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].url.as_deref(),
            Some("https://ledger.example/2024/03/04/ferry")
        );
        assert_eq!(
            d[0].title.as_deref(),
            Some("Ferry resumes service after storm")
        );
        assert_eq!(d[0].published.as_deref(), Some("2024-03-04T08:15:00Z"));
        assert_eq!(d[0].origin.kind, OriginKind::Feed);
        assert_eq!(d[0].origin.record.as_deref(), Some("ledger-1001"));
        assert_eq!(d[0].origin.path.as_deref(), Some(path.as_str()));
        assert_eq!(d[0].format, DocFormat::Html);
        let html = text(&d[0]);
        assert!(
            html.contains("<p>The harbour ferry between Port Merrion"),
            "content:encoded wins: {html}"
        );
        assert!(html.contains("<title>Ferry resumes service after storm</title>"));
        // Description only: the escaped HTML comes back as HTML.
        assert!(
            text(&d[1]).contains("<p>The council voted 7 to 2"),
            "{}",
            text(&d[1])
        );
        assert_eq!(d[1].published.as_deref(), Some("2024-03-05T17:40:00Z"));
    }

    #[test]
    fn atom_entries() {
        let d = docs(fixture("atom.xml"));
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].url.as_deref(),
            Some("https://weekly.example/fair-2024")
        );
        assert_eq!(d[0].published.as_deref(), Some("2024-03-06T10:00:00Z"));
        assert_eq!(
            d[0].origin.record.as_deref(),
            Some("urn:example:merrion-weekly:fair-2024")
        );
        assert!(text(&d[0]).contains("<p>The spring fair opens on Saturday"));
        // A plain-text summary becomes escaped paragraphs; the date falls back to <updated>.
        assert!(text(&d[1]).contains("<p>The town library will open until 8 pm on Thursdays.</p>"));
        assert!(text(&d[1]).contains("<p>Funding comes from the county.</p>"));
        assert_eq!(d[1].published.as_deref(), Some("2024-03-07T09:00:00Z"));
    }

    #[test]
    fn rss1_rdf_items() {
        let d = docs(fixture("rdf.xml"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].url.as_deref(), Some("https://gazette.example/pier"));
        assert!(text(&d[0]).contains("Solar lights were installed"));
    }

    #[test]
    fn broken_feed_is_one_error() {
        let path = fixture("broken-feed.xml");
        let e = one_error(&path, &SourceOptions::default());
        assert_eq!(e.kind(), "bad-feed");
        assert_eq!(e.input(), path);
    }
}

mod http {
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};

    use super::util::*;
    use super::warc_data;
    use sitrep_ingest::{open, HttpOptions, SourceOptions};
    use sitrep_types::{DocFormat, OriginKind};

    const STORY: &str = "<!DOCTYPE html><html><head><title>Quay Street reopens</title></head><body><p>Quay Street reopened to traffic on Wednesday.</p></body></html>";

    /// The base URL of a small HTTP/1.1 server on 127.0.0.1, started once. It serves a bounded
    /// number of connections, one thread each.
    fn base() -> &'static str {
        static BASE: OnceLock<String> = OnceLock::new();
        BASE.get_or_init(|| {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let b = base.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().take(500).flatten() {
                    let b = b.clone();
                    std::thread::spawn(move || serve(stream, &b));
                }
            });
            base
        })
    }

    fn serve(mut stream: TcpStream, base: &str) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let Ok(clone) = stream.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(clone);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line.trim().is_empty() => break,
                Ok(_) => {}
            }
        }
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_string();
        if path == "/slow-body" {
            // Headers at once, then the body too late.
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\nConnection: close\r\n\r\n<p>",
            );
            let _ = stream.flush();
            std::thread::sleep(Duration::from_millis(1500));
            let _ = stream.write_all(b"late body here.</p>");
            return;
        }
        let feed = format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><link>{base}/</link><description>d</description>
<item><title>Quay Street reopens</title><link>{base}/story/1.html</link><guid>s1</guid><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate><description>Short teaser one.</description></item>
<item><title>Second story</title><link>{base}/story/2.html</link><guid>s2</guid><description>Short teaser two.</description></item>
<item><title>Gone story</title><link>{base}/missing</link><guid>s3</guid><description>Teaser of a page that is gone.</description></item>
</channel></rss>"#
        );
        let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
            "/page.html" => (
                "200 OK",
                "Content-Type: text/html; charset=windows-1251\r\n".into(),
                STORY.into(),
            ),
            "/gzip.html" => (
                "200 OK",
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n".into(),
                gz(STORY.as_bytes()),
            ),
            "/moved" => (
                "301 Moved Permanently",
                "Location: /page.html\r\n".into(),
                Vec::new(),
            ),
            "/loop" => ("302 Found", "Location: /loop\r\n".into(), Vec::new()),
            "/slow" => {
                std::thread::sleep(Duration::from_millis(1500));
                ("200 OK", "Content-Type: text/html\r\n".into(), STORY.into())
            }
            "/feed.xml" => (
                "200 OK",
                "Content-Type: application/rss+xml\r\n".into(),
                feed.into_bytes(),
            ),
            "/story/1.html" | "/story/2.html" => (
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n".into(),
                STORY
                    .replace("Quay Street", &format!("Story {}", &path[7..8]))
                    .into_bytes(),
            ),
            "/crawl.warc.gz" => (
                "200 OK",
                "Content-Type: application/warc\r\n".into(),
                warc_data::warc_gz(),
            ),
            "/big" => (
                "200 OK",
                "Content-Type: text/html\r\n".into(),
                vec![b'x'; 5000],
            ),
            "/logo.png" => (
                "200 OK",
                "Content-Type: image/png\r\n".into(),
                b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
            ),
            _ => (
                "404 Not Found",
                "Content-Type: text/plain\r\n".into(),
                b"not here".to_vec(),
            ),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
        let _ = stream.flush();
    }

    fn opts() -> SourceOptions {
        SourceOptions {
            http: HttpOptions {
                timeout: Duration::from_secs(5),
                max_redirects: 3,
                ..HttpOptions::default()
            },
            ..SourceOptions::default()
        }
    }

    fn get(
        path: &str,
        opts: &SourceOptions,
    ) -> Vec<Result<sitrep_ingest::Document, sitrep_ingest::IngestError>> {
        open(&format!("{}{path}", base()), opts).collect()
    }

    #[test]
    fn page_with_content_type() {
        let items = get("/page.html", &opts());
        let d = items[0].as_ref().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(text(d), STORY);
        assert_eq!(d.format, DocFormat::Html);
        assert_eq!(d.origin.kind, OriginKind::Http);
        assert_eq!(
            d.content_type.as_deref(),
            Some("text/html; charset=windows-1251")
        );
        assert_eq!(
            d.url.as_deref(),
            Some(format!("{}/page.html", base()).as_str())
        );
        let fetched = d.fetched_at.as_deref().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(fetched).is_ok(),
            "{fetched}"
        );
    }

    #[test]
    fn gzip_content_encoding_is_undone() {
        let items = get("/gzip.html", &opts());
        assert_eq!(text(items[0].as_ref().unwrap()), STORY);
    }

    #[test]
    fn redirect_gives_final_url() {
        let items = get("/moved", &opts());
        let d = items[0].as_ref().unwrap();
        assert_eq!(
            d.url.as_deref(),
            Some(format!("{}/page.html", base()).as_str())
        );
    }

    #[test]
    fn status_404_is_an_error_with_the_status() {
        let items = get("/missing", &opts());
        let e = items[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "http-status");
        assert_eq!(
            e.to_string(),
            format!("{}/missing: HTTP status 404", base())
        );
    }

    #[test]
    fn redirect_loop_is_too_many_redirects() {
        let items = get("/loop", &opts());
        let e = items[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "too-many-redirects");
        assert!(e.to_string().contains("too many redirects"), "{e}");
    }

    #[test]
    fn slow_endpoint_times_out() {
        let mut short = opts();
        short.http.timeout = Duration::from_millis(300);
        let started = Instant::now();
        let items = get("/slow", &short);
        let e = items[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "http-timeout", "{e}");
        assert!(started.elapsed() < Duration::from_millis(1400));
    }

    #[test]
    fn slow_body_times_out() {
        let mut short = opts();
        short.http.timeout = Duration::from_millis(300);
        let items = get("/slow-body", &short);
        assert_eq!(items.len(), 1);
        let e = items[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "http-timeout", "{e}");
        assert!(e.to_string().contains("HTTP timeout"), "{e}");
    }

    #[test]
    fn body_over_max_bytes_is_too_large() {
        let mut o = opts();
        o.http.max_bytes = 1000;
        let items = get("/big", &o);
        let e = items[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "too-large");
        assert!(e.to_string().contains("5000 bytes"), "{e}");
    }

    #[test]
    fn binary_response_is_an_error() {
        let items = get("/logo.png", &opts());
        let e = items[0].as_ref().unwrap_err();
        assert_eq!(e.kind(), "binary");
        assert!(
            e.to_string().ends_with("binary response (PNG image)"),
            "{e}"
        );
    }

    #[test]
    fn connection_refused_is_an_http_error() {
        // Bind then drop a listener to get a port nothing listens on.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let items: Vec<_> = open(&format!("http://127.0.0.1:{port}/x"), &opts()).collect();
        assert_eq!(items[0].as_ref().unwrap_err().kind(), "http");
    }

    #[test]
    fn feed_url_fetches_item_pages() {
        let items = get("/feed.xml", &opts());
        assert_eq!(
            outline(&items),
            [
                format!("doc {}/story/1.html", base()),
                format!("doc {}/story/2.html", base()),
                "err http-status".to_string(),
                format!("doc {}/missing", base()),
            ]
        );
        let first = items[0].as_ref().unwrap();
        assert!(text(first).contains("Story 1 reopened"));
        assert_eq!(first.origin.kind, OriginKind::Feed);
        assert_eq!(first.origin.record.as_deref(), Some("s1"));
        assert_eq!(first.title.as_deref(), Some("Quay Street reopens"));
        assert_eq!(first.published.as_deref(), Some("2024-03-06T10:00:00Z"));
        assert_eq!(
            first.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        // The gone page falls back to the item's own content.
        assert!(text(items[3].as_ref().unwrap()).contains("Teaser of a page that is gone."));

        let mut no_fetch = opts();
        no_fetch.fetch_url_feed_links = false;
        let items = get("/feed.xml", &no_fetch);
        assert_eq!(items.len(), 3);
        assert!(text(items[0].as_ref().unwrap()).contains("Short teaser one."));
    }

    #[test]
    fn feed_file_can_fetch_links() {
        let dir = TempDir::new("feed-links");
        let feed = format!(
            r#"<rss version="2.0"><channel><title>t</title><item><title>One</title><link>{}/story/1.html</link><guid>f1</guid></item></channel></rss>"#,
            base()
        );
        let p = dir.write("feed.xml", feed);
        // Offline by default: the item has no content, so nothing comes out.
        assert!(run(&p, &opts()).is_empty());
        let mut fetch = opts();
        fetch.fetch_feed_links = true;
        let items = run(&p, &fetch);
        assert_eq!(outline(&items), [format!("doc {}/story/1.html", base())]);
        assert_eq!(
            items[0].as_ref().unwrap().origin.path.as_deref(),
            Some(p.to_str().unwrap())
        );
    }

    #[test]
    fn warc_gz_url_is_streamed_as_records() {
        let items = get("/crawl.warc.gz", &opts());
        assert_eq!(items.len(), 3);
        assert_eq!(text(items[0].as_ref().unwrap()), warc_data::PAGE_A);
    }
}

mod stdin {
    use super::util::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Runs in a child process (see below) with the test data on its standard input.
    #[test]
    fn stdin_child() {
        if std::env::var_os("SITREP_INGEST_STDIN_CHILD").is_none() {
            return;
        }
        let items = run("-", &sitrep_ingest::SourceOptions::default());
        for item in items {
            match item {
                Ok(d) => println!("RESULT doc {:?} {}", d.origin.kind, text(&d).trim()),
                Err(e) => println!("RESULT err {e}"),
            }
        }
    }

    fn via_stdin(input: &[u8]) -> Vec<String> {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "stdin::stdin_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("SITREP_INGEST_STDIN_CHILD", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.find("RESULT ").map(|i| l[i + 7..].to_string()))
            .collect()
    }

    #[test]
    fn stdin_is_sniffed_like_a_file() {
        assert_eq!(
            via_stdin(b"<p>From a pipe.</p>\n"),
            ["doc Stdin <p>From a pipe.</p>"]
        );
        assert_eq!(
            via_stdin(b"{\"url\":\"https://x.example/1\",\"text\":\"Line one.\"}\n"),
            ["doc Jsonl Line one."]
        );
        assert_eq!(via_stdin(b""), ["err <stdin>: empty input"]);
    }
}
