//! The coder: predicates of a parsed sentence matched against the patterns, with source and
//! target read off the dependency structure and resolved through the actor dictionary.

use crate::patterns::{Item, Pattern};
use crate::when;
use crate::Coder;
use sitrep_actors::{ActorKind, Dictionary};
use sitrep_types::{ActorRef, Event, EventDate, Modality, Plover, Sentence, Span, Token};

/// Verbs that report speech: an event in their complement is the speaker's claim.
const SPEECH: &[&str] = &[
    "say",
    "tell",
    "state",
    "add",
    "write",
    "claim",
    "announce",
    "report",
    "stress",
    "insist",
    "warn",
    "note",
    "declare",
    "explain",
    "argue",
    "assert",
    "believe",
    "think",
    "emphasize",
    "emphasise",
    "underline",
    "reiterate",
    "confirm",
    "allege",
    "post",
    "tweet",
    "quote",
    "suggest",
    "indicate",
    "acknowledge",
    "admit",
    "told",
];

/// Verbs whose object names the event ("launched an attack", "carried out strikes").
const LIGHT: &[&str] = &[
    "launch",
    "renew",
    "hold",
    "have",
    "complete",
    "conclude",
    "join",
    "attend",
    "host",
    "organize",
    "organise",
    "give",
    "deliver",
    "offer",
    "extend",
    "pay",
    "take",
    "accept",
    "reiterate",
    "repeat",
    "lodge",
    "file",
    "impose",
    "carry",
    "conduct",
    "stage",
    "mount",
    "begin",
    "start",
    "continue",
    "intensify",
    "escalate",
    "step",
    "undertake",
    "perform",
    "execute",
    "wage",
    "unleash",
    "resume",
    "make",
    "issue",
    "express",
    "voice",
    "announce",
    "order",
    "plan",
    "initiate",
    "open",
    "lead",
];

/// Verbs that put what they govern in the future.
const INTENT: &[&str] = &[
    "plan", "intend", "prepare", "want", "seek", "aim", "hope", "expect", "decide", "try",
    "attempt", "vow", "pledge", "promise", "agree", "offer", "ready", "willing", "set", "going",
];

/// Verbs that make what they govern a demand.
const DEMAND: &[&str] = &[
    "call", "urge", "demand", "ask", "appeal", "press", "request", "insist", "implore",
];

/// Nouns that, with "the", describe a person named earlier ("the Chechen leader").
const DESCRIPTIONS: &[&str] = &[
    "leader",
    "president",
    "ally",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "head",
    "chief",
    "commander",
    "premier",
    "chancellor",
    "diplomat",
    "envoy",
    "official",
    "king",
    "prime",
    "ruler",
    "general",
    "secretary",
    "strongman",
];

/// Nouns that stand for the country an adjective names ("Israeli territory").
const GENERIC: &[&str] = &[
    "people",
    "territory",
    "soil",
    "side",
    "nation",
    "population",
    "land",
    "state",
    "area",
    "region",
    "city",
    "town",
    "village",
    "border",
    "position",
    "target",
    "interest",
    "public",
    "society",
    "community",
    "citizen",
    "civilian",
    "resident",
    "national",
    "home",
    "camp",
    "refugee",
    "airspace",
    "water",
    "coast",
    "settlement",
];

/// Nouns whose clause reports speech ("issued a statement that …").
const SPEECH_NOUNS: &[&str] = &[
    "statement",
    "claim",
    "announcement",
    "report",
    "communique",
    "declaration",
    "message",
    "post",
    "remark",
    "comment",
    "assertion",
    "allegation",
    "warning",
];

/// `SITREP_TRACE_EVENTS=1` prints each pattern hit to stderr (for writing patterns).
fn trace() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SITREP_TRACE_EVENTS").is_some_and(|v| v != "0"))
}

/// An actor found in a sentence.
#[derive(Debug, Clone)]
struct Found {
    actor: ActorRef,
    kind: Option<ActorKind>,
    /// Country part of the code, for completing a bare agent in a coordination.
    country: Option<String>,
    /// Came from a pronoun or a description rather than a name.
    indirect: bool,
}

/// What the coder remembers across the sentences of one article.
#[derive(Debug, Default)]
pub(crate) struct ArticleState {
    /// Named people in order of mention.
    people: Vec<ActorRef>,
}

/// One sentence with its tree.
struct Tree<'s> {
    toks: &'s [Token],
    kids: Vec<Vec<usize>>,
    lemma: Vec<String>,
    /// Other readings of inflected content words, for when the lemmatizer errs
    /// ("blamed" → "blam"): the form with its inflection undone in the usual ways.
    alt: Vec<Vec<String>>,
    body: &'s str,
}

/// Lemmas an inflected form may have, other than `lemma`.
fn other_lemmas(form: &str, lemma: &str, upos: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !matches!(upos, "VERB" | "NOUN" | "ADJ" | "AUX") || form.len() < 4 {
        return out;
    }
    let f = form.to_lowercase();
    let mut push = |c: String| {
        if c.len() >= 2 && c != lemma && !out.contains(&c) {
            out.push(c);
        }
    };
    let undouble = |stem: &str| -> Option<String> {
        let b = stem.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2])
            .then(|| stem[..stem.len() - 1].to_string())
    };
    if f != lemma {
        push(f.clone());
    }
    for (suffix, adds) in [
        ("ies", &["y"][..]),
        ("ied", &["y"][..]),
        ("ing", &["", "e"][..]),
        ("ed", &["", "e"][..]),
        ("es", &["", "e"][..]),
        ("s", &[""][..]),
    ] {
        if let Some(stem) = f.strip_suffix(suffix) {
            for a in adds {
                push(format!("{stem}{a}"));
            }
            if matches!(suffix, "ing" | "ed") {
                if let Some(u) = undouble(stem) {
                    push(u);
                }
            }
            break;
        }
    }
    out
}

