//! Page metadata: meta tags, JSON-LD, `<time>`, the URL and the text around the headline.

use crate::dates::{date_from_url, find_dates, parse_date_value};
use crate::html::{AttrName, Dom, NodeKind, Tag, NONE};
use chrono::NaiveDate;
use serde_json::Value;
use sitrep_types::DateSource;

/// Metadata read off a page.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// Publication date, time and where it came from.
    pub published: Option<(NaiveDate, Option<String>, DateSource)>,
    /// Author(s).
    pub author: Option<String>,
    /// Section and tag names.
    pub tags: Vec<String>,
    /// Site name.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub canonical: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Last-modified date, when the page gives one.
    pub modified: Option<(NaiveDate, Option<String>)>,
}

#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    created: Option<String>,
    modified: Option<String>,
    authors: Vec<String>,
    keywords: Vec<String>,
    section: Vec<String>,
    publisher: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o
            .get("name")
            .and_then(str_of)
            .or_else(|| o.get("@value").and_then(str_of)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings_of(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => s
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        Value::Array(a) => a.iter().flat_map(strings_of).collect(),
        Value::Object(_) => str_of(v).into_iter().collect(),
        _ => Vec::new(),
    }
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "SocialMediaPosting",
    "Review",
    "Blog",
];

fn type_matches(o: &serde_json::Map<String, Value>, types: &[&str]) -> bool {
    match o.get("@type") {
        Some(Value::String(t)) => types.iter().any(|x| t == x),
        Some(Value::Array(a)) => a
            .iter()
            .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    }
}

fn collect_objects<'a>(
    v: &'a Value,
    out: &mut Vec<&'a serde_json::Map<String, Value>>,
    depth: usize,
) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                collect_objects(x, out, depth + 1);
            }
        }
        Value::Object(o) => {
            out.push(o);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                collect_objects(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn read_json_ld(dom: &Dom) -> JsonLd {
    let mut j = JsonLd::default();
    let mut page_fallback = JsonLd::default();
    for raw in &dom.json_ld {
        let v: Value = match serde_json::from_str(raw.trim()) {
            Ok(v) => v,
            Err(_) => {
                let cleaned: String = raw
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                match serde_json::from_str(cleaned.trim().trim_end_matches(';')) {
                    Ok(v) => v,
                    Err(_) => {
                        // Broken JSON: still read the dates it states.
                        if j.published.is_none() {
                            j.published = raw_json_field(raw, "datePublished");
                        }
                        if j.modified.is_none() {
                            j.modified = raw_json_field(raw, "dateModified");
                        }
                        continue;
                    }
                }
            }
        };
        let mut objs = Vec::new();
        collect_objects(&v, &mut objs, 0);
        for o in objs {
            let target = if type_matches(o, ARTICLE_TYPES) {
                &mut j
            } else if type_matches(o, &["WebPage", "ItemPage", "CollectionPage"]) {
                &mut page_fallback
            } else {
                if type_matches(o, &["Organization", "NewsMediaOrganization", "WebSite"])
                    && j.publisher.is_none()
                {
                    page_fallback.publisher = page_fallback
                        .publisher
                        .take()
                        .or_else(|| o.get("name").and_then(str_of));
                }
                continue;
            };
            if target.headline.is_none() {
                target.headline = o
                    .get("headline")
                    .and_then(str_of)
                    .or_else(|| o.get("name").and_then(str_of));
            }
            if target.published.is_none() {
                target.published = o.get("datePublished").and_then(str_of);
            }
            if target.created.is_none() {
                target.created = o.get("dateCreated").and_then(str_of);
            }
            if target.modified.is_none() {
                target.modified = o.get("dateModified").and_then(str_of);
            }
            if target.authors.is_empty() {
                if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                    target.authors = match a {
                        Value::Array(xs) => xs.iter().filter_map(str_of).collect(),
                        other => str_of(other).into_iter().collect(),
                    };
                }
            }
            if target.keywords.is_empty() {
                if let Some(k) = o.get("keywords") {
                    target.keywords = strings_of(k);
                }
            }
            if target.section.is_empty() {
                if let Some(s) = o.get("articleSection") {
                    target.section = strings_of(s);
                }
            }
            if target.publisher.is_none() {
                target.publisher = o.get("publisher").and_then(str_of);
            }
            if target.language.is_none() {
                target.language = o.get("inLanguage").and_then(str_of);
            }
            if target.url.is_none() {
                target.url = o.get("url").and_then(str_of).or_else(|| {
                    o.get("mainEntityOfPage").and_then(|m| match m {
                        Value::Object(mo) => mo.get("@id").and_then(str_of),
                        other => str_of(other),
                    })
                });
            }
        }
    }
    if j.headline.is_none() && j.published.is_none() {
        // Only a WebPage description: use its dates and publisher, not its name as headline.
        j.published = page_fallback.published;
        j.created = page_fallback.created;
        j.modified = page_fallback.modified;
        if j.authors.is_empty() {
            j.authors = page_fallback.authors;
        }
    }
    if j.publisher.is_none() {
        j.publisher = page_fallback.publisher;
    }
    j
}

/// `"key": "value"` read from text that is not valid JSON.
fn raw_json_field(raw: &str, key: &str) -> Option<String> {
    let at = raw.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = raw[at..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string()).filter(|v| !v.is_empty())
}

/// Collapse whitespace.
#[must_use]
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " • ", " / ", " ~ ", " : ",
];

