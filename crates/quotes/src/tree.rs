//! A dependency tree over one parsed sentence of the article.

use sitrep_types::{Sentence, Span, Token};

/// One sentence with its children lists and lower-cased lemmas.
pub(crate) struct Tree<'s> {
    pub toks: &'s [Token],
    pub kids: Vec<Vec<usize>>,
    pub lemma: Vec<String>,
    /// Subtree extent of each token, as token indices `[lo, hi]`.
    pub extent: Vec<(usize, usize)>,
}

impl<'s> Tree<'s> {
    pub fn new(s: &'s Sentence) -> Self {
        let toks = &s.tokens[..];
        let n = toks.len();
        let mut kids = vec![Vec::new(); n];
        for (i, t) in toks.iter().enumerate() {
            if t.head > 0 && t.head <= n && t.head - 1 != i {
                kids[t.head - 1].push(i);
            }
        }
        let lemma = toks
            .iter()
            .map(|t| {
                if t.lemma.is_empty() {
                    t.text.to_lowercase()
                } else {
                    t.lemma.to_lowercase()
                }
            })
            .collect();
        let mut extent: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
        // Propagate extents up the head chains (depth-bounded against cycles).
        for i in 0..n {
            let mut h = i;
            for _ in 0..n {
                let Some(up) = head_of(toks, h) else { break };
                let (lo, hi) = extent[up];
                extent[up] = (lo.min(i), hi.max(i));
                h = up;
            }
        }
        Tree {
            toks,
            kids,
            lemma,
            extent,
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        head_of(self.toks, i)
    }

    pub fn rel(&self, i: usize) -> &str {
        &self.toks[i].deprel
    }

    /// The relation without its subtype (`nsubj:pass` → `nsubj`).
    pub fn base(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split(':').next().unwrap_or(r)
    }

    pub fn upos(&self, i: usize) -> &str {
        &self.toks[i].upos
    }

    pub fn lower(&self, i: usize) -> String {
        self.toks[i].text.to_lowercase()
    }

    pub fn kid(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids[i].iter().copied().find(|&k| self.rel(k) == rel)
    }

    pub fn kid_base(&self, i: usize, base: &str) -> Option<usize> {
        self.kids[i].iter().copied().find(|&k| self.base(k) == base)
    }

    /// The preposition or marker of a nominal ("by", "to", "according").
    pub fn case_of(&self, i: usize) -> Option<&str> {
        self.kids[i]
            .iter()
            .copied()
            .find(|&k| matches!(self.base(k), "case" | "mark"))
            .map(|k| self.lemma[k].as_str())
    }

    pub fn span(&self, i: usize) -> Span {
        self.toks[i].span
    }

    /// Byte span of the subtree of `i`.
    pub fn subtree(&self, i: usize) -> Span {
        let (lo, hi) = self.extent[i];
        Span::new(self.toks[lo].span.start, self.toks[hi].span.end)
    }

    /// Byte span of the subtree of `i` without its leading and trailing punctuation.
    pub fn subtree_trimmed(&self, i: usize) -> Span {
        let (mut lo, mut hi) = self.extent[i];
        while lo < hi && self.upos(lo) == "PUNCT" {
            lo += 1;
        }
        while hi > lo && self.upos(hi) == "PUNCT" {
            hi -= 1;
        }
        Span::new(self.toks[lo].span.start, self.toks[hi].span.end)
    }

    /// Whether `a` lies in the subtree of `root`.
    pub fn dominates(&self, root: usize, a: usize) -> bool {
        let mut x = a;
        for _ in 0..=self.len() {
            if x == root {
                return true;
            }
            match self.head(x) {
                Some(h) => x = h,
                None => return false,
            }
        }
        false
    }

    /// Passive voice: a `:pass` subject or auxiliary.
    pub fn passive(&self, h: usize) -> bool {
        self.kids[h]
            .iter()
            .any(|&k| matches!(self.rel(k), "nsubj:pass" | "aux:pass" | "csubj:pass"))
    }
}

fn head_of(toks: &[Token], i: usize) -> Option<usize> {
    let h = toks[i].head;
    (h > 0 && h <= toks.len() && h - 1 != i).then(|| h - 1)
}
