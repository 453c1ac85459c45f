//! PETRARCH verbs as our own [`Pattern`]s, for coding on our dependency parse.
//!
//! What carries over: each verb (its base form as the head lemma, a multi-word verb's words
//! after the verb as items) with its own code, and each pattern whose part before the verb is
//! empty or only the source (`$`, `%`) and whose part after it holds words, synsets and the
//! target (`+`, or `%` as target); `^` is dropped. Pattern words are surface forms, so a
//! plural also matches its singular lemma ("TIES" → `{ties,tie}`). Left out: patterns with
//! words before the verb ("NOT *", "SAID * …"), a target before the verb, a source after it,
//! multi-word verbs whose extra words come before the verb, and null codes. A symmetric code
//! (`032:033`) gives its first code. Codes our table lacks are added with neutral values
//! ([`CodeTable::insert_unknown`]).

use super::verbs::{PatItem, VerbDict};
use crate::patterns::{Item, Lemmas, Pattern};
use crate::table::CodeTable;
use std::collections::BTreeSet;

/// A PETRARCH word (sequence) as lemma alternatives: itself and naive singulars of its last
/// word ("TIES" → ties, tie; "PARTIES" → parties, partie, party).
fn alternatives(words: &[String]) -> Vec<Lemmas> {
    let lower: Lemmas = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out = vec![lower.clone()];
    let Some(last) = lower.last() else {
        return out;
    };
    let mut singulars = Vec::new();
    if !last.ends_with("ss") {
        if let Some(s) = last.strip_suffix('s') {
            singulars.push(s.to_string());
        }
    }
    if let Some(s) = last.strip_suffix("ies") {
        singulars.push(format!("{s}y"));
    }
    for s in singulars.into_iter().filter(|s| !s.is_empty()) {
        let mut alt = lower.clone();
        if let Some(l) = alt.last_mut() {
            *l = s;
        }
        out.push(alt);
    }
    out
}

/// The patterns a PETRARCH verb dictionary gives, adding unknown codes to `codes`.
/// `file` names the dictionary in each pattern's text.
pub(crate) fn patterns(verbs: &VerbDict, file: &str, codes: &mut CodeTable) -> Vec<Pattern> {
    // Each verb once: (base, words after, block, code), in a stable order.
    let mut seen: BTreeSet<(String, Vec<String>, usize, String)> = BTreeSet::new();
    let mut keys: Vec<&String> = verbs.forms.keys().collect();
    keys.sort();
    for k in keys {
        for f in &verbs.forms[k] {
            if f.before.is_empty() {
                seen.insert((
                    f.base.clone(),
                    f.after.clone(),
                    f.block,
                    f.code.forward.clone(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    let code_ok = |code: &str, codes: &mut CodeTable| -> bool {
        code.bytes().any(|b| b.is_ascii_digit())
            && (codes.get(code).is_some() || codes.insert_unknown(code, "imported (PETRARCH)"))
    };
    for (base, after, block, code) in &seen {
        let head = vec![base.to_lowercase()];
        let particle: Vec<Item> = after
            .iter()
            .map(|w| Item::Word(vec![vec![w.to_lowercase()]]))
            .collect();
        if code_ok(code, codes) {
            out.push(Pattern {
                code: code.clone(),
                noun: false,
                head: head.clone(),
                items: particle.clone(),
                passive_only: false,
                active_only: false,
                reflexive: false,
                no_target: false,
                line: 0,
                text: format!("{file}: {base}"),
            });
        }
        'patterns: for p in &verbs.blocks[*block].patterns {
            if p.code.is_null() || !code_ok(&p.code.forward, codes) {
                continue;
            }
            if p.upper
                .iter()
                .any(|e| !matches!(e.item, PatItem::Source | PatItem::Compound))
            {
                continue;
            }
            let mut items = particle.clone();
            for e in &p.lower {
                match &e.item {
                    PatItem::Word(w) => {
                        items.push(Item::Word(alternatives(std::slice::from_ref(w))))
                    }
                    PatItem::Synset(name) => {
                        let alts: Vec<Lemmas> = verbs
                            .synsets
                            .get(name)
                            .into_iter()
                            .flatten()
                            .flat_map(|m| alternatives(m))
                            .collect();
                        items.push(Item::Word(alts));
                    }
                    PatItem::Target | PatItem::Compound => {
                        if items.contains(&Item::Target) {
                            continue 'patterns;
                        }
                        items.push(Item::Target);
                    }
                    PatItem::SkipPhrase => {}
                    PatItem::Source => continue 'patterns,
                }
            }
            out.push(Pattern {
                code: p.code.forward.clone(),
                noun: false,
                head: head.clone(),
                items,
                passive_only: false,
                active_only: false,
                reflexive: false,
                no_target: false,
                line: p.line,
                text: format!("{file}:{}: {base}", p.line),
            });
        }
    }
    out
}