/// Remove a site-name part from a `<title>`-like string.
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let t = clean(title);
    for sep in TITLE_SEPARATORS {
        if let Some(idx) = t.rfind(sep) {
            let (head, tail) = (&t[..idx], &t[idx + sep.len()..]);
            let tail_is_site = site.is_some_and(|s| {
                let s = s.to_lowercase();
                let tl = tail.to_lowercase();
                tl.contains(&s) || s.contains(&tl)
            });
            if tail_is_site
                || (tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3)
            {
                return head.trim().to_string();
            }
            if let Some(idx2) = t.find(sep) {
                let (h2, t2) = (&t[..idx2], &t[idx2 + sep.len()..]);
                let head_is_site =
                    site.is_some_and(|s| h2.to_lowercase().contains(&s.to_lowercase()));
                if head_is_site
                    || (h2.split_whitespace().count() <= 3 && t2.split_whitespace().count() >= 4)
                {
                    return t2.trim().to_string();
                }
            }
        }
    }
    t
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    Some(host.trim_start_matches("www.").to_ascii_lowercase()).filter(|h| !h.is_empty())
}

fn norm_title(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Read the metadata of a parsed page.
#[must_use]
pub fn read_meta(dom: &Dom, page_url: Option<&str>, max_date: NaiveDate) -> Meta {
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical_link = None;
    let mut rel_tags: Vec<String> = Vec::new();
    let mut html_lang = None;
    let mut h1s: Vec<String> = Vec::new();
    let mut times: Vec<(u32, String, bool)> = Vec::new();
    let mut itemprop_dates: Vec<String> = Vec::new();
    let mut modified_props: Vec<String> = Vec::new();
    let mut itemprop_authors: Vec<String> = Vec::new();
    let mut itemprop_headline: Option<String> = None;
    let mut author_nodes: Vec<u32> = Vec::new();
    let mut date_nodes: Vec<u32> = Vec::new();
    for i in 0..dom.nodes.len() as u32 {
        let NodeKind::Element { tag, .. } = dom.nodes[i as usize].kind else {
            continue;
        };
        match tag {
            Tag::Html if html_lang.is_none() => {
                html_lang = dom.attr(i, AttrName::Lang).map(str::to_string);
            }
            Tag::Meta => {
                let key = dom
                    .attr(i, AttrName::Property)
                    .or_else(|| dom.attr(i, AttrName::Name))
                    .or_else(|| dom.attr(i, AttrName::Itemprop))
                    .or_else(|| dom.attr(i, AttrName::HttpEquiv));
                if let (Some(k), Some(v)) = (key, dom.attr(i, AttrName::Content)) {
                    let v = v.trim();
                    if !v.is_empty() {
                        metas.push((k.trim().to_ascii_lowercase(), v.to_string()));
                    }
                }
            }
            Tag::Link => {
                let rel = dom
                    .attr(i, AttrName::Rel)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical_link.is_none() {
                    canonical_link = dom.attr(i, AttrName::Href).map(str::to_string);
                }
            }
            Tag::A => {
                let rel = dom.attr(i, AttrName::Rel).unwrap_or("");
                if rel
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("tag") || r.eq_ignore_ascii_case("category"))
                {
                    let t = clean(&dom.text_content(i));
                    if !t.is_empty() && t.len() < 60 {
                        rel_tags.push(t);
                    }
                }
            }
            Tag::H1 => {
                let t = clean(&dom.text_content(i));
                if !t.is_empty() && h1s.len() < 8 {
                    h1s.push(t);
                }
            }
            Tag::Time => {
                let dt = dom
                    .attr(i, AttrName::Datetime)
                    .map(str::to_string)
                    .unwrap_or_else(|| clean(&dom.text_content(i)));
                let ci = format!(
                    "{} {} {}",
                    dom.attr(i, AttrName::Class).unwrap_or(""),
                    dom.attr(i, AttrName::Itemprop).unwrap_or(""),
                    dom.attr(i, AttrName::Id).unwrap_or("")
                )
                .to_ascii_lowercase();
                let published = ci.contains("publish")
                    || ci.contains("entry-date")
                    || ci.contains("posted")
                    || ci.contains("created");
                let modified = ci.contains("modif") || ci.contains("updated");
                if !modified && !in_comments(dom, i) {
                    times.push((i, dt, published));
                }
            }
            _ => {}
        }
        if let Some(ip) = dom.attr(i, AttrName::Itemprop) {
            match ip.trim() {
                "datePublished" | "dateCreated" => {
                    let v = dom
                        .attr(i, AttrName::Content)
                        .or_else(|| dom.attr(i, AttrName::Datetime))
                        .map(str::to_string)
                        .unwrap_or_else(|| clean(&dom.text_content(i)));
                    itemprop_dates.push(v);
                }
                "dateModified" => {
                    let v = dom
                        .attr(i, AttrName::Content)
                        .or_else(|| dom.attr(i, AttrName::Datetime))
                        .map(str::to_string)
                        .unwrap_or_else(|| clean(&dom.text_content(i)));
                    modified_props.push(v);
                }
                "author" | "creator" if tag != Tag::Meta && tag != Tag::Link => {
                    // The name inside, or the whole text.
                    let inner = dom
                        .descendants(i)
                        .find(|&d| {
                            dom.attr(d, AttrName::Itemprop)
                                .is_some_and(|v| v.trim() == "name")
                        })
                        .map(|d| {
                            dom.attr(d, AttrName::Content)
                                .map(str::to_string)
                                .unwrap_or_else(|| clean(&dom.text_content(d)))
                        });
                    let t = inner.unwrap_or_else(|| clean(&dom.text_content(i)));
                    if !t.is_empty() && t.len() < 100 {
                        itemprop_authors.push(t);
                    }
                }
                "headline" if tag != Tag::Meta && itemprop_headline.is_none() => {
                    let t = clean(&dom.text_content(i));
                    if !t.is_empty() {
                        itemprop_headline = Some(t);
                    }
                }
                _ => {}
            }
        }
        if tag != Tag::Meta
            && tag != Tag::Script
            && tag != Tag::Style
            && tag != Tag::Body
            && tag != Tag::Html
        {
            if let Some(ci) = dom
                .attr(i, AttrName::Class)
                .or_else(|| dom.attr(i, AttrName::Id))
            {
                let ci = ci.to_ascii_lowercase();
                if (ci.contains("byline") || ci.contains("author"))
                    && author_nodes.len() < 16
                    && !ci.contains("comment")
                {
                    author_nodes.push(i);
                }
                if (ci.contains("date")
                    || ci.contains("publish")
                    || ci.contains("posted")
                    || ci.contains("timestamp")
                    || ci.contains("dateline")
                    || ci.contains("byline")
                    || ci.contains("meta"))
                    && !ci.contains("update")
                    && !ci.contains("modif")
                    && !ci.contains("comment")
                    && date_nodes.len() < 32
                {
                    date_nodes.push(i);
                }
            }
        }
    }
    let meta = |keys: &[&str]| -> Option<&str> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(mk, _)| mk == k)
                .map(|(_, v)| v.as_str())
        })
    };
    let jl = read_json_ld(dom);

    // Outlet.
    let outlet = meta(&[
        "og:site_name",
        "application-name",
        "al:android:app_name",
        "twitter:app:name:iphone",
    ])
    .map(clean)
    .or_else(|| jl.publisher.clone())
    .or_else(|| page_url.and_then(host_of));

    // Title.
    let og = meta(&[
        "og:title",
        "twitter:title",
        "dc.title",
        "dcterms.title",
        "title",
        "sailthru.title",
        "parsely-title",
    ])
    .map(clean);
    let html_title = dom.title.as_deref().map(clean).filter(|t| !t.is_empty());
    let mut title = None;
    let candidates: Vec<String> = [jl.headline.clone(), itemprop_headline.clone(), og.clone()]
        .into_iter()
        .flatten()
        .map(|t| clean(&t))
        .collect();
    // An h1 that matches a metadata title, or the <title>, is the most reliable headline.
    for h in &h1s {
        let nh = norm_title(h);
        if nh.len() < 8 {
            continue;
        }
        let matches_meta = candidates.iter().chain(html_title.iter()).any(|c| {
            let nc = norm_title(c);
            nc == nh || (nc.contains(&nh) && nh.len() * 2 > nc.len())
        });
        if matches_meta {
            title = Some(h.clone());
            break;
        }
    }
    if title.is_none() {
        title = candidates
            .first()
            .map(|t| strip_site_name(t, outlet.as_deref()))
            .filter(|t| !t.is_empty());
    }
    if title.is_none() && h1s.len() == 1 && h1s[0].split_whitespace().count() >= 2 {
        title = Some(h1s[0].clone());
    }
    if title.is_none() {
        title = html_title
            .as_deref()
            .map(|t| strip_site_name(t, outlet.as_deref()))
            .filter(|t| !t.is_empty());
    }
    if title.is_none() {
        title = h1s.first().cloned();
    }

    // Date.
    let mut published: Option<(NaiveDate, Option<String>, DateSource)> = None;
    let try_val = |s: &str| parse_date_value(s, max_date);
    if let Some(v) = meta(&[
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "og:published_time",
        "published_time",
        "datepublished",
        "rnews:datepublished",
    ]) {
        published = try_val(v).map(|(d, t)| (d, t, DateSource::Meta));
    }
    if published.is_none() {
        if let Some(v) = jl.published.as_deref().or(jl.created.as_deref()) {
            published = try_val(v).map(|(d, t)| (d, t, DateSource::Jsonld));
        }
    }
    const SPECIFIC: &[&str] = &[
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "publication_date",
        "publication-date",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "article_date_original",
        "cxenseparse:recs:publishtime",
        "originalpublicationdate",
        "displaydate",
        "citation_publication_date",
        "citation_date",
        "prism.publicationdate",
        "og:pubdate",
        "pdate",
        "dc.date.issued",
    ];
    const GENERIC: &[&str] = &[
        "date",
        "dc.date",
        "dc.date.created",
        "dcterms.date",
        "dcterms.created",
        "dcterms.issued",
        "created",
        "dc.created",
        "last-modified-date",
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
        "lastmod",
    ];
    let from_keys = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| meta(&[k]).and_then(&try_val))
            .map(|(d, t)| (d, t, DateSource::Meta))
    };
    if published.is_none() {
        published = from_keys(SPECIFIC);
    }
    if published.is_none() {
        published = itemprop_dates
            .iter()
            .find_map(|v| try_val(v))
            .map(|(d, t)| (d, t, DateSource::Meta));
    }
    if published.is_none() {
        let best = times.iter().find(|t| t.2).or_else(|| times.first());
        if let Some((_, v, _)) = best {
            published = try_val(v).map(|(d, t)| (d, t, DateSource::Text));
        }
    }
    if published.is_none() {
        for &n in &date_nodes {
            let mut t = dom.text_content(n);
            if t.trim().is_empty() {
                t = dom
                    .attr(n, AttrName::Title)
                    .or_else(|| dom.attr(n, AttrName::Content))
                    .or_else(|| dom.attr(n, AttrName::Datetime))
                    .unwrap_or("")
                    .to_string();
            }
            if t.len() > 300 || in_comments(dom, n) {
                continue;
            }
            if let Some(f) = find_dates(&t, max_date).into_iter().next() {
                published = Some((f.date, f.time, DateSource::Text));
                break;
            }
        }
    }
    if published.is_none() {
        published = first_text_date(dom, max_date, true).map(|(d, t)| (d, t, DateSource::Text));
    }
    if published.is_none() {
        published = from_keys(GENERIC);
    }
    let canonical = canonical_link
        .clone()
        .or_else(|| meta(&["og:url"]).map(str::to_string))
        .or_else(|| jl.url.clone())
        .map(|c| absolutize(&c, page_url))
        .filter(|c| c.starts_with("http"));
    if published.is_none() {
        for u in [canonical.as_deref(), page_url].into_iter().flatten() {
            if let Some(d) = date_from_url(u, max_date) {
                published = Some((d, None, DateSource::Url));
                break;
            }
        }
    }
    if published.is_none() {
        if let Some(v) = jl.modified.as_deref() {
            published = try_val(v).map(|(d, t)| (d, t, DateSource::Jsonld));
        }
    }
    if published.is_none() {
        published = first_text_date(dom, max_date, false).map(|(d, t)| (d, t, DateSource::Text));
    }
    if published.is_none() {
        if let Some(d) = meta(&["og:description", "description"]) {
            published = find_dates(d, max_date)
                .into_iter()
                .next()
                .map(|f| (f.date, f.time, DateSource::Meta));
        }
    }

    // Author.
    let mut author = meta(&[
        "author",
        "article:author",
        "dc.creator",
        "dcterms.creator",
        "sailthru.author",
        "parsely-author",
        "byl",
        "twitter:creator",
    ])
    .filter(|a| !a.starts_with("http"))
    .map(clean);
    if author.is_none() && !jl.authors.is_empty() {
        author = Some(jl.authors.join(", "));
    }
    if author.is_none() && !itemprop_authors.is_empty() {
        let mut seen: Vec<String> = Vec::new();
        for a in itemprop_authors {
            if !seen.contains(&a) {
                seen.push(a);
            }
        }
        author = Some(seen.join(", "));
    }
    if author.is_none() {
        for &n in &author_nodes {
            let t = clean(&dom.text_content(n));
            if t.is_empty() || t.len() > 80 {
                continue;
            }
            let t = strip_by(&t);
            if !t.is_empty() && t.split_whitespace().count() <= 6 {
                author = Some(t);
                break;
            }
        }
    }
    if let Some(a) = &author {
        let a = strip_by(a);
        author = Some(a).filter(|a| !a.is_empty());
    }

    // Tags.
    let mut tags: Vec<String> = Vec::new();
    fn push_tag(tags: &mut Vec<String>, t: &str) {
        let t = clean(t);
        if !t.is_empty() && t.len() < 80 && !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            tags.push(t);
        }
    }
    for (k, v) in &metas {
        if k == "article:section" || k == "article:tag" {
            push_tag(&mut tags, v);
        }
    }
    for s in &jl.section {
        push_tag(&mut tags, s);
    }
    for t in &rel_tags {
        push_tag(&mut tags, t);
    }
    if tags.is_empty() {
        for k in &jl.keywords {
            push_tag(&mut tags, k);
        }
        if let Some(v) = meta(&["news_keywords", "keywords"]) {
            for k in v.split(',').take(20) {
                push_tag(&mut tags, k);
            }
        }
    }

    let language = html_lang
        .or_else(|| {
            meta(&["content-language", "og:locale", "dc.language", "language"]).map(str::to_string)
        })
        .or(jl.language)
        .map(|l| {
            l.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|l| l.len() == 2 || l.len() == 3);
    let description = meta(&["og:description", "description", "twitter:description"]).map(clean);
    let modified = meta(&[
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
        "last-modified",
        "lastmod",
        "dc.date.modified",
    ])
    .and_then(&try_val)
    .or_else(|| jl.modified.as_deref().and_then(&try_val))
    .or_else(|| modified_props.iter().find_map(|v| try_val(v)));

    Meta {
        modified,
        title,
        published,
        author,
        tags,
        outlet,
        canonical,
        language,
        description,
    }
}

