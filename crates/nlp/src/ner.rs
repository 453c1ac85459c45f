//! Named-entity recognition: PER, ORG and LOC spans in BIO tags, as in Universal NER.
//!
//! [`EntityTagger`] is an averaged structured perceptron: every word gets hashed features
//! (form, lowercase, shape, affixes, capitalisation, neighbours within two words, UPOS/XPOS
//! when the caller filled them, gazetteer matches and a case lexicon), each feature carries
//! one weight per class, and Viterbi decoding over class-bigram weights picks the best valid
//! sequence. Internally the classes are BILOU (`O`, and B/I/L/U for each type); output is
//! BIO ([`TAGS`]).
//!
//! - The **gazetteer** (`data/ner-gazetteer.txt`, compiled in and copied into every model)
//!   lists countries, cities, regions, organisations, companies, media, first names,
//!   surnames, demonyms and titles. Multi-word matches give B/I/L/U-position features.
//! - The **case lexicon** records, for each word of some tagged text, how often it is
//!   capitalised away from the start of a sentence and how often it is a PROPN: it lets
//!   the tagger recognise `tampa` or `kerala` in lowercased web text.
//! - **Part-of-speech features** are optional: training drops them from a share of the
//!   sentences ([`TrainOptions::tag_dropout`]), so the model works with and without tags.
//!
//! Training data: [`read_iob2`] reads UNER files; [`gum_entities`] turns the `Entity=`
//! coreference spans of GUM into UNER-like named-entity spans (person, organization and
//! place mentions that are proper names, without leading determiners or titles).
//! [`score`] computes exact span-and-type precision, recall and F1.
//!
//! Features are hashed without allocating per word; tagging reuses thread-local buffers,
//! so [`EntityTagger::tag_str`] allocates only its result.

use crate::conllu::{Sentence, Word};
use crate::model::Bytes;
use crate::perceptron::{feature, Hasher64, IdHasher};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::path::Path;

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
type IdSet = HashSet<u64, BuildHasherDefault<IdHasher>>;

const MODEL_KIND: &str = "ner";
const MODEL_VERSION: u32 = 2;

/// The BIO tags the tagger outputs.
pub const TAGS: [&str; 7] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
/// The entity types.
pub const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];
/// Internal classes: `O`, then for each type B, I, L (last), U (unit): BILOU decodes
/// slightly better than BIO and maps back to BIO losslessly.
const N: usize = 1 + 4 * TYPES.len();
const POS_B: usize = 0;
const POS_I: usize = 1;
const POS_L: usize = 2;
const POS_U: usize = 3;

/// Type index and position (`POS_*`) of a class other than `O`.
#[inline]
fn class_parts(c: usize) -> Option<(usize, usize)> {
    (c > 0).then(|| ((c - 1) / 4, (c - 1) % 4))
}

/// The BIO tag of a class.
fn bio_of(c: usize) -> &'static str {
    match class_parts(c) {
        None => TAGS[0],
        Some((t, p)) => TAGS[1 + 2 * t + usize::from(p == POS_I || p == POS_L)],
    }
}
/// Row of the transition table used before the first word.
const START: usize = N;

/// The gazetteer shipped with the crate.
pub const BUILTIN_GAZETTEER: &str = include_str!("../data/ner-gazetteer.txt");

/// A sentence with gold BIO tags (one per word).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NerSentence {
    /// The words (form; UPOS and XPOS when known).
    pub words: Vec<Word>,
    /// `B-PER`, `I-LOC`, `O`, …
    pub tags: Vec<String>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the shuffling and tag-dropout generator.
    pub seed: u64,
    /// Share of sentences (per epoch) trained with UPOS/XPOS hidden.
    pub tag_dropout: f64,
    /// Features seen fewer times than this in the training data get no weights.
    pub min_count: u32,
    /// Extra tagged text (no entity labels needed) for the case lexicon.
    pub lexicon: Vec<Vec<Word>>,
    /// Gazetteer text; `None` for [`BUILTIN_GAZETTEER`].
    pub gazetteer: Option<String>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 0x5eed_1e55_ba5e_ba11,
            tag_dropout: 0.5,
            min_count: 2,
            lexicon: Vec::new(),
            gazetteer: None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gazetteer

/// Gazetteer categories, in the order of the file's `## name` sections.
const GAZ_CATEGORIES: [&str; 11] = [
    "country", "city", "region", "org", "company", "media", "first", "surname", "demonym", "title",
    "facility",
];

/// The entity type each category hints at (1 LOC, 2 ORG, 3 PER, 4 demonym, 5 title), so
/// that rare categories share evidence.
const GAZ_COARSE: [u8; 11] = [1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 1];

/// Multi-word lists, matched on lowercased word sequences.
#[derive(Debug, Clone, Default)]
struct Gazetteer {
    /// Key hash of a whole entry → category bit mask.
    entries: IdMap<u16>,
    /// Key hashes of every proper prefix of an entry.
    prefixes: IdSet,
    /// Longest entry in words.
    max_len: usize,
    /// The text it was built from (stored in models).
    text: String,
}

#[inline]
fn key_step(h: u64, word_hash: u64) -> u64 {
    Hasher64::new(900).int(h).int(word_hash).finish()
}

impl Gazetteer {
    fn parse(text: &str) -> Gazetteer {
        let mut g = Gazetteer {
            text: text.to_string(),
            ..Gazetteer::default()
        };
        let mut cat: Option<usize> = None;
        let mut lower = String::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix("## ") {
                cat = GAZ_CATEGORIES.iter().position(|c| *c == name.trim());
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some(c) = cat else { continue };
            for variant in entry_variants(line) {
                let mut h = 0u64;
                let mut len = 0;
                for w in variant.split_whitespace() {
                    if len > 0 {
                        g.prefixes.insert(h);
                    }
                    lower_into(w, &mut lower);
                    h = key_step(h, feature(T_LOWER, &lower));
                    len += 1;
                }
                if len > 0 {
                    *g.entries.entry(h).or_insert(0) |= 1 << c;
                    g.max_len = g.max_len.max(len);
                }
            }
        }
        g
    }

