//! The CAMEO code table: Goldstein weight, quad class and PLOVER type of every code.

use crate::{Error, Result};
use std::collections::BTreeMap;

/// What sitrep knows about one CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    /// The code (`0334`).
    pub code: String,
    /// Goldstein weight, -10..10.
    pub goldstein: f32,
    /// PLOVER event type (`STATEMENT` for the 01x codes PLOVER leaves out).
    pub plover_type: String,
    /// PLOVER mode, when any.
    pub plover_mode: Option<String>,
    /// PLOVER context(s), `;`-separated, when any.
    pub plover_context: Option<String>,
    /// A short description.
    pub name: String,
}

impl CodeInfo {
    /// The root: the first two digits.
    #[must_use]
    pub fn root(&self) -> &str {
        &self.code[..2]
    }

    /// The quad class, from the root: 1 verbal cooperation (01–05), 2 material cooperation
    /// (06–08), 3 verbal conflict (09–14), 4 material conflict (15–20).
    #[must_use]
    pub fn quad(&self) -> u8 {
        quad_of_root(self.root())
    }
}

/// Quad class of a two-digit root; 0 when the root is not a CAMEO root.
#[must_use]
pub fn quad_of_root(root: &str) -> u8 {
    match root.parse::<u8>() {
        Ok(1..=5) => 1,
        Ok(6..=8) => 2,
        Ok(9..=14) => 3,
        Ok(15..=20) => 4,
        _ => 0,
    }
}

/// Every code of `cameo.txt`.
#[derive(Debug, Clone, Default)]
pub struct CodeTable {
    codes: BTreeMap<String, CodeInfo>,
}

impl CodeTable {
    /// Parses a table in the `dict/events/cameo.txt` format; `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the file and line of the first malformed line.
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let mut codes = BTreeMap::new();
        for (n, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: String| Error::Parse {
                file: file.to_string(),
                line: n + 1,
                message,
            };
            let mut cols = line.split_whitespace();
            let code = cols.next().unwrap_or_default();
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(format!("`{code}` is not a CAMEO code (2 to 4 digits)")));
            }
            if quad_of_root(&code[..2]) == 0 {
                return Err(err(format!("`{code}`: root {} is not 01..20", &code[..2])));
            }
            let goldstein: f32 = cols
                .next()
                .and_then(|g| g.parse().ok())
                .filter(|g: &f32| (-10.0..=10.0).contains(g))
                .ok_or_else(|| {
                    err(format!(
                        "`{code}`: Goldstein weight missing or out of -10..10"
                    ))
                })?;
            let plover_type = cols
                .next()
                .filter(|t| t.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
                .ok_or_else(|| err(format!("`{code}`: PLOVER type missing")))?
                .to_string();
            let opt = |s: Option<&str>| s.filter(|s| *s != "-").map(str::to_string);
            let plover_mode = opt(cols.next());
            let plover_context = opt(cols.next());
            let name = cols.collect::<Vec<_>>().join(" ");
            if codes.contains_key(code) {
                return Err(err(format!("`{code}` is listed twice")));
            }
            codes.insert(
                code.to_string(),
                CodeInfo {
                    code: code.to_string(),
                    goldstein,
                    plover_type,
                    plover_mode,
                    plover_context,
                    name,
                },
            );
        }
        Ok(CodeTable { codes })
    }

    /// Adds a code the table does not know (an imported dictionary's `075A`, `903`) with
    /// neutral values: those of its nearest known parent (`075` for `075A`, `09` for `0941`)
    /// when there is one, else Goldstein 0 and PLOVER type `OTHER`. Returns `false`, changing
    /// nothing, when the code is already there or is not at least two characters.
    pub fn insert_unknown(&mut self, code: &str, name: &str) -> bool {
        if code.chars().count() < 2 || !code.is_ascii() || self.codes.contains_key(code) {
            return false;
        }
        let parent = (2..code.len())
            .rev()
            .find_map(|n| self.codes.get(&code[..n]))
            .cloned();
        let info = match parent {
            Some(p) => CodeInfo {
                code: code.to_string(),
                name: name.to_string(),
                ..p
            },
            None => CodeInfo {
                code: code.to_string(),
                goldstein: 0.0,
                plover_type: "OTHER".into(),
                plover_mode: None,
                plover_context: None,
                name: name.to_string(),
            },
        };
        self.codes.insert(code.to_string(), info);
        true
    }

    /// The entry of a code.
    #[must_use]
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// Every code in order.
    pub fn iter(&self) -> impl Iterator<Item = &CodeInfo> {
        self.codes.values()
    }

    /// How many codes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// No codes at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// A line without its `#` comment (a `#` at the start or after white space).
pub(crate) fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}
