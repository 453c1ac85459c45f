//! Quote marks: which characters open and close a quotation, and the quoted stretches of an
//! article.
//!
//! Every mark news uses is recognised: straight `"` and `'`, curly `“ ”` and `‘ ’`, `« »`,
//! `‹ ›` and the low marks `„ ‚`. A double-quoted stretch may hold single-quoted ones (they are
//! not tracked); a quotation running over several paragraphs opens at each paragraph and
//! closes at the last. An opening mark that never closes is closed at the end of its paragraph
//! (`balanced: false`) instead of failing the article. Apostrophes (`shouldn't`, `Gaza's`,
//! `'90s`, `students'`) are not quote marks.

use sitrep_types::Span;

/// A stretch of text between quote marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just past the closing mark (or the paragraph end when unbalanced).
    pub end: usize,
    /// The quoted text without its marks and outer spaces.
    pub content: Span,
    /// False when the closing mark was missing and the paragraph end closed it.
    pub balanced: bool,
    /// True for `‘ ’`, `'` and `‹ ›` quotations at the top level.
    pub single: bool,
    /// Number of paragraphs it runs over.
    pub paragraphs: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Double,
    Single,
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters after which an opening mark may stand.
fn opens_after(c: char) -> bool {
    is_space(c) || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '\u{0}')
}

/// Characters before which a closing mark may stand.
fn closes_before(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…' | '\u{0}'
        )
}

/// The closing mark that matches a given opening mark, as a test.
fn closes(open: char, c: char, prev: char, next: char) -> bool {
    match open {
        '“' => {
            c == '”'
                || (c == '"' && !is_space(prev))
                || (c == '“' && closes_before(next) && !is_space(prev))
        }
        '„' => matches!(c, '“' | '”') || c == '"',
        '«' => c == '»',
        '»' => c == '«',
        '"' => (c == '"' || c == '”') && (!is_space(prev) || closes_before(next)),
        '”' => c == '”' && !is_space(prev),
        '‘' => (c == '’' || c == '\'') && !is_space(prev) && !next.is_alphanumeric(),
        '‚' => matches!(c, '‘' | '’'),
        '‹' => c == '›',
        '\'' => (c == '\'' || c == '’') && !is_space(prev) && !next.is_alphanumeric(),
        _ => false,
    }
}

fn double_opener(c: char, prev: char, next: char) -> bool {
    match c {
        '“' | '„' | '«' => !is_space(next) || c == '«',
        '"' => opens_after(prev) && !is_space(next) && next != '\u{0}',
        // Some writers use ” for both marks.
        '”' => opens_after(prev) && next.is_alphanumeric(),
        _ => false,
    }
}

fn single_opener(c: char, prev: char, next: char, next2: char) -> bool {
    match c {
        '‘' | '\'' | '‚' => {
            // '90s, '07: an elided century, not a quote.
            if next.is_ascii_digit() && next2.is_ascii_digit() {
                return false;
            }
            (opens_after(prev) || matches!(prev, '“' | '"' | '„')) && next.is_alphanumeric()
        }
        '‹' => true,
        _ => false,
    }
}