impl<'s> Tree<'s> {
    fn new(s: &'s Sentence, body: &'s str) -> Self {
        let toks = &s.tokens[..];
        let mut kids = vec![Vec::new(); toks.len()];
        for (i, t) in toks.iter().enumerate() {
            if t.head > 0 && t.head <= toks.len() && t.head - 1 != i {
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
        let alt = toks
            .iter()
            .zip(&lemma)
            .map(|(t, l): (&Token, &String)| other_lemmas(&t.text, l, &t.upos))
            .collect();
        Tree {
            toks,
            kids,
            lemma,
            alt,
            body,
        }
    }

    fn head(&self, i: usize) -> Option<usize> {
        let h = self.toks[i].head;
        (h > 0 && h <= self.toks.len() && h - 1 != i).then(|| h - 1)
    }

    fn rel(&self, i: usize) -> &str {
        &self.toks[i].deprel
    }

    fn base(&self, i: usize) -> &str {
        self.rel(i).split(':').next().unwrap_or_default()
    }

    fn upos(&self, i: usize) -> &str {
        &self.toks[i].upos
    }

    fn kid(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids[i].iter().copied().find(|&k| self.rel(k) == rel)
    }

    fn kids_base<'a>(&'a self, i: usize, base: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.kids[i]
            .iter()
            .copied()
            .filter(move |&k| self.base(k) == base)
    }

    fn is_nominal(&self, i: usize) -> bool {
        matches!(
            self.upos(i),
            "NOUN" | "PROPN" | "PRON" | "NUM" | "X" | "SYM"
        )
    }

    /// The preposition of a nominal ("on" in "on Israel").
    fn case_of(&self, i: usize) -> Option<&str> {
        self.kids[i]
            .iter()
            .find(|&&k| self.base(k) == "case")
            .map(|&k| self.lemma[k].as_str())
    }

    /// Passive: an `aux:pass`, or a passive subject with a by-agent. A lone `nsubj:pass`
    /// is more often a mistagged past tense ("A minister threatened …").
    fn passive(&self, h: usize) -> bool {
        self.kids[h].iter().any(|&k| self.rel(k) == "aux:pass")
            || (self.kid(h, "nsubj:pass").is_some()
                && self.kids[h].iter().any(|&k| {
                    self.rel(k) == "obl:agent"
                        || (self.base(k) == "obl" && self.case_of(k) == Some("by"))
                }))
    }

    /// The subject: `nsubj`, or an `nsubj:pass` when the clause is not really passive.
    fn subject(&self, h: usize) -> Option<usize> {
        self.kid(h, "nsubj").or_else(|| {
            if self.passive(h) {
                None
            } else {
                self.kid(h, "nsubj:pass")
            }
        })
    }

    fn depth(&self, mut i: usize) -> usize {
        let mut d = 0;
        while let Some(h) = self.head(i) {
            d += 1;
            i = h;
            if d > self.toks.len() {
                break;
            }
        }
        d
    }

    fn span(&self, i: usize) -> Span {
        self.toks[i].span
    }

    fn text(&self, span: Span) -> &str {
        self.body.get(span.start..span.end).unwrap_or_default()
    }

    /// The words a predicate's pattern may use: its dependents and theirs, without the
    /// subject, reported clauses, coordinated clauses, relative clauses and punctuation.
    fn frame(&self, h: usize, noun: bool) -> Vec<usize> {
        let passive = !noun && self.passive(h);
        let mut out = Vec::new();
        let mut stack: Vec<(usize, bool)> = vec![(h, true)];
        while let Some((i, top)) = stack.pop() {
            for &k in &self.kids[i] {
                let rel = self.rel(k);
                let base = self.base(k);
                let keep = match base {
                    "nsubj" => top && passive && rel == "nsubj:pass",
                    "csubj" | "conj" | "cc" | "parataxis" | "ccomp" | "acl" | "punct" | "appos"
                    | "discourse" | "vocative" | "dep" | "list" | "reparandum" | "orphan"
                    | "expl" | "aux" | "cop" => false,
                    "nmod" if top && noun && rel == "nmod:poss" => false,
                    "advcl" => {
                        self.kids[k]
                            .iter()
                            .any(|&m| self.base(m) == "mark" && self.lemma[m] == "to")
                            && !self.kids[k].iter().any(|&m| self.base(m) == "nsubj")
                    }
                    _ => true,
                };
                if keep {
                    out.push(k);
                    stack.push((k, false));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// A pattern matched at a head.
struct Hit<'p> {
    pattern: &'p Pattern,
    used: Vec<usize>,
    /// The token the target hangs off: the head itself, or the word before `+`.
    slot: Option<usize>,
    score: usize,
}

fn match_pattern<'p>(
    t: &Tree,
    readings: &[Vec<u32>],
    h: usize,
    frame: &[usize],
    p: &'p Pattern,
    items: &[Option<Vec<Vec<u32>>>],
) -> Option<Hit<'p>> {
    let mut used = vec![h];
    let mut slot = None;
    let mut prev = h;
    let mut from = 0; // index into frame
    for item in items {
        match item {
            None => slot = Some(prev),
            Some(alts) => {
                let mut found = None;
                'pos: for (fi, &tok) in frame.iter().enumerate().skip(from) {
                    for alt in alts {
                        if alt.iter().enumerate().all(|(j, l)| {
                            let k = tok + j;
                            k < t.toks.len()
                                && readings[k].contains(l)
                                && (j == 0 || frame.binary_search(&k).is_ok())
                        }) {
                            found = Some((fi, tok, alt.len()));
                            break 'pos;
                        }
                    }
                }
                let (fi, tok, len) = found?;
                used.extend(tok..tok + len);
                prev = tok + len - 1;
                from = fi + len;
            }
        }
    }
    let score = p.specificity();
    Some(Hit {
        pattern: p,
        used,
        slot,
        score,
    })
}

impl Coder {
    /// Codes the sentences of one article. `date` is the article date (`YYYY-MM-DD`), used to
    /// code actors as of then and to date the events.
    #[must_use]
    pub fn code_article(
        &self,
        dict: &Dictionary,
        body: &str,
        date: Option<&str>,
        sentences: &[Sentence],
    ) -> Vec<Event> {
        let mut state = ArticleState::default();
        let mut events: Vec<Event> = Vec::new();
        for s in sentences {
            for e in self.code_sentence_with(dict, body, date, s, &mut state) {
                merge(&mut events, e);
            }
        }
        events
    }

    /// Codes one sentence on its own (no article context for pronouns).
    #[must_use]
    pub fn code_sentence(
        &self,
        dict: &Dictionary,
        body: &str,
        date: Option<&str>,
        sentence: &Sentence,
    ) -> Vec<Event> {
        let mut state = ArticleState::default();
        let mut out = Vec::new();
        for e in self.code_sentence_with(dict, body, date, sentence, &mut state) {
            merge(&mut out, e);
        }
        out
    }

    pub(crate) fn code_sentence_with(
        &self,
        dict: &Dictionary,
        body: &str,
        date: Option<&str>,
        sentence: &Sentence,
        state: &mut ArticleState,
    ) -> Vec<Event> {
        if sentence.tokens.is_empty() {
            return Vec::new();
        }
        let t = Tree::new(sentence, body);
        let cx = Cx {
            t: &t,
            dict,
            date,
            state,
            named: std::cell::RefCell::new(vec![None; t.toks.len()]),
        };
        let n = t.toks.len();
        let mut order: Vec<usize> = (0..n)
            .filter(|&i| {
                self.patterns.is_head(&t.lemma[i])
                    || t.alt[i].iter().any(|a| self.patterns.is_head(a))
            })
            .collect();
        order.sort_by_key(|&i| (t.depth(i), i));
        let mut consumed = vec![false; n];
        // Each token's readings (lemma, form, other lemmas) as pattern-vocabulary numbers.
        let readings: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                let mut r: Vec<u32> = std::iter::once(t.lemma[i].as_str())
                    .chain(std::iter::once(t.toks[i].text.to_lowercase().as_str()))
                    .chain(t.alt[i].iter().map(String::as_str))
                    .filter_map(|l| self.patterns.lemma_id(l))
                    .collect();
                r.dedup();
                r
            })
            .collect();
        let mut out = Vec::new();
        for h in order {
            if consumed[h] {
                continue;
            }
            let noun = matches!(t.upos(h), "NOUN" | "PROPN");
            let verbal =
                matches!(t.upos(h), "VERB" | "ADJ" | "AUX") || (noun && t.kid(h, "cop").is_some());
            let passive = t.passive(h);
            let mut best: Option<Hit> = None;
            for (is_noun, frame) in [(false, verbal), (true, noun)] {
                if !frame {
                    continue;
                }
                let fr = t.frame(h, is_noun);
                // Which pattern words occur in the frame at all: a pattern missing one
                // is skipped without scanning.
                let mut present = vec![0u64; self.patterns.vocab_len().div_ceil(64)];
                for &k in fr.iter().chain(std::iter::once(&h)) {
                    for &id in &readings[k] {
                        present[id as usize / 64] |= 1 << (id % 64);
                    }
                }
                let has = |id: u32| present[id as usize / 64] & (1 << (id % 64)) != 0;
                let heads = std::iter::once(&t.lemma[h]).chain(t.alt[h].iter());
                for id in heads.flat_map(|l| self.patterns.ids_of(l, is_noun).iter().copied()) {
                    let (p, items) = self.patterns.get(id);
                    if (p.passive_only && !passive) || (p.active_only && passive) {
                        continue;
                    }
                    if best.as_ref().is_some_and(|b| b.score >= p.specificity())
                        || !items
                            .iter()
                            .flatten()
                            .all(|alts| alts.iter().any(|a| has(a[0])))
                    {
                        continue;
                    }
                    if let Some(hit) = match_pattern(&t, &readings, h, &fr, p, items) {
                        if best.as_ref().is_none_or(|b| hit.score > b.score) {
                            best = Some(hit);
                        }
                    }
                }
            }
            let Some(hit) = best else { continue };
            for &u in &hit.used {
                consumed[u] = true;
            }
            // A coded verb's nominal complements are its objects, not events of their own:
            // "rejected North Korea's demand", "denounced Serbia's suppression of …".
            if !hit.pattern.noun {
                for &k in &t.kids[h] {
                    if matches!(t.base(k), "obj" | "obl" | "iobj") && t.upos(k) == "NOUN" {
                        consumed[k] = true;
                    }
                }
            }
            let got = self.events_of(&cx, h, &hit, passive);
            if trace() {
                eprintln!(
                    "  [trace] {} ← `{}` (line {}): {} event(s)",
                    t.toks[h].text,
                    hit.pattern.text,
                    hit.pattern.line,
                    got.len()
                );
            }
            out.extend(got);
        }
        // Generic statements only when nothing more specific was said.
        if out.iter().any(|e: &Event| !e.root.starts_with("01")) {
            out.retain(|e| e.cameo != "010");
        }
        out.retain(|e| e.cameo != "010" || e.target.is_some());
        // Remember the people named here for the pronouns and descriptions that follow.
        let mut named = Vec::new();
        for i in 0..n {
            if t.upos(i) == "PROPN" && t.head(i).is_none_or(|h| t.upos(h) != "PROPN") {
                named.extend(
                    cx.named(i)
                        .into_iter()
                        .filter(|f| f.kind == Some(ActorKind::Person))
                        .map(|f| f.actor),
                );
            }
        }
        cx.state.people.extend(named);
        out
    }

