//! A Penn Treebank parse turned into PETRARCH's flat sequence: phrase brackets, words, and
//! noun phrases collapsed into actor phrases (`NE`) and compounds of them (`NEC`).

use crate::{Error, Result};

/// One node of the parse.
#[derive(Debug, Clone)]
struct Node {
    label: String,
    word: Option<String>,
    kids: Vec<usize>,
    parent: Option<usize>,
}

/// An element of the flat sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum It {
    /// Opening of a phrase or a part-of-speech tag.
    Open(String),
    /// Its closing.
    Close(String),
    /// A word, upper case.
    Word(String),
    /// Opening of a noun phrase that may name an actor: index into [`Flat::nes`].
    Ne(usize),
    /// Its closing.
    NeEnd,
    /// Opening of a compound of noun phrases.
    Nec,
    /// Its closing.
    NecEnd,
}

impl It {
    /// The tag this element opens, for phrase deletion.
    pub(crate) fn opens(&self) -> Option<&str> {
        match self {
            It::Open(t) => Some(t),
            It::Ne(_) => Some("\u{1}NE"),
            It::Nec => Some("\u{1}NEC"),
            _ => None,
        }
    }

    /// The tag this element closes.
    pub(crate) fn closes(&self) -> Option<&str> {
        match self {
            It::Close(t) => Some(t),
            It::NeEnd => Some("\u{1}NE"),
            It::NecEnd => Some("\u{1}NEC"),
            _ => None,
        }
    }
}

/// The flat sequence and its noun phrases.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flat {
    pub items: Vec<It>,
    /// The words of each noun phrase.
    pub nes: Vec<Vec<String>>,
}

struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn parse(s: &str) -> Result<(Tree, usize)> {
        let bad = |message: String| Error::BadParse { message };
        let mut toks: Vec<&str> = Vec::new();
        let mut start: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c == '(' || c == ')' || c.is_whitespace() {
                if let Some(st) = start.take() {
                    toks.push(&s[st..i]);
                }
                if c != ' ' && !c.is_whitespace() {
                    toks.push(&s[i..i + 1]);
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(st) = start {
            toks.push(&s[st..]);
        }
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut root = None;
        let mut i = 0;
        while i < toks.len() {
            match toks[i] {
                "(" => {
                    let label = match toks.get(i + 1) {
                        Some(&t) if t != "(" && t != ")" => {
                            i += 1;
                            t.to_string()
                        }
                        _ => String::new(),
                    };
                    let id = nodes.len();
                    nodes.push(Node {
                        label,
                        word: None,
                        kids: Vec::new(),
                        parent: stack.last().copied(),
                    });
                    match stack.last() {
                        Some(&p) => nodes[p].kids.push(id),
                        None if root.is_none() => root = Some(id),
                        None => return Err(bad("more than one tree".into())),
                    }
                    stack.push(id);
                }
                ")" => {
                    stack.pop().ok_or_else(|| bad("unbalanced `)`".into()))?;
                }
                w => {
                    let &top = stack
                        .last()
                        .ok_or_else(|| bad(format!("word `{w}` outside the tree")))?;
                    let n = &mut nodes[top];
                    match &mut n.word {
                        Some(prev) => {
                            prev.push(' ');
                            prev.push_str(w);
                        }
                        None => n.word = Some(w.to_string()),
                    }
                }
            }
            i += 1;
        }
        if !stack.is_empty() {
            return Err(bad("unbalanced `(`".into()));
        }
        let root = root.ok_or_else(|| bad("empty parse".into()))?;
        Ok((Tree { nodes }, root))
    }

    fn descendants(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.nodes[n].kids.iter().rev().copied().collect();
        while let Some(k) = stack.pop() {
            out.push(k);
            stack.extend(self.nodes[k].kids.iter().rev().copied());
        }
        out
    }

    fn has_desc(&self, n: usize, pred: impl Fn(&str) -> bool) -> bool {
        self.descendants(n)
            .iter()
            .any(|&d| pred(&self.nodes[d].label))
    }

    /// Words of the subtree, in order.
    fn words(&self, n: usize, out: &mut Vec<String>) {
        if let Some(w) = &self.nodes[n].word {
            out.extend(w.split_whitespace().map(str::to_uppercase));
        }
        for &k in &self.nodes[n].kids {
            self.words(k, out);
        }
    }

    /// PETRARCH's compound marking: a coordination inside a clause or verb phrase, or with
    /// several conjunctions, is not a compound actor; a noun phrase with a conjunction and at
    /// least two nouns is.
    fn mark_compounds(&mut self) {
        for c in 0..self.nodes.len() {
            if self.nodes[c].label != "CC" {
                continue;
            }
            let Some(p) = self.nodes[c].parent else {
                continue;
            };
            let mut labels = vec![self.nodes[p].label.clone()];
            labels.extend(
                self.descendants(p)
                    .into_iter()
                    .map(|d| self.nodes[d].label.clone()),
            );
            if labels
                .iter()
                .any(|l| l.starts_with("VP") || l.starts_with('S'))
                || labels.iter().filter(|l| l.starts_with("CC")).count() > 1
            {
                self.nodes[c].label = "CCP".into();
            } else if self.nodes[p].label == "NP"
                && labels.iter().filter(|l| l.starts_with('N')).count() >= 3
            {
                self.nodes[p].label = "NEC".into();
            }
        }
    }
}

/// A noun phrase's content before compounds are expanded.
enum NeBit {
    Word(String),
    Compound(usize),
}

struct Builder<'t> {
    t: &'t Tree,
    flat: Flat,
}

