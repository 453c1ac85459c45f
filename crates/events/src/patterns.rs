//! The verb and event-noun patterns of `dict/events/verbs.txt`.

use crate::table::{strip_comment, CodeTable};
use crate::{Error, Result};
use std::collections::HashMap;

/// One alternative of a pattern word: a lemma, or several lemmas that must follow each other
/// ("in_front_of").
pub type Lemmas = Vec<String>;

/// One element of a pattern after the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// One of these lemma sequences.
    Word(Vec<Lemmas>),
    /// The target's place.
    Target,
}

/// A pattern: a code, a head and what must be found in the head's phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// CAMEO code.
    pub code: String,
    /// For an event noun (`n:` in the file).
    pub noun: bool,
    /// The head's lemmas (one of them).
    pub head: Vec<String>,
    /// The rest, in order.
    pub items: Vec<Item>,
    /// Only in the passive.
    pub passive_only: bool,
    /// Only in the active.
    pub active_only: bool,
    /// The source is also a target ("X and Y met").
    pub reflexive: bool,
    /// Never take a target.
    pub no_target: bool,
    /// 1-based line in its file.
    pub line: usize,
    /// The line as written, for error lists and explanations.
    pub text: String,
}

impl Pattern {
    /// How specific it is: the number of words, plus one for a target slot.
    #[must_use]
    pub fn specificity(&self) -> usize {
        self.items
            .iter()
            .map(|i| match i {
                Item::Word(_) => 2,
                Item::Target => 1,
            })
            .sum()
    }
}

/// Every pattern, indexed by head lemma.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    patterns: Vec<Pattern>,
    verbs: HashMap<String, Vec<u32>>,
    nouns: HashMap<String, Vec<u32>>,
    /// Every lemma a pattern uses, as a number, so matching compares integers.
    vocab: HashMap<String, u32>,
    /// Each pattern's items with interned lemmas (`None` = the target).
    compiled: Vec<Vec<Option<Vec<Vec<u32>>>>>,
}

