//! The tokenizer: words, numbers and punctuation with byte spans, sentence numbers and the
//! lowercase form (an ASCII-lowercased copy of the text, so offsets stay the same).

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (and digits after a letter: `Q3`, `FY2007`).
    Word,
    /// Digits, with inner `/ : . , -` between digits and an ordinal or plural suffix
    /// (`9/10/2023`, `18:00`, `1st`, `1990s`).
    Num,
    /// Anything else, one character.
    Punct,
}

/// A token.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// Whitespace comes right before it.
    pub space_before: bool,
    /// Sentence number.
    pub sent: u32,
    /// The first character is an ASCII capital.
    pub cap: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Split `text` into tokens. Sentences end at `.`, `!`, `?` before whitespace and a capital,
/// digit or quote, and at line breaks.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 4);
    let mut i = 0;
    let mut sent = 0u32;
    let mut space = true;
    let mut new_sentence = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            if !toks.is_empty() {
                new_sentence = true;
            }
            space = true;
            i += 1;
            continue;
        }
        if b == b' ' || b == b'\t' || b == b'\r' {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if b.is_ascii_digit() {
            i += 1;
            loop {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i + 1 < bytes.len()
                    && matches!(bytes[i], b'/' | b':' | b'.' | b',' | b'-')
                    && bytes[i + 1].is_ascii_digit()
                {
                    i += 1;
                    continue;
                }
                break;
            }
            // Suffixes: 1st 2nd 3rd 4th, 1990s, 80s.
            let rest = &bytes[i..];
            let suffix = [&b"st"[..], b"nd", b"rd", b"th", b"s"]
                .iter()
                .find(|s| {
                    rest.len() >= s.len()
                        && rest[..s.len()].eq_ignore_ascii_case(s)
                        && rest.get(s.len()).is_none_or(|c| !c.is_ascii_alphanumeric())
                })
                .map_or(0, |s| s.len());
            i += suffix;
            kind = Kind::Num;
        } else if b.is_ascii_alphabetic() || (b >= 0x80 && text[i..].starts_with(is_word_char)) {
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_alphanumeric() {
                    i += 1;
                } else if c >= 0x80 {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    if is_word_char(ch) {
                        i += ch.len_utf8();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            // a.m. / p.m. as one token.
            let w = &bytes[start..i];
            if (w.eq_ignore_ascii_case(b"a") || w.eq_ignore_ascii_case(b"p"))
                && bytes.len() >= i + 3
                && bytes[i] == b'.'
                && bytes[i + 1].eq_ignore_ascii_case(&b'm')
            {
                i += 2;
                if bytes.get(i) == Some(&b'.') {
                    i += 1;
                }
            }
            kind = Kind::Word;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            i += ch.len_utf8();
            if ch.is_whitespace() {
                space = true;
                continue;
            }
            kind = Kind::Punct;
        }
        if new_sentence {
            sent += 1;
            new_sentence = false;
        }
        toks.push(Tok {
            start,
            end: i,
            kind,
            space_before: space,
            sent,
            cap: b.is_ascii_uppercase(),
        });
        space = false;
        // No break after an abbreviation: "Oct.", "Mr.", "U.S.".
        let abbrev = b == b'.'
            && toks.len() >= 2
            && toks[toks.len() - 2].kind == Kind::Word
            && toks[toks.len() - 2].cap
            && toks[toks.len() - 2].end == start
            && {
                let w = &text[toks[toks.len() - 2].start..start];
                w.len() <= 3 || w == "Sept"
            };
        if kind == Kind::Punct && matches!(b, b'.' | b'!' | b'?') && !abbrev {
            // A sentence end before whitespace and a capital, digit or quote.
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j > i
                && bytes.get(j).is_some_and(|c| {
                    c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'"' || *c >= 0x80
                })
            {
                new_sentence = true;
            }
        }
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn numbers_words_and_sentences() {
        assert_eq!(
            words("Monday (9/10/2023), at 6:40 p.m. on June 1st."),
            [
                "Monday",
                "(",
                "9/10/2023",
                ")",
                ",",
                "at",
                "6:40",
                "p.m.",
                "on",
                "June",
                "1st",
                "."
            ]
        );
        assert_eq!(
            words("the 1990s and '82"),
            ["the", "1990s", "and", "'", "82"]
        );
        let t = tokenize("It rained. Then it stopped.\nNew line");
        let sents: Vec<u32> = t.iter().map(|t| t.sent).collect();
        assert_eq!(sents, [0, 0, 0, 1, 1, 1, 1, 2, 2]);
        assert_eq!(
            words("fifty-year Kadyrov’s"),
            ["fifty", "-", "year", "Kadyrov", "’", "s"]
        );
    }
}
