//! Content sniffing: what kind of input a few kilobytes of bytes start.

use std::io::Read;

/// How many leading bytes [`sniff`] looks at; inputs are sniffed on their first `SNIFF_LEN`
/// bytes.
pub const SNIFF_LEN: usize = 8192;

/// What an input holds, as [`sniff`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// One HTML page.
    Html,
    /// One plain-text document (any encoding; decoding happens later).
    Text,
    /// JSON lines: one record per line.
    Jsonl,
    /// An uncompressed WARC file.
    Warc,
    /// A gzip-compressed WARC file (one gzip member per record).
    WarcGz,
    /// Some other gzip stream (`page.html.gz`, `items.jsonl.gz`): decompressed and sniffed again.
    Gzip,
    /// An RSS 2.0, RSS 1.0 (RDF), Atom or JSON feed.
    Feed,
    /// Not text.
    Binary,
    /// Nothing, or only whitespace.
    Empty,
}

impl Kind {
    /// A short lowercase name (`html`, `warc-gz`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Html => "html",
            Kind::Text => "text",
            Kind::Jsonl => "jsonl",
            Kind::Warc => "warc",
            Kind::WarcGz => "warc-gz",
            Kind::Gzip => "gzip",
            Kind::Feed => "feed",
            Kind::Binary => "binary",
            Kind::Empty => "empty",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Decide what `bytes` (the start of an input; only the first [`SNIFF_LEN`] bytes are looked
/// at) hold, from the content alone.
///
/// In order: gzip magic (peeking into the decompressed start for `WARC/`), known binary
/// magic numbers, UTF-16 (with BOM, or plain ASCII-range UTF-16 without), nothing but
/// whitespace, `WARC/1.`, NUL or too many control bytes, a first line that is a JSON object,
/// a feed or HTML root element (after a BOM, whitespace, comments, `<?xml …?>` and
/// doctype), and otherwise text.
///
/// ```
/// use sitrep_ingest::{sniff, Kind};
///
/// assert_eq!(sniff(b"<!DOCTYPE html><p>Hi"), Kind::Html);
/// assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Kind::Feed);
/// assert_eq!(sniff(b"{\"url\": \"https://example.com/a\", \"text\": \"Hi\"}\n"), Kind::Jsonl);
/// assert_eq!(sniff(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), Kind::Warc);
/// assert_eq!(sniff(b"Plain words.\n"), Kind::Text);
/// assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Kind::Binary);
/// assert_eq!(sniff(b" \n"), Kind::Empty);
/// ```
#[must_use]
pub fn sniff(bytes: &[u8]) -> Kind {
    let bytes = &bytes[..bytes.len().min(SNIFF_LEN)];
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return if gunzip_prefix(bytes, 16).starts_with(b"WARC/") {
            Kind::WarcGz
        } else {
            Kind::Gzip
        };
    }
    if binary_format(bytes).is_some() {
        return Kind::Binary;
    }
    if let Some(text) = utf16_prefix(bytes) {
        if text.trim().is_empty() {
            return Kind::Empty;
        }
        return markup_kind(text.trim_start().as_bytes()).unwrap_or(Kind::Text);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let trimmed = trim_start(body);
    if trimmed.is_empty() {
        return Kind::Empty;
    }
    if trimmed.starts_with(b"WARC/1.") {
        return Kind::Warc;
    }
    if looks_binary(body) {
        return Kind::Binary;
    }
    if trimmed[0] == b'{' {
        if memchr::memmem::find(trimmed, b"jsonfeed.org/version").is_some() {
            return Kind::Feed;
        }
        if first_line_is_json_object(trimmed) {
            return Kind::Jsonl;
        }
    }
    markup_kind(trimmed).unwrap_or(Kind::Text)
}

/// The name of a known binary format whose magic number `bytes` start with.
#[must_use]
pub fn binary_format(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"\x7fELF", "ELF executable"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"\x28\xb5\x2f\xfd", "zstd archive"),
        (b"\xfd7zXZ\x00", "xz archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
        (b"SQLite format 3\x00", "SQLite database"),
        (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
        (b"OggS", "Ogg media"),
        (b"\x00asm", "WebAssembly module"),
        (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
        (b"wOFF", "WOFF font"),
        (b"wOF2", "WOFF2 font"),
    ];
    for (magic, name) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(name);
        }
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") {
        return Some(match &bytes[8..12] {
            b"WEBP" => "WebP image",
            b"WAVE" => "WAV audio",
            b"AVI " => "AVI video",
            _ => "RIFF media",
        });
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("MP4/ISO media");
    }
    if bytes.len() >= 4 && bytes.starts_with(b"BZh") && bytes[3].is_ascii_digit() {
        return Some("bzip2 archive");
    }
    None
}

/// Up to `n` bytes of the decompressed start of a gzip stream (fewer when the slice is cut or
/// corrupt).
fn gunzip_prefix(bytes: &[u8], n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    let mut dec = flate2::read::GzDecoder::new(bytes).take(n as u64);
    let mut buf = [0u8; 64];
    loop {
        match dec.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => out.extend_from_slice(&buf[..k]),
        }
    }
    out
}

