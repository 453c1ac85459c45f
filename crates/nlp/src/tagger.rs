//! Part-of-speech and morphology tagger for English: UPOS, XPOS (Penn Treebank), FEATS and,
//! through [`crate::lemma`], LEMMA, on given tokens.
//!
//! # Model
//!
//! - **Tags.** Every `UPOS|XPOS` pair seen in training is one class (about 120), so the two tag
//!   sets are predicted jointly and always agree. Decoding is greedy, left to right, by an
//!   averaged perceptron over hashed features: the word, its lowercase form, prefixes (1–3) and
//!   suffixes (1–4), shape (`Xxxx`, `dd`, `X.X.`), flags (digit, hyphen, capitals, period),
//!   frequency class, the two previous predicted tags, the two previous and next words with
//!   their suffixes and shapes, the *ambiguity classes* of the word and its neighbours (the set
//!   of tags each was seen with in training, standing in for right-context tags) and whether
//!   the sentence is title-cased.
//! - **Second pass.** A second model re-tags the words with the first pass's tags of the next
//!   two words as extra features; words the first pass is sure of (margin above
//!   [`TrainOptions::pass2_margin`]) keep their tag.
//! - **Tag dictionary.** Words seen often enough with a single tag get it without scoring.
//! - **FEATS.** The whole FEATS string is one class, chosen by a third perceptron among the
//!   strings seen with the predicted tag, from the word, its suffixes and its context (the
//!   nearest pronoun or noun on its left decides `Number`/`Person` of verbs; an auxiliary on
//!   its left decides `Voice=Pass`). Words seen often with one FEATS string for their tag
//!   (in the target corpus) get it from a dictionary.
//! - **Lemmas** come from the [`Lemmatizer`] stored in the same model file.
//!
//! # Training
//!
//! [`Tagger::train`] is deterministic: sentences are shuffled each epoch by a seeded xorshift
//! generator ([`XorShift`]). Sentences of other corpora ([`TrainOptions::other_domains`], GUM
//! by default) train domain-specific copies of the features besides the shared ones, so their
//! different conventions (GUM's FEATS) do not blur the target's (EWT); only the shared and the
//! target's weights are kept. Words seen once sometimes lose their identity in training (word
//! dropout), so that the features unknown words depend on learn too.
//!
//! # Speed
//!
//! The averaged weights are pruned, quantized to `i16` and stored in one arena behind an
//! open-addressing table; lookups run in batches so that their cache misses overlap. The
//! scores of the word-only features of the most frequent words are cached at load time.
//! Tagging allocates nothing per token (buffers are per thread and reused).

use crate::conllu::{Sentence, Word};
use crate::lemma::Lemmatizer;
use crate::perceptron::{Hasher64, IdHasher};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::path::Path;

/// Model kind in the container header.
pub const KIND: &str = "tagger";
/// Model format version.
pub const VERSION: u32 = 3;

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

// ---------------------------------------------------------------------------------------------
// Deterministic RNG
// ---------------------------------------------------------------------------------------------

/// A tiny xorshift64* generator, for deterministic shuffling.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (any value, zero included).
    #[must_use]
    pub fn new(seed: u64) -> Self {
        XorShift(seed ^ 0x9e37_79b9_7f4a_7c15 | 1)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sparse averaged perceptron (training) and compact weights (inference)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u16,
    w: f32,
    u: f64,
}

/// A sparse averaged perceptron for training: each feature keeps only the classes it was
/// updated for, so a hundred classes and millions of features fit in little memory.
/// Averaging uses `avg = w - u / c` (Daumé's trick).
///
/// Domain adaptation by feature augmentation: an instance of domain `d > 0` also updates a
/// domain-specific copy of each feature; [`SparseTrainer::finish`] folds the copies of the
/// target domain into the shared weights, so inference costs nothing extra.
#[derive(Debug)]
pub(crate) struct SparseTrainer {
    n: usize,
    map: IdMap<u32>,
    rows: Vec<Vec<Cell>>,
    /// Domain of each row (0: shared).
    row_domain: Vec<u8>,
    c: f64,
}

#[inline]
fn domain_key(f: u64, d: u8) -> u64 {
    Hasher64::new(7000 + u32::from(d)).int(f).finish()
}

impl SparseTrainer {
    pub(crate) fn new(n: usize) -> Self {
        SparseTrainer {
            n,
            map: IdMap::default(),
            rows: Vec::new(),
            row_domain: Vec::new(),
            c: 1.0,
        }
    }

    /// One instance seen.
    pub(crate) fn tick(&mut self) {
        self.c += 1.0;
    }

    fn add_row(&self, f: u64, out: &mut [f32], averaged: bool) {
        let inv = 1.0 / self.c;
        if let Some(&r) = self.map.get(&f) {
            for cell in &self.rows[r as usize] {
                let w = if averaged {
                    (f64::from(cell.w) - cell.u * inv) as f32
                } else {
                    cell.w
                };
                out[cell.class as usize] += w;
            }
        }
    }

    /// Add scores (current weights, or averaged ones) of an instance of `domain` into `out`.
    pub(crate) fn add_scores(&self, feats: &[u64], out: &mut [f32], averaged: bool, domain: u8) {
        for &f in feats {
            self.add_row(f, out, averaged);
            if domain > 0 {
                self.add_row(domain_key(f, domain), out, averaged);
            }
        }
    }

    fn bump(&mut self, f: u64, class: u16, d: f32, domain: u8) {
        let next = self.rows.len() as u32;
        let r = *self.map.entry(f).or_insert(next);
        if r == next {
            self.rows.push(Vec::new());
            self.row_domain.push(domain);
        }
        let row = &mut self.rows[r as usize];
        let c = self.c;
        if let Some(cell) = row.iter_mut().find(|x| x.class == class) {
            cell.w += d;
            cell.u += c * f64::from(d);
        } else {
            row.push(Cell {
                class,
                w: d,
                u: c * f64::from(d),
            });
        }
    }

    /// Standard update: `truth` up, `guess` down (nothing when equal).
    pub(crate) fn learn(&mut self, truth: usize, guess: usize, feats: &[u64], domain: u8) {
        if truth == guess {
            return;
        }
        for &f in feats {
            self.bump(f, truth as u16, 1.0, 0);
            self.bump(f, guess as u16, -1.0, 0);
            if domain > 0 {
                let k = domain_key(f, domain);
                self.bump(k, truth as u16, 1.0, domain);
                self.bump(k, guess as u16, -1.0, domain);
            }
        }
    }

    fn averaged_row(&self, r: usize, inv: f64, into: &mut Vec<(u16, f32)>) {
        for c in &self.rows[r] {
            let w = (f64::from(c.w) - c.u * inv) as f32;
            match into.iter_mut().find(|x| x.0 == c.class) {
                Some(x) => x.1 += w,
                None => into.push((c.class, w)),
            }
        }
    }

    /// Average, fold in the weights specific to `target` (a domain, 0 for none), drop weights
    /// below `min_abs`, and pack.
    pub(crate) fn finish(&self, min_abs: f32, target: u8) -> Weights {
        let mut keys: Vec<(u64, u32)> = self
            .map
            .iter()
            .filter(|(_, r)| self.row_domain[**r as usize] == 0)
            .map(|(k, v)| (*k, *v))
            .collect();
        keys.sort_unstable();
        let inv = 1.0 / self.c;
        let mut rows = Vec::with_capacity(keys.len());
        for (k, r) in keys {
            let mut cells = Vec::new();
            self.averaged_row(r as usize, inv, &mut cells);
            if target > 0 {
                if let Some(&rt) = self.map.get(&domain_key(k, target)) {
                    self.averaged_row(rt as usize, inv, &mut cells);
                }
            }
            cells.retain(|(_, w)| w.abs() >= min_abs.max(1e-6));
            if cells.is_empty() {
                continue;
            }
            cells.sort_unstable_by_key(|c| c.0);
            rows.push((k, cells));
        }
        Weights::from_rows(self.n, rows)
    }
}

/// Averaged perceptron weights for inference, quantized to `i16` steps of `scale`.
///
/// Feature hash → row through an open-addressing table of `u64` slots (32-bit fingerprint of
/// the key, 32-bit row start; 0 is an empty slot). Rows live in one `i16` arena: a header (the
/// number of cells, or `-1` for a dense row), then either the cells' classes and weights or
/// `n` weights. Scores add up as `i32`, exactly. Two features whose hashes agree on the slot
/// bits and the fingerprint would share a row: with 64-bit hashes this does not happen in
/// practice.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    n: usize,
    slots: Vec<u64>,
    mask: usize,
    arena: Vec<i16>,
    scale: f32,
    rows: usize,
}

#[inline]
fn fingerprint(k: u64) -> u64 {
    (k >> 32) | 1
}

impl Weights {
    fn from_rows(n: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
        let max = rows
            .iter()
            .flat_map(|(_, c)| c.iter().map(|x| x.1.abs()))
            .fold(0.0f32, f32::max);
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        let q = |v: f32| (v / scale).round().clamp(-32767.0, 32767.0) as i16;
        Self::from_quantized(
            n,
            scale,
            rows.into_iter()
                .map(|(k, c)| (k, c.into_iter().map(|(c, v)| (c, q(v))).collect()))
                .collect(),
        )
    }