/// Is `i` inside comments, a sidebar, a widget or a footer (where dates are not the page's)?
fn in_comments(dom: &Dom, i: u32) -> bool {
    dom.ancestors(i).take(24).any(|a| {
        [dom.attr(a, AttrName::Class), dom.attr(a, AttrName::Id)]
            .iter()
            .flatten()
            .any(|x| {
                let x = x.to_ascii_lowercase();
                x.contains("comment") || x.contains("respond") || x.contains("reply")
            })
    })
}

fn in_side_region(dom: &Dom, i: u32) -> bool {
    dom.ancestors(i).take(16).any(|a| {
        if matches!(dom.tag(a), Some(Tag::Footer | Tag::Aside | Tag::Nav)) {
            return true;
        }
        let c = dom.attr(a, AttrName::Class).unwrap_or("");
        let d = dom.attr(a, AttrName::Id).unwrap_or("");
        [c, d].iter().any(|x| {
            let x = x.to_ascii_lowercase();
            [
                "comment", "sidebar", "widget", "related", "footer", "recent", "respond", "reply",
            ]
            .iter()
            .any(|k| x.contains(k))
        })
    })
}

const DATE_CUES: &[&str] = &[
    "published",
    "posted",
    "veröffentlicht",
    "erschienen",
    "erstellt",
    "publié",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "geplaatst",
    "datum",
    "date:",
    "stand:",
    "written on",
    "updated",
    "aktualisiert",
];

