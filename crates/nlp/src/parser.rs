//! A labelled transition-based dependency parser producing Universal Dependencies relations.
//!
//! # Transition system
//!
//! Arc-hybrid (Kuhlmann et al. 2011) with the artificial root at the *end* of the buffer
//! (Ballesteros & Nivre 2013). Word `i` of an `n`-word sentence has internal index `i - 1`;
//! the root is index `n`. The moves are
//!
//! - `SHIFT`: move the buffer front `b0` onto the stack (never the root);
//! - `LEFT`: attach the stack top `s0` to `b0` (to the root when `b0` is the root, allowed only
//!   when `s0` is the last word on the stack) and pop it;
//! - `RIGHT`: attach `s0` to the word below it, `s1`, and pop it.
//!
//! Every word is shifted once and popped once, so any sequence of legal moves yields a tree
//! with exactly one root and no cycles, whatever the tags and weights say. A popped word never
//! gets another child, so when a word is attached its subtree is complete: the relation label
//! is predicted right then, by a second classifier that sees the dependent's whole subtree
//! (its `case`/`mark` word, its children's labels), and later moves see that label.
//!
//! # Learning
//!
//! Two averaged perceptrons over hashed features ([`crate::perceptron::Hasher64`]), with
//! the per-word hashes (lower-cased form with digits folded, XPOS, UPOS, lemma, features)
//! computed once per sentence:
//!
//! - the move classifier: 79 Zhang & Nivre (2011)-style templates over `s0..s2` and
//!   `b0..b2` (words, tags, lemmas), the leftmost/rightmost children of `s0`, `s1` and `b0`
//!   and the second ones (words, tags, labels), distances, valencies, label sets, the
//!   preposition or subordinator already attached to a candidate dependent, and surface
//!   neighbours. The set was cut down from about 140 by ablation on dev: every template costs
//!   a memory lookup per move, and lookups are what bounds the parsing speed;
//! - the label classifier: 28 templates over the arc (direction, distance, words, tags, lemmas
//!   and morphological features of head and dependent, the dependent's complete subtree, the
//!   head's children so far); dependents whose UPOS the training data always labels alike
//!   (punctuation: `punct`) skip it.
//!
//! Moves are trained with the dynamic oracle of Goldberg & Nivre (2013) for arc-hybrid, made
//! exact for the single-root constraint (a unit test checks each move's cost against an
//! exhaustive search from random configurations), and with error exploration: from the second
//! epoch the trainer follows its own wrong moves with probability 0.9, so it learns to recover
//! from its mistakes. Non-projective training trees are projectivized by lifting (the label is
//! kept), and the dev set picks the best epoch.
//!
//! At run time the tags, lemmas and features come from our tagger, not from a treebank, so
//! training perturbs them, anew each epoch: 4% of the words get a confusable UPOS/XPOS pair
//! (`NN`/`NNP`, `VBD`/`VBN`, `IN`/`RB`, `AUX`/`VERB`…), and 10% lose their lemma (the form
//! stands in, as it does at run time for a missing lemma) or their features. Without this, 4%
//! of wrong tags cost 3.6 points of dev UAS instead of 1, and a tagger without features would
//! cost 7 points of LAS. [`Parser::average`] then merges parsers trained with different seeds
//! into one of the same speed.
//!
//! The perceptrons are the textbook averaged perceptron of [`crate::perceptron`], but keep
//! their weights in a store of their own: flat arrays instead of two vectors per feature row,
//! averages taken without ending training (so every epoch can be scored on dev), and update
//! counts to prune rarely updated rows. For parsing they are compiled into compact tables
//! keyed by 32-bit feature fingerprints: the move table holds
//! eight `i16` rows per 64-byte cache line, so a lookup reads one line; the label rows are `i8`
//! and one cache line each. Models are stored quantized, keys delta-coded, in the
//! [`crate::model`] container (kind `parser`).
//!
//! Decoding is greedy and linear in the sentence length.
//!
//! The committed model (`models/parser.bin`, three seeds averaged, trained on EWT train and
//! the CC-BY/public-domain GUM train and dev documents, each sentence once with gold tags and
//! once with jackknifed tags, the ones our tagger predicts when trained on the other folds:
//! the recipe is in `examples/parser.rs`) scores on EWT dev UAS 85.6 and LAS 82.4 from our
//! tagger's tags, 88.8 and 87.0 with gold tags.

use crate::conllu::{Sentence, Word};
use crate::model::Bytes;
use crate::perceptron::{Hasher64, IdHasher};
use crate::Error;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::path::Path;

/// Model kind in the container header.
const KIND: &str = "parser";
/// Model format version: bump when features or the payload change.
const VERSION: u32 = 1;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;

/// Weights are stored as integers in `-LEVELS..=LEVELS` times a per-table step.
const LEVELS: f32 = 2047.0;
/// Label weights are stored in `i8`.
const LABEL_LEVELS: f32 = 127.0;

/// A (UPOS, direction) is labelled without the classifier when at least this many training
/// arcs have it and 99.9% of them one label.
const FIXED_MIN: usize = 1000;

/// "No label yet" in features.
const NOLAB: u64 = 0xffff;

/// Options of [`Parser::train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffling, exploration and tag-noise generator (training is deterministic).
    pub seed: u64,
    /// First epoch (1-based) in which the trainer may follow its own wrong moves.
    pub explore_from: usize,
    /// Probability of following a wrong predicted move during exploration.
    pub explore_prob: f64,
    /// Per-word probability of replacing a training word's UPOS/XPOS by a confusable pair
    /// (only words whose tags have a known confusion are touched), drawn anew each epoch.
    pub tag_noise: f64,
    /// Per-word probability, drawn anew each epoch, of hiding a training word's lemma (the form
    /// stands in, as when a tagger leaves the lemma out) and, independently, its morphological
    /// features, so the parser does not lean on them alone.
    pub field_dropout: f64,
    /// Keep only move-feature rows that took part in at least this many updates (prunes the
    /// model: rare features cost size and speed and add little).
    pub min_updates: u32,
    /// The same for label-feature rows (labels suffer sooner from pruning).
    pub min_label_updates: u32,
    /// Return the epoch with the best dev LAS instead of the last one (needs dev data).
    pub keep_best: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            seed: 1,
            explore_from: 2,
            explore_prob: 0.9,
            tag_noise: 0.04,
            field_dropout: 0.1,
            min_updates: 4,
            min_label_updates: 3,
            keep_best: true,
        }
    }
}

/// Attachment scores over a set of sentences (all words, punctuation included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentScores {
    /// Words compared.
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and universal relation (the label before `:`).
    pub labels: usize,
    /// Words with the right head and full relation (with its subtype).
    pub full_labels: usize,
}

impl AttachmentScores {
    /// Compare predicted sentences with gold ones (same words in the same order).
    #[must_use]
    pub fn compare(gold: &[Sentence], predicted: &[Sentence]) -> Self {
        let mut s = AttachmentScores::default();
        for (g, p) in gold.iter().zip(predicted) {
            for (gw, pw) in g.words.iter().zip(&p.words) {
                s.words += 1;
                if gw.head.is_some() && gw.head == pw.head {
                    s.heads += 1;
                    if universal(&gw.deprel) == universal(&pw.deprel) {
                        s.labels += 1;
                    }
                    if gw.deprel == pw.deprel {
                        s.full_labels += 1;
                    }
                }
            }
        }
        s
    }

    fn pct(x: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            100.0 * x as f64 / n as f64
        }
    }

    /// Unlabelled attachment score, in percent.
    #[must_use]
    pub fn uas(&self) -> f64 {
        Self::pct(self.heads, self.words)
    }

    /// Labelled attachment score on universal relations, in percent.
    #[must_use]
    pub fn las(&self) -> f64 {
        Self::pct(self.labels, self.words)
    }

    /// Labelled attachment score on full relations (with subtypes), in percent.
    #[must_use]
    pub fn las_full(&self) -> f64 {
        Self::pct(self.full_labels, self.words)
    }
}

fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// The dependency parser: see the [module documentation](self).
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    /// Bit 0: seen on a dependent left of its head; bit 1: right of it.
    label_dirs: Vec<u8>,
    root_label: usize,
    /// Labels whose dependents are function words worth remembering (`case`, `mark`).
    case_labels: u64,
    /// (UPOS, direction bit, label): dependents the training data always labels alike
    /// (punctuation), labelled without the classifier.
    fixed: Vec<(String, u8, usize)>,
    /// The UPOS hashes of `fixed`.
    fixed_hashes: Vec<u64>,
    moves: MoveTable,
    labeller: LabelTable,
}

impl Parser {
    /// Load a model written by [`Parser::save`].
    pub fn load(path: &Path) -> crate::Result<Parser> {
        let payload = crate::model::read_model(path, KIND, VERSION)?;
        Parser::decode(&payload).map_err(|reason| Error::Model {
            path: path.display().to_string(),
            reason,
        })
    }