impl Builder<'_> {
    fn ne_content(&self, n: usize, skip_pos: bool, out: &mut Vec<NeBit>) {
        let node = &self.t.nodes[n];
        if node.label == "NEC" {
            out.push(NeBit::Compound(n));
            return;
        }
        if skip_pos && node.label == "POS" {
            return;
        }
        if let Some(w) = &node.word {
            out.extend(w.split_whitespace().map(|w| NeBit::Word(w.to_uppercase())));
        }
        for &k in &node.kids {
            self.ne_content(k, skip_pos, out);
        }
    }

    fn push_ne(&mut self, words: Vec<String>) {
        let id = self.flat.nes.len();
        self.flat.items.push(It::Ne(id));
        for w in &words {
            self.flat.items.push(It::Word(w.clone()));
        }
        self.flat.items.push(It::NeEnd);
        self.flat.nes.push(words);
    }

    /// A noun phrase from its content; a compound inside becomes one phrase per member, each
    /// with the words around the compound ("Dale and Laketown leaders"); two compounds give
    /// every combination ("lawmakers and officials in Dale and Laketown").
    fn emit_ne(&mut self, bits: Vec<NeBit>) {
        if !bits.iter().any(|b| matches!(b, NeBit::Compound(_))) {
            let words = bits
                .into_iter()
                .filter_map(|b| match b {
                    NeBit::Word(w) => Some(w),
                    NeBit::Compound(_) => None,
                })
                .collect();
            self.push_ne(words);
            return;
        }
        let mut variants: Vec<Vec<String>> = vec![Vec::new()];
        for b in &bits {
            match b {
                NeBit::Word(w) => variants.iter_mut().for_each(|v| v.push(w.clone())),
                NeBit::Compound(c) => {
                    let members: Vec<Vec<String>> = self.t.nodes[*c]
                        .kids
                        .iter()
                        .filter(|&&k| self.t.nodes[k].label.starts_with('N'))
                        .map(|&k| {
                            let mut w = Vec::new();
                            self.t.words(k, &mut w);
                            w
                        })
                        .collect();
                    if members.is_empty() {
                        continue;
                    }
                    variants = variants
                        .iter()
                        .flat_map(|v| {
                            members.iter().map(move |m| {
                                let mut x = v.clone();
                                x.extend(m.iter().cloned());
                                x
                            })
                        })
                        .collect();
                }
            }
        }
        self.flat.items.push(It::Nec);
        for words in variants {
            self.push_ne(words);
        }
        self.flat.items.push(It::NecEnd);
    }

    /// A compound outside a larger phrase: adjectives before the first noun go with each
    /// member ("Danish media and government").
    fn emit_compound(&mut self, n: usize) {
        let mut adj = Vec::new();
        let kids = self.t.nodes[n].kids.clone();
        let first_noun = kids
            .iter()
            .position(|&k| self.t.nodes[k].label.starts_with("NN") || self.t.nodes[k].label == "NP")
            .unwrap_or(kids.len());
        for &k in &kids[..first_noun] {
            if self.t.nodes[k].label.starts_with("JJ") {
                self.t.words(k, &mut adj);
            }
        }
        self.flat.items.push(It::Nec);
        for &k in &kids {
            let l = &self.t.nodes[k].label;
            if l.starts_with("NN") {
                let mut words = adj.clone();
                self.t.words(k, &mut words);
                self.push_ne(words);
            } else if l == "NP" || l == "NEC" {
                let mut words = Vec::new();
                self.t.words(k, &mut words);
                self.push_ne(words);
            }
        }
        self.flat.items.push(It::NecEnd);
    }

    /// `(NP (NP …) (PP (IN …) (NP …)))` as one phrase "X of Y"; `None` when the shape is
    /// another (several levels of prepositions).
    fn preposition_phrase(&self, np: usize) -> Option<Vec<NeBit>> {
        let t = self.t;
        let pp = t
            .descendants(np)
            .into_iter()
            .find(|&d| t.nodes[d].label == "PP")?;
        let parent = t.nodes[pp].parent?;
        let pk = &t.nodes[parent].kids;
        let first = *pk.first()?;
        if t.nodes[parent].label != "NP" && t.nodes[parent].label != "NEC" {
            return None;
        }
        let fl = &t.nodes[first].label;
        if fl != "NP" && fl != "NEC" {
            return None;
        }
        let mut bits = Vec::new();
        self.ne_content(first, false, &mut bits);
        // The preposition: the first IN after the first phrase.
        let after: Vec<usize> = pk[1..]
            .iter()
            .flat_map(|&k| {
                let mut v = vec![k];
                v.extend(t.descendants(k));
                v
            })
            .collect();
        let prep = after.iter().copied().find(|&d| t.nodes[d].label == "IN")?;
        if let Some(w) = &t.nodes[prep].word {
            bits.push(NeBit::Word(w.to_uppercase()));
        }
        let pos = after.iter().position(|&d| d == prep)?;
        let obj = after[pos + 1..]
            .iter()
            .copied()
            .find(|&d| t.nodes[d].label == "NP" || t.nodes[d].label == "NEC")?;
        if t.has_desc(obj, |l| l == "PP") {
            return None;
        }
        self.ne_content(obj, false, &mut bits);
        Some(bits)
    }

    fn emit(&mut self, n: usize) {
        let t = self.t;
        let node = &t.nodes[n];
        match node.label.as_str() {
            "NP" => {
                if t.has_desc(n, |l| l == "POS") {
                    let mut bits = Vec::new();
                    self.ne_content(n, true, &mut bits);
                    self.emit_ne(bits);
                    return;
                }
                if t.has_desc(n, |l| l == "PP") {
                    if let Some(bits) = self.preposition_phrase(n) {
                        self.emit_ne(bits);
                        return;
                    }
                } else if !t.has_desc(n, |l| l == "NP" || l == "NEC") {
                    let mut bits = Vec::new();
                    self.ne_content(n, false, &mut bits);
                    self.emit_ne(bits);
                    return;
                }
            }
            "NEC" => {
                self.emit_compound(n);
                return;
            }
            _ => {}
        }
        let label = node.label.clone();
        self.flat.items.push(It::Open(label.clone()));
        if let Some(w) = &node.word {
            for w in w.split_whitespace() {
                self.flat.items.push(It::Word(w.to_uppercase()));
            }
        }
        for &k in &node.kids {
            self.emit(k);
        }
        self.flat.items.push(It::Close(label));
    }
}

