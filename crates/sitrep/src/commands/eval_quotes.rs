//! `sitrep eval quotes` and `sitrep bench quotes`: quotes and attributions against PolNeAR.
//!
//! PolNeAR (Newell, Margolin and Ruths, LREC 2018) marks every attribution of 1,008 US
//! political news articles with BRAT standoff spans: `Source`, `Cue`, `Content`, tied by an
//! `E` line. Offsets count Unicode code points of the `.txt`; spans may be discontinuous
//! (`start end;start end`). An article annotated by several people is scored against the first
//! annotation file in name order.
//!
//! What is scored:
//! - **Direct and mixed quotes** (gold: an attribution whose content holds a double quote
//!   mark, the typewriter `''` of the New York Times archive included; ours: quotes of kind `direct` or `mixed`). Ours is *right* when at least half of its
//!   characters, quote marks and spaces not counted, lie inside one gold content span (of any
//!   attribution); a gold quote is *found* when one of ours is right about it.
//! - **Speaker** of each gold direct quote found (and having a source): *by span* when our
//!   speaker's span shares a character with the gold source; *by name* when the gold source's
//!   name — its own text when it holds a capitalised word other than a pronoun, and for a bare
//!   pronoun the nearest earlier gold source that names someone (PolNeAR has no coreference,
//!   so this is an approximation) — has its last capitalised word in our resolved name. A
//!   source that is a description without a name ("the announcer") is right by name when it is
//!   right by span.
//! - **All attributions**: source, cue and content spans, exact (both ends equal once spaces,
//!   quote marks and `.,:;` are trimmed) and by overlap (one shared character), as precision,
//!   recall and F1. Our sources are counted once per span.

use crate::cli::{BenchQuotesArgs, EvalQuotesArgs};
use crate::pipeline::Pipeline;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use sitrep_types::{Article, Quote, QuoteKind, Record, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// One gold attribution, as byte spans of the text.
#[derive(Debug, Clone, Default)]
struct GoldAttr {
    source: Vec<Span>,
    cue: Vec<Span>,
    content: Vec<Span>,
}

/// One article of the corpus.
#[derive(Debug)]
struct Doc {
    name: String,
    outlet: String,
    date: Option<String>,
    text: String,
    gold: Vec<GoldAttr>,
}

fn data_dir(root: &Path) -> PathBuf {
    if root.join("data").is_dir() {
        root.join("data")
    } else {
        root.to_path_buf()
    }
}

/// The articles of one compartment with their first annotation file.
fn load_split(root: &Path, split: &str, limit: usize) -> Result<Vec<Doc>> {
    let dir = data_dir(root).join(split);
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .with_context(|| format!("reading {}", text_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut anns: Vec<PathBuf> = std::fs::read_dir(&ann_dir)
        .with_context(|| format!("reading {}", ann_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut docs = Vec::new();
    for path in names {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with(&prefix))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let ann_text =
            std::fs::read_to_string(ann).with_context(|| format!("reading {}", ann.display()))?;
        let gold = parse_ann(&ann_text, &text)
            .with_context(|| format!("{}: not a BRAT attribution file", ann.display()))?;
        let outlet = stem.split('_').next().unwrap_or("").to_string();
        let date = stem
            .split('_')
            .nth(1)
            .filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-')
            .map(str::to_string);
        docs.push(Doc {
            name: stem,
            outlet,
            date,
            text,
            gold,
        });
        if limit > 0 && docs.len() >= limit {
            break;
        }
    }
    if docs.is_empty() {
        bail!("{}: no annotated texts found", dir.display());
    }
    Ok(docs)
}

/// Read the `T` and `E` lines of a BRAT file into attributions with byte spans of `text`.
fn parse_ann(ann: &str, text: &str) -> Result<Vec<GoldAttr>> {
    // Code point offsets to byte offsets.
    let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_of.push(text.len());
    let to_byte = |c: usize| byte_of.get(c).copied();
    // Join covered texts that wrapped onto the next line.
    let mut lines: Vec<String> = Vec::new();
    for line in ann.lines() {
        let starts_record = line.starts_with('#')
            || ((line.starts_with('T') || line.starts_with('E'))
                && line[1..]
                    .split('\t')
                    .next()
                    .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())));
        match lines.last_mut() {
            Some(last) if !starts_record => {
                last.push('\n');
                last.push_str(line);
            }
            _ => lines.push(line.to_string()),
        }
    }
    let mut spans: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut out = Vec::new();
    for line in &lines {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        let Some(body) = cols.next() else { continue };
        if id.starts_with('T') {
            let (label, offsets) = body.split_once(' ').context("a T line without offsets")?;
            if !matches!(
                label,
                "Source" | "Cue" | "Content" | "Attribution" | "Attribution-no-source"
            ) {
                continue;
            }
            let mut frags = Vec::new();
            for frag in offsets.split(';') {
                let (a, b) = frag
                    .trim()
                    .split_once(' ')
                    .with_context(|| format!("bad offsets {frag:?}"))?;
                let (a, b): (usize, usize) = (a.parse()?, b.parse()?);
                let (Some(a), Some(b)) = (to_byte(a), to_byte(b)) else {
                    bail!("offsets {a}..{b} beyond the text");
                };
                frags.push(Span::new(a, b.max(a)));
            }
            spans.insert(id.to_string(), frags);
        } else if id.starts_with('E') {
            let mut g = GoldAttr::default();
            for arg in body.split_whitespace() {
                let Some((role, t)) = arg.split_once(':') else {
                    continue;
                };
                let frags = spans.get(t).cloned().unwrap_or_default();
                match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                    "Source" => g.source.extend(frags),
                    "Cue" => g.cue.extend(frags),
                    "Content" => g.content.extend(frags),
                    _ => {}
                }
            }
            if !g.content.is_empty() {
                out.push(g);
            }
        }
    }
    Ok(out)
}

/// Paragraphs: runs of non-blank lines.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
        } else {
            if start.is_none() {
                start = Some(pos + (content.len() - content.trim_start().len()));
            }
            end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '‹' | '›'
    )
}