    /// Save the model.
    pub fn save(&self, path: &Path) -> crate::Result<()> {
        crate::model::write_model(path, KIND, VERSION, |w| self.encode(w))
    }

    /// The relation labels the model can predict.
    #[must_use]
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Fill head and deprel of each word (forms and tags given).
    pub fn parse(&self, words: &mut [Word]) {
        let n = words.len();
        if n == 0 {
            return;
        }
        let sent = Sent::new(words, None);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(192);
        let mut lscores = vec![0.0f32; self.labels.len()];
        while !st.done() {
            let legal = st.legal();
            let mv = if legal.count_ones() == 1 {
                legal.trailing_zeros() as usize
            } else {
                feats.clear();
                move_features(&sent, &st, &mut feats);
                let mut sc = [0.0f32; 3];
                self.moves.add_scores(&feats, &mut sc);
                best_legal(&sc, legal)
            };
            let label = if mv == SHIFT {
                0
            } else {
                let (h, d) = st.arc(mv);
                self.predict_label(&sent, &st, h, d, &self.labeller, &mut feats, &mut lscores)
            };
            st.apply(mv, label, self.case_labels);
        }
        for (i, w) in words.iter_mut().enumerate() {
            let h = st.node[i].head;
            w.head = Some(if h >= n { 0 } else { h + 1 });
            // Every word is attached with a label of the model; "dep" is only a safety net.
            let label = self.labels.get(st.node[i].label as usize);
            w.deprel.clear();
            w.deprel.push_str(label.map_or("dep", String::as_str));
        }
    }

    /// Parse copies of `gold` and score them against it.
    #[must_use]
    pub fn evaluate(&self, gold: &[Sentence]) -> AttachmentScores {
        let predicted: Vec<Sentence> = gold
            .iter()
            .map(|s| {
                let mut p = s.clone();
                for w in &mut p.words {
                    w.head = None;
                    w.deprel.clear();
                }
                self.parse(&mut p.words);
                p
            })
            .collect();
        AttachmentScores::compare(gold, &predicted)
    }

    /// Average the weights of parsers trained on the same data (so with the same labels), for
    /// example with different seeds. The scores of a linear model are linear in its weights,
    /// so this is the ensemble of the parsers' scores at the speed of one parser. Only the
    /// feature rows every parser has are kept: the others are rare features, whose averaged
    /// weight is small, and dropping them keeps the table no bigger than one parser's (three
    /// seeds: dev UAS/LAS +0.1/+0.1 over the seeds' mean with gold tags, +0.2/+0.2 with noised
    /// tags). `None` when `models` is empty or their labels differ.
    #[must_use]
    pub fn average(models: &[&Parser]) -> Option<Parser> {
        let first = *models.first()?;
        if models.iter().any(|m| {
            m.labels != first.labels || m.root_label != first.root_label || m.fixed != first.fixed
        }) {
            return None;
        }
        let moves: Vec<Quantized> = models.iter().map(|m| m.moves.quantized()).collect();
        let labels: Vec<Quantized> = models.iter().map(|m| m.labeller.quantized()).collect();
        let mut p = first.clone();
        for m in models {
            for (d, &e) in p.label_dirs.iter_mut().zip(&m.label_dirs) {
                *d |= e;
            }
            p.case_labels |= m.case_labels;
        }
        let all = models.len();
        p.moves = MoveTable::new(&Quantized::average(&moves, LEVELS, all));
        p.labeller = LabelTable::new(&Quantized::average(&labels, LABEL_LEVELS, all));
        Some(p)
    }

    /// The label of `h → d` when the dependent's UPOS fixes it.
    fn fixed_label(&self, sent: &Sent, h: usize, d: usize) -> Option<u64> {
        let dir = if d < h { 1u8 } else { 2u8 };
        let upos = sent.upos()[d];
        self.fixed
            .iter()
            .zip(&self.fixed_hashes)
            .find(|(f, &fh)| fh == upos && f.1 == dir)
            .map(|(f, _)| f.2 as u64)
    }

    #[allow(clippy::too_many_arguments)]
    fn predict_label<S: Scores>(
        &self,
        sent: &Sent,
        st: &State,
        h: usize,
        d: usize,
        weights: &S,
        feats: &mut Vec<u64>,
        scores: &mut [f32],
    ) -> u64 {
        if h == st.n {
            return self.root_label as u64;
        }
        if let Some(l) = self.fixed_label(sent, h, d) {
            return l;
        }
        let dir = if d < h { 1u8 } else { 2u8 };
        feats.clear();
        label_features(sent, st, h, d, feats);
        scores.iter_mut().for_each(|s| *s = 0.0);
        weights.add_scores(feats, scores);
        let mut best = usize::MAX;
        let mut bs = f32::NEG_INFINITY;
        for (l, &s) in scores.iter().enumerate() {
            if self.label_dirs[l] & dir != 0
                && l != self.root_label
                && (best == usize::MAX || s > bs)
            {
                best = l;
                bs = s;
            }
        }
        if best == usize::MAX {
            let root = self.root_label;
            best = crate::perceptron::best(scores, Some(&|l| l != root));
        }
        best as u64
    }

    /// Train a parser. Sentences whose trees are incomplete or malformed are skipped;
    /// non-projective trees are projectivized. `dev` (may be empty) is parsed after each
    /// epoch and reported through `progress`.
    pub fn train(
        train: &[Sentence],
        dev: &[Sentence],
        opts: &TrainOptions,
        progress: &mut dyn FnMut(&str),
    ) -> Parser {
        let mut rng = Rng::new(opts.seed);
        // Label vocabulary, sorted for determinism; `root` always present.
        let mut names: Vec<String> = train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
            .filter(|d| !d.is_empty() && d.len() < 256)
            .collect();
        names.push("root".to_string());
        names.sort();
        names.dedup();
        let index: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let root_label = index.get("root").copied().unwrap_or(0);
        let mut case_labels = 0u64;
        for (i, l) in names.iter().enumerate() {
            if matches!(universal(l), "case" | "mark") {
                case_labels |= 1 << (i % 64);
            }
        }
        let mut label_dirs = vec![0u8; names.len()];
        let mut examples = Vec::new();
        // (UPOS, direction) → label counts, for labels that need no classifier.
        let mut by_upos: HashMap<(&str, u8), Vec<usize>> = HashMap::new();
        let (mut skipped, mut lifted_trees) = (0usize, 0usize);
        for (si, s) in train.iter().enumerate() {
            match Example::new(si, &s.words, &index) {
                Some(ex) => {
                    for (d, &h) in ex.heads.iter().enumerate() {
                        if h < ex.heads.len() {
                            let dir = if d < h { 1 } else { 2 };
                            label_dirs[ex.labels[d]] |= dir;
                            let counts = by_upos
                                .entry((s.words[d].upos.as_str(), dir))
                                .or_insert_with(|| vec![0; names.len()]);
                            counts[ex.labels[d]] += 1;
                        }
                    }
                    lifted_trees += usize::from(ex.lifted > 0);
                    examples.push(ex);
                }
                None => skipped += 1,
            }
        }
        progress(&format!(
            "{} training sentences ({} skipped as malformed, {} projectivized), {} labels",
            examples.len(),
            skipped,
            lifted_trees,
            names.len()
        ));
        let mut fixed: Vec<(String, u8, usize)> = by_upos
            .iter()
            .filter_map(|(&(upos, dir), counts)| {
                let total: usize = counts.iter().sum();
                let (label, &top) = counts.iter().enumerate().max_by_key(|e| *e.1)?;
                (total >= FIXED_MIN && top * 1000 >= total * 999 && label != root_label)
                    .then(|| (upos.to_string(), dir, label))
            })
            .collect();
        fixed.sort();
        let fixed_hashes = fixed.iter().map(|f| hash_str(H_UPOS, &f.0)).collect();
        let mut parser = Parser {
            labels: names,
            label_dirs,
            root_label,
            case_labels,
            fixed,
            fixed_hashes,
            moves: MoveTable::new(&Quantized::empty(3)),
            labeller: LabelTable::new(&Quantized::empty(1)),
        };
        let n_labels = parser.labels.len();
        let mut moves = Weights::new(3);
        let mut labeller = Weights::new(n_labels);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut best: Option<(usize, f64, Parser)> = None;
        let mut feats = Vec::with_capacity(192);
        let mut lscores = vec![0.0f32; n_labels];
        for epoch in 1..=opts.epochs {
            let t0 = std::time::Instant::now();
            rng.shuffle(&mut order);
            let explore = epoch >= opts.explore_from;
            let (mut decisions, mut right, mut arcs, mut right_labels) = (0u64, 0u64, 0u64, 0u64);
            for &ei in &order {
                let ex = &examples[ei];
                let words = &train[ex.sentence].words;
                let noisy = opts.tag_noise > 0.0 || opts.field_dropout > 0.0;
                let noise = noisy.then_some((&mut rng, opts.tag_noise, opts.field_dropout));
                let sent = Sent::new(words, noise);
                let mut st = State::new(words.len());
                while !st.done() {
                    let legal = st.legal();
                    let mv = if legal.count_ones() == 1 {
                        legal.trailing_zeros() as usize
                    } else {
                        feats.clear();
                        move_features(&sent, &st, &mut feats);
                        let mut sc = [0.0f32; 3];
                        moves.add_scores(&feats, &mut sc);
                        let guess = best_legal(&sc, legal);
                        let costs = st.costs(&ex.heads);
                        let min = (0..3)
                            .filter(|&m| legal & (1 << m) != 0)
                            .map(|m| costs[m])
                            .min()
                            .unwrap_or(0);
                        let mut zero = 0u8;
                        for (m, &c) in costs.iter().enumerate() {
                            if legal & (1 << m) != 0 && c == min {
                                zero |= 1 << m;
                            }
                        }
                        let oracle = best_legal(&sc, zero);
                        moves.tick();
                        decisions += 1;
                        if costs[guess] == min {
                            right += 1;
                            guess
                        } else {
                            moves.learn(&feats, oracle, guess);
                            if explore && rng.f64() < opts.explore_prob {
                                guess
                            } else {
                                oracle
                            }
                        }
                    };
                    let label = if mv == SHIFT {
                        0
                    } else {
                        let (h, d) = st.arc(mv);
                        let guess = parser.predict_label(
                            &sent,
                            &st,
                            h,
                            d,
                            &labeller,
                            &mut feats,
                            &mut lscores,
                        );
                        let fixed = parser.fixed_label(&sent, h, d).is_some();
                        if h != st.n && ex.heads[d] == h && !fixed {
                            labeller.tick();
                            arcs += 1;
                            let gold = ex.labels[d];
                            if guess as usize == gold {
                                right_labels += 1;
                            } else {
                                labeller.learn(&feats, gold, guess as usize);
                            }
                        }
                        guess
                    };
                    st.apply(mv, label, parser.case_labels);
                }
            }
            parser.moves = MoveTable::new(&moves.compile(opts.min_updates, LEVELS));
            parser.labeller =
                LabelTable::new(&labeller.compile(opts.min_label_updates, LABEL_LEVELS));
            let mut msg = format!(
                "epoch {epoch}/{}: moves {:.2}% right, labels {:.2}% right, {} + {} feature rows kept, {:.1} s",
                opts.epochs,
                100.0 * right as f64 / decisions.max(1) as f64,
                100.0 * right_labels as f64 / arcs.max(1) as f64,
                parser.moves.len,
                parser.labeller.len(),
                t0.elapsed().as_secs_f64()
            );
            if !dev.is_empty() {
                let s = parser.evaluate(dev);
                msg.push_str(&format!(
                    "; dev UAS {:.2} LAS {:.2} (full {:.2})",
                    s.uas(),
                    s.las(),
                    s.las_full()
                ));
                if opts.keep_best && best.as_ref().is_none_or(|b| s.las_full() > b.1) {
                    best = Some((epoch, s.las_full(), parser.clone()));
                }
            }
            progress(&msg);
        }
        match best {
            Some((epoch, _, p)) if epoch != opts.epochs => {
                progress(&format!("keeping epoch {epoch}, the best on dev"));
                p
            }
            _ => parser,
        }
    }