    fn from_quantized(n: usize, scale: f32, rows: Vec<(u64, Vec<(u16, i16)>)>) -> Weights {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = Weights {
            n,
            slots: vec![0; cap],
            mask: cap - 1,
            arena: Vec::new(),
            scale,
            rows: rows.len(),
        };
        let dense_from = (n / 3).max(8);
        for (k, cells) in rows {
            let start = w.arena.len() as u64;
            if cells.len() >= dense_from {
                w.arena.push(-1);
                let at = w.arena.len();
                w.arena.extend(std::iter::repeat_n(0, n));
                for (c, v) in cells {
                    if let Some(x) = w.arena.get_mut(at + c as usize) {
                        *x = v;
                    }
                }
            } else {
                w.arena.push(cells.len() as i16);
                w.arena.extend(cells.iter().map(|c| c.0 as i16));
                w.arena.extend(cells.iter().map(|c| c.1));
            }
            let mut s = (k as usize) & w.mask;
            while w.slots[s] != 0 {
                s = (s + 1) & w.mask;
            }
            w.slots[s] = fingerprint(k) << 32 | start;
        }
        w
    }

    /// Number of classes.
    pub(crate) fn n_classes(&self) -> usize {
        self.n
    }

    /// Number of feature rows and of `i16` values stored.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.rows, self.arena.len())
    }

    /// The size of one score unit.
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// The arena start of the row of feature `f`, if any.
    #[inline]
    fn find(&self, f: u64, first: u64) -> Option<usize> {
        let fp = fingerprint(f);
        let mut s = (f as usize) & self.mask;
        let mut slot = first;
        loop {
            if slot == 0 {
                return None;
            }
            if slot >> 32 == fp {
                return Some((slot & 0xffff_ffff) as usize);
            }
            s = (s + 1) & self.mask;
            slot = self.slots[s];
        }
    }

    /// Add the scores of `feats` into `out` (length [`Weights::n_classes`]), in units of
    /// [`Weights::scale`].
    ///
    /// Lookups go in phases over batches of features (first slots, then row headers, then
    /// the rows) so that their cache misses overlap instead of following one another.
    #[inline]
    pub(crate) fn add_scores(&self, feats: &[u64], out: &mut [i32]) {
        const B: usize = 32;
        let n = self.n;
        if out.len() < n || self.slots.is_empty() {
            return;
        }
        let out = &mut out[..n];
        let mut first = [0u64; B];
        let mut starts = [0usize; B];
        let mut lens = [0i16; B];
        for chunk in feats.chunks(B) {
            for (d, &f) in first.iter_mut().zip(chunk) {
                *d = self.slots[(f as usize) & self.mask];
            }
            let mut m = 0;
            for (&f, &sl) in chunk.iter().zip(&first) {
                if let Some(a) = self.find(f, sl) {
                    starts[m] = a;
                    m += 1;
                }
            }
            for (l, &a) in lens.iter_mut().zip(&starts[..m]) {
                *l = self.arena[a];
            }
            for (&a, &len) in starts[..m].iter().zip(&lens) {
                if len < 0 {
                    for (o, w) in out.iter_mut().zip(&self.arena[a + 1..a + 1 + n]) {
                        *o += i32::from(*w);
                    }
                } else {
                    let len = len as usize;
                    let cls = &self.arena[a + 1..a + 1 + len];
                    let ws = &self.arena[a + 1 + len..a + 1 + 2 * len];
                    for (c, w) in cls.iter().zip(ws) {
                        if let Some(o) = out.get_mut(*c as u16 as usize) {
                            *o += i32::from(*w);
                        }
                    }
                }
            }
        }
    }

    pub(crate) fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        put_u32(w, self.n as u32)?;
        w.write_all(&self.scale.to_le_bytes())?;
        let mut rows: Vec<(u64, usize)> = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != 0)
            .map(|(i, s)| (*s, i))
            .collect();
        // Order rows by (slot index): the table is rebuilt identically on reading since the
        // index and fingerprint are all a lookup uses.
        rows.sort_unstable_by_key(|r| r.1);
        put_u64(w, self.slots.len() as u64)?;
        put_u64(w, rows.len() as u64)?;
        let mut prev = 0usize;
        for (_, i) in &rows {
            put_var(w, (*i - prev) as u64)?;
            prev = *i;
        }
        for (s, _) in &rows {
            put_u32(w, (s >> 32) as u32)?;
        }
        let cells = |s: u64| -> Vec<(u16, i16)> {
            let a = (s & 0xffff_ffff) as usize;
            let len = self.arena[a];
            if len < 0 {
                self.arena[a + 1..a + 1 + self.n]
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0)
                    .map(|(c, v)| (c as u16, *v))
                    .collect()
            } else {
                let len = len as usize;
                (0..len)
                    .map(|j| (self.arena[a + 1 + j] as u16, self.arena[a + 1 + len + j]))
                    .collect()
            }
        };
        for (s, _) in &rows {
            put_var(w, cells(*s).len() as u64)?;
        }
        for (s, _) in &rows {
            let mut prev = 0u16;
            for (c, _) in cells(*s) {
                put_var(w, u64::from(c - prev))?;
                prev = c;
            }
        }
        for (s, _) in &rows {
            for (_, v) in cells(*s) {
                put_var(w, zigzag(i64::from(v)))?;
            }
        }
        Ok(())
    }

    pub(crate) fn read(r: &mut Bytes<'_>) -> std::io::Result<Weights> {
        let n = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        let cap = r.u64()? as usize;
        let count = r.u64()? as usize;
        if n == 0
            || n > 32767
            || !scale.is_finite()
            || scale <= 0.0
            || !cap.is_power_of_two()
            || count > cap / 2 + 1
            || count > r.remaining()
        {
            return Err(invalid("implausible weight table dimensions"));
        }
        let mut idx = Vec::with_capacity(count);
        let mut at = 0u64;
        for j in 0..count {
            let d = r.var()?;
            if j > 0 && d == 0 {
                return Err(invalid("repeated slot"));
            }
            at += d;
            if at >= cap as u64 {
                return Err(invalid("slot out of range"));
            }
            idx.push(at as usize);
        }
        let mut fps = Vec::with_capacity(count);
        for _ in 0..count {
            fps.push(u64::from(r.u32()?));
        }
        let mut lens = Vec::with_capacity(count);
        let mut total = 0usize;
        for _ in 0..count {
            let l = r.var()? as usize;
            if l > n || l == 0 {
                return Err(invalid("bad row length"));
            }
            total += l;
            lens.push(l);
        }
        if total > r.remaining() {
            return Err(invalid("truncated weight table"));
        }
        let mut cells: Vec<Vec<(u16, i16)>> = Vec::with_capacity(count);
        for &l in &lens {
            let mut row = Vec::with_capacity(l);
            let mut prev = 0u64;
            for j in 0..l {
                let d = r.var()?;
                if j > 0 && d == 0 {
                    return Err(invalid("repeated class in a row"));
                }
                prev += d;
                if prev >= n as u64 {
                    return Err(invalid("class out of range"));
                }
                row.push((prev as u16, 0));
            }
            cells.push(row);
        }
        for row in &mut cells {
            for c in row.iter_mut() {
                let v = unzigzag(r.var()?);
                c.1 = i16::try_from(v).map_err(|_| invalid("weight out of range"))?;
            }
        }
        let mut w = Weights {
            n,
            slots: vec![0; cap],
            mask: cap - 1,
            arena: Vec::with_capacity(total * 2 + count),
            scale,
            rows: count,
        };
        let dense_from = (n / 3).max(8);
        for ((i, fp), row) in idx.into_iter().zip(fps).zip(cells) {
            let start = w.arena.len() as u64;
            if row.len() >= dense_from {
                w.arena.push(-1);
                let at = w.arena.len();
                w.arena.extend(std::iter::repeat_n(0, n));
                for (c, v) in row {
                    w.arena[at + c as usize] = v;
                }
            } else {
                w.arena.push(row.len() as i16);
                w.arena.extend(row.iter().map(|c| c.0 as i16));
                w.arena.extend(row.iter().map(|c| c.1));
            }
            if fp & 1 == 0 {
                return Err(invalid("bad fingerprint"));
            }
            w.slots[i] = fp << 32 | start;
        }
        Ok(w)
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

// ---------------------------------------------------------------------------------------------
// Byte IO
// ---------------------------------------------------------------------------------------------

pub(crate) fn invalid(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.to_string())
}

pub(crate) fn put_u32(w: &mut dyn Write, v: u32) -> std::io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

pub(crate) fn put_u64(w: &mut dyn Write, v: u64) -> std::io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

pub(crate) fn put_var(w: &mut dyn Write, mut v: u64) -> std::io::Result<()> {
    let mut buf = [0u8; 10];
    let mut i = 0;
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            buf[i] = b;
            i += 1;
            break;
        }
        buf[i] = b | 0x80;
        i += 1;
    }
    w.write_all(&buf[..i])
}

pub(crate) fn put_str(w: &mut dyn Write, s: &str) -> std::io::Result<()> {
    put_var(w, s.len() as u64)?;
    w.write_all(s.as_bytes())
}

pub(crate) use crate::model::Bytes;

// ---------------------------------------------------------------------------------------------
// Word analysis
// ---------------------------------------------------------------------------------------------

/// Lowercase `s` into `out` (cleared first).
pub(crate) fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for c in s.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

/// The start of the last `k` characters of `s` (0 when `s` is shorter).
#[inline]
pub(crate) fn suffix_start(s: &str, k: usize) -> usize {
    if s.is_ascii() {
        return s.len().saturating_sub(k);
    }
    s.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i)
}