    /// Per word, the gazetteer codes `category * 4 + position` (B, I, L, U) of the longest
    /// match of each category covering it, pushed into `codes` with `ranges[i]` delimiting
    /// word `i`'s.
    fn codes(&self, lower: &[u64], codes: &mut Vec<u16>, ranges: &mut Vec<(u32, u32)>) {
        let n = lower.len();
        // best[i][c] = length of the longest match of category c starting at i
        let nc = GAZ_CATEGORIES.len();
        let mut best = vec![0u8; n * nc];
        for i in 0..n {
            let mut h = 0u64;
            for (j, &wh) in lower.iter().enumerate().skip(i).take(self.max_len) {
                h = key_step(h, wh);
                if let Some(&mask) = self.entries.get(&h) {
                    for c in 0..nc {
                        if mask & (1 << c) != 0 {
                            best[i * nc + c] = (j - i + 1) as u8;
                        }
                    }
                }
                if !self.prefixes.contains(&h) {
                    break;
                }
            }
        }
        // cover[i][c] = code of the match covering i (the earliest-starting longest wins)
        let mut cover = vec![u16::MAX; n * nc];
        for c in 0..nc {
            let mut i = 0;
            while i < n {
                let len = best[i * nc + c] as usize;
                if len == 0 {
                    i += 1;
                    continue;
                }
                for k in 0..len {
                    let pos = match (len, k) {
                        (1, _) => 3,
                        (_, 0) => 0,
                        (l, k) if k + 1 == l => 2,
                        _ => 1,
                    };
                    cover[(i + k) * nc + c] = (c * 4 + pos) as u16;
                }
                i += len;
            }
        }
        codes.clear();
        ranges.clear();
        for i in 0..n {
            let a = codes.len() as u32;
            codes.extend(
                cover[i * nc..(i + 1) * nc]
                    .iter()
                    .filter(|&&x| x != u16::MAX),
            );
            ranges.push((a, codes.len() as u32));
        }
    }
}

/// An entry as written plus its variants tokenised the way UD English does it
/// (`Coca-Cola` → `Coca - Cola`, `McDonald's` → `McDonald 's`).
fn entry_variants(line: &str) -> Vec<String> {
    let mut out = vec![line.to_string()];
    if line.contains('-') {
        out.push(line.replace('-', " - "));
    }
    if line.contains("'s") {
        out.push(line.replace("'s", " 's"));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Case lexicon

/// Lowercased word hash → case class (see [`lexicon_code`]).
#[derive(Debug, Clone, Default)]
struct Lexicon {
    classes: IdMap<u8>,
}

#[derive(Default, Clone, Copy)]
struct CaseCounts {
    n: u32,
    cap: u32,
    tagged: u32,
    propn: u32,
}

impl Lexicon {
    fn build<'a>(sentences: impl Iterator<Item = &'a [Word]>) -> Lexicon {
        let mut counts: IdMap<CaseCounts> = IdMap::default();
        let mut lower = String::new();
        for words in sentences {
            for (i, w) in words.iter().enumerate() {
                let Some(first) = w.form.chars().next() else {
                    continue;
                };
                if !first.is_alphabetic() {
                    continue;
                }
                lower_into(&w.form, &mut lower);
                let c = counts.entry(feature(T_LOWER, &lower)).or_default();
                if !w.upos.is_empty() {
                    c.tagged += 1;
                    c.propn += u32::from(w.upos == "PROPN");
                }
                if i > 0 {
                    c.n += 1;
                    c.cap += u32::from(first.is_uppercase());
                }
            }
        }
        let mut classes = IdMap::default();
        let mut keys: Vec<u64> = counts.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let c = counts[&k];
            if let Some(code) = lexicon_code(c) {
                classes.insert(k, code);
            }
        }
        Lexicon { classes }
    }
}

fn bucket(part: u32, whole: u32) -> u8 {
    let r = f64::from(part) / f64::from(whole.max(1));
    match r {
        0.0 => 0,
        r if r < 0.2 => 1,
        r if r < 0.5 => 2,
        r if r < 0.9 => 3,
        _ => 4,
    }
}

/// 1 + capitalisation bucket × 6 + PROPN bucket (5 = untagged), ×2 for frequent words;
/// `None` for words seen too rarely to say.
fn lexicon_code(c: CaseCounts) -> Option<u8> {
    if c.n < 2 && c.tagged < 2 {
        return None;
    }
    let cap = if c.n >= 2 { bucket(c.cap, c.n) } else { 5 };
    let propn = if c.tagged >= 2 {
        bucket(c.propn, c.tagged)
    } else {
        5
    };
    let freq = u8::from(c.n + c.tagged >= 20);
    Some(1 + (cap * 6 + propn) * 2 + freq)
}

// ---------------------------------------------------------------------------------------------
// Features

const T_LOWER: u32 = 2;

const F_INIT_UPPER: u32 = 1;
const F_ALL_UPPER: u32 = 2;
const F_ALL_LOWER: u32 = 4;
const F_DIGIT: u32 = 8;
const F_ALL_DIGIT: u32 = 16;
const F_HYPHEN: u32 = 32;
const F_PERIOD: u32 = 64;
const F_NO_ALNUM: u32 = 128;
const F_FIRST: u32 = 256;
const F_MIXED: u32 = 512;
const F_SHORT: u32 = 1024;

/// What is known of one word before combining with neighbours.
#[derive(Clone, Copy, Default)]
struct Atoms {
    form: u64,
    lower: u64,
    shape: u64,
    flags: u32,
    upos: u64,
    xpos: u64,
    lex: u8,
    pre: [u64; 3],
    suf: [u64; 4],
    n_pre: u8,
    n_suf: u8,
}

const BOS: Atoms = Atoms {
    form: 1,
    lower: 1,
    shape: 1,
    flags: 1 << 20,
    upos: 1,
    xpos: 1,
    lex: 250,
    pre: [0; 3],
    suf: [0; 4],
    n_pre: 0,
    n_suf: 0,
};
const EOS: Atoms = Atoms {
    form: 2,
    lower: 2,
    shape: 2,
    flags: 1 << 21,
    upos: 2,
    xpos: 2,
    lex: 251,
    pre: [0; 3],
    suf: [0; 4],
    n_pre: 0,
    n_suf: 0,
};

