//! The gazetteer: places with their names, country, feature class, population and point, and
//! an index from normalised names to places.
//!
//! The data is `data/gazetteer/gazetteer.tsv.gz`, built by `scripts/build-gazetteer` from
//! GeoNames (see the README for what it holds), embedded in the binary and parsed once, on
//! first use, by [`Gazetteer::embedded`].

use crate::{Error, Result};
use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// The gazetteer file, embedded at compile time.
const EMBEDDED: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.tsv.gz");

/// Largest uncompressed size we accept (the built file is about 15 MB).
const MAX_BYTES: u64 = 200 << 20;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Feature {
    /// A country or territory (GeoNames `A.PCLI`).
    Country,
    /// A first-level region (`A.ADM1`; US states only in our data).
    Region,
    /// A second-level region (`A.ADM2`; US counties only, at their state's point).
    County,
    /// A populated place (`P.*`).
    City,
    /// A country's capital (`P.PPLC`).
    Capital,
    /// A continent (`L.CONT`).
    Continent,
    /// An area news names (Gaza Strip, Donbas; `L.*` from our own rows).
    Area,
    /// A site (Al-Aqsa Mosque; `S.*`).
    Site,
    /// A sea or strait (`H.*`).
    Water,
}

impl Feature {
    fn parse(code: &str) -> Feature {
        match code {
            "A.PCLI" => Feature::Country,
            "A.ADM1" => Feature::Region,
            "A.ADM2" => Feature::County,
            "P.PPLC" => Feature::Capital,
            "L.CONT" => Feature::Continent,
            c if c.starts_with("P.") => Feature::City,
            c if c.starts_with("S.") => Feature::Site,
            c if c.starts_with("H.") => Feature::Water,
            _ => Feature::Area,
        }
    }

    /// The word written in [`sitrep_types::Place::feature`].
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Country => "country",
            Feature::Region => "region",
            Feature::County => "county",
            Feature::City | Feature::Capital => "city",
            Feature::Continent => "continent",
            Feature::Area => "area",
            Feature::Site => "site",
            Feature::Water => "water",
        }
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entry {
    /// GeoNames id, or `sitrep:<slug>` for our own rows.
    pub id: Box<str>,
    /// The gazetteer name.
    pub name: Box<str>,
    /// ISO alpha-3 country, empty for continents and seas.
    pub country: Box<str>,
    /// What kind of place.
    pub feature: Feature,
    /// Admin-1 code of a populated place (US: the state's postal code); the state's own code
    /// for a US state.
    pub admin1: Box<str>,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A place a name can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Index into [`Gazetteer::entries`].
    pub index: u32,
    /// The name matched an alternate name, not the gazetteer name.
    pub alternate: bool,
}

/// Places and a name index.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    index: HashMap<String, Vec<Candidate>>,
}

impl Gazetteer {
    /// The gazetteer embedded in the binary, parsed on first use.
    ///
    /// # Panics
    /// If the embedded file is corrupt (a build error, caught by the tests).
    #[must_use]
    pub fn embedded() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| Gazetteer::from_gzip(EMBEDDED).expect("embedded gazetteer"))
    }

    /// Parse a gzip'd gazetteer file.
    ///
    /// # Errors
    /// [`Error::Io`] when it does not decompress, [`Error::Format`] on a bad row.
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_BYTES)
            .read_to_string(&mut text)?;
        Gazetteer::from_tsv(&text)
    }

    /// Parse the uncompressed TSV.
    ///
    /// # Errors
    /// [`Error::Format`] on a row with too few columns or a bad number.
    pub fn from_tsv(text: &str) -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        g.index.reserve(900_000);
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| Error::Format {
                line: n + 1,
                what: what.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 9 {
                return Err(bad("fewer than 9 columns"));
            }
            let entry = Entry {
                id: f[0].into(),
                name: f[1].into(),
                country: f[3].into(),
                feature: Feature::parse(f[4]),
                admin1: f[5].into(),
                population: f[6].parse().map_err(|_| bad("population"))?,
                lat: f[7].parse().map_err(|_| bad("lat"))?,
                lon: f[8].parse().map_err(|_| bad("lon"))?,
            };
            let index = u32::try_from(g.entries.len()).map_err(|_| bad("too many rows"))?;
            g.add(f[1], index, false);
            for alt in f[2].split('|').filter(|a| !a.is_empty()) {
                g.add(alt, index, true);
            }
            g.entries.push(entry);
        }
        Ok(g)
    }

    fn add(&mut self, name: &str, index: u32, alternate: bool) {
        let key = normalise(name);
        if key.is_empty() {
            return;
        }
        let list = self.index.entry(key).or_default();
        if let Some(c) = list.iter_mut().find(|c| c.index == index) {
            c.alternate &= alternate;
        } else {
            list.push(Candidate { index, alternate });
        }
    }

    /// All places.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// One place.
    #[must_use]
    pub fn entry(&self, c: Candidate) -> &Entry {
        &self.entries[c.index as usize]
    }

    /// The places a name can refer to (compared after [`normalise`]).
    #[must_use]
    pub fn lookup(&self, name: &str) -> &[Candidate] {
        self.index.get(&normalise(name)).map_or(&[], Vec::as_slice)
    }

    /// The place with this gazetteer id.
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| &*e.id == id)
    }
}

/// The form names are compared in: lower case, Latin diacritics dropped, `’` as `'`, dots
/// dropped, hyphens as spaces, a leading `the` dropped, spaces collapsed.
#[must_use]
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars().flat_map(char::to_lowercase) {
        let c = match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ğ' | 'ģ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => 'i',
            'ķ' => 'k',
            'ł' | 'ľ' | 'ļ' => 'l',
            'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ť' | 'ţ' | 'ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            '’' | '‘' | '`' => '\'',
            '-' | '‐' | '–' | '_' | ',' => ' ',
            '.' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    if let Some(rest) = out.strip_prefix("the ") {
        out = rest.to_string();
    }
    out
}