    fn encode(&self, w: &mut dyn Write) -> std::io::Result<()> {
        w.write_all(&(self.labels.len() as u32).to_le_bytes())?;
        for (l, d) in self.labels.iter().zip(&self.label_dirs) {
            w.write_all(&[l.len() as u8, *d])?;
            w.write_all(l.as_bytes())?;
        }
        w.write_all(&(self.root_label as u32).to_le_bytes())?;
        w.write_all(&self.case_labels.to_le_bytes())?;
        w.write_all(&(self.fixed.len() as u32).to_le_bytes())?;
        for (upos, dir, label) in &self.fixed {
            w.write_all(&[upos.len().min(255) as u8])?;
            w.write_all(&upos.as_bytes()[..upos.len().min(255)])?;
            w.write_all(&[*dir])?;
            w.write_all(&(*label as u32).to_le_bytes())?;
        }
        self.moves.quantized().write(w)?;
        self.labeller.quantized().write(w)
    }

    fn decode(b: &[u8]) -> Result<Parser, String> {
        let mut r = Bytes::new(b);
        let n = r.u32()? as usize;
        if n == 0 || n > 4096 {
            return Err(format!("implausible label count {n}"));
        }
        let mut labels = Vec::with_capacity(n);
        let mut label_dirs = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.take(1)?[0] as usize;
            label_dirs.push(r.take(1)?[0]);
            let s = std::str::from_utf8(r.take(len)?).map_err(|_| "label is not UTF-8")?;
            labels.push(s.to_string());
        }
        let root_label = r.u32()? as usize;
        if root_label >= n {
            return Err("root label out of range".into());
        }
        let case_labels = r.u64()?;
        let nfixed = r.u32()? as usize;
        if nfixed > 4096 {
            return Err("implausible fixed label count".into());
        }
        let mut fixed = Vec::with_capacity(nfixed);
        for _ in 0..nfixed {
            let len = r.take(1)?[0] as usize;
            let upos = std::str::from_utf8(r.take(len)?).map_err(|_| "UPOS is not UTF-8")?;
            let dir = r.take(1)?[0];
            let label = r.u32()? as usize;
            if label >= n {
                return Err("fixed label out of range".into());
            }
            fixed.push((upos.to_string(), dir, label));
        }
        let fixed_hashes = fixed.iter().map(|f| hash_str(H_UPOS, &f.0)).collect();
        let moves = Quantized::read(&mut r)?;
        let labeller = Quantized::read(&mut r)?;
        if moves.n != 3 || labeller.n != n {
            return Err("table dimensions do not match".into());
        }
        let (moves, labeller) = (MoveTable::new(&moves), LabelTable::new(&labeller));
        if r.remaining() != 0 {
            return Err("trailing bytes after the model".into());
        }
        Ok(Parser {
            labels,
            label_dirs,
            root_label,
            case_labels,
            fixed,
            fixed_hashes,
            moves,
            labeller,
        })
    }
}

/// The best legal move (bit `m` of `legal` set when move `m` is legal).
fn best_legal(scores: &[f32; 3], legal: u8) -> usize {
    let mut best = usize::MAX;
    let mut bs = f32::NEG_INFINITY;
    for (m, &s) in scores.iter().enumerate() {
        if legal & (1 << m) != 0 && (best == usize::MAX || s > bs) {
            best = m;
            bs = s;
        }
    }
    if best == usize::MAX {
        SHIFT
    } else {
        best
    }
}

// ---------------------------------------------------------------------------------------------
// Training examples

/// A training sentence: projectivized gold heads (root = `n`) and label ids.
struct Example {
    sentence: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    lifted: usize,
}

impl Example {
    fn new(sentence: usize, words: &[Word], index: &HashMap<&str, usize>) -> Option<Example> {
        let n = words.len();
        if n == 0 {
            return None;
        }
        let mut heads = Vec::with_capacity(n);
        let mut labels = Vec::with_capacity(n);
        let mut roots = 0;
        for w in words {
            let h = w.head?;
            if h > n {
                return None;
            }
            if h == 0 {
                roots += 1;
                heads.push(n);
            } else {
                heads.push(h - 1);
            }
            labels.push(*index.get(w.deprel.as_str())?);
        }
        if roots != 1 {
            return None;
        }
        // Every word must reach the root.
        for i in 0..n {
            let mut x = i;
            let mut steps = 0;
            while x != n {
                x = heads[x];
                steps += 1;
                if steps > n {
                    return None;
                }
            }
        }
        let lifted = projectivize(&mut heads);
        Some(Example {
            sentence,
            heads,
            labels,
            lifted,
        })
    }
}

/// True when `h` dominates `k` (heads: root = `heads.len()`).
fn dominates(heads: &[usize], h: usize, k: usize) -> bool {
    let n = heads.len();
    let mut x = k;
    for _ in 0..=n {
        if x == h {
            return true;
        }
        if x >= n {
            return false;
        }
        x = heads[x];
    }
    false
}

/// Lift non-projective arcs (shortest first) to the head's head until the tree is
/// projective; returns the number of lifts.
fn projectivize(heads: &mut [usize]) -> usize {
    let n = heads.len();
    let mut lifts = 0;
    while lifts <= n * n {
        let mut worst: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = heads[d];
            if h >= n {
                continue;
            }
            let (a, b) = (d.min(h), d.max(h));
            if (a + 1..b).any(|k| !dominates(heads, h, k))
                && worst.is_none_or(|(span, _)| b - a < span)
            {
                worst = Some((b - a, d));
            }
        }
        match worst {
            Some((_, d)) => {
                heads[d] = heads[heads[d]];
                lifts += 1;
            }
            None => break,
        }
    }
    lifts
}

