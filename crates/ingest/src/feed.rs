//! RSS 2.0, RSS 1.0 (RDF), Atom and JSON feeds, through `feed-rs`.
//!
//! Each item becomes one document: the linked page fetched over HTTP when link fetching is
//! on (falling back to the item's own content, with the fetch error reported first), else
//! the item's content or summary wrapped as a small HTML page.

use std::collections::VecDeque;

use chrono::SecondsFormat;
use feed_rs::model::Entry;
use sitrep_types::{DocFormat, Document, Origin, OriginKind};

use crate::error::IngestError;
use crate::source::{fail, Ctx, Reader};
use crate::{http, Documents, Result, SourceOptions};

/// Parse the feed in `reader` (all of it: feeds are parsed whole) and stream its items.
pub(crate) fn documents(ctx: Ctx, reader: Reader, opts: &SourceOptions) -> Documents {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(ctx.url.as_deref())
        .build();
    let feed = match parser.parse(reader) {
        Ok(f) => f,
        Err(feed_rs::parser::ParseFeedError::IoError(e)) => return fail(ctx.io_error(e)),
        Err(e) => {
            return fail(IngestError::BadFeed {
                input: ctx.label,
                reason: e.to_string(),
            })
        }
    };
    let agent = ctx.fetch_links.then(|| http::agent(&opts.http));
    Box::new(FeedItems {
        entries: feed.entries.into_iter(),
        pending: VecDeque::new(),
        ctx,
        agent,
        opts: opts.clone(),
    })
}

/// The items of a parsed feed, fetched lazily.
struct FeedItems {
    entries: std::vec::IntoIter<Entry>,
    pending: VecDeque<Result<Document>>,
    ctx: Ctx,
    agent: Option<ureq::Agent>,
    opts: SourceOptions,
}

impl Iterator for FeedItems {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            let entry = self.entries.next()?;
            self.item(&entry);
        }
    }
}

impl FeedItems {
    /// Queue what one entry gives: a document, an error and a fallback document, an error,
    /// or (when reporting skips) a skip.
    fn item(&mut self, entry: &Entry) {
        let item = Item::from_entry(entry);
        let record_input = format!("{} [{}]", self.ctx.label, entry.id);
        if let (Some(agent), Some(link)) = (&self.agent, &item.link) {
            match http::fetch_page(agent, link, &self.opts) {
                Ok(mut doc) => {
                    doc.origin = Origin {
                        kind: OriginKind::Feed,
                        path: self.ctx.path.clone(),
                        url: doc.url.clone(),
                        record: Some(entry.id.clone()),
                    };
                    doc.title = item.title.clone();
                    doc.published = item.published.clone();
                    self.pending.push_back(Ok(doc));
                    return;
                }
                Err(e) => self.pending.push_back(Err(e)),
            }
        }
        match item.html {
            Some(html) => self.pending.push_back(Ok(Document {
                bytes: html.into_bytes(),
                origin: Origin {
                    kind: OriginKind::Feed,
                    path: self.ctx.path.clone(),
                    url: item.link.clone(),
                    record: Some(entry.id.clone()),
                },
                content_type: Some("text/html; charset=utf-8".to_string()),
                fetched_at: self.ctx.fetched_at.clone(),
                format: DocFormat::Html,
                url: item.link,
                published: item.published,
                title: item.title,
                outlet: None,
            })),
            None if self.opts.report_skipped && self.pending.is_empty() => {
                self.pending.push_back(Err(IngestError::Skipped {
                    input: record_input,
                    reason: "feed item has neither content nor a fetched page".to_string(),
                }));
            }
            None => {}
        }
    }
}

/// What a feed entry offers.
struct Item {
    link: Option<String>,
    title: Option<String>,
    published: Option<String>,
    html: Option<String>,
}

impl Item {
    fn from_entry(e: &Entry) -> Item {
        let link = e
            .links
            .iter()
            .find(|l| {
                l.rel
                    .as_deref()
                    .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
            })
            .or_else(|| e.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| {
                let id = e.id.trim();
                (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
            });
        let title = e
            .title
            .as_ref()
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty());
        let published = e
            .published
            .or(e.updated)
            .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true));
        let content = e
            .content
            .as_ref()
            .and_then(|c| {
                c.body
                    .as_ref()
                    .map(|b| (b.as_str(), c.content_type.to_string()))
            })
            .filter(|(b, _)| !b.trim().is_empty());
        let summary = e
            .summary
            .as_ref()
            .map(|t| (t.content.as_str(), t.content_type.to_string()))
            .filter(|(b, _)| !b.trim().is_empty());
        let html = content
            .or(summary)
            .map(|(body, ty)| wrap(body, &ty, title.as_deref()));
        Item {
            link,
            title,
            published,
            html,
        }
    }
}

/// Make a small HTML page of an item's content (escaped into paragraphs when it is plain
/// text); a full HTML document is kept as it is.
fn wrap(body: &str, content_type: &str, title: Option<&str>) -> String {
    let lower_start: String = body
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower_start.starts_with("<!doctype html") || lower_start.starts_with("<html") {
        return body.to_string();
    }
    let inner = if content_type.to_ascii_lowercase().starts_with("text/plain") {
        body.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        body.to_string()
    };
    let title = title.map(escape).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><article>\n{inner}\n</article></body></html>\n"
    )
}

/// Escape text for HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_plain_text_as_paragraphs() {
        let html = wrap("One & two.\n\nThree <four>.", "text/plain", Some("T <1>"));
        assert!(html.contains("<title>T &lt;1&gt;</title>"));
        assert!(html.contains("<p>One &amp; two.</p>\n<p>Three &lt;four&gt;.</p>"));
        let html = wrap("<p>Already HTML</p>", "text/html", None);
        assert!(html.contains("<article>\n<p>Already HTML</p>\n</article>"));
        assert_eq!(
            wrap("<html><p>x</p></html>", "text/html", None),
            "<html><p>x</p></html>"
        );
    }
}