/// The byte positions of a span that count: not spaces, not quote marks.
fn counted(text: &str, s: Span) -> Vec<usize> {
    text.get(s.start..s.end)
        .unwrap_or("")
        .char_indices()
        .filter(|&(_, c)| !c.is_whitespace() && !is_mark(c))
        .map(|(i, _)| s.start + i)
        .collect()
}

fn inside(pos: usize, spans: &[Span]) -> bool {
    spans.iter().any(|s| s.start <= pos && pos < s.end)
}

fn overlaps(a: Span, b: &[Span]) -> bool {
    b.iter().any(|s| a.start < s.end && s.start < a.end)
}

/// A span trimmed of spaces, quote marks and `.,:;` at both ends, for exact matching.
fn norm(text: &str, s: Span) -> (usize, usize) {
    let t = text.get(s.start..s.end).unwrap_or("");
    let junk = |c: char| c.is_whitespace() || is_mark(c) || matches!(c, '.' | ',' | ':' | ';');
    let lead = t.len() - t.trim_start_matches(junk).len();
    let rest = t.trim_start_matches(junk);
    let tail = rest.trim_end_matches(junk).len();
    (s.start + lead, s.start + lead + tail)
}

fn extent(spans: &[Span]) -> Span {
    let a = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let b = spans.iter().map(|s| s.end).max().unwrap_or(0);
    Span::new(a, b.max(a))
}

fn direct_gold(text: &str, g: &GoldAttr) -> bool {
    g.content.iter().any(|s| {
        text.get(s.start..s.end)
            .unwrap_or("")
            .contains(['"', '“', '”'])
            || text.get(s.start..s.end).unwrap_or("").contains("''")
    })
}

const PRONOUNS: &[&str] = &[
    "He", "She", "They", "I", "We", "It", "His", "Her", "Their", "The", "A", "An", "This", "That",
    "These", "Those", "One", "Some", "Many", "Others", "You", "Its", "Our", "My",
];

fn is_pronoun(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "i" | "we" | "it" | "him" | "her" | "them"
    )
}

const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Rep",
    "Sen",
    "Gov",
    "Gen",
    "Lt",
    "Col",
    "Prof",
    "Rev",
    "Sir",
    "President",
    "Senator",
    "Representative",
    "Secretary",
    "Governor",
    "Former",
    "Vice",
    "Speaker",
    "Judge",
    "Justice",
    "Mayor",
    "Chairman",
    "Director",
];