/// Lowercase `s` into `buf` (cleared first).
fn lower_into(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// Reusable buffers for feature extraction.
#[derive(Default)]
struct Scratch {
    lower: String,
    shape: String,
    atoms: Vec<Atoms>,
    lower_hashes: Vec<u64>,
    gaz_codes: Vec<u16>,
    gaz_ranges: Vec<(u32, u32)>,
    feats: Vec<u64>,
    offsets: Vec<u32>,
}

/// Everything the features need besides the weights.
#[derive(Debug, Clone, Default)]
struct Featurizer {
    gaz: Gazetteer,
    lex: Lexicon,
}

#[inline]
fn f1(t: u32, a: u64) -> u64 {
    Hasher64::new(t).int(a).finish()
}
#[inline]
fn f2(t: u32, a: u64, b: u64) -> u64 {
    Hasher64::new(t).int(a).int(b).finish()
}
#[inline]
fn f3(t: u32, a: u64, b: u64, c: u64) -> u64 {
    Hasher64::new(t).int(a).int(b).int(c).finish()
}

impl Featurizer {
    fn word_atoms(&self, w: &Word, first: bool, use_tags: bool, s: &mut Scratch) -> Atoms {
        let form = w.form.as_str();
        lower_into(form, &mut s.lower);
        let lower = s.lower.as_str();
        let mut flags = 0;
        let (mut upper, mut lowerc, mut digit, mut alpha, mut nchars) = (0, 0, 0, 0, 0);
        s.shape.clear();
        let mut last = '\0';
        for ch in form.chars() {
            nchars += 1;
            let k = if ch.is_uppercase() {
                upper += 1;
                alpha += 1;
                'X'
            } else if ch.is_lowercase() {
                lowerc += 1;
                alpha += 1;
                'x'
            } else if ch.is_numeric() {
                digit += 1;
                'd'
            } else if ch.is_alphabetic() {
                alpha += 1;
                'a'
            } else {
                if ch == '-' {
                    flags |= F_HYPHEN;
                }
                if ch == '.' || ch == '\'' {
                    flags |= F_PERIOD;
                }
                ch
            };
            if k != last {
                s.shape.push(k);
                last = k;
            }
        }
        if form.chars().next().is_some_and(char::is_uppercase) {
            flags |= F_INIT_UPPER;
        }
        if upper >= 2 && lowerc == 0 {
            flags |= F_ALL_UPPER;
        }
        if lowerc > 0 && upper == 0 {
            flags |= F_ALL_LOWER;
        }
        if upper > 0 && lowerc > 0 && !form.chars().next().is_some_and(char::is_uppercase) {
            flags |= F_MIXED;
        }
        if digit > 0 {
            flags |= F_DIGIT;
            if digit == nchars {
                flags |= F_ALL_DIGIT;
            }
        }
        if alpha == 0 && digit == 0 {
            flags |= F_NO_ALNUM;
        }
        if nchars <= 2 {
            flags |= F_SHORT;
        }
        if first {
            flags |= F_FIRST;
        }
        let lower_h = feature(T_LOWER, lower);
        let mut a = Atoms {
            form: feature(3, form),
            lower: lower_h,
            shape: feature(4, &s.shape),
            flags,
            upos: 0,
            xpos: 0,
            lex: self.lex.classes.get(&lower_h).copied().unwrap_or(0),
            ..Atoms::default()
        };
        if use_tags {
            if !w.upos.is_empty() {
                a.upos = feature(5, &w.upos);
            }
            if !w.xpos.is_empty() {
                a.xpos = feature(6, &w.xpos);
            }
        }
        // Affixes by characters, only for words longer than the affix.
        let mut idx = [0usize; 5];
        let mut k = 0;
        for (pos, _) in lower.char_indices().skip(1).take(3) {
            idx[k] = pos;
            k += 1;
        }
        let nl = lower.chars().count();
        for (p, &end) in idx.iter().take(k).enumerate() {
            if nl > p + 1 {
                a.pre[p] = feature(10 + p as u32, &lower[..end]);
                a.n_pre += 1;
            }
        }
        let mut k = 0;
        for (pos, _) in lower.char_indices().rev().take(4) {
            idx[k] = pos;
            k += 1;
        }
        for (p, &start) in idx.iter().take(k).enumerate() {
            if nl > p + 1 {
                a.suf[p] = feature(20 + p as u32, &lower[start..]);
                a.n_suf += 1;
            }
        }
        a
    }

    /// Fill `s.feats` / `s.offsets` with the features of every word.
    fn sentence_features(&self, words: &[Word], use_tags: bool, s: &mut Scratch) {
        let n = words.len();
        let mut atoms = std::mem::take(&mut s.atoms);
        atoms.clear();
        for (i, w) in words.iter().enumerate() {
            let a = self.word_atoms(w, i == 0, use_tags, s);
            atoms.push(a);
        }
        s.lower_hashes.clear();
        s.lower_hashes.extend(atoms.iter().map(|a| a.lower));
        self.gaz
            .codes(&s.lower_hashes, &mut s.gaz_codes, &mut s.gaz_ranges);
        // Sentence case: 0 normal, 1 no capitals at all, 2 shouting.
        let (mut alpha_words, mut with_upper, mut all_upper) = (0, 0, 0);
        for a in &atoms {
            if a.flags & (F_ALL_LOWER | F_INIT_UPPER | F_ALL_UPPER | F_MIXED) != 0 {
                alpha_words += 1;
                if a.flags & (F_INIT_UPPER | F_ALL_UPPER | F_MIXED) != 0 {
                    with_upper += 1;
                }
                if a.flags & F_ALL_UPPER != 0 {
                    all_upper += 1;
                }
            }
        }
        let case: u64 = if alpha_words >= 3 && with_upper == 0 {
            1
        } else if alpha_words >= 3 && all_upper * 10 >= alpha_words * 8 {
            2
        } else {
            0
        };
        let feats = &mut s.feats;
        feats.clear();
        s.offsets.clear();
        s.offsets.push(0);
        let at = |i: isize| -> &Atoms {
            if i < 0 {
                &BOS
            } else if i as usize >= n {
                &EOS
            } else {
                &atoms[i as usize]
            }
        };
        for i in 0..n {
            let ii = i as isize;
            let (p2, p1, c, n1, n2) = (at(ii - 2), at(ii - 1), at(ii), at(ii + 1), at(ii + 2));
            let cf = u64::from(c.flags);
            let lex = u64::from(c.lex);
            feats.push(f1(1, 0));
            feats.push(f1(30, c.lower));
            feats.push(f1(31, c.form));
            feats.push(f1(32, c.shape));
            feats.push(f1(33, cf));
            for p in 0..c.n_pre as usize {
                feats.push(f1(34 + p as u32, c.pre[p]));
            }
            for p in 0..c.n_suf as usize {
                feats.push(f1(40 + p as u32, c.suf[p]));
            }
            feats.push(f1(50, p1.lower));
            feats.push(f1(51, n1.lower));
            feats.push(f1(52, p2.lower));
            feats.push(f1(53, n2.lower));
            feats.push(f2(54, p1.lower, c.lower));
            feats.push(f2(55, c.lower, n1.lower));
            feats.push(f2(56, p1.shape, c.shape));
            feats.push(f2(57, c.shape, n1.shape));
            feats.push(f3(58, u64::from(p1.flags), cf, u64::from(n1.flags)));
            feats.push(f2(59, p1.lower, c.shape));
            feats.push(f2(60, c.shape, n1.lower));
            feats.push(f1(61, lex));
            feats.push(f3(62, lex, cf, case));
            feats.push(f2(63, u64::from(p1.lex), lex));
            feats.push(f2(64, lex, u64::from(n1.lex)));
            feats.push(f2(65, case, c.shape));
            feats.push(f3(66, case, c.lower, cf & u64::from(F_FIRST)));
            if c.upos != 0 {
                feats.push(f1(70, c.upos));
                feats.push(f2(71, c.upos, cf));
                feats.push(f2(72, c.upos, lex));
                if p1.upos != 0 {
                    feats.push(f2(73, p1.upos, c.upos));
                }
                if n1.upos != 0 {
                    feats.push(f2(74, c.upos, n1.upos));
                }
            }
            if c.xpos != 0 {
                feats.push(f1(75, c.xpos));
            }
            let (a, b) = s.gaz_ranges[i];
            for &g in &s.gaz_codes[a as usize..b as usize] {
                feats.push(f1(80, u64::from(g)));
                let coarse = u64::from(GAZ_COARSE[usize::from(g / 4)]) * 4 + u64::from(g % 4);
                feats.push(f1(86, coarse));
                feats.push(f2(87, coarse, cf & u64::from(F_INIT_UPPER | F_ALL_UPPER)));
                feats.push(f2(
                    81,
                    u64::from(g),
                    cf & u64::from(F_INIT_UPPER | F_ALL_UPPER),
                ));
                feats.push(f2(82, u64::from(g), case));
            }
            if a == b {
                feats.push(f1(83, 0));
            }
            for (t, j) in [(84, ii - 1), (85, ii + 1)] {
                if j >= 0 && (j as usize) < n {
                    let (a, b) = s.gaz_ranges[j as usize];
                    for &g in &s.gaz_codes[a as usize..b as usize] {
                        feats.push(f1(t, u64::from(g)));
                    }
                }
            }
            s.offsets.push(feats.len() as u32);
        }
        s.atoms = atoms;
    }
}

// ---------------------------------------------------------------------------------------------
// Weights

/// Feature weights for inference: feature → row of `N` weights.
#[derive(Debug, Clone, Default)]
struct Weights {
    rows: IdMap<u32>,
    w: Vec<f32>,
}

impl Weights {
    #[inline]
    fn add(&self, feats: &[u64], out: &mut [f32; N]) {
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let r = r as usize * N;
                for (o, w) in out.iter_mut().zip(&self.w[r..r + N]) {
                    *o += *w;
                }
            }
        }
    }
}

