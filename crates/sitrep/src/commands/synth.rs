//! `sitrep bench synth`: fill a store with synthetic records, deterministically from a seed.
//!
//! For load tests and export benchmarks. Each article holds about ten events between actors of
//! a fixed list of real CAMEO codes and names, with CAMEO codes whose root, quad class,
//! Goldstein score and PLOVER coding come from sitrep's own code table, dated over 2023, placed
//! in real cities with their coordinates, and about three quotes with speakers, media and
//! relaying outlets. The body is written from the same parts, so every span points at the
//! text it claims (the tests check this). The same seed gives the same records; different
//! seeds give different article URLs, so runs add up instead of replacing each other.

use crate::cli::SynthArgs;
use anyhow::{bail, Context, Result};
use chrono::{Duration, NaiveDate};
use sitrep_store::Store;
use sitrep_types::{
    ActorRef, Article, Citation, CitationRole, Cue, DateSource, EntityType, Event, EventDate,
    Mention, Modality, Origin, Place, Plover, Published, Quote, QuoteKind, Record, Span, TimeExpr,
    TimeType,
};
use std::time::Instant;

/// Actors: CAMEO code, canonical name, actor id, entity type.
const ACTORS: &[(&str, &str, &str, EntityType)] = &[
    ("USAGOV", "Joe Biden", "joe_biden", EntityType::Per),
    (
        "USAGOV",
        "Antony Blinken",
        "antony_blinken",
        EntityType::Per,
    ),
    ("USAMIL", "Pentagon", "pentagon", EntityType::Org),
    ("USA", "United States", "USA", EntityType::Gpe),
    (
        "RUSGOV",
        "Vladimir Putin",
        "vladimir_putin",
        EntityType::Per,
    ),
    ("RUSGOV", "Sergei Lavrov", "sergei_lavrov", EntityType::Per),
    ("RUSMIL", "Russian army", "russian_army", EntityType::Org),
    ("RUS", "Russia", "RUS", EntityType::Gpe),
    (
        "UKRGOV",
        "Volodymyr Zelensky",
        "volodymyr_zelensky",
        EntityType::Per,
    ),
    (
        "UKRMIL",
        "Ukrainian army",
        "ukrainian_army",
        EntityType::Org,
    ),
    ("UKR", "Ukraine", "UKR", EntityType::Gpe),
    (
        "ISRGOV",
        "Benjamin Netanyahu",
        "benjamin_netanyahu",
        EntityType::Per,
    ),
    ("ISRMIL", "Israel Defense Forces", "idf", EntityType::Org),
    ("ISR", "Israel", "ISR", EntityType::Gpe),
    ("PSEREB", "Hamas", "hamas", EntityType::Org),
    ("PSEGOV", "Mahmoud Abbas", "mahmoud_abbas", EntityType::Per),
    ("PSE", "Palestine", "PSE", EntityType::Gpe),
    ("CHNGOV", "Xi Jinping", "xi_jinping", EntityType::Per),
    ("CHNGOV", "Wang Yi", "wang_yi", EntityType::Per),
    ("CHN", "China", "CHN", EntityType::Gpe),
    (
        "CODGOV",
        "Felix Tshisekedi",
        "felix_tshisekedi",
        EntityType::Per,
    ),
    ("CODMIL", "Congolese army", "fardc", EntityType::Org),
    ("CODREB", "M23", "m23", EntityType::Org),
    (
        "COD",
        "Democratic Republic of the Congo",
        "COD",
        EntityType::Gpe,
    ),
    ("RWAGOV", "Paul Kagame", "paul_kagame", EntityType::Per),
    ("RWA", "Rwanda", "RWA", EntityType::Gpe),
    ("AGOGOV", "Joao Lourenco", "joao_lourenco", EntityType::Per),
    ("AGO", "Angola", "AGO", EntityType::Gpe),
    (
        "FRAGOV",
        "Emmanuel Macron",
        "emmanuel_macron",
        EntityType::Per,
    ),
    ("FRA", "France", "FRA", EntityType::Gpe),
    ("DEUGOV", "Olaf Scholz", "olaf_scholz", EntityType::Per),
    ("DEU", "Germany", "DEU", EntityType::Gpe),
    ("GBRGOV", "Rishi Sunak", "rishi_sunak", EntityType::Per),
    ("GBR", "United Kingdom", "GBR", EntityType::Gpe),
    (
        "TURGOV",
        "Recep Tayyip Erdogan",
        "recep_tayyip_erdogan",
        EntityType::Per,
    ),
    ("TUR", "Turkey", "TUR", EntityType::Gpe),
    ("IRNGOV", "Ebrahim Raisi", "ebrahim_raisi", EntityType::Per),
    ("IRN", "Iran", "IRN", EntityType::Gpe),
    (
        "SAUGOV",
        "Mohammed bin Salman",
        "mohammed_bin_salman",
        EntityType::Per,
    ),
    (
        "EGYGOV",
        "Abdel Fattah el-Sisi",
        "abdel_fattah_el_sisi",
        EntityType::Per,
    ),
    (
        "QATGOV",
        "Tamim bin Hamad Al Thani",
        "tamim_bin_hamad",
        EntityType::Per,
    ),
    (
        "SYRGOV",
        "Bashar al-Assad",
        "bashar_al_assad",
        EntityType::Per,
    ),
    ("LBNREB", "Hezbollah", "hezbollah", EntityType::Org),
    ("YEMREB", "Houthis", "houthis", EntityType::Org),
    ("INDGOV", "Narendra Modi", "narendra_modi", EntityType::Per),
    (
        "PAKGOV",
        "Shehbaz Sharif",
        "shehbaz_sharif",
        EntityType::Per,
    ),
    ("AFGGOV", "Taliban government", "taliban", EntityType::Org),
    ("JPNGOV", "Fumio Kishida", "fumio_kishida", EntityType::Per),
    ("KORGOV", "Yoon Suk Yeol", "yoon_suk_yeol", EntityType::Per),
    ("PRK", "North Korea", "PRK", EntityType::Gpe),
    ("SDNMIL", "Sudanese Armed Forces", "saf", EntityType::Org),
    ("SDNREB", "Rapid Support Forces", "rsf", EntityType::Org),
    ("ETHGOV", "Abiy Ahmed", "abiy_ahmed", EntityType::Per),
    ("SOMREB", "al-Shabaab", "al_shabaab", EntityType::Org),
    ("NGAGOV", "Bola Tinubu", "bola_tinubu", EntityType::Per),
    ("KENGOV", "William Ruto", "william_ruto", EntityType::Per),
    (
        "ZAFGOV",
        "Cyril Ramaphosa",
        "cyril_ramaphosa",
        EntityType::Per,
    ),
    (
        "BRAGOV",
        "Luiz Inacio Lula da Silva",
        "lula",
        EntityType::Per,
    ),
    (
        "VENGOV",
        "Nicolas Maduro",
        "nicolas_maduro",
        EntityType::Per,
    ),
    (
        "IGOUNO",
        "United Nations",
        "united_nations",
        EntityType::Org,
    ),
    ("IGOUNOKID", "UNICEF", "unicef", EntityType::Org),
    (
        "IGOEUREEC",
        "European Union",
        "european_union",
        EntityType::Org,
    ),
    (
        "NGOAMN",
        "Amnesty International",
        "amnesty_international",
        EntityType::Org,
    ),
];