// ---------------------------------------------------------------------------------------------
// Sentence features computed once

/// Per-token hashes, five arrays of `n + 2` in one buffer; index `n` is the root, `n + 1`
/// the "none" token.
struct Sent {
    m: usize,
    data: Vec<u64>,
}

impl Sent {
    fn form(&self) -> &[u64] {
        &self.data[..self.m]
    }
    fn xpos(&self) -> &[u64] {
        &self.data[self.m..2 * self.m]
    }
    fn upos(&self) -> &[u64] {
        &self.data[2 * self.m..3 * self.m]
    }
    fn lemma(&self) -> &[u64] {
        &self.data[3 * self.m..4 * self.m]
    }
    fn feats(&self) -> &[u64] {
        &self.data[4 * self.m..5 * self.m]
    }
}

const H_FORM: u32 = 1;
const H_XPOS: u32 = 2;
const H_UPOS: u32 = 3;
const H_LEMMA: u32 = 4;
const H_FEATS: u32 = 5;

fn hash_str(t: u32, s: &str) -> u64 {
    Hasher64::new(t).str(s).finish()
}

/// Lower-cased form with digits folded to `0`, hashed without allocating.
fn hash_form(s: &str) -> u64 {
    let mut h = Hasher64::new(H_FORM);
    for c in s.chars() {
        if c.is_ascii() {
            let c = if c.is_ascii_digit() {
                '0'
            } else {
                c.to_ascii_lowercase()
            };
            h = h.int(u64::from(c));
        } else {
            for l in c.to_lowercase() {
                h = h.int(u64::from(l));
            }
        }
    }
    h.finish()
}

/// The lemma's hash; the form stands in for a missing lemma (or when `hide`).
fn hash_lemma(w: &Word, hide: bool) -> u64 {
    let lemma = if hide || w.lemma.is_empty() || w.lemma == "_" {
        &w.form
    } else {
        &w.lemma
    };
    hash_form(lemma) ^ 0x5bd1_e995
}

impl Sent {
    /// Hashes of `words`; `noise` (generator, tag noise rate, field dropout rate) perturbs the
    /// tags, lemmas and features of training sentences.
    fn new(words: &[Word], noise: Option<(&mut Rng, f64, f64)>) -> Sent {
        let n = words.len();
        let m = n + 2;
        let mut data = vec![0u64; 5 * m];
        for (i, w) in words.iter().enumerate() {
            data[i] = hash_form(&w.form);
            data[m + i] = hash_str(H_XPOS, &w.xpos);
            data[2 * m + i] = hash_str(H_UPOS, &w.upos);
            data[3 * m + i] = hash_lemma(w, false);
            data[4 * m + i] = hash_str(H_FEATS, &w.feats);
        }
        for (i, special) in ["<ROOT>", "<NONE>"].iter().enumerate() {
            data[n + i] = hash_str(H_FORM, special);
            data[m + n + i] = hash_str(H_XPOS, special);
            data[2 * m + n + i] = hash_str(H_UPOS, special);
            data[3 * m + n + i] = hash_str(H_LEMMA, special);
            data[4 * m + n + i] = hash_str(H_FEATS, special);
        }
        if let Some((rng, rate, dropout)) = noise {
            for (i, w) in words.iter().enumerate() {
                if rng.f64() < rate {
                    if let Some((u, x)) = confusion(&w.upos, &w.xpos, rng) {
                        data[2 * m + i] = hash_str(H_UPOS, u);
                        data[m + i] = hash_str(H_XPOS, x);
                    }
                }
                if rng.f64() < dropout {
                    data[3 * m + i] = hash_lemma(w, true);
                }
                if rng.f64() < dropout {
                    data[4 * m + i] = hash_str(H_FEATS, "");
                }
            }
        }
        Sent { m, data }
    }
}

/// A (UPOS, XPOS) pair.
type Tags = (&'static str, &'static str);

/// Tagger confusions, used both ways.
const CONFUSIONS: &[(Tags, Tags)] = &[
    (("NOUN", "NN"), ("PROPN", "NNP")),
    (("NOUN", "NNS"), ("PROPN", "NNPS")),
    (("NOUN", "NNS"), ("PROPN", "NNP")),
    (("NOUN", "NN"), ("ADJ", "JJ")),
    (("NOUN", "NN"), ("VERB", "VB")),
    (("NOUN", "NN"), ("VERB", "VBP")),
    (("NOUN", "NN"), ("VERB", "VBG")),
    (("NOUN", "NNS"), ("VERB", "VBZ")),
    (("NOUN", "NN"), ("NOUN", "NNS")),
    (("PROPN", "NNP"), ("ADJ", "JJ")),
    (("PROPN", "NNP"), ("NUM", "CD")),
    (("PROPN", "NNP"), ("X", "FW")),
    (("VERB", "VBD"), ("VERB", "VBN")),
    (("VERB", "VB"), ("VERB", "VBP")),
    (("VERB", "VBN"), ("ADJ", "JJ")),
    (("VERB", "VBG"), ("ADJ", "JJ")),
    (("AUX", "VBZ"), ("VERB", "VBZ")),
    (("AUX", "VBP"), ("VERB", "VBP")),
    (("AUX", "VBD"), ("VERB", "VBD")),
    (("AUX", "VB"), ("VERB", "VB")),
    (("AUX", "VBN"), ("VERB", "VBN")),
    (("ADP", "IN"), ("SCONJ", "IN")),
    (("ADP", "IN"), ("ADV", "RB")),
    (("ADP", "RP"), ("ADV", "RB")),
    (("ADP", "RP"), ("ADP", "IN")),
    (("ADV", "RB"), ("ADJ", "JJ")),
    (("ADV", "RB"), ("INTJ", "UH")),
    (("ADV", "RB"), ("CCONJ", "CC")),
    (("DET", "DT"), ("PRON", "DT")),
    (("DET", "DT"), ("ADV", "RB")),
    (("PRON", "WDT"), ("SCONJ", "IN")),
    (("PRON", "WDT"), ("DET", "WDT")),
    (("PART", "TO"), ("ADP", "IN")),
    (("PUNCT", ":"), ("PUNCT", ",")),
    (("SYM", "SYM"), ("PUNCT", "NFP")),
];

/// A random confusable (UPOS, XPOS) pair for a word tagged `upos`/`xpos`, if any.
fn confusion(upos: &str, xpos: &str, rng: &mut Rng) -> Option<(&'static str, &'static str)> {
    let mut cands = [("", ""); 8];
    let mut k = 0;
    for &(a, b) in CONFUSIONS {
        let other = if a.0 == upos && a.1 == xpos {
            b
        } else if b.0 == upos && b.1 == xpos {
            a
        } else {
            continue;
        };
        if k < cands.len() {
            cands[k] = other;
            k += 1;
        }
    }
    (k > 0).then(|| cands[rng.below(k)])
}

/// Replace the UPOS/XPOS of about `rate` of the words (those with a known confusion) by a
/// confusable pair, to measure how the parser copes with a tagger's errors. Returns the number
/// of words changed.
pub fn add_tag_noise(sentences: &mut [Sentence], rate: f64, seed: u64) -> usize {
    let mut rng = Rng::new(seed);
    let mut changed = 0;
    for s in sentences {
        for w in &mut s.words {
            if rng.f64() < rate {
                if let Some((u, x)) = confusion(&w.upos, &w.xpos, &mut rng) {
                    w.upos = u.to_string();
                    w.xpos = x.to_string();
                    changed += 1;
                }
            }
        }
    }
    changed
}

// ---------------------------------------------------------------------------------------------
// Parser state

/// What the parser knows of one token (`n + 2` of them: root `n`, none `n + 1`).
#[derive(Debug, Clone, Copy)]
struct Node {
    head: usize,
    label: u64,
    /// Leftmost, second leftmost, rightmost, second rightmost children (`n + 1`: none).
    lc1: usize,
    lc2: usize,
    rc1: usize,
    rc2: usize,
    /// Number of left and right children.
    nl: u64,
    nr: u64,
    /// Bit sets of the children's labels.
    lset: u64,
    rset: u64,
    /// 1 + index of the first `case`/`mark` child (0: none).
    case: u64,
}

/// An arc-hybrid configuration.
struct State {
    n: usize,
    stack: Vec<usize>,
    /// Buffer front; `n` is the root; `n + 1` means empty.
    b: usize,
    node: Vec<Node>,
}

