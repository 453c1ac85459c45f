//! Attribution: quote marks and the parse turned into quotes with speaker, cue, medium and
//! relays.

use crate::gender::{self, Gender};
use crate::lexicon::{
    contains, is_cue_verb, medium_of, CONTENT_PREPOSITIONS, CUE_NOUNS, DIRECTIVE_VERBS,
    OBJECT_CUES, PERSON_NOUNS, SPEECH_VERBS, VIEW_VERBS,
};
use crate::marks::{self, Marked};
use crate::tree::Tree;
use crate::Input;
use sitrep_actors::{ActorKind, Dictionary};
use sitrep_types::{ActorRef, Cue, EntityType, Mention, Quote, QuoteKind, Span};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum MarkKind {
    /// Quoted speech that stands as a quote.
    Speech,
    /// A quoted word or phrase inside someone else's sentence: scare quotes, names, titles,
    /// fragments of a mixed quote.
    Fragment,
}

/// Where the speaker of an attribution is written.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// A token of the attribution's sentence (the head of the speaker's phrase).
    Token(usize),
    /// A stretch of text (a name after a dash).
    Text(Span),
    /// None written: carried over from the previous quote or paragraph.
    Carried,
    /// None found.
    Unknown,
}

#[derive(Clone, Debug)]
struct Attr {
    sent: Option<usize>,
    cue: Option<Span>,
    cue_tok: Option<usize>,
    source: Source,
    content: Span,
    kind: QuoteKind,
    balanced: bool,
    medium: Option<String>,
    relays: Vec<String>,
    speaker: Option<Speaker>,
    /// A name written after the speaker's phrase between commas ("the spokesperson …, Maria
    /// Zakharova,") that the parse attached elsewhere.
    appos: Option<Span>,
}

#[derive(Clone, Debug)]
struct Speaker {
    r: ActorRef,
    person: bool,
}

/// Find the quotes of an article. With a dictionary, speakers and relaying outlets are
/// resolved to actors; without sentences, only quote marks are read and speakers stay unknown
/// unless a dash names them.
#[must_use]
pub fn find(input: &Input, dict: Option<&Dictionary>) -> Vec<Quote> {
    let body = input.body;
    let marked = marks::scan(body, input.paragraphs);
    let kinds: Vec<MarkKind> = marked
        .iter()
        .map(|m| classify(body, input.paragraphs, m))
        .collect();
    let trees: Vec<Tree> = input.sentences.iter().map(Tree::new).collect();
    let genders = mention_genders(input.entities);
    let subject_spans: Vec<Span> = trees
        .iter()
        .flat_map(|t| {
            (0..t.len())
                .filter(|&k| t.base(k) == "nsubj")
                .map(|k| t.span(k))
                .collect::<Vec<_>>()
        })
        .collect();
    let subjects: Vec<bool> = input
        .entities
        .iter()
        .map(|e| subject_spans.iter().any(|&s| overlap(s, e.span) > 0))
        .collect();
    let cx = Cx {
        input,
        dict,
        trees: &trees,
        genders: &genders,
        subjects: &subjects,
    };

    let mut attrs: Vec<Attr> = Vec::new();
    for (si, t) in trees.iter().enumerate() {
        parse_attributions(si, t, &mut attrs);
    }
    for a in &mut attrs {
        detached_appos(&cx, a);
    }
    // A cue inside quoted speech belongs to the quote, not to the article's attributions.
    attrs.retain(|a| {
        !a.cue.is_some_and(|c| {
            marked
                .iter()
                .zip(&kinds)
                .any(|(m, k)| *k == MarkKind::Speech && within(c, m.content))
        })
    });

    // A quoted fragment governed by the cue but outside the content the parse gave ("called
    // half of his supporters “deplorables”"): the content reaches over it.
    for a in &mut attrs {
        let (Some(si), Some(k)) = (a.sent, a.cue_tok) else {
            continue;
        };
        let t = &trees[si];
        let sent = input.sentences[si].span;
        for (m, kind) in marked.iter().zip(&kinds) {
            if *kind != MarkKind::Fragment || !within(m.content, sent) {
                continue;
            }
            if overlap(m.content, a.content) > 0 {
                continue;
            }
            let Some(w) = (0..t.len()).find(|&w| t.span(w).start >= m.content.start) else {
                continue;
            };
            let source_tok = match a.source {
                Source::Token(s) => Some(s),
                _ => None,
            };
            if t.dominates(k, w) && !source_tok.is_some_and(|s| t.dominates(s, w)) {
                a.content = Span::new(
                    a.content.start.min(m.content.start),
                    a.content.end.max(m.content.end),
                );
            }
        }
    }
    // Quote marks inside a clause of reported speech: the whole quote (direct) or a part
    // (mixed).
    let mut used = vec![false; marked.len()];
    for a in &mut attrs {
        let inner: Vec<usize> = (0..marked.len())
            .filter(|&i| overlap(marked[i].content, a.content) * 2 >= marked[i].content.len())
            .collect();
        if inner.is_empty() {
            continue;
        }
        // A quotation of speech right beside the cue is the content, whatever more the parse
        // put in it ("“It is an invasion,” Scott Pruitt, the attorney general, said").
        let beside = |m: &Marked| {
            let Some(c) = a.cue else { return false };
            let (lo, hi) = if c.start >= m.end {
                (m.end, c.start)
            } else if c.end <= m.open {
                (c.end, m.open)
            } else {
                return false;
            };
            let gap = Span::new(lo, hi);
            let source = match (a.sent, a.source) {
                (Some(si), Source::Token(s)) => np_span(&trees[si], s),
                _ => Span::new(lo, lo),
            };
            gap.len().saturating_sub(overlap(gap, source)) <= 12
        };
        let whole = inner.iter().copied().find(|&i| {
            kinds[i] == MarkKind::Speech
                && (overlap(marked[i].content, a.content) * 10 >= a.content.len() * 6
                    || beside(&marked[i]))
        });
        if let Some(i) = whole {
            a.quote(&marked[i]);
            used[i] = true;
        } else {
            a.kind = QuoteKind::Mixed;
            for i in inner {
                used[i] = true;
            }
        }
    }
    // Quote marks of speech not inside a reported clause: find their cue around them.
    for (i, m) in marked.iter().enumerate() {
        if used[i] || kinds[i] != MarkKind::Speech {
            continue;
        }
        // Already covered by another quote (a mark inside a longer quotation).
        if attrs
            .iter()
            .any(|a| a.kind == QuoteKind::Direct && within(m.content, a.content))
        {
            continue;
        }
        link_direct(&cx, m, &mut attrs);
    }
    attrs.sort_by_key(|a| (a.content.start, a.content.end));
    attrs.dedup_by(|b, a| a.content == b.content);
    // Attributions are flat: a cue inside another attribution's content belongs to that
    // content ("Kadyrov continued by emphasizing that his party supports Palestine") —
    // unless it opens a reporting clause of its own that the parse hung inside the first
    // content ("…, saying that …", "… and added that …"): then the first content ends there.
    for i in 0..attrs.len() {
        if attrs[i].kind != QuoteKind::Indirect {
            continue;
        }
        let outer = attrs[i].content;
        let cut = attrs
            .iter()
            .filter_map(|b| {
                let (si, k) = (b.sent?, b.cue_tok?);
                let t = &trees[si];
                let clause = t.subtree(k);
                (b.content != outer
                    && within(t.span(k), outer)
                    && matches!(t.base(k), "advcl" | "conj" | "parataxis")
                    && contains(SPEECH_VERBS, &t.lemma[k])
                    && clause.start > outer.start)
                    .then_some(clause.start)
            })
            .min();
        if let Some(c) = cut {
            let text = body.get(outer.start..c).unwrap_or("");
            let kept = text.trim_end_matches(|ch: char| {
                ch.is_whitespace() || matches!(ch, ',' | ';' | '—' | '–')
            });
            let kept = kept
                .strip_suffix(" and")
                .unwrap_or(kept)
                .trim_end_matches(',');
            if !kept.is_empty() {
                attrs[i].content = Span::new(outer.start, outer.start + kept.len());
            }
        }
    }
    let contents: Vec<Span> = attrs.iter().map(|a| a.content).collect();
    attrs.retain(|a| {
        !a.cue
            .is_some_and(|c| contents.iter().any(|&x| x != a.content && within(c, x)))
    });

    // Speakers, in reading order: pronouns, descriptions and carried-over quotes look back.
    for i in 0..attrs.len() {
        let (done, rest) = attrs.split_at_mut(i);
        let a = &mut rest[0];
        a.speaker = cx.speaker(a, done);
        // A quote carried over keeps the channel of the quote it continues.
        if matches!(a.source, Source::Carried) {
            if let Some(prev) = done.iter().rev().find(|p| p.speaker.is_some()) {
                if prev.kind == QuoteKind::Direct
                    && a.speaker.as_ref().map(|s| &s.r) == prev.speaker.as_ref().map(|s| &s.r)
                {
                    a.medium.clone_from(&prev.medium);
                    a.relays.clone_from(&prev.relays);
                }
            }
        }
        if let (Some(si), Some(k)) = (a.sent, a.cue_tok) {
            let (medium, relays) = cx.channel(si, k, a);
            if a.medium.is_none() {
                a.medium = medium;
            }
            for r in relays {
                if !a.relays.contains(&r) {
                    a.relays.push(r);
                }
            }
        }
    }

    attrs
        .into_iter()
        .map(|a| {
            let mut confidence: f32 = match (a.kind, &a.source) {
                (QuoteKind::Direct, Source::Carried) => 0.6,
                (QuoteKind::Direct, _) => 0.9,
                (QuoteKind::Mixed, _) => 0.8,
                _ => 0.7,
            };
            if a.speaker.is_none() {
                confidence -= 0.2;
            }
            if !a.balanced {
                confidence -= 0.2;
            }
            Quote {
                text: a.content.text(body).to_string(),
                span: a.content,
                kind: a.kind,
                speaker: a.speaker.map(|s| s.r),
                cue: a.cue.map(|c| Cue {
                    text: c.text(body).to_string(),
                    span: c,
                }),
                medium: a.medium,
                relays: a.relays,
                confidence: confidence.clamp(0.05, 1.0),
            }
        })
        .collect()
}

