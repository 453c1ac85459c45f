//! Evaluation in the style of the CoNLL 2018 shared task (`conll18_ud_eval.py`).
//!
//! - Segmentation of raw text: [`raw_text`] rebuilds the raw text of a gold CoNLL-U file
//!   (forms joined by `SpaceAfter`, sentences by a space, paragraphs — `# newpar`,
//!   `# newdoc` — by a blank line) with the gold segmentation as [`Token`]s into it;
//!   [`score_segmentation`] compares a predicted segmentation of that text with it. Spans
//!   are compared in characters with whitespace ignored, as the official script does: a token
//!   or sentence is correct when its span matches exactly; words inside multiword tokens are
//!   aligned by the longest common subsequence of their lower-cased forms.
//! - Tagging and parsing on gold tokenization, for the tagger, lemmatizer and parser:
//!   [`score_tags`] (UPOS, XPOS, UFeats, AllTags, Lemmas) and [`score_parse`] (UAS, LAS on
//!   the universal part of the relation, and LAS with subtypes). Punctuation counts, as in
//!   CoNLL 2018.

use crate::conllu::Sentence;
use crate::tokenize::Token;

/// Counts behind precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Items in the gold standard.
    pub gold: usize,
    /// Items predicted.
    pub system: usize,
    /// Predicted items that match gold ones.
    pub correct: usize,
}

impl Counts {
    /// Correct / system (1 when nothing was predicted and nothing was expected).
    #[must_use]
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system, self.gold == 0)
    }
    /// Correct / gold.
    #[must_use]
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold, self.system == 0)
    }
    /// The harmonic mean of precision and recall.
    #[must_use]
    pub fn f1(&self) -> f64 {
        if self.gold + self.system == 0 {
            return 1.0;
        }
        2.0 * self.correct as f64 / (self.gold + self.system) as f64
    }
}

