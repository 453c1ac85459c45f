//! Geoparsing for news English: toponyms in an article resolved to places of a gazetteer
//! built from GeoNames data.
//!
//! - [`gazetteer`]: the places (GeoNames populated places of population ≥ 500 with their
//!   alternate names, countries, US states, continents, and our own rows for the areas and
//!   sites news names, see `data/gazetteer/`), embedded in the binary and indexed by
//!   normalised name. [`Gazetteer::embedded`] parses it once, on first use.
//! - [`resolve`]: the [`Geoparser`] picks each toponym's place from the population and
//!   feature-class priors, the article's country focus, nearby places, `Paris, Texas`
//!   qualifiers, and tells metonyms (`Moscow said`) apart: those stay actors and are not
//!   event places.
//! - [`eval`]: Acc@161km and exact-id scores on LGL and GeoVirus.
//!
//! Toponym recognition itself is the NER of `sitrep-nlp` (LOC and GPE mentions; demonyms
//! are NORP and never reach the geoparser); the caller gives the spans.
//!
//! ```
//! use sitrep_geo::{Gazetteer, Geoparser};
//! use sitrep_types::Span;
//!
//! let geo = Geoparser::new(Gazetteer::embedded());
//! let text = "Rockets hit Paris, Texas, and Tel Aviv.";
//! let spans = [Span::new(12, 17), Span::new(30, 38)];
//! let places = geo.places(text, &spans);
//! assert_eq!(places[0].country.as_deref(), Some("USA"));
//! assert_eq!(places[1].name, "Tel Aviv");
//! ```

#![warn(missing_docs)]

pub mod eval;
pub mod gazetteer;
pub mod resolve;
#[cfg(test)]
mod tests;

pub use gazetteer::{normalise, Candidate, Entry, Feature, Gazetteer};
pub use resolve::{km, Geoparser, Resolution};
pub use sitrep_types::{Place, Span};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The gazetteer or a corpus file cannot be read or decompressed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// A gazetteer row is malformed.
    #[error("gazetteer line {line}: {what}")]
    Format {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        what: String,
    },
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
