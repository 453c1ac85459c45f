//! Tokenizer for news English, following the UD English (EWT, GUM) conventions.
//!
//! [`Tokenizer::tokenize`] turns raw text into [`Token`]s: syntactic words with byte offsets
//! into the input. What it does, in the order a chunk of non-space text is looked at:
//!
//! - URLs (`https://…`, `www.…`), e-mail addresses, `@handles`, `#hashtags` and emoticons
//!   (`:-)`, `;)`, `<3`) stay whole; trailing sentence punctuation is cut off a URL.
//! - Numbers stay whole (`1,000.50`, `3.5`, `10:30`, `9/10/2023`, `713-853-1234`); currency
//!   signs and `%` are tokens of their own (`$ 20`, `3.5 %`), units are split off (`10 am`,
//!   `5 km`) but ordinals and decades are not (`5th`, `1970s`).
//! - Abbreviations keep their period (`U.S.`, `Gen.`, `e.g.`, `a.m.`, initials `J.`); other
//!   final periods are tokens.
//! - Clitics are split the way UD English does, as multiword tokens: `don't` → `do n't`,
//!   `can't` → `ca n't`, `won't` → `wo n't`, `I'm` → `I 'm`, `John's` → `John 's`,
//!   `parents'` → `parents '`, `cannot` → `can not`, `gonna` → `gon na`, and the curly `’`
//!   forms. Every such word carries its surface token's span in [`Token::mwt`].
//! - Hyphenated words are split (`well - known`) as in UD English, except after the prefixes
//!   UD keeps whole (`e-mail`, `non-stop`, `co-workers`, `re-elected`).
//! - Punctuation runs (`...`, `!!!`, `?!`, `--`, `''`) are one token; quotes, dashes,
//!   ellipses `…` and brackets are tokens.
//!
//! Tokenization is a single left-to-right pass without regular expressions or allocation
//! other than the tokens themselves.

/// One syntactic word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Token {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// The word form; for a part of a multiword token, that part (`n't`).
    pub text: String,
    /// True when whitespace (or the end of the text) follows the word.
    pub space_after: bool,
    /// For words that belong to a multiword token (`don't` = `do` + `n't`): that token's span.
    pub mwt: Option<(usize, usize)>,
}

impl Token {
    /// The byte span of the surface token this word belongs to: its own span, or its
    /// multiword token's.
    #[must_use]
    pub fn surface_span(&self) -> (usize, usize) {
        self.mwt.unwrap_or((self.start, self.end))
    }

    /// True when `next` is another word of the same multiword token.
    #[must_use]
    pub fn same_surface(&self, next: &Token) -> bool {
        self.mwt.is_some() && self.mwt == next.mwt
    }
}

/// The tokenizer. Its tables are static, so building one is free and sharing one is safe.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    split_hyphens: bool,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

/// Scanning state carried across whitespace-separated chunks.
#[derive(Debug, Default)]
struct State {
    /// Newlines in the current run of whitespace.
    newlines: usize,
    /// A single opening quote (`'`, `‘`) is open, so a final `s'` closes it rather than
    /// being a plural possessive.
    open_single: bool,
}

impl Tokenizer {
    /// The tokenizer with UD English conventions.
    #[must_use]
    pub fn new() -> Self {
        Tokenizer {
            split_hyphens: true,
        }
    }

    /// Keep hyphenated words whole (`well-known`) instead of splitting them the UD way.
    #[must_use]
    pub fn keep_hyphenated(mut self, keep: bool) -> Self {
        self.split_hyphens = !keep;
        self
    }