/// Places: name, ISO alpha-3 country, latitude, longitude, feature class, GeoNames id.
const PLACES: &[(&str, &str, f64, f64, &str, &str)] = &[
    ("Kyiv", "UKR", 50.4501, 30.5234, "city", "703448"),
    ("Kharkiv", "UKR", 49.9935, 36.2304, "city", "706483"),
    ("Moscow", "RUS", 55.7558, 37.6173, "city", "524901"),
    ("Washington", "USA", 38.8951, -77.0364, "city", "4140963"),
    ("Gaza", "PSE", 31.5017, 34.4668, "area", "281133"),
    ("Jerusalem", "ISR", 31.769, 35.2163, "city", "281184"),
    ("Beijing", "CHN", 39.9075, 116.3972, "city", "1816670"),
    ("Kinshasa", "COD", -4.3276, 15.3136, "city", "2314302"),
    ("Goma", "COD", -1.6792, 29.2228, "city", "214974"),
    ("Kigali", "RWA", -1.9499, 30.0588, "city", "202061"),
    ("Luanda", "AGO", -8.8368, 13.2343, "city", "2240449"),
    ("Paris", "FRA", 48.8534, 2.3488, "city", "2988507"),
    ("Berlin", "DEU", 52.5244, 13.4105, "city", "2950159"),
    ("London", "GBR", 51.5085, -0.1257, "city", "2643743"),
    ("Ankara", "TUR", 39.9199, 32.8543, "city", "323786"),
    ("Tehran", "IRN", 35.6944, 51.4215, "city", "112931"),
    ("Riyadh", "SAU", 24.6877, 46.7219, "city", "108410"),
    ("Cairo", "EGY", 30.0626, 31.2497, "city", "360630"),
    ("Doha", "QAT", 25.2855, 51.531, "city", "290030"),
    ("Beirut", "LBN", 33.8933, 35.5016, "city", "276781"),
    ("Khartoum", "SDN", 15.5518, 32.5324, "city", "379252"),
    ("Nairobi", "KEN", -1.2833, 36.8167, "city", "184745"),
    ("Ukraine", "UKR", 49.0, 32.0, "country", "690791"),
    ("Sudan", "SDN", 16.0, 30.0, "country", "366755"),
    ("North Kivu", "COD", -0.5, 28.75, "region", "206288"),
];