/// Reads a bracketed parse into the flat sequence.
///
/// # Errors
/// [`Error::BadParse`] when the brackets do not balance.
pub(crate) fn flatten(ptb: &str) -> Result<Flat> {
    let (mut tree, root) = Tree::parse(&ptb.replace('~', "-TILDA-"))?;
    tree.mark_compounds();
    let mut b = Builder {
        t: &tree,
        flat: Flat::default(),
    };
    b.emit(root);
    Ok(b.flat)
}

/// Comma-delimited clause deletion: clause lengths in words, `max` 0 turns a kind off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommaRules {
    /// Internal clauses: minimum and maximum length.
    pub internal: (usize, usize),
    /// A clause before the first comma.
    pub initial: (usize, usize),
    /// A clause after the last comma.
    pub terminal: (usize, usize),
}

impl Default for CommaRules {
    /// PETRARCH's defaults: internal 2–8, initial off, terminal 2–8.
    fn default() -> Self {
        CommaRules {
            internal: (2, 8),
            initial: (0, 0),
            terminal: (2, 8),
        }
    }
}

fn count_words(items: &[It]) -> usize {
    items
        .iter()
        .filter(|it| matches!(it, It::Word(w) if w.chars().next().is_some_and(char::is_alphabetic)))
        .count()
}

