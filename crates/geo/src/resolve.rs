//! Toponym resolution: which gazetteer place each toponym of an article names.
//!
//! Every candidate of a toponym gets a score, the sum of:
//! - a prior: the log of the population for a populated place; a fixed high value for a
//!   country (18), a continent (17), our own areas and sites (17) and a US state (16), so
//!   that `Georgia` is the country unless the article is about the United States;
//! - a penalty of 3 when only an alternate name matched;
//! - the article's country focus: up to 4 for a place in the country most of the article's
//!   other toponyms are in (their first-pass best reading), and 2 for a place in a US state
//!   the article names;
//! - nearby places: 2 when another toponym's first-pass reading (a town) is within 100 km;
//! - a qualifier: `Paris, Texas`, `Alexandria, La.`, `Tripoli, Lebanon` keep only the
//!   candidates in that state or country (when there are any).
//!
//! A toponym that is the subject of a speech or decision verb (`Moscow said`, `Israel
//! warned`, `Washington has announced`) is a metonym: [`Resolution::metonym`] says so, and
//! [`Geoparser::places`] leaves it out of the event places (the mention stays an entity,
//! with its actor code).

use crate::gazetteer::{normalise, Candidate, Entry, Feature, Gazetteer};
use sitrep_types::{Place, Span};
use std::collections::BTreeMap;

/// The reading of one toponym.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// The toponym's span in the text.
    pub span: Span,
    /// The chosen place, when the gazetteer has one.
    pub place: Option<Candidate>,
    /// The toponym is the subject of a speech or decision verb.
    pub metonym: bool,
    /// The toponym is a demonym (`Russian`, `Palestinians`) read as its country.
    pub demonym: bool,
}

/// Resolves toponyms against a [`Gazetteer`].
#[derive(Debug, Clone, Copy)]
pub struct Geoparser<'g> {
    gaz: &'g Gazetteer,
}

/// AP-style US state abbreviations and postal codes that follow a town's name.
const STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("ala", "AL"),
    ("ariz", "AZ"),
    ("ark", "AR"),
    ("calif", "CA"),
    ("cal", "CA"),
    ("colo", "CO"),
    ("conn", "CT"),
    ("del", "DE"),
    ("fla", "FL"),
    ("ga", "GA"),
    ("ill", "IL"),
    ("ind", "IN"),
    ("kan", "KS"),
    ("kans", "KS"),
    ("ky", "KY"),
    ("la", "LA"),
    ("md", "MD"),
    ("mass", "MA"),
    ("mich", "MI"),
    ("minn", "MN"),
    ("miss", "MS"),
    ("mo", "MO"),
    ("mont", "MT"),
    ("neb", "NE"),
    ("nebr", "NE"),
    ("nev", "NV"),
    ("nh", "NH"),
    ("nj", "NJ"),
    ("nm", "NM"),
    ("ny", "NY"),
    ("nc", "NC"),
    ("nd", "ND"),
    ("okla", "OK"),
    ("ore", "OR"),
    ("pa", "PA"),
    ("ri", "RI"),
    ("sc", "SC"),
    ("sd", "SD"),
    ("tenn", "TN"),
    ("tex", "TX"),
    ("vt", "VT"),
    ("va", "VA"),
    ("wash", "WA"),
    ("wva", "WV"),
    ("wis", "WI"),
    ("wisc", "WI"),
    ("wyo", "WY"),
];

/// Verbs whose subject is an actor, not a place.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "announced",
    "announces",
    "warned",
    "warns",
    "denied",
    "denies",
    "accused",
    "accuses",
    "claimed",
    "claims",
    "urged",
    "urges",
    "condemned",
    "condemns",
    "insisted",
    "insists",
    "demanded",
    "demands",
    "threatened",
    "threatens",
    "vowed",
    "vows",
    "rejected",
    "rejects",
    "agreed",
    "agrees",
    "decided",
    "stated",
    "responded",
    "retaliated",
    "vetoed",
    "recognised",
    "recognized",
    "pledged",
    "pledges",
    "wants",
    "blamed",
    "blames",
    "insisted",
    "signed",
    "imposed",
    "declared",
    "declares",
    "confirmed",
    "confirms",
];

