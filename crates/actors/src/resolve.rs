//! Mention → actor: names with titles and possessives stripped, metonyms, agent composition.

use crate::date::query_day;
use crate::dictionary::{How, NameRef};
use crate::normalize::fold;
use crate::{ActorKind, Dictionary, Entry};

/// Why a name stands for an actor other than itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Metonymy {
    /// A capital city for its government ("Moscow said").
    Capital,
    /// A building or place for the body it houses ("the Kremlin", "the Pentagon").
    Seat,
}

/// A resolved actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The entry's id (`vladimir_putin`, `RUS`); for a composed phrase, the country's.
    pub actor_id: String,
    /// The entry's preferred name.
    pub name: String,
    /// CAMEO code as of the date asked for.
    pub code: String,
    /// What sort of actor; [`ActorKind::Agent`] for a composed phrase.
    pub kind: ActorKind,
    /// The country (ISO alpha-3 or CAMEO region) the actor belongs to, when known.
    pub country: Option<String>,
    /// The title of the role that gave the code ("president").
    pub role: Option<String>,
    /// Set when a capital or a seat stood for the actor.
    pub metonymy: Option<Metonymy>,
    /// The agent entry that was composed with the country ("agent:foreign_ministry").
    pub agent: Option<String>,
}

/// Words that may precede a name without being part of it: titles, honorifics, ranks,
/// offices, and a few qualifiers ("former", "acting").
const TITLE_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "his",
    "her",
    "excellency",
    "majesty",
    "highness",
    "royal",
    "president",
    "president elect",
    "elect",
    "vice",
    "prime",
    "minister",
    "ministry",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "affairs",
    "secretary",
    "general",
    "gen",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "maj",
    "major",
    "brig",
    "brigadier",
    "capt",
    "captain",
    "cmdr",
    "commander",
    "adm",
    "admiral",
    "marshal",
    "field",
    "sgt",
    "sergeant",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "crown",
    "emir",
    "amir",
    "sheikh",
    "shaikh",
    "sheik",
    "sultan",
    "ayatollah",
    "grand",
    "supreme",
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "head",
    "deputy",
    "acting",
    "interim",
    "former",
    "ex",
    "late",
    "then",
    "outgoing",
    "incoming",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "special",
    "senator",
    "sen",
    "representative",
    "rep",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "speaker",
    "pope",
    "cardinal",
    "archbishop",
    "patriarch",
    "rabbi",
    "imam",
    "mullah",
    "cleric",
    "mp",
    "state",
    "of",
    "the",
    "for",
    "and",
    "de",
    "top",
    "senior",
    "official",
    "officials",
    "opposition",
    "party",
    "militant",
    "rebel",
    "warlord",
    "commander in chief",
    "in",
    "to",
    "security",
    "council",
    "national",
    "adviser",
    "advisor",
    "aide",
    "press",
    "first",
    "lady",
    "kremlin",
    "white",
    "house",
    "director",
    "self",
    "proclaimed",
    "styled",
    "de facto",
    "military",
    "army",
    "navy",
    "air",
    "force",
    "forces",
    "intelligence",
    "justice",
    "attorney",
    "tycoon",
    "businessman",
    "oligarch",
    "billionaire",
    "mercenary",
    "founder",
    "boss",
    "owner",
    "activist",
    "dissident",
    "opponent",
    "critic",
    "journalist",
    "judge",
    "prosecutor",
    "jailed",
    "exiled",
    "ousted",
    "deposed",
    "assassinated",
    "slain",
    "killed",
    "veteran",
    "hardline",
    "embattled",
    "strongman",
    "autocrat",
    "dictator",
    "regional",
    "chechen",
    "chechnya's",
    "secretary general",
    "un",
    "u.n.",
    "eu",
    "nato",
];

fn is_title_word(w: &str) -> bool {
    let w = w.trim_end_matches('.').trim_end_matches("'s");
    TITLE_WORDS.contains(&w)
}

