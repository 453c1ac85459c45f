//! The PETRARCH verb dictionary: synsets, verb blocks with their forms, and patterns.

use super::{decomment_lines, PetrCode};
use crate::{Error, Result};
use std::collections::HashMap;

/// One element of a pattern, on either side of the verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatItem {
    /// A word, upper case.
    Word(String),
    /// `&NAME`: any member of the synset.
    Synset(String),
    /// `$`: the source is the noun phrase here.
    Source,
    /// `+`: the target is the noun phrase here.
    Target,
    /// `^`: skip to the end of the current noun phrase.
    SkipPhrase,
    /// `%`: a compound actor, both source and target.
    Compound,
}

/// A pattern element and whether `_` joins it to the one before it (for the first element
/// after the verb: to the verb; for the last before the verb, see
/// [`VerbPattern::joined_to_verb`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatElem {
    /// The element.
    pub item: PatItem,
    /// Must directly follow the previous element (phrase brackets aside).
    pub joined: bool,
}

/// A pattern of a verb block: what must come before and after the verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPattern {
    /// Elements before the verb, in sentence order.
    pub upper: Vec<PatElem>,
    /// Elements after the verb, in sentence order.
    pub lower: Vec<PatElem>,
    /// The last element before the verb is joined to it (`NOT_*`).
    pub joined_to_verb: bool,
    /// The event code (`064`, `075A`, `032:033`, `---`).
    pub code: PetrCode,
    /// 1-based line in the file.
    pub line: usize,
}

impl VerbPattern {
    /// Number of elements: the more, the more specific.
    #[must_use]
    pub fn len(&self) -> usize {
        self.upper.len() + self.lower.len()
    }

    /// No elements at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A block opened by `--- NAME [code] ---`: its verbs share the patterns.
#[derive(Debug, Clone, Default)]
pub struct VerbBlock {
    /// The name after `---`.
    pub name: String,
    /// The block's code, used by verbs without their own.
    pub code: PetrCode,
    /// The patterns, in file order.
    pub patterns: Vec<VerbPattern>,
}

/// One form of a verb: the word the parser tags as a verb, words that must precede or follow
/// it (multi-word verbs), the block and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The verb as its line gives it (`CORDON` of `+CORDON_OFF {…}`), upper case.
    pub base: String,
    /// Words right before the verb, in sentence order ("WIRE" of "wire tapped").
    pub before: Vec<String>,
    /// Words right after the verb ("OFF" of "cordoned off").
    pub after: Vec<String>,
    /// Index of the block.
    pub block: usize,
    /// The code of the verb alone.
    pub code: PetrCode,
}

/// A parsed verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    /// Synset members (word sequences, upper case), by name without `&`.
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    /// Blocks in file order.
    pub blocks: Vec<VerbBlock>,
    /// Forms by the verb word.
    pub forms: HashMap<String, Vec<VerbForm>>,
}

/// Regular plural of a synset member's last word, PETRARCH style.
fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('Y') {
        format!("{stem}IES")
    } else if let Some(stem) = word.strip_suffix('S') {
        format!("{stem}SES")
    } else {
        format!("{word}S")
    }
}

/// Regular forms of a verb: base, `S`/`ES`, `ED`/`D`, `ING`.
fn regular_forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    if v.ends_with(['S', 'X', 'Z']) {
        out.push(format!("{v}ES"));
    } else {
        out.push(format!("{v}S"));
    }
    if let Some(stem) = v.strip_suffix('E') {
        out.push(format!("{v}D"));
        out.push(format!("{stem}ING"));
    } else {
        out.push(format!("{v}ED"));
        out.push(format!("{v}ING"));
    }
    out
}