/// "According to the spokesperson …, Maria Zakharova, …": a person's name right after the
/// speaker's phrase, between commas, belongs to the speaker and not to the content.
fn detached_appos(cx: &Cx, a: &mut Attr) {
    let (Some(si), Source::Token(k)) = (a.sent, a.source) else {
        return;
    };
    let t = &cx.trees[si];
    let np = np_span(t, k);
    let body = cx.input.body;
    let rest = body.get(np.end..).unwrap_or("");
    let gap = rest.len() - rest.trim_start_matches([' ', ',']).len();
    if !rest.trim_start().starts_with(',') {
        return;
    }
    let Some(m) = cx
        .input
        .entities
        .iter()
        .find(|e| e.kind == EntityType::Per && e.span.start == np.end + gap)
    else {
        return;
    };
    if !body
        .get(m.span.end..)
        .unwrap_or("")
        .trim_start()
        .starts_with(',')
    {
        return;
    }
    a.appos = Some(m.span);
    if a.content.start <= m.span.start && a.content.end > m.span.end {
        let after = body.get(m.span.end..a.content.end).unwrap_or("");
        let skip = after.len() - after.trim_start_matches([' ', ',']).len();
        a.content = Span::new(m.span.end + skip, a.content.end);
    }
}

fn within(inner: Span, outer: Span) -> bool {
    inner.start >= outer.start && inner.end <= outer.end
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Speech or a fragment, from the words and the marks around the quotation.
fn classify(body: &str, paragraphs: &[Span], m: &Marked) -> MarkKind {
    if m.paragraphs > 1 {
        return MarkKind::Speech;
    }
    let content = m.content.text(body);
    let words = content.split_whitespace().count();
    let p = paragraphs
        .iter()
        .find(|p| p.start <= m.open && m.open < p.end.max(p.start + 1))
        .copied()
        .unwrap_or(Span::new(0, body.len()));
    let before = body.get(p.start..m.open).unwrap_or("").trim_end();
    let after = body.get(m.end..p.end).unwrap_or("").trim_start();
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase();
    if matches!(
        last_word.as_str(),
        "called"
            | "named"
            | "dubbed"
            | "titled"
            | "entitled"
            | "so-called"
            | "codenamed"
            | "code-named"
            | "nicknamed"
            | "headlined"
            | "labeled"
            | "labelled"
            | "branded"
            | "term"
            | "word"
            | "words"
            | "phrase"
            | "slogan"
            | "hashtag"
            | "operation"
            | "as"
    ) && words <= 6
    {
        return MarkKind::Fragment;
    }
    let starts = before.is_empty() || before.ends_with(['.', '!', '?', ':', '—', '–']);
    // A title in the middle of a sentence ("on “Face the Nation,”", "“Contract with
    // America.”"): every word capitalised but the small ones.
    if !starts && words <= 6 && title_case(content) {
        return MarkKind::Fragment;
    }
    let last = content.chars().last().unwrap_or(' ');
    let end_punct = matches!(last, '.' | '!' | '?' | ',' | '…' | '—' | '–' | ':' | ';');
    let upper = content.chars().next().is_some_and(char::is_uppercase);
    if starts && (words >= 2 || end_punct) {
        return MarkKind::Speech;
    }
    if words <= 2 {
        return MarkKind::Fragment;
    }
    if before.ends_with(',') && (upper || end_punct) {
        return MarkKind::Speech;
    }
    if end_punct && (upper || words >= 4) {
        return MarkKind::Speech;
    }
    if after.starts_with([',', '—', '–']) && words >= 3 {
        return MarkKind::Speech;
    }
    if upper && words >= 8 {
        return MarkKind::Speech;
    }
    MarkKind::Fragment
}

/// Whether every word is capitalised, short function words aside, and there are at least
/// two capitalised words.
fn title_case(text: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
    ];
    let mut capitals = 0;
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() || SMALL.contains(&w) {
            continue;
        }
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        capitals += 1;
    }
    capitals >= 2
}

