//! The whole linguistic pipeline: raw text → sentences of analysed words.
//!
//! [`Analyzer`] loads the models once (tokenizer rules, sentence splitter, tagger with
//! lemmatizer, parser, entity tagger) and is shared read-only by all threads. It works on raw
//! text ([`Analyzer::analyze`]) or on gold-tokenised CoNLL-U sentences
//! ([`Analyzer::annotate`]).

use crate::conllu::{Sentence, Word};
use crate::ner::EntityTagger;
use crate::parser::Parser;
use crate::sentences::{segment, SentenceSplitter};
use crate::tagger::Tagger;
use crate::tokenize::{Token, Tokenizer};
use std::path::{Path, PathBuf};

/// File names of the models inside a models directory.
pub const SEGMENTER: &str = "segmenter.bin";
/// Tagger and lemmatizer.
pub const TAGGER: &str = "tagger.bin";
/// Dependency parser.
pub const PARSER: &str = "parser.bin";
/// Entity tagger.
pub const NER: &str = "ner.bin";

/// One analysed word with its place in the text.
#[derive(Debug, Clone)]
pub struct AnalyzedWord {
    /// Byte offsets in the analysed text.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// The analysis (form, lemma, tags, head, deprel).
    pub word: Word,
    /// IOB2 entity tag.
    pub ner: String,
}

/// One analysed sentence.
#[derive(Debug, Clone)]
pub struct AnalyzedSentence {
    /// Byte offsets of the sentence in the text.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Its words.
    pub words: Vec<AnalyzedWord>,
}

impl AnalyzedSentence {
    /// The named-entity mentions of the sentence: runs of its words' IOB2 tags (an `I-` tag of
    /// another type than the open run, or with none open, starts a new one), with spans shifted
    /// by `offset` and their text read from `body`, the text that offset points into. Actors
    /// are left for the caller to resolve.
    #[must_use]
    pub fn mentions(&self, offset: usize, body: &str) -> Vec<sitrep_types::Mention> {
        use sitrep_types::{EntityType, Mention, Span};
        let kind_of = |t: &str| match t {
            "PER" => Some(EntityType::Per),
            "ORG" => Some(EntityType::Org),
            "LOC" => Some(EntityType::Loc),
            "GPE" => Some(EntityType::Gpe),
            "NORP" => Some(EntityType::Norp),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        };
        let mut out = Vec::new();
        let mut open: Option<(usize, usize, EntityType)> = None;
        let close = |open: &mut Option<(usize, usize, EntityType)>, out: &mut Vec<Mention>| {
            if let Some((a, b, kind)) = open.take() {
                let span = Span::new(offset + a, offset + b);
                out.push(Mention {
                    text: span.text(body).to_string(),
                    span,
                    kind,
                    actor: None,
                    code: None,
                    chain: None,
                });
            }
        };
        for w in &self.words {
            let (bio, ty) = w.ner.split_once('-').unwrap_or((w.ner.as_str(), ""));
            match (bio, kind_of(ty)) {
                ("I", Some(k)) if open.is_some_and(|(_, _, ok)| ok == k) => {
                    if let Some((_, b, _)) = open.as_mut() {
                        *b = w.end;
                    }
                }
                ("B" | "I", Some(k)) => {
                    close(&mut open, &mut out);
                    open = Some((w.start, w.end, k));
                }
                _ => close(&mut open, &mut out),
            }
        }
        close(&mut open, &mut out);
        out
    }

    /// The sentence as a record sentence ([`sitrep_types::Sentence`]), its spans shifted by
    /// `offset` (where the analysed text starts in the article body).
    #[must_use]
    pub fn to_record(&self, offset: usize) -> sitrep_types::Sentence {
        use sitrep_types::Span;
        sitrep_types::Sentence {
            span: Span::new(offset + self.start, offset + self.end),
            tokens: self
                .words
                .iter()
                .map(|w| {
                    w.word.to_record(
                        Span::new(offset + w.start, offset + w.end),
                        Some(w.ner.as_str()),
                    )
                })
                .collect(),
        }
    }
}

