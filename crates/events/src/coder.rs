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
    body: &'s str,
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
        Tree {
            toks,
            kids,
            lemma,
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

    fn passive(&self, h: usize) -> bool {
        self.kids[h]
            .iter()
            .any(|&k| matches!(self.rel(k), "nsubj:pass" | "aux:pass"))
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
        let mut out = Vec::new();
        let mut stack: Vec<(usize, bool)> = vec![(h, true)];
        while let Some((i, top)) = stack.pop() {
            for &k in &self.kids[i] {
                let rel = self.rel(k);
                let base = self.base(k);
                let keep = match base {
                    "nsubj" => top && !noun && rel == "nsubj:pass",
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

fn match_pattern<'p>(t: &Tree, h: usize, frame: &[usize], p: &'p Pattern) -> Option<Hit<'p>> {
    let mut used = vec![h];
    let mut slot = None;
    let mut prev = h;
    let mut from = 0; // index into frame
    for item in &p.items {
        match item {
            Item::Target => slot = Some(prev),
            Item::Word(alts) => {
                let mut found = None;
                'pos: for (fi, &tok) in frame.iter().enumerate().skip(from) {
                    for alt in alts {
                        if alt.iter().enumerate().all(|(j, l)| {
                            let k = tok + j;
                            k < t.toks.len()
                                && (t.lemma[k] == *l || t.toks[k].text.eq_ignore_ascii_case(l))
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
        };
        let n = t.toks.len();
        let mut order: Vec<usize> = (0..n)
            .filter(|&i| self.patterns.is_head(&t.lemma[i]))
            .collect();
        order.sort_by_key(|&i| (t.depth(i), i));
        let mut consumed = vec![false; n];
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
                let pats: Box<dyn Iterator<Item = &Pattern>> = if is_noun {
                    Box::new(self.patterns.nouns_of(&t.lemma[h]))
                } else {
                    Box::new(self.patterns.verbs_of(&t.lemma[h]))
                };
                for p in pats {
                    if (p.passive_only && !passive) || (p.active_only && passive) {
                        continue;
                    }
                    if let Some(hit) = match_pattern(&t, h, &fr, p) {
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
            out.extend(self.events_of(&cx, h, &hit, passive));
        }
        // Generic statements only when nothing more specific was said.
        if out.iter().any(|e: &Event| !e.root.starts_with("01")) {
            out.retain(|e| !e.root.starts_with("01") || e.target.is_some());
        }
        out.retain(|e| !e.cameo.starts_with("010") || e.target.is_some());
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
        let sources = if p.noun && !matches!(t.upos(h), "VERB" | "ADJ") {
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
        if targets.is_empty() {
            targets.push(None);
        }
        let negated = negated(t, h);
        let modality = modality(t, h);
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
            let mut confidence = 0.45 + 0.04 * p.specificity() as f32;
            if s.indirect {
                confidence -= 0.1;
            }
            if s.actor.code.is_none() {
                confidence -= 0.15;
            }
            if p.items.contains(&Item::Target) && tg.is_none() {
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
        } else if let Some(s) = t.kid(h, "nsubj") {
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
    subject_tok(cx.t, h, passive)
        .map(|s| cx.actors(s, claim))
        .unwrap_or_default()
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
            let s = subject_tok(t, up, t.passive(up))?;
            return cx.actors(s, None).into_iter().next();
        }
        // "Hamas issued a statement that …": the subject of the verb the noun is object of.
        if matches!(t.base(i), "acl" | "ccomp") && SPEECH_NOUNS.contains(&t.lemma[up].as_str()) {
            if let Some(v) = t.head(up).filter(|_| t.base(up) == "obj") {
                let s = subject_tok(t, v, t.passive(v))?;
                return cx.actors(s, None).into_iter().next();
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
                    "would" | "could" | "might" | "may" | "should" | "must" => {
                        return Modality::Hypothetical
                    }
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
        let t = self.t;
        let mut toks = vec![n];
        let mut stack = vec![n];
        let mut conj_mods: Vec<(usize, Vec<usize>)> = Vec::new();
        while let Some(i) = stack.pop() {
            for &k in &t.kids[i] {
                let keep = match t.base(k) {
                    "compound" | "flat" | "amod" | "det" | "goeswith" => true,
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
        if let Some(f) = self.resolve(t.text(span), span) {
            out.push(f);
            return self.localised(n, out);
        }
        // The name alone, without adjectives.
        let core: Vec<usize> = toks
            .iter()
            .copied()
            .filter(|&k| k == n || matches!(t.base(k), "flat" | "compound"))
            .collect();
        if core.len() < toks.len() {
            let lo = core.iter().map(|&k| t.span(k).start).min().unwrap_or(0);
            let hi = core.iter().map(|&k| t.span(k).end).max().unwrap_or(0);
            let span = Span::new(lo, hi);
            if let Some(f) = self.resolve(t.text(span), span) {
                out.push(f);
                return self.localised(n, out);
            }
        }
        // "the foreign ministry of Russia".
        if let Some(of) = t.kids_base(n, "nmod").find(|&k| t.case_of(k) == Some("of")) {
            let span = Span::new(lo, t.span(of).end);
            if let Some(f) = self.resolve(t.text(span), span) {
                out.push(f);
                return out;
            }
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
            .filter(|&k| matches!(t.case_of(k), Some("in" | "of" | "from")))
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