/// The end of the first `k` characters of `s` (its length when shorter).
#[inline]
fn prefix_end(s: &str, k: usize) -> usize {
    if s.is_ascii() {
        return s.len().min(k);
    }
    s.char_indices().nth(k).map_or(s.len(), |(i, _)| i)
}

const FLAG_DIGIT: u32 = 1;
const FLAG_HYPHEN: u32 = 2;
const FLAG_UPPER: u32 = 4;
const FLAG_ALL_UPPER: u32 = 8;
const FLAG_INIT_UPPER: u32 = 16;
const FLAG_PERIOD: u32 = 32;
const FLAG_ALPHA: u32 = 64;
const FLAG_OTHER: u32 = 128;

/// Shape (`Xxxxx` → `Xxxx`, runs capped at 4), short shape (runs collapsed: `Xx`) and flags.
fn shape(form: &str, buf: &mut String) -> (u64, u64, u32) {
    buf.clear();
    let mut flags = 0;
    let mut last = '\0';
    let mut run = 0;
    let mut n_alpha = 0;
    let mut n_upper = 0;
    let mut short = Hasher64::new(901);
    let mut first = true;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            n_alpha += 1;
            n_upper += 1;
            flags |= FLAG_UPPER | FLAG_ALPHA;
            if first {
                flags |= FLAG_INIT_UPPER;
            }
            'X'
        } else if c.is_alphabetic() {
            n_alpha += 1;
            flags |= FLAG_ALPHA;
            'x'
        } else if c.is_numeric() {
            flags |= FLAG_DIGIT;
            'd'
        } else {
            match c {
                '-' => flags |= FLAG_HYPHEN,
                '.' => flags |= FLAG_PERIOD,
                _ => flags |= FLAG_OTHER,
            }
            c
        };
        first = false;
        if k == last {
            run += 1;
        } else {
            run = 1;
            let mut b = [0u8; 4];
            short = short.str(k.encode_utf8(&mut b));
        }
        last = k;
        if run <= 4 {
            buf.push(k);
        }
    }
    if n_alpha > 0 && n_alpha == n_upper {
        flags |= FLAG_ALL_UPPER;
    }
    (Hasher64::new(900).str(buf).finish(), short.finish(), flags)
}

/// Frequency class: 0 for unseen or seen once, then ⌊log2 count⌋.
fn freq_class(count: u32) -> u8 {
    if count <= 1 {
        0
    } else {
        (32 - count.leading_zeros()) as u8
    }
}

/// What training says about a word.
#[derive(Debug, Clone, Copy, Default)]
struct LexEntry {
    /// Frequency class of the lowercase form.
    freq: u8,
    /// Ambiguity class id + 1 (0: none).
    amb: u32,
}

/// The atoms of one token that features are built from.
#[derive(Debug, Clone, Copy, Default)]
struct Tok {
    word: u64,
    lower: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    short: u64,
    flags: u32,
    freq: u8,
    amb: u64,
    ambx: u64,
    title: bool,
    dict: u16,
    /// Index in the score caches, or `NO_CACHE`.
    cache: u32,
}

const NO_TAG: u16 = u16::MAX;
const NO_CACHE: u32 = u32::MAX;
/// The identity of a hidden word (word dropout).
const UNK: u64 = 0x5eed_0000_0000_0001;

fn pad(i: u64) -> Tok {
    let h = Hasher64::new(999).int(i).finish();
    Tok {
        word: h,
        lower: h,
        pre: [h; 3],
        suf: [h; 4],
        shape: h,
        short: h,
        flags: 0,
        freq: 255,
        amb: h,
        ambx: h,
        title: false,
        dict: NO_TAG,
        cache: NO_CACHE,
    }
}

// ---------------------------------------------------------------------------------------------
// The tagger
// ---------------------------------------------------------------------------------------------

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// A word enters the tag dictionary when seen at least this often …
    pub dict_min_count: u32,
    /// … with one tag at least this share of the time.
    pub dict_min_share: f64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
    /// Passes of the FEATS classifier.
    pub feats_epochs: usize,
    /// Passes of the lemma-rule classifier.
    pub lemma_epochs: usize,
    /// Per mille of the occurrences of words seen once whose identity is hidden in training.
    pub word_dropout: u64,
    /// The second pass re-tags only words whose first-pass margin is below this (in weight
    /// units; infinity: all words).
    pub pass2_margin: f32,
    /// Number of frequent words whose word-only scores are cached (speed only).
    pub cache_words: usize,
    /// A word with a tag enters the FEATS dictionary when seen at least this often in the
    /// target domain, with one FEATS string 99% of the time.
    pub feats_dict_min_count: u32,
    /// Folds for jackknifing the first-pass tags the second pass learns from (below 2: none,
    /// the second pass learns from the first pass being trained).
    pub folds: usize,
    /// Sentences whose `sent_id` starts with one of these come from other corpora than the
    /// target (EWT): their annotation conventions (GUM's FEATS differ) are learned apart, by
    /// domain-specific copies of the features, and only the target's are kept.
    pub other_domains: Vec<String>,
}

/// The target domain's id in training.
pub(crate) const TARGET: u8 = 1;

impl TrainOptions {
    /// The training domain of a sentence: [`TARGET`], or 2 + the index of its prefix in
    /// `other_domains`.
    fn domain(&self, s: &Sentence) -> u8 {
        let id = s.id().unwrap_or("");
        self.other_domains
            .iter()
            .position(|p| id.starts_with(p.as_str()))
            .map_or(TARGET, |i| (i + 2).min(250) as u8)
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 42,
            dict_min_count: 10,
            dict_min_share: 0.99,
            prune: 1.0,
            feats_epochs: 6,
            lemma_epochs: 8,
            word_dropout: 500,
            pass2_margin: 30.0,
            cache_words: 5000,
            folds: 0,
            feats_dict_min_count: 5,
            other_domains: vec!["GUM_".to_string()],
        }
    }
}

/// Accuracy figures against gold annotation (gold tokenization), in percent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// FEATS (whole string) accuracy.
    pub ufeats: f64,
    /// UPOS, XPOS and FEATS all right.
    pub all_tags: f64,
    /// Lemma accuracy.
    pub lemma: f64,
}

/// A tag class: one `UPOS|XPOS` pair.
#[derive(Debug, Clone)]
struct TagClass {
    upos: String,
    xpos: String,
    /// FEATS classes seen with this tag, most frequent first.
    feats: Vec<u16>,
    /// Key of the tag for the lemmatizer.
    lemma_key: u64,
    /// What the FEATS features look for on the left of a word.
    kind: Kind,
}

/// Coarse kinds of tags for the FEATS features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Pronouns and determiners that can be subjects (by word).
    Pronoun,
    /// Nouns and numbers (by tag).
    Noun,
    /// Auxiliaries and modals.
    Aux,
    /// Clause boundaries: punctuation, conjunctions, subordinators.
    Boundary,
    /// Anything else.
    Other,
}

impl Kind {
    fn of(upos: &str, xpos: &str) -> Kind {
        if matches!(xpos, "PRP" | "EX" | "WP" | "WDT" | "DT") {
            Kind::Pronoun
        } else if matches!(xpos, "NN" | "NNS" | "NNP" | "NNPS" | "CD") {
            Kind::Noun
        } else if upos == "AUX" {
            Kind::Aux
        } else if matches!(upos, "PUNCT" | "CCONJ" | "SCONJ") {
            Kind::Boundary
        } else {
            Kind::Other
        }
    }
}

/// The tagger: tags, features and lemmas. See the [module docs](self).
#[derive(Debug)]
pub struct Tagger {
    tags: Vec<TagClass>,
    /// Exact form hash → tag (tag dictionary).
    dict: IdMap<u16>,
    /// Lowercase form hash → frequency / ambiguity class.
    lex: IdMap<LexEntry>,
    tag_w: Weights,
    tag_w2: Weights,
    /// First-pass margin (in units of the first pass's weights) above which the second pass is
    /// skipped.
    pass2_margin: i32,
    feats: Vec<String>,
    feats_w: Weights,
    /// Word and tag → FEATS, for pairs seen often with one FEATS string in the target domain.
    feats_dict: IdMap<u16>,
    lemma: Lemmatizer,
    /// Frequent words whose word-only scores are cached.
    cache_words: Vec<String>,
    /// Word hash → index in the caches.
    cache: IdMap<u32>,
    /// Word-only scores of the cached words, first and second pass (`n_tags` each).
    cache1: Vec<i32>,
    cache2: Vec<i32>,
}