/// Removes every complete phrase lying inside `lo..hi`.
fn delete_phrases(items: &mut Vec<It>, lo: usize, hi: usize) {
    let mut stack: Vec<String> = Vec::new();
    let mut k = hi.min(items.len());
    while k > lo {
        k -= 1;
        if let Some(c) = items[k].closes() {
            stack.push(c.to_string());
        } else if let Some(o) = items[k].opens() {
            if stack.last().is_some_and(|s| s == o) {
                stack.pop();
                // Find the matching close at or after k.
                let mut depth = 0usize;
                let mut end = k;
                for (j, it) in items.iter().enumerate().skip(k) {
                    if it.opens().is_some() {
                        depth += 1;
                    } else if it.closes().is_some() {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                }
                items.drain(k..=end);
            }
        }
    }
}

fn comma_positions(items: &[It]) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, it)| matches!(it, It::Open(t) if t == ","))
        .map(|(i, _)| i)
        .collect()
}

/// Index of the last punctuation tag (the sentence's final `.`), or the end.
fn find_end(items: &[It]) -> usize {
    let mut k = items.len();
    while k > 0 && items[k - 1].closes().is_some() {
        k -= 1;
    }
    // k-1 is the last word; its tag opens at k-2.
    k.saturating_sub(2)
}

/// PETRARCH's deletion of short comma-delimited clauses ("Dale, the town's old rival,
/// may …"; "…, an elder said.").
pub(crate) fn delete_comma_clauses(items: &mut Vec<It>, rules: CommaRules) {
    let start = 1.min(items.len());
    if comma_positions(items).is_empty() {
        return;
    }
    let in_range = |n: usize, (lo, hi): (usize, usize)| hi != 0 && n >= lo && n <= hi;
    if rules.initial.1 != 0 {
        if let Some(&c) = comma_positions(items).first() {
            if c > start
                && in_range(
                    count_words(items.get(start..c).unwrap_or_default()),
                    rules.initial,
                )
            {
                delete_phrases(items, start, c);
            }
        }
    }
    if rules.terminal.1 != 0 {
        let end = find_end(items);
        if let Some(&c) = comma_positions(items).iter().rev().find(|&&c| c < end) {
            if in_range(count_words(&items[c..]), rules.terminal) && c + 3 <= end {
                delete_phrases(items, c + 3, end);
            }
        }
    }
    if rules.internal.1 != 0 {
        let mut from = 0;
        loop {
            let commas = comma_positions(items);
            let Some(pos) = commas.iter().position(|&c| c >= from) else {
                break;
            };
            let (Some(&a), Some(&b)) = (commas.get(pos), commas.get(pos + 1)) else {
                break;
            };
            if in_range(
                count_words(items.get(a + 3..b).unwrap_or_default()),
                rules.internal,
            ) {
                let before = items.len();
                delete_phrases(items, a, b);
                from = b - (before - items.len());
            } else {
                from = b;
            }
        }
    }
    // Dangling commas at either end.
    if let Some(&c) = comma_positions(items).first() {
        if count_words(items.get(start..c).unwrap_or_default()) == 0 && c + 3 <= items.len() {
            items.drain(c..c + 3);
        }
    }
    let end = find_end(items);
    if let Some(&c) = comma_positions(items).iter().rev().find(|&&c| c < end) {
        if count_words(items.get(c + 1..end).unwrap_or_default()) == 0 && c + 3 <= items.len() {
            items.drain(c..c + 3);
        }
    }
}
