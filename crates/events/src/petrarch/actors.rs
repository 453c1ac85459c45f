//! Actor and agent codes of a PETRARCH noun phrase: the first actor in the phrase, then every
//! agent outside it, prefixed (`NGO~`) or suffixed (`~GOV`), each three-letter block once.

use super::decomment_lines;
use crate::{Error, Result};
use sitrep_actors::Dictionary;
use std::collections::BTreeMap;

/// One actor phrase: its words and its codes (with dates, `YYYY-MM-DD`).
#[derive(Debug, Clone)]
struct ActorPhrase {
    words: Vec<String>,
    entry: usize,
}

/// A code of an actor with the days it holds.
#[derive(Debug, Clone)]
struct DatedCode {
    code: String,
    from: Option<String>,
    until: Option<String>,
}

/// One agent phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The words, upper case.
    pub words: Vec<String>,
    /// The code without `~`.
    pub code: String,
    /// `NGO~`: the code goes before the actor's.
    pub prefix: bool,
}

/// Actors and agents indexed by their first word.
#[derive(Debug, Clone, Default)]
pub struct ActorIndex {
    actors: BTreeMap<String, Vec<ActorPhrase>>,
    codes: Vec<Vec<DatedCode>>,
    agents: BTreeMap<String, Vec<Agent>>,
}

fn words_of(name: &str) -> Vec<String> {
    name.split([' ', '_'])
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

impl ActorIndex {
    /// Adds every actor of a dictionary (PETRARCH-loaded or ours): each name, each role.
    pub fn add_actors(&mut self, dict: &Dictionary) {
        for e in dict.entries() {
            if e.kind == sitrep_actors::ActorKind::Agent {
                continue;
            }
            let entry = self.codes.len();
            self.codes.push(
                e.actor
                    .roles
                    .iter()
                    .map(|r| DatedCode {
                        code: r.code.clone(),
                        from: r.from.clone(),
                        until: r.until.clone(),
                    })
                    .collect(),
            );
            for name in e.all_names() {
                let words = words_of(name);
                if let Some(first) = words.first() {
                    self.actors
                        .entry(first.clone())
                        .or_default()
                        .push(ActorPhrase {
                            words: words.clone(),
                            entry,
                        });
                }
            }
        }
        for list in self.actors.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
    }

    /// Adds agents.
    pub fn add_agents(&mut self, agents: Vec<Agent>) {
        for a in agents {
            if let Some(first) = a.words.first() {
                self.agents.entry(first.clone()).or_default().push(a);
            }
        }
        for list in self.agents.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
    }

    /// Number of actor phrases and agent phrases.
    #[must_use]
    pub fn sizes(&self) -> (usize, usize) {
        (
            self.actors.values().map(Vec::len).sum(),
            self.agents.values().map(Vec::len).sum(),
        )
    }

    /// The code of an actor entry on `date` (`YYYY-MM-DD`): a dated code holding that day,
    /// else the undated one; `None` for no code or `---`.
    fn code_on(&self, entry: usize, date: Option<&str>) -> Option<String> {
        let codes = &self.codes[entry];
        let dated = codes
            .iter()
            .filter(|c| c.from.is_some() || c.until.is_some())
            .find(|c| {
                date.is_some_and(|d| {
                    c.from.as_deref().is_none_or(|f| d >= f)
                        && c.until.as_deref().is_none_or(|u| d <= u)
                })
            });
        let code = dated
            .or_else(|| {
                codes
                    .iter()
                    .rev()
                    .find(|c| c.from.is_none() && c.until.is_none())
            })
            .map(|c| c.code.clone())?;
        (code != "---" && !code.is_empty()).then_some(code)
    }

    /// The code of a noun phrase (upper-case words) on `date`; `None` when neither an actor
    /// nor an agent is found. An agent without an actor gives `---` plus the agent.
    #[must_use]
    pub fn code_phrase(&self, words: &[String], date: Option<&str>) -> Option<String> {
        let matches = |pat: &[String], at: usize| -> bool {
            words.len() >= at + pat.len() && words[at..at + pat.len()] == *pat
        };
        // The rest of a name may also come with other words between ("Dale state-run
        // radio" for DALE RADIO), as PETRARCH's blank connector allows; at each
        // word the longest name that fits wins.
        let gapped = |pat: &[String], at: usize| -> Option<usize> {
            let mut k = at + 1;
            for w in pat.iter().skip(1) {
                k += words.get(k..)?.iter().position(|x| x == w)? + 1;
            }
            Some(k)
        };
        let mut actor: Option<(usize, usize, Option<String>)> = None;
        'outer: for (k, word) in words.iter().enumerate() {
            if let Some(list) = self.actors.get(word) {
                for p in list {
                    let end = matches(&p.words, k)
                        .then_some(k + p.words.len())
                        .or_else(|| gapped(&p.words, k));
                    if let Some(end) = end {
                        actor = Some((k, end, self.code_on(p.entry, date)));
                        break 'outer;
                    }
                }
            }
        }
        let mut agents: Vec<&Agent> = Vec::new();
        let mut k = 0;
        while k < words.len() {
            if actor.as_ref().is_some_and(|&(s, e, _)| k >= s && k < e) {
                k += 1;
                continue;
            }
            if let Some(a) = self
                .agents
                .get(&words[k])
                .and_then(|list| list.iter().find(|a| matches(&a.words, k)))
            {
                agents.push(a);
                k += a.words.len();
                continue;
            }
            k += 1;
        }
        if agents.is_empty() {
            return actor.map(|(_, _, c)| c.unwrap_or_else(|| "---".into()));
        }
        let mut code = actor
            .and_then(|(_, _, c)| c)
            .unwrap_or_else(|| "---".into());
        for a in agents {
            let present = (0..code.len())
                .step_by(3)
                .any(|i| code.get(i..i + a.code.len()) == Some(a.code.as_str()));
            if present {
                break;
            }
            if a.prefix {
                code = format!("{}{code}", a.code);
            } else {
                code.push_str(&a.code);
            }
        }
        Some(code)
    }
}