    fn events_of(&self, cx: &Cx, h: usize, hit: &Hit, passive: bool) -> Vec<Event> {
        let t = cx.t;
        let p = hit.pattern;
        let Some(info) = self.codes.get(&p.code) else {
            return Vec::new();
        };
        let claimed_by = claimant(cx, h);
        let mut sources = if p.noun && !matches!(t.upos(h), "VERB" | "ADJ") {
            noun_sources(cx, h, claimed_by.as_ref())
        } else {
            verb_sources(cx, h, passive, claimed_by.as_ref())
        };
        if sources.is_empty() {
            return Vec::new();
        }
        let target_tok = if p.no_target {
            None
        } else {
            match hit.slot {
                Some(s) => slot_target(t, h, s, passive),
                None if !p.items.contains(&Item::Target) => {
                    object_of(t, h, passive).filter(|&o| !hit.used.contains(&o))
                }
                None => None,
            }
        };
        let mut targets: Vec<Option<Found>> = target_tok
            .map(|o| cx.actors(o, claimed_by.as_ref()))
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f.actor.code.is_some())
            .map(Some)
            .collect();
        let mut guessed_target = false;
        if targets.is_empty() && !p.no_target && p.code != "010" {
            // No actor where the pattern points: the first actor among the predicate's
            // complements ("offered to hand over … to Great Britain", "demanded that the US
            // cancel …").
            let subject = subject_tok(t, h, passive);
            for k in complement_nominals(t, h, &hit.used) {
                if Some(k) == subject {
                    continue;
                }
                let found: Vec<Found> = cx
                    .actors(k, claimed_by.as_ref())
                    .into_iter()
                    .filter(|f| f.actor.code.is_some())
                    .collect();
                if !found.is_empty() {
                    targets = found.into_iter().map(Some).collect();
                    guessed_target = true;
                    break;
                }
            }
        }
        if targets.is_empty() {
            targets.push(None);
        }
        let mut negated = negated(t, h);
        let modality = modality(t, h);
        // CAMEO codes what is promised, threatened, refused or demanded as its own event:
        // "will provide aid" is an intent to give aid (033x), "will impose a curfew" a threat
        // (1323), "would not meet" or "refused to help" a rejection (12x), "X must release …"
        // (reported) a demand (10x) by the speaker on X.
        let refused = refused(t, h);
        let mut demand_by: Option<&Found> = None;
        let code = if (negated && modality != Modality::Asserted) || refused {
            match reject_of(&info.code) {
                Some(c) => {
                    negated = false;
                    c
                }
                None => {
                    negated = true;
                    info.code.as_str()
                }
            }
        } else if negated {
            info.code.as_str()
        } else {
            match modality {
                Modality::Future | Modality::Hypothetical => intent_of(&info.code)
                    .or_else(|| threat_of(&info.code))
                    .unwrap_or(&info.code),
                Modality::Demanded if claimed_by.is_some() => {
                    demand_by = claimed_by.as_ref();
                    demand_of(&info.code)
                }
                _ => info.code.as_str(),
            }
        };
        let info = self.codes.get(code).unwrap_or(info);
        let article_day = cx.date.and_then(when::parse_ymd);
        let date = article_day.map(|day| {
            let future = matches!(modality, Modality::Future);
            match when::sentence_date(t.toks, day, future) {
                Some(d) => EventDate {
                    value: when::format_day(d),
                    precision: "day".into(),
                    source: "sentence".into(),
                },
                None => EventDate {
                    value: when::format_day(day),
                    precision: "day".into(),
                    source: "article".into(),
                },
            }
        });
        let sent_span = Span::new(
            t.toks.first().map_or(0, |x| x.span.start),
            t.toks.last().map_or(0, |x| x.span.end),
        );
        let pred_span = {
            let lo = hit.used.iter().map(|&u| t.span(u).start).min().unwrap_or(0);
            let hi = hit.used.iter().map(|&u| t.span(u).end).max().unwrap_or(0);
            Span::new(lo, hi)
        };
        let mut out = Vec::new();
        if let Some(speaker) = demand_by {
            // "Russia said Sudan must return the helicopter": Russia demands of Sudan.
            targets = sources.iter().cloned().map(Some).collect();
            sources = vec![speaker.clone()];
        }
        let pairs: Vec<(&Found, Option<&Found>)> = if p.reflexive && sources.len() > 1 {
            let mut v = Vec::new();
            for a in &sources {
                for b in &sources {
                    if a.actor.span != b.actor.span {
                        v.push((a, Some(b)));
                    }
                }
            }
            v
        } else {
            sources
                .iter()
                .flat_map(|s| targets.iter().map(move |t| (s, t.as_ref())))
                .collect()
        };
        for (s, tg) in pairs {
            let tg = tg.filter(|tg| !same_actor(&s.actor, &tg.actor));
            // A bare role word as target ("arrested the activists") is taken to be of the
            // source's country: domestic events are the common case.
            let localised;
            let tg = match (tg, &s.country) {
                (Some(f), Some(cty))
                    if f.kind == Some(ActorKind::Agent)
                        && f.country.is_none()
                        && f.actor.code.as_ref().is_some_and(|c| c.len() == 3) =>
                {
                    let mut f = f.clone();
                    f.actor.code = f.actor.code.map(|c| format!("{cty}{c}"));
                    f.country = Some(cty.clone());
                    localised = f;
                    Some(&localised)
                }
                (tg, _) => tg,
            };
            if s.actor.code.is_none() && tg.is_none() {
                continue;
            }
            // Specific patterns and main clauses are surer than bare verbs deep in the tree.
            let mut confidence = 0.45 + 0.04 * p.specificity() as f32 - 0.03 * t.depth(h) as f32;
            if s.indirect {
                confidence -= 0.1;
            }
            if s.actor.code.is_none() {
                confidence -= 0.15;
            }
            if p.items.contains(&Item::Target) && (tg.is_none() || guessed_target) {
                confidence -= 0.1;
            }
            out.push(Event {
                source: s.actor.clone(),
                target: tg.map(|f| f.actor.clone()),
                cameo: info.code.clone(),
                root: info.root().to_string(),
                quad: info.quad(),
                goldstein: info.goldstein,
                plover: Plover {
                    kind: info.plover_type.clone(),
                    mode: info.plover_mode.clone(),
                    context: info.plover_context.clone(),
                },
                date: date.clone(),
                place: None,
                negated,
                modality,
                claimed_by: claimed_by.as_ref().map(|c| c.actor.clone()),
                sentence: sent_span,
                span: pred_span,
                evidence: vec![pred_span],
                confidence: confidence.clamp(0.05, 0.95),
            });
        }
        out
    }
}