    /// Tokenize `text`.
    #[must_use]
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5 + 4);
        let mut st = State::default();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (c, n) = char_at(text, i);
            if is_space(c) {
                if c == '\n' {
                    st.newlines += 1;
                }
                i += n;
                continue;
            }
            if st.newlines >= 2 {
                // A new paragraph: an unclosed quote does not carry over.
                st.open_single = false;
            }
            st.newlines = 0;
            let mut j = i + n;
            while j < bytes.len() {
                let (c, n) = char_at(text, j);
                if is_space(c) {
                    break;
                }
                j += n;
            }
            let before = out.len();
            self.chunk(text, i, j, &mut st, &mut out);
            if out.len() > before {
                if let Some(t) = out.last_mut() {
                    t.space_after = true;
                }
            }
            i = j;
        }
        out
    }

    /// Tokenize the chunk `text[a..b]`, which holds no whitespace.
    fn chunk(&self, text: &str, a: usize, b: usize, st: &mut State, out: &mut Vec<Token>) {
        let mut p = a;
        while p < b {
            let (c, n) = char_at(text, p);
            if let Some(e) = url_end(text, p, b) {
                push(text, p, e, None, out);
                p = e;
            } else if is_word(c) {
                p = self.word(text, p, b, st, out);
            } else {
                p = punct(text, a, p, b, c, n, st, out);
            }
        }
    }

    /// The word starting at `p` (a word character), split into tokens; returns its end.
    fn word(&self, text: &str, p: usize, b: usize, st: &State, out: &mut Vec<Token>) -> usize {
        let bytes = text.as_bytes();
        // The run: word characters joined by connectors that have word characters on both sides.
        let mut q = p;
        let mut seps = false;
        let mut at = false;
        let mut dot = false;
        loop {
            while q < b {
                let (c, n) = char_at(text, q);
                if !is_word(c) {
                    break;
                }
                q += n;
            }
            if q >= b {
                break;
            }
            let (c, n) = char_at(text, q);
            // Obfuscated e-mail addresses: `franz371...@gmail.com`.
            if c == '.' && text[q..b].starts_with("...@") {
                if let Some(d) = text[q + 4..b].chars().next() {
                    if is_word(d) {
                        at = true;
                        q += 4;
                        continue;
                    }
                }
            }
            if !matches!(
                c,
                '.' | ',' | ':' | '\'' | '’' | '`' | '-' | '‐' | '/' | '&' | '@' | '_'
            ) {
                break;
            }
            let r = q + n;
            if r >= b {
                break;
            }
            let (d, _) = char_at(text, r);
            if !is_word(d) {
                break;
            }
            if matches!(c, ',' | ':') && !(bytes[q - 1].is_ascii_digit() && d.is_ascii_digit()) {
                break;
            }
            match c {
                '-' | '‐' | '/' => seps = true,
                '@' => at = true,
                '.' => dot = true,
                _ => {}
            }
            q = r;
        }
        let mut run_end = q;

        // A final period that belongs to an abbreviation (also before a sentence's own
        // period: `Inc..`), or to the last part of a hyphenated run (`D-N.Y.`).
        if q < b && bytes[q] == b'.' {
            let dots = bytes[q..b].iter().take_while(|&&x| x == b'.').count();
            if (dots == 1 || dots == 2) && is_abbreviation(&text[p..q], text, q + dots) {
                push(text, p, q + 1, None, out);
                return q + 1;
            }
            if (dots == 1 || dots == 2) && seps {
                let last = text[p..q].rfind(['-', '/']).map_or(p, |k| p + k + 1);
                if last < q && is_abbreviation(&text[last..q], text, q + dots) {
                    run_end = q + 1;
                }
            }
        }

        // A missing space after a sentence: `quality.You'll`, `album.That`.
        if dot && !at && !seps {
            if let Some(k) = missing_space(&text[p..run_end]) {
                self.piece(text, p, p + k, None, out);
                push(text, p + k, p + k + 1, None, out);
                return self.word(text, p + k + 1, b, st, out);
            }
        }

        // A plural possessive apostrophe: `parents'`.
        let mut poss = None;
        if q < b && q - p >= 2 && matches!(bytes[q - 1], b's' | b'S') && !st.open_single {
            let (c, n) = char_at(text, q);
            if (c == '\'' || c == '’') && (q + n >= b || !is_word(char_at(text, q + n).0)) {
                poss = Some(q + n);
            }
        }
        let end = poss.unwrap_or(run_end);

        let whole = at || (dot && has_domain_dot(&text[p..run_end]));
        if !seps || whole {
            self.piece(text, p, run_end, poss, out);
            return end;
        }

        // Split at hyphens and slashes; numbers like phone numbers and dates stay whole.
        if number_whole(&text[p..run_end]) {
            self.piece(text, p, run_end, poss, out);
            return end;
        }
        let mut s = p;
        let mut seg = p;
        let mut k = p;
        while k < run_end {
            let (c, n) = char_at(text, k);
            let split = match c {
                '-' | '‐' => self.split_hyphens && !is_prefix(&text[seg..k]),
                // `w/o`, `I/S`: single letters around a slash stay together.
                '/' => !(k == seg + 1 && k + 2 == run_end),
                _ => false,
            };
            if matches!(c, '-' | '‐' | '/') {
                if split {
                    if k > s {
                        self.piece(text, s, k, None, out);
                    }
                    push(text, k, k + n, None, out);
                    s = k + n;
                }
                seg = k + n;
            }
            k += n;
        }
        if run_end > s {
            self.piece(text, s, run_end, poss, out);
        } else if let Some(e) = poss {
            push(text, run_end, e, None, out);
        }
        end
    }

    /// One surface token `text[s..e]` (plus a possessive apostrophe up to `poss`): split
    /// clitics into a multiword token, or a unit off a number.
    fn piece(&self, text: &str, s: usize, e: usize, poss: Option<usize>, out: &mut Vec<Token>) {
        let mut cuts = [0usize; 3];
        let mut ncut = 0;
        let mut end = e;
        while ncut < 2 {
            match clitic_start(text, s, end) {
                Some(c) => {
                    cuts[ncut] = c;
                    ncut += 1;
                    end = c;
                }
                None => break,
            }
        }
        if ncut == 0 {
            if let Some(k) = contraction(&text[s..e]).or_else(|| its_lets(text, s, e)) {
                cuts[0] = s + k;
                ncut = 1;
            } else if poss.is_none() {
                if let Some(k) = unit_split(text, s, e) {
                    push(text, s, k, None, out);
                    push(text, k, e, None, out);
                } else if let Some(k) = yall(&text[s..e]) {
                    push(text, s, s + k, None, out);
                    push(text, s + k, e, None, out);
                } else {
                    push(text, s, e, None, out);
                }
                return;
            }
        }
        let surface = (s, poss.unwrap_or(e));
        cuts[..ncut].reverse();
        let mut from = s;
        for &c in &cuts[..ncut] {
            push(text, from, c, Some(surface), out);
            from = c;
        }
        push(text, from, e, Some(surface), out);
        if let Some(pe) = poss {
            push(text, e, pe, Some(surface), out);
        }
    }
}

