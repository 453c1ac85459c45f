//! Lemmatizer for English: edit rules learned from the LEMMA column, plus a lookup of the
//! forms seen in training.
//!
//! A lemma is produced by a [`Rule`]: optionally lowercase the form, strip a suffix, append
//! another (`studies` → strip `ies`, append `y`; `went` → strip `went`, append `go`). Rules
//! are derived from every `(form, lemma)` pair of the training data.
//!
//! - **Lookup.** A form seen in training with a tag (`UPOS|XPOS`) gets the rule of its most
//!   frequent lemma with that tag, first by exact form and then by lowercase form. This covers
//!   the irregulars: `went`/VBD → `go`, `was`/VBD → `be`, `children`/NNS → `child`,
//!   `better`/JJR → `good`.
//! - **Classifier.** Other forms get the best applicable rule (the form must end with the
//!   rule's stripped suffix) among the rules seen with at least two training types, chosen by
//!   an averaged perceptron on the form's suffixes, shape and tag.
//!
//! Case: a rule either keeps the form's case (proper nouns: `Americans` → `American`, `I` →
//! `I`) or works on its lowercase form (`The` → `the`, `Studies` → `study`); which one is
//! learned too.
//!
//! The lemmatizer is stored inside the tagger's model (see [`crate::tagger::Tagger`]), or on its
//! own with [`Lemmatizer::save`] (model kind `lemmatizer`).

use crate::conllu::Sentence;
use crate::perceptron::Hasher64;
use crate::tagger::{
    argmax, invalid, lowercase_into, put_str, put_u64, put_var, suffix_start, Bytes, IdMap,
    SparseTrainer, Weights, XorShift, TARGET,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Model kind in the container header.
pub const KIND: &str = "lemmatizer";
/// Model format version.
pub const VERSION: u32 = 1;

/// An edit rule: lemma = (lowercased?) form minus `strip`, plus `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule {
    /// Work on the lowercase form.
    pub lower: bool,
    /// Suffix to remove.
    pub strip: String,
    /// Suffix to add.
    pub append: String,
}

