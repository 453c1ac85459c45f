//! The linter behind `sitrep dict check`.

use crate::dictionary::RoleInfo;
use crate::{ActorKind, Dictionary, Entry, Source};
use std::collections::{BTreeMap, HashMap};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Must be fixed: the dictionary codes something wrongly or ambiguously.
    Error,
    /// Worth a look.
    Warning,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LintKind {
    /// A name is empty (`A | B;;C`).
    EmptyName,
    /// A code is not a sequence of three-letter upper-case groups.
    BadCode,
    /// A code's first group is no country, region or transnational type of the dictionary.
    UnknownCountry,
    /// A date is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or is impossible.
    BadDate,
    /// A role ends before it starts.
    DateOrder,
    /// Two main roles with different codes certainly overlap.
    OverlappingRoles,
    /// A name maps to different actors and is not marked `~` (shared) everywhere.
    DuplicateName,
    /// Two entries have the same id.
    DuplicateId,
    /// An entry has no code at all.
    NoRole,
    /// A line of an imported file was skipped.
    Skipped,
}

impl LintKind {
    /// The short name printed in brackets.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            LintKind::EmptyName => "empty-name",
            LintKind::BadCode => "bad-code",
            LintKind::UnknownCountry => "unknown-country",
            LintKind::BadDate => "bad-date",
            LintKind::DateOrder => "date-order",
            LintKind::OverlappingRoles => "overlapping-roles",
            LintKind::DuplicateName => "duplicate-name",
            LintKind::DuplicateId => "duplicate-id",
            LintKind::NoRole => "no-role",
            LintKind::Skipped => "skipped",
        }
    }
}

/// One finding of the linter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// Error or warning.
    pub severity: Severity,
    /// What it is about.
    pub kind: LintKind,
    /// Where.
    pub source: Source,
    /// What is wrong, for people.
    pub message: String,
}

impl std::fmt::Display for Lint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}: {sev}[{}]: {}",
            self.source,
            self.kind.as_str(),
            self.message
        )
    }
}

