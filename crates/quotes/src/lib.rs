//! sitrep's quote finder: what was said, by whom, through which channel, relayed by whom.
//!
//! [`find`] reads one article: its body, paragraphs, parsed sentences (from `sitrep-nlp`) and
//! entity mentions, and returns [`Quote`](sitrep_types::Quote) records:
//!
//! - **direct** quotes from quote marks ([`marks`]): every mark news uses, nesting, quotes over
//!   several paragraphs, unbalanced marks closed at the paragraph end; short quoted fragments,
//!   scare quotes and names ("an operation called “Iron Sword”") are not speech on their own;
//! - **indirect** quotes from the parse: a cue verb with a clause ("X said that …", "the poll
//!   shows …"), a directive with an infinitive ("urged Congress to act"), "according to X",
//!   a cue noun ("a statement that …"); **mixed** when the content holds quoted words;
//! - the **speaker**: the cue's subject (the agent of a passive, the speaker of "was quoted as
//!   saying"), a dash after a quote, a colon lead-in, carried over to following quote paragraphs
//!   without a cue; pronouns and descriptions ("the close ally of …") resolved through the
//!   article to the person named; the speaker resolved to an actor by the dictionary;
//! - the **medium** (Telegram, X/Twitter, interview, statement, press conference, television …)
//!   and the **relays** ("quoted by Newsweek", "told TASS", "in an interview with CNN",
//!   "according to Reuters", "…, Reuters reported").
//!
//! ```
//! use sitrep_quotes::{find, Input};
//! use sitrep_types::Span;
//!
//! // Without a parse only quote marks are read: the quote is found, its speaker is not.
//! let body = "“We will win,” she said.";
//! let paragraphs = [Span::new(0, body.len())];
//! let input = Input { body, paragraphs: &paragraphs, sentences: &[], entities: &[], date: None };
//! let quotes = find(&input, None);
//! assert_eq!(quotes[0].text, "We will win,");
//! ```
#![deny(missing_docs)]

mod attrib;
mod gender;
mod lexicon;
pub mod marks;
mod tree;

pub use attrib::find;

use sitrep_types::{Mention, Sentence, Span};

/// One article, as the quote finder reads it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The article body.
    pub body: &'a str,
    /// Paragraph spans of `body`, in order.
    pub paragraphs: &'a [Span],
    /// Parsed sentences of `body` (spans into `body`), in order; may be empty.
    pub sentences: &'a [Sentence],
    /// Entity mentions of `body`, in order, with their actors when resolved.
    pub entities: &'a [Mention],
    /// The article date (`YYYY-MM-DD`) for dated actor codes.
    pub date: Option<&'a str>,
}