/// Attributions read off one sentence's parse.
fn parse_attributions(si: usize, t: &Tree, out: &mut Vec<Attr>) {
    for k in 0..t.len() {
        let l = t.lemma[k].as_str();
        if t.lower(k) == "according" && k + 1 < t.len() && t.lower(k + 1) == "to" {
            if let Some(a) = according_to(si, t, k) {
                out.push(a);
            }
            continue;
        }
        let verb = t.upos(k) == "VERB" && is_cue_verb(l);
        if verb {
            if let Some(content) = verb_content(t, k) {
                out.push(attr(si, t, k, content));
                continue;
            }
        }
        // "Hamas issued a statement that …" with the clause attached to the verb.
        if t.upos(k) == "VERB" {
            let noun = t
                .kid(k, "obj")
                .filter(|&o| contains(CUE_NOUNS, &t.lemma[o]));
            let clause = t.kids[k]
                .iter()
                .copied()
                .find(|&c| t.base(c) == "ccomp" && t.lemma[t.extent[c].0] == "that");
            if let (Some(n), Some(c)) = (noun, clause) {
                let mut a = attr(si, t, n, t.subtree_trimmed(c));
                a.source = speaker_tok(t, k).map_or(Source::Unknown, Source::Token);
                out.push(a);
                continue;
            }
        }
        if t.upos(k) == "VERB" && contains(OBJECT_CUES, l) {
            if let Some(content) = object_content(t, k) {
                let a = attr(si, t, k, content);
                if matches!(a.source, Source::Token(_)) {
                    out.push(a);
                }
            }
            continue;
        }
        if t.upos(k) == "NOUN" && contains(CUE_NOUNS, l) {
            let clause = t.kids[k].iter().copied().find(|&c| {
                matches!(t.base(c), "acl" | "ccomp")
                    && t.rel(c) != "acl:relcl"
                    && t.lemma[t.extent[c].0] == "that"
            });
            if let Some(c) = clause {
                let mut a = attr(si, t, k, t.subtree_trimmed(c));
                a.source = noun_source(t, k).map_or(Source::Unknown, Source::Token);
                out.push(a);
            }
        }
    }
}

impl Attr {
    /// An attribution not yet resolved: no speaker, medium or relays.
    fn new(
        sent: Option<usize>,
        cue_tok: Option<usize>,
        cue: Option<Span>,
        source: Source,
        content: Span,
        kind: QuoteKind,
    ) -> Self {
        Attr {
            sent,
            cue,
            cue_tok,
            source,
            content,
            kind,
            balanced: true,
            medium: None,
            relays: Vec::new(),
            speaker: None,
            appos: None,
        }
    }

    /// Make the quotation `m` this attribution's content: a direct quote.
    fn quote(&mut self, m: &Marked) {
        self.content = m.content;
        self.kind = QuoteKind::Direct;
        self.balanced = m.balanced;
    }
}

/// The indirect attribution of cue `k` with this content, its speaker the cue's subject.
fn attr(si: usize, t: &Tree, k: usize, content: Span) -> Attr {
    let source = speaker_tok(t, k).map_or(Source::Unknown, Source::Token);
    Attr::new(
        Some(si),
        Some(k),
        Some(cue_span(t, k)),
        source,
        content,
        QuoteKind::Indirect,
    )
}

/// The reported content of a cue verb, when it has one.
fn verb_content(t: &Tree, k: usize) -> Option<Span> {
    let l = t.lemma[k].as_str();
    if l == "point" && !t.kids[k].iter().any(|&c| t.lemma[c] == "out") {
        return None;
    }
    if let Some(c) = t.kid_base(k, "ccomp") {
        return Some(t.subtree_trimmed(c));
    }
    if contains(DIRECTIVE_VERBS, l) {
        if let Some(x) = t
            .kid(k, "xcomp")
            .filter(|&x| t.upos(x) == "VERB" && t.kids[x].iter().any(|&c| t.lemma[c] == "to"))
        {
            let start = t
                .kid(k, "obj")
                .filter(|&o| o < x)
                .map_or(t.subtree_trimmed(x).start, |o| t.subtree_trimmed(o).start);
            return Some(Span::new(start, t.subtree_trimmed(x).end));
        }
    }
    if contains(VIEW_VERBS, l) {
        if let Some(o) = t.kid(k, "obj") {
            let as_phrase = t.kids[k]
                .iter()
                .copied()
                .find(|&c| c > o && t.case_of(c) == Some("as"))?;
            return Some(Span::new(
                t.subtree_trimmed(o).start,
                t.subtree_trimmed(as_phrase).end,
            ));
        }
    }
    // "…, he said": the reporting clause hangs off the reported one.
    if t.rel(k) == "parataxis" && contains(SPEECH_VERBS, l) {
        let r = t.head(k)?;
        let whole = t.subtree_trimmed(r);
        let own = t.subtree(k);
        let span = if own.start > whole.start && own.end < whole.end {
            // "Acts of protest, Mr. Obama said, are acts of patriotism": both sides.
            whole
        } else if own.start > t.span(r).start {
            Span::new(whole.start, own.start)
        } else {
            Span::new(own.end, whole.end)
        };
        let span = trim_punct(t, span);
        return (!span.is_empty()).then_some(span);
    }
    None
}