const PREPOSITIONS: &[&str] = &[
    "in",
    "of",
    "from",
    "at",
    "near",
    "across",
    "to",
    "into",
    "outside",
    "inside",
    "around",
    "throughout",
    "on",
    "for",
    "and",
    "with",
];

/// Other names [`Geoparser::scan_features`] looks for (the gazetteer's alternate names of
/// countries include codes like `US`, too risky to match in running text).
const OWN_ALTERNATES: &[(&str, &str)] = &[
    ("Gaza strip", "Gaza Strip"),
    ("Al-Aqsa", "Al-Aqsa Mosque"),
    ("Al Aqsa", "Al-Aqsa Mosque"),
    ("Haram al-Sharif", "Temple Mount"),
    ("Wailing Wall", "Western Wall"),
    ("Britain", "United Kingdom"),
    ("Palestine", "Palestinian Territory"),
    ("Palestinian territories", "Palestinian Territory"),
    ("Russian Federation", "Russia"),
];

/// Demonyms the suffix rules of [`Geoparser::demonym`] do not find.
const IRREGULAR_DEMONYMS: &[(&str, &str)] = &[
    ("American", "United States"),
    ("British", "United Kingdom"),
    ("Briton", "United Kingdom"),
    ("English", "United Kingdom"),
    ("Scottish", "United Kingdom"),
    ("Welsh", "United Kingdom"),
    ("French", "France"),
    ("Dutch", "Netherlands"),
    ("Swiss", "Switzerland"),
    ("Greek", "Greece"),
    ("Turkish", "Turkey"),
    ("Turk", "Turkey"),
    ("Spanish", "Spain"),
    ("Spaniard", "Spain"),
    ("Polish", "Poland"),
    ("Pole", "Poland"),
    ("Swedish", "Sweden"),
    ("Swede", "Sweden"),
    ("Danish", "Denmark"),
    ("Finnish", "Finland"),
    ("Irish", "Ireland"),
    ("Filipino", "Philippines"),
    ("Philippine", "Philippines"),
    ("Thai", "Thailand"),
    ("Afghan", "Afghanistan"),
    ("Saudi", "Saudi Arabia"),
    ("Emirati", "United Arab Emirates"),
    ("Israeli", "Israel"),
    ("Palestinian", "Palestinian Territory"),
    ("Iraqi", "Iraq"),
    ("Kuwaiti", "Kuwait"),
    ("Pakistani", "Pakistan"),
    ("Bangladeshi", "Bangladesh"),
    ("Yemeni", "Yemen"),
    ("Qatari", "Qatar"),
    ("Somali", "Somalia"),
    ("Peruvian", "Peru"),
    ("Argentine", "Argentina"),
    ("Argentinian", "Argentina"),
    ("Chilean", "Chile"),
    ("Ukrainian", "Ukraine"),
    ("Belgian", "Belgium"),
    ("Lebanese", "Lebanon"),
    ("Sudanese", "Sudan"),
    ("Vietnamese", "Vietnam"),
    ("Congolese", "Democratic Republic of the Congo"),
    ("New Zealander", "New Zealand"),
    ("Norwegian", "Norway"),
    ("Portuguese", "Portugal"),
    ("Icelandic", "Iceland"),
];

/// Words NER tags as places that are directions or blocs, not towns (`the West` is not West,
/// Texas).
const NOT_TOPONYMS: &[&str] = &[
    "west", "east", "north", "south", "western", "eastern", "northern", "southern", "midwest",
    "downtown", "uptown", "capitol", "earth", "world", "globe",
];

const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "also", "is", "was", "has also",
];

impl<'g> Geoparser<'g> {
    /// A geoparser over this gazetteer.
    #[must_use]
    pub fn new(gaz: &'g Gazetteer) -> Self {
        Geoparser { gaz }
    }