fn same_actor(a: &ActorRef, b: &ActorRef) -> bool {
    a.span == b.span || (a.actor.is_some() && a.actor == b.actor && a.code == b.code)
}

/// One event per (source, target, code, date) per article; later mentions add evidence.
fn merge(events: &mut Vec<Event>, e: Event) {
    let key = |e: &Event| {
        (
            e.source
                .code
                .clone()
                .unwrap_or_else(|| e.source.text.clone()),
            e.source.actor.clone(),
            e.target.as_ref().map(|t| (t.code.clone(), t.actor.clone())),
            e.cameo.clone(),
            e.date.as_ref().map(|d| d.value.clone()),
            e.negated,
        )
    };
    let k = key(&e);
    if let Some(old) = events.iter_mut().find(|o| key(o) == k) {
        old.evidence.push(e.span);
        old.confidence = old.confidence.max(e.confidence);
    } else {
        events.push(e);
    }
}

/// Nominals in a predicate's complements, in sentence order: objects, prepositional
/// complements (with a preposition that can mark a target), the subject of a `that` clause
/// and of an open complement's own clauses; never a time expression.
fn complement_nominals(t: &Tree, h: usize, used: &[usize]) -> Vec<usize> {
    const TARGET_CASES: &[&str] = &[
        "to", "with", "for", "against", "on", "at", "from", "into", "toward", "towards", "over",
        "upon", "of", "by", "between", "onto",
    ];
    let mut out = Vec::new();
    let mut stack = vec![(h, 0usize)];
    while let Some((i, depth)) = stack.pop() {
        for &k in &t.kids[i] {
            let base = t.base(k);
            let rel = t.rel(k);
            if matches!(base, "obj" | "iobj" | "obl" | "nmod") && t.is_nominal(k) {
                let case_ok = match t.case_of(k) {
                    None => base != "obl" && rel != "nmod:tmod" && rel != "obl:tmod",
                    Some(c) => TARGET_CASES.contains(&c),
                };
                if case_ok && !used.contains(&k) && t.upos(k) != "NUM" {
                    out.push(k);
                }
            }
            if base == "nsubj" && i != h && t.is_nominal(k) {
                out.push(k);
            }
            let descend = match base {
                "obj" | "iobj" | "obl" | "nmod" | "xcomp" => true,
                "ccomp" | "advcl" => depth == 0,
                _ => false,
            };
            if descend && depth < 4 {
                stack.push((k, depth + 1));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The object a target slot points at.
fn slot_target(t: &Tree, h: usize, slot: usize, passive: bool) -> Option<usize> {
    if slot == h || t.upos(slot) == "VERB" {
        return object_of(t, slot, passive && slot == h);
    }
    if matches!(t.upos(slot), "ADP" | "PART" | "SCONJ") || t.base(slot) == "case" {
        if let Some(hd) = t.head(slot) {
            if t.is_nominal(hd) && hd != h {
                return Some(hd);
            }
        }
        // "call on X": the particle hangs off the verb; the object follows.
        return t.kids[h]
            .iter()
            .copied()
            .find(|&k| k > slot && t.is_nominal(k) && matches!(t.base(k), "obj" | "obl" | "nmod"));
    }
    // After an object noun: its own prepositional complement, else the verb's object.
    t.kids[slot]
        .iter()
        .copied()
        .find(|&k| t.base(k) == "nmod" && t.is_nominal(k))
        .or_else(|| object_of(t, h, passive))
}

fn object_of(t: &Tree, h: usize, passive: bool) -> Option<usize> {
    if passive {
        if let Some(k) = t.kid(h, "nsubj:pass") {
            return Some(k);
        }
    }
    t.kid(h, "obj").or_else(|| t.kid(h, "iobj"))
}

/// The subject of a verb: its own, the by-agent in the passive, or the one it inherits
/// (open complements, coordinated verbs).
fn subject_tok(t: &Tree, mut h: usize, passive: bool) -> Option<usize> {
    let mut passive = passive;
    for _ in 0..8 {
        if passive {
            if let Some(a) = t
                .kid(h, "obl:agent")
                .or_else(|| t.kids_base(h, "obl").find(|&k| t.case_of(k) == Some("by")))
            {
                return Some(a);
            }
        } else if let Some(s) = t.subject(h) {
            return Some(s);
        }
        if passive && t.kid(h, "nsubj:pass").is_some() {
            return None;
        }
        let up = t.head(h)?;
        match t.base(h) {
            "xcomp" | "conj" => {}
            "advcl" if t.kids[h].iter().any(|&m| t.lemma[m] == "to") => {}
            "acl" => {
                // "forces loyal to …" no; "the army, which attacked" is acl:relcl.
                if t.rel(h) == "acl:relcl" {
                    return Some(up);
                }
                // A "modifier" with its own object and no marker is a mis-parsed main verb:
                // "Russian aircraft … killed 46 civilians", "Zambia extradited X to Britain".
                let has_obj = t.kids[h].iter().any(|&k| t.base(k) == "obj");
                let marked = t.kids[h]
                    .iter()
                    .any(|&k| matches!(t.base(k), "mark" | "aux"));
                if has_obj && !marked && t.is_nominal(up) && !passive {
                    return Some(up);
                }
                return None;
            }
            _ => return None,
        }
        h = up;
        passive = t.passive(h);
    }
    None
}

fn verb_sources(cx: &Cx, h: usize, passive: bool, claim: Option<&Found>) -> Vec<Found> {
    let t = cx.t;
    if let Some(s) = subject_tok(t, h, passive) {
        let found = cx.actors(s, claim);
        let named = |f: &[Found]| {
            f.iter()
                .any(|x| !(x.kind == Some(ActorKind::Agent) && x.country.is_none()))
        };
        if named(&found) || t.rel(s) != "nsubj" {
            return found;
        }
        // Two subjects is a parse error ("Human rights watchdog Amnesty International
        // accused …", "The leader of …, Ramzan Kadyrov, has expressed"): the other one may
        // name the actor.
        for other in t.kids[t.head(s).unwrap_or(h)]
            .iter()
            .copied()
            .filter(|&k| k != s && t.rel(k) == "nsubj")
        {
            let f = cx.actors(other, claim);
            if named(&f) {
                return f;
            }
        }
        return found;
    }
    // A finite verb the parse left without a subject ("Zambia extradited …" read as a
    // modifier): the nearest actor before it that is not inside a prepositional phrase.
    let finite = matches!(t.toks[h].xpos.as_str(), "VBD" | "VBZ" | "VBP")
        || (t.toks[h].xpos == "VBN"
            && t.base(h) != "acl"
            && !t.kids[h].iter().any(|&k| t.base(k) == "aux"));
    if !finite || passive || matches!(t.base(h), "xcomp" | "ccomp" | "advcl" | "conj") {
        return Vec::new();
    }
    for k in (0..h).rev() {
        if t.upos(k) == "VERB" || t.upos(k) == "PUNCT" && t.toks[k].text == ";" {
            break;
        }
        let head_of_phrase = t.head(k).is_none_or(|up| {
            !(matches!(t.base(k), "compound" | "flat" | "amod") && t.is_nominal(up))
        });
        if matches!(t.upos(k), "PROPN" | "NOUN") && head_of_phrase && t.case_of(k).is_none() {
            let found: Vec<Found> = cx
                .actors(k, claim)
                .into_iter()
                .filter(|f| f.actor.code.is_some())
                .map(|mut f| {
                    f.indirect = true;
                    f
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

fn noun_sources(cx: &Cx, n: usize, claim: Option<&Found>) -> Vec<Found> {
    let t = cx.t;
    if let Some(p) = t.kid(n, "nmod:poss") {
        let f = cx.actors(p, claim);
        if !f.is_empty() {
            return f;
        }
    }
    for k in t.kids[n].clone() {
        if matches!(t.base(k), "amod" | "compound") {
            let f: Vec<Found> = cx
                .named(k)
                .into_iter()
                .filter(|f| f.actor.code.is_some())
                .collect();
            if !f.is_empty() {
                return f;
            }
        }
        if t.base(k) == "nmod" && t.case_of(k) == Some("by") {
            return cx.actors(k, claim);
        }
    }
    if let Some(v) = t.head(n) {
        if matches!(t.rel(n), "obj" | "nsubj:pass") && LIGHT.contains(&t.lemma[v].as_str()) {
            return verb_sources(cx, v, t.passive(v), claim);
        }
    }
    Vec::new()
}

/// The speaker whose claim an event is: the subject of a speech verb governing it, or the
/// "according to X" of its clause.
fn claimant(cx: &Cx, h: usize) -> Option<Found> {
    let t = cx.t;
    let mut i = h;
    for _ in 0..8 {
        for k in t.kids_base(i, "obl") {
            if t.kids[k]
                .iter()
                .any(|&c| t.lemma[c] == "accord" || t.lemma[c] == "according")
            {
                return cx.actors(k, None).into_iter().next();
            }
        }
        let up = t.head(i)?;
        if matches!(t.base(i), "ccomp" | "parataxis") && SPEECH.contains(&t.lemma[up].as_str()) {
            return verb_sources(cx, up, t.passive(up), None).into_iter().next();
        }
        // "Hamas issued a statement that …": the subject of the verb the noun is object of.
        if matches!(t.base(i), "acl" | "ccomp") && SPEECH_NOUNS.contains(&t.lemma[up].as_str()) {
            if let Some(v) = t.head(up).filter(|_| t.base(up) == "obj") {
                return verb_sources(cx, v, t.passive(v), None).into_iter().next();
            }
            if let Some(p) = t.kid(up, "nmod:poss") {
                return cx.actors(p, None).into_iter().next();
            }
        }
        if !matches!(t.base(i), "xcomp" | "conj" | "ccomp" | "advcl") {
            return None;
        }
        i = up;
    }
    None
}

/// Verbs that refuse what they govern ("refused to help").
const REFUSE: &[&str] = &["refuse", "decline", "fail", "reject", "oppose", "rule"];

/// Is the predicate governed by a refusal ("refused to commit", "declined to meet")?
fn refused(t: &Tree, h: usize) -> bool {
    t.head(h)
        .is_some_and(|up| t.base(h) == "xcomp" && REFUSE.contains(&t.lemma[up].as_str()))
}

/// The rejection code for a refused act of cooperation.
fn reject_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "045" => "126",
        "057" => "127",
        "061" => "1211",
        "062" => "1212",
        "081" => "1241",
        "082" => "1242",
        "083" => "123",
        "084" | "0841" | "0842" => "1243",
        "085" => "1244",
        "086" => "1245",
        "087" | "0871" | "0872" | "0873" | "0874" => "1246",
        c if c.starts_with("04") => "125",
        c if c.starts_with("06") || c.starts_with("07") => "121",
        c if c.starts_with("08") => "124",
        c if c.starts_with("03") || c.starts_with("05") => "120",
        _ => return None,
    })
}

/// The intent code for a promised act of cooperation.
fn intent_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "081" => "0351",
        "082" => "0352",
        "083" => "034",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "086" => "0355",
        "087" | "0871" | "0872" | "0873" | "0874" => "0356",
        c if c.starts_with("04") => "036",
        c if c.starts_with("05") => "032",
        c if c.starts_with("06") => "031",
        c if c.starts_with("07") => "033",
        c if c.starts_with("08") => "035",
        _ => return None,
    })
}

/// The threat code for a promised act of conflict.
fn threat_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "161" => "1313",
        "162" | "1621" | "1622" | "1623" => "1311",
        "163" | "164" => "1312",
        "1721" => "1321",
        "1722" => "1322",
        "1723" => "1323",
        "1724" => "1324",
        "172" => "132",
        "191" => "1381",
        "192" => "1382",
        c if c.starts_with("14") => "133",
        c if c.starts_with("16") => "131",
        c if c.starts_with("17") => "137",
        c if c.starts_with("18") => "1383",
        c if c.starts_with("19") => "1384",
        c if c.starts_with("20") => "1385",
        _ => return None,
    })
}

