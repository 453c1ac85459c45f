//! An averaged multiclass perceptron over hashed features, shared by the tagger, the parser
//! and the entity tagger.
//!
//! Features are `u64` hashes ([`feature`], [`Hasher64`]); each feature seen in training gets a
//! row of `n_classes` weights. Averaging uses the usual timestamp trick, so an update costs
//! O(features) whatever the number of training instances. After [`Perceptron::average`] the
//! model keeps only averaged, non-zero rows; [`Perceptron::write`] / [`Perceptron::read`] store
//! them compactly (rows as `f32`, inside the gzip model container of [`crate::model`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy, Debug)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A small, fast, stable 64-bit string hasher (FNV-1a with a final mix).
#[derive(Debug, Clone, Copy)]
pub struct Hasher64(u64);

impl Hasher64 {
    /// Start a feature of template `t`.
    #[inline]
    #[must_use]
    pub fn new(t: u32) -> Self {
        Hasher64(0xcbf2_9ce4_8422_2325 ^ u64::from(t).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
    /// Add a string part.
    #[inline]
    #[must_use]
    pub fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        self
    }
    /// Add an integer part.
    #[inline]
    #[must_use]
    pub fn int(mut self, v: u64) -> Self {
        self.0 ^= v.wrapping_add(0x9e37_79b9_7f4a_7c15);
        self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        self.0 ^= self.0 >> 29;
        self
    }
    /// The feature.
    #[inline]
    #[must_use]
    pub fn finish(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// A feature from a template id and one string.
#[inline]
#[must_use]
pub fn feature(t: u32, s: &str) -> u64 {
    Hasher64::new(t).str(s).finish()
}

/// Training state of one row, for averaging.
#[derive(Debug, Clone)]
struct Acc {
    totals: Vec<f64>,
    stamps: Vec<u64>,
}

/// An averaged multiclass perceptron.
#[derive(Debug, Clone)]
pub struct Perceptron {
    n_classes: usize,
    rows: IdMap<u32>,
    weights: Vec<f32>,
    acc: Vec<Acc>,
    instances: u64,
    averaged: bool,
}

impl Perceptron {
    /// A model over `n_classes` classes.
    #[must_use]
    pub fn new(n_classes: usize) -> Self {
        Perceptron {
            n_classes,
            rows: IdMap::default(),
            weights: Vec::new(),
            acc: Vec::new(),
            instances: 0,
            averaged: false,
        }
    }

    /// Number of classes.
    #[must_use]
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows.
    #[must_use]
    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// Add the scores of `feats` into `out` (length `n_classes`, not cleared).
    #[inline]
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        let n = self.n_classes;
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let row = &self.weights[r as usize * n..(r as usize + 1) * n];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w;
                }
            }
        }
    }

    /// Scores of all classes.
    #[must_use]
    pub fn scores(&self, feats: &[u64]) -> Vec<f32> {
        let mut out = vec![0.0; self.n_classes];
        self.add_scores(feats, &mut out);
        out
    }

    /// The best class among those `allowed` says yes to (all when `None`).
    #[must_use]
    pub fn predict(&self, feats: &[u64], allowed: Option<&dyn Fn(usize) -> bool>) -> usize {
        let s = self.scores(feats);
        best(&s, allowed)
    }

    /// One training instance has been seen (call once per instance, before or after updates).
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    fn row(&mut self, f: u64) -> usize {
        let n = self.n_classes;
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next);
        if r == next {
            self.weights.extend(std::iter::repeat_n(0.0, n));
            self.acc.push(Acc {
                totals: vec![0.0; n],
                stamps: vec![0; n],
            });
        }
        r as usize
    }

    /// Move weight `delta` onto class `class` for every feature.
    pub fn update(&mut self, class: usize, delta: f32, feats: &[u64]) {
        let n = self.n_classes;
        let now = self.instances;
        for &f in feats {
            let r = self.row(f);
            let w = &mut self.weights[r * n + class];
            let a = &mut self.acc[r];
            a.totals[class] += f64::from(*w) * (now - a.stamps[class]) as f64;
            a.stamps[class] = now;
            *w += delta;
        }
    }

    /// The standard update: `truth` up, `guess` down.
    pub fn learn(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        if truth != guess {
            self.update(truth, 1.0, feats);
            self.update(guess, -1.0, feats);
        }
    }

    /// Replace weights by their averages and drop rows that end at zero. Training ends here.
    pub fn average(&mut self) {
        if self.averaged {
            return;
        }
        let n = self.n_classes;
        let now = self.instances.max(1);
        let mut rows = IdMap::default();
        let mut weights = Vec::with_capacity(self.weights.len());
        let mut entries: Vec<(u64, u32)> = self.rows.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        for (f, r) in entries {
            let r = r as usize;
            let a = &self.acc[r];
            let mut row = Vec::with_capacity(n);
            let mut nonzero = false;
            for c in 0..n {
                let w = self.weights[r * n + c];
                let total = a.totals[c] + f64::from(w) * (now - a.stamps[c]) as f64;
                let avg = (total / now as f64) as f32;
                nonzero |= avg.abs() > 1e-6;
                row.push(avg);
            }
            if nonzero {
                rows.insert(f, (weights.len() / n) as u32);
                weights.extend(row);
            }
        }
        self.rows = rows;
        self.weights = weights;
        self.acc = Vec::new();
        self.averaged = true;
    }

    /// Write the (averaged) model.
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(&(self.n_classes as u32).to_le_bytes())?;
        w.write_all(&(self.rows.len() as u64).to_le_bytes())?;
        let mut entries: Vec<(u64, u32)> = self.rows.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        let n = self.n_classes;
        for (f, r) in entries {
            w.write_all(&f.to_le_bytes())?;
            for v in &self.weights[r as usize * n..(r as usize + 1) * n] {
                w.write_all(&v.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Read a model written by [`Perceptron::write`].
    pub fn read(r: &mut impl Read) -> std::io::Result<Self> {
        let mut b4 = [0u8; 4];
        let mut b8 = [0u8; 8];
        r.read_exact(&mut b4)?;
        let n = u32::from_le_bytes(b4) as usize;
        r.read_exact(&mut b8)?;
        let count = u64::from_le_bytes(b8) as usize;
        if n == 0 || n > 100_000 || count > 200_000_000 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "implausible model dimensions",
            ));
        }
        let mut rows = IdMap::default();
        rows.reserve(count);
        let mut weights = Vec::with_capacity(count * n);
        let mut buf = vec![0u8; n * 4];
        for i in 0..count {
            r.read_exact(&mut b8)?;
            rows.insert(u64::from_le_bytes(b8), i as u32);
            r.read_exact(&mut buf)?;
            weights.extend(
                buf.chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
        }
        Ok(Perceptron {
            n_classes: n,
            rows,
            weights,
            acc: Vec::new(),
            instances: 0,
            averaged: true,
        })
    }
}

