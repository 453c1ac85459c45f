//! HTML character references: numeric, and the named ones news pages use.

/// Named references we decode, sorted by name for binary search. The full HTML table has over
/// two thousand names; these cover what appears in news text. Unknown names stay as written.
static NAMED: &[(&str, &str)] = &[
    ("AElig", "Æ"),
    ("Aacute", "Á"),
    ("Acirc", "Â"),
    ("Agrave", "À"),
    ("Alpha", "Α"),
    ("Aring", "Å"),
    ("Atilde", "Ã"),
    ("Auml", "Ä"),
    ("Beta", "Β"),
    ("Ccedil", "Ç"),
    ("Dagger", "‡"),
    ("Delta", "Δ"),
    ("ETH", "Ð"),
    ("Eacute", "É"),
    ("Ecirc", "Ê"),
    ("Egrave", "È"),
    ("Euml", "Ë"),
    ("Gamma", "Γ"),
    ("Iacute", "Í"),
    ("Icirc", "Î"),
    ("Igrave", "Ì"),
    ("Iuml", "Ï"),
    ("Lambda", "Λ"),
    ("Ntilde", "Ñ"),
    ("OElig", "Œ"),
    ("Oacute", "Ó"),
    ("Ocirc", "Ô"),
    ("Ograve", "Ò"),
    ("Omega", "Ω"),
    ("Oslash", "Ø"),
    ("Otilde", "Õ"),
    ("Ouml", "Ö"),
    ("Pi", "Π"),
    ("Prime", "″"),
    ("Scaron", "Š"),
    ("Sigma", "Σ"),
    ("THORN", "Þ"),
    ("Uacute", "Ú"),
    ("Ucirc", "Û"),
    ("Ugrave", "Ù"),
    ("Uuml", "Ü"),
    ("Yacute", "Ý"),
    ("Yuml", "Ÿ"),
    ("Zcaron", "Ž"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("acute", "´"),
    ("aelig", "æ"),
    ("agrave", "à"),
    ("alpha", "α"),
    ("amp", "&"),
    ("apos", "'"),
    ("aring", "å"),
    ("asymp", "≈"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("bdquo", "„"),
    ("beta", "β"),
    ("brvbar", "¦"),
    ("bull", "•"),
    ("ccedil", "ç"),
    ("cedil", "¸"),
    ("cent", "¢"),
    ("circ", "ˆ"),
    ("copy", "©"),
    ("curren", "¤"),
    ("dagger", "†"),
    ("darr", "↓"),
    ("deg", "°"),
    ("delta", "δ"),
    ("divide", "÷"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("egrave", "è"),
    ("emsp", "\u{2003}"),
    ("ensp", "\u{2002}"),
    ("epsilon", "ε"),
    ("eta", "η"),
    ("eth", "ð"),
    ("euml", "ë"),
    ("euro", "€"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("gamma", "γ"),
    ("ge", "≥"),
    ("gt", ">"),
    ("hearts", "♥"),
    ("hellip", "…"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iexcl", "¡"),
    ("igrave", "ì"),
    ("infin", "∞"),
    ("iquest", "¿"),
    ("iuml", "ï"),
    ("lambda", "λ"),
    ("laquo", "«"),
    ("larr", "←"),
    ("ldquo", "“"),
    ("le", "≤"),
    ("lrm", "\u{200e}"),
    ("lsaquo", "‹"),
    ("lsquo", "‘"),
    ("lt", "<"),
    ("macr", "¯"),
    ("mdash", "—"),
    ("micro", "µ"),
    ("middot", "·"),
    ("minus", "−"),
    ("mu", "μ"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("ne", "≠"),
    ("not", "¬"),
    ("ntilde", "ñ"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("oelig", "œ"),
    ("ograve", "ò"),
    ("omega", "ω"),
    ("ordf", "ª"),
    ("ordm", "º"),
    ("oslash", "ø"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("para", "¶"),
    ("permil", "‰"),
    ("phi", "φ"),
    ("pi", "π"),
    ("plusmn", "±"),
    ("pound", "£"),
    ("prime", "′"),
    ("quot", "\""),
    ("raquo", "»"),
    ("rarr", "→"),
    ("rdquo", "”"),
    ("reg", "®"),
    ("rlm", "\u{200f}"),
    ("rsaquo", "›"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("scaron", "š"),
    ("sect", "§"),
    ("shy", "\u{ad}"),
    ("sigma", "σ"),
    ("sup1", "¹"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("szlig", "ß"),
    ("tau", "τ"),
    ("theta", "θ"),
    ("thinsp", "\u{2009}"),
    ("thorn", "þ"),
    ("tilde", "˜"),
    ("times", "×"),
    ("trade", "™"),
    ("uacute", "ú"),
    ("uarr", "↑"),
    ("ucirc", "û"),
    ("ugrave", "ù"),
    ("uml", "¨"),
    ("uuml", "ü"),
    ("yacute", "ý"),
    ("yen", "¥"),
    ("yuml", "ÿ"),
    ("zcaron", "ž"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
];

/// Windows-1252 meanings of the C1 range, which numeric references in old pages use.
static C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn numeric(digits: &str, hex: bool) -> Option<char> {
    if digits.is_empty() || digits.len() > 8 {
        return Some('\u{fffd}');
    }
    let v = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()?;
    Some(match v {
        0 => '\u{fffd}',
        0x80..=0x9f => C1[(v - 0x80) as usize],
        _ => char::from_u32(v).unwrap_or('\u{fffd}'),
    })
}

/// Decode character references in `raw`, appending to `out`.
pub fn decode_entities_into(raw: &str, out: &mut String) {
    let bytes = raw.as_bytes();
    let mut last = 0;
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'&', &bytes[pos..]) {
        let amp = pos + off;
        pos = amp + 1;
        let rest = &raw[amp + 1..];
        if let Some(r) = rest.strip_prefix('#') {
            let (hex, body) = match r.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, r),
            };
            let len = body
                .bytes()
                .take_while(|b| {
                    if hex {
                        b.is_ascii_hexdigit()
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            if len == 0 {
                continue;
            }
            let Some(c) = numeric(&body[..len], hex) else {
                continue;
            };
            out.push_str(&raw[last..amp]);
            out.push(c);
            let mut end = amp + 1 + 1 + usize::from(hex) + len;
            if bytes.get(end) == Some(&b';') {
                end += 1;
            }
            last = end;
            pos = end;
        } else {
            let len = rest
                .bytes()
                .take(10)
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            if len == 0 {
                continue;
            }
            // Longest known prefix (a few legacy names work without ';').
            let mut found = None;
            for l in (2..=len).rev() {
                if let Ok(k) = NAMED.binary_search_by(|(n, _)| n.cmp(&&rest[..l])) {
                    let semi = rest.as_bytes().get(l) == Some(&b';');
                    if semi || l == len {
                        found = Some((NAMED[k].1, l + usize::from(semi)));
                    }
                    break;
                }
            }
            if let Some((s, used)) = found {
                out.push_str(&raw[last..amp]);
                out.push_str(s);
                last = amp + 1 + used;
                pos = last;
            }
        }
    }
    out.push_str(&raw[last..]);
}

/// Decode character references into a new string.
#[must_use]
pub fn decode_entities(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    decode_entities_into(raw, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        for w in NAMED.windows(2) {
            assert!(w[0].0 < w[1].0, "{} !< {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn decodes() {
        assert_eq!(decode_entities("a &amp; b &lt;c&gt;"), "a & b <c>");
        assert_eq!(
            decode_entities("Putin&#8217;s &#x2013; &#150;"),
            "Putin’s – –"
        );
        assert_eq!(
            decode_entities("&nbsp;&copy 2023 &unknown; &"),
            "\u{a0}© 2023 &unknown; &"
        );
        assert_eq!(decode_entities("AT&T R&D"), "AT&T R&D");
        assert_eq!(decode_entities("&#0;&#99999999999;"), "\u{fffd}\u{fffd}");
    }
}