/// The loaded pipeline.
#[derive(Debug)]
pub struct Analyzer {
    tokenizer: Tokenizer,
    splitter: SentenceSplitter,
    tagger: Tagger,
    parser: Parser,
    ner: EntityTagger,
}

/// Where to look for models: `explicit`, then `$SITREP_MODELS`, then `./models`, then the
/// `models` folder of the source tree the binary was built from.
#[must_use]
pub fn find_models_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = explicit {
        candidates.push(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("SITREP_MODELS") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(PathBuf::from("models"));
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    candidates.into_iter().find(|p| p.join(TAGGER).is_file())
}

impl Analyzer {
    /// Load every model from `dir`.
    pub fn load(dir: &Path) -> crate::Result<Analyzer> {
        let seg = dir.join(SEGMENTER);
        let splitter = if seg.is_file() {
            SentenceSplitter::load(&seg)?
        } else {
            SentenceSplitter::rules()
        };
        Ok(Analyzer {
            tokenizer: Tokenizer::new(),
            splitter,
            tagger: Tagger::load(&dir.join(TAGGER))?,
            parser: Parser::load(&dir.join(PARSER))?,
            ner: EntityTagger::load(&dir.join(NER))?,
        })
    }

    /// Tag, lemmatise, parse and find entities in gold-tokenised words.
    pub fn annotate_words(&self, words: &mut [Word]) -> Vec<String> {
        self.tagger.tag(words);
        self.parser.parse(words);
        self.ner.tag(words)
    }

    /// Fill a CoNLL-U sentence's LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL and MISC `NER=`,
    /// keeping its tokenisation.
    pub fn annotate(&self, s: &mut Sentence) {
        let tags = self.annotate_words(&mut s.words);
        for (w, t) in s.words.iter_mut().zip(tags) {
            let mut misc: Vec<String> = w
                .misc
                .split('|')
                .filter(|m| !m.is_empty() && !m.starts_with("NER="))
                .map(str::to_string)
                .collect();
            if t != "O" {
                misc.push(format!("NER={t}"));
            }
            w.misc = misc.join("|");
        }
    }

    /// Tokenise and split raw text (no tagging).
    #[must_use]
    pub fn segment(&self, text: &str) -> Vec<Vec<Token>> {
        segment(text, &self.tokenizer, &self.splitter)
    }

    /// Analyse raw text.
    #[must_use]
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedSentence> {
        let mut out = Vec::new();
        for sent in segment(text, &self.tokenizer, &self.splitter) {
            if sent.is_empty() {
                continue;
            }
            let mut words: Vec<Word> = sent.iter().map(word_of).collect();
            let tags = self.annotate_words(&mut words);
            let start = sent.first().map_or(0, |t| t.start);
            let end = sent.last().map_or(start, |t| t.end);
            out.push(AnalyzedSentence {
                start,
                end,
                words: sent
                    .iter()
                    .zip(words)
                    .zip(tags)
                    .map(|((t, w), ner)| AnalyzedWord {
                        start: t.start,
                        end: t.end,
                        word: w,
                        ner,
                    })
                    .collect(),
            });
        }
        out
    }

    /// Raw text to CoNLL-U sentences (our own tokenisation and sentences).
    #[must_use]
    pub fn to_conllu(&self, text: &str, first_id: usize) -> Vec<Sentence> {
        self.analyze(text)
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let mut comments = vec![
                    format!("sent_id = {}", first_id + i),
                    format!("text = {}", text[s.start..s.end].replace('\n', " ")),
                ];
                comments.shrink_to_fit();
                let words = s
                    .words
                    .into_iter()
                    .map(|aw| {
                        let mut w = aw.word;
                        if aw.ner != "O" {
                            w.misc = if w.misc.is_empty() {
                                format!("NER={}", aw.ner)
                            } else {
                                format!("{}|NER={}", w.misc, aw.ner)
                            };
                        }
                        w
                    })
                    .collect();
                Sentence {
                    comments,
                    words,
                    multiword: Vec::new(),
                }
            })
            .collect()
    }
}

fn word_of(t: &Token) -> Word {
    Word {
        form: t.text.clone(),
        misc: if t.space_after {
            String::new()
        } else {
            "SpaceAfter=No".to_string()
        },
        ..Word::default()
    }
}