/// Find the quoted stretches of a body split into paragraphs (spans of `body`, in order).
#[must_use]
pub fn scan(body: &str, paragraphs: &[Span]) -> Vec<Marked> {
    let mut out = Vec::new();
    // An open double quotation carried from one paragraph to the next.
    let mut carried: Option<(usize, char, Span, usize)> = None;
    for (pi, p) in paragraphs.iter().enumerate() {
        let Some(text) = body.get(p.start..p.end) else {
            continue;
        };
        let chars = merged_chars(text);
        let at = |k: usize| chars.get(k).map_or('\u{0}', |&(_, c, _)| c);
        let mut open: Option<(usize, char, Level, usize)> = None; // (byte, mark, level, content start)
        let mut k = 0;
        // A quotation from the previous paragraph continues only when this one opens again.
        if let Some((ostart, omark, _, n)) = carried.take() {
            let first = chars.iter().position(|&(_, c, _)| !is_space(c));
            match first {
                Some(f) if double_opener(at(f), ' ', at(f + 1)) || at(f) == omark => {
                    open = Some((ostart, omark, Level::Double, ostart));
                    k = f + 1;
                    carried_paragraphs_set(&mut out, n);
                }
                _ => {
                    // Close the carried quotation at the end of its paragraph.
                    if let Some(last) = out.last_mut() {
                        last.balanced = false;
                    }
                }
            }
        }
        while k < chars.len() {
            let (b, c, width) = chars[k];
            let prev = if k == 0 { '\u{0}' } else { at(k - 1) };
            let next = at(k + 1);
            match open {
                None => {
                    if double_opener(c, prev, next) {
                        open = Some((p.start + b, c, Level::Double, p.start + b + width));
                    } else if single_opener(c, prev, next, at(k + 2))
                        && single_close_ahead(&chars, k, c)
                    {
                        open = Some((p.start + b, c, Level::Single, p.start + b + width));
                    }
                }
                Some((o, mark, level, cstart)) => {
                    if closes(mark, c, prev, next) {
                        let cend = p.start + b;
                        let first = out.last().filter(|m: &&Marked| m.open == o).is_some();
                        if first {
                            // The close of a quotation that ran over paragraphs.
                            let m = out.last_mut().expect("checked");
                            m.end = cend + width;
                            m.content = trim(body, Span::new(m.content.start, cend));
                            m.balanced = true;
                        } else {
                            out.push(Marked {
                                open: o,
                                end: cend + width,
                                content: trim(body, Span::new(cstart, cend)),
                                balanced: true,
                                single: level == Level::Single,
                                paragraphs: 1,
                            });
                        }
                        open = None;
                    } else if level == Level::Double
                        && matches!(mark, '“' | '«' | '„')
                        && c == mark
                        && !is_space(next)
                    {
                        // A second opening curly mark before any close: the first never
                        // closed. It ends here, and a new quotation begins.
                        let cend = p.start + b;
                        let continuing = out.last().is_some_and(|m| m.open == o);
                        if continuing {
                            let m = out.last_mut().expect("checked");
                            m.end = cend;
                            m.content = trim(body, Span::new(m.content.start, cend));
                            m.balanced = false;
                        } else {
                            out.push(Marked {
                                open: o,
                                end: cend,
                                content: trim(body, Span::new(cstart, cend)),
                                balanced: false,
                                single: false,
                                paragraphs: 1,
                            });
                        }
                        open = Some((cend, c, Level::Double, cend + width));
                    }
                }
            }
            k += 1;
        }
        if let Some((o, mark, level, cstart)) = open {
            // Unclosed at the paragraph end: a double quotation may continue in the next
            // paragraph; record it as closing here until then.
            let continuing = out.last().is_some_and(|m| m.open == o);
            if continuing {
                let m = out.last_mut().expect("checked");
                m.end = p.end;
                m.content = trim(body, Span::new(m.content.start, p.end));
                m.balanced = false;
            } else {
                out.push(Marked {
                    open: o,
                    end: p.end,
                    content: trim(body, Span::new(cstart, p.end)),
                    balanced: false,
                    single: level == Level::Single,
                    paragraphs: 1,
                });
            }
            if level == Level::Double && pi + 1 < paragraphs.len() {
                let n = out.last().map_or(1, |m| m.paragraphs);
                carried = Some((o, mark, Span::new(cstart, p.end), n));
            }
        }
    }
    out.retain(|m| !m.content.is_empty());
    out
}

fn carried_paragraphs_set(out: &mut [Marked], n: usize) {
    if let Some(m) = out.last_mut() {
        m.paragraphs = n + 1;
    }
}

/// The characters of a paragraph with their byte offsets and widths; the typewriter double
/// marks of some archives, two apostrophes (`''`) and two backquotes (` `` `), count as one
/// straight double mark and one opening curly mark.
fn merged_chars(text: &str) -> Vec<(usize, char, usize)> {
    let mut out: Vec<(usize, char, usize)> = Vec::with_capacity(text.len());
    let mut it = text.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        let pair = match (c, it.peek()) {
            ('\'', Some(&(_, '\''))) => Some('"'),
            ('`', Some(&(_, '`'))) => Some('“'),
            _ => None,
        };
        if let Some(m) = pair {
            it.next();
            out.push((b, m, 2));
        } else {
            out.push((b, c, c.len_utf8()));
        }
    }
    out
}