impl State {
    fn new(n: usize) -> State {
        let none = n + 1;
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            node: vec![
                Node {
                    head: none,
                    label: NOLAB,
                    lc1: none,
                    lc2: none,
                    rc1: none,
                    rc2: none,
                    nl: 0,
                    nr: 0,
                    lset: 0,
                    rset: 0,
                    case: 0,
                };
                n + 2
            ],
        }
    }

    #[cfg(test)]
    fn heads(&self) -> Vec<usize> {
        self.node[..self.n].iter().map(|x| x.head).collect()
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    /// Legal moves as a bit set.
    fn legal(&self) -> u8 {
        let mut m = 0;
        if self.b < self.n {
            m |= 1 << SHIFT;
        }
        let depth = self.stack.len();
        if depth >= 1 && (self.b < self.n || (self.b == self.n && depth == 1)) {
            m |= 1 << LEFT;
        }
        if depth >= 2 {
            m |= 1 << RIGHT;
        }
        m
    }

    /// (head, dependent) of an arc move.
    fn arc(&self, mv: usize) -> (usize, usize) {
        let d = self.stack.len();
        let s0 = self
            .stack
            .get(d.wrapping_sub(1))
            .copied()
            .unwrap_or(self.n + 1);
        if mv == LEFT {
            (self.b, s0)
        } else {
            let s1 = self
                .stack
                .get(d.wrapping_sub(2))
                .copied()
                .unwrap_or(self.n + 1);
            (s1, s0)
        }
    }

    fn apply(&mut self, mv: usize, label: u64, case_labels: u64) {
        if mv == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc(mv);
        self.stack.pop();
        self.node[d].head = h;
        self.node[d].label = label;
        let bit = 1u64 << (label % 64);
        if mv == LEFT {
            self.node[h].lc2 = self.node[h].lc1;
            self.node[h].lc1 = d;
            self.node[h].nl += 1;
            self.node[h].lset |= bit;
        } else {
            self.node[h].rc2 = self.node[h].rc1;
            self.node[h].rc1 = d;
            self.node[h].nr += 1;
            self.node[h].rset |= bit;
        }
        if case_labels & bit != 0 && self.node[h].case == 0 {
            self.node[h].case = d as u64 + 1;
        }
    }

    /// Dynamic-oracle costs of the three moves (Goldberg & Nivre 2013) against projective gold
    /// `heads`: the gold arcs each move makes unreachable. Illegal moves get a cost too;
    /// callers mask them. With a single root, a word's arc to the root stays reachable only
    /// while the word is in the buffer or alone at the bottom of the stack.
    fn costs(&self, heads: &[usize]) -> [u32; 3] {
        let n = self.n;
        let b = self.b;
        let depth = self.stack.len();
        let mut c = [0u32; 3];
        if b < n {
            // SHIFT loses b0's arcs with the stack, except a head at s0, and its root arc
            // unless the stack is empty.
            let hb = heads[b];
            c[SHIFT] = u32::from(hb == n && depth > 0);
            for (i, &s) in self.stack.iter().enumerate() {
                if heads[s] == b {
                    c[SHIFT] += 1;
                }
                if hb == s && i + 1 != depth {
                    c[SHIFT] += 1;
                }
            }
        }
        if depth >= 1 {
            let s0 = self.stack[depth - 1];
            let deps = (b..n).filter(|&d| heads[d] == s0).count() as u32;
            let h0 = heads[s0];
            let s1 = if depth >= 2 {
                self.stack[depth - 2]
            } else {
                n + 1
            };
            let in_buffer = h0 >= b && h0 < n;
            let root_reachable = h0 == n && depth == 1;
            c[LEFT] = deps + u32::from(h0 != b && (h0 == s1 || in_buffer || root_reachable));
            c[RIGHT] = deps + u32::from(in_buffer);
        }
        c
    }
}

// ---------------------------------------------------------------------------------------------
// Features