/// CAMEO codes and the verb phrase the body uses for them.
const CODES: &[(&str, &str)] = &[
    ("010", "made a statement about"),
    ("012", "voiced pessimism about"),
    ("013", "voiced optimism about"),
    ("018", "expressed condolences to"),
    ("020", "appealed to"),
    ("036", "expressed intent to meet"),
    ("040", "consulted"),
    ("042", "visited"),
    ("043", "hosted"),
    ("046", "negotiated with"),
    ("051", "praised"),
    ("057", "signed an agreement with"),
    ("061", "cooperated economically with"),
    ("070", "provided aid to"),
    ("071", "provided economic aid to"),
    ("073", "provided humanitarian aid to"),
    ("090", "investigated"),
    ("100", "demanded concessions from"),
    ("111", "criticised"),
    ("112", "accused"),
    ("120", "rejected a proposal from"),
    ("130", "threatened"),
    ("138", "threatened military force against"),
    ("141", "protested against"),
    ("160", "reduced relations with"),
    ("163", "imposed an embargo on"),
    ("172", "imposed restrictions on"),
    ("173", "arrested members of"),
    ("180", "used unconventional violence against"),
    ("190", "fought"),
    ("193", "clashed with"),
    ("194", "shelled positions of"),
    ("195", "carried out air strikes on"),
];