    /// The gazetteer.
    #[must_use]
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gaz
    }

    /// The candidates of a toponym as written, and whether it was read as a demonym.
    #[must_use]
    pub fn candidates_or_demonym(&self, written: &str) -> (Vec<Candidate>, bool) {
        // `Kan.`, `W.Va.`: a state abbreviation before any town of that name.
        if written.trim_end().ends_with('.') {
            let key = normalise(written);
            if let Some((_, st)) = STATE_ABBREVIATIONS.iter().find(|(a, _)| *a == key) {
                let v = self.states(st);
                if !v.is_empty() {
                    return (v, false);
                }
            }
        }
        let found = self.candidates(written);
        if !found.is_empty() {
            return (found.to_vec(), false);
        }
        let key = normalise(written);
        if let Some((_, st)) = STATE_ABBREVIATIONS.iter().find(|(a, _)| *a == key) {
            let v = self.states(st);
            if !v.is_empty() {
                return (v, false);
            }
        }
        if key == "dc" {
            return (self.gaz.lookup("Washington, D.C.").to_vec(), false);
        }
        (self.demonym(written), true)
    }

    fn states(&self, code: &str) -> Vec<Candidate> {
        let gaz = self.gaz;
        gaz.lookup(
            gaz.entries()
                .iter()
                .find(|e| {
                    e.feature == Feature::Region && &*e.country == "USA" && &*e.admin1 == code
                })
                .map_or("", |e| &e.name),
        )
        .iter()
        .copied()
        .filter(|c| gaz.entry(*c).feature == Feature::Region)
        .collect()
    }

    /// The country a demonym names (`Russian`, `Palestinians`, `Sri Lankan`, `Chinese`).
    #[must_use]
    pub fn demonym(&self, written: &str) -> Vec<Candidate> {
        let w = written.trim();
        if !w.starts_with(|c: char| c.is_uppercase()) {
            return Vec::new();
        }
        let w = w.strip_suffix('s').filter(|x| x.len() > 3).unwrap_or(w);
        if let Some((_, name)) = IRREGULAR_DEMONYMS.iter().find(|(d, _)| *d == w) {
            return self.countries(name);
        }
        let mut tries: Vec<String> = Vec::new();
        if let Some(b) = w.strip_suffix("ian") {
            tries.extend([
                format!("{b}e"),
                b.to_string(),
                format!("{b}ia"),
                format!("{b}a"),
            ]);
        }
        if let Some(b) = w.strip_suffix("ese") {
            tries.extend([b.to_string(), format!("{b}a"), format!("{b}on")]);
        }
        if let Some(b) = w.strip_suffix("an") {
            tries.extend([format!("{b}a"), b.to_string()]);
        }
        if let Some(b) = w.strip_suffix('n') {
            tries.push(b.to_string());
        }
        if let Some(b) = w.strip_suffix('i') {
            tries.extend([b.to_string(), format!("{b}ia")]);
        }
        for t in tries {
            let v = self.countries(&t);
            if !v.is_empty() {
                return v;
            }
        }
        Vec::new()
    }

    fn countries(&self, name: &str) -> Vec<Candidate> {
        self.gaz
            .lookup(name)
            .iter()
            .copied()
            .filter(|c| self.gaz.entry(*c).feature == Feature::Country)
            .collect()
    }

    /// The candidates of a toponym as written (`the` and a possessive `'s` dropped).
    #[must_use]
    pub fn candidates(&self, written: &str) -> &'g [Candidate] {
        let w = written.trim();
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        if NOT_TOPONYMS.contains(&normalise(w).as_str()) {
            return &[];
        }
        let found = self.gaz.lookup(w);
        if !found.is_empty() {
            return found;
        }
        for prefix in ["City of ", "city of ", "Town of ", "town of "] {
            if let Some(rest) = w.strip_prefix(prefix) {
                return self.gaz.lookup(rest);
            }
        }
        for suffix in [" City", " city"] {
            if let Some(rest) = w.strip_suffix(suffix) {
                return self.gaz.lookup(rest);
            }
        }
        &[]
    }

    /// The context-free prior of a candidate.
    #[must_use]
    pub fn prior(&self, c: Candidate) -> f64 {
        let e = self.gaz.entry(c);
        let base = match e.feature {
            Feature::Country => 18.0,
            Feature::Continent | Feature::Area | Feature::Site | Feature::Water => 17.0,
            Feature::Region => 16.0,
            Feature::County => 9.0,
            #[allow(clippy::cast_precision_loss)]
            Feature::City => (1.0 + e.population as f64).ln(),
            #[allow(clippy::cast_precision_loss)]
            Feature::Capital => (1.0 + e.population as f64).ln() + 3.0,
        };
        if c.alternate {
            base - 3.0
        } else {
            base
        }
    }

    /// The best candidate by the prior alone (the population baseline).
    #[must_use]
    pub fn by_prior(&self, written: &str) -> Option<Candidate> {
        best(&self.candidates_or_demonym(written).0, |c| self.prior(c))
    }

    /// Resolve the toponyms at `spans` of `text` (byte spans, in any order), each in the
    /// context of all the others.
    #[must_use]
    pub fn resolve(&self, text: &str, spans: &[Span]) -> Vec<Resolution> {
        let looked: Vec<(Vec<Candidate>, bool)> = spans
            .iter()
            .map(|s| self.candidates_or_demonym(s.text(text)))
            .collect();
        let cands: Vec<&[Candidate]> = looked.iter().map(|(c, _)| c.as_slice()).collect();
        let qualifiers: Vec<Option<(String, Option<String>)>> =
            spans.iter().map(|s| self.qualifier(text, *s)).collect();
        let names: Vec<String> = spans.iter().map(|s| normalise(s.text(text))).collect();
        let pools: Vec<Vec<Candidate>> = cands
            .iter()
            .zip(&qualifiers)
            .map(|(cs, q)| self.qualified(cs, q.as_ref()))
            .collect();
        let qualifier_states: Vec<&str> = qualifiers
            .iter()
            .flatten()
            .filter(|(cc, _)| cc == "USA")
            .filter_map(|(_, st)| st.as_deref())
            .collect();
        // First pass: the prior alone; then twice: the focus of the current readings.
        let mut readings: Vec<Option<Candidate>> =
            pools.iter().map(|p| best(p, |c| self.prior(c))).collect();
        for _ in 0..2 {
            readings = (0..spans.len())
                .map(|i| {
                    let ctx = self.context(&names, &readings, &qualifier_states, i);
                    best(&pools[i], |c| self.prior(c) + ctx.bonus(self.gaz.entry(c)))
                })
                .collect();
        }
        spans
            .iter()
            .enumerate()
            .map(|(i, span)| Resolution {
                span: *span,
                place: readings[i],
                metonym: metonym(text, *span),
                demonym: looked[i].1,
            })
            .collect()
    }

    /// What the other toponyms of the article (other names than toponym `i`) say.
    fn context<'a>(
        &'a self,
        names: &[String],
        readings: &[Option<Candidate>],
        qualifier_states: &[&'a str],
        i: usize,
    ) -> Context<'a> {
        let mut ctx = Context::default();
        let mut seen: Vec<&str> = Vec::new();
        for (j, r) in readings.iter().enumerate() {
            let Some(c) = r else { continue };
            if names[j] == names[i] || seen.contains(&names[j].as_str()) {
                continue;
            }
            seen.push(&names[j]);
            let e = self.gaz.entry(*c);
            if e.country.is_empty() {
                continue;
            }
            let w = if e.feature == Feature::Country {
                2.0
            } else {
                1.0
            };
            *ctx.countries.entry(&e.country).or_default() += w;
            if &*e.country == "USA" && e.feature != Feature::Country {
                ctx.states.push(&e.admin1);
            }
            if matches!(e.feature, Feature::City | Feature::Capital) {
                ctx.towns.push((e.lat, e.lon));
            }
        }
        ctx.states.extend(qualifier_states.iter().copied());
        ctx.top = ctx
            .countries
            .values()
            .copied()
            .fold(0.0_f64, f64::max)
            .max(1.0);
        ctx
    }

    /// The event places of the toponyms at `spans`: resolved ones, metonyms left out, one
    /// [`Place`] each, in text order.
    #[must_use]
    pub fn places(&self, text: &str, spans: &[Span]) -> Vec<Place> {
        let mut out: Vec<Place> = self
            .resolve(text, spans)
            .into_iter()
            .filter(|r| !r.metonym && !r.demonym)
            .filter_map(|r| r.place.map(|c| self.place(text, r.span, c)))
            .collect();
        out.sort_by_key(|p| (p.span.start, p.span.end));
        out
    }

    /// Spans of the country, area, site and sea names of the gazetteer written in `text`
    /// (case as in the gazetteer, whole words, longest first): the toponyms NER may miss.
    #[must_use]
    pub fn scan_features(&self, text: &str) -> Vec<Span> {
        let mut found: Vec<Span> = Vec::new();
        // One pass over the text for all names (every match, overlapping ones too, so a
        // shorter name still counts where a longer one fails the word-boundary test).
        for m in self.feature_matcher().find_overlapping_iter(text) {
            let (i, end) = (m.start(), m.end());
            let word_before = text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let word_after = text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if !word_before && !word_after {
                found.push(Span::new(i, end));
            }
        }
        found.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut out: Vec<Span> = Vec::new();
        for s in found {
            if out.last().is_none_or(|l| s.start >= l.end) {
                out.push(s);
            }
        }
        out
    }

    /// An automaton over the names of countries, areas, sites and waters, built once.
    fn feature_matcher(&self) -> &'static aho_corasick::AhoCorasick {
        static MATCHER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| {
            aho_corasick::AhoCorasick::new(self.feature_names())
                .expect("gazetteer names make a valid automaton")
        })
    }

    fn feature_names(&self) -> Vec<String> {
        let gaz = self.gaz;
        let mut v: Vec<String> = Vec::new();
        for e in gaz.entries() {
            if matches!(
                e.feature,
                Feature::Country | Feature::Area | Feature::Site | Feature::Water
            ) {
                v.push(e.name.to_string());
            }
        }
        for (alt, name) in OWN_ALTERNATES {
            if v.iter().any(|n| n == name) {
                v.push((*alt).to_string());
            }
        }
        v.sort();
        v.dedup();
        v
    }

    /// A [`Place`] record.
    #[must_use]
    pub fn place(&self, text: &str, span: Span, c: Candidate) -> Place {
        let e: &Entry = self.gaz.entry(c);
        Place {
            text: span.text(text).to_string(),
            span,
            name: e.name.to_string(),
            country: (!e.country.is_empty()).then(|| e.country.to_string()),
            lat: e.lat,
            lon: e.lon,
            gazetteer_id: Some(e.id.to_string()),
            feature: Some(e.feature.as_str().to_string()),
        }
    }

    /// `Paris, Texas`: the country and US state named right after a toponym.
    fn qualifier(&self, text: &str, span: Span) -> Option<(String, Option<String>)> {
        let rest = text.get(span.end..)?.strip_prefix(", ")?;
        let end = rest
            .find([',', ';', ':', '(', ')', '\n', '"', '“', '”'])
            .unwrap_or(rest.len())
            .min(40);
        let words: Vec<&str> = rest
            .get(..end)
            .unwrap_or(rest)
            .split_whitespace()
            .take(3)
            .collect();
        for n in (1..=words.len()).rev() {
            let name = words[..n].join(" ");
            if !name.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            let key = normalise(&name);
            if let Some((_, st)) = STATE_ABBREVIATIONS.iter().find(|(a, _)| *a == key) {
                if n == 1 {
                    return Some(("USA".to_string(), Some((*st).to_string())));
                }
            }
            let name = name.trim_end_matches(['.', '\'']);
            for c in self.gaz.lookup(name) {
                let e = self.gaz.entry(*c);
                if c.alternate && e.feature != Feature::Country {
                    continue;
                }
                match e.feature {
                    Feature::Country => return Some((e.country.to_string(), None)),
                    Feature::Region => {
                        return Some((
                            e.country.to_string(),
                            Some(e.admin1.to_string()).filter(|a| !a.is_empty()),
                        ))
                    }
                    _ => {}
                }
            }
        }
        None
    }

    fn qualified(
        &self,
        cands: &[Candidate],
        q: Option<&(String, Option<String>)>,
    ) -> Vec<Candidate> {
        let Some((cc, st)) = q else {
            return cands.to_vec();
        };
        let kept: Vec<Candidate> = cands
            .iter()
            .copied()
            .filter(|c| {
                let e = self.gaz.entry(*c);
                *e.country == **cc
                    && e.feature != Feature::Country
                    && st.as_ref().is_none_or(|s| *e.admin1 == **s)
            })
            .collect();
        if kept.is_empty() {
            cands.to_vec()
        } else {
            kept
        }
    }
}

