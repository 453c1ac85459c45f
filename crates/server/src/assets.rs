//! The web page's files, embedded in the binary.
//!
//! `crates/server/assets/README.md` says what each file is and how `world.json` is rebuilt.

/// One embedded file: its name under `/assets/` (or `index.html` for `/`), MIME type and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The file name: `index.html`, or the part of the path after `/assets/`.
    pub name: &'static str,
    /// The `Content-Type` to serve it with.
    pub mime: &'static str,
    /// The file's contents.
    pub bytes: &'static [u8],
}

/// Every embedded file.
pub const ASSETS: &[Asset] = &[
    Asset {
        name: "index.html",
        mime: "text/html; charset=utf-8",
        bytes: include_bytes!("../assets/index.html"),
    },
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "app.css",
        mime: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/app.css"),
    },
    Asset {
        name: "world.json",
        mime: "application/json",
        bytes: include_bytes!("../assets/world.json"),
    },
];

/// The asset called `name`, if any.
#[must_use]
pub fn get(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_found_and_not_empty() {
        for asset in ASSETS {
            let found = get(asset.name).expect("listed asset is found");
            assert!(!found.bytes.is_empty(), "{} is empty", asset.name);
        }
        assert!(get("missing.js").is_none());
    }

    #[test]
    fn the_page_loads_only_embedded_assets() {
        let html = std::str::from_utf8(get("index.html").unwrap().bytes).unwrap();
        for name in ["app.js", "app.css"] {
            assert!(
                html.contains(&format!("/assets/{name}")),
                "index.html links {name}"
            );
        }
        for asset in ASSETS {
            // The SVG namespace is a name, never fetched.
            let text =
                String::from_utf8_lossy(asset.bytes).replace("http://www.w3.org/2000/svg", "");
            for outside in ["http://", "https://", "//cdn"] {
                assert!(
                    !text.contains(outside),
                    "{} names an outside host",
                    asset.name
                );
            }
        }
    }

    #[test]
    fn world_borders_are_small_and_well_formed() {
        let world = get("world.json").unwrap();
        assert!(world.bytes.len() < 300 * 1024);
        let text = std::str::from_utf8(world.bytes).unwrap();
        assert!(text.starts_with("{\"source\":") && text.contains("\"countries\":[{"));
    }
}