/// True for a CAMEO code we write: one or more groups of three upper-case ASCII letters.
#[must_use]
pub fn code_syntax_ok(code: &str) -> bool {
    !code.is_empty() && code.len() % 3 == 0 && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn at(e: &Entry, line: usize) -> Source {
    Source {
        file: e.source.file.clone(),
        line,
    }
}

impl Dictionary {
    /// Checks the dictionary: empty names, code syntax, unknown country codes, bad and
    /// out-of-order dates, contradicting overlaps of roles, names shared by different actors
    /// without a `~` mark, duplicate ids, entries without a code. Findings come sorted by file
    /// and line; an empty list of errors is what `sitrep dict check` requires.
    #[must_use]
    pub fn check(&self) -> Vec<Lint> {
        let mut out: Vec<Lint> = self.load_lints.clone();
        let push = |out: &mut Vec<Lint>, severity, kind, source, message| {
            out.push(Lint {
                severity,
                kind,
                source,
                message,
            });
        };
        let mut ids: HashMap<&str, &Entry> = HashMap::new();
        for e in &self.entries {
            if e.empty_names > 0 || e.actor.name.is_empty() {
                push(
                    &mut out,
                    Severity::Error,
                    LintKind::EmptyName,
                    e.source.clone(),
                    format!("entry `{}` has an empty name", e.actor.name),
                );
            }
            if let Some(first) = ids.insert(e.actor.id.as_str(), e) {
                push(
                    &mut out,
                    Severity::Error,
                    LintKind::DuplicateId,
                    e.source.clone(),
                    format!("id `{}` is already used at {}", e.actor.id, first.source),
                );
            }
            if e.actor.roles.is_empty() {
                push(
                    &mut out,
                    Severity::Error,
                    LintKind::NoRole,
                    e.source.clone(),
                    format!("`{}` has no code", e.actor.name),
                );
            }
            for (r, info) in e.actor.roles.iter().zip(&e.roles) {
                let src = at(e, info.line);
                if e.kind == ActorKind::Other {
                    // Imported codes follow their own conventions.
                } else if !code_syntax_ok(&r.code) {
                    push(
                        &mut out,
                        Severity::Error,
                        LintKind::BadCode,
                        src.clone(),
                        format!(
                            "`{}` is not a CAMEO code (groups of three capital letters)",
                            r.code
                        ),
                    );
                } else if e.kind != ActorKind::Agent && !self.is_known_place(&r.code[..3]) {
                    push(
                        &mut out,
                        Severity::Error,
                        LintKind::UnknownCountry,
                        src.clone(),
                        format!(
                            "`{}` in `{}` is no country, region or transnational code",
                            &r.code[..3],
                            r.code
                        ),
                    );
                }
                if info.bad_date {
                    push(
                        &mut out,
                        Severity::Error,
                        LintKind::BadDate,
                        src.clone(),
                        format!(
                            "bad date in `{}..{}` (YYYY, YYYY-MM or YYYY-MM-DD)",
                            r.from.as_deref().unwrap_or(""),
                            r.until.as_deref().unwrap_or("")
                        ),
                    );
                }
                if let (Some(f), Some(u)) = (info.from, info.until) {
                    if f.first_day() > u.last_day() {
                        push(
                            &mut out,
                            Severity::Error,
                            LintKind::DateOrder,
                            src.clone(),
                            format!(
                                "role `{}` ends ({}) before it starts ({})",
                                r.code,
                                r.until.as_deref().unwrap_or(""),
                                r.from.as_deref().unwrap_or("")
                            ),
                        );
                    }
                }
            }
            overlaps(e, &mut out);
        }
        // Names shared by different actors.
        let mut keys: Vec<&String> = self.names.keys().collect();
        keys.sort();
        for key in keys {
            let refs = &self.names[key];
            if let Some(stop) = refs.iter().find(|r| r.how == crate::dictionary::How::Stop) {
                if let Some(r) = refs.iter().find(|r| r.how != crate::dictionary::How::Stop) {
                    let e = &self.entries[r.entry as usize];
                    let src = self
                        .stop
                        .iter()
                        .find(|(n, _)| crate::dictionary::index_key(n) == *key)
                        .map_or_else(|| e.source.clone(), |(_, s)| s.clone());
                    push(
                        &mut out,
                        Severity::Error,
                        LintKind::DuplicateName,
                        src,
                        format!(
                            "stop-list name `{}` hides the name of `{}` ({})",
                            stop.written, e.actor.id, e.source
                        ),
                    );
                }
                continue;
            }
            let written: Vec<_> = refs.iter().filter(|r| !r.generated).collect();
            let mut by_entry: BTreeMap<u32, bool> = BTreeMap::new();
            for r in &written {
                let s = by_entry.entry(r.entry).or_insert(true);
                *s &= r.shared;
            }
            if by_entry.len() < 2 || by_entry.values().all(|&s| s) {
                continue;
            }
            // Different actors with the same id (already reported) are not reported again.
            let places: Vec<String> = by_entry
                .keys()
                .map(|&i| {
                    let e = &self.entries[i as usize];
                    format!("`{}` ({})", e.actor.id, e.source)
                })
                .collect();
            let last = by_entry.keys().next_back().copied().unwrap_or(0);
            let e = &self.entries[last as usize];
            push(
                &mut out,
                Severity::Error,
                LintKind::DuplicateName,
                e.source.clone(),
                format!(
                    "name `{key}` names {}; write it `~{key}` in each entry if it is shared on purpose",
                    places.join(" and ")
                ),
            );
        }
        out.sort_by(|a, b| {
            (&a.source.file, a.source.line, a.kind, &a.message).cmp(&(
                &b.source.file,
                b.source.line,
                b.kind,
                &b.message,
            ))
        });
        out
    }
}

/// The days a role certainly covers: an imprecise start counts from its last possible day,
/// an imprecise end until its first possible day.
fn certain(info: &RoleInfo) -> Option<(i32, i32)> {
    if info.bad_date || !info.is_dated() {
        return None;
    }
    let s = info.from.map_or(i32::MIN, |f| f.last_day());
    let e = info.until.map_or(i32::MAX, |u| u.first_day());
    (s <= e).then_some((s, e))
}

fn overlaps(e: &Entry, out: &mut Vec<Lint>) {
    let roles: Vec<_> = e
        .actor
        .roles
        .iter()
        .zip(&e.roles)
        .filter(|(_, i)| !i.concurrent)
        .filter_map(|(r, i)| certain(i).map(|c| (r, i, c)))
        .collect();
    for (a, (ra, _, ca)) in roles.iter().enumerate() {
        for (rb, ib, cb) in roles.iter().skip(a + 1) {
            if ra.code == rb.code {
                continue;
            }
            let lo = ca.0.max(cb.0);
            let hi = ca.1.min(cb.1);
            // Sharing the hand-over day is fine.
            if hi > lo {
                out.push(Lint {
                    severity: Severity::Error,
                    kind: LintKind::OverlappingRoles,
                    source: at(e, ib.line),
                    message: format!(
                        "`{}` overlaps `{}` of the same entry; mark one `+` if both hold at once",
                        rb.code, ra.code
                    ),
                });
            }
        }
    }
}