/// The demand code for an act someone is told they must do.
fn demand_of(code: &str) -> &'static str {
    match code {
        "061" => "1011",
        "062" => "1012",
        "063" => "1013",
        "064" => "1014",
        "071" => "1031",
        "072" => "1032",
        "073" => "1033",
        "074" => "1034",
        "081" => "1051",
        "082" => "1052",
        "083" => "104",
        "084" | "0841" | "0842" => "1053",
        "085" => "1054",
        "086" => "1055",
        "087" | "0871" | "0872" | "0873" | "0874" => "1056",
        "045" => "108",
        c if c.starts_with("04") => "106",
        c if c.starts_with("05") => "102",
        c if c.starts_with("06") => "101",
        c if c.starts_with("07") => "103",
        c if c.starts_with("08") => "105",
        _ => "100",
    }
}

fn negated(t: &Tree, h: usize) -> bool {
    let mut i = h;
    for _ in 0..4 {
        if t.kids[i].iter().any(|&k| {
            (t.base(k) == "advmod" && matches!(t.lemma[k].as_str(), "not" | "never" | "n't"))
                || (t.base(k) == "det" && t.lemma[k] == "no")
        }) {
            return true;
        }
        match (t.base(i), t.head(i)) {
            ("xcomp", Some(up)) => i = up,
            _ => return false,
        }
    }
    false
}