fn dist_bucket(a: usize, b: usize, n: usize) -> u64 {
    if a > n || b > n {
        return 9;
    }
    if a == n || b == n {
        return 8;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

macro_rules! feature {
    ($out:ident, $t:ident; $($x:expr),+) => {{
        $t += 1;
        $out.push(Hasher64::new($t)$(.int($x))+.finish());
    }};
}

/// Features of a configuration for choosing the next move.
fn move_features(s: &Sent, st: &State, out: &mut Vec<u64>) {
    let n = st.n;
    let none = n + 1;
    let depth = st.stack.len();
    let s0 = if depth >= 1 {
        st.stack[depth - 1]
    } else {
        none
    };
    let s1 = if depth >= 2 {
        st.stack[depth - 2]
    } else {
        none
    };
    let s2 = if depth >= 3 {
        st.stack[depth - 3]
    } else {
        none
    };
    let b0 = if st.b <= n { st.b } else { none };
    let b1 = if st.b < n { st.b + 1 } else { none };
    let b2 = if st.b + 1 < n { st.b + 2 } else { none };
    let (w, p, u, l) = (s.form(), s.xpos(), s.upos(), s.lemma());
    let lab = |i: usize| st.node[i].label;
    let s0l1 = st.node[s0].lc1;
    let s0l2 = st.node[s0].lc2;
    let s0r1 = st.node[s0].rc1;
    let s1l1 = st.node[s1].lc1;
    let s1r1 = st.node[s1].rc1;
    let b0l1 = st.node[b0].lc1;
    let b0l2 = st.node[b0].lc2;
    let prev = |i: usize| if i == 0 || i >= n { none } else { i - 1 };
    let next = |i: usize| if i + 1 < n { i + 1 } else { none };
    let case_of = |i: usize| {
        let c = st.node[i].case;
        if c == 0 {
            0
        } else {
            l[c as usize - 1]
        }
    };
    let (cs0, cs1, cb0) = (case_of(s0), case_of(s1), case_of(b0));
    let d0 = dist_bucket(s0, b0, n);
    let d1 = dist_bucket(s1, s0, n);
    let mut t = 0u32;
    feature!(out, t; 1);
    // Unigrams.
    feature!(out, t; w[s0], p[s0]);
    feature!(out, t; w[s0]);
    feature!(out, t; w[b0]);
    feature!(out, t; p[b0]);
    feature!(out, t; w[b1], p[b1]);
    feature!(out, t; w[b1]);
    feature!(out, t; p[b1]);
    feature!(out, t; w[b2]);
    feature!(out, t; w[s1]);
    feature!(out, t; p[s1]);
    feature!(out, t; p[s2]);
    feature!(out, t; l[s0]);
    feature!(out, t; l[b0]);
    feature!(out, t; u[s0], u[b0]);
    feature!(out, t; u[s1], u[s0], u[b0]);
    // s0 and b0.
    feature!(out, t; w[s0], p[s0], p[b0]);
    feature!(out, t; w[s0], w[b0]);
    feature!(out, t; p[b0], p[b1]);
    // s1 and s0, s1 and b0.
    feature!(out, t; w[s1], w[s0]);
    feature!(out, t; p[s1], p[s0]);
    feature!(out, t; p[s1], w[s0]);
    feature!(out, t; p[s1], p[b0]);
    // Triples.
    feature!(out, t; p[b0], p[b1], p[b2]);
    feature!(out, t; p[s0], p[b0], p[b1]);
    feature!(out, t; p[s1], p[s0], p[b0]);
    feature!(out, t; p[s2], p[s1], p[s0]);
    feature!(out, t; p[s1], p[s0], p[b1]);
    feature!(out, t; p[s0], p[s0l1], p[b0]);
    feature!(out, t; p[s0], p[b0], p[b0l1]);
    feature!(out, t; p[s1], p[s1r1], p[s0]);
    feature!(out, t; p[s1], p[s1l1], p[s0]);
    feature!(out, t; p[s1], p[s0], p[s0l1]);
    feature!(out, t; p[s1], p[s0], p[s0r1]);
    // Distances.
    feature!(out, t; w[s0], d0);
    feature!(out, t; p[s0], d0);
    feature!(out, t; p[b0], d0);
    feature!(out, t; p[s0], p[b0], d0);
    feature!(out, t; p[s1], p[s0], d1);
    feature!(out, t; p[s1], p[b0], d0, d1);
    // Valency.
    feature!(out, t; w[s0], st.node[s0].nr);
    feature!(out, t; w[s0], st.node[s0].nl);
    feature!(out, t; p[s0], st.node[s0].nl);
    feature!(out, t; p[b0], st.node[b0].nl);
    // Children: words, tags, labels.
    for c in [s0l1, b0l1, s1r1] {
        feature!(out, t; w[c]);
        feature!(out, t; p[c]);
        feature!(out, t; lab(c));
    }
    feature!(out, t; lab(s0r1));
    feature!(out, t; p[b0], lab(b0l1));
    // Third order.
    for c in [s0l2, b0l2] {
        feature!(out, t; w[c]);
        feature!(out, t; p[c]);
        feature!(out, t; lab(c));
    }
    feature!(out, t; p[s0], lab(s0l1), lab(s0l2));
    feature!(out, t; p[b0], lab(b0l1), lab(b0l2));
    // Label sets.
    feature!(out, t; w[s0], st.node[s0].rset);
    feature!(out, t; w[s0], st.node[s0].lset);
    feature!(out, t; p[b0], st.node[b0].lset);
    // Function words of the candidate dependents (prepositions, subordinators).
    feature!(out, t; w[s0], cb0);
    feature!(out, t; w[s1], cb0);
    feature!(out, t; p[s0], cb0, p[b0]);
    feature!(out, t; w[s1], cs0);
    feature!(out, t; p[s1], cs0, p[s0]);
    feature!(out, t; cs1, p[s0], p[b0]);
    feature!(out, t; w[s0], w[b0l1]);
    feature!(out, t; w[s1], w[b0l1]);
    // Surface neighbours.
    feature!(out, t; p[prev(b0)], p[b0]);
    feature!(out, t; p[s0], p[next(s0)]);
    feature!(out, t; p[prev(s0)], p[s0], p[b0]);
    feature!(out, t; p[s0], p[prev(b0)], p[b0]);
    feature!(out, t; (depth as u64).min(4), p[b0]);
}

/// Features for labelling the arc `h → d` (the dependent's subtree is complete).
fn label_features(s: &Sent, st: &State, h: usize, d: usize, out: &mut Vec<u64>) {
    let n = st.n;
    let none = n + 1;
    let (w, p, u, l, f) = (s.form(), s.xpos(), s.upos(), s.lemma(), s.feats());
    let lab = |i: usize| st.node[i].label;
    let dir: u64 = if d < h { 1 } else { 2 };
    let dl1 = st.node[d].lc1;
    let dr1 = st.node[d].rc1;
    let hr1 = st.node[h].rc1;
    let next = |i: usize| if i + 1 < n { i + 1 } else { none };
    let cd = {
        let c = st.node[d].case;
        if c == 0 {
            0
        } else {
            l[c as usize - 1]
        }
    };
    let mut t = 1000u32;
    feature!(out, t; dir);
    feature!(out, t; dir, w[d]);
    feature!(out, t; dir, p[d]);
    feature!(out, t; dir, u[d]);
    feature!(out, t; dir, l[d], p[d]);
    feature!(out, t; dir, w[h]);
    feature!(out, t; dir, p[h]);
    feature!(out, t; dir, l[h], p[h]);
    feature!(out, t; dir, p[d], w[h]);
    feature!(out, t; dir, l[d], l[h]);
    feature!(out, t; dir, f[d]);
    feature!(out, t; dir, f[d], p[h]);
    feature!(out, t; dir, f[h], p[d]);
    // The dependent's subtree.
    feature!(out, t; dir, cd);
    feature!(out, t; dir, cd, p[d]);
    feature!(out, t; dir, cd, p[h]);
    feature!(out, t; dir, cd, l[h]);
    feature!(out, t; dir, p[d], st.node[d].lset);
    feature!(out, t; dir, p[d], st.node[d].rset);
    feature!(out, t; dir, w[dl1], lab(dl1));
    feature!(out, t; dir, p[dl1], lab(dl1), p[d]);
    feature!(out, t; dir, w[dr1], lab(dr1));
    feature!(out, t; dir, st.node[d].nl.min(3), st.node[d].nr.min(3), p[d]);
    // The head's children so far.
    feature!(out, t; dir, p[h], st.node[h].lset);
    feature!(out, t; dir, p[d], st.node[h].rset);
    feature!(out, t; dir, lab(hr1), p[d]);
    // Surface context.
    feature!(out, t; dir, p[d], p[next(d)]);
    feature!(out, t; dir, p[d], p[next(d)], p[h]);
}

// ---------------------------------------------------------------------------------------------
// Weights

trait Scores {
    fn add_scores(&self, feats: &[u64], out: &mut [f32]);
}

/// Training weights of an averaged perceptron: flat rows, timestamps for lazy averaging,
/// update counts for pruning.
struct Weights {
    n: usize,
    rows: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
    keys: Vec<u64>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    updates: Vec<u32>,
    now: u32,
}

impl Weights {
    fn new(n: usize) -> Weights {
        Weights {
            n,
            rows: HashMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            total: Vec::new(),
            stamp: Vec::new(),
            updates: Vec::new(),
            now: 0,
        }
    }

    fn tick(&mut self) {
        self.now += 1;
    }

    /// Move `truth` up and `guess` down for `feats` (one learning event).
    fn learn(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth != guess {
            self.update(feats, truth, 1.0, true);
            self.update(feats, guess, -1.0, false);
        }
    }

    fn update(&mut self, feats: &[u64], class: usize, delta: f32, count: bool) {
        let n = self.n;
        let now = self.now;
        for &f in feats {
            let next = self.keys.len() as u32;
            let r = *self.rows.entry(f).or_insert(next) as usize;
            if r == next as usize {
                self.keys.push(f);
                self.w.extend(std::iter::repeat_n(0.0, n));
                self.total.extend(std::iter::repeat_n(0.0, n));
                self.stamp.extend(std::iter::repeat_n(0, n));
                self.updates.push(0);
            }
            let i = r * n + class;
            self.total[i] += f64::from(self.w[i]) * f64::from(now - self.stamp[i]);
            self.stamp[i] = now;
            self.w[i] += delta;
            self.updates[r] += u32::from(count);
        }
    }

    /// The averaged weights, keeping rows updated at least `min_updates` times, quantized to
    /// integers in `-levels..=levels`.
    fn compile(&self, min_updates: u32, levels: f32) -> Quantized {
        let n = self.n;
        let now = f64::from(self.now.max(1));
        let mut order: Vec<(u32, usize)> = (0..self.keys.len())
            .filter(|&r| self.updates[r] >= min_updates)
            .map(|r| (key32(self.keys[r]), r))
            .collect();
        order.sort_unstable();
        order.dedup_by_key(|e| e.0);
        let avg = |i: usize| {
            let t = self.total[i] + f64::from(self.w[i]) * (now - f64::from(self.stamp[i]));
            (t / now) as f32
        };
        let mut max = 0.0f32;
        for &(_, r) in &order {
            for i in r * n..(r + 1) * n {
                max = max.max(avg(i).abs());
            }
        }
        let scale = if max > 0.0 { max / levels } else { 1.0 };
        let mut keys = Vec::with_capacity(order.len());
        let mut w = Vec::with_capacity(order.len() * n);
        for (k, r) in order {
            let row = (r * n..(r + 1) * n)
                .map(|i| (avg(i) / scale).round().clamp(-levels, levels) as i16);
            let start = w.len();
            w.extend(row);
            if w[start..].iter().all(|&v| v == 0) {
                w.truncate(start);
            } else {
                keys.push(k);
            }
        }
        Quantized { n, scale, keys, w }
    }
}

impl Scores for Weights {
    fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        let n = self.n;
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let r = r as usize;
                for (o, v) in out.iter_mut().zip(&self.w[r * n..(r + 1) * n]) {
                    *o += *v;
                }
            }
        }
    }
}

/// The 32-bit fingerprint a feature is stored under (never 0, which marks empty slots).
#[inline]
fn key32(f: u64) -> u32 {
    let k = (f ^ (f >> 32)) as u32;
    k.max(1)
}

/// First slot of fingerprint `k` in a table of `cap` slots.
#[inline]
fn home(k: u32, cap: usize) -> usize {
    ((u64::from(k) * cap as u64) >> 32) as usize
}

/// Slots for `len` entries (load factor about 0.7).
fn capacity(len: usize) -> usize {
    len + len * 3 / 7 + 16
}

/// Quantized weights, rows sorted by fingerprint: what a model file holds.
struct Quantized {
    n: usize,
    scale: f32,
    keys: Vec<u32>,
    /// Row-major, `n` per key.
    w: Vec<i16>,
}

impl Quantized {
    fn empty(n: usize) -> Quantized {
        Quantized {
            n,
            scale: 1.0,
            keys: Vec::new(),
            w: Vec::new(),
        }
    }