fn trim_start(mut b: &[u8]) -> &[u8] {
    while let Some((&c, rest)) = b.split_first() {
        if c.is_ascii_whitespace() {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// The start of a UTF-16 input (with a BOM, or ASCII-range text without one) as a string.
fn utf16_prefix(bytes: &[u8]) -> Option<String> {
    let (le, body) = if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        (true, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        (false, rest)
    } else {
        // No BOM: plain ASCII text in UTF-16 has a NUL in every other byte.
        if bytes.len() < 8 {
            return None;
        }
        let pairs = bytes.len() / 2;
        let even_nul = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd_nul = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        if odd_nul * 10 >= pairs * 9 && even_nul == 0 {
            (true, bytes)
        } else if even_nul * 10 >= pairs * 9 && odd_nul == 0 {
            (false, bytes)
        } else {
            return None;
        }
    };
    let units = body.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// NUL bytes, or more than 2% control bytes other than tab, newlines, form feed and escape.
fn looks_binary(bytes: &[u8]) -> bool {
    if memchr::memchr(0, bytes).is_some() {
        return true;
    }
    let controls = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    controls * 50 > bytes.len()
}

/// Does the first line parse as a JSON object? When the line does not end within `bytes`
/// (a long record cut by the sniff window), a valid JSON prefix is enough.
fn first_line_is_json_object(bytes: &[u8]) -> bool {
    match memchr::memchr(b'\n', bytes) {
        Some(i) => {
            let line = &bytes[..i];
            matches!(serde_json::from_slice::<serde_json::Value>(line), Ok(v) if v.is_object())
        }
        None => match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(v) => v.is_object(),
            Err(e) => e.is_eof(),
        },
    }
}

fn starts_with_ci(b: &[u8], prefix: &[u8]) -> bool {
    b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Feed or HTML from the first element, after comments, processing instructions and doctype;
/// or HTML when `<html`, `<body` or an HTML doctype appears near the start.
fn markup_kind(bytes: &[u8]) -> Option<Kind> {
    const HTML_TAGS: &[&str] = &[
        "html",
        "head",
        "body",
        "p",
        "div",
        "title",
        "meta",
        "link",
        "script",
        "style",
        "article",
        "section",
        "header",
        "footer",
        "main",
        "nav",
        "span",
        "a",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "br",
        "img",
        "form",
        "noscript",
        "base",
        "iframe",
        "center",
        "font",
        "b",
        "i",
        "strong",
        "em",
        "blockquote",
        "figure",
        "pre",
        "hr",
    ];
    let mut s = bytes;
    loop {
        s = trim_start(s);
        if s.starts_with(b"<!--") {
            match memchr::memmem::find(s, b"-->") {
                Some(i) => s = &s[i + 3..],
                None => break,
            }
        } else if s.starts_with(b"<?") {
            match memchr::memmem::find(s, b"?>") {
                Some(i) => s = &s[i + 2..],
                None => break,
            }
        } else if starts_with_ci(s, b"<!doctype") {
            if starts_with_ci(trim_start(&s[9..]), b"html") {
                return Some(Kind::Html);
            }
            match memchr::memchr(b'>', s) {
                Some(i) => s = &s[i + 1..],
                None => break,
            }
        } else {
            break;
        }
    }
    if let Some(rest) = s.strip_prefix(b"<") {
        let end = rest
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
            .unwrap_or(rest.len());
        let name = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
        let local = name.rsplit(':').next().unwrap_or(&name);
        if local == "rss" || local == "feed" || local == "rdf" {
            return Some(Kind::Feed);
        }
        if HTML_TAGS.contains(&name.as_str()) {
            return Some(Kind::Html);
        }
    }
    let near = &bytes[..bytes.len().min(1024)];
    if contains_ci(near, b"<html")
        || contains_ci(near, b"<body")
        || contains_ci(near, b"<!doctype html")
    {
        return Some(Kind::Html);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn html_after_bom_comments_and_case() {
        assert_eq!(sniff(b"\xef\xbb\xbf  <!-- x --><HTML lang=en>"), Kind::Html);
        assert_eq!(sniff(b"<!-- a --> <!-- b -->\n<Div>hi</div>"), Kind::Html);
        assert_eq!(sniff(b"<p>One paragraph.</p>"), Kind::Html);
        assert_eq!(sniff(b"<?xml version='1.0'?><html xmlns='x'>"), Kind::Html);
        assert_eq!(sniff(b"garbage line\n<html><body>"), Kind::Html);
        // A text that happens to hold a '<'.
        assert_eq!(sniff(b"3 < 4 and more"), Kind::Text);
        assert_eq!(sniff(b"<feedback> is not a feed"), Kind::Text);
    }

    #[test]
    fn feeds() {
        assert_eq!(sniff(b"<rss version=\"2.0\"><channel>"), Kind::Feed);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!-- c -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">"),
            Kind::Feed
        );
        assert_eq!(
            sniff(b"{\n \"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"),
            Kind::Feed
        );
    }

    #[test]
    fn jsonl_long_first_line_cut_by_window() {
        let mut line = b"{\"url\":\"https://example.com/x\",\"html\":\"".to_vec();
        line.extend(std::iter::repeat_n(b'a', SNIFF_LEN * 2));
        assert_eq!(sniff(&line), Kind::Jsonl);
        // A pretty-printed JSON object is not JSON lines.
        assert_eq!(sniff(b"{\n  \"a\": 1\n}\n"), Kind::Text);
        assert_eq!(sniff(b"{not json}\n"), Kind::Text);
    }

    #[test]
    fn gzip_peeks_inside() {
        assert_eq!(
            sniff(&gz(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")),
            Kind::WarcGz
        );
        assert_eq!(sniff(&gz(b"<html></html>")), Kind::Gzip);
        // A head cut from a big stream still peeks.
        let mut data = b"WARC/1.0\r\n".to_vec();
        let mut x: u32 = 1;
        for _ in 0..100_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            data.push(b'a' + (x >> 16) as u8 % 26);
        }
        let whole = gz(&data);
        assert!(whole.len() > SNIFF_LEN);
        assert_eq!(sniff(&whole[..SNIFF_LEN]), Kind::WarcGz);
    }

    #[test]
    fn text_binary_empty() {
        assert_eq!(sniff(b""), Kind::Empty);
        assert_eq!(sniff(b"\xef\xbb\xbf \r\n"), Kind::Empty);
        assert_eq!(sniff(b"Caf\xe9 au lait, na\xefve.\n"), Kind::Text);
        assert_eq!(sniff(b"abc\0def"), Kind::Binary);
        assert_eq!(sniff(b"\x01\x02\x03\x04 binary-ish"), Kind::Binary);
        assert_eq!(sniff(b"%PDF-1.7\n"), Kind::Binary);
        assert_eq!(binary_format(b"%PDF-1.7"), Some("PDF document"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text: Vec<u8> = "<html><body>Hello</body></html>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut bom = b"\xff\xfe".to_vec();
        bom.extend(&text);
        assert_eq!(sniff(&bom), Kind::Html);
        assert_eq!(sniff(&text), Kind::Html);
        let plain: Vec<u8> = "Plain words here."
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff(&plain), Kind::Text);
    }
}