fn modality(t: &Tree, h: usize) -> Modality {
    let mut i = h;
    for _ in 0..6 {
        for &k in &t.kids[i] {
            let l = t.lemma[k].as_str();
            if t.base(k) == "aux" {
                match l {
                    "will" | "shall" | "'ll" => return Modality::Future,
                    "would" | "could" | "might" | "may" => return Modality::Hypothetical,
                    "must" | "should" | "ought" => return Modality::Demanded,
                    _ => {}
                }
            }
            if t.base(k) == "mark" && matches!(l, "if" | "unless" | "whether") {
                return Modality::Hypothetical;
            }
        }
        let Some(up) = t.head(i) else { break };
        let base = t.base(i);
        if matches!(base, "xcomp" | "ccomp" | "advcl") {
            let ul = t.lemma[up].as_str();
            if DEMAND.contains(&ul) {
                return Modality::Demanded;
            }
            if base != "ccomp" && INTENT.contains(&ul) && i != h {
                return Modality::Future;
            }
            if base == "xcomp" && INTENT.contains(&ul) {
                return Modality::Future;
            }
            if base == "ccomp" {
                break;
            }
            i = up;
        } else {
            break;
        }
    }
    Modality::Asserted
}

/// The coder's view of one sentence with the dictionary.
struct Cx<'a, 's> {
    t: &'a Tree<'s>,
    dict: &'a Dictionary,
    date: Option<&'a str>,
    state: &'a mut ArticleState,
    /// [`Cx::named`] per token, computed once.
    named: std::cell::RefCell<Vec<Option<Vec<Found>>>>,
}