    /// The mean of tables with the same number of classes, quantized to `levels`, keeping
    /// the rows at least `quorum` tables have.
    fn average(tables: &[Quantized], levels: f32, quorum: usize) -> Quantized {
        let n = tables.first().map_or(1, |t| t.n);
        let k = tables.len().max(1) as f32;
        let mut rows: Vec<(u32, usize, usize)> = Vec::new();
        for (t, q) in tables.iter().enumerate() {
            rows.extend(q.keys.iter().enumerate().map(|(i, &key)| (key, t, i)));
        }
        rows.sort_unstable();
        let mut keys = Vec::new();
        let mut sums: Vec<f32> = Vec::new();
        for group in rows.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < quorum {
                continue;
            }
            keys.push(group[0].0);
            sums.extend(std::iter::repeat_n(0.0, n));
            let at = sums.len() - n;
            for &(_, t, i) in group {
                let q = &tables[t];
                for c in 0..n {
                    sums[at + c] += f32::from(q.w[i * n + c]) * q.scale / k;
                }
            }
        }
        let max = sums.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / levels } else { 1.0 };
        let w = sums
            .iter()
            .map(|v| (v / scale).round().clamp(-levels, levels) as i16)
            .collect();
        Quantized { n, scale, keys, w }
    }

    fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        w.write_all(&(self.n as u32).to_le_bytes())?;
        w.write_all(&self.scale.to_le_bytes())?;
        w.write_all(&(self.keys.len() as u32).to_le_bytes())?;
        let mut buf = Vec::with_capacity(self.keys.len() * 3);
        let mut last = 0u32;
        for &k in &self.keys {
            let mut d = k - last;
            last = k;
            while d >= 0x80 {
                buf.push((d as u8) | 0x80);
                d >>= 7;
            }
            buf.push(d as u8);
        }
        w.write_all(&buf)?;
        // Column by column, low bytes then high bytes: most weights are small, so the high
        // bytes are nearly all 0x00 or 0xff and compress to almost nothing.
        for c in 0..self.n {
            for shift in [0, 8] {
                buf.clear();
                buf.extend(
                    self.w
                        .iter()
                        .skip(c)
                        .step_by(self.n)
                        .map(|&v| ((v as u16) >> shift) as u8),
                );
                w.write_all(&buf)?;
            }
        }
        Ok(())
    }

    fn read(r: &mut Bytes) -> Result<Quantized, String> {
        let n = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.array()?);
        let count = r.u32()? as usize;
        if n == 0 || n > 1024 || count > 50_000_000 || !scale.is_finite() || scale <= 0.0 {
            return Err("implausible table dimensions".into());
        }
        let mut keys = Vec::with_capacity(count);
        let mut last = 0u32;
        for _ in 0..count {
            let mut d = 0u32;
            let mut shift = 0;
            loop {
                let byte = r.take(1)?[0];
                if shift > 28 {
                    return Err("bad key encoding".into());
                }
                d |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            last = last
                .checked_add(d)
                .ok_or_else(|| "bad key encoding".to_string())?;
            if last == 0 || (!keys.is_empty() && d == 0) {
                return Err("bad key order".into());
            }
            keys.push(last);
        }
        let mut w = vec![0i16; count * n];
        for c in 0..n {
            let lo = r.take(count)?;
            let hi = r.take(count)?;
            for (i, (&l, &h)) in lo.iter().zip(hi).enumerate() {
                w[i * n + c] = i16::from_le_bytes([l, h]);
            }
        }
        Ok(Quantized { n, scale, keys, w })
    }
}

/// One cache line of the move table: eight rows, each a 16-bit check key (never 0: 0 marks an
/// empty slot) and the three move weights.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct Bucket {
    check: [u16; 8],
    w: [[i16; 3]; 8],
}

/// The check key of a fingerprint in the move table. The fingerprint's top bits choose the
/// bucket and its low 16 bits confirm the hit; no two rows of a bucket share a check key. A
/// false hit needs an unseen feature agreeing on both: about one lookup in 10,000, each moving
/// a score by one feature's weight.
#[inline]
fn check16(k: u32) -> u16 {
    (k as u16).max(1)
}

/// The move weights for parsing: a row is looked for in its home bucket, one cache line, and
/// only when that bucket is full in the following ones.
#[derive(Debug, Clone)]
struct MoveTable {
    buckets: Vec<Bucket>,
    /// The full fingerprints, parallel to the buckets' slots, kept only for saving.
    keys: Vec<u32>,
    len: usize,
    scale: f32,
}

impl MoveTable {
    fn new(q: &Quantized) -> MoveTable {
        // About five rows a bucket: few full buckets, so nearly every lookup reads one line.
        let nb = (q.keys.len() / 5).max(1);
        let mut buckets = vec![Bucket::default(); nb];
        let mut keys = vec![0u32; nb * 8];
        let mut len = 0;
        'rows: for (i, &k) in q.keys.iter().enumerate() {
            let c = check16(k);
            let mut b = home(k, nb);
            for _ in 0..nb {
                let bucket = &mut buckets[b];
                if let Some(j) = bucket.check.iter().position(|&x| x == 0 || x == c) {
                    if bucket.check[j] == c {
                        // Two rows would be indistinguishable: keep the first.
                        continue 'rows;
                    }
                    bucket.check[j] = c;
                    bucket.w[j] = [q.w[i * 3], q.w[i * 3 + 1], q.w[i * 3 + 2]];
                    keys[b * 8 + j] = k;
                    len += 1;
                    continue 'rows;
                }
                b = if b + 1 == nb { 0 } else { b + 1 };
            }
        }
        MoveTable {
            buckets,
            keys,
            len,
            scale: q.scale,
        }
    }

    fn quantized(&self) -> Quantized {
        let mut rows: Vec<(u32, [i16; 3])> = Vec::with_capacity(self.len);
        for (b, bucket) in self.buckets.iter().enumerate() {
            for j in 0..8 {
                if bucket.check[j] != 0 {
                    rows.push((self.keys[b * 8 + j], bucket.w[j]));
                }
            }
        }
        rows.sort_unstable_by_key(|r| r.0);
        Quantized {
            n: 3,
            scale: self.scale,
            keys: rows.iter().map(|r| r.0).collect(),
            w: rows.iter().flat_map(|r| r.1).collect(),
        }
    }

    #[inline]
    fn find(&self, k: u32) -> Option<&[i16; 3]> {
        let nb = self.buckets.len();
        let c = check16(k);
        let mut b = home(k, nb);
        for _ in 0..nb {
            let bucket = &self.buckets[b];
            let mut hit = 8;
            let mut full = true;
            for (j, &x) in bucket.check.iter().enumerate() {
                if x == c {
                    hit = j;
                }
                full &= x != 0;
            }
            if hit < 8 {
                return Some(&bucket.w[hit]);
            }
            if !full {
                return None;
            }
            b = if b + 1 == nb { 0 } else { b + 1 };
        }
        None
    }
}

impl Scores for MoveTable {
    #[inline]
    fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        let mut acc = [0i32; 3];
        for &f in feats {
            if let Some(w) = self.find(key32(f)) {
                for (a, &w) in acc.iter_mut().zip(w) {
                    *a += i32::from(w);
                }
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o += a as f32;
        }
    }
}

/// The label weights for parsing: open addressing on fingerprints pointing into rows.
#[derive(Debug, Clone)]
struct LabelTable {
    n: usize,
    /// (fingerprint, row); fingerprint 0 is empty.
    slots: Vec<(u32, u32)>,
    /// Row `r` is `lines[r * per_row..(r + 1) * per_row]`, its first `n` weights used;
    /// weights are quantized to `-LABEL_LEVELS..=LABEL_LEVELS`. A row of up to 64 labels is
    /// exactly one aligned cache line.
    lines: Vec<Line>,
    per_row: usize,
    scale: f32,
}

/// One cache line of label weights.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Line([i8; 64]);

impl LabelTable {
    fn new(q: &Quantized) -> LabelTable {
        let cap = capacity(q.keys.len());
        let mut slots = vec![(0u32, 0u32); cap];
        for (i, &k) in q.keys.iter().enumerate() {
            let mut at = home(k, cap);
            while slots[at].0 != 0 {
                at = if at + 1 == cap { 0 } else { at + 1 };
            }
            slots[at] = (k, i as u32);
        }
        let per_row = q.n.div_ceil(64);
        let mut lines = vec![Line([0; 64]); q.keys.len() * per_row];
        for (r, row) in q.w.chunks_exact(q.n).enumerate() {
            for (l, &v) in row.iter().enumerate() {
                lines[r * per_row + l / 64].0[l % 64] = v.clamp(-127, 127) as i8;
            }
        }
        LabelTable {
            n: q.n,
            slots,
            lines,
            per_row,
            scale: q.scale,
        }
    }

    fn len(&self) -> usize {
        self.lines.len() / self.per_row
    }

    /// The weights of row `r`.
    fn row(&self, r: usize) -> impl Iterator<Item = i8> + '_ {
        self.lines[r * self.per_row..(r + 1) * self.per_row]
            .iter()
            .flat_map(|l| l.0)
            .take(self.n)
    }

    fn quantized(&self) -> Quantized {
        let mut rows: Vec<(u32, u32)> = self.slots.iter().copied().filter(|s| s.0 != 0).collect();
        rows.sort_unstable();
        let n = self.n;
        Quantized {
            n,
            scale: self.scale,
            keys: rows.iter().map(|s| s.0).collect(),
            w: rows
                .iter()
                .flat_map(|s| self.row(s.1 as usize))
                .map(i16::from)
                .collect(),
        }
    }
}