impl Patterns {
    /// Parses a file in the `dict/events/verbs.txt` format, checking every code against
    /// `codes`.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the file and line of the first malformed line.
    pub fn parse(text: &str, file: &str, codes: &CodeTable) -> Result<Self> {
        let mut sets: HashMap<String, Vec<Lemmas>> = HashMap::new();
        let mut out = Patterns::default();
        for (n, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: String| Error::Parse {
                file: file.to_string(),
                line: n + 1,
                message,
            };
            if let Some(def) = line.strip_prefix('&') {
                let (name, members) = def
                    .split_once('=')
                    .ok_or_else(|| err("a word set is `&NAME = word word …`".into()))?;
                let name = name.trim();
                if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return Err(err(format!("`&{name}` is not a set name")));
                }
                let mut words = Vec::new();
                for m in members.split_whitespace() {
                    words.extend(word(m, &sets).map_err(err)?);
                }
                if words.is_empty() {
                    return Err(err(format!("`&{name}` is empty")));
                }
                sets.insert(name.to_string(), words);
                continue;
            }
            let (body, flags) = match line.split_once(';') {
                Some((b, f)) => (b.trim(), f.trim()),
                None => (line, ""),
            };
            let mut parts = body.split_whitespace();
            let code_field = parts.next().unwrap_or_default();
            let (noun, code) = match code_field.strip_prefix("n:") {
                Some(c) => (true, c),
                None => (false, code_field),
            };
            if codes.get(code).is_none() {
                return Err(err(format!("`{code}` is not a code of cameo.txt")));
            }
            let head_field = parts
                .next()
                .ok_or_else(|| err(format!("`{code}`: the pattern has no head word")))?;
            let head: Vec<String> = if head_field == "-" {
                return Err(err("`-` as head is not supported; write the noun".into()));
            } else {
                let alts = word(head_field, &sets).map_err(err)?;
                if alts.iter().any(|a| a.len() != 1) {
                    return Err(err(format!("`{head_field}`: a head is a single lemma")));
                }
                alts.into_iter().map(|mut a| a.remove(0)).collect()
            };
            let mut items = Vec::new();
            for w in parts {
                if w == "+" {
                    if items.contains(&Item::Target) {
                        return Err(err("two `+` in one pattern".into()));
                    }
                    items.push(Item::Target);
                } else {
                    items.push(Item::Word(word(w, &sets).map_err(err)?));
                }
            }
            let mut p = Pattern {
                code: code.to_string(),
                noun,
                head,
                items,
                passive_only: false,
                active_only: false,
                reflexive: false,
                no_target: false,
                line: n + 1,
                text: body.to_string(),
            };
            for f in flags.split([' ', ',']).filter(|f| !f.is_empty()) {
                match f {
                    "passive" => p.passive_only = true,
                    "active" => p.active_only = true,
                    "reflexive" => p.reflexive = true,
                    "no-target" => p.no_target = true,
                    _ => return Err(err(format!("unknown flag `{f}`"))),
                }
            }
            out.push(p);
        }
        Ok(out)
    }

    /// Adds a pattern made elsewhere (an imported dictionary); its code must be in the code
    /// table the coder uses (see [`crate::CodeTable::insert_unknown`]).
    pub fn push(&mut self, p: Pattern) {
        let id = u32::try_from(self.patterns.len()).unwrap_or(u32::MAX);
        let index = if p.noun {
            &mut self.nouns
        } else {
            &mut self.verbs
        };
        for h in &p.head {
            index.entry(h.clone()).or_default().push(id);
        }
        let mut intern = |l: &String| {
            let next = u32::try_from(self.vocab.len()).unwrap_or(u32::MAX);
            *self.vocab.entry(l.clone()).or_insert(next)
        };
        let compiled = p
            .items
            .iter()
            .map(|i| match i {
                Item::Target => None,
                Item::Word(alts) => Some(
                    alts.iter()
                        .map(|seq| seq.iter().map(&mut intern).collect())
                        .collect(),
                ),
            })
            .collect();
        self.compiled.push(compiled);
        self.patterns.push(p);
    }

    /// How many distinct lemmas the patterns use.
    pub(crate) fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    /// The number of a lemma patterns use; `None` if no pattern uses it.
    pub(crate) fn lemma_id(&self, lemma: &str) -> Option<u32> {
        self.vocab.get(lemma).copied()
    }

    /// Ids of the verb (`noun = false`) or noun patterns whose head is `lemma`.
    pub(crate) fn ids_of(&self, lemma: &str, noun: bool) -> &[u32] {
        let index = if noun { &self.nouns } else { &self.verbs };
        index.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// A pattern and its compiled items.
    pub(crate) fn get(&self, id: u32) -> (&Pattern, &[Option<Vec<Vec<u32>>>]) {
        (&self.patterns[id as usize], &self.compiled[id as usize])
    }

    /// Every pattern.
    #[must_use]
    pub fn all(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Verb (or predicate) patterns whose head is `lemma`.
    pub fn verbs_of(&self, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.ids_of(lemma, false)
            .iter()
            .map(|&i| &self.patterns[i as usize])
    }

    /// Event-noun patterns whose head is `lemma`.
    pub fn nouns_of(&self, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.ids_of(lemma, true)
            .iter()
            .map(|&i| &self.patterns[i as usize])
    }

    /// Is `lemma` the head of any pattern?
    #[must_use]
    pub fn is_head(&self, lemma: &str) -> bool {
        self.verbs.contains_key(lemma) || self.nouns.contains_key(lemma)
    }
}

/// One pattern word: `lemma`, `a_b`, `{a,b,c}` or `&SET`.
fn word(w: &str, sets: &HashMap<String, Vec<Lemmas>>) -> std::result::Result<Vec<Lemmas>, String> {
    let seq = |s: &str| -> std::result::Result<Lemmas, String> {
        let parts: Lemmas = s.split('_').map(str::to_lowercase).collect();
        if parts.iter().any(String::is_empty) {
            return Err(format!("`{w}`: empty word"));
        }
        Ok(parts)
    };
    if let Some(name) = w.strip_prefix('&') {
        return sets
            .get(name)
            .cloned()
            .ok_or_else(|| format!("`&{name}` is used before it is defined"));
    }
    if let Some(inner) = w.strip_prefix('{') {
        let inner = inner
            .strip_suffix('}')
            .ok_or_else(|| format!("`{w}`: `{{` without `}}`"))?;
        let mut out = Vec::new();
        for a in inner.split(',') {
            if let Some(name) = a.strip_prefix('&') {
                out.extend(
                    sets.get(name)
                        .cloned()
                        .ok_or_else(|| format!("`&{name}` is used before it is defined"))?,
                );
            } else {
                out.push(seq(a.trim())?);
            }
        }
        return Ok(out);
    }
    if w.contains(['{', '}', '&', '+']) {
        return Err(format!("`{w}` is not a word"));
    }
    Ok(vec![seq(w)?])
}
