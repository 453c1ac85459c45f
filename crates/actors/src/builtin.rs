//! The `dict/` files compiled into the binary.

use crate::{Dictionary, Result};

macro_rules! dict_files {
    ($($path:literal),* $(,)?) => {
        /// Every file of `dict/` as `(path relative to dict/, text)`.
        pub(crate) const FILES: &[(&str, &str)] = &[
            $(($path, include_str!(concat!("../../../dict/", $path)))),*
        ];
    };
}

dict_files!(
    "countries.txt",
    "regions.txt",
    "organizations.txt",
    "groups.txt",
    "media.txt",
    "agents.txt",
    "stoplist.txt",
    "people/americas.txt",
    "people/usa.txt",
    "people/europe.txt",
    "people/eastern_europe.txt",
    "people/russia.txt",
    "people/caucasus_central_asia.txt",
    "people/middle_east.txt",
    "people/africa.txt",
    "people/south_asia.txt",
    "people/east_asia.txt",
    "people/southeast_asia_oceania.txt",
    "people/international.txt",
    "people/armed_groups.txt",
);

impl Dictionary {
    /// The dictionary shipped with sitrep: the `dict/` files of the repository, compiled in.
    ///
    /// # Errors
    /// [`crate::Error::Parse`] if a shipped file is malformed (a test guards against it).
    pub fn builtin() -> Result<Self> {
        Dictionary::from_texts(FILES.iter().copied())
    }

    /// The paths (relative to `dict/`) of the files [`Dictionary::builtin`] is made of.
    #[must_use]
    pub fn builtin_files() -> Vec<&'static str> {
        FILES.iter().map(|(p, _)| *p).collect()
    }
}