/// Punctuation, symbols, handles, hashtags and emoticons at `p` (character `c`, `n` bytes)
/// in the chunk `text[a..b]`; returns the end of what was emitted.
#[allow(clippy::too_many_arguments)]
fn punct(
    text: &str,
    a: usize,
    p: usize,
    b: usize,
    c: char,
    n: usize,
    st: &mut State,
    out: &mut Vec<Token>,
) -> usize {
    let next = if p + n < b {
        Some(char_at(text, p + n).0)
    } else {
        None
    };
    let prev = if p > a {
        text[..p].chars().next_back()
    } else {
        None
    };
    if c == '+' && next.is_some_and(|d| d.is_ascii_digit()) && prev.is_none_or(|d| d == '(') {
        // International dialling codes: `+44`.
        let e = run_while(text, p + 1, b, |d| d.is_ascii_digit());
        push(text, p, e, None, out);
        return e;
    }
    if matches!(c, '@' | '#') && next.is_some_and(is_word) {
        if next.is_some_and(|d| d.is_ascii_digit()) {
            push(text, p, p + 1, None, out);
            return p + 1;
        }
        let mut e = p + 1;
        while e < b {
            let (d, m) = char_at(text, e);
            if is_word(d) || d == '_' {
                e += m;
            } else {
                break;
            }
        }
        push(text, p, e, None, out);
        return e;
    }
    if let Some(len) = emoticon(&text[p..b]) {
        push(text, p, p + len, None, out);
        return p + len;
    }
    let e = match c {
        '\'' | '’' | '‘' => {
            let prev_word = prev.is_some_and(|d| is_word(d) || matches!(d, '.' | ',' | '!' | '?'));
            if c != '‘' && !prev_word {
                if let Some(e) = apostrophe_word(text, p + n, b) {
                    push(text, p, e, None, out);
                    return e;
                }
            }
            // Doubled single quotes stand for a double quote: `''`, `‘’`, `’’`.
            if (c == '\'' && next == Some('\'')) || (c != '\'' && matches!(next, Some('’' | '‘')))
            {
                let e = p + n + next.map_or(0, char::len_utf8);
                push(text, p, e, None, out);
                return e;
            }
            st.open_single = if c == '‘' {
                true
            } else if prev_word {
                false
            } else if next.is_some_and(|d| is_word(d) || matches!(d, '"' | '“' | '(')) {
                true
            } else {
                !st.open_single
            };
            p + n
        }
        // A number without its leading zero: `.04`.
        '.' if next.is_some_and(|d| d.is_ascii_digit()) && !prev.is_some_and(is_word) => {
            run_while(text, p + 1, b, |d| d.is_ascii_digit())
        }
        '.' | '!' | '?' => run_while(text, p, b, |d| matches!(d, '.' | '!' | '?')),
        '`' | '-' | '—' | '–' | '…' | ',' | ';' | ':' | '*' | '=' | '_' | '~' | '+' | '^' | '<'
        | '>' | '/' | '\\' | '|' | '#' | '&' | '·' | '•' | '$' => {
            run_while(text, p, b, |d| d == c)
        }
        _ if is_emoji(c) => emoji_end(text, p + n, b),
        _ => p + n,
    };
    push(text, p, e, None, out);
    e
}

fn run_while(text: &str, p: usize, b: usize, f: impl Fn(char) -> bool) -> usize {
    let mut e = p;
    while e < b {
        let (d, m) = char_at(text, e);
        if !f(d) {
            break;
        }
        e += m;
    }
    e
}

#[inline]
fn push(text: &str, s: usize, e: usize, mwt: Option<(usize, usize)>, out: &mut Vec<Token>) {
    out.push(Token {
        start: s,
        end: e,
        text: text[s..e].to_string(),
        space_after: false,
        mwt,
    });
}

#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => (' ', 1),
    }
}

/// Whitespace, including the zero-width space and the byte-order mark.
#[inline]
#[must_use]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

#[inline]
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (the blocks of category M used with Latin, Greek, Cyrillic, Hebrew,
/// Arabic and Devanagari text).
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05c7}'
        | '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0900}'..='\u{0903}'
        | '\u{093a}'..='\u{094f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' | '\u{2b50}' | '\u{2b55}')
}

/// End of an emoji sequence whose first character ends at `p`: variation selectors, skin
/// tones, zero-width-joined emoji and the second half of a flag stay with it.
fn emoji_end(text: &str, mut p: usize, b: usize) -> usize {
    while p < b {
        let (d, m) = char_at(text, p);
        if matches!(d, '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{1f1e6}'..='\u{1f1ff}' | '\u{20e3}')
        {
            p += m;
        } else if d == '\u{200d}' && p + m < b && is_emoji(char_at(text, p + m).0) {
            p += m + char_at(text, p + m).1;
        } else {
            break;
        }
    }
    p
}

