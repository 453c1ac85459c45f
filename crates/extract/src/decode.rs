//! Character sets: find the encoding of a page's bytes and decode them.
//!
//! Order of evidence, as browsers do it: a byte-order mark, the HTTP `Content-Type` charset,
//! a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 4 KB, then the bytes
//! themselves (valid UTF-8 is taken as UTF-8, otherwise windows-1252, with a warning).

use encoding_rs::Encoding;
use std::borrow::Cow;

/// How the encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP or WARC `Content-Type` header.
    Header,
    /// A `<meta>` element.
    Meta,
    /// The bytes were valid UTF-8.
    Utf8Valid,
    /// Nothing said; windows-1252 was assumed.
    Guessed,
}

/// The decoded text and what was decided.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The encoding's name.
    pub encoding: &'static str,
    /// How it was decided.
    pub source: CharsetSource,
    /// True when malformed sequences were replaced.
    pub had_errors: bool,
}

fn charset_param(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let idx = lower.find("charset")?;
    let rest = content_type[idx + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c == ',' || c.is_whitespace())
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|s| !s.is_empty())
}

/// Look for a charset in `<meta>` tags of the first 4 KB (ASCII-compatible prescan).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut pos = 0;
    while let Some(off) = memchr::memmem::find(&head[pos..], b"<meta")
        .or_else(|| memchr::memmem::find(&head[pos..], b"<META"))
    {
        let start = pos + off;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |o| start + o);
        let tag = String::from_utf8_lossy(&head[start..end]).to_ascii_lowercase();
        if let Some(cs) = charset_param(&tag) {
            let cs = cs.trim_matches(|c: char| c == '/' || c == '"' || c == '\'');
            if let Some(e) = Encoding::for_label(cs.as_bytes()) {
                // A page that says UTF-16 in ASCII bytes is not UTF-16.
                if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                    return Some(encoding_rs::UTF_8);
                }
                return Some(e);
            }
        }
        pos = end.max(start + 5);
        if pos >= head.len() {
            break;
        }
    }
    None
}

/// A UTF-16 page without a BOM: every other byte NUL in the first bytes.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(512) & !1];
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if odd_nul * 10 > half * 8 && even_nul * 10 < half {
        Some(encoding_rs::UTF_16LE)
    } else if even_nul * 10 > half * 8 && odd_nul * 10 < half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Decode page bytes to text. `content_type` is the HTTP/WARC header, when any.
#[must_use]
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            encoding: enc.name(),
            source: CharsetSource::Bom,
            had_errors,
        };
    }
    if let Some(e) = utf16_without_bom(bytes) {
        let (text, had_errors) = e.decode_without_bom_handling(bytes);
        return Decoded {
            text,
            encoding: e.name(),
            source: CharsetSource::Bom,
            had_errors,
        };
    }
    let header = content_type
        .and_then(charset_param)
        .and_then(|c| Encoding::for_label(c.as_bytes()));
    let (enc, source) = match header {
        Some(e) => (Some(e), CharsetSource::Header),
        None => match meta_charset(bytes) {
            Some(e) => (Some(e), CharsetSource::Meta),
            None => (None, CharsetSource::Guessed),
        },
    };
    // A declared single-byte legacy charset on bytes that are valid UTF-8 with multi-byte
    // sequences is almost always a mislabelled UTF-8 page.
    let valid_utf8 = std::str::from_utf8(bytes).ok();
    match (enc, valid_utf8) {
        (Some(e), Some(s)) if e == encoding_rs::UTF_8 => Decoded {
            text: Cow::Borrowed(s),
            encoding: e.name(),
            source,
            had_errors: false,
        },
        (Some(e), Some(s))
            if e == encoding_rs::WINDOWS_1252 && !s.is_ascii() && source == CharsetSource::Meta =>
        {
            Decoded {
                text: Cow::Borrowed(s),
                encoding: "UTF-8",
                source: CharsetSource::Utf8Valid,
                had_errors: false,
            }
        }
        (Some(e), _) => {
            let (text, _, had_errors) = e.decode(bytes);
            Decoded {
                text,
                encoding: e.name(),
                source,
                had_errors,
            }
        }
        (None, Some(s)) => Decoded {
            text: Cow::Borrowed(s),
            encoding: "UTF-8",
            source: CharsetSource::Utf8Valid,
            had_errors: false,
        },
        (None, None) => {
            // Mostly UTF-8 with a few bad bytes, or a legacy single-byte page?
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.matches('\u{fffd}').count();
            let multibyte = lossy
                .chars()
                .filter(|c| (*c as u32) > 0x7f && *c != '\u{fffd}')
                .count();
            if multibyte > bad * 4 {
                Decoded {
                    text: lossy,
                    encoding: "UTF-8",
                    source: CharsetSource::Guessed,
                    had_errors: true,
                }
            } else {
                let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(bytes);
                Decoded {
                    text,
                    encoding: "windows-1252",
                    source: CharsetSource::Guessed,
                    had_errors,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_header_and_meta() {
        let mut b = vec![0xff, 0xfe];
        for u in "<p>Caf\u{e9}</p>".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b, None);
        assert_eq!(d.text, "<p>Café</p>");
        assert_eq!(d.source, CharsetSource::Bom);

        let d = decode(b"<p>Caf\xe9</p>", Some("text/html; charset=ISO-8859-1"));
        assert_eq!(d.text, "<p>Café</p>");
        assert_eq!(d.source, CharsetSource::Header);

        let d = decode(
            b"<meta charset=\"windows-1252\"><p>\x93Hi\x94 \x96</p>",
            None,
        );
        assert_eq!(d.text, "<meta charset=\"windows-1252\"><p>“Hi” –</p>");
        assert_eq!(d.source, CharsetSource::Meta);

        let sjis = encoding_rs::SHIFT_JIS.encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>東京</p>").0.into_owned();
        let d = decode(&sjis, None);
        assert!(d.text.contains("東京"), "{}", d.text);
    }

    #[test]
    fn guesses() {
        let d = decode("<p>naïve</p>".as_bytes(), None);
        assert_eq!(d.source, CharsetSource::Utf8Valid);
        let d = decode(b"<p>na\xefve \x96 ok</p>", None);
        assert_eq!(d.text, "<p>naïve – ok</p>");
        assert_eq!(d.source, CharsetSource::Guessed);
    }
}