/// The content of a stance or demand verb: its object with what predicates of it ("called
/// the charges unsubstantiated", "cited his remarks as examples"), else its infinitive ("wants
/// to cut taxes"), else its prepositional object ("called for a moratorium").
fn object_content(t: &Tree, k: usize) -> Option<Span> {
    let clause = |c: usize| matches!(t.base(c), "xcomp" | "ccomp");
    if let Some(o) = t.kid(k, "obj") {
        let mut end = t.subtree_trimmed(o).end;
        for &c in &t.kids[k] {
            let to_phrase =
                matches!(t.lemma[k].as_str(), "liken" | "compare") && t.case_of(c) == Some("to");
            if c > o
                && (clause(c) || (t.base(c) == "obl" && (t.case_of(c) == Some("as") || to_phrase)))
            {
                end = end.max(t.subtree_trimmed(c).end);
            }
        }
        return Some(Span::new(t.subtree_trimmed(o).start, end));
    }
    if let Some(x) = t.kids[k].iter().copied().find(|&c| c > k && clause(c)) {
        return Some(t.subtree_trimmed(x));
    }
    let p = t.kids[k].iter().copied().find(|&c| {
        c > k
            && matches!(t.base(c), "obl" | "advcl")
            && t.case_of(c)
                .is_some_and(|p| contains(CONTENT_PREPOSITIONS, p))
    })?;
    // Without the preposition itself.
    let whole = t.subtree_trimmed(p);
    let from = t.kids[p]
        .iter()
        .copied()
        .filter(|&c| c < p && matches!(t.base(c), "case" | "mark"))
        .map(|c| t.span(c).end)
        .max()
        .unwrap_or(whole.start);
    let s = trim_punct(t, Span::new(from, whole.end));
    (!s.is_empty()).then_some(s)
}

/// Shrink a span to the tokens inside it that are not punctuation at its edges.
fn trim_punct(t: &Tree, s: Span) -> Span {
    let inside: Vec<usize> = (0..t.len())
        .filter(|&i| t.span(i).start >= s.start && t.span(i).end <= s.end)
        .collect();
    let first = inside.iter().copied().find(|&i| t.upos(i) != "PUNCT");
    let last = inside.iter().rev().copied().find(|&i| t.upos(i) != "PUNCT");
    match (first, last) {
        (Some(a), Some(b)) if a <= b => Span::new(t.span(a).start, t.span(b).end),
        _ => Span::new(s.start, s.start),
    }
}

/// "According to X, …": X is the source, the clause it modifies the content.
fn according_to(si: usize, t: &Tree, k: usize) -> Option<Attr> {
    let n = if t.base(k) == "case" {
        t.head(k)?
    } else {
        // Parsed as a verb: its nominal dependent.
        t.kids[k]
            .iter()
            .copied()
            .find(|&c| matches!(t.base(c), "obl" | "nmod" | "obj"))?
    };
    let clause = t.head(n).filter(|&h| h != k)?;
    // "X said …, according to Reuters": the outlet relays X's words.
    let reported = |v: usize| {
        t.upos(v) == "VERB"
            && contains(SPEECH_VERBS, &t.lemma[v])
            && t.kids[v].iter().any(|&c| t.base(c) == "nsubj")
    };
    if reported(clause)
        || t.kids[clause]
            .iter()
            .any(|&c| t.rel(c) == "parataxis" && reported(c))
    {
        return None;
    }
    let whole = t.subtree_trimmed(clause);
    let own = t.subtree(n);
    let from = own.start.min(t.span(k).start);
    let content = if from > t.span(clause).start {
        Span::new(whole.start, from)
    } else {
        Span::new(own.end, whole.end)
    };
    let content = trim_punct(t, content);
    if content.is_empty() {
        return None;
    }
    Some(Attr::new(
        Some(si),
        Some(k),
        Some(Span::new(t.span(k).start, t.span(k + 1).end)),
        Source::Token(n),
        content,
        QuoteKind::Indirect,
    ))
}

/// The cue as written: the verb, with "out" of "point out" and "as saying" of "was quoted as
/// saying".
fn cue_span(t: &Tree, k: usize) -> Span {
    let mut s = t.span(k);
    for &c in &t.kids[k] {
        let take = (t.rel(c) == "compound:prt" && c == k + 1)
            || (t.lemma[k] == "quote"
                && matches!(t.base(c), "xcomp" | "advcl")
                && t.lemma[c] == "say"
                && c == k + 2);
        if take {
            s = Span::new(s.start.min(t.span(c).start), s.end.max(t.span(c).end));
        }
    }
    s
}

/// The head of the speaker's phrase for a cue verb.
fn speaker_tok(t: &Tree, v: usize) -> Option<usize> {
    speaker_tok_avoiding(t, v, None)
}

/// The head of the speaker's phrase for a cue verb, never a word inside `avoid` (the quote:
/// a parse may make a word of the quotation the subject of "added").
fn speaker_tok_avoiding(t: &Tree, v: usize, avoid: Option<Span>) -> Option<usize> {
    let outside = |i: usize| avoid.is_none_or(|a| overlap(t.span(i), a) == 0);
    let mut h = v;
    for _ in 0..4 {
        let l = t.lemma[h].as_str();
        // Two subjects are a parse error ("the movement's wing Hamas issued"): the one nearer
        // the verb is the name.
        let subj = t.kids[h]
            .iter()
            .copied()
            .filter(|&c| matches!(t.rel(c), "nsubj" | "nsubj:pass" | "nsubj:outer"))
            .filter(|&c| outside(c))
            .max_by_key(|&c| (c < h, c));
        if matches!(l, "quote" | "cite") {
            if let Some(s) = subj.filter(|&s| t.rel(s) == "nsubj:pass") {
                return Some(s);
            }
        }
        if t.passive(h) {
            let agent = t.kids[h]
                .iter()
                .copied()
                .find(|&c| t.base(c) == "obl" && t.case_of(c) == Some("by"));
            if agent.is_some() {
                return agent;
            }
            if subj.is_some_and(|s| t.lemma[s] == "it") {
                return None;
            }
        }
        if let Some(s) = subj {
            if t.upos(s) != "PRON" || !matches!(t.lemma[s].as_str(), "that" | "which" | "what") {
                return Some(s);
            }
        }
        // "said Smith" parsed with Smith as the object.
        if contains(SPEECH_VERBS, l) {
            if let Some(o) = t.kid(h, "obj").filter(|&o| outside(o)) {
                if o > h && matches!(t.upos(o), "PROPN" | "NOUN") {
                    return Some(o);
                }
            }
        }
        if matches!(t.base(h), "xcomp" | "conj" | "advcl") {
            h = t.head(h)?;
        } else {
            return None;
        }
    }
    None
}