impl Cx<'_, '_> {
    /// The actors a nominal stands for: itself resolved, each conjunct, its apposition, or,
    /// for a pronoun or a description, the person it refers to.
    fn actors(&self, n: usize, claim: Option<&Found>) -> Vec<Found> {
        let t = self.t;
        let mut out = Vec::new();
        if t.upos(n) == "PRON" {
            if let Some(f) = self.pronoun(n, claim) {
                out.push(f);
            }
            return out;
        }
        let mut first = self.named(n);
        // A bare role word ("the leader", "officials") is a last resort: an apposition, a
        // description of someone named before, or a name in the clause say more.
        let bare = |f: &Vec<Found>| {
            f.is_empty()
                || f.iter()
                    .all(|x| x.kind == Some(ActorKind::Agent) && x.country.is_none())
        };
        if bare(&first) {
            let appos = t
                .kid(n, "appos")
                .or_else(|| t.kids_base(n, "nmod").find_map(|m| t.kid(m, "appos")));
            if let Some(a) = appos {
                let f = self.named(a);
                if !f.is_empty() {
                    first = f;
                }
            }
        }
        if bare(&first) {
            if let Some(f) = self.description(n) {
                first = vec![f];
            }
        }
        let country = first.iter().find_map(|f| f.country.clone());
        out.extend(first);
        for c in t.kids_base(n, "conj").collect::<Vec<_>>() {
            if !(t.is_nominal(c) || t.upos(c) == "ADJ") {
                continue;
            }
            for mut f in self.named(c) {
                // "Israeli soldiers and settlers": the settlers are Israeli too.
                if let (Some(code), Some(cty)) = (f.actor.code.clone(), country.as_ref()) {
                    if f.country.is_none() && f.kind == Some(ActorKind::Agent) && code.len() == 3 {
                        f.actor.code = Some(format!("{cty}{code}"));
                        f.country = Some(cty.clone());
                    }
                }
                out.push(f);
            }
        }
        out
    }

    /// A name resolved through the dictionary: the noun with its compounds and adjectives,
    /// then the bare name, then "X of Y"; each adjective conjunct gives its own actor
    /// ("Hungarian and Romanian officials").
    fn named(&self, n: usize) -> Vec<Found> {
        if let Some(done) = self.named.borrow().get(n).and_then(Clone::clone) {
            return done;
        }
        let found = self.named_uncached(n);
        if let Some(slot) = self.named.borrow_mut().get_mut(n) {
            *slot = Some(found.clone());
        }
        found
    }

