//! CoNLL-U: read and write Universal Dependencies files.
//!
//! A [`Sentence`] holds its syntactic words ([`Word`], ids 1..n) and its multiword tokens
//! ([`MultiwordToken`], lines like `3-4 don't`). Empty nodes (`8.1`) are skipped on reading.
//! Comment lines are kept in order so a file round-trips.

use std::fmt::Write as _;
use std::io::BufRead;

/// One syntactic word (a CoNLL-U line with an integer id).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The form.
    pub form: String,
    /// The lemma (`_` when unknown).
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
    /// Language-specific tag (PTB for English).
    pub xpos: String,
    /// Features, `Number=Sing|Tense=Past` or `_`.
    pub feats: String,
    /// Head word id, 0 for the root; `None` when not given (`_`).
    pub head: Option<usize>,
    /// Dependency relation.
    pub deprel: String,
    /// Enhanced dependencies (kept as written).
    pub deps: String,
    /// MISC column (kept as written).
    pub misc: String,
}

impl Word {
    /// The word as a record token ([`sitrep_types::Token`]) at `span` in the article body,
    /// with its IOB2 entity tag (`O` or `None` for none).
    #[must_use]
    pub fn to_record(&self, span: sitrep_types::Span, ner: Option<&str>) -> sitrep_types::Token {
        sitrep_types::Token {
            text: self.form.clone(),
            span,
            lemma: self.lemma.clone(),
            upos: self.upos.clone(),
            xpos: self.xpos.clone(),
            feats: self.feats.clone(),
            head: self.head.unwrap_or(0),
            deprel: self.deprel.clone(),
            ner: ner.filter(|t| *t != "O").map(str::to_string),
        }
    }

    /// True when MISC says `SpaceAfter=No`.
    #[must_use]
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }

    /// The value of a `Key=Value` item in MISC.
    #[must_use]
    pub fn misc_value(&self, key: &str) -> Option<&str> {
        self.misc
            .split('|')
            .find_map(|m| m.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
    }
}

/// A multiword token: surface form covering words `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word id.
    pub first: usize,
    /// Last word id.
    pub last: usize,
    /// The surface form.
    pub form: String,
    /// MISC column.
    pub misc: String,
}

/// A sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `# `.
    pub comments: Vec<String>,
    /// Words; `words[i]` has id `i + 1`.
    pub words: Vec<Word>,
    /// Multiword tokens.
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    /// The `# text = …` comment, when present.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            c.strip_prefix("text = ")
                .or_else(|| c.strip_prefix("text="))
        })
    }

    /// The `# sent_id = …` comment, when present.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.comments
            .iter()
            .find_map(|c| c.strip_prefix("sent_id = "))
    }

    /// True when a `# newdoc` comment starts this sentence.
    #[must_use]
    pub fn starts_document(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newdoc"))
    }

    /// True when a `# newpar` comment starts this sentence.
    #[must_use]
    pub fn starts_paragraph(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newpar"))
    }

    /// Write the sentence as CoNLL-U (with a trailing blank line).
    #[must_use]
    pub fn to_conllu(&self) -> String {
        let mut s = String::new();
        for c in &self.comments {
            let _ = writeln!(s, "# {c}");
        }
        for (i, w) in self.words.iter().enumerate() {
            let id = i + 1;
            for m in self.multiword.iter().filter(|m| m.first == id) {
                let _ = writeln!(
                    s,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    m.first,
                    m.last,
                    m.form,
                    or_(&m.misc)
                );
            }
            let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
            let _ = writeln!(
                s,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{head}\t{}\t{}\t{}",
                w.form,
                or_(&w.lemma),
                or_(&w.upos),
                or_(&w.xpos),
                or_(&w.feats),
                or_(&w.deprel),
                or_(&w.deps),
                or_(&w.misc)
            );
        }
        s.push('\n');
        s
    }
}

fn or_(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

/// A malformed line.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ConlluError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Read all sentences of a CoNLL-U text.
pub fn read(reader: impl BufRead) -> Result<Vec<Sentence>, crate::Error> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else {
                cur = Sentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError {
                line: n + 1,
                reason: format!("{} columns, expected 10", cols.len()),
            }
            .into());
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let bad = || ConlluError {
                line: n + 1,
                reason: format!("bad range id {id:?}"),
            };
            cur.multiword.push(MultiwordToken {
                first: a.parse().map_err(|_| bad())?,
                last: b.parse().map_err(|_| bad())?,
                form: cols[1].to_string(),
                misc: none_(cols[9]),
            });
            continue;
        }
        let idn: usize = id.parse().map_err(|_| ConlluError {
            line: n + 1,
            reason: format!("bad id {id:?}"),
        })?;
        if idn != cur.words.len() + 1 {
            return Err(ConlluError {
                line: n + 1,
                reason: format!("id {idn} out of order"),
            }
            .into());
        }
        let head = if cols[6] == "_" {
            None
        } else {
            Some(cols[6].parse().map_err(|_| ConlluError {
                line: n + 1,
                reason: format!("bad head {:?}", cols[6]),
            })?)
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: none_(cols[2]),
            upos: none_(cols[3]),
            xpos: none_(cols[4]),
            feats: none_(cols[5]),
            head,
            deprel: none_(cols[7]),
            deps: none_(cols[8]),
            misc: none_(cols[9]),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn none_(s: &str) -> String {
    if s == "_" {
        String::new()
    } else {
        s.to_string()
    }
}

/// Read a CoNLL-U file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>, crate::Error> {
    let f = std::fs::File::open(path).map_err(|e| crate::Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    read(std::io::BufReader::new(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_and_round_trips() {
        let s = read(SAMPLE.as_bytes()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiword[0].form, "don't");
        assert_eq!(s[0].text(), Some("I don't know."));
        assert_eq!(s[0].words[3].head, Some(0));
        assert!(s[0].words[3].no_space_after());
        assert_eq!(s[0].to_conllu(), SAMPLE);
    }

    #[test]
    fn errors_name_the_line() {
        let e = read("1\tx\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
