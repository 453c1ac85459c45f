//! Verb phrases matched against PETRARCH patterns; sources, targets and events.

use super::tree::{Flat, It};
use super::verbs::{PatItem, VerbForm, VerbPattern};
use super::{PetrCode, PetrConfig, PetrDicts, PetrEvent};

/// Words PETRARCH steps over when it looks for the rest of a multi-word verb.
fn skippable(w: &str) -> bool {
    matches!(
        w,
        "THE"
            | "A"
            | "AN"
            | "IT"
            | "HE"
            | "THEY"
            | "HER"
            | "HAS"
            | "HAD"
            | "HAVE"
            | "SOME"
            | "FEW"
            | "THAT"
            | "HUNDRED"
            | "THOUSAND"
            | "MILLION"
            | "BILLION"
            | "TRILLION"
            | "DOZEN"
            | "ONE"
            | "TWO"
            | "THREE"
            | "FOUR"
            | "FIVE"
            | "SIX"
            | "SEVEN"
            | "EIGHT"
            | "NINE"
            | "DOLLAR"
            | "DUCAT"
    ) || (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
}

/// An actor slot: one noun phrase or a compound of them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Ne(usize),
    Nec(Vec<usize>),
}

/// One side of a verb (before or after it) in sentence order, with its phrases.
struct Side {
    /// Words (upper case) or `None` for phrase markers.
    words: Vec<Option<String>>,
    /// The noun phrase (index into `flat.nes`) each position is in.
    ne_at: Vec<Option<usize>>,
    /// Start positions of noun phrases in this side: (position, ne).
    starts: Vec<(usize, usize)>,
    /// Compound of each noun phrase.
    nec_of: Vec<(usize, Vec<usize>)>,
}