/// The source of a cue noun: its possessor, or the subject of the verb it is the object of
/// ("Hamas issued a statement that …").
fn noun_source(t: &Tree, n: usize) -> Option<usize> {
    if let Some(p) = t.kid(n, "nmod:poss") {
        return Some(p);
    }
    if matches!(t.base(n), "obj" | "obl") {
        let v = t.head(n)?;
        return t.kids[v]
            .iter()
            .copied()
            .filter(|&c| t.rel(c) == "nsubj")
            .max_by_key(|&c| (c < v, c));
    }
    None
}

struct Cx<'a> {
    input: &'a Input<'a>,
    dict: Option<&'a Dictionary>,
    trees: &'a [Tree<'a>],
    /// The gender of each person mention, from its own given name or title or from a fuller
    /// mention of the same surname in the article.
    genders: &'a [Option<Gender>],
    /// Whether each mention is (part of) the subject of its sentence.
    subjects: &'a [bool],
}

/// Genders of the article's person mentions ("Jeff Merkley" makes a later "Merkley" male).
fn mention_genders(entities: &[Mention]) -> Vec<Option<Gender>> {
    let surname = |t: &str| {
        strip_possessive(t)
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string()
    };
    let mut known: Vec<(String, Gender)> = Vec::new();
    for e in entities.iter().filter(|e| e.kind == EntityType::Per) {
        if let Some(g) = gender::of_name(&e.text) {
            let s = surname(&e.text);
            if !known.iter().any(|(k, _)| *k == s) {
                known.push((s, g));
            }
        }
    }
    entities
        .iter()
        .map(|e| {
            if e.kind != EntityType::Per {
                return None;
            }
            gender::of_name(&e.text).or_else(|| {
                let s = surname(&e.text);
                known.iter().find(|(k, _)| *k == s).map(|&(_, g)| g)
            })
        })
        .collect()
}

impl Cx<'_> {
    fn sentence_at(&self, pos: usize) -> Option<usize> {
        let ss = self.input.sentences;
        let i = ss.partition_point(|s| s.span.start <= pos);
        (i > 0 && pos < ss[i - 1].span.end.max(ss[i - 1].span.start + 1)).then(|| i - 1)
    }

    fn paragraph_at(&self, pos: usize) -> usize {
        self.input
            .paragraphs
            .partition_point(|p| p.start <= pos)
            .saturating_sub(1)
    }

    /// A cue verb in sentence `si` outside `m`, nearest to it, after it when `after`.
    fn cue_near(&self, si: usize, m: &Marked, after: bool) -> Option<usize> {
        let t = &self.trees[si];
        let ok = |k: usize| {
            t.upos(k) == "VERB"
                && (contains(SPEECH_VERBS, &t.lemma[k]) || is_cue_verb(&t.lemma[k]))
                && (t.span(k).end <= m.open || t.span(k).start >= m.end)
        };
        let body = self.input.body;
        if after {
            let k = (0..t.len()).find(|&k| t.span(k).start >= m.end && ok(k))?;
            // Nothing but a short reporting clause between the quote and its cue.
            let gap = body.get(m.end..t.span(k).start).unwrap_or("");
            if gap.contains(['“', '"', '«']) {
                return None;
            }
            // A long gap only when it is the speaker's phrase ("…,” Leonard E. Burman,
            // director of the centrist …, said).
            let long_ok = gap.len() <= 300
                && speaker_tok(t, k).is_some_and(|sp| {
                    let np = np_span(t, sp);
                    np.start >= m.end && np.start - m.end <= 4
                });
            (gap.len() <= 80 || long_ok).then_some(k)
        } else {
            let k = (0..t.len())
                .rev()
                .find(|&k| t.span(k).end <= m.open && ok(k))?;
            let gap = body.get(t.span(k).end..m.open).unwrap_or("");
            (gap.len() <= 60 || gap.trim_end().ends_with(':')).then_some(k)
        }
    }

    fn according_near(&self, si: usize, m: &Marked) -> Option<usize> {
        let t = &self.trees[si];
        (0..t.len()).find(|&k| {
            t.lower(k) == "according"
                && k + 1 < t.len()
                && t.lower(k + 1) == "to"
                && t.span(k).end <= m.open
        })
    }
}