/// Reusable buffers for tagging.
#[derive(Debug, Default)]
struct Scratch {
    toks: Vec<Tok>,
    lower: String,
    shape: String,
    feats: Vec<u64>,
    scores: Vec<i32>,
    pass1: Vec<u16>,
    margins: Vec<i32>,
    out: Vec<u16>,
    lemma: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

// Feature templates.
mod t {
    pub const BIAS: u32 = 1;
    pub const LOWER: u32 = 2;
    pub const WORD: u32 = 3;
    pub const SUF: u32 = 4; // 4..8
    pub const PRE: u32 = 8; // 8..11
    pub const SHAPE: u32 = 11;
    pub const SHORT: u32 = 12;
    pub const FLAGS: u32 = 13;
    pub const FREQ: u32 = 14;
    pub const P1: u32 = 15;
    pub const P12: u32 = 16;
    pub const P1_W: u32 = 17;
    pub const W_1: u32 = 18;
    pub const S3_1: u32 = 19;
    pub const W_2: u32 = 20;
    pub const W1: u32 = 21;
    pub const S3P1: u32 = 22;
    pub const W2: u32 = 23;
    pub const AMB1: u32 = 24;
    pub const AMB2: u32 = 25;
    pub const AMB0: u32 = 26;
    pub const W_1W: u32 = 27;
    pub const WW1: u32 = 28;
    pub const P1_AMB1: u32 = 29;
    pub const P1_S3: u32 = 30;
    pub const SHORT1: u32 = 31;
    pub const FIRST_SHAPE: u32 = 32;
    pub const AMB_1: u32 = 33;
    pub const AMB01: u32 = 34;
    pub const SHORT_1: u32 = 35;
    pub const FREQ_FLAGS: u32 = 36;
    pub const AMBX: u32 = 37;
    pub const TITLE: u32 = 38;
    pub const TITLE_W: u32 = 39;
    pub const P1_W1: u32 = 40;
    pub const W_1W1: u32 = 41;
    pub const W_1S3: u32 = 42;

    // Second pass.
    pub const N1: u32 = 50;
    pub const N12: u32 = 51;
    pub const P1N1: u32 = 52;
    pub const N1_W: u32 = 53;
    pub const N1_S3: u32 = 54;
    // FEATS.
    pub const F_TAG: u32 = 70;
    pub const F_W: u32 = 71;
    pub const F_SUF: u32 = 72; // 72..75
    pub const F_W_1: u32 = 75;
    pub const F_W1: u32 = 76;
    pub const F_P1: u32 = 77;
    pub const F_N1: u32 = 78;
    pub const F_SUBJ_W: u32 = 79;
    pub const F_SUBJ_T: u32 = 80;
    pub const F_AUX: u32 = 81;
    pub const F_P1W_1: u32 = 82;
    pub const F_SHAPE: u32 = 83;
    pub const F_N1W1: u32 = 84;
    pub const F_P2: u32 = 85;
    pub const F_CLAUSE: u32 = 86;
    pub const F_CLAUSE_P1: u32 = 87;
}

#[inline]
fn f1(tpl: u32, a: u64) -> u64 {
    Hasher64::new(tpl).int(a).finish()
}

#[inline]
fn f2(tpl: u32, a: u64, b: u64) -> u64 {
    Hasher64::new(tpl).int(a).int(b).finish()
}

/// First-pass features of token `i` (index into the padded token array).
fn tag_features(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    word_features(&toks[i], out);
    context_features(toks, i, p1, p2, out);
}

/// The features of a token that depend on its word alone (their scores can be cached).
fn word_features(w: &Tok, out: &mut Vec<u64>) {
    out.push(f1(t::BIAS, 0));
    out.push(f1(t::LOWER, w.lower));
    out.push(f1(t::WORD, w.word));
    for k in 0..4 {
        out.push(f1(t::SUF + k as u32, w.suf[k]));
    }
    for k in 0..3 {
        out.push(f1(t::PRE + k as u32, w.pre[k]));
    }
    out.push(f1(t::SHAPE, w.shape));
    out.push(f1(t::SHORT, w.short));
    out.push(f1(t::FLAGS, u64::from(w.flags)));
    out.push(f1(t::FREQ, u64::from(w.freq)));
    out.push(f2(
        t::FREQ_FLAGS,
        u64::from(w.freq.min(4)),
        u64::from(w.flags),
    ));
    out.push(f1(t::AMB0, w.amb));
    out.push(f1(t::AMBX, w.ambx));
}

/// The features of token `i` that depend on its context.
fn context_features(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let w = &toks[i];
    let (m1, m2, n1, n2) = (&toks[i - 1], &toks[i - 2], &toks[i + 1], &toks[i + 2]);
    out.push(f1(t::P1, p1));
    out.push(f2(t::P12, p1, p2));
    out.push(f2(t::P1_W, p1, w.lower));
    out.push(f2(t::P1_S3, p1, w.suf[2]));
    out.push(f1(t::W_1, m1.lower));
    out.push(f1(t::S3_1, m1.suf[2]));
    out.push(f1(t::SHORT_1, m1.short));
    out.push(f1(t::W_2, m2.lower));
    out.push(f1(t::W1, n1.lower));
    out.push(f1(t::S3P1, n1.suf[2]));
    out.push(f1(t::SHORT1, n1.short));
    out.push(f1(t::W2, n2.lower));
    out.push(f1(t::AMB1, n1.amb));
    out.push(f1(t::AMB2, n2.amb));
    out.push(f1(t::AMB_1, m1.amb));
    out.push(f2(t::AMB01, w.amb, n1.amb));
    out.push(f2(t::W_1W, m1.lower, w.lower));
    out.push(f2(t::WW1, w.lower, n1.lower));
    out.push(f2(t::P1_AMB1, p1, n1.amb));
    out.push(f2(t::FIRST_SHAPE, u64::from(m1.freq == 255), w.short));
    out.push(f2(
        t::TITLE,
        u64::from(w.title),
        w.amb ^ u64::from(w.flags & FLAG_INIT_UPPER),
    ));
    out.push(f2(t::TITLE_W, u64::from(w.title), w.word));
    out.push(f2(t::P1_W1, p1, n1.lower));
    out.push(f2(t::W_1W1, m1.lower, n1.lower));
    out.push(f2(t::W_1S3, m1.lower, w.suf[2]));
}

/// Second-pass features: the first pass's tags of the next words.
fn pass2_features(w: &Tok, p1: u64, n1: u64, n2: u64, out: &mut Vec<u64>) {
    out.push(f1(t::N1, n1));
    out.push(f2(t::N12, n1, n2));
    out.push(f2(t::P1N1, p1, n1));
    out.push(f2(t::N1_W, n1, w.lower));
    out.push(f2(t::N1_S3, n1, w.suf[2]));
}

impl Tagger {
    fn analyse(&self, words: &[Word], s: &mut Scratch) {
        let Scratch {
            toks, lower, shape, ..
        } = s;
        toks.clear();
        toks.push(pad(0));
        toks.push(pad(1));
        let (mut alpha, mut caps) = (0usize, 0usize);
        for (i, w) in words.iter().enumerate() {
            let tok = self.atoms(&w.form, lower, shape);
            if i > 0 && tok.flags & FLAG_ALPHA != 0 {
                alpha += 1;
                caps += usize::from(tok.flags & FLAG_INIT_UPPER != 0);
            }
            toks.push(tok);
        }
        if alpha >= 3 && caps * 2 > alpha {
            for t in &mut toks[2..] {
                t.title = true;
            }
        }
        toks.push(pad(2));
        toks.push(pad(3));
    }

    fn atoms(&self, form: &str, lower: &mut String, shape_buf: &mut String) -> Tok {
        lowercase_into(form, lower);
        let lh = Hasher64::new(0).str(lower).finish();
        let mut tok = Tok {
            word: Hasher64::new(1).str(form).finish(),
            lower: lh,
            ..Tok::default()
        };
        for k in 0..4 {
            tok.suf[k] = Hasher64::new(2)
                .str(&lower[suffix_start(lower, k + 1)..])
                .finish();
        }
        for k in 0..3 {
            tok.pre[k] = Hasher64::new(3)
                .str(&lower[..prefix_end(lower, k + 1)])
                .finish();
        }
        let (sh, short, flags) = shape(form, shape_buf);
        tok.shape = sh;
        tok.short = short;
        tok.flags = flags;
        if let Some(e) = self.lex.get(&lh) {
            tok.freq = e.freq;
            tok.amb = u64::from(e.amb);
        }
        if let Some(e) = self.lex.get(&tok.word) {
            tok.ambx = u64::from(e.amb);
        }
        tok.dict = self.dict.get(&tok.word).copied().unwrap_or(NO_TAG);
        tok.cache = self.cache.get(&tok.word).copied().unwrap_or(NO_CACHE);
        tok
    }

    /// Scores from the word alone: cached for frequent words, else features into `feats`.
    #[inline]
    fn start_scores(&self, tok: &Tok, cache: &[i32], feats: &mut Vec<u64>, scores: &mut [i32]) {
        let nt = self.tags.len();
        let at = tok.cache as usize * nt;
        match cache.get(at..at + nt) {
            Some(c) if tok.cache != NO_CACHE => scores.copy_from_slice(c),
            _ => {
                scores.fill(0);
                word_features(tok, feats);
            }
        }
    }

    /// Fill the score caches of the cached words from the current weights.
    fn build_cache(&mut self) {
        let nt = self.tags.len();
        self.cache.clear();
        self.cache1.clear();
        self.cache2.clear();
        let (mut lower, mut shape) = (String::new(), String::new());
        let mut feats = Vec::new();
        let mut sc = vec![0i32; nt];
        for (i, w) in self.cache_words.iter().enumerate() {
            let tok = self.atoms(w, &mut lower, &mut shape);
            feats.clear();
            word_features(&tok, &mut feats);
            sc.fill(0);
            self.tag_w.add_scores(&feats, &mut sc);
            self.cache1.extend_from_slice(&sc);
            sc.fill(0);
            self.tag_w2.add_scores(&feats, &mut sc);
            self.cache2.extend_from_slice(&sc);
            self.cache.insert(tok.word, i as u32);
        }
    }