fn ratio(a: usize, b: usize, empty_ok: bool) -> f64 {
    if b == 0 {
        if empty_ok {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

/// Scores of a raw-text segmentation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentationScores {
    /// Surface tokens (a multiword token counts once).
    pub tokens: Counts,
    /// Syntactic words.
    pub words: Counts,
    /// Sentences.
    pub sentences: Counts,
}

/// Raw text rebuilt from a gold CoNLL-U file, with its gold segmentation.
#[derive(Debug, Clone, Default)]
pub struct RawText {
    /// The text.
    pub text: String,
    /// The gold sentences as words with byte offsets into [`RawText::text`].
    pub sentences: Vec<Vec<Token>>,
}

/// Rebuild the raw text of `gold` and its segmentation.
///
/// Surface tokens are joined by a space unless `SpaceAfter=No`; sentences of a paragraph
/// likewise; a sentence that starts a paragraph or document (`# newpar`, `# newdoc`) starts
/// after a blank line. The words of a multiword token get their own spans when their forms
/// spell the token (`do` + `n't` = `don't`), and the token's span otherwise.
#[must_use]
pub fn raw_text(gold: &[Sentence]) -> RawText {
    let mut text = String::new();
    let mut sentences = Vec::with_capacity(gold.len());
    for (si, s) in gold.iter().enumerate() {
        if si > 0 && (s.starts_document() || s.starts_paragraph()) {
            let keep = text.trim_end().len();
            text.truncate(keep);
            text.push_str("\n\n");
        }
        let mut toks = Vec::with_capacity(s.words.len());
        let mut id = 1;
        while id <= s.words.len() {
            if let Some(m) = s
                .multiword
                .iter()
                .find(|m| m.first == id && m.last >= id && m.last <= s.words.len())
            {
                let start = text.len();
                text.push_str(&m.form);
                let end = text.len();
                let parts = &s.words[m.first - 1..m.last];
                let spelled = parts.iter().map(|w| w.form.len()).sum::<usize>() == m.form.len()
                    && parts.iter().map(|w| w.form.as_str()).collect::<String>() == m.form;
                let mut at = start;
                for w in parts {
                    let (a, b) = if spelled {
                        (at, at + w.form.len())
                    } else {
                        (start, end)
                    };
                    at += w.form.len();
                    toks.push(Token {
                        start: a,
                        end: b,
                        text: w.form.clone(),
                        space_after: false,
                        mwt: Some((start, end)),
                    });
                }
                let space = !m.misc.split('|').any(|x| x == "SpaceAfter=No");
                if let Some(t) = toks.last_mut() {
                    t.space_after = space;
                }
                if space {
                    text.push(' ');
                }
                id = m.last + 1;
            } else {
                let w = &s.words[id - 1];
                let start = text.len();
                text.push_str(&w.form);
                let space = !w.no_space_after();
                toks.push(Token {
                    start,
                    end: text.len(),
                    text: w.form.clone(),
                    space_after: space,
                    mwt: None,
                });
                if space {
                    text.push(' ');
                }
                id += 1;
            }
        }
        sentences.push(toks);
    }
    let keep = text.trim_end().len();
    text.truncate(keep);
    text.push('\n');
    RawText { text, sentences }
}

/// Line breaks to put into a rebuilt raw text, to see (or teach) what single line breaks
/// inside a paragraph do to segmentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineBreaks {
    /// Every sentence of a paragraph on a line of its own.
    SentencePerLine,
    /// Lines wrapped at this many characters, wherever sentences end (as UD's
    /// `conllu_to_text.pl` does at 80).
    Wrap(usize),
}

/// Put line breaks into `raw.text` by turning single spaces into newlines (byte offsets do not
/// change). `pick` chooses the layout of each paragraph (by its index); `None` leaves it flat.
pub fn add_line_breaks(raw: &mut RawText, pick: &mut dyn FnMut(usize) -> Option<LineBreaks>) {
    let mut bytes = std::mem::take(&mut raw.text).into_bytes();
    // Paragraph of each sentence, from the blank lines between them.
    let mut para = 0;
    let mut layout = pick(0);
    let mut col = 0usize;
    let mut prev_end: Option<usize> = None;
    for (si, s) in raw.sentences.iter().enumerate() {
        let (Some(first), Some(last)) = (s.first(), s.last()) else {
            continue;
        };
        let start = first.surface_span().0;
        if let Some(pe) = prev_end {
            if bytes[pe..start].iter().filter(|&&b| b == b'\n').count() >= 2 {
                para += 1;
                layout = pick(para);
                col = 0;
            } else if layout == Some(LineBreaks::SentencePerLine) && &bytes[pe..start] == b" " {
                bytes[pe] = b'\n';
            }
        }
        if let Some(LineBreaks::Wrap(width)) = layout {
            // Wrap inside and after this sentence.
            let end = raw
                .sentences
                .get(si + 1)
                .and_then(|n| n.first())
                .map_or(bytes.len(), |t| t.surface_span().0);
            let mut i = start;
            while i < end {
                if bytes[i] == b'\n' {
                    col = 0;
                } else if bytes[i] == b' ' {
                    let word = bytes[i + 1..]
                        .iter()
                        .take_while(|b| !b.is_ascii_whitespace())
                        .count();
                    if col + 1 + word > width && col > 0 {
                        bytes[i] = b'\n';
                        col = 0;
                    } else {
                        col += 1;
                    }
                } else if bytes[i] & 0xc0 != 0x80 {
                    col += 1;
                }
                i += 1;
            }
        }
        prev_end = Some(last.surface_span().1);
    }
    raw.text = String::from_utf8(bytes).unwrap_or_default();
}

/// A span in non-whitespace characters.
type Span = (u32, u32);

struct Seg {
    tokens: Vec<Span>,
    /// Words: span (the token's for multiword parts), multiword flag, lower-cased form.
    words: Vec<(Span, bool, String)>,
    sentences: Vec<Span>,
}

fn to_seg(sentences: &[Vec<Token>], ns: &[u32]) -> Seg {
    let at = |i: usize| ns[i.min(ns.len() - 1)];
    let mut seg = Seg {
        tokens: Vec::new(),
        words: Vec::new(),
        sentences: Vec::new(),
    };
    for s in sentences {
        let mut first = None;
        let mut last = None;
        for (i, w) in s.iter().enumerate() {
            let (a, b) = w.surface_span();
            let span = (at(a), at(b));
            if span.0 == span.1 {
                continue;
            }
            let new_token = i == 0 || !s[i - 1].same_surface(w);
            if new_token {
                seg.tokens.push(span);
            }
            first.get_or_insert(span.0);
            last = Some(span.1);
            let word_span = if w.mwt.is_some() {
                span
            } else {
                (at(w.start), at(w.end))
            };
            seg.words
                .push((word_span, w.mwt.is_some(), w.text.to_lowercase()));
        }
        if let (Some(a), Some(b)) = (first, last) {
            seg.sentences.push((a, b));
        }
    }
    seg
}

/// `ns[i]`: the number of non-whitespace characters in `text[..i]`.
fn nonspace_prefix(text: &str) -> Vec<u32> {
    let mut ns = vec![0u32; text.len() + 1];
    let mut count = 0u32;
    let mut last = 0;
    for (i, c) in text.char_indices() {
        for v in &mut ns[last..=i] {
            *v = count;
        }
        last = i + 1;
        if !crate::tokenize::is_space(c) {
            count += 1;
        }
    }
    for v in &mut ns[last..] {
        *v = count;
    }
    ns
}

fn spans_score(gold: &[Span], system: &[Span]) -> Counts {
    let (mut g, mut s, mut correct) = (0, 0, 0);
    while g < gold.len() && s < system.len() {
        if system[s].0 < gold[g].0 {
            s += 1;
        } else if gold[g].0 < system[s].0 {
            g += 1;
        } else {
            correct += usize::from(gold[g].1 == system[s].1);
            g += 1;
            s += 1;
        }
    }
    Counts {
        gold: gold.len(),
        system: system.len(),
        correct,
    }
}

/// Score the predicted segmentation `system` of `text` against `gold` (both as words with
/// byte offsets into `text`, as from [`raw_text`] and [`crate::sentences::segment`]).
#[must_use]
pub fn score_segmentation(
    text: &str,
    gold: &[Vec<Token>],
    system: &[Vec<Token>],
) -> SegmentationScores {
    let ns = nonspace_prefix(text);
    let g = to_seg(gold, &ns);
    let s = to_seg(system, &ns);
    let aligned = align_words(&g.words, &s.words).len();
    SegmentationScores {
        tokens: spans_score(&g.tokens, &s.tokens),
        words: Counts {
            gold: g.words.len(),
            system: s.words.len(),
            correct: aligned,
        },
        sentences: spans_score(&g.sentences, &s.sentences),
    }
}

type EvalWord = (Span, bool, String);

/// The word alignment of `conll18_ud_eval.py`: pairs of (gold, system) word indices.
fn align_words(gold: &[EvalWord], system: &[EvalWord]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        if gold[gi].1 || system[si].1 {
            let (gs, ss, ge, se) = multiword_span(gold, system, gi, si);
            gi = ge;
            si = se;
            if ge > gs && se > ss {
                let lcs = lcs_table(&gold[gs..ge], &system[ss..se]);
                let (n, m) = (ge - gs, se - ss);
                let (mut g, mut s) = (0, 0);
                while g < n && s < m {
                    if gold[gs + g].2 == system[ss + s].2 {
                        pairs.push((gs + g, ss + s));
                        g += 1;
                        s += 1;
                    } else if lcs[g * m + s] == if g + 1 < n { lcs[(g + 1) * m + s] } else { 0 } {
                        g += 1;
                    } else {
                        s += 1;
                    }
                }
            }
        } else {
            let (gsp, ssp) = (gold[gi].0, system[si].0);
            if gsp == ssp {
                pairs.push((gi, si));
                gi += 1;
                si += 1;
            } else if gsp.0 <= ssp.0 {
                gi += 1;
            } else {
                si += 1;
            }
        }
    }
    pairs
}