const OUTLETS: &[&str] = &[
    "Reuters",
    "Associated Press",
    "AFP",
    "BBC News",
    "Al Jazeera",
    "The Guardian",
    "TASS",
    "Kyiv Independent",
];
const MEDIA: &[&str] = &[
    "Telegram",
    "a statement",
    "an interview",
    "X",
    "a press conference",
];
const QUOTES: &[&str] = &[
    "We will not accept these terms",
    "The talks were constructive and will continue next week",
    "Our forces are ready to respond to any provocation",
    "Civilians must be protected at all costs",
    "The sanctions have failed and everyone knows it",
    "We call on all sides to show restraint",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        // n is small; the modulo bias is irrelevant for synthetic data.
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One CAMEO code with its table values.
struct Code {
    code: &'static str,
    phrase: &'static str,
    root: String,
    quad: u8,
    goldstein: f32,
    plover: Plover,
}

/// The generator: the code table read once, then one article at a time.
pub struct Synth {
    rng: Rng,
    seed: u64,
    codes: Vec<Code>,
    start: NaiveDate,
}

impl Synth {
    /// A generator for `seed`.
    ///
    /// # Errors
    /// When the built-in code table does not load or lacks every code used.
    pub fn new(seed: u64) -> Result<Self> {
        let coder = sitrep_events::Coder::builtin().context("loading the CAMEO code table")?;
        let table = coder.codes();
        let codes: Vec<Code> = CODES
            .iter()
            .filter_map(|&(code, phrase)| {
                let info = table.get(code)?;
                Some(Code {
                    code,
                    phrase,
                    root: info.root().to_string(),
                    quad: info.quad(),
                    goldstein: info.goldstein,
                    plover: Plover {
                        kind: info.plover_type.clone(),
                        mode: info.plover_mode.clone(),
                        context: info.plover_context.clone(),
                    },
                })
            })
            .collect();
        if codes.is_empty() {
            bail!("the CAMEO code table has none of the synthetic codes");
        }
        Ok(Synth {
            rng: Rng(seed ^ 0x5157_5245_5000_0000),
            seed,
            codes,
            start: NaiveDate::from_ymd_opt(2023, 1, 1).expect("a real day"),
        })
    }

    /// Article `n` with `events` events.
    #[allow(clippy::too_many_lines)]
    pub fn article(&mut self, n: u64, events: usize) -> Record {
        let rng = &mut self.rng;
        let day = self.start + Duration::days(i64::try_from(rng.below(365)).unwrap_or(0));
        let outlet = *rng.pick(OUTLETS);
        let url = format!(
            "https://synth.example/{}/{}/s{}/{n}",
            outlet.to_lowercase().replace(' ', "-"),
            day.format("%Y/%m/%d"),
            self.seed
        );
        let mut body = String::new();
        let mut paragraphs = Vec::new();
        let mut record = Record::new(Article::default());
        let mut title = None;
        for i in 0..events {
            // Three events to a paragraph.
            if i % 3 == 0 {
                if !body.is_empty() {
                    paragraphs.push(Span::new(para_start(&paragraphs, &body), body.len()));
                    body.push_str("\n\n");
                }
            } else {
                body.push(' ');
            }
            let code = &self.codes[rng.below(self.codes.len())];
            let src = *rng.pick(ACTORS);
            let mut tgt = *rng.pick(ACTORS);
            if tgt.0 == src.0 {
                tgt = ACTORS[(rng.below(ACTORS.len() - 1) + 1) % ACTORS.len()];
            }
            let has_target = !rng.chance(10);
            let place = (!rng.chance(20)).then(|| *rng.pick(PLACES));
            let negated = rng.chance(5);
            let modality = match rng.below(20) {
                0 => Modality::Hypothetical,
                1 => Modality::Future,
                2 => Modality::Demanded,
                _ => Modality::Asserted,
            };
            let event_day = day - Duration::days(i64::try_from(rng.below(4)).unwrap_or(0));

            let sentence_start = body.len();
            let src_span = push(&mut body, src.1);
            body.push(' ');
            if negated {
                body.push_str("never ");
            }
            let verb_span = push(&mut body, code.phrase);
            let tgt_span = if has_target {
                body.push(' ');
                Some(push(&mut body, tgt.1))
            } else {
                body.push_str(" the situation");
                None
            };
            let place_span = place.map(|p| {
                body.push_str(" in ");
                push(&mut body, p.0)
            });
            body.push_str(" on ");
            let date_text = format!(
                "{} {}",
                MONTHS[usize::try_from(chrono::Datelike::month0(&event_day)).unwrap_or(0)],
                chrono::Datelike::day(&event_day)
            );
            let time_span = push(&mut body, &date_text);
            body.push('.');
            let sentence = Span::new(sentence_start, body.len());
            if title.is_none() {
                title = Some(sentence.text(&body).trim_end_matches('.').to_string());
            }

            let actor_ref = |a: (&str, &str, &str, EntityType), span: Span| ActorRef {
                text: a.1.to_string(),
                span: Some(span),
                name: Some(a.1.to_string()),
                actor: Some(a.2.to_string()),
                code: Some(a.0.to_string()),
            };
            let mention = |a: (&str, &str, &str, EntityType), span: Span| Mention {
                text: a.1.to_string(),
                span,
                kind: a.3,
                actor: Some(a.2.to_string()),
                code: Some(a.0.to_string()),
                chain: None,
            };
            record.entities.push(mention(src, src_span));
            if let Some(s) = tgt_span {
                record.entities.push(mention(tgt, s));
            }
            let place = place.zip(place_span).map(|(p, span)| Place {
                text: p.0.to_string(),
                span,
                name: p.0.to_string(),
                country: Some(p.1.to_string()),
                lat: p.2,
                lon: p.3,
                gazetteer_id: Some(p.5.to_string()),
                feature: Some(p.4.to_string()),
            });
            if let Some(p) = &place {
                record.places.push(p.clone());
            }
            let value = event_day.format("%Y-%m-%d").to_string();
            record.times.push(TimeExpr {
                text: date_text,
                span: time_span,
                kind: TimeType::Date,
                value: value.clone(),
                anchor: Some("DCT".to_string()),
            });
            let confidence = 0.5 + f32::from(u8::try_from(rng.below(50)).unwrap_or(0)) / 100.0;
            record.events.push(Event {
                source: actor_ref(src, src_span),
                target: tgt_span.map(|s| actor_ref(tgt, s)),
                cameo: code.code.to_string(),
                root: code.root.clone(),
                quad: code.quad,
                goldstein: code.goldstein,
                plover: code.plover.clone(),
                date: Some(EventDate {
                    value,
                    precision: "day".to_string(),
                    source: "sentence".to_string(),
                }),
                place,
                negated,
                modality,
                claimed_by: None,
                sentence,
                span: verb_span,
                evidence: vec![verb_span],
                confidence,
            });
        }
        // About three quotes, in a paragraph of their own.
        let quotes = 2 + rng.below(3);
        for q in 0..quotes {
            if q == 0 {
                if !body.is_empty() {
                    paragraphs.push(Span::new(para_start(&paragraphs, &body), body.len()));
                    body.push_str("\n\n");
                }
            } else {
                body.push(' ');
            }
            let speaker = *rng.pick(ACTORS);
            let medium = *rng.pick(MEDIA);
            let relay = *rng.pick(OUTLETS);
            body.push('\u{201c}');
            let content = push(&mut body, rng.pick::<&str>(QUOTES));
            body.push_str(",\u{201d} ");
            let speaker_span = push(&mut body, speaker.1);
            body.push(' ');
            let cue_span = push(&mut body, "said");
            body.push_str(" on ");
            push(&mut body, medium);
            body.push_str(", according to ");
            let relay_span = push(&mut body, relay);
            body.push('.');
            record.article.citations.push(Citation {
                name: relay.to_string(),
                role: CitationRole::Relay,
                span: relay_span,
            });
            record.entities.push(Mention {
                text: speaker.1.to_string(),
                span: speaker_span,
                kind: speaker.3,
                actor: Some(speaker.2.to_string()),
                code: Some(speaker.0.to_string()),
                chain: None,
            });
            record.quotes.push(Quote {
                text: content.text(&body).to_string(),
                span: content,
                kind: QuoteKind::Direct,
                speaker: Some(ActorRef {
                    text: speaker.1.to_string(),
                    span: Some(speaker_span),
                    name: Some(speaker.1.to_string()),
                    actor: Some(speaker.2.to_string()),
                    code: Some(speaker.0.to_string()),
                }),
                cue: Some(Cue {
                    text: "said".to_string(),
                    span: cue_span,
                }),
                medium: Some(medium.to_string()),
                relays: vec![relay.to_string()],
                confidence: 0.9,
            });
        }
        paragraphs.push(Span::new(para_start(&paragraphs, &body), body.len()));

        let a = &mut record.article;
        a.id = Article::compute_id(Some(&url), &body);
        a.url = Some(url);
        a.outlet = Some(outlet.to_string());
        a.title = title;
        a.published = Some(Published {
            date: day.format("%Y-%m-%d").to_string(),
            time: Some("08:00:00+00:00".to_string()),
            source: DateSource::Given,
        });
        a.language = Some("en".to_string());
        a.tags = vec!["world".to_string(), "synthetic".to_string()];
        a.body = body;
        a.paragraphs = paragraphs;
        a.origin = Origin {
            record: Some(format!("synth:{}:{n}", self.seed)),
            ..Origin::default()
        };
        record
    }
}

/// Where the next paragraph starts: after the last one and its blank line.
fn para_start(paragraphs: &[Span], body: &str) -> usize {
    paragraphs.last().map_or(0, |p| (p.end + 2).min(body.len()))
}

/// Appends `text` to `body`; returns its span.
fn push(body: &mut String, text: &str) -> Span {
    let start = body.len();
    body.push_str(text);
    Span::new(start, body.len())
}

/// Run `sitrep bench synth`.
pub fn run(args: &SynthArgs) -> Result<u8> {
    let SynthArgs {
        db,
        events,
        seed,
        batch,
    } = args;
    if *batch == 0 {
        bail!("--batch must be at least 1");
    }
    let started = Instant::now();
    let mut store = Store::open(db)?;
    let mut synth = Synth::new(*seed)?;
    let mut left = *events;
    let mut n = 0u64;
    let mut records = Vec::with_capacity(*batch);
    while left > 0 {
        let k = (6 + synth.rng.below(9)).min(usize::try_from(left).unwrap_or(usize::MAX));
        records.push(synth.article(n, k));
        n += 1;
        left -= k as u64;
        if records.len() == *batch {
            store.write_batch(&records)?;
            records.clear();
        }
    }
    store.write_batch(&records)?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "synth: {n} articles, {events} events into {} in {secs:.1} s ({:.0} events/s)",
        db.display(),
        *events as f64 / secs.max(1e-9)
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_valid_deterministic_and_their_spans_point_at_their_text() {
        let mut a = Synth::new(7).unwrap();
        let mut b = Synth::new(7).unwrap();
        for n in 0..20 {
            let r = a.article(n, 10);
            assert_eq!(r, b.article(n, 10));
            sitrep_store::validate(&r).unwrap();
            let body = &r.article.body;
            assert_eq!(r.events.len(), 10);
            for e in &r.events {
                assert_eq!(e.span.text(body), synth_phrase(&e.cameo));
                assert_eq!(e.source.span.unwrap().text(body), e.source.text);
                if let Some(t) = &e.target {
                    assert_eq!(t.span.unwrap().text(body), t.text);
                }
                if let Some(p) = &e.place {
                    assert_eq!(p.span.text(body), p.name);
                }
                assert!(e.sentence.text(body).ends_with('.'));
            }
            for q in &r.quotes {
                assert_eq!(q.span.text(body), q.text);
                let cue = q.cue.as_ref().unwrap();
                assert_eq!(cue.span.text(body), "said");
            }
            for m in &r.entities {
                assert_eq!(m.span.text(body), m.text);
            }
            for p in &r.article.paragraphs {
                assert!(!p.text(body).is_empty());
                assert!(!p.text(body).contains('\n'));
            }
            for c in &r.article.citations {
                assert_eq!(c.span.text(body), c.name);
            }
        }
        assert_ne!(
            Synth::new(8).unwrap().article(0, 10).article.id,
            Synth::new(7).unwrap().article(0, 10).article.id
        );
    }

    fn synth_phrase(code: &str) -> &'static str {
        CODES.iter().find(|(c, _)| *c == code).unwrap().1
    }
}