/// The article context of one toponym: the countries, US states and towns of the other
/// toponyms' readings.
#[derive(Default)]
struct Context<'a> {
    countries: BTreeMap<&'a str, f64>,
    top: f64,
    states: Vec<&'a str>,
    towns: Vec<(f64, f64)>,
}

impl Context<'_> {
    fn bonus(&self, e: &Entry) -> f64 {
        let mut s = 0.0;
        if self.top > 0.0 {
            let n = self.countries.get(&*e.country).copied().unwrap_or(0.0);
            s += FOCUS_WEIGHT * (n / self.top).clamp(0.0, 1.0);
        }
        if &*e.country == "USA"
            && matches!(
                e.feature,
                Feature::City | Feature::Capital | Feature::County
            )
            && self.states.contains(&&*e.admin1)
        {
            s += STATE_WEIGHT;
        }
        if matches!(e.feature, Feature::City | Feature::Capital)
            && self
                .towns
                .iter()
                .any(|&(lat, lon)| km(e.lat, e.lon, lat, lon) < 100.0)
        {
            s += NEAR_WEIGHT;
        }
        s
    }
}

/// The weight of the article's country focus.
const FOCUS_WEIGHT: f64 = 6.0;
/// The weight of a US state the article names.
const STATE_WEIGHT: f64 = 3.0;
/// The weight of another toponym's town within 100 km.
const NEAR_WEIGHT: f64 = 2.0;

fn best(cands: &[Candidate], score: impl Fn(Candidate) -> f64) -> Option<Candidate> {
    let mut best: Option<(Candidate, f64)> = None;
    for c in cands {
        let s = score(*c);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((*c, s));
        }
    }
    best.map(|(c, _)| c)
}

/// Is the toponym at `span` the subject of a speech or decision verb?
fn metonym(text: &str, span: Span) -> bool {
    let Some(rest) = text.get(span.end..) else {
        return false;
    };
    // `police in Louisiana said`: the subject is someone in the place.
    let before = text
        .get(..span.start)
        .and_then(|b| b.split_whitespace().next_back())
        .unwrap_or("")
        .to_lowercase();
    if PREPOSITIONS.contains(&before.as_str()) {
        return false;
    }
    let mut words = rest
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches([',', '.', ';', ':']).to_lowercase());
    let Some(mut w) = words.next() else {
        return false;
    };
    for _ in 0..2 {
        if AUXILIARIES.contains(&w.as_str()) {
            match words.next() {
                Some(n) => w = n,
                None => return false,
            }
        }
    }
    SPEECH_VERBS.contains(&w.as_str())
}

/// Great-circle distance in kilometres.
#[must_use]
pub fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}
