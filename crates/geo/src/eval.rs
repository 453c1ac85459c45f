//! Evaluation against geoparsing gold: LGL (Lieberman et al. 2010) and GeoVirus (Gritta et
//! al. 2018) in the XML of Gritta's `Pragmatic Guide to Geoparsing Evaluation`.
//!
//! The metrics: Acc@161km (the share of gold toponyms whose reading is within 161 km, 100
//! miles, of the gold point; an unresolved toponym counts as wrong) and the exact match of
//! the GeoNames id (LGL only: GeoVirus gives Wikipedia pages). With *gold spans* the
//! resolver is given the gold toponyms; with *our spans* a caller-supplied recogniser finds
//! them, a gold toponym counts as found when a predicted span overlaps it, and Acc@161km is
//! given both over the found ones (the usual figure) and over all gold toponyms.

use crate::resolve::{km, Geoparser};
use crate::Result;
use serde::Serialize;
use sitrep_types::Span;
use std::path::Path;

/// One gold toponym.
#[derive(Debug, Clone)]
pub struct GoldToponym {
    /// Byte span into [`GoldDoc::text`].
    pub span: Span,
    /// Gold point.
    pub lat: f64,
    /// Gold point.
    pub lon: f64,
    /// GeoNames id, when the corpus gives one.
    pub geonameid: Option<String>,
}

/// One gold document.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// The article text.
    pub text: String,
    /// Its toponyms that have a gold point.
    pub toponyms: Vec<GoldToponym>,
}

/// Scores of one way of finding spans.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Gold toponyms scored.
    pub gold: usize,
    /// Gold toponyms a predicted span overlaps (all of them with gold spans).
    pub found: usize,
    /// Acc@161km over the found toponyms.
    pub acc161: f64,
    /// Acc@161km over all gold toponyms (unfound ones wrong).
    pub acc161_all: f64,
    /// Exact GeoNames id match over the found toponyms that have a gold id (`None` without ids).
    pub exact: Option<f64>,
    /// Median error in km over the found toponyms that were resolved.
    pub median_km: f64,
}

/// The report of `sitrep eval geo` for one corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Documents.
    pub documents: usize,
    /// The population baseline: gold spans, the prior alone.
    pub population_baseline: Scores,
    /// Gold spans, full resolution.
    pub gold_spans: Scores,
    /// Our own spans (when a recogniser was given).
    pub own_spans: Option<Scores>,
    /// The gold-span readings more than 161 km off: `text -> our name (country) gold
    /// point, our point, km`.
    pub errors: Vec<String>,
}

fn tag<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let a = xml.find(&open)?;
    let after = &xml[a + open.len()..];
    let gt = after.find('>')?;
    let body = &after[gt + 1..];
    let close = format!("</{name}>");
    let b = body.find(&close)?;
    Some(&body[..b])
}

fn attr<'a>(xml: &'a str, tag_name: &str, attr_name: &str) -> Option<&'a str> {
    let a = xml.find(&format!("<{tag_name} "))?;
    let head = &xml[a..a + xml[a..].find('>')?];
    let key = format!("{attr_name}=\"");
    let s = head.find(&key)? + key.len();
    let e = head[s..].find('"')?;
    Some(&head[s..s + e])
}

fn blocks<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}>");
    let open_attr = format!("<{name} ");
    let close = format!("</{name}>");
    let mut out = Vec::new();
    let mut rest = xml;
    loop {
        let a = match (rest.find(&open), rest.find(&open_attr)) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => break,
        };
        let Some(b) = rest[a..].find(&close) else {
            break;
        };
        out.push(&rest[a..a + b + close.len()]);
        rest = &rest[a + b + close.len()..];
    }
    out
}