/// Index of the highest score among allowed classes (ties: lowest index).
#[must_use]
pub fn best(scores: &[f32], allowed: Option<&dyn Fn(usize) -> bool>) -> usize {
    let mut bi = usize::MAX;
    let mut bs = f32::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        if allowed.is_some_and(|a| !a(i)) {
            continue;
        }
        if bi == usize::MAX || s > bs {
            bi = i;
            bs = s;
        }
    }
    if bi == usize::MAX {
        0
    } else {
        bi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut p = Perceptron::new(3);
        let data: Vec<(usize, Vec<u64>)> = (0..300)
            .map(|i| {
                let c = i % 3;
                (
                    c,
                    vec![
                        feature(1, &format!("c{c}")),
                        feature(2, &format!("noise{}", i % 7)),
                    ],
                )
            })
            .collect();
        for _ in 0..30 {
            for (c, f) in &data {
                p.tick();
                let g = p.predict(f, None);
                p.learn(*c, g, f);
            }
        }
        let raw_wrong = data
            .iter()
            .filter(|(c, f)| p.predict(f, None) != *c)
            .count();
        p.average();
        let wrong = data
            .iter()
            .filter(|(c, f)| p.predict(f, None) != *c)
            .count();
        // Class 0 wins ties, so a few of its instances are never learned with a margin;
        // averaging turns those ties into small losses. Everything else must be right.
        assert_eq!(raw_wrong, 0);
        assert!(wrong <= data.len() / 20, "{wrong} wrong after averaging");
        let wrong_after = |q: &Perceptron| {
            data.iter()
                .filter(|(c, f)| q.predict(f, None) != *c)
                .count()
        };
        let mut buf = Vec::new();
        p.write(&mut buf).unwrap();
        let q = Perceptron::read(&mut &buf[..]).unwrap();
        assert_eq!(wrong_after(&q), wrong);
        assert!(Perceptron::read(&mut &buf[..5]).is_err());
    }

    #[test]
    fn hashes_are_stable_and_distinct() {
        assert_eq!(feature(1, "the"), feature(1, "the"));
        assert_ne!(feature(1, "the"), feature(2, "the"));
        assert_ne!(
            Hasher64::new(3).str("a").str("bc").finish(),
            Hasher64::new(3).str("ab").str("c").finish()
        );
    }
}