/// Strips what surrounds a mention: quotes and punctuation at the edges, a leading article,
/// a trailing possessive.
fn clean(text: &str) -> String {
    let mut f = fold(text);
    loop {
        let t = f
            .trim_matches(|c: char| {
                c.is_whitespace()
                    || matches!(c, '"' | '\'' | ',' | ';' | ':' | '(' | ')' | '!' | '?')
            })
            .to_string();
        let t = t.strip_suffix("'s").map(str::to_string).unwrap_or(t);
        let t = match t.strip_suffix("s'") {
            Some(stem) => format!("{stem}s"),
            None => t,
        };
        let t = ["the ", "a ", "an "]
            .iter()
            .find_map(|a| t.strip_prefix(a))
            .map(str::to_string)
            .unwrap_or(t);
        if t == f {
            return f;
        }
        f = t;
    }
}

/// Case rule: a word written as an acronym in the dictionary ("US", "UN") only matches a
/// word written in capitals; with `proper`, a capitalised word only matches a capitalised one.
pub(crate) fn case_ok(written: &str, seen: &str, proper: bool) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}' || c == '\u{2011}')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (dw, sw) = (split(written), split(seen));
    if dw.len() != sw.len() {
        return true;
    }
    for (d, s) in dw.iter().zip(&sw) {
        let letters = d.chars().filter(|c| c.is_alphabetic()).count();
        let acronym = letters >= 2
            && d.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if acronym {
            if !s
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            {
                return false;
            }
        } else if proper
            && d.chars().next().is_some_and(char::is_uppercase)
            && !s.chars().next().is_some_and(char::is_uppercase)
        {
            return false;
        }
    }
    true
}

impl Dictionary {
    /// Candidates for a folded key, best first for `day`: written names before demonyms and
    /// metonyms, entries with a role holding on the day first, then unshared names, then load
    /// order.
    pub(crate) fn candidates(&self, key: &str, day: Option<i32>) -> Vec<&NameRef> {
        let Some(refs) = self.names.get(key) else {
            return Vec::new();
        };
        if let Some(stop) = refs.iter().find(|r| r.how == How::Stop) {
            return vec![stop];
        }
        let mut v: Vec<&NameRef> = refs.iter().collect();
        // Among entries holding a role on the day, the one whose role began last: of two
        // namesakes in office, the more recent office is the one in the news.
        v.sort_by_key(|r| {
            let e = &self.entries[r.entry as usize];
            let started = e
                .roles
                .iter()
                .filter(|i| i.is_dated())
                .filter(|i| match day {
                    Some(d) => i.holds_on(d),
                    None => i.until.is_none(),
                })
                .map(|i| i.from.map_or(i32::MIN, |f| f.first_day()))
                .max();
            (
                started.is_none(),
                std::cmp::Reverse(started),
                r.shared,
                r.entry,
            )
        });
        v
    }

    pub(crate) fn resolved(&self, r: &NameRef, day: Option<i32>) -> Option<Resolved> {
        let e: &Entry = self.entry_of(r)?;
        let at = self.code_at(e, day)?;
        let (code, metonymy) = match r.how {
            How::Capital => {
                let base = at.code.get(..3).unwrap_or(&at.code);
                (format!("{base}GOV"), Some(Metonymy::Capital))
            }
            How::Seat if e.kind == ActorKind::Country && at.code.len() == 3 => {
                (format!("{}GOV", at.code), Some(Metonymy::Seat))
            }
            How::Seat => (at.code.clone(), Some(Metonymy::Seat)),
            How::Name | How::Demonym | How::Stop => (at.code.clone(), None),
        };
        Some(Resolved {
            actor_id: e.actor.id.clone(),
            name: e.actor.name.clone(),
            code,
            kind: e.kind,
            country: e.actor.country.clone(),
            role: at.title,
            metonymy,
            agent: None,
        })
    }

    /// Looks a cleaned, folded phrase up; `agents` says whether agent entries may answer.
    fn lookup(&self, key: &str, seen: &str, day: Option<i32>, agents: bool) -> Option<Resolved> {
        self.candidates(key, day)
            .into_iter()
            .filter(|r| {
                self.entry_of(r)
                    .is_some_and(|e| (e.kind == ActorKind::Agent) == agents)
            })
            .filter(|r| case_ok(&r.written, seen, false))
            .find_map(|r| self.resolved(r, day))
    }