    /// Tag classes of the words (already analysed into `s.toks`), into `s.out`.
    fn decode(&self, s: &mut Scratch) {
        let Scratch {
            toks,
            feats,
            scores,
            pass1,
            margins,
            out,
            ..
        } = s;
        let n = toks.len() - 4;
        let nt = self.tags.len();
        scores.resize(nt, 0);
        pass1.clear();
        margins.clear();
        let start = nt as u64;
        let (mut p1, mut p2) = (start, start + 1);
        for i in 0..n {
            let tok = &toks[i + 2];
            let (c, margin) = if tok.dict != NO_TAG {
                (tok.dict, i32::MAX)
            } else {
                feats.clear();
                self.start_scores(tok, &self.cache1, feats, scores);
                context_features(toks, i + 2, p1, p2, feats);
                self.tag_w.add_scores(feats, scores);
                let (b, m) = best_two(scores);
                (b as u16, m)
            };
            pass1.push(c);
            margins.push(margin);
            p2 = p1;
            p1 = u64::from(c);
        }
        out.clear();
        let sure = self.pass2_margin;
        let (mut p1, mut p2) = (start, start + 1);
        for i in 0..n {
            let tok = &toks[i + 2];
            // A confident first-pass tag stands when the history agrees with the first pass.
            let same_history = i < 2 || out[i - 1] == pass1[i - 1] && out[i - 2] == pass1[i - 2];
            let c = if tok.dict != NO_TAG {
                tok.dict
            } else if margins[i] >= sure && same_history {
                pass1[i]
            } else {
                let n1 = pass1.get(i + 1).map_or(start + 2, |&c| u64::from(c));
                let n2 = pass1.get(i + 2).map_or(start + 3, |&c| u64::from(c));
                feats.clear();
                self.start_scores(tok, &self.cache2, feats, scores);
                context_features(toks, i + 2, p1, p2, feats);
                pass2_features(tok, p1, n1, n2, feats);
                self.tag_w2.add_scores(feats, scores);
                argmax(scores) as u16
            };
            out.push(c);
            p2 = p1;
            p1 = u64::from(c);
        }
    }