    fn named_uncached(&self, n: usize) -> Vec<Found> {
        let t = self.t;
        let mut toks = vec![n];
        let mut stack = vec![n];
        let mut conj_mods: Vec<(usize, Vec<usize>)> = Vec::new();
        while let Some(i) = stack.pop() {
            for &k in &t.kids[i] {
                let keep = match t.base(k) {
                    "compound" | "flat" | "amod" | "det" | "goeswith" => true,
                    "nmod" => t.rel(k) == "nmod:desc",
                    "case" => t.lemma[k] == "'s" && i != n,
                    _ => false,
                };
                if keep && !(t.base(k) == "det" && i != n) {
                    toks.push(k);
                    stack.push(k);
                    if i == n && matches!(t.base(k), "amod" | "compound") {
                        let cs: Vec<usize> = t.kids_base(k, "conj").collect();
                        if !cs.is_empty() {
                            conj_mods.push((k, cs));
                        }
                    }
                }
            }
        }
        toks.sort_unstable();
        let mut out = Vec::new();
        if let Some((m, alts)) = conj_mods.first() {
            for alt in std::iter::once(*m).chain(alts.iter().copied()) {
                let words: Vec<usize> = toks
                    .iter()
                    .copied()
                    .filter(|&k| k != *m && t.upos(k) != "CCONJ")
                    .chain(std::iter::once(alt))
                    .collect();
                let mut words = words;
                words.sort_unstable();
                let text = words
                    .iter()
                    .map(|&k| t.toks[k].text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let span = Span::new(t.span(alt).start, t.span(n).end.max(t.span(alt).end));
                if let Some(f) = self.resolve(&text, span) {
                    out.push(f);
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        let lo = toks.iter().map(|&k| t.span(k).start).min().unwrap_or(0);
        let hi = toks.iter().map(|&k| t.span(k).end).max().unwrap_or(0);
        let span = Span::new(lo, hi);
        // A named actor wins at once; a bare role word ("official") waits for something
        // better and is the last resort.
        let mut bare: Option<Found> = None;
        let is_bare = |f: &Found| f.kind == Some(ActorKind::Agent) && f.country.is_none();
        macro_rules! try_span {
            ($span:expr) => {
                if let Some(f) = self.resolve(t.text($span), $span) {
                    if !is_bare(&f) {
                        out.push(f);
                        return self.localised(n, out);
                    }
                    bare.get_or_insert(f);
                }
            };
        }
        try_span!(span);
        // The name alone, without adjectives.
        let core: Vec<usize> = toks
            .iter()
            .copied()
            .filter(|&k| k == n || matches!(t.base(k), "flat" | "compound"))
            .collect();
        if core.len() < toks.len() {
            let lo = core.iter().map(|&k| t.span(k).start).min().unwrap_or(0);
            let hi = core.iter().map(|&k| t.span(k).end).max().unwrap_or(0);
            try_span!(Span::new(lo, hi));
        }
        // "the foreign ministry of Russia".
        if let Some(of) = t.kids_base(n, "nmod").find(|&k| t.case_of(k) == Some("of")) {
            try_span!(Span::new(lo, t.span(of).end));
        }
        // "Israeli territory", "the Palestinian people": the country the adjective names.
        if GENERIC.contains(&t.lemma[n].as_str()) {
            for &k in &toks {
                if k != n && matches!(t.base(k), "amod" | "compound") {
                    if let Some(mut f) = self.resolve(&t.toks[k].text, t.span(k)) {
                        if matches!(f.kind, Some(ActorKind::Country | ActorKind::Region)) {
                            f.actor.text = t.text(span).to_string();
                            f.actor.span = Some(span);
                            out.push(f);
                            return out;
                        }
                    }
                }
            }
        }
        // "British Defence Secretary Tom King", "the Asia-Pacific Economic Cooperation (APEC)
        // forum", "a top U.S. official": the longest run of the phrase's words that names an
        // actor.
        for len in (1..toks.len()).rev() {
            for w in toks.windows(len) {
                if w.windows(2)
                    .any(|p| p[1] != p[0] + 1 && !gap_ok(t, p[0], p[1]))
                {
                    continue;
                }
                if len == 1
                    && matches!(t.upos(w[0]), "DET" | "NUM" | "ADJ")
                    && t.toks[w[0]]
                        .text
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
                {
                    continue;
                }
                try_span!(Span::new(t.span(w[0]).start, t.span(w[len - 1]).end));
            }
        }
        if let Some(f) = bare {
            out.push(f);
            return self.localised(n, out);
        }
        out
    }

    /// "security forces in Guinea", "opposition parties of Nepal": a bare role word takes
    /// the country of its place.
    fn localised(&self, n: usize, mut found: Vec<Found>) -> Vec<Found> {
        for f in &mut found {
            if f.kind == Some(ActorKind::Agent) && f.country.is_none() {
                if let Some(cty) = self.place_country(n) {
                    if let Some(code) = f.actor.code.as_mut() {
                        *code = format!("{cty}{code}");
                    }
                    f.country = Some(cty);
                }
            }
        }
        found
    }

    /// The country of an "in X" / "of X" / "from X" after a noun.
    fn place_country(&self, n: usize) -> Option<String> {
        let t = self.t;
        t.kids_base(n, "nmod")
            .filter(|&k| {
                t.rel(k) == "nmod:poss" || matches!(t.case_of(k), Some("in" | "of" | "from"))
            })
            .find_map(|k| {
                let f = self.named(k).into_iter().next()?;
                matches!(f.kind, Some(ActorKind::Country | ActorKind::Region))
                    .then_some(f.country)
                    .flatten()
            })
    }

    fn resolve(&self, text: &str, span: Span) -> Option<Found> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let r = self.dict.resolve_phrase(text, self.date)?;
        let country = r.country.clone().or_else(|| {
            (r.code.len() >= 6 || (r.code.len() == 3 && r.kind != ActorKind::Agent))
                .then(|| r.code[..3].to_string())
        });
        Some(Found {
            actor: ActorRef {
                text: text.to_string(),
                span: Some(span),
                name: Some(r.name.clone()),
                actor: Some(r.actor_id.clone()),
                code: Some(r.code.clone()),
            },
            kind: Some(r.kind),
            country,
            indirect: false,
        })
    }

    /// "he", "she", "it", "they": the speaker of the clause it sits in, else the last person
    /// named (for he/she).
    fn pronoun(&self, n: usize, claim: Option<&Found>) -> Option<Found> {
        let t = self.t;
        let l = t.lemma[n].as_str();
        let word = t.toks[n].text.to_lowercase();
        let personal = matches!(
            word.as_str(),
            "he" | "she" | "him" | "his" | "her" | "i" | "me" | "my"
        ) || matches!(l, "he" | "she");
        let collective = matches!(
            word.as_str(),
            "it" | "its" | "they" | "them" | "their" | "we" | "us" | "our"
        );
        let wrap = |mut f: Found| {
            f.actor.text = t.toks[n].text.clone();
            f.actor.span = Some(t.span(n));
            f.indirect = true;
            f
        };
        if let Some(c) = claim {
            let is_person = c.kind == Some(ActorKind::Person);
            if (personal && is_person) || (collective && !is_person) {
                return Some(wrap(c.clone()));
            }
        }
        if matches!(word.as_str(), "he" | "she" | "him" | "his" | "her") {
            if let Some(p) = self.state.people.last() {
                return Some(wrap(Found {
                    actor: p.clone(),
                    kind: Some(ActorKind::Person),
                    country: p.code.as_ref().map(|c| c[..3.min(c.len())].to_string()),
                    indirect: true,
                }));
            }
        }
        None
    }

    /// "the Chechen leader", "the close ally of Russian President Vladimir Putin": the last
    /// person named before, other than anyone named inside the description.
    fn description(&self, n: usize) -> Option<Found> {
        let t = self.t;
        if !DESCRIPTIONS.contains(&t.lemma[n].as_str()) {
            return None;
        }
        let det = t.kids_base(n, "det").next()?;
        if !matches!(t.lemma[det].as_str(), "the" | "this" | "that") {
            return None;
        }
        // Names inside the phrase's span are excluded.
        let (lo, hi) = subtree_span(t, n);
        let inside = |p: &ActorRef| {
            self.t
                .toks
                .iter()
                .filter(|x| x.span.start >= lo && x.span.end <= hi)
                .any(|x| {
                    p.name
                        .as_deref()
                        .is_some_and(|name| name.split_whitespace().any(|w| w == x.text))
                })
        };
        let p = self.state.people.iter().rev().find(|p| !inside(p))?;
        Some(Found {
            actor: ActorRef {
                text: t
                    .text(Span::new(t.span(det).start, t.span(n).end))
                    .to_string(),
                span: Some(Span::new(t.span(det).start, t.span(n).end)),
                ..p.clone()
            },
            kind: Some(ActorKind::Person),
            country: p.code.as_ref().map(|c| c[..3.min(c.len())].to_string()),
            indirect: true,
        })
    }
}

/// Only punctuation between two words ("Asia-Pacific", "(APEC)") keeps them one run.
fn gap_ok(t: &Tree, a: usize, b: usize) -> bool {
    (a + 1..b).all(|k| t.upos(k) == "PUNCT")
}

fn subtree_span(t: &Tree, n: usize) -> (usize, usize) {
    let mut lo = t.span(n).start;
    let mut hi = t.span(n).end;
    let mut stack = vec![n];
    while let Some(i) = stack.pop() {
        for &k in &t.kids[i] {
            lo = lo.min(t.span(k).start);
            hi = hi.max(t.span(k).end);
            stack.push(k);
        }
    }
    (lo, hi)
}