/// Training weights with the averaging bookkeeping.
struct TrainWeights {
    rows: IdMap<u32>,
    w: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u64>,
    trans: [[f32; N]; N + 1],
    trans_totals: [[f64; N]; N + 1],
    trans_stamps: [[u64; N]; N + 1],
    now: u64,
}

impl TrainWeights {
    fn new() -> Self {
        TrainWeights {
            rows: IdMap::default(),
            w: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            trans: [[0.0; N]; N + 1],
            trans_totals: [[0.0; N]; N + 1],
            trans_stamps: [[0; N]; N + 1],
            now: 0,
        }
    }

    fn add(&self, feats: &[u64], out: &mut [f32; N]) {
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let r = r as usize * N;
                for (o, w) in out.iter_mut().zip(&self.w[r..r + N]) {
                    *o += *w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], class: usize, delta: f32, allowed: Option<&IdSet>) {
        for &f in feats {
            if allowed.is_some_and(|a| !a.contains(&f)) {
                continue;
            }
            let next = self.rows.len() as u32;
            let r = *self.rows.entry(f).or_insert(next);
            if r == next {
                self.w.extend([0.0; N]);
                self.totals.extend([0.0; N]);
                self.stamps.extend([0; N]);
            }
            let k = r as usize * N + class;
            self.totals[k] += f64::from(self.w[k]) * (self.now - self.stamps[k]) as f64;
            self.stamps[k] = self.now;
            self.w[k] += delta;
        }
    }

    fn update_trans(&mut self, prev: usize, cur: usize, delta: f32) {
        let w = &mut self.trans[prev][cur];
        self.trans_totals[prev][cur] +=
            f64::from(*w) * (self.now - self.trans_stamps[prev][cur]) as f64;
        self.trans_stamps[prev][cur] = self.now;
        *w += delta;
    }