/// Words that begin a source without naming anyone ("Only 52 percent of voters").
const NOT_NAMES: &[&str] = &[
    "Only", "Many", "Most", "Some", "All", "Both", "Several", "Few", "Other", "Another", "Each",
    "Every", "No", "Jr", "Sr", "II", "III", "IV",
];

/// The surname a source names, if it names someone: in the part before the first comma or
/// parenthesis ("Rep. Jim Clyburn (D-S.C.), the assistant leader of …"), the last word of the
/// last run of capitalised words, titles and determiners left out. A part that begins or
/// ends in lower case ("the former secretary of state", "The Republican presidential
/// nominee") is a description and names no one.
fn name_word(text: &str) -> Option<String> {
    let head = text.split([',', '(', ';']).next().unwrap_or("").trim();
    let words: Vec<&str> = head
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .unwrap_or(w)
        })
        .filter(|w| !w.is_empty())
        .collect();
    let lower = |w: &&str| w.chars().next().is_some_and(char::is_lowercase);
    if words.first().is_none_or(lower) || words.last().is_none_or(lower) {
        return None;
    }
    words
        .iter()
        .rev()
        .find(|w| {
            let bare = w.trim_end_matches('.');
            w.chars().count() >= 2
                && !PRONOUNS.contains(&bare)
                && !TITLES.contains(&bare)
                && !NOT_NAMES.contains(&bare)
        })
        .map(|w| (*w).to_string())
}

#[derive(Debug, Default, Clone, Serialize)]
struct Prf {
    predicted: usize,
    gold: usize,
    tp_predicted: usize,
    tp_gold: usize,
}