    /// Fill `upos`, `xpos`, `feats` and `lemma` of each word in place (forms given).
    pub fn tag(&self, words: &mut [Word]) {
        if words.is_empty() || self.tags.is_empty() {
            return;
        }
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let s = &mut *guard;
            self.analyse(words, s);
            self.decode(s);
            for (i, w) in words.iter_mut().enumerate() {
                let c = s.out[i] as usize;
                let f = self.predict_feats(s, i);
                let tag = &self.tags[c];
                set(&mut w.upos, &tag.upos);
                set(&mut w.xpos, &tag.xpos);
                set(&mut w.feats, self.feats.get(f).map_or("", String::as_str));
                let Scratch { lower, lemma, .. } = s;
                self.lemma
                    .lemmatize_into(&w.form, tag.lemma_key, lower, lemma);
                set(&mut w.lemma, lemma);
            }
        });
    }

    fn predict_feats(&self, s: &mut Scratch, i: usize) -> usize {
        let c = s.out[i] as usize;
        let cands = &self.tags[c].feats;
        match cands.len() {
            0 => usize::MAX,
            1 => cands[0] as usize,
            _ => {
                if let Some(&f) = self.feats_dict.get(&feats_key(s.toks[i + 2].word, c)) {
                    return f as usize;
                }
                s.feats.clear();
                feats_features(&s.toks, &s.out, &self.tags, i, &mut s.feats);
                s.scores.resize(self.feats.len().max(1), 0);
                s.scores.fill(0);
                self.feats_w.add_scores(&s.feats, &mut s.scores);
                best_of(&s.scores, cands)
            }
        }
    }

    /// Tag gold-tokenized sentences and score them against their gold annotation.
    #[must_use]
    pub fn evaluate(&self, gold: &[Sentence]) -> Scores {
        let mut sc = Counts::default();
        let mut words = Vec::new();
        for s in gold {
            words.clear();
            words.extend(s.words.iter().map(|w| Word {
                form: w.form.clone(),
                ..Word::default()
            }));
            self.tag(&mut words);
            sc.add(&s.words, &words);
        }
        sc.scores()
    }

    /// Number of tag classes (`UPOS|XPOS` pairs) and of FEATS strings.
    #[must_use]
    pub fn n_classes(&self) -> (usize, usize) {
        (self.tags.len(), self.feats.len())
    }

    /// The lemmatizer inside this model.
    #[must_use]
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemma
    }

    /// Save to `path` (model kind `tagger`).
    pub fn save(&self, path: &Path) -> crate::Result<()> {
        crate::model::write_model(path, KIND, VERSION, |w| self.write(w))
    }

    fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        put_var(w, self.tags.len() as u64)?;
        for tg in &self.tags {
            put_str(w, &tg.upos)?;
            put_str(w, &tg.xpos)?;
            put_var(w, tg.feats.len() as u64)?;
            for &f in &tg.feats {
                put_var(w, u64::from(f))?;
            }
        }
        put_var(w, self.feats.len() as u64)?;
        for f in &self.feats {
            put_str(w, f)?;
        }
        let mut dict: Vec<(u64, u16)> = self.dict.iter().map(|(k, v)| (*k, *v)).collect();
        dict.sort_unstable();
        put_var(w, dict.len() as u64)?;
        for (k, v) in dict {
            put_u64(w, k)?;
            put_var(w, u64::from(v))?;
        }
        let mut lex: Vec<(u64, LexEntry)> = self.lex.iter().map(|(k, v)| (*k, *v)).collect();
        lex.sort_unstable_by_key(|e| e.0);
        put_var(w, lex.len() as u64)?;
        for (k, e) in lex {
            put_u64(w, k)?;
            w.write_all(&[e.freq])?;
            put_var(w, u64::from(e.amb))?;
        }
        self.tag_w.write(w)?;
        self.tag_w2.write(w)?;
        self.feats_w.write(w)?;
        self.lemma.write(w)?;
        put_u32(w, self.pass2_margin.max(0) as u32)?;
        put_var(w, self.cache_words.len() as u64)?;
        for c in &self.cache_words {
            put_str(w, c)?;
        }
        let mut fd: Vec<(u64, u16)> = self.feats_dict.iter().map(|(k, v)| (*k, *v)).collect();
        fd.sort_unstable();
        put_var(w, fd.len() as u64)?;
        for (k, v) in fd {
            put_u64(w, k)?;
            put_var(w, u64::from(v))?;
        }
        Ok(())
    }

    /// Load a model saved by [`Tagger::save`].
    pub fn load(path: &Path) -> crate::Result<Tagger> {
        let payload = crate::model::read_model(path, KIND, VERSION)?;
        Self::read(&mut Bytes::new(&payload)).map_err(|e| crate::Error::Model {
            path: path.display().to_string(),
            reason: format!("corrupt tagger model ({e})"),
        })
    }

    fn read(r: &mut Bytes<'_>) -> std::io::Result<Tagger> {
        let nt = r.len(u16::MAX as usize)?;
        let mut tags = Vec::with_capacity(nt);
        for _ in 0..nt {
            let upos = r.str()?;
            let xpos = r.str()?;
            let nf = r.len(u16::MAX as usize)?;
            let mut feats = Vec::with_capacity(nf);
            for _ in 0..nf {
                feats.push(r.var()? as u16);
            }
            tags.push(TagClass {
                lemma_key: Lemmatizer::tag_key(&upos, &xpos),
                kind: Kind::of(&upos, &xpos),
                upos,
                xpos,
                feats,
            });
        }
        let nf = r.len(u16::MAX as usize)?;
        let mut feats = Vec::with_capacity(nf);
        for _ in 0..nf {
            feats.push(r.str()?);
        }
        if tags
            .iter()
            .any(|t| t.feats.iter().any(|&f| f as usize >= nf))
        {
            return Err(invalid("FEATS class out of range"));
        }
        let nd = r.len(usize::MAX)?;
        let mut dict = IdMap::default();
        dict.reserve(nd);
        for _ in 0..nd {
            let k = r.u64()?;
            let v = r.var()?;
            if v >= nt as u64 {
                return Err(invalid("tag out of range"));
            }
            dict.insert(k, v as u16);
        }
        let nl = r.len(usize::MAX)?;
        let mut lex = IdMap::default();
        lex.reserve(nl);
        for _ in 0..nl {
            let k = r.u64()?;
            let freq = r.u8()?;
            let amb = r.var()? as u32;
            lex.insert(k, LexEntry { freq, amb });
        }
        let tag_w = Weights::read(r)?;
        let tag_w2 = Weights::read(r)?;
        let feats_w = Weights::read(r)?;
        if tag_w.n_classes() != nt
            || tag_w2.n_classes() != nt
            || (!feats.is_empty() && feats_w.n_classes() != feats.len())
        {
            return Err(invalid("weight table does not match the tag set"));
        }
        let lemma = Lemmatizer::read(r)?;
        let pass2_margin =
            i32::try_from(r.u32()?).map_err(|_| invalid("bad second-pass margin"))?;
        let nc = r.len(1 << 20)?;
        let mut cache_words = Vec::with_capacity(nc);
        for _ in 0..nc {
            cache_words.push(r.str()?);
        }
        let nfd = r.len(usize::MAX)?;
        let mut feats_dict = IdMap::default();
        feats_dict.reserve(nfd);
        for _ in 0..nfd {
            let k = r.u64()?;
            let v = r.var()?;
            if v >= feats.len() as u64 {
                return Err(invalid("FEATS class out of range"));
            }
            feats_dict.insert(k, v as u16);
        }
        if r.remaining() != 0 {
            return Err(invalid("trailing bytes"));
        }
        let mut tagger = Tagger {
            tags,
            dict,
            lex,
            pass2_margin,
            tag_w,
            tag_w2,
            feats,
            feats_w,
            feats_dict,
            lemma,
            cache_words,
            cache: IdMap::default(),
            cache1: Vec::new(),
            cache2: Vec::new(),
        };
        tagger.build_cache();
        Ok(tagger)
    }

    /// Train on `train`, reporting accuracy on `dev` after every epoch through `progress`.
    pub fn train(
        train: &[Sentence],
        dev: &[Sentence],
        opts: &TrainOptions,
        progress: &mut dyn FnMut(&str),
    ) -> Tagger {
        let t0 = std::time::Instant::now();
        let domains: Vec<u8> = train.iter().map(|s| opts.domain(s)).collect();
        // Tag classes, by frequency.
        let mut tag_counts: HashMap<(String, String), usize> = HashMap::new();
        let mut feats_counts: HashMap<String, usize> = HashMap::new();
        for w in train.iter().flat_map(|s| &s.words) {
            *tag_counts
                .entry((w.upos.clone(), w.xpos.clone()))
                .or_default() += 1;
            *feats_counts.entry(w.feats.clone()).or_default() += 1;
        }
        let mut tag_list: Vec<((String, String), usize)> = tag_counts.into_iter().collect();
        tag_list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let tag_index: HashMap<(String, String), u16> = tag_list
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i as u16))
            .collect();
        let mut feats_list: Vec<(String, usize)> = feats_counts.into_iter().collect();
        feats_list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let feats_index: HashMap<String, u16> = feats_list
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i as u16))
            .collect();
        let nt = tag_list.len();
        let gold_tags: Vec<Vec<u16>> = train
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| tag_index[&(w.upos.clone(), w.xpos.clone())])
                    .collect()
            })
            .collect();
        let gold_feats: Vec<Vec<u16>> = train
            .iter()
            .map(|s| s.words.iter().map(|w| feats_index[&w.feats]).collect())
            .collect();

        // FEATS candidates per tag: strings seen at least twice with it (or its most frequent).
        let mut tf: HashMap<(u16, u16), usize> = HashMap::new();
        for (ts, fs) in gold_tags.iter().zip(&gold_feats) {
            for (&tg, &f) in ts.iter().zip(fs) {
                *tf.entry((tg, f)).or_default() += 1;
            }
        }
        let mut tf: Vec<((u16, u16), usize)> = tf.into_iter().collect();
        tf.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut tags: Vec<TagClass> = tag_list
            .iter()
            .map(|((u, x), _)| TagClass {
                upos: u.clone(),
                xpos: x.clone(),
                feats: Vec::new(),
                lemma_key: Lemmatizer::tag_key(u, x),
                kind: Kind::of(u, x),
            })
            .collect();
        for ((tg, f), n) in &tf {
            let c = &mut tags[*tg as usize].feats;
            if c.is_empty() || *n >= 2 {
                c.push(*f);
            }
        }

        // Lexicon: tag dictionary on exact forms, frequency and ambiguity classes on lowercase.
        let mut lower = String::new();
        let mut exact: IdMap<Vec<u32>> = IdMap::default();
        let mut low: IdMap<Vec<u32>> = IdMap::default();
        for (s, ts) in train.iter().zip(&gold_tags) {
            for (w, &tg) in s.words.iter().zip(ts) {
                let k = Hasher64::new(1).str(&w.form).finish();
                exact.entry(k).or_insert_with(|| vec![0; nt])[tg as usize] += 1;
                lowercase_into(&w.form, &mut lower);
                let k = Hasher64::new(0).str(&lower).finish();
                low.entry(k).or_insert_with(|| vec![0; nt])[tg as usize] += 1;
            }
        }
        let mut dict = IdMap::default();
        let mut exact_sorted: Vec<(&u64, &Vec<u32>)> = exact.iter().collect();
        exact_sorted.sort_unstable_by_key(|e| *e.0);
        for (k, counts) in exact_sorted {
            let total: u32 = counts.iter().sum();
            let (bi, &bc) = counts
                .iter()
                .enumerate()
                .max_by_key(|(i, c)| (**c, usize::MAX - i))
                .unwrap_or((0, &0));
            if total >= opts.dict_min_count
                && f64::from(bc) >= opts.dict_min_share * f64::from(total)
            {
                dict.insert(*k, bi as u16);
            }
        }
        let mut amb_ids: HashMap<Vec<u16>, u32> = HashMap::new();
        // Lowercase forms (frequency and ambiguity class) and exact forms (ambiguity class).
        let mut lex_entries: Vec<(u64, &Vec<u32>)> = low
            .iter()
            .chain(exact.iter())
            .map(|(k, v)| (*k, v))
            .collect();
        lex_entries.sort_unstable_by_key(|e| e.0);
        let mut lex = IdMap::default();
        for (k, counts) in lex_entries {
            let total: u32 = counts.iter().sum();
            let mut amb = 0;
            if total >= 3 {
                let set: Vec<u16> = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0 && c * 20 >= total)
                    .map(|(i, _)| i as u16)
                    .collect();
                let next = amb_ids.len() as u32 + 1;
                amb = *amb_ids.entry(set).or_insert(next);
            }
            lex.insert(
                k,
                LexEntry {
                    freq: freq_class(total),
                    amb,
                },
            );
        }

        let mut tagger = Tagger {
            tags,
            dict,
            lex,
            tag_w: Weights::default(),
            tag_w2: Weights::default(),
            pass2_margin: i32::MAX,
            feats: feats_list.iter().map(|(f, _)| f.clone()).collect(),
            feats_w: Weights::default(),
            feats_dict: IdMap::default(),
            lemma: Lemmatizer::default(),
            cache_words: Vec::new(),
            cache: IdMap::default(),
            cache1: Vec::new(),
            cache2: Vec::new(),
        };
        // The most frequent words outside the tag dictionary get cached word scores.
        let mut form_counts: HashMap<&str, usize> = HashMap::new();
        for w in train.iter().flat_map(|s| &s.words) {
            *form_counts.entry(w.form.as_str()).or_default() += 1;
        }
        let mut forms: Vec<(&str, usize)> = form_counts
            .into_iter()
            .filter(|(f, _)| !tagger.dict.contains_key(&Hasher64::new(1).str(f).finish()))
            .collect();
        forms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        tagger.cache_words = forms
            .iter()
            .take(opts.cache_words)
            .map(|(f, _)| (*f).to_string())
            .collect();
        progress(&format!(
            "{} sentences, {} words; {} tag classes, {} FEATS strings, {} dictionary words, {} \
             ambiguity classes",
            train.len(),
            gold_tags.iter().map(Vec::len).sum::<usize>(),
            nt,
            tagger.feats.len(),
            tagger.dict.len(),
            amb_ids.len()
        ));

        // Analyse all training sentences once.
        let mut scratch = Scratch::default();
        let analysed: Vec<Vec<Tok>> = train
            .iter()
            .map(|s| {
                tagger.analyse(&s.words, &mut scratch);
                scratch.toks.clone()
            })
            .collect();

        // Tag models. The second pass learns from first-pass tags of the training data:
        // jackknifed (each fold tagged by a first pass trained on the other folds) so that they
        // are as wrong as on new text, or else those of the first pass being trained.
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut rng = XorShift::new(opts.seed);
        let mut feats = Vec::new();
        let mut scores = vec![0.0f32; nt];
        let mut pass1 = Vec::new();
        let mut dropped = Vec::new();
        let mut jackknifed: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
        let folds = if opts.folds >= 2 { opts.folds } else { 0 };
        for f in 0..folds {
            let tf = std::time::Instant::now();
            let mut m = SparseTrainer::new(nt);
            let mut part: Vec<usize> = (0..train.len()).filter(|i| i % folds != f).collect();
            for _ in 0..opts.epochs {
                rng.shuffle(&mut part);
                for &si in &part {
                    drop_words(&analysed[si], &mut dropped, &mut rng, opts.word_dropout);
                    train_pass(
                        &mut m,
                        &dropped,
                        &gold_tags[si],
                        domains[si],
                        None,
                        &mut feats,
                        &mut scores,
                        &mut pass1,
                    );
                }
            }
            let w = m.finish(opts.prune, TARGET);
            let (mut right, mut total) = (0usize, 0usize);
            let mut iscores = vec![0i32; nt];
            for si in (0..train.len()).filter(|i| i % folds == f) {
                first_pass(
                    &w,
                    &analysed[si],
                    &mut feats,
                    &mut iscores,
                    &mut jackknifed[si],
                );
                right += jackknifed[si]
                    .iter()
                    .zip(&gold_tags[si])
                    .filter(|(a, b)| a == b)
                    .count();
                total += gold_tags[si].len();
            }
            progress(&format!(
                "jackknife fold {}/{folds}: first pass {:.2}% on the held-out fold ({:.1} s)",
                f + 1,
                100.0 * right as f64 / total.max(1) as f64,
                tf.elapsed().as_secs_f64()
            ));
        }
        let mut m1 = SparseTrainer::new(nt);
        let mut m2 = SparseTrainer::new(nt);
        let mut out = Vec::new();
        for epoch in 1..=opts.epochs {
            let te = std::time::Instant::now();
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &si in &order {
                drop_words(&analysed[si], &mut dropped, &mut rng, opts.word_dropout);
                let gold = &gold_tags[si];
                let dom = domains[si];
                train_pass(
                    &mut m1,
                    &dropped,
                    gold,
                    dom,
                    None,
                    &mut feats,
                    &mut scores,
                    &mut pass1,
                );
                let rc = if folds > 0 { &jackknifed[si] } else { &pass1 };
                train_pass(
                    &mut m2,
                    &dropped,
                    gold,
                    dom,
                    Some(rc),
                    &mut feats,
                    &mut scores,
                    &mut out,
                );
                right += out.iter().zip(gold).filter(|(a, b)| a == b).count();
                total += gold.len();
            }
            tagger.tag_w = m1.finish(opts.prune, TARGET);
            tagger.tag_w2 = m2.finish(opts.prune, TARGET);
            tagger.pass2_margin = margin_units(opts.pass2_margin, tagger.tag_w.scale());
            tagger.build_cache();
            let d = tagger.evaluate_tags(dev);
            progress(&format!(
                "tags epoch {epoch}/{}: train {:.2}%, dev UPOS {:.2}% XPOS {:.2}% (first pass \
                 UPOS {:.2}%) ({:.1} s)",
                opts.epochs,
                100.0 * right as f64 / total.max(1) as f64,
                d.0,
                d.1,
                d.2,
                te.elapsed().as_secs_f64()
            ));
        }
        let (r1, w1) = tagger.tag_w.size();
        let (r2, w2) = tagger.tag_w2.size();
        progress(&format!(
            "tag weights: pass 1 {r1} rows / {w1} weights, pass 2 {r2} rows / {w2} weights"
        ));

        // FEATS dictionary: word and tag pairs of the target domain seen often with one FEATS.
        let mut fd: IdMap<Vec<(u16, u32)>> = IdMap::default();
        for si in (0..train.len()).filter(|&si| domains[si] == TARGET) {
            for (i, (&tg, &f)) in gold_tags[si].iter().zip(&gold_feats[si]).enumerate() {
                if tagger.tags[tg as usize].feats.len() < 2 {
                    continue;
                }
                let row = fd
                    .entry(feats_key(analysed[si][i + 2].word, tg as usize))
                    .or_default();
                match row.iter_mut().find(|x| x.0 == f) {
                    Some(x) => x.1 += 1,
                    None => row.push((f, 1)),
                }
            }
        }
        let mut fd: Vec<(u64, Vec<(u16, u32)>)> = fd.into_iter().collect();
        fd.sort_unstable_by_key(|e| e.0);
        for (k, row) in fd {
            let total: u32 = row.iter().map(|x| x.1).sum();
            if let Some(&(f, n)) = row.iter().max_by_key(|x| (x.1, u16::MAX - x.0)) {
                if total >= opts.feats_dict_min_count && f64::from(n) >= 0.99 * f64::from(total) {
                    tagger.feats_dict.insert(k, f);
                }
            }
        }
        progress(&format!(
            "FEATS dictionary: {} words with tags",
            tagger.feats_dict.len()
        ));

        // FEATS classifier, on gold tags.
        let mut mf = SparseTrainer::new(tagger.feats.len());
        let mut fscores = vec![0.0f32; tagger.feats.len()];
        for epoch in 1..=opts.feats_epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &si in &order {
                let toks = &analysed[si];
                let gold = &gold_tags[si];
                let dom = domains[si];
                for i in 0..gold.len() {
                    let cands = &tagger.tags[gold[i] as usize].feats;
                    if cands.len() < 2 {
                        continue;
                    }
                    feats.clear();
                    feats_features(toks, gold, &tagger.tags, i, &mut feats);
                    fscores.fill(0.0);
                    mf.add_scores(&feats, &mut fscores, false, dom);
                    let g = best_of(&fscores, cands);
                    let truth = gold_feats[si][i] as usize;
                    mf.learn(truth, g, &feats, dom);
                    mf.tick();
                    right += usize::from(g == truth);
                    total += 1;
                }
            }
            progress(&format!(
                "feats epoch {epoch}/{}: train {:.2}% of ambiguous words",
                opts.feats_epochs,
                100.0 * right as f64 / total.max(1) as f64
            ));
        }
        tagger.feats_w = mf.finish(opts.prune, TARGET);

        // Lemmatizer.
        tagger.lemma = Lemmatizer::train(train, &domains, opts.lemma_epochs, opts.seed, progress);

        let s = tagger.evaluate(dev);
        progress(&format!(
            "dev: UPOS {:.2}% XPOS {:.2}% UFeats {:.2}% AllTags {:.2}% Lemma {:.2}% ({} words); \
             trained in {:.1} s",
            s.upos,
            s.xpos,
            s.ufeats,
            s.all_tags,
            s.lemma,
            s.words,
            t0.elapsed().as_secs_f64()
        ));
        tagger
    }

    /// UPOS and XPOS accuracy, and first-pass UPOS accuracy: for progress during training.
    fn evaluate_tags(&self, gold: &[Sentence]) -> (f64, f64, f64) {
        let mut s = Scratch::default();
        let (mut u, mut x, mut u1, mut n) = (0usize, 0usize, 0usize, 0usize);
        for g in gold {
            self.analyse(&g.words, &mut s);
            self.decode(&mut s);
            for ((w, &c), &c1) in g.words.iter().zip(&s.out).zip(&s.pass1) {
                let tg = &self.tags[c as usize];
                u += usize::from(tg.upos == w.upos);
                x += usize::from(tg.xpos == w.xpos);
                u1 += usize::from(self.tags[c1 as usize].upos == w.upos);
                n += 1;
            }
        }
        let pc = |a: usize| 100.0 * a as f64 / n.max(1) as f64;
        (pc(u), pc(x), pc(u1))
    }
}