impl VerbDict {
    /// Parses the text of a PETRARCH `.verbs` file; `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::Parse`] naming `file` and the line of the first malformed line: a pattern
    /// outside a block, an unclosed bracket, an undefined synset, an empty synset.
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let lines = decomment_lines(text);
        let mut d = VerbDict::default();
        // Synsets can be used before all their members are known only within themselves;
        // nested `&NAME` members are resolved at the end.
        let mut raw_sets: Vec<RawSet> = Vec::new();
        let mut in_set: Option<usize> = None;
        let mut block: Option<usize> = None;
        // Blocks are shared by their first verb: a later `--- SHOT ---` adds to the patterns
        // of an earlier one (PETRARCH keys patterns by that verb).
        let mut fresh = false;
        let mut pat_block: Option<usize> = None;
        let mut heads: HashMap<String, usize> = HashMap::new();
        let mut pending_patterns: Vec<(usize, usize, String, PetrCode)> = Vec::new();
        for (n, line) in lines {
            let err = |message: String| Error::Parse {
                file: file.to_string(),
                line: n,
                message,
            };
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if let Some(i) = in_set {
                if let Some(member) = t.strip_prefix('+') {
                    raw_sets[i].2.push((n, member.trim().to_string()));
                    continue;
                }
                in_set = None;
            }
            if let Some(name) = t.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or_default();
                let (name, no_plural) = match name.strip_suffix('_') {
                    Some(s) => (s, true),
                    None => (name, false),
                };
                if name.is_empty() {
                    return Err(err("`&` without a synset name".into()));
                }
                raw_sets.push((name.to_uppercase(), no_plural, Vec::new(), n));
                in_set = Some(raw_sets.len() - 1);
                continue;
            }
            if t.starts_with("---") {
                let code = bracket(t).map_err(err)?.unwrap_or_default();
                let name = t
                    .trim_matches('-')
                    .split('[')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                d.blocks.push(VerbBlock {
                    name,
                    code: PetrCode::parse(if code.is_empty() { "---" } else { &code }),
                    patterns: Vec::new(),
                });
                block = Some(d.blocks.len() - 1);
                fresh = true;
                continue;
            }
            if let Some(body) = t.strip_prefix('-') {
                let b = pat_block
                    .or(block)
                    .ok_or_else(|| err("a pattern before any `--- VERB ---` block".into()))?;
                let code = bracket(t)
                    .map_err(err)?
                    .ok_or_else(|| err("a pattern without a `[code]`".into()))?;
                let body = body.split('[').next().unwrap_or_default();
                if body.contains(['{', '}']) {
                    // TABARI disjunctions: PETRARCH skips these patterns too.
                    continue;
                }
                pending_patterns.push((b, n, body.to_string(), PetrCode::parse(&code)));
                continue;
            }
            // A verb line.
            let b = block.ok_or_else(|| err("a verb before any `--- VERB ---` block".into()))?;
            let own = bracket(t).map_err(err)?;
            let code = match own {
                Some(c) if !c.is_empty() => PetrCode::parse(&c),
                _ => d.blocks[b].code.clone(),
            };
            let head = t.split('[').next().unwrap_or_default();
            if fresh {
                fresh = false;
                let key = head
                    .split(['{', ' ', '\t'])
                    .next()
                    .unwrap_or_default()
                    .to_uppercase();
                pat_block = Some(*heads.entry(key).or_insert(b));
            }
            let b = pat_block.unwrap_or(b);
            let (main, braces) = match head.find('{') {
                Some(i) => {
                    let rest = &head[i + 1..];
                    let close = rest
                        .find('}')
                        .ok_or_else(|| err("`{` without `}`".into()))?;
                    (head[..i].trim(), Some(&rest[..close]))
                }
                None => (head.trim(), None),
            };
            if main.is_empty() {
                return Err(err("a verb line without a verb".into()));
            }
            let base = main
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .split('_')
                .find(|w| w.starts_with('+'))
                .unwrap_or_else(|| main.split_whitespace().next().unwrap_or_default())
                .trim_start_matches('+')
                .to_uppercase();
            let mut phrases: Vec<String> = Vec::new();
            let main_word = main
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_uppercase();
            match braces {
                Some(forms) => {
                    phrases.push(main_word.clone());
                    phrases.extend(forms.split_whitespace().map(str::to_uppercase));
                }
                None if main_word.contains('_') => {
                    // Regular forms of the `+` word of a multi-word verb.
                    let plus = main_word
                        .split('_')
                        .find(|w| w.starts_with('+'))
                        .ok_or_else(|| {
                            err(format!(
                                "`{main_word}`: a multi-word verb needs a `+` on its verb"
                            ))
                        })?
                        .trim_start_matches('+')
                        .to_string();
                    for f in regular_forms(&plus) {
                        phrases.push(main_word.replacen(&format!("+{plus}"), &format!("+{f}"), 1));
                    }
                }
                None => phrases.extend(regular_forms(main_word.trim_start_matches('+'))),
            }
            for p in phrases {
                let words: Vec<&str> = p.split('_').filter(|w| !w.is_empty()).collect();
                let (verb, before, after) = if words.len() > 1 {
                    let Some(k) = words.iter().position(|w| w.starts_with('+')) else {
                        return Err(err(format!(
                            "`{p}`: a multi-word verb needs a `+` on its verb"
                        )));
                    };
                    (
                        words[k].trim_start_matches('+').to_string(),
                        words[..k].iter().map(|w| w.to_string()).collect(),
                        words[k + 1..].iter().map(|w| w.to_string()).collect(),
                    )
                } else {
                    (
                        words
                            .first()
                            .copied()
                            .unwrap_or_default()
                            .trim_start_matches('+')
                            .to_string(),
                        Vec::new(),
                        Vec::new(),
                    )
                };
                if verb.is_empty() {
                    return Err(err(format!("`{p}`: empty verb")));
                }
                let f = VerbForm {
                    base: base.clone(),
                    before,
                    after,
                    block: b,
                    code: code.clone(),
                };
                // A verb listed again replaces its earlier entry (the last one counts).
                let list = d.forms.entry(verb).or_default();
                match list
                    .iter_mut()
                    .find(|g| g.before == f.before && g.after == f.after)
                {
                    Some(g) => *g = f,
                    None => list.push(f),
                }
            }
        }
        // Synsets, nested ones expanded (a set may name sets defined anywhere).
        let names: HashMap<String, usize> = raw_sets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.0.clone(), i))
            .collect();
        for (i, (name, _, members, line)) in raw_sets.iter().enumerate() {
            if members.is_empty() {
                return Err(Error::Parse {
                    file: file.to_string(),
                    line: *line,
                    message: format!("synset `&{name}` has no `+member` lines"),
                });
            }
            let mut out = Vec::new();
            let mut seen = vec![i];
            expand_set(i, &raw_sets, &names, &mut seen, &mut out, file)?;
            d.synsets.insert(name.clone(), out);
        }
        for (b, n, body, code) in pending_patterns {
            let p = parse_pattern(&body, code, n, &d.synsets).map_err(|message| Error::Parse {
                file: file.to_string(),
                line: n,
                message,
            })?;
            d.blocks[b].patterns.push(p);
        }
        Ok(d)
    }

    /// The forms of a verb word (upper case).
    #[must_use]
    pub fn forms_of(&self, word: &str) -> &[VerbForm] {
        self.forms.get(word).map_or(&[], Vec::as_slice)
    }

    /// How many patterns in all blocks.
    #[must_use]
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }
}