    /// Resolves a mention of a named actor as of `date` (`YYYY-MM-DD`; `None` for the current
    /// code).
    ///
    /// Case and diacritics do not matter, except that acronyms ("US", "UN") must be written in
    /// capitals. A leading article and a trailing possessive are ignored ("the Kremlin",
    /// "Putin's"), and so are titles, offices and nationalities before a name ("Russian
    /// President Vladimir Putin", "Mr Putin"). Capitals and seats resolve with
    /// [`Resolved::metonymy`] set. Role words alone ("militants") are left to
    /// [`Dictionary::resolve_phrase`].
    #[must_use]
    pub fn resolve(&self, text: &str, date: Option<&str>) -> Option<Resolved> {
        let day = date.and_then(query_day);
        let cleaned = clean(text);
        if cleaned.is_empty() {
            return None;
        }
        let seen = text.trim();
        let key = crate::dictionary::index_key(&cleaned);
        if self.is_stop(&key) {
            return None;
        }
        if let Some(r) = self.lookup(&key, seen, day, false) {
            return Some(r);
        }
        // Titles and qualifiers before a name (of a person or an organisation: "the foreign
        // ministry of Russia" is left to composition).
        let key = key.replace(',', " ");
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        let words: Vec<&str> = key.split(' ').collect();
        let seen_words: Vec<&str> = seen.split_whitespace().collect();
        for i in 1..words.len() {
            let prefix_ok = words[..i].iter().all(|w| {
                is_title_word(w)
                    || self.name_words.contains(w.trim_end_matches("'s"))
                    || self.name_words.contains(*w)
            });
            if !prefix_ok {
                continue;
            }
            let rest = words[i..].join(" ");
            let seen_rest = if seen_words.len() == words.len() {
                seen_words[i..].join(" ")
            } else {
                rest.clone()
            };
            if let Some(r) = self.lookup(&rest, &seen_rest, day, false) {
                if matches!(
                    r.kind,
                    ActorKind::Person | ActorKind::Org | ActorKind::Group | ActorKind::Media
                ) {
                    return Some(r);
                }
            }
        }
        None
    }

    /// True when a folded key is a stop-list name.
    fn is_stop(&self, key: &str) -> bool {
        self.names
            .get(key)
            .is_some_and(|refs| refs.iter().any(|r| r.how == How::Stop))
    }