impl Rule {
    /// The shortest rule turning `form` into `lemma`, preferring the lowercase form on ties.
    #[must_use]
    pub fn derive(form: &str, lemma: &str) -> Rule {
        let mut lower = String::new();
        lowercase_into(form, &mut lower);
        let on = |base: &str, lower: bool| {
            let common: usize = base
                .chars()
                .zip(lemma.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum();
            Rule {
                lower,
                strip: base[common..].to_string(),
                append: lemma[common..].to_string(),
            }
        };
        let l = on(&lower, true);
        if lower == form {
            return l;
        }
        let k = on(form, false);
        if k.strip.len() + k.append.len() < l.strip.len() + l.append.len() {
            k
        } else {
            l
        }
    }

    /// Whether the rule applies to a form (given with its lowercase).
    #[must_use]
    pub fn applies(&self, form: &str, lower: &str) -> bool {
        let base = if self.lower { lower } else { form };
        base.ends_with(self.strip.as_str())
    }

    /// Apply the rule into `out`; false (and `out` untouched) when it does not apply.
    pub fn apply_into(&self, form: &str, lower: &str, out: &mut String) -> bool {
        let base = if self.lower { lower } else { form };
        match base.strip_suffix(self.strip.as_str()) {
            Some(stem) => {
                out.clear();
                out.push_str(stem);
                out.push_str(&self.append);
                true
            }
            None => false,
        }
    }
}

/// The lemmatizer. See the [module docs](self).
#[derive(Debug, Default, Clone)]
pub struct Lemmatizer {
    rules: Vec<Rule>,
    /// `rules[..n_model]` are the classifier's classes.
    n_model: usize,
    /// Form (exact or lowercase) and tag → rule.
    table: IdMap<u32>,
    w: Weights,
}

thread_local! {
    /// Feature and score buffers of the classifier.
    static SCRATCH: RefCell<(Vec<u64>, Vec<i32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

const T_EXACT: u32 = 41;
const T_LOWER: u32 = 42;

fn exact_key(tag: u64, form: &str) -> u64 {
    Hasher64::new(T_EXACT).int(tag).str(form).finish()
}

fn lower_key(tag: u64, lower: &str) -> u64 {
    Hasher64::new(T_LOWER).int(tag).str(lower).finish()
}

/// Classifier features of a form.
fn features(tag: u64, form: &str, lower: &str, out: &mut Vec<u64>) {
    out.push(Hasher64::new(50).int(tag).finish());
    for k in 1..=5 {
        let s = &lower[suffix_start(lower, k)..];
        out.push(Hasher64::new(50 + k as u32).int(tag).str(s).finish());
        if k <= 4 {
            out.push(Hasher64::new(60 + k as u32).str(s).finish());
        }
    }
    let mut chars = form.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest_upper = form.chars().skip(1).any(char::is_uppercase);
    let digit = form.chars().any(|c| c.is_ascii_digit());
    let case = u64::from(first_upper) | u64::from(rest_upper) << 1 | u64::from(digit) << 2;
    out.push(Hasher64::new(70).int(tag).int(case).finish());
    let len = lower.chars().count().min(12) as u64;
    out.push(Hasher64::new(71).int(tag).int(len).finish());
}

impl Lemmatizer {
    /// The key of a tag for [`Lemmatizer::lemmatize_into`].
    #[must_use]
    pub fn tag_key(upos: &str, xpos: &str) -> u64 {
        Hasher64::new(40).str(upos).str(xpos).finish()
    }

    /// Number of rules, of classifier classes and of looked-up forms.
    #[must_use]
    pub fn size(&self) -> (usize, usize, usize) {
        (self.rules.len(), self.n_model, self.table.len())
    }

    /// The lemma of `form` tagged `upos`/`xpos`.
    #[must_use]
    pub fn lemmatize(&self, form: &str, upos: &str, xpos: &str) -> String {
        let mut lower = String::new();
        let mut out = String::new();
        self.lemmatize_into(form, Self::tag_key(upos, xpos), &mut lower, &mut out);
        out
    }

    /// The lemma of `form` with tag key `tag` ([`Lemmatizer::tag_key`]) into `out`; `lower` is a
    /// scratch buffer. Allocates nothing once the buffers have grown.
    pub fn lemmatize_into(&self, form: &str, tag: u64, lower: &mut String, out: &mut String) {
        lowercase_into(form, lower);
        let hit = self
            .table
            .get(&exact_key(tag, form))
            .or_else(|| {
                if lower != form {
                    self.table.get(&lower_key(tag, lower))
                } else {
                    None
                }
            })
            .and_then(|&r| self.rules.get(r as usize));
        if let Some(rule) = hit {
            if rule.apply_into(form, lower, out) {
                return;
            }
        }
        if self.n_model > 0 {
            let best = SCRATCH.with(|cell| {
                let mut guard = cell.borrow_mut();
                let (feats, scores) = &mut *guard;
                feats.clear();
                features(tag, form, lower, feats);
                scores.clear();
                scores.resize(self.n_model, 0);
                self.w.add_scores(feats, scores);
                let mut best: Option<(i32, usize)> = None;
                for (i, &s) in scores.iter().enumerate() {
                    if best.is_none_or(|(b, _)| s > b) && self.rules[i].applies(form, lower) {
                        best = Some((s, i));
                    }
                }
                best
            });
            if let Some((_, i)) = best {
                if self.rules[i].apply_into(form, lower, out) {
                    return;
                }
            }
        }
        out.clear();
        out.push_str(form);
    }

    /// Learn from the LEMMA column of `train` (words with an empty lemma are skipped).
    ///
    /// `domains[i]` is the domain of `train[i]` (see [`crate::tagger::TrainOptions`]): forms
    /// of the target domain (1) take precedence in the lookup, and the classifier keeps the
    /// target's conventions.
    pub fn train(
        train: &[Sentence],
        domains: &[u8],
        epochs: usize,
        seed: u64,
        progress: &mut dyn FnMut(&str),
    ) -> Lemmatizer {
        // Types: (tag, form) → lemma counts; and (tag, lowercase form) → lemma counts.
        // The target domain's lemmas outweigh the others'.
        let mut exact: HashMap<(u64, &str), HashMap<&str, u32>> = HashMap::new();
        let mut lowered: HashMap<(u64, String), HashMap<&str, u32>> = HashMap::new();
        let mut type_domain: HashMap<(u64, &str), u8> = HashMap::new();
        let mut lower = String::new();
        for (si, s) in train.iter().enumerate() {
            let dom = domains.get(si).copied().unwrap_or(TARGET);
            let weight = if dom == TARGET { 1000 } else { 1 };
            for w in &s.words {
                if w.lemma.is_empty() {
                    continue;
                }
                let tag = Self::tag_key(&w.upos, &w.xpos);
                *exact
                    .entry((tag, w.form.as_str()))
                    .or_default()
                    .entry(w.lemma.as_str())
                    .or_default() += weight;
                let d = type_domain.entry((tag, w.form.as_str())).or_insert(dom);
                if dom == TARGET {
                    *d = TARGET;
                }
                lowercase_into(&w.form, &mut lower);
                if lower != w.form {
                    *lowered
                        .entry((tag, lower.clone()))
                        .or_default()
                        .entry(w.lemma.as_str())
                        .or_default() += weight;
                }
            }
        }
        let majority = |m: &HashMap<&str, u32>| -> String {
            let mut v: Vec<(&&str, &u32)> = m.iter().collect();
            v.sort_unstable_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            v.first().map_or(String::new(), |(l, _)| (**l).to_string())
        };
        // Types with their rule, in a fixed order.
        let mut types: Vec<(u64, String, Rule, u8)> = exact
            .iter()
            .map(|((tag, form), m)| {
                let d = type_domain.get(&(*tag, *form)).copied().unwrap_or(TARGET);
                (
                    *tag,
                    (*form).to_string(),
                    Rule::derive(form, &majority(m)),
                    d,
                )
            })
            .collect();
        types.sort_unstable();
        let mut low_types: Vec<(u64, String, Rule)> = lowered
            .iter()
            .map(|((tag, form), m)| (*tag, form.clone(), Rule::derive(form, &majority(m))))
            .collect();
        low_types.sort_unstable();

        // Rules by type frequency.
        let mut counts: HashMap<&Rule, usize> = HashMap::new();
        for (_, _, r, _) in &types {
            *counts.entry(r).or_default() += 1;
        }
        let mut rules: Vec<(&Rule, usize)> = counts.into_iter().collect();
        rules.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let n_model = rules.iter().filter(|(_, c)| *c >= 2).count();
        let mut all: Vec<Rule> = rules.iter().map(|(r, _)| (*r).clone()).collect();
        for (_, _, r) in &low_types {
            if !all.contains(r) {
                all.push(r.clone());
            }
        }
        let index: HashMap<Rule, u32> = all
            .iter()
            .enumerate()
            .map(|(i, r)| (r.clone(), i as u32))
            .collect();
        let mut table = IdMap::default();
        for (tag, form, r, _) in &types {
            table.insert(exact_key(*tag, form), index[r]);
        }
        for (tag, form, r) in &low_types {
            table.insert(lower_key(*tag, form), index[r]);
        }

        // Classifier over the frequent rules, trained on types.
        let mut m = SparseTrainer::new(n_model.max(1));
        let mut order: Vec<usize> = (0..types.len()).collect();
        let mut rng = XorShift::new(seed ^ 0x1e44a);
        let mut feats = Vec::new();
        let mut scores = vec![0.0f32; n_model.max(1)];
        for epoch in 1..=epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &ti in &order {
                let (tag, form, rule, dom) = &types[ti];
                let truth = index[rule] as usize;
                if truth >= n_model {
                    continue;
                }
                lowercase_into(form, &mut lower);
                feats.clear();
                features(*tag, form, &lower, &mut feats);
                scores.fill(0.0);
                m.add_scores(&feats, &mut scores, false, *dom);
                for (i, s) in scores.iter_mut().enumerate() {
                    if !all[i].applies(form, &lower) {
                        *s = f32::NEG_INFINITY;
                    }
                }
                let g = argmax(&scores);
                m.learn(truth, g, &feats, *dom);
                m.tick();
                right += usize::from(g == truth);
                total += 1;
            }
            progress(&format!(
                "lemma epoch {epoch}/{epochs}: train {:.2}% of {total} types",
                100.0 * right as f64 / total.max(1) as f64
            ));
        }
        progress(&format!(
            "lemmatizer: {} rules ({} in the classifier), {} forms looked up",
            all.len(),
            n_model,
            table.len()
        ));
        Lemmatizer {
            rules: all,
            n_model,
            table,
            w: m.finish(0.001, TARGET),
        }
    }

    pub(crate) fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        put_var(w, self.rules.len() as u64)?;
        for r in &self.rules {
            w.write_all(&[u8::from(r.lower)])?;
            put_str(w, &r.strip)?;
            put_str(w, &r.append)?;
        }
        put_var(w, self.n_model as u64)?;
        let mut t: Vec<(u64, u32)> = self.table.iter().map(|(k, v)| (*k, *v)).collect();
        t.sort_unstable();
        put_var(w, t.len() as u64)?;
        for (k, v) in t {
            put_u64(w, k)?;
            put_var(w, u64::from(v))?;
        }
        self.w.write(w)
    }

    pub(crate) fn read(r: &mut Bytes<'_>) -> std::io::Result<Lemmatizer> {
        let nr = r.len(1 << 24)?;
        let mut rules = Vec::with_capacity(nr);
        for _ in 0..nr {
            let lower = r.u8()? != 0;
            let strip = r.str()?;
            let append = r.str()?;
            rules.push(Rule {
                lower,
                strip,
                append,
            });
        }
        let n_model = r.var()? as usize;
        if n_model > nr {
            return Err(invalid("more classifier classes than rules"));
        }
        let nt = r.len(usize::MAX)?;
        let mut table = IdMap::default();
        table.reserve(nt);
        for _ in 0..nt {
            let k = r.u64()?;
            let v = r.var()?;
            if v >= nr as u64 {
                return Err(invalid("rule out of range"));
            }
            table.insert(k, v as u32);
        }
        let w = Weights::read(r)?;
        if n_model > 0 && w.n_classes() != n_model {
            return Err(invalid("lemma weights do not match the rules"));
        }
        Ok(Lemmatizer {
            rules,
            n_model,
            table,
            w,
        })
    }

    /// Save on its own (model kind `lemmatizer`).
    pub fn save(&self, path: &Path) -> crate::Result<()> {
        crate::model::write_model(path, KIND, VERSION, |w| self.write(w))
    }

    /// Load a model saved by [`Lemmatizer::save`].
    pub fn load(path: &Path) -> crate::Result<Lemmatizer> {
        let payload = crate::model::read_model(path, KIND, VERSION)?;
        Self::read(&mut Bytes::new(&payload)).map_err(|e| crate::Error::Model {
            path: path.display().to_string(),
            reason: format!("corrupt lemmatizer model ({e})"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_derive_and_apply() {
        let cases = [
            ("studies", "study"),
            ("The", "the"),
            ("Americans", "American"),
            ("went", "go"),
            ("I", "I"),
            ("Studies", "study"),
            ("naïve", "naïve"),
        ];
        for (form, lemma) in cases {
            let r = Rule::derive(form, lemma);
            let mut lower = String::new();
            lowercase_into(form, &mut lower);
            let mut out = String::new();
            assert!(r.apply_into(form, &lower, &mut out), "{form}");
            assert_eq!(out, lemma, "{form} with {r:?}");
        }
        assert_eq!(Rule::derive("dogs", "dog"), Rule::derive("Dogs", "dog"));
        assert!(!Rule::derive("studies", "study").applies("dogs", "dogs"));
    }
}