/// Copy `toks` into `out`, hiding the identity of words seen once with probability
/// `per_mille` / 1000 (word dropout).
fn drop_words(toks: &[Tok], out: &mut Vec<Tok>, rng: &mut XorShift, per_mille: u64) {
    out.clear();
    out.extend_from_slice(toks);
    for tok in out.iter_mut() {
        if tok.freq == 0 && (rng.next_u64() % 1000) < per_mille {
            tok.word = UNK;
            tok.lower = UNK;
            tok.amb = 0;
            tok.ambx = 0;
        }
    }
}

/// One greedy training pass over a sentence (padded tokens), learning from `gold`; with
/// `right`, the second pass (first-pass tags of the next words as features). Tags into `out`.
#[allow(clippy::too_many_arguments)]
fn train_pass(
    m: &mut SparseTrainer,
    toks: &[Tok],
    gold: &[u16],
    dom: u8,
    right: Option<&[u16]>,
    feats: &mut Vec<u64>,
    scores: &mut [f32],
    out: &mut Vec<u16>,
) {
    let start = scores.len() as u64;
    let (mut p1, mut p2) = (start, start + 1);
    out.clear();
    for (i, &truth) in gold.iter().enumerate() {
        let tok = &toks[i + 2];
        let c = if tok.dict != NO_TAG {
            tok.dict
        } else {
            feats.clear();
            tag_features(toks, i + 2, p1, p2, feats);
            if let Some(r) = right {
                let n1 = r.get(i + 1).map_or(start + 2, |&c| u64::from(c));
                let n2 = r.get(i + 2).map_or(start + 3, |&c| u64::from(c));
                pass2_features(tok, p1, n1, n2, feats);
            }
            scores.fill(0.0);
            m.add_scores(feats, scores, false, dom);
            let g = argmax(scores);
            m.learn(truth as usize, g, feats, dom);
            m.tick();
            g as u16
        };
        out.push(c);
        p2 = p1;
        p1 = u64::from(c);
    }
}

/// A first pass with finished weights (no caches), tags into `out`.
fn first_pass(
    w: &Weights,
    toks: &[Tok],
    feats: &mut Vec<u64>,
    scores: &mut [i32],
    out: &mut Vec<u16>,
) {
    let start = scores.len() as u64;
    let (mut p1, mut p2) = (start, start + 1);
    out.clear();
    for i in 0..toks.len().saturating_sub(4) {
        let tok = &toks[i + 2];
        let c = if tok.dict != NO_TAG {
            tok.dict
        } else {
            feats.clear();
            tag_features(toks, i + 2, p1, p2, feats);
            scores.fill(0);
            w.add_scores(feats, scores);
            argmax(scores) as u16
        };
        out.push(c);
        p2 = p1;
        p1 = u64::from(c);
    }
}