/// A synset as read: name, no plurals, `(line, member)` lines, line of the name.
type RawSet = (String, bool, Vec<(usize, String)>, usize);

fn expand_set(
    i: usize,
    sets: &[RawSet],
    names: &HashMap<String, usize>,
    seen: &mut Vec<usize>,
    out: &mut Vec<Vec<String>>,
    file: &str,
) -> Result<()> {
    let (_, no_plural, members, _) = &sets[i];
    for (line, m) in members {
        if let Some(inner) = m.strip_prefix('&') {
            let inner = inner.trim().trim_end_matches('_').to_uppercase();
            let j = *names.get(&inner).ok_or_else(|| Error::Parse {
                file: file.to_string(),
                line: *line,
                message: format!("synset `&{inner}` is not defined"),
            })?;
            if !seen.contains(&j) {
                seen.push(j);
                expand_set(j, sets, names, seen, out, file)?;
            }
            continue;
        }
        let own_no_plural = m.ends_with('_');
        let words: Vec<String> = m
            .trim_end_matches('_')
            .split(['_', ' '])
            .filter(|w| !w.is_empty())
            .map(str::to_uppercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        if !*no_plural && !own_no_plural {
            let mut pl = words.clone();
            if let Some(last) = pl.last_mut() {
                *last = plural(last);
            }
            out.push(pl);
        }
        out.push(words);
    }
    Ok(())
}

/// The content of the first `[...]` of a line.
fn bracket(t: &str) -> std::result::Result<Option<String>, String> {
    let Some(i) = t.find('[') else {
        return Ok(None);
    };
    let rest = &t[i + 1..];
    let close = rest.find(']').ok_or("`[` without `]`")?;
    Ok(Some(rest[..close].trim().to_string()))
}

/// One side of a pattern: words joined by spaces or `_`. `joined_first` says whether the
/// side's first element is joined to what precedes it.
fn side(
    s: &str,
    joined_first: bool,
    synsets: &HashMap<String, Vec<Vec<String>>>,
) -> std::result::Result<Vec<PatElem>, String> {
    let mut out = Vec::new();
    let mut joined = joined_first;
    let mut word = String::new();
    let flush = |word: &mut String,
                 joined: bool,
                 out: &mut Vec<PatElem>|
     -> std::result::Result<(), String> {
        if word.is_empty() {
            return Ok(());
        }
        let w = std::mem::take(word);
        let item = match w.as_str() {
            "$" => PatItem::Source,
            "+" => PatItem::Target,
            "^" => PatItem::SkipPhrase,
            "%" => PatItem::Compound,
            _ => {
                if let Some(name) = w.strip_prefix('&') {
                    let name = name.to_uppercase();
                    if !synsets.contains_key(&name) {
                        return Err(format!("synset `&{name}` is not defined"));
                    }
                    PatItem::Synset(name)
                } else if w.contains(['&', '*', '[', ']']) {
                    return Err(format!("`{w}` is not a pattern word"));
                } else {
                    PatItem::Word(w.to_uppercase())
                }
            }
        };
        out.push(PatElem { item, joined });
        Ok(())
    };
    for c in s.chars() {
        match c {
            '_' => {
                let had = !word.is_empty();
                flush(&mut word, joined, &mut out)?;
                if had || out.is_empty() {
                    joined = true;
                }
            }
            // PETRARCH2 groups prepositional phrases in `( … )`: read as plain words.
            c if c.is_whitespace() || c == '(' || c == ')' => {
                let had = !word.is_empty();
                flush(&mut word, joined, &mut out)?;
                if had || !out.is_empty() {
                    joined = false;
                }
            }
            c => word.push(c),
        }
    }
    flush(&mut word, joined, &mut out)?;
    Ok(out)
}

fn parse_pattern(
    body: &str,
    code: PetrCode,
    line: usize,
    synsets: &HashMap<String, Vec<Vec<String>>>,
) -> std::result::Result<VerbPattern, String> {
    let (upper, lower) = match body.split_once('*') {
        Some((u, l)) => (u, l),
        None => return Err("a pattern without `*` (the verb)".into()),
    };
    if lower.contains('*') {
        return Err("two `*` in a pattern".into());
    }
    // `IN_ *`: a `_` before a blank joins nothing (PETRARCH reads it as a blank).
    let upper = upper.replace("_ ", " ");
    let lower = lower.replace("_ ", " ");
    let joined_to_verb = upper.ends_with('_');
    let lower_joined = lower.starts_with('_');
    Ok(VerbPattern {
        upper: side(&upper, false, synsets)?,
        lower: side(&lower, lower_joined, synsets)?,
        joined_to_verb,
        code,
        line,
    })
}