    /// Like [`Dictionary::resolve`], and also composes a country, region or demonym with an
    /// agent: "Russian foreign ministry" and "the foreign ministry of Russia" → `RUSGOV`,
    /// "Israeli Army" → `ISRMIL`, "Palestinian militants" → `PSEREB`. An organisation with an
    /// agent keeps the organisation's code ("Hamas militants" → Hamas). An agent alone
    /// ("protesters") resolves to the agent's code without a country (`OPP`), for the caller
    /// to complete from context.
    #[must_use]
    pub fn resolve_phrase(&self, text: &str, date: Option<&str>) -> Option<Resolved> {
        if let Some(r) = self.resolve(text, date) {
            return Some(r);
        }
        let day = date.and_then(query_day);
        let cleaned = clean(text);
        let key = crate::dictionary::index_key(&cleaned);
        if self.is_stop(&key) {
            return None;
        }
        let mut words: Vec<&str> = key.split(' ').collect();
        // The words as written, aligned with `words` when the counts agree (for case checks).
        let mut seen_words: Vec<&str> = text
            .split_whitespace()
            .skip_while(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
            .collect();
        if seen_words.len() != words.len() {
            seen_words = words.clone();
        }
        while words.len() > 2 && FILLERS.contains(&words[0]) {
            words.remove(0);
            seen_words.remove(0);
        }
        let seen = |range: std::ops::Range<usize>| seen_words[range].join(" ");
        // "<country> <agent>"
        for j in 1..words.len() {
            let mut head_key = words[..j].join(" ");
            if let Some(h) = head_key.strip_suffix("'s") {
                head_key = h.to_string();
            }
            let head_seen = seen(0..j);
            let mut t = j;
            loop {
                let tail = words[t..].join(" ");
                if let Some(r) = self.compose(&head_key, &head_seen, &tail, day) {
                    return Some(r);
                }
                if t + 1 < words.len() && FILLERS.contains(&words[t]) {
                    t += 1;
                } else {
                    break;
                }
            }
        }
        // "<agent> of <country>"
        for (k, w) in words.iter().enumerate() {
            if *w != "of" || k == 0 || k + 1 >= words.len() {
                continue;
            }
            let country = crate::dictionary::index_key(&words[k + 1..].join(" "));
            let country_seen = seen(k + 1..words.len());
            let country_seen = country_seen
                .strip_prefix("the ")
                .unwrap_or(&country_seen)
                .to_string();
            if let Some(r) = self.compose(&country, &country_seen, &words[..k].join(" "), day) {
                return Some(r);
            }
        }
        let seen = text.trim();
        // An agent alone.
        let agent = self.lookup(&key, seen, day, true)?;
        Some(Resolved {
            agent: Some(agent.actor_id.clone()),
            ..agent
        })
    }

    fn compose(
        &self,
        head: &str,
        head_seen: &str,
        tail: &str,
        day: Option<i32>,
    ) -> Option<Resolved> {
        let head_seen = head_seen
            .trim_end_matches("'s")
            .trim_end_matches("\u{2019}s");
        let owner = self
            .candidates(head, day)
            .into_iter()
            .filter(|r| {
                self.entry_of(r)
                    .is_some_and(|e| e.kind != ActorKind::Agent && e.kind != ActorKind::Person)
            })
            .find(|r| case_ok(&r.written, head_seen, false))?;
        let agent = self
            .candidates(tail, day)
            .into_iter()
            .find(|r| self.entry_of(r).is_some_and(|e| e.kind == ActorKind::Agent))?;
        let base = self.resolved(owner, day)?;
        let agent_entry = self.entry_of(agent)?;
        let agent_code = self.code_at(agent_entry, day)?.code;
        Some(compose_codes(base, agent_entry, &agent_code))
    }
}

/// Words between a country and an agent that do not change the agent.
const FILLERS: &[&str] = &[
    "senior",
    "top",
    "local",
    "federal",
    "national",
    "state",
    "regional",
    "provincial",
    "main",
    "official",
    "unidentified",
    "unnamed",
    "several",
    "many",
    "some",
    "two",
    "three",
    "hundreds",
    "thousands",
    "of",
    "armed",
    "angry",
];

/// The code of a country (or region) with an agent: `RUS` + `GOV` → `RUSGOV`. An owner that is
/// already more than a place (an organisation, or a metonym's `RUSGOV`) keeps its code.
pub(crate) fn compose_codes(base: Resolved, agent: &Entry, agent_code: &str) -> Resolved {
    let place =
        matches!(base.kind, ActorKind::Country | ActorKind::Region) && base.metonymy.is_none();
    if !place {
        return base;
    }
    let root = base.code.get(..3).unwrap_or(&base.code).to_string();
    let code = if agent.agent_prefix {
        format!("{agent_code}{root}")
    } else {
        format!("{root}{agent_code}")
    };
    Resolved {
        code,
        kind: ActorKind::Agent,
        role: Some(agent.actor.name.clone()),
        agent: Some(agent.actor.id.clone()),
        country: base.country.or(Some(root)),
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_mentions() {
        assert_eq!(clean("Putin's"), "putin");
        assert_eq!(clean("the Kremlin"), "kremlin");
        assert_eq!(clean("“Hamas”,"), "hamas");
        assert_eq!(clean("the protesters'"), "protesters");
    }

    #[test]
    fn case_rules() {
        assert!(case_ok("US", "US", true));
        assert!(!case_ok("US", "us", false));
        assert!(case_ok("Putin", "PUTIN", true));
        assert!(!case_ok("Turkey", "turkey", true));
        assert!(case_ok("Turkey", "turkey", false));
        assert!(case_ok("foreign ministry", "Foreign Ministry", true));
    }
}