impl Prf {
    fn p(&self) -> f64 {
        pct(self.tp_predicted, self.predicted)
    }
    fn r(&self) -> f64 {
        pct(self.tp_gold, self.gold)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Prf) {
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.tp_predicted += o.tp_predicted;
        self.tp_gold += o.tp_gold;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The scores of one article or of a set.
#[derive(Debug, Default, Clone, Serialize)]
struct Score {
    articles: usize,
    failed: usize,
    direct_gold: usize,
    direct_found: usize,
    direct_predicted: usize,
    direct_right: usize,
    speaker_total: usize,
    speaker_span: usize,
    speaker_name: usize,
    source_exact: Prf,
    source_overlap: Prf,
    cue_exact: Prf,
    cue_overlap: Prf,
    content_exact: Prf,
    content_overlap: Prf,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.articles += o.articles;
        self.failed += o.failed;
        self.direct_gold += o.direct_gold;
        self.direct_found += o.direct_found;
        self.direct_predicted += o.direct_predicted;
        self.direct_right += o.direct_right;
        self.speaker_total += o.speaker_total;
        self.speaker_span += o.speaker_span;
        self.speaker_name += o.speaker_name;
        self.source_exact.add(&o.source_exact);
        self.source_overlap.add(&o.source_overlap);
        self.cue_exact.add(&o.cue_exact);
        self.cue_overlap.add(&o.cue_overlap);
        self.content_exact.add(&o.content_exact);
        self.content_overlap.add(&o.content_overlap);
    }

    fn summary(&self) -> serde_json::Value {
        serde_json::json!({
            "articles": self.articles,
            "articles_failed": self.failed,
            "direct_gold": self.direct_gold,
            "direct_recall": round(pct(self.direct_found, self.direct_gold)),
            "direct_precision": round(pct(self.direct_right, self.direct_predicted)),
            "speaker_span": round(pct(self.speaker_span, self.speaker_total)),
            "speaker_name": round(pct(self.speaker_name, self.speaker_total)),
            "source_exact_f1": round(self.source_exact.f1()),
            "source_overlap_f1": round(self.source_overlap.f1()),
            "cue_exact_f1": round(self.cue_exact.f1()),
            "cue_overlap_f1": round(self.cue_overlap.f1()),
            "content_exact_f1": round(self.content_exact.f1()),
            "content_overlap_f1": round(self.content_overlap.f1()),
        })
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Debug, Default)]
struct Errors {
    missed: Vec<String>,
    spurious: Vec<String>,
    speaker: Vec<String>,
}

fn snippet(text: &str, s: Span) -> String {
    let t = text.get(s.start..s.end).unwrap_or("").replace('\n', " ");
    if t.chars().count() > 90 {
        format!("{}…", t.chars().take(90).collect::<String>())
    } else {
        t
    }
}

fn prf(text: &str, pred: &[Span], gold: &[Vec<Span>]) -> (Prf, Prf) {
    let mut exact = Prf {
        predicted: pred.len(),
        gold: gold.len(),
        ..Prf::default()
    };
    let mut over = exact.clone();
    let gold_norm: Vec<(usize, usize)> = gold.iter().map(|g| norm(text, extent(g))).collect();
    let pred_norm: Vec<(usize, usize)> = pred.iter().map(|&p| norm(text, p)).collect();
    exact.tp_predicted = pred_norm.iter().filter(|p| gold_norm.contains(p)).count();
    exact.tp_gold = gold_norm.iter().filter(|g| pred_norm.contains(g)).count();
    over.tp_predicted = pred
        .iter()
        .filter(|&&p| gold.iter().any(|g| overlaps(p, g)))
        .count();
    over.tp_gold = gold
        .iter()
        .filter(|g| pred.iter().any(|&p| overlaps(p, g)))
        .count();
    (exact, over)
}

fn score_doc(doc: &Doc, quotes: &[Quote], errors: &mut Errors, want: usize) -> Score {
    let text = &doc.text;
    let mut s = Score {
        articles: 1,
        ..Score::default()
    };
    let gold = &doc.gold;
    let direct: Vec<&Quote> = quotes
        .iter()
        .filter(|q| matches!(q.kind, QuoteKind::Direct | QuoteKind::Mixed))
        .collect();
    // For each of our direct quotes, the gold attribution it is right about.
    let right_about = |q: &Quote| -> Option<usize> {
        let chars = counted(text, q.span);
        if chars.is_empty() {
            return None;
        }
        gold.iter()
            .enumerate()
            .map(|(i, g)| (i, chars.iter().filter(|&&c| inside(c, &g.content)).count()))
            .filter(|&(_, n)| n * 2 >= chars.len())
            .max_by_key(|&(_, n)| n)
            .map(|(i, _)| i)
    };
    let matches: Vec<Option<usize>> = direct.iter().map(|q| right_about(q)).collect();
    s.direct_predicted = direct.len();
    s.direct_right = matches.iter().filter(|m| m.is_some()).count();
    for (q, m) in direct.iter().zip(&matches) {
        if m.is_none() && errors.spurious.len() < want {
            errors
                .spurious
                .push(format!("{}: «{}»", doc.name, snippet(text, q.span)));
        }
    }
    // Gold names, carried forward for pronoun sources.
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&i| {
        extent(&gold[i].content)
            .start
            .min(extent(&gold[i].source).start)
    });
    let mut last_name: Option<String> = None;
    let mut gold_name: Vec<Option<String>> = vec![None; gold.len()];
    for &i in &order {
        if gold[i].source.is_empty() {
            continue;
        }
        let src = gold[i]
            .source
            .iter()
            .map(|s| text.get(s.start..s.end).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(w) = name_word(&src) {
            last_name = Some(w);
            gold_name[i].clone_from(&last_name);
        } else if is_pronoun(&src) {
            gold_name[i].clone_from(&last_name);
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if !direct_gold(text, g) {
            continue;
        }
        s.direct_gold += 1;
        let ours: Vec<&Quote> = direct
            .iter()
            .zip(&matches)
            .filter(|(_, m)| **m == Some(i))
            .map(|(q, _)| *q)
            .collect();
        let Some(q) = ours.first() else {
            if errors.missed.len() < want {
                errors.missed.push(format!(
                    "{}: «{}»",
                    doc.name,
                    snippet(text, extent(&g.content))
                ));
            }
            continue;
        };
        s.direct_found += 1;
        if g.source.is_empty() {
            continue;
        }
        s.speaker_total += 1;
        let sp = q.speaker.as_ref();
        let by_span = sp
            .and_then(|a| a.span)
            .is_some_and(|span| overlaps(span, &g.source));
        // A source that is a description without a name ("the announcer") has no name to
        // compare: there the name is right when the span is.
        let by_name = match (&gold_name[i], sp) {
            (Some(w), Some(a)) => {
                let ours = a.name.as_deref().unwrap_or(&a.text).to_lowercase();
                ours.contains(&w.to_lowercase())
            }
            (None, _) => by_span,
            _ => false,
        };
        s.speaker_span += usize::from(by_span);
        s.speaker_name += usize::from(by_name);
        if !(by_span && by_name) && errors.speaker.len() < want {
            errors.speaker.push(format!(
                "{}: «{}» gold {:?} ({}), ours {:?} ({})",
                doc.name,
                snippet(text, q.span),
                snippet(text, extent(&g.source)),
                gold_name[i].as_deref().unwrap_or("-"),
                sp.map(|a| a.text.as_str()).unwrap_or("-"),
                sp.and_then(|a| a.name.as_deref()).unwrap_or("-"),
            ));
        }
    }
    // All attributions.
    let mut sources: Vec<Span> = quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref().and_then(|a| a.span))
        .collect();
    sources.sort();
    sources.dedup();
    let cues: Vec<Span> = quotes
        .iter()
        .filter_map(|q| q.cue.as_ref().map(|c| c.span))
        .collect();
    let contents: Vec<Span> = quotes.iter().map(|q| q.span).collect();
    let gs: Vec<Vec<Span>> = gold
        .iter()
        .filter(|g| !g.source.is_empty())
        .map(|g| g.source.clone())
        .collect();
    let gc: Vec<Vec<Span>> = gold
        .iter()
        .filter(|g| !g.cue.is_empty())
        .map(|g| g.cue.clone())
        .collect();
    let gt: Vec<Vec<Span>> = gold.iter().map(|g| g.content.clone()).collect();
    (s.source_exact, s.source_overlap) = prf(text, &sources, &gs);
    (s.cue_exact, s.cue_overlap) = prf(text, &cues, &gc);
    (s.content_exact, s.content_overlap) = prf(text, &contents, &gt);
    s
}

fn article_of(doc: &Doc) -> Article {
    Article {
        body: doc.text.clone(),
        paragraphs: paragraphs(&doc.text),
        outlet: Some(doc.outlet.clone()),
        published: doc.date.as_ref().map(|d| sitrep_types::Published {
            date: d.clone(),
            time: None,
            source: sitrep_types::DateSource::Given,
        }),
        ..Article::default()
    }
}

fn pipeline(models: Option<&Path>, with_parse: bool) -> Result<Pipeline> {
    let an = super::nlp::load_analyzer(models)?;
    let ev = super::nlp::load_event_coding()?;
    Ok(Pipeline::builder()
        .analyzer(Some(Arc::new(an)))
        .events(Some(ev))
        .with_parse(with_parse)
        .build())
}

/// Run one article, counting a panic as a failed article rather than ending the run.
fn code(p: &Pipeline, doc: &Doc) -> Option<Record> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        p.code_article(article_of(doc))
    }))
    .ok()
}