    /// Averaged weights, rows whose weights all round to zero dropped.
    fn average(self) -> (Weights, [[f32; N]; N + 1]) {
        let now = self.now.max(1);
        let mut keys: Vec<(u64, u32)> = self.rows.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let mut out = Weights::default();
        for (f, r) in keys {
            let r = r as usize * N;
            let row: [f32; N] = std::array::from_fn(|c| {
                let k = r + c;
                let total = self.totals[k] + f64::from(self.w[k]) * (now - self.stamps[k]) as f64;
                (total / now as f64) as f32
            });
            if row.iter().any(|v| v.abs() > 1e-3) {
                out.rows.insert(f, (out.w.len() / N) as u32);
                out.w.extend(row);
            }
        }
        let trans: [[f32; N]; N + 1] = std::array::from_fn(|p| {
            std::array::from_fn(|c| {
                let total = self.trans_totals[p][c]
                    + f64::from(self.trans[p][c]) * (now - self.trans_stamps[p][c]) as f64;
                (total / now as f64) as f32
            })
        });
        (out, trans)
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// True when class `cur` may follow `prev` (`START` before the first word).
#[inline]
fn allowed(prev: usize, cur: usize) -> bool {
    let open = |c: usize| {
        if c == START {
            None
        } else {
            class_parts(c).filter(|&(_, p)| p == POS_B || p == POS_I)
        }
    };
    match (open(prev), class_parts(cur)) {
        // inside an entity: only its I or L may follow
        (Some((t, _)), Some((u, p))) => t == u && (p == POS_I || p == POS_L),
        (Some(_), None) => false,
        // outside: O, B or U
        (None, Some((_, p))) => p == POS_B || p == POS_U,
        (None, None) => true,
    }
}

/// True when a sentence may end with class `c` (no entity left open).
#[inline]
fn may_end(c: usize) -> bool {
    class_parts(c).is_none_or(|(_, p)| p == POS_L || p == POS_U)
}

/// Best BILOU-valid sequence for per-word scores `emit` (n × N) and transitions.
fn viterbi(emit: &[[f32; N]], trans: &[[f32; N]; N + 1], out: &mut Vec<usize>) {
    let n = emit.len();
    out.clear();
    if n == 0 {
        return;
    }
    let mut score = vec![[f32::NEG_INFINITY; N]; n];
    let mut back = vec![[0u8; N]; n];
    for c in 0..N {
        if allowed(START, c) {
            score[0][c] = emit[0][c] + trans[START][c];
        }
    }
    for i in 1..n {
        for c in 0..N {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..N {
                if !allowed(p, c) || score[i - 1][p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[i - 1][p] + trans[p][c];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            if best > f32::NEG_INFINITY {
                score[i][c] = best + emit[i][c];
                back[i][c] = arg as u8;
            }
        }
    }
    let mut last = 0;
    for c in 1..N {
        if may_end(c) && score[n - 1][c] > score[n - 1][last] {
            last = c;
        }
    }
    out.resize(n, 0);
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i]] as usize;
    }
}

/// BILOU classes of a BIO sequence (spans read conlleval-style, so stray `I-X` start one;
/// types other than PER/ORG/LOC are `O`).
fn tag_ids(tags: &[String]) -> Vec<usize> {
    let mut out = vec![0; tags.len()];
    for (b, e, ty) in spans(tags) {
        let Some(t) = TYPES.iter().position(|x| *x == ty) else {
            continue;
        };
        let base = 1 + 4 * t;
        if e == b + 1 {
            out[b] = base + POS_U;
        } else {
            out[b] = base + POS_B;
            for c in &mut out[b + 1..e - 1] {
                *c = base + POS_I;
            }
            out[e - 1] = base + POS_L;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The tagger

/// The entity tagger.
#[derive(Debug, Clone)]
pub struct EntityTagger {
    fz: Featurizer,
    weights: Weights,
    trans: [[f32; N]; N + 1],
    /// Added to the score of every `B-` tag: > 0 trades precision for recall.
    bias: f32,
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

impl EntityTagger {
    /// Train on sentences with gold BIO tags.
    pub fn train(
        train: &[NerSentence],
        opts: &TrainOptions,
        progress: &mut dyn FnMut(&str),
    ) -> EntityTagger {
        let gaz = Gazetteer::parse(opts.gazetteer.as_deref().unwrap_or(BUILTIN_GAZETTEER));
        let lex = Lexicon::build(
            train
                .iter()
                .map(|s| s.words.as_slice())
                .chain(opts.lexicon.iter().map(Vec::as_slice)),
        );
        let fz = Featurizer { gaz, lex };
        let data: Vec<(&NerSentence, Vec<usize>)> = train
            .iter()
            .filter(|s| !s.words.is_empty() && s.words.len() == s.tags.len())
            .map(|s| (s, tag_ids(&s.tags)))
            .collect();
        let mut s = Scratch::default();
        // Feature counts, with and without tags.
        let allowed_feats = if opts.min_count > 1 {
            let mut counts: IdMap<u32> = IdMap::default();
            for (sent, _) in &data {
                for use_tags in [true, false] {
                    fz.sentence_features(&sent.words, use_tags, &mut s);
                    for &f in &s.feats {
                        *counts.entry(f).or_insert(0) += 1;
                    }
                }
            }
            let set: IdSet = counts
                .into_iter()
                .filter(|&(_, c)| c >= opts.min_count * 2)
                .map(|(f, _)| f)
                .collect();
            progress(&format!(
                "{} sentences, {} features kept",
                data.len(),
                set.len()
            ));
            Some(set)
        } else {
            None
        };
        let mut tw = TrainWeights::new();
        let mut rng = Rng(opts.seed | 1);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut emit: Vec<[f32; N]> = Vec::new();
        let mut pred = Vec::new();
        for epoch in 0..opts.epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let (mut words, mut wrong) = (0usize, 0usize);
            for &k in &order {
                let (sent, gold) = &data[k];
                let use_tags = !rng.chance(opts.tag_dropout);
                fz.sentence_features(&sent.words, use_tags, &mut s);
                let n = sent.words.len();
                emit.clear();
                for i in 0..n {
                    let mut row = [0f32; N];
                    tw.add(
                        &s.feats[s.offsets[i] as usize..s.offsets[i + 1] as usize],
                        &mut row,
                    );
                    emit.push(row);
                }
                viterbi(&emit, &tw.trans, &mut pred);
                tw.now += 1;
                words += n;
                if pred != *gold {
                    for i in 0..n {
                        let (g, p) = (gold[i], pred[i]);
                        let gp = if i == 0 { START } else { gold[i - 1] };
                        let pp = if i == 0 { START } else { pred[i - 1] };
                        if g != p {
                            wrong += 1;
                            let f = &s.feats[s.offsets[i] as usize..s.offsets[i + 1] as usize];
                            tw.update(f, g, 1.0, allowed_feats.as_ref());
                            tw.update(f, p, -1.0, allowed_feats.as_ref());
                        }
                        if (gp, g) != (pp, p) {
                            tw.update_trans(gp, g, 1.0);
                            tw.update_trans(pp, p, -1.0);
                        }
                    }
                }
            }
            progress(&format!(
                "epoch {}: {:.2}% of words mistagged",
                epoch + 1,
                100.0 * wrong as f64 / words.max(1) as f64
            ));
        }
        let (weights, trans) = tw.average();
        progress(&format!("{} feature rows", weights.rows.len()));
        EntityTagger {
            fz,
            weights,
            trans,
            bias: 0.0,
        }
    }

    /// Initial scores: the bias on classes that start an entity.
    fn start_row(&self) -> [f32; N] {
        std::array::from_fn(|c| match class_parts(c) {
            Some((_, p)) if p == POS_B || p == POS_U => self.bias,
            _ => 0.0,
        })
    }

    /// Set the score bonus of entity starts (saved with the model): positive values find
    /// more entities (recall up, precision down).
    pub fn set_bias(&mut self, bias: f32) {
        self.bias = bias;
    }

    /// Tag class ids for the words.
    fn tag_ids(&self, words: &[Word]) -> Vec<usize> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Scratch, Vec<[f32; N]>)> =
                std::cell::RefCell::new((Scratch::default(), Vec::new()));
        }
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (s, emit) = &mut *guard;
            self.fz.sentence_features(words, true, s);
            emit.clear();
            for i in 0..words.len() {
                let mut row = self.start_row();
                self.weights.add(
                    &s.feats[s.offsets[i] as usize..s.offsets[i + 1] as usize],
                    &mut row,
                );
                emit.push(row);
            }
            let mut out = Vec::with_capacity(words.len());
            viterbi(emit, &self.trans, &mut out);
            out
        })
    }

    /// BIO tags (`"B-PER"`, `"I-ORG"`, `"O"`, …) for the words: their forms, and their
    /// UPOS/XPOS when filled.
    #[must_use]
    pub fn tag(&self, words: &[Word]) -> Vec<String> {
        self.tag_str(words).into_iter().map(String::from).collect()
    }

    /// As [`EntityTagger::tag`], without allocating a string per word.
    #[must_use]
    pub fn tag_str(&self, words: &[Word]) -> Vec<&'static str> {
        self.tag_ids(words).into_iter().map(bio_of).collect()
    }

    /// Number of feature rows (a size measure).
    #[must_use]
    pub fn n_features(&self) -> usize {
        self.weights.rows.len()
    }

    /// Save the model (kind `ner`).
    pub fn save(&self, path: &Path) -> crate::Result<()> {
        crate::model::write_model(path, MODEL_KIND, MODEL_VERSION, |w| self.write(w))
    }

    fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        w.write_all(&(N as u32).to_le_bytes())?;
        w.write_all(&self.bias.to_le_bytes())?;
        for row in &self.trans {
            for v in row {
                w.write_all(&v.to_le_bytes())?;
            }
        }
        let gaz = self.fz.gaz.text.as_bytes();
        w.write_all(&(gaz.len() as u64).to_le_bytes())?;
        w.write_all(gaz)?;
        let mut lex: Vec<(u64, u8)> = self.fz.lex.classes.iter().map(|(k, v)| (*k, *v)).collect();
        lex.sort_unstable();
        w.write_all(&(lex.len() as u64).to_le_bytes())?;
        for (k, v) in lex {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&[v])?;
        }
        // Weights quantised to i16 with one scale.
        let max = self.weights.w.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows: Vec<(u64, u32)> = self.weights.rows.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_unstable();
        w.write_all(&scale.to_le_bytes())?;
        w.write_all(&(rows.len() as u64).to_le_bytes())?;
        // Keys delta-coded (sorted), then the weights column by column: both compress well.
        let mut prev = 0u64;
        for (k, _) in &rows {
            w.write_all(&(k - prev).to_le_bytes())?;
            prev = *k;
        }
        for c in 0..N {
            for (_, r) in &rows {
                let v = self.weights.w[*r as usize * N + c];
                let q = (v / scale).round().clamp(-32767.0, 32767.0) as i16;
                w.write_all(&q.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Load a model written by [`EntityTagger::save`].
    pub fn load(path: &Path) -> crate::Result<EntityTagger> {
        let bytes = crate::model::read_model(path, MODEL_KIND, MODEL_VERSION)?;
        Self::parse(&bytes).map_err(|reason| crate::Error::Model {
            path: path.display().to_string(),
            reason,
        })
    }

    fn parse(bytes: &[u8]) -> Result<EntityTagger, String> {
        let mut r = Bytes::new(bytes);
        let n = r.u32()? as usize;
        if n != N {
            return Err(format!("{n} classes, expected {N}"));
        }
        let bias = r.f32()?;
        if !bias.is_finite() {
            return Err("bad bias".into());
        }
        let mut trans = [[0f32; N]; N + 1];
        for row in &mut trans {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let glen = r.count(1)?;
        let gaz =
            std::str::from_utf8(r.take(glen)?).map_err(|_| "gazetteer is not UTF-8".to_string())?;
        let gaz = Gazetteer::parse(gaz);
        let nlex = r.count(9)?;
        let mut classes = IdMap::default();
        classes.reserve(nlex);
        for _ in 0..nlex {
            let k = r.u64()?;
            let v = r.take(1)?[0];
            classes.insert(k, v);
        }
        let scale = r.f32()?;
        if !scale.is_finite() {
            return Err("bad weight scale".into());
        }
        let nrows = r.count(8 + 2 * N)?;
        let mut rows = IdMap::default();
        rows.reserve(nrows);
        let mut key = 0u64;
        for i in 0..nrows {
            key = key.wrapping_add(r.u64()?);
            rows.insert(key, i as u32);
        }
        let mut w = vec![0f32; nrows * N];
        for c in 0..N {
            for i in 0..nrows {
                w[i * N + c] = f32::from(r.i16()?) * scale;
            }
        }
        if r.remaining() != 0 {
            return Err("trailing data after the weights".into());
        }
        Ok(EntityTagger {
            fz: Featurizer {
                gaz,
                lex: Lexicon { classes },
            },
            weights: Weights { rows, w },
            trans,
            bias,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Data

/// Read a UNER IOB2 file: tab-separated `id form tag …` lines, `#` comments, blank lines
/// between sentences.
pub fn read_iob2(path: &Path) -> crate::Result<Vec<NerSentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse_iob2(&text).map_err(|(line, reason)| crate::Error::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("line {line}: {reason}"),
        ),
    })
}

/// Parse IOB2 text; errors carry the 1-based line number.
pub fn parse_iob2(text: &str) -> Result<Vec<NerSentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut cur = NerSentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(_id), Some(form), Some(tag)) = (cols.next(), cols.next(), cols.next()) else {
            return Err((n + 1, "expected at least 3 tab-separated columns".into()));
        };
        let ok = tag == "O"
            || tag
                .split_once('-')
                .is_some_and(|(p, t)| (p == "B" || p == "I") && !t.is_empty());
        if !ok {
            return Err((n + 1, format!("bad tag {tag:?}")));
        }
        cur.words.push(Word {
            form: form.to_string(),
            ..Word::default()
        });
        cur.tags.push(tag.to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Copy UPOS/XPOS from treebank sentences onto NER sentences with the same word forms.
/// Returns how many sentences got tags.
pub fn attach_tags(ner: &mut [NerSentence], treebank: &[Sentence]) -> usize {
    let key = |ws: &[Word]| -> String {
        let mut k = String::new();
        for w in ws {
            k.push_str(&w.form);
            k.push('\u{1}');
        }
        k
    };
    let mut by_forms: HashMap<String, &Sentence> = HashMap::new();
    for s in treebank {
        by_forms.insert(key(&s.words), s);
    }
    let mut hits = 0;
    for s in ner.iter_mut() {
        if let Some(t) = by_forms.get(&key(&s.words)) {
            for (w, tw) in s.words.iter_mut().zip(&t.words) {
                w.upos.clone_from(&tw.upos);
                w.xpos.clone_from(&tw.xpos);
            }
            hits += 1;
        }
    }
    hits
}

/// One GUM `Entity=` span (word indices, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GumSpan {
    /// First word (0-based).
    pub start: usize,
    /// Last word (0-based, inclusive).
    pub end: usize,
    /// Entity type (`person`, `place`, …).
    pub etype: String,
    /// Wikification identity, empty when none.
    pub identity: String,
}

/// Parse the `Entity=` bracket notation of a sentence's MISC column into spans. Spans left
/// open at the end of the sentence, and closings without an opening, are ignored.
#[must_use]
pub fn gum_spans(words: &[Word]) -> Vec<GumSpan> {
    let mut open: Vec<(String, GumSpan)> = Vec::new();
    let mut out = Vec::new();
    for (j, w) in words.iter().enumerate() {
        let Some(e) = w.misc_value("Entity") else {
            continue;
        };
        let b = e.as_bytes();
        let mut p = 0;
        while p < b.len() {
            if b[p] == b'(' {
                let q = b[p + 1..]
                    .iter()
                    .position(|&c| c == b'(' || c == b')')
                    .map_or(b.len(), |k| p + 1 + k);
                let label = &e[p + 1..q];
                let mut parts = label.split('-');
                let id = parts.next().unwrap_or("").to_string();
                let etype = parts.next().unwrap_or("").to_string();
                let identity = label.splitn(8, '-').nth(7).unwrap_or("").to_string();
                let span = GumSpan {
                    start: j,
                    end: j,
                    etype,
                    identity,
                };
                p = q;
                if p < b.len() && b[p] == b')' {
                    out.push(span);
                    p += 1;
                } else {
                    open.push((id, span));
                }
            } else {
                let q = b[p..]
                    .iter()
                    .position(|&c| c == b')')
                    .map_or(b.len(), |k| p + k);
                let id = &e[p..q];
                if let Some(k) = open.iter().rposition(|(i, _)| i == id) {
                    let (_, mut span) = open.remove(k);
                    span.end = j;
                    out.push(span);
                }
                p = q + 1;
            }
        }
    }
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}

/// Words before a name that UNER leaves out of it.
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "senator",
    "sen.",
    "gov.",
    "governor",
    "rep.",
    "representative",
    "mayor",
    "judge",
    "justice",
    "chancellor",
    "premier",
    "secretary",
    "general",
    "gen.",
    "col.",
    "colonel",
    "lt.",
    "lieutenant",
    "capt.",
    "captain",
    "sgt.",
    "sergeant",
    "major",
    "commander",
    "admiral",
    "officer",
    "ambassador",
    "pope",
    "saint",
    "st.",
    "father",
    "rev.",
    "reverend",
    "rabbi",
    "imam",
    "sheikh",
    "ayatollah",
    "chairman",
    "ceo",
    "director",
    "professor",
    "doctor",
    "queen",
    "king",
    "prince",
    "princess",
    "emperor",
    "uncle",
    "aunt",
    "coach",
    "chief",
    "detective",
    "inspector",
    "agent",
    "attorney",
    "deputy",
    "speaker",
    "leader",
    "former",
    "late",
    "the",
    "a",
    "an",
];

const CONNECTORS: &[&str] = &[
    "of", "the", "and", "&", "de", "du", "des", "la", "le", "del", "della", "da", "von", "van",
    "der", "den", "al", "el", "bin", "ibn", "-", "'s", "for", "on", "upon", "y", "du",
];

/// True for words in the built-in gazetteer's demonym list (`Israeli`, `Shiites`).
fn is_demonym(form: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        let mut in_section = false;
        let mut set = HashSet::new();
        for line in BUILTIN_GAZETTEER.lines() {
            if let Some(name) = line.strip_prefix("## ") {
                in_section = name.trim() == "demonym";
            } else if in_section && !line.starts_with('#') {
                set.insert(line.trim().to_lowercase());
            }
        }
        set
    });
    set.contains(&form.to_lowercase())
}