/// FEATS features of word `i` given the tags of the sentence.
fn feats_features(toks: &[Tok], tags: &[u16], classes: &[TagClass], i: usize, out: &mut Vec<u64>) {
    let w = &toks[i + 2];
    let tg = u64::from(tags[i]);
    let tag_at = |j: isize| -> u64 {
        if j < 0 {
            u64::MAX - 1
        } else {
            tags.get(j as usize).map_or(u64::MAX, |&c| u64::from(c))
        }
    };
    let ii = i as isize;
    out.push(f1(t::F_TAG, tg));
    out.push(f2(t::F_W, tg, w.lower));
    for k in 0..3 {
        out.push(f2(t::F_SUF + k as u32, tg, w.suf[k]));
    }
    out.push(f2(t::F_SHAPE, tg, w.short));
    out.push(f2(t::F_W_1, tg, toks[i + 1].lower));
    out.push(f2(t::F_W1, tg, toks[i + 3].lower));
    out.push(f2(
        t::F_P1W_1,
        tg,
        Hasher64::new(0)
            .int(tag_at(ii - 1))
            .int(toks[i + 1].lower)
            .finish(),
    ));
    out.push(f2(t::F_P1, tg, tag_at(ii - 1)));
    out.push(f2(
        t::F_P2,
        tg,
        Hasher64::new(0)
            .int(tag_at(ii - 1))
            .int(tag_at(ii - 2))
            .finish(),
    ));
    out.push(f2(t::F_N1, tg, tag_at(ii + 1)));
    out.push(f2(
        t::F_N1W1,
        tg,
        Hasher64::new(0)
            .int(tag_at(ii + 1))
            .int(toks[i + 3].lower)
            .finish(),
    ));
    // The nearest subject-like word on the left: a pronoun (by word) or a noun (by tag).
    let mut subj_w = 0u64;
    let mut subj_t = 0u64;
    let mut aux = 0u64;
    for j in (0..i).rev().take(8) {
        let kind = classes
            .get(tags[j] as usize)
            .map_or(Kind::Other, |c| c.kind);
        if subj_w == 0 && subj_t == 0 {
            match kind {
                Kind::Pronoun => subj_w = toks[j + 2].lower,
                Kind::Noun => subj_t = u64::from(tags[j]) + 1,
                _ => {}
            }
        }
        if aux == 0 && kind == Kind::Aux {
            aux = toks[j + 2].lower;
        }
    }
    out.push(f2(t::F_SUBJ_W, tg, subj_w));
    out.push(f2(t::F_SUBJ_T, tg, subj_t));
    out.push(f2(t::F_AUX, tg, aux));
    // The clause so far: does it have a subject-like word, how far is its start?
    let mut has_subj = 0u64;
    let mut dist = 0u64;
    for j in (0..i).rev() {
        let kind = classes
            .get(tags[j] as usize)
            .map_or(Kind::Other, |c| c.kind);
        if kind == Kind::Boundary {
            break;
        }
        dist += 1;
        if matches!(kind, Kind::Pronoun | Kind::Noun) {
            has_subj = 1;
        }
    }
    out.push(f2(t::F_CLAUSE, tg, has_subj << 8 | dist.min(4)));
    out.push(f2(
        t::F_CLAUSE_P1,
        tg,
        (has_subj << 8 | dist.min(2)) ^ tag_at(ii - 1) << 16,
    ));
}

/// Key of a word (exact form hash) with a tag in the FEATS dictionary.
#[inline]
fn feats_key(word: u64, tag: usize) -> u64 {
    Hasher64::new(9100).int(word).int(tag as u64).finish()
}

/// Per-word counts against gold.
#[derive(Debug, Default)]
struct Counts {
    n: usize,
    upos: usize,
    xpos: usize,
    feats: usize,
    all: usize,
    lemma: usize,
}

impl Counts {
    fn add(&mut self, gold: &[Word], pred: &[Word]) {
        for (g, p) in gold.iter().zip(pred) {
            let (u, x, f) = (g.upos == p.upos, g.xpos == p.xpos, g.feats == p.feats);
            self.n += 1;
            self.upos += usize::from(u);
            self.xpos += usize::from(x);
            self.feats += usize::from(f);
            self.all += usize::from(u && x && f);
            self.lemma += usize::from(g.lemma == p.lemma);
        }
    }
    fn scores(&self) -> Scores {
        let pc = |a: usize| 100.0 * a as f64 / self.n.max(1) as f64;
        Scores {
            words: self.n,
            upos: pc(self.upos),
            xpos: pc(self.xpos),
            ufeats: pc(self.feats),
            all_tags: pc(self.all),
            lemma: pc(self.lemma),
        }
    }
}

/// Score tagged sentences against gold ones (same tokenization).
#[must_use]
pub fn score(gold: &[Sentence], predicted: &[Sentence]) -> Scores {
    let mut c = Counts::default();
    for (g, p) in gold.iter().zip(predicted) {
        c.add(&g.words, &p.words);
    }
    c.scores()
}

#[inline]
fn set(dst: &mut String, src: &str) {
    if dst != src {
        dst.clear();
        dst.push_str(src);
    }
}

/// A margin in weight units as score units of a table of `scale`.
fn margin_units(m: f32, scale: f32) -> i32 {
    (m / scale).min(i32::MAX as f32) as i32
}

/// Index of the highest score and its margin over the second.
#[inline]
fn best_two(s: &[i32]) -> (usize, i32) {
    let (mut b1, mut s1, mut s2) = (0, i32::MIN, i32::MIN);
    for (i, &v) in s.iter().enumerate() {
        if v > s1 {
            s2 = s1;
            s1 = v;
            b1 = i;
        } else if v > s2 {
            s2 = v;
        }
    }
    (b1, s1.saturating_sub(s2))
}

/// Index of the highest score (first wins ties; 0 when empty).
#[inline]
pub(crate) fn argmax<T: PartialOrd + Copy>(s: &[T]) -> usize {
    let mut bi = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[bi] {
            bi = i;
        }
    }
    bi
}

/// The best of `cands` by score (first wins ties; `cands[0]` when no score is known).
#[inline]
pub(crate) fn best_of<T: PartialOrd + Copy>(s: &[T], cands: &[u16]) -> usize {
    let mut bi = cands.first().map_or(0, |&c| c as usize);
    let mut bs: Option<T> = None;
    for &c in cands {
        if let Some(&v) = s.get(c as usize) {
            if bs.is_none_or(|b| v > b) {
                bs = Some(v);
                bi = c as usize;
            }
        }
    }
    bi
}

/// Drop documents that may not be used for training: GUM's wikiHow (`GUM_whow_…`) and fiction
/// (`GUM_fiction_…`) documents are CC BY-NC-SA. A document runs from its `# newdoc id = …`
/// comment to the next one.
#[must_use]
pub fn without_nc_sa(sentences: Vec<Sentence>) -> Vec<Sentence> {
    let mut keep = true;
    sentences
        .into_iter()
        .filter(|s| {
            if let Some(id) = s
                .comments
                .iter()
                .find_map(|c| c.strip_prefix("newdoc id = "))
            {
                let id = id.trim();
                keep = !(id.starts_with("GUM_whow_") || id.starts_with("GUM_fiction_"));
            }
            keep
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_is_deterministic_and_shuffles() {
        let mut a = XorShift::new(5);
        let mut b = XorShift::new(5);
        let xs: Vec<u64> = (0..10).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..10).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(XorShift::new(6).next_u64(), xs[0]);
        let mut v: Vec<usize> = (0..50).collect();
        XorShift::new(1).shuffle(&mut v);
        assert_ne!(v, (0..50).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..50).collect::<Vec<_>>());
        assert!((0..1000).all(|_| a.below(7) < 7));
    }

    #[test]
    fn weights_score_like_the_trainer_and_round_trip() {
        let n = 40;
        let mut m = SparseTrainer::new(n);
        let mut rng = XorShift::new(9);
        // Some features touch one class, some many (dense rows).
        for _ in 0..3000 {
            let f = vec![rng.below(300) as u64 + 1, 1000 + rng.below(5) as u64];
            let truth = (f[0] % n as u64) as usize;
            let guess = rng.below(n);
            m.learn(truth, guess, &f, 1);
            m.tick();
        }
        let w = m.finish(0.0, 1);
        let (rows, _) = w.size();
        assert!(rows > 200, "{rows}");
        let feats: Vec<u64> = (0..400).collect();
        let mut exact = vec![0.0f32; n];
        m.add_scores(&feats, &mut exact, true, 0);
        // The domain-1 copies fold into the shared weights.
        let mut folded = vec![0.0f32; n];
        m.add_scores(&feats, &mut folded, true, 1);
        let mut q = vec![0i32; n];
        w.add_scores(&feats, &mut q);
        for (a, b) in folded.iter().zip(&q) {
            let b = *b as f32 * w.scale();
            assert!((a - b).abs() < 0.01 * (1.0 + a.abs()), "{a} vs {b}");
        }
        assert!(exact.iter().zip(&folded).any(|(a, b)| a != b));
        let mut buf = Vec::new();
        w.write(&mut buf).expect("write");
        let r = Weights::read(&mut Bytes::new(&buf)).expect("read");
        let mut q2 = vec![0i32; n];
        r.add_scores(&feats, &mut q2);
        assert_eq!(q, q2);
        assert!(Weights::read(&mut Bytes::new(&buf[..buf.len() - 3])).is_err());
    }

    #[test]
    fn shapes_and_flags() {
        let mut b = String::new();
        let (_, short_a, fa) = shape("Kadyrov", &mut b);
        assert_eq!(b, "Xxxxx");
        let (_, short_b, _) = shape("Xy", &mut b);
        assert_eq!(short_a, short_b);
        assert!(fa & FLAG_INIT_UPPER != 0 && fa & FLAG_ALL_UPPER == 0);
        let (_, _, f) = shape("U.S.", &mut b);
        assert_eq!(b, "X.X.");
        assert!(f & FLAG_ALL_UPPER != 0 && f & FLAG_PERIOD != 0);
        let (_, _, f) = shape("2-3", &mut b);
        assert_eq!(b, "d-d");
        assert!(f & FLAG_DIGIT != 0 && f & FLAG_HYPHEN != 0);
        assert_eq!(suffix_start("naïve", 3), "naï".len() - 2);
        assert_eq!(&"naïve"[suffix_start("naïve", 4)..], "aïve");
        assert_eq!(&"ab"[suffix_start("ab", 4)..], "ab");
        assert_eq!(prefix_end("ïx", 1), 2);
    }
}