fn unescape(s: &str) -> String {
    let s = s.trim_start_matches("<![CDATA[").trim_end_matches("]]>");
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Character offsets (what the corpora give) to byte offsets.
fn byte_span(text: &str, start: usize, end: usize) -> Option<Span> {
    let mut idx: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    idx.push(text.len());
    Some(Span::new(*idx.get(start)?, *idx.get(end)?))
}

/// Read LGL (`lgl.xml`) or GeoVirus (`GeoVirus.xml`): the format is told by its tags.
///
/// # Errors
/// [`crate::Error::Io`] when the file cannot be read.
pub fn read_corpus(path: &Path) -> Result<Vec<GoldDoc>> {
    let xml = std::fs::read_to_string(path)?;
    let mut docs = Vec::new();
    for art in blocks(&xml, "article") {
        let Some(text) = tag(art, "text").map(unescape) else {
            continue;
        };
        let mut toponyms = Vec::new();
        for t in blocks(art, "toponym")
            .into_iter()
            .chain(blocks(art, "location"))
        {
            let num = |n: &str| tag(t, n).and_then(|v| v.trim().parse::<f64>().ok());
            let (Some(s), Some(e), Some(lat), Some(lon)) =
                (num("start"), num("end"), num("lat"), num("lon"))
            else {
                continue;
            };
            // GeoVirus offsets are often one off: the written name settles it.
            let written = tag(t, "phrase").or_else(|| tag(t, "name")).map(unescape);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let (s, e) = (s as usize, e as usize);
            let Some(span) = [0isize, -1, 1, -2, 2]
                .iter()
                .filter_map(|d| {
                    byte_span(&text, s.checked_add_signed(*d)?, e.checked_add_signed(*d)?)
                })
                .find(|sp| written.as_deref().is_none_or(|w| sp.text(&text) == w))
                .or_else(|| byte_span(&text, s, e))
            else {
                continue;
            };
            toponyms.push(GoldToponym {
                span,
                lat,
                lon,
                geonameid: attr(t, "gaztag", "geonameid").map(str::to_string),
            });
        }
        docs.push(GoldDoc { text, toponyms });
    }
    Ok(docs)
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    right: usize,
    with_id: usize,
    same_id: usize,
    errors: Vec<f64>,
}

impl Tally {
    fn add(&mut self, g: &GoldToponym, got: Option<(f64, f64, &str)>) {
        self.found += 1;
        if let Some(id) = &g.geonameid {
            self.with_id += 1;
            if got.is_some_and(|(_, _, i)| i == id) {
                self.same_id += 1;
            }
        }
        if let Some((lat, lon, _)) = got {
            let d = km(lat, lon, g.lat, g.lon);
            self.errors.push(d);
            if d <= 161.0 {
                self.right += 1;
            }
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn scores(mut self) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.errors.sort_by(f64::total_cmp);
        Scores {
            gold: self.gold,
            found: self.found,
            acc161: ratio(self.right, self.found),
            acc161_all: ratio(self.right, self.gold),
            exact: (self.with_id > 0).then(|| ratio(self.same_id, self.with_id)),
            median_km: self
                .errors
                .get(self.errors.len() / 2)
                .copied()
                .unwrap_or(0.0),
        }
    }
}

/// A toponym recogniser: a text in, byte spans out.
pub type Recogniser<'a> = dyn Fn(&str) -> Vec<Span> + Sync + 'a;

/// Score the geoparser on `docs`; `recognise`, when given, finds our own toponym spans in a
/// text.
pub fn evaluate(geo: &Geoparser<'_>, docs: &[GoldDoc], recognise: Option<&Recogniser>) -> Report {
    let gaz = geo.gazetteer();
    let mut base = Tally::default();
    let mut gold = Tally::default();
    let mut own = Tally::default();
    let mut errors = Vec::new();
    for d in docs {
        let spans: Vec<Span> = d.toponyms.iter().map(|t| t.span).collect();
        let res = geo.resolve(&d.text, &spans);
        for (t, r) in d.toponyms.iter().zip(&res) {
            base.gold += 1;
            gold.gold += 1;
            let p = geo.by_prior(t.span.text(&d.text)).map(|c| gaz.entry(c));
            base.add(t, p.map(|e| (e.lat, e.lon, &*e.id)));
            let e = r.place.map(|c| gaz.entry(c));
            gold.add(t, e.map(|e| (e.lat, e.lon, &*e.id)));
            let d_km = e.map_or(f64::INFINITY, |e| km(e.lat, e.lon, t.lat, t.lon));
            if d_km > 161.0 {
                errors.push(format!(
                    "{} -> {} gold ({:.2},{:.2}) ours ({:.2},{:.2}) {:.0} km",
                    t.span.text(&d.text),
                    e.map_or("(none)".to_string(), |e| format!(
                        "{} ({}, {})",
                        e.name, e.country, e.admin1
                    )),
                    t.lat,
                    t.lon,
                    e.map_or(0.0, |e| e.lat),
                    e.map_or(0.0, |e| e.lon),
                    d_km
                ));
            }
        }
        if let Some(rec) = recognise {
            let mine = rec(&d.text);
            let res = geo.resolve(&d.text, &mine);
            for t in &d.toponyms {
                own.gold += 1;
                let hit = res
                    .iter()
                    .find(|r| r.span.start < t.span.end && t.span.start < r.span.end);
                if let Some(r) = hit {
                    let e = r.place.map(|c| gaz.entry(c));
                    own.add(t, e.map(|e| (e.lat, e.lon, &*e.id)));
                }
            }
        }
    }
    Report {
        documents: docs.len(),
        population_baseline: base.scores(),
        gold_spans: gold.scores(),
        own_spans: recognise.map(|_| own.scores()),
        errors,
    }
}