fn is_upper_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn namey(w: &Word) -> bool {
    w.upos == "PROPN"
        || (is_upper_initial(&w.form) && matches!(w.upos.as_str(), "NOUN" | "ADJ" | "VERB" | "X"))
        || (w.upos == "NUM" && w.form.chars().any(|c| c.is_ascii_digit()))
}

fn lower_is(form: &str, list: &[&str]) -> bool {
    let mut buf = String::new();
    lower_into(form, &mut buf);
    list.contains(&buf.as_str())
}

/// The named part of a GUM span, if any: the run of name words around the span's syntactic
/// head, without leading determiners or titles and without trailing connectors.
fn name_core(words: &[Word], span: &GumSpan) -> Option<(usize, usize)> {
    let (s, e) = (span.start, span.end);
    let inside = |h: Option<usize>| h.is_some_and(|h| h > s && h <= e + 1);
    let head = (s..=e).find(|&k| !inside(words[k].head)).unwrap_or(e);
    let hw = &words[head];
    let ok = hw.upos == "PROPN" || (!span.identity.is_empty() && namey(hw));
    if !ok || hw.upos == "NUM" {
        return None;
    }
    let mut a = head;
    while a > s {
        let w = &words[a - 1];
        if namey(w) || (lower_is(&w.form, CONNECTORS) && w.form != "'s") {
            a -= 1;
        } else {
            break;
        }
    }
    let mut b = head;
    while b < e {
        let w = &words[b + 1];
        let next_namey = b + 2 <= e && namey(&words[b + 2]);
        if namey(w) || (lower_is(&w.form, CONNECTORS) && next_namey) {
            b += 1;
        } else {
            break;
        }
    }
    // trim
    while a < head
        && (lower_is(&words[a].form, CONNECTORS)
            || lower_is(&words[a].form, TITLES)
            || words[a].upos == "DET"
            || words[a].upos == "NUM")
    {
        a += 1;
    }
    while b > head && lower_is(&words[b].form, CONNECTORS) {
        b -= 1;
    }
    Some((a, b))
}