fn beyond_end(words: &[EvalWord], i: usize, end: u32) -> bool {
    if i >= words.len() {
        return true;
    }
    if words[i].1 {
        words[i].0 .0 >= end
    } else {
        words[i].0 .1 > end
    }
}

fn extend_end(word: &EvalWord, end: u32) -> u32 {
    if word.1 && word.0 .1 > end {
        word.0 .1
    } else {
        end
    }
}

/// The minimal region around a multiword token that both sides cover: (gold start, system
/// start, gold end, system end).
fn multiword_span(
    gold: &[EvalWord],
    system: &[EvalWord],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[gi].1 {
        end = gold[gi].0 .1;
        if !system[si].1 && system[si].0 .0 < gold[gi].0 .0 {
            si += 1;
        }
    } else {
        end = system[si].0 .1;
        if !gold[gi].1 && gold[gi].0 .0 < system[si].0 .0 {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    while !beyond_end(gold, gi, end) || !beyond_end(system, si, end) {
        if gi < gold.len() && (si >= system.len() || gold[gi].0 .0 <= system[si].0 .0) {
            end = extend_end(&gold[gi], end);
            gi += 1;
        } else {
            end = extend_end(&system[si], end);
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// `lcs[g * m + s]`: the longest common subsequence of `gold[g..]` and `system[s..]`.
fn lcs_table(gold: &[EvalWord], system: &[EvalWord]) -> Vec<usize> {
    let (n, m) = (gold.len(), system.len());
    let mut lcs = vec![0usize; n * m];
    for g in (0..n).rev() {
        for s in (0..m).rev() {
            let mut v = 0;
            if gold[g].2 == system[s].2 {
                v = 1 + if g + 1 < n && s + 1 < m {
                    lcs[(g + 1) * m + s + 1]
                } else {
                    0
                };
            }
            if g + 1 < n {
                v = v.max(lcs[(g + 1) * m + s]);
            }
            if s + 1 < m {
                v = v.max(lcs[g * m + s + 1]);
            }
            lcs[g * m + s] = v;
        }
    }
    lcs
}

/// Tagging accuracies on gold tokenization, as fractions of gold words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TagScores {
    /// Universal part of speech.
    pub upos: f64,
    /// Language-specific tag.
    pub xpos: f64,
    /// Universal features (the features CoNLL 2018 counts as universal).
    pub ufeats: f64,
    /// UPOS, XPOS and UFeats all right.
    pub alltags: f64,
    /// Lemma (a gold `_` accepts anything).
    pub lemma: f64,
    /// Gold words scored.
    pub words: usize,
}

/// Parsing accuracies on gold tokenization, as fractions of gold words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParseScores {
    /// Right head.
    pub uas: f64,
    /// Right head and universal relation (the part before `:`).
    pub las: f64,
    /// Right head and full relation, subtype included.
    pub las_full: f64,
    /// Gold words scored.
    pub words: usize,
}

/// The features of CoNLL 2018's UFeats.
const UNIVERSAL_FEATURES: &[&str] = &[
    "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number",
    "Case", "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident",
    "Polarity", "Person", "Polite",
];

fn ufeats(feats: &str) -> Vec<&str> {
    let mut v: Vec<&str> = feats
        .split('|')
        .filter(|f| {
            f.split_once('=')
                .is_some_and(|(k, _)| UNIVERSAL_FEATURES.contains(&k))
        })
        .collect();
    v.sort_unstable();
    v
}

/// Pairs of gold and predicted sentences with the same number of words, and the total of
/// gold words (words of unpaired sentences count as wrong).
fn paired<'a>(
    gold: &'a [Sentence],
    pred: &'a [Sentence],
) -> (Vec<(&'a Sentence, &'a Sentence)>, usize) {
    let total = gold.iter().map(|s| s.words.len()).sum();
    let pairs = gold
        .iter()
        .zip(pred)
        .filter(|(g, p)| g.words.len() == p.words.len())
        .collect();
    (pairs, total)
}

fn frac(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// Tagging scores of `pred` against `gold`, sentence by sentence and word by word (same
/// tokenization; a sentence whose word count differs counts as all wrong).
#[must_use]
pub fn score_tags(gold: &[Sentence], pred: &[Sentence]) -> TagScores {
    let (pairs, total) = paired(gold, pred);
    let (mut upos, mut xpos, mut feats, mut all, mut lemma) = (0, 0, 0, 0, 0);
    for (g, p) in pairs {
        for (gw, pw) in g.words.iter().zip(&p.words) {
            let u = gw.upos == pw.upos;
            let x = gw.xpos == pw.xpos;
            let f = ufeats(&gw.feats) == ufeats(&pw.feats);
            upos += usize::from(u);
            xpos += usize::from(x);
            feats += usize::from(f);
            all += usize::from(u && x && f);
            lemma += usize::from(gw.lemma.is_empty() || gw.lemma == pw.lemma);
        }
    }
    TagScores {
        upos: frac(upos, total),
        xpos: frac(xpos, total),
        ufeats: frac(feats, total),
        alltags: frac(all, total),
        lemma: frac(lemma, total),
        words: total,
    }
}

fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Parsing scores of `pred` against `gold` (same tokenization, as for [`score_tags`]).
#[must_use]
pub fn score_parse(gold: &[Sentence], pred: &[Sentence]) -> ParseScores {
    let (pairs, total) = paired(gold, pred);
    let (mut uas, mut las, mut full) = (0, 0, 0);
    for (g, p) in pairs {
        for (gw, pw) in g.words.iter().zip(&p.words) {
            if gw.head.is_some() && gw.head == pw.head {
                uas += 1;
                if universal(&gw.deprel) == universal(&pw.deprel) {
                    las += 1;
                }
                if gw.deprel == pw.deprel {
                    full += 1;
                }
            }
        }
    }
    ParseScores {
        uas: frac(uas, total),
        las: frac(las, total),
        las_full: frac(full, total),
        words: total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    const GOLD: &str = "# newdoc\n# text = I don't know.\n\
        1\tI\tI\tPRON\tPRP\tCase=Nom|Person=1\t3\tnsubj\t_\t_\n\
        2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2\tdo\tdo\tAUX\tVBP\tMood=Ind\t4\taux\t_\t_\n\
        3\tn't\tnot\tPART\tRB\tPolarity=Neg\t4\tadvmod\t_\t_\n\
        4\tknow\tknow\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No\n\
        5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n\
        # text = Go!\n\
        1\tGo\tgo\tVERB\tVB\tMood=Imp\t0\troot\t_\tSpaceAfter=No\n\
        2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n\
        # newpar\n# text = Ok.\n\
        1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n\
        2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";

    fn gold() -> Vec<Sentence> {
        conllu::read(GOLD.as_bytes()).unwrap()
    }

    fn tok(text: &str, start: usize, mwt: Option<(usize, usize)>) -> Token {
        Token {
            start,
            end: start + text.len(),
            text: text.into(),
            space_after: true,
            mwt,
        }
    }

    #[test]
    fn rebuilds_raw_text_with_paragraphs_and_multiword_spans() {
        let raw = raw_text(&gold());
        assert_eq!(raw.text, "I don't know. Go!\n\nOk.\n");
        let s = &raw.sentences[0];
        assert_eq!(s.len(), 5);
        assert_eq!((s[1].start, s[1].end, s[1].mwt), (2, 4, Some((2, 7))));
        assert_eq!((s[2].start, s[2].end, &s[2].text[..]), (4, 7, "n't"));
        assert!(!s[3].space_after && s[4].space_after);
        for t in raw.sentences.iter().flatten() {
            assert_eq!(&raw.text[t.start..t.end], t.text);
        }
    }

    #[test]
    fn perfect_segmentation_scores_one() {
        let raw = raw_text(&gold());
        let s = score_segmentation(&raw.text, &raw.sentences, &raw.sentences);
        assert_eq!(s.tokens.correct, 8);
        assert_eq!(s.words.correct, 9);
        assert_eq!(s.sentences.correct, 3);
        assert!((s.words.f1() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn unsplit_clitics_and_merged_sentences_are_errors() {
        let raw = raw_text(&gold());
        // One sentence for the first paragraph, `don't` left whole.
        let sys = vec![
            vec![
                tok("I", 0, None),
                tok("don't", 2, None),
                tok("know", 8, None),
                tok(".", 12, None),
                tok("Go", 14, None),
                tok("!", 16, None),
            ],
            vec![tok("Ok", 19, None), tok(".", 21, None)],
        ];
        let s = score_segmentation(&raw.text, &raw.sentences, &sys);
        assert_eq!(
            s.tokens,
            Counts {
                gold: 8,
                system: 8,
                correct: 8
            }
        );
        // `don't` matches neither `do` nor `n't`.
        assert_eq!(
            s.words,
            Counts {
                gold: 9,
                system: 8,
                correct: 7
            }
        );
        assert_eq!(
            s.sentences,
            Counts {
                gold: 3,
                system: 2,
                correct: 1
            }
        );
        assert!((s.sentences.precision() - 0.5).abs() < 1e-12);
        assert!((s.sentences.recall() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn multiword_words_align_by_form() {
        let raw = raw_text(&gold());
        // The right words under a wrong multiword span still count, as in CoNLL 2018.
        let mut sys = raw.sentences.clone();
        sys[0][1].mwt = None;
        sys[0][2].mwt = None;
        let s = score_segmentation(&raw.text, &raw.sentences, &sys);
        assert_eq!(s.words.correct, 9);
        assert_eq!(s.tokens.correct, 7);
        assert_eq!(s.tokens.system, 9);
    }

    #[test]
    fn tag_scores_count_universal_features_only() {
        let g = gold();
        let mut p = g.clone();
        p[0].words[0].upos = "NOUN".into();
        p[0].words[0].feats = "Case=Nom|Person=1|Typo=Yes".into();
        p[0].words[2].lemma = "n't".into();
        p[1].words[0].xpos = "VBP".into();
        let s = score_tags(&g, &p);
        assert_eq!(s.words, 9);
        assert!((s.upos - 8.0 / 9.0).abs() < 1e-12);
        assert!((s.xpos - 8.0 / 9.0).abs() < 1e-12);
        assert!((s.ufeats - 1.0).abs() < 1e-12);
        assert!((s.alltags - 7.0 / 9.0).abs() < 1e-12);
        assert!((s.lemma - 8.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn parse_scores_compare_universal_relations() {
        let g = gold();
        let mut p = g.clone();
        p[0].words[1].deprel = "aux:pass".into();
        p[0].words[2].head = Some(1);
        p[2].words.pop();
        let s = score_parse(&g, &p);
        assert_eq!(s.words, 9);
        // Sentence 3 has another word count: its 2 words are wrong.
        assert!((s.uas - 6.0 / 9.0).abs() < 1e-12);
        assert!((s.las - 6.0 / 9.0).abs() < 1e-12);
        assert!((s.las_full - 5.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn line_breaks_keep_offsets() {
        let mut raw = raw_text(&gold());
        let before = raw.text.len();
        add_line_breaks(&mut raw, &mut |_| Some(LineBreaks::SentencePerLine));
        assert_eq!(raw.text, "I don't know.\nGo!\n\nOk.\n");
        assert_eq!(raw.text.len(), before);
        let mut raw = raw_text(&gold());
        add_line_breaks(&mut raw, &mut |_| Some(LineBreaks::Wrap(8)));
        assert_eq!(raw.text, "I don't\nknow.\nGo!\n\nOk.\n");
    }
}