impl Scores for LabelTable {
    #[inline]
    fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        let cap = self.slots.len();
        for &f in feats {
            let k = key32(f);
            let mut at = home(k, cap);
            loop {
                let (sk, row) = self.slots[at];
                if sk == k {
                    let r = row as usize * self.per_row;
                    for (chunk, line) in out.chunks_mut(64).zip(&self.lines[r..]) {
                        for (o, &v) in chunk.iter_mut().zip(&line.0) {
                            *o += f32::from(v);
                        }
                    }
                    break;
                }
                if sk == 0 {
                    break;
                }
                at = if at + 1 == cap { 0 } else { at + 1 };
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xd1b5_4a32_d192_ed03 | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..k (k > 0).
    fn below(&mut self, k: usize) -> usize {
        (self.next_u64() % k as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap as Map;

    /// A random tree over `n` words with exactly one root (heads: root = `n`).
    fn random_tree(n: usize, rng: &mut Rng) -> Vec<usize> {
        // Attach words in a random order to the root word or an already attached word.
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut heads = vec![n; n];
        for (i, &w) in order.iter().enumerate().skip(1) {
            heads[w] = order[rng.below(i)];
        }
        heads
    }

    fn is_projective(heads: &[usize]) -> bool {
        (0..heads.len()).all(|d| {
            let h = heads[d];
            h >= heads.len() || (d.min(h) + 1..d.max(h)).all(|k| dominates(heads, h, k))
        })
    }

    /// Replay moves on a bare state (labels do not matter here).
    fn replay(n: usize, moves: &[usize]) -> State {
        let mut st = State::new(n);
        for &m in moves {
            st.apply(m, 0, 0);
        }
        st
    }

    /// The least number of wrong heads reachable from a configuration, by exhaustive search.
    fn best_future(
        n: usize,
        heads: &[usize],
        moves: &mut Vec<usize>,
        memo: &mut Map<(Vec<usize>, usize), u32>,
    ) -> u32 {
        let st = replay(n, moves);
        if st.done() {
            return 0;
        }
        let key = (st.stack.clone(), st.b);
        if let Some(&v) = memo.get(&key) {
            return v;
        }
        let legal = st.legal();
        let mut best = u32::MAX;
        for m in 0..3 {
            if legal & (1 << m) == 0 {
                continue;
            }
            let loss = if m == SHIFT {
                0
            } else {
                let (h, d) = st.arc(m);
                u32::from(heads[d] != h)
            };
            moves.push(m);
            best = best.min(loss + best_future(n, heads, moves, memo));
            moves.pop();
        }
        memo.insert(key, best);
        best
    }

    #[test]
    fn oracle_costs_are_exact_from_any_configuration() {
        let mut rng = Rng::new(42);
        for trial in 0..300 {
            let n = 1 + trial % 7;
            let mut heads = random_tree(n, &mut rng);
            projectivize(&mut heads);
            assert!(is_projective(&heads));
            let mut memo = Map::new();
            // A random walk of legal moves; at each step every legal move's cost must equal
            // the loss it adds over the best still reachable.
            let mut moves = Vec::new();
            loop {
                let st = replay(n, &moves);
                if st.done() {
                    break;
                }
                let here = best_future(n, &heads, &mut moves, &mut memo);
                let costs = st.costs(&heads);
                let legal = st.legal();
                for (m, &cost) in costs.iter().enumerate() {
                    if legal & (1 << m) == 0 {
                        continue;
                    }
                    let loss = if m == SHIFT {
                        0
                    } else {
                        let (h, d) = st.arc(m);
                        u32::from(heads[d] != h)
                    };
                    moves.push(m);
                    let after = best_future(n, &heads, &mut moves, &mut memo);
                    moves.pop();
                    assert_eq!(
                        cost,
                        loss + after - here,
                        "heads {heads:?}, moves {moves:?}, move {m}"
                    );
                }
                let options: Vec<usize> = (0..3).filter(|m| legal & (1 << m) != 0).collect();
                moves.push(options[rng.below(options.len())]);
            }
        }
    }

    #[test]
    fn following_the_oracle_rebuilds_projective_trees() {
        let mut rng = Rng::new(7);
        for trial in 0..200 {
            let n = 1 + trial % 40;
            let mut heads = random_tree(n, &mut rng);
            projectivize(&mut heads);
            let mut st = State::new(n);
            while !st.done() {
                let legal = st.legal();
                let costs = st.costs(&heads);
                let m = (0..3)
                    .find(|&m| legal & (1 << m) != 0 && costs[m] == 0)
                    .expect("a zero-cost move");
                st.apply(m, 0, 0);
            }
            assert_eq!(st.heads(), heads);
        }
    }

    #[test]
    fn projectivize_lifts_crossing_arcs_only() {
        // "A hearing is scheduled on the issue" (0 A, 1 hearing, 2 is, 3 scheduled, 4 on,
        // 5 issue; root 6): hearing → issue spans "is scheduled", which hearing does not
        // dominate, so issue is lifted to scheduled.
        let mut heads = vec![1, 3, 3, 6, 5, 1];
        assert!(!is_projective(&heads));
        assert_eq!(projectivize(&mut heads), 1);
        assert_eq!(heads, vec![1, 3, 3, 6, 5, 3]);
        let mut proj = vec![1, 3, 3, 6, 5, 3];
        assert_eq!(projectivize(&mut proj), 0);
    }

    #[test]
    fn any_move_sequence_gives_one_rooted_tree() {
        let mut rng = Rng::new(3);
        for n in 1..30 {
            let mut st = State::new(n);
            while !st.done() {
                let legal = st.legal();
                assert_ne!(legal, 0);
                let options: Vec<usize> = (0..3).filter(|m| legal & (1 << m) != 0).collect();
                st.apply(options[rng.below(options.len())], 0, 0);
            }
            let heads = st.heads();
            assert_eq!(heads.iter().filter(|&&h| h == n).count(), 1);
            assert!((0..n).all(|i| dominates(&heads, n, i)));
        }
    }

    const TINY: &str = "\
1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_
4\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_
5\tcat\tcat\tNOUN\tNN\t_\t3\tobj\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tcats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tsleep\tsleep\tVERB\tVBP\t_\t0\troot\t_\t_
3\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tsun\tsun\tNOUN\tNN\t_\t2\tobl\t_\t_

1\ta\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tman\tman\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tfed\tfeed\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tdog\tdog\tNOUN\tNN\t_\t3\tobj\t_\t_
6\tin\tin\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_
8\tpark\tpark\tNOUN\tNN\t_\t3\tobl\t_\t_
9\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

    fn tiny_options() -> TrainOptions {
        TrainOptions {
            epochs: 10,
            min_updates: 1,
            min_label_updates: 1,
            tag_noise: 0.0,
            field_dropout: 0.0,
            ..TrainOptions::default()
        }
    }

    #[test]
    fn learns_a_tiny_treebank_deterministically() {
        let data = crate::conllu::read(TINY.as_bytes()).unwrap();
        let mut log = Vec::new();
        let p = Parser::train(&data, &data, &tiny_options(), &mut |m| {
            log.push(m.to_string())
        });
        assert!(log.iter().any(|m| m.contains("epoch 10/10")), "{log:?}");
        let s = p.evaluate(&data);
        assert_eq!((s.heads, s.full_labels), (s.words, s.words), "{s:?}");
        // Same data and seed, same model, byte for byte.
        let q = Parser::train(&data, &data, &tiny_options(), &mut |_| {});
        let (mut a, mut b) = (Vec::new(), Vec::new());
        p.encode(&mut a).unwrap();
        q.encode(&mut b).unwrap();
        assert_eq!(a, b);
        // Averaging a parser with itself changes nothing it predicts.
        let avg = Parser::average(&[&p, &p]).unwrap();
        assert_eq!(avg.evaluate(&data), s);
        // Parsers with different labels cannot be averaged.
        let fewer = crate::conllu::read(TINY.split("\n\n").next().unwrap().as_bytes()).unwrap();
        let r = Parser::train(&fewer, &[], &tiny_options(), &mut |_| {});
        assert!(Parser::average(&[&p, &r]).is_none());
        assert!(Parser::average(&[]).is_none());
    }

    #[test]
    fn malformed_training_trees_are_skipped() {
        let mut data = crate::conllu::read(TINY.as_bytes()).unwrap();
        data[0].words[1].head = None;
        data[1].words[0].head = Some(1);
        data[1].words[1].head = Some(1);
        let mut log = Vec::new();
        let p = Parser::train(&data, &[], &tiny_options(), &mut |m| {
            log.push(m.to_string())
        });
        assert!(
            log[0].starts_with("1 training sentences (2 skipped"),
            "{log:?}"
        );
        let mut words = data[0].words.clone();
        p.parse(&mut words);
        assert_eq!(words.iter().filter(|w| w.head == Some(0)).count(), 1);
    }

    #[test]
    fn quantized_tables_round_trip() {
        let q = Quantized {
            n: 3,
            scale: 0.5,
            keys: vec![1, 200, 70_000, u32::MAX],
            w: vec![1, -2, 3, 0, 0, 7, -32767, 32767, 5, 9, 9, 9],
        };
        let mut buf = Vec::new();
        q.write(&mut buf).unwrap();
        let mut r = Bytes::new(&buf);
        let back = MoveTable::new(&Quantized::read(&mut r).unwrap()).quantized();
        assert_eq!(back.keys, q.keys);
        assert_eq!(back.w, q.w);
        assert_eq!(r.remaining(), 0);
        let mut short = Bytes::new(&buf[..buf.len() - 1]);
        assert!(Quantized::read(&mut short).is_err());
    }
}