/// GUM sentences with UNER-style entity tags from their `Entity=` spans: person → PER,
/// organization → ORG, place → LOC, only spans whose head is a proper name, outermost first,
/// trimmed to the name. Documents of the NC-licensed genres (`GUM_whow_…`, `GUM_fiction_…`)
/// are left out.
#[must_use]
pub fn gum_entities(sentences: &[Sentence]) -> Vec<NerSentence> {
    let mut doc = String::new();
    let mut out = Vec::new();
    for s in sentences {
        if let Some(d) = s
            .comments
            .iter()
            .find_map(|c| c.strip_prefix("newdoc id = "))
        {
            doc = d.trim().to_string();
        }
        let id = s.id().unwrap_or(&doc);
        let excluded = |x: &str| x.starts_with("GUM_whow_") || x.starts_with("GUM_fiction_");
        if excluded(id) || excluded(&doc) {
            continue;
        }
        let mut tags = vec![String::from("O"); s.words.len()];
        let mut taken = vec![false; s.words.len()];
        for span in gum_spans(&s.words) {
            let ty = match span.etype.as_str() {
                "person" => "PER",
                "organization" => "ORG",
                "place" => "LOC",
                _ => continue,
            };
            let Some((a, b)) = name_core(&s.words, &span) else {
                continue;
            };
            let not_a_name = s.words[a..=b].iter().all(|w| lower_is(&w.form, TITLES))
                || (a == b && is_demonym(&s.words[a].form));
            if not_a_name {
                continue;
            }
            if taken[a..=b].iter().any(|&t| t) {
                continue;
            }
            for k in a..=b {
                taken[k] = true;
                tags[k] = format!("{}-{ty}", if k == a { "B" } else { "I" });
            }
        }
        out.push(NerSentence {
            words: s.words.clone(),
            tags,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// Precision, recall and F1 of one entity type (or all).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypeScores {
    /// `PER`, `ORG`, `LOC`.
    pub label: String,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Predicted spans that match a gold span exactly (bounds and type).
    pub correct: usize,
    /// correct / predicted.
    pub precision: f64,
    /// correct / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl TypeScores {
    fn finish(mut self) -> Self {
        self.precision = ratio(self.correct, self.predicted);
        self.recall = ratio(self.correct, self.gold);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
        self
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Exact span-and-type scores, micro-averaged over PER/ORG/LOC.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NerScores {
    /// Micro precision.
    pub precision: f64,
    /// Micro recall.
    pub recall: f64,
    /// Micro F1.
    pub f1: f64,
    /// All types together (counts and the same three figures).
    pub micro: TypeScores,
    /// Per type, in the order PER, ORG, LOC.
    pub per_type: Vec<TypeScores>,
}

/// Spans `(start, end exclusive, type)` of a BIO sequence, conlleval-style: an `I-X` that does
/// not continue an `X` starts a new span.
#[must_use]
pub fn spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, ty) = t.split_once('-').unwrap_or(("O", ""));
        let cont = prefix == "I" && cur.is_some_and(|(_, c)| c == ty);
        if cont {
            continue;
        }
        if let Some((s, c)) = cur.take() {
            out.push((s, i, c.to_string()));
        }
        if prefix == "B" || prefix == "I" {
            cur = Some((i, ty));
        }
    }
    if let Some((s, c)) = cur {
        out.push((s, tags.len(), c.to_string()));
    }
    out
}

/// Score predicted tag sequences against gold ones (same sentences, same lengths; extra
/// words on either side count as `O`). Only PER, ORG and LOC spans count.
#[must_use]
pub fn score(gold: &[Vec<String>], pred: &[Vec<String>]) -> NerScores {
    let mut per: Vec<TypeScores> = TYPES
        .iter()
        .map(|t| TypeScores {
            label: (*t).to_string(),
            ..TypeScores::default()
        })
        .collect();
    let empty: Vec<String> = Vec::new();
    for (k, g) in gold.iter().enumerate() {
        let p = pred.get(k).unwrap_or(&empty);
        let gs = spans(g);
        let ps = spans(p);
        for (set, which) in [(&gs, 0), (&ps, 1)] {
            for (_, _, t) in set {
                if let Some(x) = per.iter_mut().find(|x| &x.label == t) {
                    if which == 0 {
                        x.gold += 1;
                    } else {
                        x.predicted += 1;
                    }
                }
            }
        }
        for sp in &ps {
            if gs.contains(sp) {
                if let Some(x) = per.iter_mut().find(|x| x.label == sp.2) {
                    x.correct += 1;
                }
            }
        }
    }
    let micro = TypeScores {
        label: "micro".into(),
        gold: per.iter().map(|x| x.gold).sum(),
        predicted: per.iter().map(|x| x.predicted).sum(),
        correct: per.iter().map(|x| x.correct).sum(),
        ..TypeScores::default()
    }
    .finish();
    NerScores {
        precision: micro.precision,
        recall: micro.recall,
        f1: micro.f1,
        micro,
        per_type: per.into_iter().map(TypeScores::finish).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word> {
        s.split(' ')
            .map(|f| Word {
                form: f.into(),
                ..Word::default()
            })
            .collect()
    }

    #[test]
    fn viterbi_respects_bilou() {
        // Emissions prefer I-PER everywhere and B-PER at the end; neither may be chosen
        // there: the best valid sequence is B-PER L-PER.
        let mut emit = [[0.0; N]; 2];
        emit[0][1 + POS_I] = 5.0;
        emit[1][1 + POS_I] = 5.0;
        emit[1][1 + POS_B] = 4.0;
        emit[0][1 + POS_B] = 1.0;
        emit[1][1 + POS_L] = 1.0;
        let trans = [[0.0; N]; N + 1];
        let mut out = Vec::new();
        viterbi(&emit, &trans, &mut out);
        assert_eq!(out, vec![1 + POS_B, 1 + POS_L]);
        assert_eq!(
            out.iter().map(|&c| bio_of(c)).collect::<Vec<_>>(),
            ["B-PER", "I-PER"]
        );
    }

    #[test]
    fn gazetteer_marks_multiword_matches() {
        let g = Gazetteer::parse("## city\nTel Aviv\nParis\n## org\nCoca-Cola\n");
        let ws = words("in Tel Aviv and coca - cola");
        let mut lower = String::new();
        let hashes: Vec<u64> = ws
            .iter()
            .map(|w| {
                lower_into(&w.form, &mut lower);
                feature(T_LOWER, &lower)
            })
            .collect();
        let (mut codes, mut ranges) = (Vec::new(), Vec::new());
        g.codes(&hashes, &mut codes, &mut ranges);
        let at = |i: usize| codes[ranges[i].0 as usize..ranges[i].1 as usize].to_vec();
        assert_eq!(at(0), Vec::<u16>::new());
        assert_eq!(at(1), vec![4]); // city, B
        assert_eq!(at(2), vec![4 + 2]); // city, L
        assert_eq!(at(4), vec![3 * 4]); // org, B
        assert_eq!(at(6), vec![3 * 4 + 2]);
    }

    #[test]
    fn bio_to_bilou_and_back() {
        let t: Vec<String> = [
            "O", "I-PER", "I-PER", "I-LOC", "B-ORG", "I-ORG", "I-ORG", "B-MISC",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ids = tag_ids(&t);
        let org = 1 + 4;
        let loc = 1 + 8;
        assert_eq!(
            ids,
            vec![
                0,
                1 + POS_B,
                1 + POS_L,
                loc + POS_U,
                org + POS_B,
                org + POS_I,
                org + POS_L,
                0
            ]
        );
        let back: Vec<&str> = ids.iter().map(|&c| bio_of(c)).collect();
        assert_eq!(
            back,
            ["O", "B-PER", "I-PER", "B-LOC", "B-ORG", "I-ORG", "I-ORG", "O"]
        );
        for w in ids.windows(2) {
            assert!(allowed(w[0], w[1]), "{w:?}");
        }
        assert!(!allowed(START, 1 + POS_I));
        assert!(!allowed(1 + POS_B, 0));
        assert!(!allowed(1 + POS_B, org + POS_L));
        assert!(may_end(0) && may_end(loc + POS_U) && !may_end(1 + POS_B));
    }
}