/// A URL starting at `p` in the chunk ending at `b`: its end, less trailing punctuation.
fn url_end(text: &str, p: usize, b: usize) -> Option<usize> {
    let s = &text.as_bytes()[p..b];
    let starts = |pre: &[u8]| s.len() > pre.len() && s[..pre.len()].eq_ignore_ascii_case(pre);
    let first = s.first()?.to_ascii_lowercase();
    if !matches!(first, b'h' | b'f' | b'w' | b'm') {
        return None;
    }
    let min = if starts(b"http://") {
        7
    } else if starts(b"https://") {
        8
    } else if starts(b"ftp://") {
        6
    } else if starts(b"www.") && s.len() > 5 && s[4].is_ascii_alphanumeric() {
        4
    } else if starts(b"mailto:") {
        7
    } else {
        return None;
    };
    let mut e = s.len();
    while e > min {
        let last = s[e - 1];
        let unbalanced = |open: u8, close: u8| {
            let o = s[..e].iter().filter(|&&x| x == open).count();
            let c = s[..e].iter().filter(|&&x| x == close).count();
            c > o
        };
        let cut = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'>' => true,
            b')' => unbalanced(b'(', b')'),
            b']' => unbalanced(b'[', b']'),
            // Closing curly quotes and guillemets end in these UTF-8 bytes.
            0x9d | 0x99 | 0xbb if e >= 3 => {
                let tail = &s[e.saturating_sub(3)..e];
                if tail == "”".as_bytes() || tail == "’".as_bytes() {
                    e -= 2;
                    true
                } else if &s[e - 2..e] == "»".as_bytes() {
                    e -= 1;
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if !cut {
            break;
        }
        e -= 1;
    }
    Some(p + e)
}

/// Emoticons, longest first.
const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ";-)", ":'(", "^_^", ":)", ":(", ":D", ":P",
    ":p", ":/", ":|", ";)", ";D", "=)", "<3", ":o", ":O", ":]", ":[", "^^",
];

fn emoticon(s: &str) -> Option<usize> {
    let first = *s.as_bytes().first()?;
    if !matches!(first, b':' | b';' | b'=' | b'<' | b'^') {
        return None;
    }
    for e in EMOTICONS {
        if let Some(rest) = s.strip_prefix(e) {
            let next = rest.chars().next();
            if next.is_some_and(|d| is_word(d) || d == '/' || (d == ')' && e.ends_with(')'))) {
                continue;
            }
            return Some(e.len());
        }
    }
    None
}

/// After a leading apostrophe at the start of a word: `'90s`, `'08`, `'em`, `'cause`.
fn apostrophe_word(text: &str, s: usize, b: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut e = s;
    while e < b && bytes[e].is_ascii_alphanumeric() {
        e += 1;
    }
    if e == s || (e < b && is_word(char_at(text, e).0)) {
        return None;
    }
    let w = &text[s..e];
    let digits = w.trim_end_matches('s');
    let ok = (digits.len() == 2 && digits.bytes().all(|x| x.is_ascii_digit()))
        || matches!(
            w.to_ascii_lowercase().as_str(),
            "em" | "cause" | "til" | "tis" | "twas" | "bout" | "round"
        );
    ok.then_some(e)
}

/// Numbers with hyphens or slashes that UD English keeps whole: three or more groups
/// (`713-853-1234`, `9/10/2023`, `503/464-7927`), phone numbers and ZIP codes (`345-9945`,
/// `77415-0027`) and day/month dates (`9/11`, `12/27`); ranges and ratios (`1969-1970`,
/// `20/20`) are split.
fn number_whole(run: &str) -> bool {
    if !run
        .bytes()
        .all(|x| x.is_ascii_digit() || x == b'-' || x == b'/')
    {
        return false;
    }
    let groups: Vec<&str> = run.split(['-', '/']).collect();
    if groups.len() >= 3 {
        return true;
    }
    let (a, b) = (groups[0], groups.get(1).copied().unwrap_or(""));
    if run.contains('-') {
        (a.len() == 3 && b.len() >= 3)
            || (b.len() == 4 && a.len() >= 5)
            || (a.len() == 1 && b.len() == 4)
    } else {
        let small = |g: &str, max: u32| g.len() <= 2 && g.parse::<u32>().is_ok_and(|v| v <= max);
        small(a, 12) && small(b, 31)
    }
}

/// A period followed by two or more letters, as in a domain or file name (`amazon.com`).
fn has_domain_dot(run: &str) -> bool {
    let b = run.as_bytes();
    b.iter().enumerate().any(|(i, &x)| {
        x == b'.'
            && i > 0
            && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// Where a clitic starts in the word `text[s..e]`: `n't`, `'s`, `'m`, `'d`, `'re`, `'ve`,
/// `'ll` (straight or curly apostrophe, any case), after a non-empty stem.
fn clitic_start(text: &str, s: usize, e: usize) -> Option<usize> {
    let w = &text.as_bytes()[s..e];
    let n = w.len();
    // The apostrophe ending at byte `i` (exclusive): its start.
    let apos = |i: usize| -> Option<usize> {
        if i >= 1 && (w[i - 1] == b'\'' || w[i - 1] == b'`') {
            Some(i - 1)
        } else if i >= 3 && &w[i - 3..i] == "’".as_bytes() {
            Some(i - 3)
        } else {
            None
        }
    };
    let last = w.last()?.to_ascii_lowercase();
    // Plurals of numbers stay whole: `70's`, `1590's`.
    let stem_ok = |a: usize| {
        a > 0 && w[a - 1].is_ascii_alphanumeric() && !w[..a].iter().all(u8::is_ascii_digit)
    };
    if last == b't' {
        let a = apos(n - 1)?;
        if a >= 1
            && w[a - 1].eq_ignore_ascii_case(&b'n')
            && a - 1 > 0
            && w[a - 2].is_ascii_alphabetic()
        {
            return Some(s + a - 1);
        }
        return None;
    }
    if matches!(last, b's' | b'm' | b'd') {
        let a = apos(n - 1)?;
        return stem_ok(a).then_some(s + a);
    }
    if n >= 3 {
        let two = [w[n - 2].to_ascii_lowercase(), last];
        if matches!(&two, b"re" | b"ve" | b"ll") {
            let a = apos(n - 2)?;
            return stem_ok(a).then_some(s + a);
        }
    }
    None
}

/// Contractions written without an apostrophe (`dont`, `cannot`, `gonna`): the split point.
fn contraction(w: &str) -> Option<usize> {
    let n = w.len();
    if !(2..=8).contains(&n) || !w.bytes().all(|x| x.is_ascii_alphabetic()) {
        return None;
    }
    if n <= 3 && w.bytes().all(|x| x.is_ascii_uppercase()) {
        return None;
    }
    let mut buf = [0u8; 8];
    for (d, x) in buf.iter_mut().zip(w.bytes()) {
        *d = x.to_ascii_lowercase();
    }
    let k = match &buf[..n] {
        b"cannot" | b"gonna" | b"wanna" | b"gotta" | b"outta" => 3,
        b"dont" | b"cant" | b"wont" | b"isnt" | b"aint" | b"hes" | b"itll" => 2,
        b"didnt" | b"wasnt" | b"arent" | b"hasnt" | b"hadnt" | b"youre" => 3,
        b"doesnt" | b"werent" | b"havent" | b"theyre" | b"thats" | b"whats" => 4,
        b"couldnt" | b"wouldnt" | b"theres" => 5,
        b"shouldnt" => 6,
        b"im" | b"ive" => 1,
        _ => return None,
    };
    Some(k)
}

/// `its` and `lets` written for `it's` and `let's`, told by the next word: `its a`, `its
/// not`, `its really`; `Lets go`. Possessive `its` and the verb `lets` stay whole.
fn its_lets(text: &str, s: usize, e: usize) -> Option<usize> {
    let w = &text[s..e];
    let its = w.eq_ignore_ascii_case("its");
    if !its && !w.eq_ignore_ascii_case("lets") {
        return None;
    }
    let rest = text[e..].trim_start_matches([' ', '\t']);
    let next: &str = &rest[..rest
        .bytes()
        .position(|x| !x.is_ascii_alphabetic())
        .unwrap_or(rest.len())];
    let next = next.to_ascii_lowercase();
    if its {
        let adverb = next.len() > 4 && next.ends_with("ly") && next != "only";
        let cue = matches!(
            next.as_str(),
            "not"
                | "a"
                | "an"
                | "the"
                | "really"
                | "very"
                | "so"
                | "just"
                | "all"
                | "been"
                | "like"
                | "also"
                | "still"
                | "too"
                | "always"
                | "never"
                | "pretty"
                | "gonna"
                | "going"
                | "getting"
                | "ok"
                | "okay"
                | "fine"
                | "true"
                | "nothing"
                | "about"
                | "because"
                | "in"
                | "on"
                | "at"
                | "for"
                | "from"
                | "as"
                | "now"
                | "time"
                | "great"
                | "good"
                | "bad"
                | "easy"
                | "hard"
                | "worth"
                | "kind"
                | "sort"
        );
        (adverb || cue).then_some(2)
    } else {
        let cue = w.starts_with('L')
            || matches!(
                next.as_str(),
                "go" | "get"
                    | "see"
                    | "hope"
                    | "just"
                    | "say"
                    | "do"
                    | "make"
                    | "talk"
                    | "try"
                    | "call"
                    | "all"
                    | "meet"
                    | "have"
                    | "be"
                    | "not"
                    | "start"
                    | "find"
                    | "keep"
            );
        cue.then_some(3)
    }
}

/// Units written against a number (`10am`, `5km`, `4K`): where the unit starts.
fn unit_split(text: &str, s: usize, e: usize) -> Option<usize> {
    let w = &text.as_bytes()[s..e];
    if !w.first()?.is_ascii_digit() {
        return None;
    }
    let k = w.iter().rposition(|x| !x.is_ascii_alphabetic())? + 1;
    if k == w.len() || !w[k - 1].is_ascii_digit() {
        return None;
    }
    if !w[..k]
        .iter()
        .all(|x| x.is_ascii_digit() || matches!(x, b'.' | b',' | b':'))
    {
        return None;
    }
    let unit = &w[k..];
    if unit.len() > 4 {
        return None;
    }
    let mut buf = [0u8; 4];
    for (d, x) in buf.iter_mut().zip(unit) {
        *d = x.to_ascii_lowercase();
    }
    let is_unit = matches!(
        &buf[..unit.len()],
        b"am"
            | b"pm"
            | b"m"
            | b"k"
            | b"b"
            | b"bn"
            | b"mn"
            | b"mm"
            | b"cm"
            | b"km"
            | b"kg"
            | b"g"
            | b"mg"
            | b"ml"
            | b"ft"
            | b"x"
            | b"hz"
            | b"khz"
            | b"mhz"
            | b"ghz"
            | b"gb"
            | b"mb"
            | b"kb"
            | b"tb"
            | b"lb"
            | b"lbs"
            | b"oz"
            | b"mph"
            | b"kph"
            | b"kmh"
            | b"hr"
            | b"hrs"
            | b"min"
            | b"mins"
            | b"sec"
            | b"secs"
            | b"c"
            | b"f"
            | b"kw"
            | b"mw"
            | b"gw"
            | b"kwh"
    );
    is_unit.then_some(s + k)
}

/// Words that UD English writes as two tokens without a multiword token: `y'all` → `y'`
/// `all` (as GUM does), `alot` → `a` `lot`.
fn yall(w: &str) -> Option<usize> {
    if w.len() > 6 {
        return None;
    }
    match w.to_lowercase().as_str() {
        "y'all" => Some(2),
        "y’all" => Some(4),
        "alot" => Some(1),
        _ => None,
    }
}

/// In a run with a period inside (`quality.You`), where a sentence ended without a space
/// after it: a lower-case word of two letters or more, a period, and a capitalised word
/// that is not a domain or file-name ending (`Newsfeed.Com`).
fn missing_space(run: &str) -> Option<usize> {
    let k = run.find('.')?;
    let (left, right) = (&run[..k], &run[k + 1..]);
    if left.len() < 2
        || right.len() < 2
        || right.contains('.')
        || !left.bytes().all(|x| x.is_ascii_alphabetic())
        || !left.as_bytes()[left.len() - 1].is_ascii_lowercase()
    {
        return None;
    }
    let r = right.as_bytes();
    if !r[0].is_ascii_uppercase() || !r[1].is_ascii_lowercase() {
        return None;
    }
    let stem = right.split(['\'', '’']).next().unwrap_or(right);
    if stem.len() <= 4
        && matches!(
            stem.to_ascii_lowercase().as_str(),
            "com"
                | "net"
                | "org"
                | "edu"
                | "gov"
                | "info"
                | "biz"
                | "co"
                | "us"
                | "uk"
                | "ca"
                | "de"
                | "fr"
                | "au"
                | "in"
                | "io"
                | "tv"
                | "me"
                | "doc"
                | "docx"
                | "pdf"
                | "xls"
                | "xlsx"
                | "ppt"
                | "txt"
                | "htm"
                | "html"
                | "jpg"
                | "gif"
                | "png"
                | "exe"
                | "zip"
                | "mp3"
                | "asp"
                | "php"
        )
    {
        return None;
    }
    Some(k)
}

/// Prefixes that UD English keeps attached to the hyphenated word (`non-stop`, `e-mail`).
fn is_prefix(seg: &str) -> bool {
    let n = seg.len();
    if !(1..=7).contains(&n) {
        return false;
    }
    let mut buf = [0u8; 7];
    for (d, x) in buf.iter_mut().zip(seg.bytes()) {
        *d = x.to_ascii_lowercase();
    }
    matches!(
        &buf[..n],
        b"e" | b"non"
            | b"re"
            | b"anti"
            | b"co"
            | b"mid"
            | b"pre"
            | b"pro"
            | b"cross"
            | b"post"
            | b"semi"
            | b"over"
            | b"counter"
            | b"sub"
            | b"ex"
            | b"multi"
            | b"mini"
            | b"psycho"
            | b"socio"
            | b"inter"
            | b"intra"
            | b"proto"
            | b"super"
            | b"arch"
            | b"ultra"
            | b"neo"
            | b"micro"
            | b"macro"
            | b"bi"
            | b"tri"
            | b"pseudo"
            | b"quasi"
            | b"extra"
            | b"hyper"
            | b"meta"
            | b"mega"
            | b"trans"
            | b"un"
            | b"under"
            | b"out"
    )
}

/// Capitalised abbreviations (without their period).
fn is_cap_abbreviation(w: &[u8]) -> bool {
    matches!(
        w,
        b"Mr"
            | b"Mrs"
            | b"Ms"
            | b"Messrs"
            | b"Dr"
            | b"Drs"
            | b"Prof"
            | b"Gen"
            | b"Col"
            | b"Lt"
            | b"Sgt"
            | b"Capt"
            | b"Cpl"
            | b"Maj"
            | b"Adm"
            | b"Cmdr"
            | b"Gov"
            | b"Sen"
            | b"Rep"
            | b"Reps"
            | b"Rev"
            | b"Hon"
            | b"Pres"
            | b"Supt"
            | b"Det"
            | b"Insp"
            | b"Brig"
            | b"Jr"
            | b"Sr"
            | b"St"
            | b"Mt"
            | b"Ft"
            | b"Inc"
            | b"Corp"
            | b"Co"
            | b"Ltd"
            | b"Bros"
            | b"Assn"
            | b"Dept"
            | b"Univ"
            | b"Jan"
            | b"Feb"
            | b"Mar"
            | b"Apr"
            | b"Jun"
            | b"Jul"
            | b"Aug"
            | b"Sep"
            | b"Sept"
            | b"Oct"
            | b"Nov"
            | b"Dec"
            | b"Mon"
            | b"Tue"
            | b"Tues"
            | b"Wed"
            | b"Thu"
            | b"Thur"
            | b"Thurs"
            | b"Fri"
            | b"Sat"
            | b"Vol"
            | b"Vols"
            | b"Fig"
            | b"Figs"
            | b"Sec"
            | b"Ed"
            | b"Eds"
            | b"Ave"
            | b"Blvd"
            | b"Rd"
            | b"Hwy"
            | b"Attn"
            | b"Mlle"
            | b"Mme"
            | b"Ala"
            | b"Ariz"
            | b"Ark"
            | b"Calif"
            | b"Colo"
            | b"Conn"
            | b"Del"
            | b"Fla"
            | b"Ga"
            | b"Ind"
            | b"Kan"
            | b"Kans"
            | b"Ky"
            | b"La"
            | b"Md"
            | b"Mich"
            | b"Minn"
            | b"Mo"
            | b"Mont"
            | b"Neb"
            | b"Nev"
            | b"Okla"
            | b"Ore"
            | b"Pa"
            | b"Penn"
            | b"Tenn"
            | b"Tex"
            | b"Va"
            | b"Vt"
            | b"Wis"
            | b"Wyo"
            | b"Ont"
            | b"Que"
            | b"Esq"
            | b"Ph"
            | b"Approx"
            | b"Tel"
            | b"Ext"
            | b"Fax"
            | b"Eq"
            | b"Para"
            | b"Arrv"
            | b"Spec"
            | b"Conf"
            | b"Govt"
    )
}

/// Lower-case abbreviations (without their period).
fn is_lower_abbreviation(w: &[u8]) -> bool {
    matches!(
        w,
        b"etc"
            | b"vs"
            | b"al"
            | b"cf"
            | b"approx"
            | b"dept"
            | b"fig"
            | b"figs"
            | b"vol"
            | b"vols"
            | b"pp"
            | b"eds"
            | b"eg"
            | b"ie"
            | b"viz"
            | b"esp"
            | b"incl"
            | b"ca"
            | b"min"
            | b"mins"
            | b"hr"
            | b"hrs"
            | b"yr"
            | b"yrs"
            | b"mos"
            | b"sq"
            | b"ft"
            | b"lb"
            | b"lbs"
            | b"oz"
            | b"tel"
            | b"ext"
            | b"misc"
            | b"govt"
            | b"intl"
            | b"jr"
            | b"sr"
            | b"inc"
            | b"corp"
            | b"ltd"
            | b"div"
            | b"arrv"
            | b"info"
            | b"est"
            | b"dr"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"st"
            | b"co"
    )
}

/// Is `w` followed by a period an abbreviation? `after` is the offset after the period
/// (for `No. 5`).
fn is_abbreviation(w: &str, text: &str, after: usize) -> bool {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 12 {
        return false;
    }
    // Single letters are initials (`J.`) or list letters; not the pronoun `I`.
    if w.chars().count() == 1 {
        return w != "I" && w.chars().all(char::is_alphabetic);
    }
    // `U.S`, `e.g`, `a.m`, `Ph.D`: short letter groups joined by periods.
    if b.contains(&b'.') {
        return w
            .split('.')
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|x| x.is_ascii_alphabetic()));
    }
    if !b.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    if matches!(b, b"No" | b"no" | b"Nos" | b"NO" | b"Art" | b"art") {
        // Only before a number: `No. 5`, not `I said no.`
        let rest = text[after..].trim_start_matches([' ', '\u{a0}']);
        return rest.as_bytes().first().is_some_and(u8::is_ascii_digit);
    }
    if is_cap_abbreviation(b) || is_lower_abbreviation(b) {
        return true;
    }
    // All capitals: `INC.`, `MRS.`
    if b.len() <= 6 && b.iter().all(u8::is_ascii_uppercase) {
        let mut buf = [0u8; 6];
        for (i, (d, x)) in buf.iter_mut().zip(b).enumerate() {
            *d = if i == 0 { *x } else { x.to_ascii_lowercase() };
        }
        return is_cap_abbreviation(&buf[..b.len()]);
    }
    false
}

/// Does the token `w` (with its final period) read as a known abbreviation? For the
/// sentence splitter's features.
#[must_use]
pub fn known_abbreviation(w: &str) -> bool {
    match w.strip_suffix('.') {
        Some(stem) if !stem.is_empty() => is_abbreviation(stem, "", 0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        Tokenizer::new()
            .tokenize(text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(words(text), expected, "tokenizing {text:?}");
    }

    #[test]
    fn offsets_and_spaces_point_into_the_text() {
        let text = "Zürich’s café, “naïve” — ok.";
        let toks = Tokenizer::new().tokenize(text);
        for t in &toks {
            assert_eq!(&text[t.start..t.end], t.text, "{t:?}");
        }
        let w: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            w,
            ["Zürich", "’s", "café", ",", "“", "naïve", "”", "—", "ok", "."]
        );
        let sa: Vec<bool> = toks.iter().map(|t| t.space_after).collect();
        assert_eq!(
            sa,
            [false, true, false, true, false, false, true, true, false, true]
        );
    }

    #[test]
    fn clitics_are_multiword_tokens_with_spans() {
        let text = "I don't know.";
        let t = Tokenizer::new().tokenize(text);
        type Row<'a> = (&'a str, usize, usize, Option<(usize, usize)>);
        let got: Vec<Row> = t
            .iter()
            .map(|t| (t.text.as_str(), t.start, t.end, t.mwt))
            .collect();
        assert_eq!(
            got,
            [
                ("I", 0, 1, None),
                ("do", 2, 4, Some((2, 7))),
                ("n't", 4, 7, Some((2, 7))),
                ("know", 8, 12, None),
                (".", 12, 13, None),
            ]
        );
        assert!(!t[1].space_after && t[2].space_after);
        assert!(t[1].same_surface(&t[2]) && !t[2].same_surface(&t[3]));
        assert_eq!(t[2].surface_span(), (2, 7));
    }

    #[test]
    fn clitics_split_the_ud_way() {
        check("can't won't", &["ca", "n't", "wo", "n't"]);
        check("I'm it's John's", &["I", "'m", "it", "'s", "John", "'s"]);
        check(
            "we'll they've I'd you're",
            &["we", "'ll", "they", "'ve", "I", "'d", "you", "'re"],
        );
        check("DON'T shouldn't've", &["DO", "N'T", "should", "n't", "'ve"]);
        check(
            "cannot gonna dont",
            &["can", "not", "gon", "na", "do", "nt"],
        );
        check("y'all", &["y'", "all"]);
        check(
            "O'Brien o'clock rock'n'roll",
            &["O'Brien", "o'clock", "rock'n'roll"],
        );
        check(
            "the 1970s and '80s, the 70's",
            &["the", "1970s", "and", "'80s", ",", "the", "70's"],
        );
        check(
            "Its a deal, its own way",
            &["It", "s", "a", "deal", ",", "its", "own", "way"],
        );
    }

    #[test]
    fn curly_apostrophes_keep_byte_offsets() {
        let text = "don’t stop";
        let t = Tokenizer::new().tokenize(text);
        assert_eq!(t[0].text, "do");
        assert_eq!(t[1].text, "n’t");
        assert_eq!((t[1].start, t[1].end), (2, 7));
        assert_eq!(t[0].mwt, Some((0, 7)));
        assert_eq!(t[2].start, 8);
    }

    #[test]
    fn plural_possessives_but_not_closing_quotes() {
        let t = Tokenizer::new().tokenize("the parents' house");
        assert_eq!(t[1].text, "parents");
        assert_eq!(t[2].text, "'");
        assert_eq!(t[1].mwt, Some((4, 12)));
        assert_eq!(t[2].mwt, Some((4, 12)));
        let t = Tokenizer::new().tokenize("the word 'parents' here");
        let w: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(w, ["the", "word", "'", "parents", "'", "here"]);
        assert!(t.iter().all(|t| t.mwt.is_none()));
    }

    #[test]
    fn urls_emails_handles_hashtags_emoticons() {
        check(
            "See https://example.com/a?b=c.",
            &["See", "https://example.com/a?b=c", "."],
        );
        check(
            "(www.bbc.co.uk/news), mail john.smith@example.org!",
            &[
                "(",
                "www.bbc.co.uk/news",
                ")",
                ",",
                "mail",
                "john.smith@example.org",
                "!",
            ],
        );
        check(
            "@Reuters: #Ukraine news :-) ok;)",
            &["@Reuters", ":", "#Ukraine", "news", ":-)", "ok", ";)"],
        );
        check(
            "amazon.com and file.pdf",
            &["amazon.com", "and", "file.pdf"],
        );
    }

    #[test]
    fn numbers_money_dates_and_units() {
        check(
            "1,000.50 3.5% $20 10am 5th",
            &["1,000.50", "3.5", "%", "$", "20", "10", "am", "5th"],
        );
        check(
            "Monday (9/10/2023) at 10:30 p.m. call 713-853-1234",
            &[
                "Monday",
                "(",
                "9/10/2023",
                ")",
                "at",
                "10:30",
                "p.m.",
                "call",
                "713-853-1234",
            ],
        );
        check(
            "+44 20 and 1969-1970",
            &["+44", "20", "and", "1969", "-", "1970"],
        );
        check("9/11 and 20/20", &["9/11", "and", "20", "/", "20"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        check(
            "Gen. Smith and Dr. Jones of Acme Inc. met Mr. Li in the U.S. e.g. at 9 a.m. today.",
            &[
                "Gen.", "Smith", "and", "Dr.", "Jones", "of", "Acme", "Inc.", "met", "Mr.", "Li",
                "in", "the", "U.S.", "e.g.", "at", "9", "a.m.", "today", ".",
            ],
        );
        check("J. R. R. Tolkien", &["J.", "R.", "R.", "Tolkien"]);
        check(
            "No. 5 but I said no.",
            &["No.", "5", "but", "I", "said", "no", "."],
        );
        check("CCNG, Inc..", &["CCNG", ",", "Inc.", "."]);
        check(
            "Schumer, D-N.Y., said",
            &["Schumer", ",", "D", "-", "N.Y.", ",", "said"],
        );
        assert!(known_abbreviation("Gen.") && known_abbreviation("U.S."));
        assert!(!known_abbreviation("end.") && !known_abbreviation("."));
    }

    #[test]
    fn quotes_dashes_ellipses_brackets() {
        check(
            "\"Yes,\" he said -- “no”… (maybe) —well...",
            &[
                "\"", "Yes", ",", "\"", "he", "said", "--", "“", "no", "”", "…", "(", "maybe", ")",
                "—", "well", "...",
            ],
        );
        check(
            "Wait!!! Really?! ''quoted''",
            &["Wait", "!!!", "Really", "?!", "''", "quoted", "''"],
        );
        check("good...bad", &["good", "...", "bad"]);
    }

    #[test]
    fn hyphens_follow_ud_english() {
        check(
            "a well-known e-mail from a non-profit co-worker",
            &[
                "a",
                "well",
                "-",
                "known",
                "e-mail",
                "from",
                "a",
                "non-profit",
                "co-worker",
            ],
        );
        check("and/or w/o", &["and", "/", "or", "w/o"]);
        let keep = Tokenizer::new().keep_hyphenated(true);
        let w: Vec<String> = keep
            .tokenize("a well-known fact")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(w, ["a", "well-known", "fact"]);
    }

    #[test]
    fn missing_space_after_a_sentence() {
        check(
            "high quality.You'll see",
            &["high", "quality", ".", "You", "'ll", "see"],
        );
        check("Newsfeed.Com rocks", &["Newsfeed.Com", "rocks"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let tok = Tokenizer::new();
        for text in [
            "",
            " ",
            "\n\n",
            "'",
            "’",
            "''",
            "...",
            "-",
            "@",
            "#",
            "$",
            "a'",
            "'s",
            "n't",
            "http://",
            "www.",
            "😀👍🏽👨‍👩‍👧 🇫🇷",
            "\u{200b}x\u{feff}",
            "x\u{301}",
            "a.b.c.d.e.f.g",
            "--a--",
            "1-",
            "-1",
            "1/",
            "/1",
            ":-",
            "it's'",
            "s'",
            "U.S..",
            "...@x",
        ] {
            let toks = tok.tokenize(text);
            for t in &toks {
                assert_eq!(&text[t.start..t.end], t.text, "{text:?}");
                assert!(t.start < t.end, "{text:?}");
            }
        }
        let e: Vec<String> = tok
            .tokenize("hi 👨‍👩‍👧 🇫🇷!")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(e, ["hi", "👨‍👩‍👧", "🇫🇷", "!"]);
    }
}