/// Regular plural of an agent phrase's last word.
fn agent_plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix('Y') {
        format!("{stem}IES")
    } else if w.ends_with("SS") {
        format!("{w}ES")
    } else {
        format!("{w}S")
    }
}

/// Parses a PETRARCH `.agents` file: `PHRASE {PLURAL} [~CODE]` (or `[CODE~]`), `{}` for no
/// plural (a regular plural is made otherwise), `!SET! = A, B` substitution sets.
///
/// # Errors
/// [`Error::Parse`] naming `file` and the line: no code, an unclosed bracket or brace.
pub fn parse_agents(text: &str, file: &str) -> Result<Vec<Agent>> {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for (n, line) in decomment_lines(text) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let err = |message: String| Error::Parse {
            file: file.to_string(),
            line: n,
            message,
        };
        if t.starts_with('!') && !t.contains('[') {
            let (k, v) = t
                .split_once('=')
                .ok_or_else(|| err("a substitution set is `!NAME! = A, B`".into()))?;
            sets.push((
                k.trim().to_uppercase(),
                v.split(',').map(|w| w.trim().to_uppercase()).collect(),
            ));
            continue;
        }
        let open = t
            .find('[')
            .ok_or_else(|| err(format!("`{t}`: no `[code]`")))?;
        let close = t[open..]
            .find([']', '}'])
            .map(|i| open + i)
            .ok_or_else(|| err("`[` without `]`".into()))?;
        let raw = t[open + 1..close].trim();
        let prefix = raw.ends_with('~') && !raw.starts_with('~');
        let code = raw.trim_matches('~').trim().to_uppercase();
        if code.is_empty() {
            return Err(err("empty agent code".into()));
        }
        let head = &t[..open];
        let (phrase, plural) = match head.find('{') {
            Some(i) => {
                let rest = &head[i + 1..];
                let c = rest
                    .find('}')
                    .ok_or_else(|| err("`{` without `}`".into()))?;
                (head[..i].trim(), Some(rest[..c].trim()))
            }
            None => (head.trim(), None),
        };
        if phrase.is_empty() {
            return Err(err("an agent without a phrase".into()));
        }
        let phrase = phrase.to_uppercase();
        let expanded = expand(&phrase, &sets);
        let substituted = expanded.len() > 1 || expanded[0] != phrase;
        let mut forms: Vec<Vec<String>> = Vec::new();
        for f in expanded {
            let words = words_of(&f);
            if words.is_empty() {
                continue;
            }
            if plural.is_none() && !substituted {
                let mut pl = words.clone();
                if let Some(last) = pl.last_mut() {
                    *last = agent_plural(last);
                }
                forms.push(pl);
            }
            forms.push(words);
        }
        if let Some(p) = plural.filter(|p| !p.is_empty()) {
            for f in expand(&p.to_uppercase(), &sets) {
                forms.push(words_of(&f));
            }
        }
        for words in forms.into_iter().filter(|w| !w.is_empty()) {
            out.push(Agent {
                words,
                code: code.clone(),
                prefix,
            });
        }
    }
    Ok(out)
}

fn expand(phrase: &str, sets: &[(String, Vec<String>)]) -> Vec<String> {
    for (k, words) in sets {
        if phrase.contains(k.as_str()) {
            return words
                .iter()
                .flat_map(|w| expand(&phrase.replacen(k.as_str(), w, 1), sets))
                .collect();
        }
    }
    vec![phrase.to_string()]
}