impl Side {
    fn build(flat: &Flat, lo: usize, hi: usize) -> Side {
        let mut words = Vec::new();
        let mut ne_at = Vec::new();
        let mut starts = Vec::new();
        let mut nec_of: Vec<(usize, Vec<usize>)> = Vec::new();
        // The phrase open at `lo` (a side can begin inside one).
        let mut cur: Option<usize> = None;
        let mut depth_ne: Option<usize> = None;
        for it in &flat.items[..lo] {
            match it {
                It::Ne(id) => depth_ne = Some(*id),
                It::NeEnd => depth_ne = None,
                _ => {}
            }
        }
        if depth_ne.is_some() {
            cur = depth_ne;
        }
        // Compound membership over the whole sentence.
        let mut open_nec: Option<Vec<usize>> = None;
        for it in &flat.items {
            match it {
                It::Nec => open_nec = Some(Vec::new()),
                It::Ne(id) => {
                    if let Some(v) = open_nec.as_mut() {
                        v.push(*id);
                    }
                }
                It::NecEnd => {
                    if let Some(v) = open_nec.take() {
                        for &m in &v {
                            nec_of.push((m, v.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
        for it in &flat.items[lo..hi] {
            match it {
                It::Word(w) => {
                    words.push(Some(w.clone()));
                    ne_at.push(cur);
                }
                It::Ne(id) => {
                    // Brackets belong to no phrase: a phrase is entered by its words.
                    starts.push((words.len(), *id));
                    cur = Some(*id);
                    words.push(None);
                    ne_at.push(None);
                }
                It::NeEnd => {
                    words.push(None);
                    ne_at.push(None);
                    cur = None;
                }
                _ => {}
            }
        }
        Side {
            words,
            ne_at,
            starts,
            nec_of,
        }
    }

    fn slot(&self, ne: usize) -> Slot {
        match self.nec_of.iter().find(|(m, _)| *m == ne) {
            Some((_, v)) => Slot::Nec(v.clone()),
            None => Slot::Ne(ne),
        }
    }

    /// The noun phrase at `i` or the next one in direction `fwd`, with the position to go on
    /// from (its first position going forward, its last going back).
    fn phrase_from(&self, i: isize, fwd: bool) -> Option<(usize, isize, isize)> {
        let n = self.words.len() as isize;
        if i >= 0 && i < n {
            if let Some(ne) = self.ne_at[i as usize] {
                let (s, e) = self.extent(ne);
                return Some((ne, s, e));
            }
        }
        let mut j = i;
        while j >= 0 && j < n {
            if let Some(ne) = self.ne_at[j as usize] {
                let (s, e) = self.extent(ne);
                return Some((ne, s, e));
            }
            j += if fwd { 1 } else { -1 };
        }
        None
    }

    /// First and last positions of a phrase in this side.
    fn extent(&self, ne: usize) -> (isize, isize) {
        let mut s = isize::MAX;
        let mut e = isize::MIN;
        for (k, x) in self.ne_at.iter().enumerate() {
            if *x == Some(ne) {
                s = s.min(k as isize);
                e = e.max(k as isize);
            }
        }
        (s, e)
    }
}

/// What a pattern side found.
#[derive(Debug, Clone, Default)]
struct Found {
    source: Option<Slot>,
    target: Option<Slot>,
}

struct Matcher<'a> {
    dicts: &'a PetrDicts,
    side: &'a Side,
    fwd: bool,
}

impl Matcher<'_> {
    fn step(&self) -> isize {
        if self.fwd {
            1
        } else {
            -1
        }
    }

    fn in_range(&self, i: isize) -> bool {
        i >= 0 && i < self.side.words.len() as isize
    }

    /// Matches the words of `seq` (sentence order) at `i` in the matcher's direction,
    /// stepping over phrase markers; returns the position after.
    fn words_at(&self, seq: &[String], i: isize) -> Option<isize> {
        let mut k = i;
        let order: Vec<&String> = if self.fwd {
            seq.iter().collect()
        } else {
            seq.iter().rev().collect()
        };
        for w in order {
            while self.in_range(k) && self.side.words[k as usize].is_none() {
                k += self.step();
            }
            if !self.in_range(k) || self.side.words[k as usize].as_ref() != Some(w) {
                return None;
            }
            k += self.step();
        }
        Some(k)
    }

    /// Matches `items` (in matching order) from position `i`; `adjacent[k]` says item k must
    /// follow the previous one directly.
    fn run(&self, items: &[(PatItem, bool)], i: isize, found: &mut Found) -> bool {
        let Some(((item, adjacent), rest)) = items.split_first() else {
            return true;
        };
        match item {
            PatItem::Word(w) => {
                let mut j = i;
                while self.in_range(j) {
                    if let Some(next) = self.words_at(std::slice::from_ref(w), j) {
                        if self.side.words[j as usize].is_some() || !*adjacent {
                            let mut f = found.clone();
                            if self.run(rest, next, &mut f) {
                                *found = f;
                                return true;
                            }
                        }
                    }
                    if *adjacent && self.side.words[j as usize].is_some() {
                        return false;
                    }
                    j += self.step();
                }
                false
            }
            PatItem::Synset(name) => {
                let Some(members) = self.dicts.verbs.synsets.get(name) else {
                    return false;
                };
                let mut j = i;
                while self.in_range(j) {
                    for m in members {
                        if let Some(next) = self.words_at(m, j) {
                            let mut f = found.clone();
                            if self.run(rest, next, &mut f) {
                                *found = f;
                                return true;
                            }
                        }
                    }
                    if *adjacent && self.side.words[j as usize].is_some() {
                        return false;
                    }
                    j += self.step();
                }
                false
            }
            PatItem::Source | PatItem::Target | PatItem::Compound => {
                let mut j = i;
                if *adjacent {
                    // Only brackets may come between: the phrase must be right here.
                    while self.in_range(j)
                        && self.side.words[j as usize].is_none()
                        && self.side.ne_at[j as usize].is_none()
                    {
                        j += self.step();
                    }
                    if !self.in_range(j) || self.side.ne_at[j as usize].is_none() {
                        return false;
                    }
                }
                while let Some((ne, s, e)) = self.side.phrase_from(j, self.fwd) {
                    let slot = self.side.slot(ne);
                    let ok = !matches!(item, PatItem::Compound) || matches!(slot, Slot::Nec(_));
                    if ok {
                        let mut f = found.clone();
                        // `%` before the verb is source and target at once ("Dale and
                        // Laketown postponed"); after it, the target ("agrees with X and Y").
                        match item {
                            PatItem::Source => f.source = Some(slot),
                            PatItem::Target => f.target = Some(slot),
                            _ if self.fwd => f.target = Some(slot),
                            _ => {
                                f.source = Some(slot.clone());
                                f.target = Some(slot);
                            }
                        }
                        let from = if self.fwd { s.max(j) } else { e.min(j) };
                        if self.run(rest, from, &mut f) {
                            *found = f;
                            return true;
                        }
                    }
                    if *adjacent {
                        return false;
                    }
                    j = if self.fwd { e + 1 } else { s - 1 };
                }
                false
            }
            PatItem::SkipPhrase => {
                let Some((_, s, e)) = self.side.phrase_from(i, self.fwd) else {
                    return false;
                };
                let next = if self.fwd { e + 1 } else { s - 1 };
                self.run(rest, next, found)
            }
        }
    }
}

/// Pattern elements in matching order with their adjacency flags: after the verb as they
/// are; before it reversed, each flag then saying "joined to the element matched before"
/// (the verb for the first).
fn lower_items(p: &VerbPattern) -> Vec<(PatItem, bool)> {
    p.lower.iter().map(|e| (e.item.clone(), e.joined)).collect()
}

fn upper_items(p: &VerbPattern) -> Vec<(PatItem, bool)> {
    let n = p.upper.len();
    (0..n)
        .rev()
        .map(|s| {
            let joined = if s + 1 == n {
                p.joined_to_verb
            } else {
                p.upper[s + 1].joined
            };
            (p.upper[s].item.clone(), joined)
        })
        .collect()
}

/// Tries a pattern; the source and target it names when it matches.
fn try_pattern(dicts: &PetrDicts, p: &VerbPattern, upper: &Side, lower: &Side) -> Option<Found> {
    let mut found = Found::default();
    let low = lower_items(p);
    let m = Matcher {
        dicts,
        side: lower,
        fwd: true,
    };
    if !m.run(&low, 0, &mut found) {
        return None;
    }
    let up = upper_items(p);
    let m = Matcher {
        dicts,
        side: upper,
        fwd: false,
    };
    if !m.run(&up, upper.words.len() as isize - 1, &mut found) {
        return None;
    }
    Some(found)
}

/// Index of the item closing the phrase opened at `open`.
fn close_of(items: &[It], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, it) in items.iter().enumerate().skip(open) {
        if it.opens().is_some() {
            depth += 1;
        } else if it.closes().is_some() {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return j;
            }
        }
    }
    items.len()
}

/// Position of the verb's word given the `(VB…` tag position.
fn word_after(items: &[It], k: usize) -> Option<(usize, &str)> {
    items
        .iter()
        .enumerate()
        .skip(k)
        .find_map(|(j, it)| match it {
            It::Word(w) => Some((j, w.as_str())),
            _ => None,
        })
}

/// Is the verb phrase at `vp` a passive with "by"? Then the position of the participle's tag.
fn passive(items: &[It], vp: usize, end: usize) -> Option<usize> {
    let vbn = (vp + 3..end).find(|&k| matches!(&items[k], It::Open(t) if t == "VBN"))?;
    let by = (vbn + 3..end).any(|k| matches!(&items[k], It::Word(w) if w == "BY"));
    if !by {
        return None;
    }
    let aux = (vp + 1..vbn).any(|k| {
        matches!(&items[k], It::Open(t) if t.starts_with("VB"))
            && matches!(items.get(k + 1), Some(It::Word(w)) if matches!(w.as_str(), "WAS" | "IS" | "BEEN"))
    });
    aux.then_some(vbn)
}

/// The next non-skippable word from `k` going in direction `fwd`.
fn next_word(items: &[It], k: isize, fwd: bool) -> Option<(usize, &str)> {
    let mut j = k;
    while j >= 0 && (j as usize) < items.len() {
        if let It::Word(w) = &items[j as usize] {
            if !skippable(w) {
                return Some((j as usize, w));
            }
        }
        j += if fwd { 1 } else { -1 };
    }
    None
}

/// Which form of the verb is used here, and where the verb's words start and end.
fn pick_form<'d>(
    forms: &'d [VerbForm],
    items: &[It],
    at: usize,
) -> Option<(&'d VerbForm, usize, usize)> {
    for f in forms.iter().filter(|f| !f.after.is_empty()) {
        let mut k = at as isize + 1;
        let mut end = at;
        let mut ok = true;
        for w in &f.after {
            match next_word(items, k, true) {
                Some((j, x)) if x == w => {
                    end = j;
                    k = j as isize + 1;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Some((f, at, end));
        }
    }
    for f in forms.iter().filter(|f| !f.before.is_empty()) {
        let mut k = at as isize - 1;
        let mut start = at;
        let mut ok = true;
        for w in f.before.iter().rev() {
            match next_word(items, k, false) {
                Some((j, x)) if x == w => {
                    start = j;
                    k = j as isize - 1;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Some((f, start, at));
        }
    }
    forms
        .iter()
        .find(|f| f.before.is_empty() && f.after.is_empty())
        .map(|f| (f, at, at))
}

/// For a verb phrase coordinated with an earlier one ("condemned … and promised …"), the
/// start of the coordination: the words before the verb then skip the earlier conjunct, so
/// its objects are not taken for the subject.
fn coordinated_start(items: &[It], vp: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut saw_cc = false;
    let mut k = vp;
    while k > 0 {
        k -= 1;
        if items[k].closes().is_some() {
            depth += 1;
        } else if let Some(tag) = items[k].opens() {
            if depth > 0 {
                depth -= 1;
                if depth == 0 && tag.starts_with("CC") {
                    saw_cc = true;
                }
            } else {
                // An ancestor.
                return (tag == "VP" && saw_cc).then_some(k);
            }
        }
    }
    None
}

/// Start of the words before a verb: back to the end of the previous comma.
fn upper_start(items: &[It], before: usize) -> usize {
    let mut k = before;
    while k > 0 {
        if matches!(&items[k - 1], It::Close(t) if t == ",") {
            return k;
        }
        k -= 1;
    }
    0
}

/// Codes of a slot.
fn slot_codes(
    flat: &Flat,
    codes: &[Option<String>],
    slot: &Slot,
    config: &PetrConfig,
) -> Vec<String> {
    let one = |ne: usize| -> Option<String> {
        match &codes[ne] {
            Some(c) if c != "---" => Some(c.clone()),
            _ => {
                let words = &flat.nes[ne];
                (config.new_actor_length > 0
                    && !words.is_empty()
                    && words.len() - 1 < config.new_actor_length)
                    .then(|| words.join(" "))
            }
        }
    };
    let mut out: Vec<String> = match slot {
        Slot::Ne(ne) => vec![one(*ne).unwrap_or_else(|| "---".into())],
        Slot::Nec(v) => v.iter().filter_map(|&ne| one(ne)).collect(),
    };
    if out.is_empty() {
        out.push("---".into());
    }
    out.into_iter()
        .flat_map(|c| {
            if c.contains('/') && !c.contains(' ') {
                c.split('/').map(str::to_string).collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

fn coded(codes: &[Option<String>], slot: &Slot) -> bool {
    match slot {
        Slot::Nec(_) => true,
        Slot::Ne(ne) => codes[*ne].as_deref().is_some_and(|c| c != "---"),
    }
}

fn first_code(codes: &[Option<String>], slot: &Slot) -> Option<String> {
    match slot {
        Slot::Ne(ne) => codes[*ne].clone(),
        Slot::Nec(_) => None,
    }
}

/// For each noun phrase inside a modifier (prepositional phrase, participle, relative
/// clause) of a larger noun phrase, the first noun phrase of the outermost such noun phrase
/// (its head).
fn governors(items: &[It], n: usize) -> Vec<Option<usize>> {
    let mut out = vec![None; n];
    // (tag, first noun phrase directly inside)
    let mut stack: Vec<(&str, Option<usize>)> = Vec::new();
    for it in items {
        match it {
            It::Open(t) => stack.push((t.as_str(), None)),
            It::Nec => stack.push(("NEC", None)),
            It::Close(_) | It::NecEnd => {
                stack.pop();
            }
            It::Ne(id) => {
                let gov = (1..stack.len()).find_map(|i| {
                    (matches!(stack[i].0, "PP" | "VP" | "SBAR") && stack[i - 1].0 == "NP")
                        .then_some(stack[i - 1].1)
                        .flatten()
                });
                if let Some(slot) = out.get_mut(*id) {
                    *slot = gov.filter(|g| g != id);
                }
                if let Some(top) = stack.last_mut() {
                    if top.0 == "NP" && top.1.is_none() {
                        top.1 = Some(*id);
                    }
                }
            }
            It::Word(_) | It::NeEnd => {}
        }
    }
    out
}

/// Codes every verb phrase of a flattened sentence.
pub(crate) fn code(
    dicts: &PetrDicts,
    flat: &Flat,
    date: Option<&str>,
    config: &PetrConfig,
) -> Vec<PetrEvent> {
    let items = &flat.items;
    let codes: Vec<Option<String>> = flat
        .nes
        .iter()
        .map(|w| dicts.actors.code_phrase(w, date))
        .collect();
    let governor = governors(items, flat.nes.len());
    let mut events: Vec<PetrEvent> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let is_vp = matches!(&items[k], It::Open(t) if t == "VP")
            && matches!(items.get(k + 1), Some(It::Open(t)) if t.starts_with("VB"));
        if !is_vp {
            k += 1;
            continue;
        }
        let vp_end = close_of(items, k);
        let verb_tag = passive(items, k, vp_end).unwrap_or(k + 1);
        let is_passive = verb_tag != k + 1;
        let Some((at, word)) = word_after(items, verb_tag) else {
            k += 1;
            continue;
        };
        let forms = dicts.verbs.forms_of(word);
        let Some((form, vstart, vend)) = pick_form(forms, items, at) else {
            k += 1;
            continue;
        };
        let upper_end = coordinated_start(items, k).unwrap_or(vstart);
        let upper = Side::build(flat, upper_start(items, upper_end), upper_end);
        let lower = Side::build(flat, vend + 1, vp_end);
        let block = &dicts.verbs.blocks[form.block];
        let mut best: Option<(&VerbPattern, Found)> = None;
        for p in &block.patterns {
            if best.as_ref().is_some_and(|(b, _)| b.len() >= p.len()) {
                continue;
            }
            if let Some(f) = try_pattern(dicts, p, &upper, &lower) {
                best = Some((p, f));
            }
        }
        let (code, found): (PetrCode, Found) = match best {
            Some((p, f)) if !p.code.is_null() => (p.code.clone(), f),
            Some((_, f)) => (form.code.clone(), f),
            None => (form.code.clone(), Found::default()),
        };
        if code.is_null() {
            k += 1;
            continue;
        }
        let target = found.target.clone().or_else(|| {
            lower
                .starts
                .iter()
                .map(|&(_, ne)| lower.slot(ne))
                .find(|s| coded(&codes, s))
                .or_else(|| lower.starts.first().map(|&(_, ne)| lower.slot(ne)))
        });
        if let Some(target) = target {
            let tcode = first_code(&codes, &target);
            let source = found.source.clone().or_else(|| {
                let cands: Vec<Slot> = upper
                    .starts
                    .iter()
                    .rev()
                    .map(|&(_, ne)| {
                        // A phrase inside a modifier of a larger noun phrase stands for
                        // that phrase's head when the head is coded ("the envoy of
                        // Dale, head of a council with Laketown, called"; "a woman from Dale
                        // linked to the rebels was handed over").
                        match governor[ne] {
                            Some(h) if coded(&codes, &Slot::Ne(h)) => upper.slot(h),
                            _ => upper.slot(ne),
                        }
                    })
                    .filter(|s| *s != target && (tcode.is_none() || first_code(&codes, s) != tcode))
                    .collect();
                cands
                    .iter()
                    .find(|s| coded(&codes, s))
                    .or_else(|| cands.first())
                    .cloned()
            });
            if let Some(source) = source {
                let mut src = slot_codes(flat, &codes, &source, config);
                let mut tgt = slot_codes(flat, &codes, &target, config);
                if is_passive {
                    std::mem::swap(&mut src, &mut tgt);
                }
                let mut add = |s: &[String], t: &[String], c: &str| {
                    for a in s {
                        for b in t {
                            if a != b {
                                let e = PetrEvent {
                                    source: a.clone(),
                                    target: b.clone(),
                                    code: c.to_string(),
                                };
                                if !events.contains(&e) {
                                    events.push(e);
                                }
                            }
                        }
                    }
                };
                match &code.backward {
                    Some(back) => {
                        if src[0] == "---" || tgt[0] == "---" {
                            if tgt[0] == "---" {
                                tgt = src.clone();
                            } else {
                                src = tgt.clone();
                            }
                        }
                        add(&src, &tgt, &code.forward);
                        add(&tgt, &src, back);
                    }
                    None => add(&src, &tgt, &code.forward),
                }
            }
        }
        // Matched: go on after this verb phrase.
        k = vp_end.max(k + 1);
    }
    if config.require_dyad {
        events.retain(|e| e.source != "---" && e.target != "---");
    }
    events
}