/// Give a quotation of speech its cue and speaker: a cue verb after it or before it in its
/// sentences, a colon lead-in, a dash and a name, or else the speaker carried over.
fn link_direct(cx: &Cx, m: &Marked, attrs: &mut Vec<Attr>) {
    let body = cx.input.body;
    let direct = |sent, cue_tok, cue, source| Attr {
        balanced: m.balanced,
        ..Attr::new(sent, cue_tok, cue, source, m.content, QuoteKind::Direct)
    };
    // A dash and a name right after the quote.
    let after = body
        .get(m.end..cx.input.paragraphs[cx.paragraph_at(m.open.max(m.end.saturating_sub(1)))].end)
        .unwrap_or("");
    let trimmed = after.trim_start_matches([' ', ',']);
    if let Some(rest) = trimmed
        .strip_prefix('—')
        .or_else(|| trimmed.strip_prefix('–'))
        .or_else(|| trimmed.strip_prefix('―'))
        .or_else(|| trimmed.strip_prefix("--"))
        .or_else(|| trimmed.strip_prefix("- "))
    {
        let name_len = rest
            .trim_start()
            .find(['.', ',', ';', '(', '\n'])
            .unwrap_or(rest.trim_start().len());
        if name_len > 0 && name_len <= 60 {
            let start = m.end + (after.len() - rest.len()) + (rest.len() - rest.trim_start().len());
            let dash = Span::new(m.end + (after.len() - trimmed.len()), start);
            let name = Span::new(start, start + name_len);
            attrs.push(direct(
                None,
                None,
                Some(marks::trim(body, dash)),
                Source::Text(marks::trim(body, name)),
            ));
            return;
        }
    }
    let s_close = cx.sentence_at(m.end.saturating_sub(1));
    let s_open = cx.sentence_at(m.open);
    let mut found: Option<(usize, usize)> = None;
    if let Some(sc) = s_close {
        found = cx.cue_near(sc, m, true).map(|k| (sc, k));
        // The splitter may end the sentence at the closing mark: "… .” he said."
        if found.is_none() && sc + 1 < cx.trees.len() {
            let next = &cx.input.sentences[sc + 1];
            let same_para = cx.paragraph_at(next.span.start) == cx.paragraph_at(m.open);
            if same_para && next.span.start.saturating_sub(m.end) <= 3 {
                found = cx.cue_near(sc + 1, m, true).map(|k| (sc + 1, k));
            }
        }
    }
    if found.is_none() {
        if let Some(so) = s_open {
            found = cx.cue_near(so, m, false).map(|k| (so, k));
            if found.is_none() {
                if let Some(k) = cx.according_near(so, m) {
                    let t = &cx.trees[so];
                    if let Some(mut a) = according_to(so, t, k) {
                        a.quote(m);
                        attrs.push(a);
                        return;
                    }
                }
            }
        }
    }
    // A colon lead-in: "Kadyrov wrote on Telegram:" then the quote.
    if found.is_none() {
        let before = body.get(..m.open).unwrap_or("").trim_end();
        if before.ends_with(':') {
            if let Some(sp) = cx.sentence_at(before.len() - 1) {
                let t = &cx.trees[sp];
                let k = (0..t.len())
                    .rev()
                    .find(|&k| t.upos(k) == "VERB" && is_cue_verb(&t.lemma[k]))
                    .or_else(|| (0..t.len()).find(|&k| t.rel(k) == "root"));
                if let Some(k) = k {
                    found = Some((sp, k));
                }
            }
        }
    }
    match found {
        Some((si, k)) => {
            let t = &cx.trees[si];
            // The cue may already carry an attribution: a quotation takes its place.
            if let Some(a) = attrs.iter_mut().find(|a| {
                a.sent == Some(si) && a.cue_tok == Some(k) && a.kind == QuoteKind::Indirect
            }) {
                a.quote(m);
                return;
            }
            let quote = Span::new(m.open, m.end);
            let source = speaker_tok_avoiding(t, k, Some(quote))
                .map(Source::Token)
                .or_else(|| name_beside(cx, t.span(k)).map(Source::Text))
                .unwrap_or(Source::Unknown);
            attrs.push(direct(Some(si), Some(k), Some(cue_span(t, k)), source));
        }
        None => attrs.push(direct(None, None, None, Source::Carried)),
    }
}

/// A name written right after a cue ("said Mr. Burman (a view …") or right before it ("Mr.
/// Barrett said"), for parses that lost the subject.
fn name_beside(cx: &Cx, cue: Span) -> Option<Span> {
    let body = cx.input.body;
    cx.input
        .entities
        .iter()
        .filter(|e| matches!(e.kind, EntityType::Per | EntityType::Org))
        .find(|e| {
            let after = e.span.start >= cue.end
                && body
                    .get(cue.end..e.span.start)
                    .is_some_and(|g| g.trim().is_empty());
            let before = e.span.end <= cue.start
                && body
                    .get(e.span.end..cue.start)
                    .is_some_and(|g| g.trim().is_empty());
            after || before
        })
        .map(|e| e.span)
}

const PERSONAL: &[&str] = &["he", "she", "him", "her", "i", "me"];
const COLLECTIVE: &[&str] = &["they", "them", "it", "we", "us"];