/// Whether a single opening mark at `k` has a closing mark later in the paragraph.
fn single_close_ahead(chars: &[(usize, char, usize)], k: usize, open: char) -> bool {
    let at = |i: usize| chars.get(i).map_or('\u{0}', |&(_, c, _)| c);
    (k + 2..chars.len()).any(|i| closes(open, at(i), at(i - 1), at(i + 1)))
}

/// Trim spaces from both ends of a span.
#[must_use]
pub fn trim(body: &str, s: Span) -> Span {
    let t = &body[s.start..s.end];
    let lead = t.len() - t.trim_start().len();
    let tail = t.trim_end().len();
    if tail <= lead {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.start + tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(body: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for part in body.split("\n\n") {
            out.push(Span::new(start, start + part.len()));
            start += part.len() + 2;
        }
        out
    }

    fn quoted(body: &str) -> Vec<String> {
        scan(body, &paras(body))
            .iter()
            .map(|m| body[m.content.start..m.content.end].to_string())
            .collect()
    }

    #[test]
    fn every_mark() {
        assert_eq!(quoted("He said “we will win.”"), ["we will win."]);
        assert_eq!(quoted("He said \"we will win.\""), ["we will win."]);
        assert_eq!(quoted("Il a dit « nous gagnerons »."), ["nous gagnerons"]);
        assert_eq!(quoted("Er sagte „wir siegen“."), ["wir siegen"]);
        assert_eq!(quoted("She said ‘no way’, then left."), ["no way"]);
        assert_eq!(quoted("She said 'no way', then left."), ["no way"]);
        assert_eq!(quoted("Il a dit ‹ non ›."), ["non"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("Gaza's residents shouldn't leave, as in the '90s.").is_empty());
        assert!(quoted("The students' union didn't say.").is_empty());
        assert_eq!(
            quoted("“We won't go back to the '90s,” she said."),
            ["We won't go back to the '90s,"]
        );
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let q = quoted("He said: “They called it ‘a victory’ and left.”");
        assert_eq!(q, ["They called it ‘a victory’ and left."]);
    }

    #[test]
    fn quote_running_over_paragraphs() {
        let body = "“First part of it.\n\n“Second part,” he said.\n\nNext.";
        let m = scan(body, &paras(body));
        assert_eq!(m.len(), 1);
        assert!(m[0].balanced);
        assert_eq!(m[0].paragraphs, 2);
        assert!(body[m[0].content.start..m[0].content.end].ends_with("Second part,"));
    }

    #[test]
    fn unbalanced_mark_closes_at_paragraph_end() {
        let body = "He said “we will never leave.\n\nThen the meeting ended. “Fine,” she said.";
        let m = scan(body, &paras(body));
        assert_eq!(m.len(), 2);
        assert!(!m[0].balanced);
        assert_eq!(
            &body[m[0].content.start..m[0].content.end],
            "we will never leave."
        );
        assert_eq!(&body[m[1].content.start..m[1].content.end], "Fine,");
    }

    #[test]
    fn typewriter_double_marks() {
        assert_eq!(quoted("''It is fine,'' said Mr. Burman."), ["It is fine,"]);
        assert_eq!(quoted("He said ``no'' again."), ["no"]);
    }

    #[test]
    fn a_second_opening_mark_closes_the_first() {
        let body = "He said “we will go on. Later she said “it is over,” and left.";
        let m = scan(body, &paras(body));
        assert_eq!(m.len(), 2);
        assert!(!m[0].balanced);
        assert_eq!(&body[m[1].content.start..m[1].content.end], "it is over,");
    }

    #[test]
    fn stray_marks_never_panic() {
        for body in ["\"", "“", "”", "' '", "\"\"", "a \" b", "„", "‘x", "x’ ’ ‘"] {
            let _ = quoted(body);
        }
    }
}
