//! The integration tests of sitrep-actors: one binary, a module per feature.

mod builtin;
mod composition;
mod dates;
mod find;
mod lint;
mod petrarch;
mod resolve;

use sitrep_actors::Dictionary;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The built-in dictionary, loaded once for all tests.
pub fn dict() -> &'static Dictionary {
    static D: OnceLock<Dictionary> = OnceLock::new();
    D.get_or_init(|| Dictionary::builtin().expect("the built-in dictionary loads"))
}

/// The code of `text` as of `date`, through `resolve_phrase`.
pub fn code(text: &str, date: Option<&str>) -> Option<String> {
    dict().resolve_phrase(text, date).map(|r| r.code)
}

/// `shared/` beside the repository (or `$SITREP_SHARED`), when present.
pub fn shared() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("SITREP_SHARED") {
        let p = PathBuf::from(p);
        if p.is_dir() {
            return Some(p);
        }
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        manifest.join("../../../shared"),
        manifest.join("../../../../shared"),
    ]
    .into_iter()
    .find(|p| p.join("corpora").is_dir())
}

/// The repository's `dict/` directory.
pub fn dict_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dict")
}
