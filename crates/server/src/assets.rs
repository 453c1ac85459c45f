//! The web page's files, embedded in the binary.

/// One embedded file: its name under `/assets/` (or `index.html` for `/`), MIME type and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// Name under `/assets/`.
    pub name: &'static str,
    /// MIME type.
    pub mime: &'static str,
    /// Contents.
    pub bytes: &'static [u8],
}

/// Every embedded file.
pub const ASSETS: &[Asset] = &[Asset {
    name: "index.html",
    mime: "text/html; charset=utf-8",
    bytes: include_bytes!("../assets/index.html"),
}];

/// The asset called `name`, if any.
#[must_use]
pub fn get(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}