/// `sitrep eval quotes`.
pub fn run(args: &EvalQuotesArgs) -> Result<u8> {
    let p = pipeline(args.models.as_deref(), false)?;
    let mut report = serde_json::Map::new();
    let mut failures = Vec::new();
    let mut dump = match &args.dump {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => None,
    };
    for split in args
        .split
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let docs = load_split(&args.polnear, split, args.limit)?;
        let started = Instant::now();
        let mut total = Score::default();
        let mut per_outlet: BTreeMap<String, Score> = BTreeMap::new();
        let mut errors = Errors::default();
        for doc in &docs {
            let s = match code(&p, doc) {
                Some(r) => {
                    if let Some(w) = dump.as_mut() {
                        use std::io::Write;
                        let line = serde_json::json!({"name": doc.name, "split": split, "quotes": r.quotes});
                        writeln!(w, "{line}").context("writing --dump")?;
                    }
                    score_doc(doc, &r.quotes, &mut errors, args.errors)
                }
                None => {
                    eprintln!("{}: the quote finder failed on this article", doc.name);
                    Score {
                        articles: 1,
                        failed: 1,
                        ..Score::default()
                    }
                }
            };
            total.add(&s);
            per_outlet.entry(doc.outlet.clone()).or_default().add(&s);
        }
        let secs = started.elapsed().as_secs_f64();
        let summary = total.summary();
        if !args.json {
            println!(
                "PolNeAR {split}: {} articles in {secs:.1} s ({} failed)",
                total.articles, total.failed
            );
            println!(
                "  direct and mixed quotes: recall {:.1}% ({}/{}), precision {:.1}% ({}/{})",
                pct(total.direct_found, total.direct_gold),
                total.direct_found,
                total.direct_gold,
                pct(total.direct_right, total.direct_predicted),
                total.direct_right,
                total.direct_predicted
            );
            println!(
                "  speaker of the direct quotes found: by span {:.1}%, by name {:.1}% (of {})",
                pct(total.speaker_span, total.speaker_total),
                pct(total.speaker_name, total.speaker_total),
                total.speaker_total
            );
            println!("  all attributions      exact P/R/F1          overlap P/R/F1");
            for (name, e, o) in [
                ("source", &total.source_exact, &total.source_overlap),
                ("cue", &total.cue_exact, &total.cue_overlap),
                ("content", &total.content_exact, &total.content_overlap),
            ] {
                println!(
                    "  {name:<8}  {:>5.1} {:>5.1} {:>5.1}      {:>5.1} {:>5.1} {:>5.1}   (gold {}, ours {})",
                    e.p(),
                    e.r(),
                    e.f1(),
                    o.p(),
                    o.r(),
                    o.f1(),
                    e.gold,
                    e.predicted
                );
            }
            println!("  per outlet: direct recall / precision, speaker by span / name, content and source overlap F1");
            for (outlet, s) in &per_outlet {
                println!(
                    "    {outlet:<13} {:>5.1} {:>5.1}   {:>5.1} {:>5.1}   {:>5.1} {:>5.1}",
                    pct(s.direct_found, s.direct_gold),
                    pct(s.direct_right, s.direct_predicted),
                    pct(s.speaker_span, s.speaker_total),
                    pct(s.speaker_name, s.speaker_total),
                    s.content_overlap.f1(),
                    s.source_overlap.f1()
                );
            }
            if args.errors > 0 {
                for (title, list) in [
                    ("missed direct quotes", &errors.missed),
                    ("direct quotes not in the gold", &errors.spurious),
                    ("speaker errors", &errors.speaker),
                ] {
                    if !list.is_empty() {
                        println!("  {title}:");
                        for e in list {
                            println!("    {e}");
                        }
                    }
                }
            }
        }
        let mut outlets = serde_json::Map::new();
        for (o, s) in &per_outlet {
            outlets.insert(o.clone(), s.summary());
        }
        let mut entry = summary.as_object().cloned().unwrap_or_default();
        entry.insert("per_outlet".into(), serde_json::Value::Object(outlets));
        entry.insert("seconds".into(), serde_json::json!(round(secs)));
        report.insert(split.to_string(), serde_json::Value::Object(entry));
        failures.extend(
            super::below_floors(&[
                (
                    "direct recall",
                    args.min_direct_recall,
                    pct(total.direct_found, total.direct_gold),
                ),
                (
                    "direct precision",
                    args.min_direct_precision,
                    pct(total.direct_right, total.direct_predicted),
                ),
                (
                    "speaker by span",
                    args.min_speaker_span,
                    pct(total.speaker_span, total.speaker_total),
                ),
                (
                    "speaker by name",
                    args.min_speaker_name,
                    pct(total.speaker_name, total.speaker_total),
                ),
                (
                    "content overlap F1",
                    args.min_content_f1,
                    total.content_overlap.f1(),
                ),
                (
                    "source overlap F1",
                    args.min_source_f1,
                    total.source_overlap.f1(),
                ),
            ])
            .into_iter()
            .map(|f| format!("{split}: {f}")),
        );
        if total.failed > 0 {
            failures.push(format!("{split}: {} articles failed", total.failed));
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    if failures.is_empty() {
        Ok(0)
    } else {
        for f in &failures {
            eprintln!("below the floor: {f}");
        }
        Ok(1)
    }
}

/// `sitrep bench quotes`: articles per second, one thread, from raw text to quotes.
pub fn bench(args: &BenchQuotesArgs) -> Result<u8> {
    let docs = load_split(&args.polnear, &args.split, 0)?;
    // The parse is kept in the records so the quote finder can be timed alone on it.
    let p = pipeline(args.models.as_deref(), true)?;
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let mut rates = Vec::new();
    let mut quote_only = Vec::new();
    for _ in 0..args.passes.max(1) {
        let started = Instant::now();
        let mut records = Vec::with_capacity(docs.len());
        for d in &docs {
            records.push(p.code_article(article_of(d)));
        }
        rates.push(docs.len() as f64 / started.elapsed().as_secs_f64());
        // The quote finder alone, on the analyses just made.
        let started = Instant::now();
        let mut n = 0;
        for r in &records {
            n += sitrep_quotes::find(
                &sitrep_quotes::Input {
                    body: &r.article.body,
                    paragraphs: &r.article.paragraphs,
                    sentences: &r.sentences,
                    entities: &r.entities,
                    date: None,
                },
                None,
            )
            .len();
        }
        // (Without the dictionary: the actors of mentions are already resolved.)
        std::hint::black_box(n);
        quote_only.push(docs.len() as f64 / started.elapsed().as_secs_f64());
    }
    let range = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        (lo, hi)
    };
    let (lo, hi) = range(&rates);
    let (qlo, qhi) = range(&quote_only);
    println!(
        "PolNeAR {}: {} articles, {} words, {} passes, one thread",
        args.split,
        docs.len(),
        words,
        rates.len()
    );
    println!(
        "  whole pipeline (analysis, actors, events, quotes, places): {lo:.0}–{hi:.0} articles/s ({:.0}–{:.0} words/s)",
        lo * words as f64 / docs.len() as f64,
        hi * words as f64 / docs.len() as f64
    );
    println!(
        "  quote finder alone, on the parsed sentences and entities: {qlo:.0}–{qhi:.0} articles/s"
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_offsets_are_code_points_and_fragments_join() {
        let text = "Élise said “hi” and left.";
        let ann = "T1\tSource 0 5\tÉlise\nT2\tCue 6 10\tsaid\nT3\tContent 11 15;16 19\t“hi” and\nT4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_ann(ann, text).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(&text[g[0].source[0].start..g[0].source[0].end], "Élise");
        assert_eq!(&text[g[0].content[0].start..g[0].content[0].end], "“hi”");
        assert_eq!(g[0].content.len(), 2);
        assert!(direct_gold(text, &g[0]));
    }

    #[test]
    fn wrapped_covered_text_is_joined() {
        let text = "ab\ncd says x";
        let ann = "T1\tSource 0 5\tab\ncd\nT2\tCue 6 10\tsays\nT3\tContent 11 12\tx\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_ann(ann, text).unwrap();
        assert_eq!(g[0].source[0], Span::new(0, 5));
    }

    #[test]
    fn paragraphs_are_runs_of_lines() {
        let t = "Title\n\nOne line.\nSame paragraph.\n\n\nTwo.\n";
        let p = paragraphs(t);
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].text(t), "One line.\nSame paragraph.");
        assert_eq!(p[2].text(t), "Two.");
    }

    #[test]
    fn names_skip_pronouns() {
        assert_eq!(name_word("He").as_deref(), None);
        assert_eq!(name_word("Donald Trump's campaign"), None);
        assert_eq!(name_word("Donald Trump").as_deref(), Some("Trump"));
        assert_eq!(name_word("the spokesman").as_deref(), None);
        assert_eq!(
            name_word("Rep. G.K. Butterfield (D-N.C.), head of the Caucus").as_deref(),
            Some("Butterfield")
        );
        assert_eq!(
            name_word("Kenneth Baer, a former Obama official").as_deref(),
            Some("Baer")
        );
        assert_eq!(
            name_word("Democratic presidential nominee Hillary Clinton").as_deref(),
            Some("Clinton")
        );
        assert_eq!(name_word("The Republican presidential nominee"), None);
        assert_eq!(
            name_word("Vann R. Newkirk II, a writer").as_deref(),
            Some("Newkirk")
        );
    }

    #[test]
    fn exact_match_ignores_marks_and_final_stop() {
        let t = "He said “we win.” today";
        let a = norm(t, Span::new(8, 21));
        let b = norm(t, Span::new(11, 18));
        assert_eq!(a, b);
    }
}