impl Cx<'_> {
    fn speaker(&self, a: &Attr, done: &[Attr]) -> Option<Speaker> {
        match a.source {
            Source::Token(k) => {
                let si = a.sent?;
                self.speaker_of_token(si, k, a.appos, done)
            }
            Source::Text(span) => Some(self.speaker_of_text(span)),
            Source::Carried => self.carried(a, done),
            Source::Unknown => None,
        }
    }

    /// The speaker carried over from the previous attribution in the same or the previous
    /// paragraph, else the subject of the previous paragraph.
    fn carried(&self, a: &Attr, done: &[Attr]) -> Option<Speaker> {
        let para = self.paragraph_at(a.content.start);
        if let Some(prev) = done.iter().rev().find(|p| p.speaker.is_some()) {
            let pp = self.paragraph_at(prev.content.end.saturating_sub(1));
            if pp + 1 >= para {
                return prev.speaker.clone();
            }
        }
        // The subject of the previous paragraph's first sentence.
        let p = *self.input.paragraphs.get(para.checked_sub(1)?)?;
        let si = self.sentence_at(p.start)?;
        let t = &self.trees[si];
        let root = (0..t.len()).find(|&k| t.rel(k) == "root")?;
        let subj = t.kid_base(root, "nsubj")?;
        self.speaker_of_token(si, subj, None, done)
    }

    fn speaker_of_text(&self, span: Span) -> Speaker {
        let text = span.text(self.input.body).to_string();
        if let Some(m) = self
            .input
            .entities
            .iter()
            .find(|e| overlap(e.span, span) > 0 && e.kind == EntityType::Per)
        {
            return self.speaker_of_mention(m, Some((text, span)));
        }
        let mut r = ActorRef {
            text: text.clone(),
            span: Some(span),
            ..ActorRef::default()
        };
        let mut person = false;
        if let Some(res) = self.dict.and_then(|d| d.resolve(&text, self.input.date)) {
            person = res.kind == ActorKind::Person;
            r.name = Some(res.name);
            r.actor = Some(res.actor_id);
            r.code = Some(res.code);
        }
        Speaker { r, person }
    }

    fn speaker_of_token(
        &self,
        si: usize,
        k: usize,
        appos: Option<Span>,
        done: &[Attr],
    ) -> Option<Speaker> {
        let t = &self.trees[si];
        let mut np = np_span(t, k);
        if let Some(x) = appos {
            let m = self.input.entities.iter().find(|e| e.span == x)?;
            np = Span::new(np.start, x.end);
            return Some(
                self.speaker_of_mention(m, Some((np.text(self.input.body).to_string(), np))),
            );
        }
        let np_text = np.text(self.input.body).to_string();
        let word = t.lower(k);
        let at = t.span(k);
        if t.upos(k) == "PRON" || contains(PERSONAL, &word) || contains(COLLECTIVE, &word) {
            let personal = contains(PERSONAL, &word);
            if !personal && !contains(COLLECTIVE, &word) {
                return None;
            }
            let mut s =
                self.antecedent(at.start, personal, gender::of_pronoun(&word), None, done)?;
            s.r.text = t.toks[k].text.clone();
            s.r.span = Some(at);
            return Some(s);
        }
        let ents = self.input.entities;
        // A name at the head or beside it in apposition: "the spokesperson …, Maria Zakharova".
        let heads: Vec<Span> = std::iter::once(at)
            .chain(
                t.kids[k]
                    .iter()
                    .filter(|&&c| matches!(t.base(c), "appos" | "flat" | "compound"))
                    .map(|&c| t.subtree(c)),
            )
            .collect();
        // The name that covers the head comes first ("Trump lawyer Marc Kasowitz" is
        // Kasowitz, not Trump), then one in apposition or a compound.
        let named = |kind: Option<EntityType>, spans: &[Span]| {
            ents.iter().find(|e| {
                kind.is_none_or(|kk| e.kind == kk)
                    && spans.iter().any(|&h| overlap(e.span, h) > 0)
                    && within(e.span, np)
            })
        };
        let found = named(Some(EntityType::Per), &heads[..1])
            .or_else(|| named(Some(EntityType::Per), &heads))
            .or_else(|| named(None, &heads[..1]))
            .or_else(|| named(None, &heads));
        if let Some(m) = found {
            return Some(self.speaker_of_mention(m, Some((np_text, np))));
        }
        // A description: "the close ally of Russian President Vladimir Putin".
        if t.upos(k) == "NOUN" && contains(PERSON_NOUNS, &t.lemma[k]) {
            let definite = t.kids[k].iter().any(|&c| {
                t.base(c) == "det" && matches!(t.lemma[c].as_str(), "the" | "this" | "that")
            });
            if definite {
                if let Some(mut s) = self.antecedent(at.start, true, None, Some(np), done) {
                    s.r.text = np_text;
                    s.r.span = Some(np);
                    return Some(s);
                }
            }
        }
        // A phrase the dictionary knows ("the Kremlin", "Russia's foreign ministry").
        let core = core_span(t, k);
        let mut r = ActorRef {
            text: np_text,
            span: Some(np),
            ..ActorRef::default()
        };
        let mut person = t.upos(k) == "PROPN";
        if let Some(res) = self
            .dict
            .and_then(|d| d.resolve_phrase(core.text(self.input.body), self.input.date))
        {
            person = res.kind == ActorKind::Person;
            r.name = Some(res.name);
            r.actor = Some(res.actor_id);
            r.code = Some(res.code);
        } else if t.upos(k) == "PROPN" {
            r.name = Some(strip_possessive(core.text(self.input.body)).to_string());
        }
        Some(Speaker { r, person })
    }

    /// The speaker a pronoun or description at `pos` stands for: the last speaker of the same
    /// kind within a few paragraphs, else the last person (or organisation) named before it.
    /// A candidate whose known gender disagrees with the pronoun's is passed over, unless no
    /// other candidate is left.
    fn antecedent(
        &self,
        pos: usize,
        personal: bool,
        want_gender: Option<Gender>,
        exclude: Option<Span>,
        done: &[Attr],
    ) -> Option<Speaker> {
        let para = self.paragraph_at(pos);
        let body = self.input.body;
        let inside = |s: &Speaker| {
            exclude.is_some_and(|x| {
                s.r.name.as_deref().is_some_and(|n| {
                    n.split_whitespace()
                        .last()
                        .is_some_and(|last| x.text(body).contains(last))
                })
            })
        };
        let disagrees =
            |g: Option<Gender>| want_gender.is_some() && g.is_some() && g != want_gender;
        let mut fallback: Option<Speaker> = None;
        for p in done.iter().rev() {
            let Some(s) = &p.speaker else { continue };
            if self.paragraph_at(p.content.start) + 4 < para {
                break;
            }
            if s.person == personal && s.r.name.is_some() && !inside(s) {
                if disagrees(self.speaker_gender(s)) {
                    fallback.get_or_insert_with(|| s.clone());
                    continue;
                }
                // A person of the pronoun's gender who is the subject of a sentence after that
                // speaker spoke, in the same or the previous paragraph, is nearer.
                if personal {
                    let since = p.content.end.max(p.cue.map_or(0, |c| c.end));
                    let ents = self.input.entities;
                    let nearer = (0..ents.len()).rev().find(|&i| {
                        let e = &ents[i];
                        e.kind == EntityType::Per
                            && self.subjects.get(i).copied().unwrap_or(false)
                            && e.span.start >= since
                            && e.span.end <= pos
                            && self.paragraph_at(e.span.start) + 1 >= para
                            && exclude.is_none_or(|x| overlap(e.span, x) == 0)
                            && !disagrees(self.genders.get(i).copied().flatten())
                            && s.r.name.as_deref().is_none_or(|n| {
                                !n.ends_with(
                                    strip_possessive(&e.text).rsplit(' ').next().unwrap_or(""),
                                )
                            })
                    });
                    if let Some(i) = nearer {
                        return Some(self.speaker_of_mention(&ents[i], None));
                    }
                }
                return Some(s.clone());
            }
        }
        // The speaker of the same or the previous paragraph outranks a person merely named,
        // whatever the pronoun's gender ("he was quoted as saying" after Maria Zakharova).
        if let Some(f) = &fallback {
            let recent = done
                .iter()
                .rev()
                .find(|p| p.speaker.as_ref().is_some_and(|s| s.r == f.r));
            if let Some(p) = recent.filter(|p| self.paragraph_at(p.content.start) + 1 >= para) {
                // … unless a person of the pronoun's gender is named after that speaker spoke.
                let since = p.content.end.max(p.cue.map_or(0, |c| c.end));
                let ents = self.input.entities;
                let named_since = ents.iter().enumerate().any(|(i, e)| {
                    e.kind == EntityType::Per
                        && e.span.start >= since
                        && e.span.end <= pos
                        && !disagrees(self.genders.get(i).copied().flatten())
                });
                if !named_since {
                    return fallback;
                }
            }
        }
        let want = |e: &Mention| {
            if personal {
                e.kind == EntityType::Per
            } else {
                matches!(e.kind, EntityType::Org | EntityType::Gpe)
            }
        };
        let ents = self.input.entities;
        let end = ents.partition_point(|e| e.span.end <= pos);
        for i in (0..end).rev() {
            let e = &ents[i];
            if !want(e) || exclude.is_some_and(|x| overlap(e.span, x) > 0) {
                continue;
            }
            if disagrees(self.genders.get(i).copied().flatten()) {
                if fallback.is_none() {
                    fallback = Some(self.speaker_of_mention(e, None));
                }
                continue;
            }
            return Some(self.speaker_of_mention(e, None));
        }
        fallback
    }

    fn speaker_gender(&self, s: &Speaker) -> Option<Gender> {
        let name = s.r.name.as_deref().unwrap_or(&s.r.text);
        gender::of_name(name).or_else(|| {
            let last = name.split_whitespace().last()?;
            self.input
                .entities
                .iter()
                .zip(self.genders)
                .find(|(e, g)| g.is_some() && strip_possessive(&e.text).ends_with(last))
                .and_then(|(_, g)| *g)
        })
    }

    fn speaker_of_mention(&self, m: &Mention, written: Option<(String, Span)>) -> Speaker {
        let (text, span) = written.unwrap_or_else(|| (m.text.clone(), m.span));
        let clean = strip_possessive(&m.text);
        let res = self.dict.and_then(|d| d.resolve(clean, self.input.date));
        let person =
            m.kind == EntityType::Per || res.as_ref().is_some_and(|r| r.kind == ActorKind::Person);
        let r = ActorRef {
            text,
            span: Some(span),
            name: Some(
                res.as_ref()
                    .map_or_else(|| clean.to_string(), |r| r.name.clone()),
            ),
            actor: m
                .actor
                .clone()
                .or_else(|| res.as_ref().map(|r| r.actor_id.clone())),
            code: m
                .code
                .clone()
                .or_else(|| res.as_ref().map(|r| r.code.clone())),
        };
        Speaker { r, person }
    }

    /// The medium and the relaying outlets named around a cue.
    fn channel(&self, si: usize, k: usize, a: &Attr) -> (Option<String>, Vec<String>) {
        let t = &self.trees[si];
        let outside = |i: usize| overlap(t.span(i), a.content) == 0;
        let mut medium = None;
        if t.lemma[k] == "tweet" {
            medium = Some("X/Twitter".to_string());
        }
        let scope: Vec<usize> = (0..t.len())
            .filter(|&i| outside(i) && (t.dominates(k, i) || t.head(k).is_some_and(|h| h == i)))
            .collect();
        if medium.is_none() {
            for &i in &scope {
                if i == k {
                    continue;
                }
                let w = t.lower(i);
                if let Some(md) = medium_of(&w) {
                    // "the conference" alone is not a press conference: ask for press/news.
                    if md == "press conference"
                        && !(i > 0 && matches!(t.lower(i - 1).as_str(), "press" | "news"))
                    {
                        continue;
                    }
                    medium = Some(md.to_string());
                    break;
                }
                if w == "x" && t.upos(i) == "PROPN" && t.case_of(i) == Some("on") {
                    medium = Some("X/Twitter".to_string());
                    break;
                }
            }
        }
        let mut relays = Vec::new();
        for i in (0..t.len()).filter(|&i| outside(i)) {
            let lower = t.lower(i);
            let l = if lower == "according" {
                "according"
            } else {
                t.lemma[i].as_str()
            };
            let candidates: Vec<usize> = match l {
                "quote" | "cite" => (0..t.len())
                    .filter(|&c| {
                        t.base(c) == "obl"
                            && t.case_of(c) == Some("by")
                            && t.dominates(i, c)
                            && t.head(c).is_some_and(|h| h == i || t.head(h) == Some(i))
                    })
                    .collect(),
                "tell" if i == k => t.kids[i]
                    .iter()
                    .copied()
                    .filter(|&c| matches!(t.base(c), "obj" | "iobj") || t.case_of(c) == Some("to"))
                    .collect(),
                "interview" => t.kids[i]
                    .iter()
                    .copied()
                    .filter(|&c| t.case_of(c) == Some("with"))
                    .collect(),
                "according" if i != k && i + 1 < t.len() && t.lower(i + 1) == "to" => {
                    t.head(i).into_iter().collect()
                }
                _ => Vec::new(),
            };
            for c in candidates {
                if let Some(o) = self.outlet(t, c, l != "tell" && l != "according") {
                    if !relays.contains(&o) {
                        relays.push(o);
                    }
                }
            }
        }
        (medium, relays)
    }

    /// The outlet named in the phrase headed by `n` ("the official Russian media, TASS"):
    /// a name the dictionary knows as media, else (when `loose`) the phrase's proper name.
    fn outlet(&self, t: &Tree, n: usize, loose: bool) -> Option<String> {
        let (lo, hi) = t.extent[n];
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = lo;
        while i <= hi {
            if t.upos(i) == "PROPN" {
                let s = i;
                while i < hi && t.upos(i + 1) == "PROPN" {
                    i += 1;
                }
                runs.push((s, i));
            }
            i += 1;
        }
        let body = self.input.body;
        for &(s, e) in &runs {
            let text = Span::new(t.span(s).start, t.span(e).end).text(body);
            if let Some(r) = self.dict.and_then(|d| d.resolve(text, self.input.date)) {
                if r.kind == ActorKind::Media {
                    return Some(r.name);
                }
            }
        }
        if loose {
            let &(s, e) = runs.last()?;
            return Some(
                Span::new(t.span(s).start, t.span(e).end)
                    .text(body)
                    .to_string(),
            );
        }
        None
    }
}