/// The first full date written in the page's visible text: one led by a cue ("Published on",
/// "Veröffentlicht am") first, else the first in document order; comments and sidebars aside.
fn first_text_date(
    dom: &Dom,
    max_date: NaiveDate,
    cued_only: bool,
) -> Option<(NaiveDate, Option<String>)> {
    let body = dom.find(Tag::Body).unwrap_or(0);
    let mut seen = 0;
    let mut first = None;
    let mut first_side = None;
    let mut prev_text = String::new();
    for i in dom.descendants(body) {
        let t = dom.text(i);
        if t.trim().is_empty() {
            continue;
        }
        if t.len() < 6 || !t.bytes().any(|b| b.is_ascii_digit()) {
            prev_text = t.to_string();
            continue;
        }
        seen += 1;
        if seen > 3000 {
            break;
        }
        if let Some(f) = find_dates(t, max_date).into_iter().next() {
            if in_side_region(dom, i) {
                if first_side.is_none() {
                    first_side = Some((f.date, f.time));
                }
                prev_text = t.to_string();
                continue;
            }
            let lead = format!("{} {}", prev_text, &t[..f.start]).to_lowercase();
            let mut cut = lead.len().saturating_sub(40);
            while !lead.is_char_boundary(cut) {
                cut += 1;
            }
            let lead = &lead[cut..];
            if DATE_CUES.iter().any(|c| lead.contains(c)) {
                return Some((f.date, f.time));
            }
            if first.is_none() {
                first = Some((f.date, f.time));
            }
        }
        prev_text = t.to_string();
    }
    if cued_only {
        return None;
    }
    first.or(first_side)
}

