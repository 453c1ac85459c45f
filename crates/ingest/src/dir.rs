//! Files and directories on disk.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use sitrep_types::OriginKind;

use crate::error::IngestError;
use crate::source::{self, fail, Ctx};
use crate::{Documents, Result, SourceOptions};

/// Read one file (sniffed by content; `.txt` marks a single document as plain text).
pub(crate) fn open_file(path: &Path, opts: &SourceOptions) -> Documents {
    let label = path.display().to_string();
    let io_err = |label: String, source: io::Error| {
        if source.kind() == io::ErrorKind::NotFound {
            IngestError::NotFound { input: label }
        } else {
            IngestError::Io {
                input: label,
                source,
            }
        }
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(io_err(label, e)),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return fail(io_err(label, e)),
    };
    if !meta.is_file() {
        return fail(IngestError::Unsupported {
            input: label,
            reason: "not a regular file".to_string(),
        });
    }
    let mut ctx = Ctx::new(label.clone(), OriginKind::File, opts);
    ctx.path = Some(label);
    ctx.size = Some(meta.len());
    ctx.what = "file";
    ctx.text_hint = is_txt(path);
    source::documents(
        ctx,
        Box::new(BufReader::with_capacity(64 * 1024, file)),
        opts,
    )
}

/// `name.txt` or `name.txt.gz`.
fn is_txt(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".txt") || name.ends_with(".txt.gz")
}

/// The files under a directory, depth first in sorted order, hidden entries left out,
/// symbolic links followed but no directory read twice (so link loops end).
pub(crate) struct DirWalk {
    /// Paths still to visit, the next one last.
    stack: Vec<PathBuf>,
    /// Canonical paths of the directories read so far.
    seen: HashSet<PathBuf>,
    /// The documents of the file being read.
    current: Option<Documents>,
    opts: SourceOptions,
}

impl DirWalk {
    pub(crate) fn new(root: PathBuf, opts: &SourceOptions) -> Self {
        DirWalk {
            stack: vec![root],
            seen: HashSet::new(),
            current: None,
            opts: opts.clone(),
        }
    }

    /// Read a directory and push its visible entries, sorted by name.
    fn expand(&mut self, dir: &Path) -> Result<()> {
        let label = || dir.display().to_string();
        let canonical = fs::canonicalize(dir).map_err(|source| IngestError::Io {
            input: label(),
            source,
        })?;
        if !self.seen.insert(canonical) {
            return Ok(());
        }
        let entries = fs::read_dir(dir).map_err(|source| IngestError::Io {
            input: label(),
            source,
        })?;
        let mut names = Vec::new();
        let mut first_error = None;
        for entry in entries {
            match entry {
                Ok(e) => {
                    let name = e.file_name();
                    if !name.as_encoded_bytes().starts_with(b".") {
                        names.push(name);
                    }
                }
                Err(source) => {
                    first_error.get_or_insert(IngestError::Io {
                        input: label(),
                        source,
                    });
                }
            }
        }
        names.sort();
        self.stack
            .extend(names.into_iter().rev().map(|n| dir.join(n)));
        first_error.map_or(Ok(()), Err)
    }
}

impl Iterator for DirWalk {
    type Item = Result<crate::Document>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.stack.pop()?;
            let meta = match fs::metadata(&path) {
                Ok(m) => m,
                Err(source) => {
                    return Some(Err(IngestError::Io {
                        input: path.display().to_string(),
                        source,
                    }))
                }
            };
            if meta.is_dir() {
                if let Err(e) = self.expand(&path) {
                    return Some(Err(e));
                }
            } else if meta.is_file() {
                self.current = Some(open_file(&path, &self.opts));
            } else if self.opts.report_skipped {
                return Some(Err(IngestError::Skipped {
                    input: path.display().to_string(),
                    reason: "not a regular file".to_string(),
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_names() {
        assert!(is_txt(Path::new("a/B.TXT")));
        assert!(is_txt(Path::new("notes.txt.gz")));
        assert!(!is_txt(Path::new("page.html")));
        assert!(!is_txt(Path::new("txt")));
    }
}
