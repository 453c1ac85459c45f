//! Every dictionary name in a text at once: one Aho-Corasick automaton over the folded names.

use crate::date::query_day;
use crate::dictionary::{How, NameRef};
use crate::normalize::{is_word_char, Folded};
use crate::resolve::{case_ok, compose_codes, Metonymy};
use crate::{ActorKind, Dictionary};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// The automaton and the key of each pattern.
#[derive(Debug)]
pub(crate) struct Automaton {
    ac: Option<AhoCorasick>,
    keys: Vec<String>,
}

/// A dictionary name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The entry's id (for a composed "Russian army", the country's).
    pub actor_id: String,
    /// The entry's preferred name.
    pub name: String,
    /// What sort of actor ([`ActorKind::Agent`] for agents and composed phrases).
    pub kind: ActorKind,
    /// The CAMEO code as of the date asked for; `None` when the entry has no role.
    pub code: Option<String>,
    /// Set when a capital or seat matched.
    pub metonymy: Option<Metonymy>,
    /// The agent entry composed with a country, when any.
    pub agent: Option<String>,
}

impl Dictionary {
    fn automaton(&self) -> &Automaton {
        self.matcher.get_or_init(|| {
            let mut keys: Vec<String> = self.names.keys().cloned().collect();
            keys.sort();
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&keys)
                .ok();
            Automaton { ac, keys }
        })
    }

    /// Finds every dictionary name in `text`: whole words only, leftmost-longest, no overlaps,
    /// case-insensitive except that capitalised names need a capital ("Turkey", not "turkey")
    /// and acronyms need capitals ("US", not "us"). A country or demonym followed by an agent
    /// ("Russian foreign ministry", "Israel's army") comes back as one composed match. Codes
    /// are the current ones; see [`Dictionary::find_all_at`].
    #[must_use]
    pub fn find_all(&self, text: &str) -> Vec<Match> {
        self.find_all_at(text, None)
    }

    /// [`Dictionary::find_all`] with codes as of `date` (`YYYY-MM-DD`); shared names ("Bush")
    /// go to the entry holding a role on that date.
    #[must_use]
    pub fn find_all_at(&self, text: &str, date: Option<&str>) -> Vec<Match> {
        let day = date.and_then(query_day);
        let auto = self.automaton();
        let Some(ac) = &auto.ac else {
            return Vec::new();
        };
        let folded = Folded::new(text);
        let ft = folded.text.as_str();
        // (start, end, chosen reference) in original offsets.
        let mut found: Vec<(usize, usize, &NameRef)> = Vec::new();
        for m in ac.find_overlapping_iter(ft) {
            let (s, e) = (m.start(), m.end());
            let before_ok = ft[..s].chars().next_back().is_none_or(|c| !is_word_char(c));
            let after_ok = ft[e..].chars().next().is_none_or(|c| !is_word_char(c));
            if !before_ok || !after_ok {
                continue;
            }
            let Some((os, oe)) = folded.original_span(s, e) else {
                continue;
            };
            let seen = &text[os..oe];
            let key = &auto.keys[m.pattern().as_usize()];
            if let Some(r) = self
                .candidates(key, day)
                .into_iter()
                .find(|r| case_ok(&r.written, seen, true))
            {
                found.push((os, oe, r));
            }
        }
        found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut chosen: Vec<(usize, usize, &NameRef)> = Vec::new();
        for f in found {
            if chosen.last().is_none_or(|&(_, e, _)| f.0 >= e) {
                chosen.push(f);
            }
        }
        // A bare role word right before a person's name is that person's title ("President
        // Putin"): drop it.
        let person_follows = |i: usize| {
            chosen.get(i + 1).is_some_and(|&(s2, _, r2)| {
                self.entry_of(r2)
                    .is_some_and(|e| e.kind == ActorKind::Person)
                    && text
                        .get(chosen[i].1..s2)
                        .is_some_and(|g| !g.is_empty() && g.chars().all(char::is_whitespace))
            })
        };
        let mut out: Vec<Match> = Vec::with_capacity(chosen.len());
        let mut i = 0;
        while i < chosen.len() {
            let (s, e, r) = chosen[i];
            let Some(owner) = self.entry_of(r) else {
                i += 1;
                continue;
            };
            if owner.kind == ActorKind::Agent && person_follows(i) {
                i += 1;
                continue;
            }
            let m = self.to_match(s, e, r, owner, day);
            // Compose "<country|demonym> ['s] <agent>".
            if let Some((s2, e2, agent)) = chosen
                .get(i + 1)
                .and_then(|&(s2, e2, r2)| Some((s2, e2, self.entry_of(r2)?)))
            {
                let gap = text.get(e..s2).unwrap_or("");
                let spaced = !gap.is_empty() && gap.chars().all(char::is_whitespace);
                let possessive = matches!(gap.trim_end(), "'s" | "\u{2019}s");
                let joins = spaced || possessive;
                if joins
                    && agent.kind == ActorKind::Agent
                    && matches!(owner.kind, ActorKind::Country | ActorKind::Region)
                    && matches!(r.how, How::Name | How::Demonym)
                {
                    if let (Some(base), Some(at)) =
                        (self.resolved(r, day), self.code_at(agent, day))
                    {
                        let c = compose_codes(base, agent, &at.code);
                        out.push(Match {
                            start: s,
                            end: e2,
                            actor_id: c.actor_id,
                            name: c.name,
                            kind: c.kind,
                            code: Some(c.code),
                            metonymy: None,
                            agent: c.agent,
                        });
                        i += 2;
                        continue;
                    }
                }
            }
            out.push(m);
            i += 1;
        }
        out
    }

    fn to_match(
        &self,
        start: usize,
        end: usize,
        r: &NameRef,
        e: &crate::Entry,
        day: Option<i32>,
    ) -> Match {
        let res = self.resolved(r, day);
        Match {
            start,
            end,
            actor_id: e.actor.id.clone(),
            name: e.actor.name.clone(),
            kind: e.kind,
            code: res.as_ref().map(|x| x.code.clone()),
            metonymy: res.as_ref().and_then(|x| x.metonymy),
            agent: (e.kind == ActorKind::Agent).then(|| e.actor.id.clone()),
        }
    }
}