/// The speaker's phrase: the subtree of its head without relative clauses.
fn np_span(t: &Tree, k: usize) -> Span {
    let mut whole = t.subtree_trimmed(k);
    // Without its preposition ("according to", "by").
    if let Some(end) = t.kids[k]
        .iter()
        .copied()
        .filter(|&c| c < k && matches!(t.base(c), "case" | "mark"))
        .map(|c| t.subtree(c).end)
        .max()
    {
        whole = trim_punct(t, Span::new(end, whole.end));
    }
    let cut = t.kids[k]
        .iter()
        .copied()
        .filter(|&c| c > k && matches!(t.rel(c), "acl:relcl" | "acl"))
        .map(|c| t.subtree(c).start)
        .min();
    match cut {
        Some(c) => trim_punct(t, Span::new(whole.start, c)),
        None => whole,
    }
}

/// The head with its determiners, adjectives and compounds ("Russia's foreign ministry").
fn core_span(t: &Tree, k: usize) -> Span {
    let mut lo = k;
    while lo > 0
        && t.head(lo - 1) == Some(k)
        && matches!(
            t.base(lo - 1),
            "det" | "amod" | "compound" | "nmod" | "flat"
        )
    {
        lo -= 1;
    }
    let mut hi = k;
    while hi + 1 < t.len()
        && t.head(hi + 1) == Some(k)
        && matches!(t.base(hi + 1), "flat" | "compound")
    {
        hi += 1;
    }
    Span::new(t.span(lo).start, t.span(hi).end)
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("’s")
        .or_else(|| s.strip_suffix("'s"))
        .unwrap_or(s)
        .trim()
}