fn strip_by(s: &str) -> String {
    let t = s.trim();
    for p in [
        "By ",
        "by ",
        "BY ",
        "Von ",
        "von ",
        "Par ",
        "par ",
        "Por ",
        "por ",
        "Written by ",
        "Posted by ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim().to_string();
        }
    }
    t.to_string()
}

/// Make `href` absolute against `base`.
#[must_use]
pub fn absolutize(href: &str, base: Option<&str>) -> String {
    let href = href.trim();
    if href.contains("://") || href.starts_with("mailto:") {
        return href.to_string();
    }
    let Some(base) = base else {
        return href.to_string();
    };
    let Some((scheme, rest)) = base.split_once("://") else {
        return href.to_string();
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    if let Some(h) = href.strip_prefix("//") {
        return format!("{scheme}://{h}");
    }
    if href.starts_with('/') {
        return format!("{scheme}://{host}{href}");
    }
    let path = &rest[host_end..];
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{scheme}://{host}{dir}{href}")
}

/// The first element with tag `h1` inside `root`, if any.
#[must_use]
pub fn first_h1_under(dom: &Dom, root: u32) -> Option<u32> {
    if root == NONE {
        return None;
    }
    dom.descendants(root).find(|&d| dom.tag(d) == Some(Tag::H1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse;

    fn max() -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
    }

    #[test]
    fn title_strips_site_name() {
        assert_eq!(
            strip_site_name("Big news today | The Daily", Some("The Daily")),
            "Big news today"
        );
        assert_eq!(
            strip_site_name(
                "The Daily - Big news happened today here",
                Some("The Daily")
            ),
            "Big news happened today here"
        );
    }

    #[test]
    fn json_ld_and_meta() {
        let html = r#"<html lang="en-GB"><head><title>X – Site</title>
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
        {"@type":"NewsArticle","headline":"Talks resume in Geneva","datePublished":"2024-03-18T09:00:00Z",
         "author":[{"@type":"Person","name":"Ana Ruiz"}],"keywords":["Diplomacy","Geneva"],"publisher":{"name":"The Site"}}]}</script>
        </head><body><h1>Talks resume in Geneva</h1></body></html>"#;
        let m = read_meta(&parse(html), Some("https://www.site.example/a"), max());
        assert_eq!(m.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(
            m.published.as_ref().unwrap().0,
            NaiveDate::from_ymd_opt(2024, 3, 18).unwrap()
        );
        assert_eq!(m.published.as_ref().unwrap().2, DateSource::Jsonld);
        assert_eq!(m.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(m.tags, vec!["Diplomacy", "Geneva"]);
        assert_eq!(m.outlet.as_deref(), Some("The Site"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn absolutize_links() {
        assert_eq!(
            absolutize("/a/b", Some("https://x.org/c/d")),
            "https://x.org/a/b"
        );
        assert_eq!(
            absolutize("e", Some("https://x.org/c/d")),
            "https://x.org/c/e"
        );
        assert_eq!(
            absolutize("//cdn.x.org/f", Some("https://x.org/")),
            "https://cdn.x.org/f"
        );
    }
}
