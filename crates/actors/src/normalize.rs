//! Text folding shared by the dictionary index and the matcher.
//!
//! Names and texts are compared after [`fold`]: lowercase, Latin diacritics removed (`Erdoğan`
//! → `erdogan`, `Zürich` → `zurich`), typographic apostrophes and quotes made plain, dashes
//! and hyphens turned into spaces (`al-Shabaab` = `al Shabaab`), and runs of whitespace
//! collapsed to one space. [`Folded`] keeps, for every byte of the folded text, where it came
//! from in the original, so a match in folded text maps back to a byte span of the original.

/// Folds one character into `out` (zero, one or more characters).
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            '-' | '_' => ' ',
            '`' => '\'',
            c => c.to_ascii_lowercase(),
        });
        return;
    }
    let base = match c {
        'À'..='Å'
        | 'à'..='å'
        | 'Ā'
        | 'ā'
        | 'Ă'
        | 'ă'
        | 'Ą'
        | 'ą'
        | 'Ǎ'
        | 'ǎ'
        | 'Ạ'
        | 'ạ'
        | 'Ả'
        | 'ả'
        | 'Ấ'
        | 'ấ'
        | 'Ầ'
        | 'ầ'
        | 'Ậ'
        | 'ậ'
        | 'Ắ'
        | 'ắ'
        | 'Ằ'
        | 'ằ' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È'..='Ë'
        | 'è'..='ë'
        | 'Ē'
        | 'ē'
        | 'Ĕ'
        | 'ĕ'
        | 'Ė'
        | 'ė'
        | 'Ę'
        | 'ę'
        | 'Ě'
        | 'ě'
        | 'Ẹ'
        | 'ẹ'
        | 'Ế'
        | 'ế'
        | 'Ề'
        | 'ề'
        | 'Ệ'
        | 'ệ'
        | 'Ə'
        | 'ə' => "e",
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' | 'Ḥ' | 'ḥ' => "h",
        'Ì'..='Ï'
        | 'ì'..='ï'
        | 'Ĩ'
        | 'ĩ'
        | 'Ī'
        | 'ī'
        | 'Ĭ'
        | 'ĭ'
        | 'Į'
        | 'į'
        | 'İ'
        | 'ı'
        | 'Ị'
        | 'ị' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö'
        | 'Ø'
        | 'ò'..='ö'
        | 'ø'
        | 'Ō'
        | 'ō'
        | 'Ŏ'
        | 'ŏ'
        | 'Ő'
        | 'ő'
        | 'Ơ'
        | 'ơ'
        | 'Ọ'
        | 'ọ'
        | 'Ố'
        | 'ố'
        | 'Ồ'
        | 'ồ'
        | 'Ộ'
        | 'ộ'
        | 'Ờ'
        | 'ờ'
        | 'Ớ'
        | 'ớ' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' | 'Ṣ' | 'ṣ' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' | 'Ṭ' | 'ṭ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų'
        | 'Ư'
        | 'ư'
        | 'Ụ'
        | 'ụ'
        | 'Ủ'
        | 'ủ'
        | 'Ứ'
        | 'ứ'
        | 'Ừ'
        | 'ừ' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' | 'Ŷ' | 'ŷ' | 'Ỳ' | 'ỳ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        // Apostrophes, primes and the ayn/hamza marks of romanised Arabic.
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{02BB}'
        | '\u{02BF}' | '\u{02BE}' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => "\"",
        // Hyphens and dashes.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => " ",
        // No-break and other spaces.
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        // Combining marks and zero-width characters vanish.
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' => "",
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push_str(base);
}

/// Folds a name or phrase for lookup: see the module documentation. Leading and trailing
/// whitespace is removed.
#[must_use]
pub fn fold(s: &str) -> String {
    Folded::new(s).text.trim().to_string()
}

/// A folded text with the map back to the original.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For every byte of `text`: the original byte range of the character it came from.
    origin: Vec<(u32, u32)>,
}

impl Folded {
    /// Folds `original`, keeping the byte map.
    #[must_use]
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut buf = String::new();
        let mut last_space = false;
        for (i, c) in original.char_indices() {
            let end = (i + c.len_utf8()) as u32;
            buf.clear();
            fold_char(c, &mut buf);
            for f in buf.chars() {
                let f = if f.is_whitespace() { ' ' } else { f };
                if f == ' ' {
                    if last_space {
                        continue;
                    }
                    last_space = true;
                } else {
                    last_space = false;
                }
                let before = text.len();
                text.push(f);
                for _ in before..text.len() {
                    origin.push((i as u32, end));
                }
            }
        }
        Folded { text, origin }
    }

    /// The original byte span of the folded span `[start, end)`; `None` when out of range.
    #[must_use]
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let s = self.origin.get(start)?.0 as usize;
        let e = self.origin.get(end - 1)?.1 as usize;
        Some((s, e))
    }
}

/// True for characters that continue a word (so a name cannot start or end next to them).
#[must_use]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The words of a folded phrase, split on spaces.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_dashes_and_spaces() {
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(
            fold("  al-Shabaab\u{00A0}\u{00A0}fighters "),
            "al shabaab fighters"
        );
        assert_eq!(fold("Putin\u{2019}s"), "putin's");
        assert_eq!(fold("Côte d\u{2019}Ivoire"), "cote d'ivoire");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Zelens\u{0301}kyy"), "zelenskyy");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let t = "Le  président Erdoğan’s";
        let f = Folded::new(t);
        assert_eq!(f.text, "le president erdogan's");
        let at = f.text.find("erdogan").unwrap();
        let (s, e) = f.original_span(at, at + "erdogan".len()).unwrap();
        assert_eq!(&t[s..e], "Erdoğan");
        let at = f.text.find("president").unwrap();
        let (s, e) = f.original_span(at, at + "president".len()).unwrap();
        assert_eq!(&t[s..e], "président");
    }
}
