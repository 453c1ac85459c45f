//! Main-text extraction: which blocks of a page are the article.
//!
//! Four passes over the arena tree, none recursive:
//! 1. bottom-up raw text sizes;
//! 2. top-down junk flags (navigation, share bars, comments, hidden parts, …), guarded so a
//!    wrapper that holds most of the page's text is never dropped for its class name;
//! 3. linearisation of the clean tree into blocks (paragraphs, headings, list items);
//! 4. readability-style scoring of the blocks' ancestors to find the article container,
//!    plus its siblings that look like article text; then block-level filtering.

use crate::html::{AttrName, Dom, NodeKind, Tag, NONE};

/// The kind of a text block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph or other running text.
    Para,
    /// A heading, with its level.
    Heading(u8),
    /// A list item.
    Item,
    /// Preformatted text.
    Pre,
    /// A table cell.
    Cell,
    /// A caption.
    Caption,
    /// A block quotation.
    Quote,
}

/// A block of text in reading order.
#[derive(Debug, Clone)]
pub struct Block {
    /// Whitespace-collapsed text.
    pub text: String,
    /// Bytes of `text` inside links.
    pub link_bytes: usize,
    /// The block element that holds it.
    pub owner: u32,
    /// Its kind.
    pub kind: BlockKind,
    /// Link targets inside the block.
    pub links: Vec<(String, String)>,
}

impl Block {
    /// Share of the text inside links.
    #[must_use]
    pub fn link_density(&self) -> f32 {
        if self.text.is_empty() {
            0.0
        } else {
            self.link_bytes as f32 / self.text.len() as f32
        }
    }
}

/// What the extractor found.
#[derive(Debug, Default)]
pub struct Content {
    /// The article's blocks, in reading order.
    pub blocks: Vec<Block>,
    /// The article container.
    pub container: Option<u32>,
    /// All blocks of the clean page (for diagnostics and fallbacks).
    pub all_blocks: usize,
}

const STRONG_NEGATIVE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "cookie",
    "consent",
    "gdpr",
    "sidebar",
    "breadcrumb",
    "advert",
    "sponsor",
    "promo",
    "popup",
    "modal",
    "mostread",
    "most-read",
    "most_read",
    "popular",
    "trending",
    "recommend",
    "outbrain",
    "taboola",
    "footer",
    "masthead",
    "navbar",
    "navigation",
    "pagination",
    "byline",
    "author-bio",
    "authorbio",
    "author-info",
    "about-author",
    "disqus",
    "readmore",
    "read-more",
    "more-stories",
    "morestories",
    "see-also",
    "login",
    "toolbar",
    "tagcloud",
    "tag-list",
    "taglist",
    "post-tags",
    "entry-tags",
    "article-tags",
    "tags-links",
    "cat-links",
    "entry-meta",
    "post-meta",
    "article-meta",
    "printfooter",
    "skip-link",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader",
    "nocontent",
    "newsletter",
    "follow-us",
    "jump-link",
    "rating",
    "next-post",
    "prev-post",
    "post-nav",
    "postnav",
    "nav-links",
    "banner",
    "slideshow",
    "carousel",
    "teaser",
    "dateline-hidden",
    "rollover",
    "tooltip",
    "hovercard",
    "hover-card",
];

/// Whole class/id tokens that mark junk (short words that would over-match as substrings).
const NEGATIVE_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "nav",
    "menu",
    "tags",
    "tag",
    "share",
    "print",
    "hidden",
    "hide",
    "meta",
    "date",
    "time",
    "timestamp",
    "author",
    "credit",
    "credits",
    "caption",
    "rss",
    "skip",
    "aside",
    "header",
    "foot",
    "extra",
    "secondary",
    "shoutbox",
    "sponsored",
    "dablink",
    "infobox",
    "navbox",
    "widget",
    "paywall",
    "reference",
    "references",
    "noprint",
    "related",
    "contact",
    "legal",
    "copyright",
    "subscribe",
    "promo",
    "lightbox",
    "module",
    "toc",
    "photo",
    "video",
    "gallery",
    "figure",
    "inline-related",
    "embed",
];

const POSITIVE: &[&str] = &[
    "article",
    "content",
    "entry",
    "post",
    "story",
    "body",
    "text",
    "main",
    "blog",
    "hentry",
    "h-entry",
    "page",
    "column",
    "prose",
    "rich-text",
    "richtext",
];

/// Hints that an element is the article body itself.
const BODY_HINTS: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "articletext",
    "article-text",
    "article-content",
    "article__content",
    "articlecontent",
    "story-body",
    "storybody",
    "story-content",
    "story-text",
    "storytext",
    "entry-content",
    "entrycontent",
    "post-content",
    "postcontent",
    "post-body",
    "postbody",
    "post-entry",
    "td-post-content",
    "field-name-body",
    "field--name-body",
    "c-entry-content",
    "article__text",
    "news-text",
    "newstext",
    "text-content",
    "main-text",
    "body-text",
    "bodytext",
    "blog-post-body",
    "single-content",
    "content-body",
    "zn-body",
    "paywall-article",
    "caas-body",
    "meteredcontent",
];

fn class_id(dom: &Dom, i: u32) -> Option<String> {
    let c = dom.attr(i, AttrName::Class);
    let d = dom.attr(i, AttrName::Id);
    let t = dom.attr(i, AttrName::DataTestid);
    if c.is_none() && d.is_none() && t.is_none() {
        return None;
    }
    let mut s = String::new();
    for part in [c, d, t].into_iter().flatten() {
        s.push_str(part);
        s.push(' ');
    }
    s.make_ascii_lowercase();
    Some(s)
}

fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
        .flat_map(|w| w.split(['-', '_']).chain(std::iter::once(w)))
        .filter(|w| !w.is_empty())
}

/// Class/id weight: negative for junk-looking names, positive for article-looking ones.
fn class_weight(ci: &str) -> (bool, bool, bool) {
    let body = BODY_HINTS.iter().any(|k| ci.contains(k));
    let pos = body || tokens(ci).any(|t| POSITIVE.contains(&t));
    let strong_neg = STRONG_NEGATIVE.iter().any(|k| ci.contains(k));
    let weak_neg = !pos && tokens(ci).any(|t| NEGATIVE_TOKENS.contains(&t));
    (strong_neg || weak_neg, pos, body)
}

fn is_hidden(dom: &Dom, i: u32) -> bool {
    if dom.attr(i, AttrName::Hidden).is_some() {
        return true;
    }
    if dom
        .attr(i, AttrName::AriaHidden)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = dom.attr(i, AttrName::Style) {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Per-node facts computed once.
struct Facts {
    junk: Vec<bool>,
    body_hint: Vec<bool>,
    weight: Vec<i32>,
}

fn compute_facts(dom: &Dom) -> Facts {
    let n = dom.nodes.len();
    let mut raw_len = vec![0u32; n];
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        let own = match node.kind {
            NodeKind::Text { start, end } => {
                let t = &dom.pool[start as usize..end as usize];
                if t.bytes().all(|b| b.is_ascii_whitespace()) {
                    0
                } else {
                    end - start
                }
            }
            NodeKind::Element { tag, .. } => {
                if matches!(
                    tag,
                    Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Title
                ) {
                    raw_len[i] = 0;
                    continue;
                }
                0
            }
            NodeKind::Document => 0,
        };
        raw_len[i] += own;
        let p = node.parent;
        if p != NONE {
            raw_len[p as usize] += raw_len[i];
        }
    }
    raw_len[0] = dom.children(0).map(|c| raw_len[c as usize]).sum();
    let total = raw_len[0].max(1) as f32;
    // Text inside <p> elements, bottom-up: where the article's running text is.
    let mut p_len = vec![0u32; n];
    for i in (1..n).rev() {
        if dom.tag(i as u32) == Some(Tag::P) {
            p_len[i] = raw_len[i];
        }
        let parent = dom.nodes[i].parent;
        if parent != NONE && dom.tag(i as u32) != Some(Tag::P) {
            p_len[parent as usize] += p_len[i];
        } else if parent != NONE {
            p_len[parent as usize] += raw_len[i];
        }
    }
    let p_total = p_len[0].max(1) as f32;

    let mut junk = vec![false; n];
    let mut body_hint = vec![false; n];
    let mut weight = vec![0i32; n];
    for i in 1..n {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        if junk[p] {
            junk[i] = true;
            continue;
        }
        let NodeKind::Element { tag, .. } = node.kind else {
            continue;
        };
        let share = raw_len[i] as f32 / total;
        // Holding most of the page's text, or most of its paragraph text, protects an element
        // from being dropped for its name.
        let big = share > 0.4 || (p_len[i] as f32 > 0.5 * p_total && p_len[i] > 400);
        let hard = matches!(
            tag,
            Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
                | Tag::Iframe
                | Tag::Svg
                | Tag::Canvas
                | Tag::Math
                | Tag::Button
                | Tag::Select
                | Tag::Option
                | Tag::Textarea
                | Tag::Input
                | Tag::Object
                | Tag::Embed
                | Tag::Video
                | Tag::Audio
                | Tag::Map
                | Tag::Head
                | Tag::Title
                | Tag::Meta
                | Tag::Link
                | Tag::Dialog
                | Tag::Nav
                | Tag::Label
        );
        let soft = matches!(
            tag,
            Tag::Aside | Tag::Footer | Tag::Header | Tag::Form | Tag::Menu
        );
        let mut is_junk = hard || (soft && !big) || is_hidden(dom, i as u32);
        if let Some(role) = dom.attr(i as u32, AttrName::Role) {
            let r = role.to_ascii_lowercase();
            if matches!(
                r.as_str(),
                "navigation"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "search"
                    | "dialog"
                    | "menu"
                    | "menubar"
                    | "alert"
            ) && !big
            {
                is_junk = true;
            }
        }
        if let Some(ci) = class_id(dom, i as u32) {
            let (neg, pos, body) = class_weight(&ci);
            if body {
                body_hint[i] = true;
                weight[i] += 25;
            } else if pos {
                weight[i] += 25;
            }
            if neg {
                weight[i] -= 25;
                if !big && !body && !matches!(tag, Tag::Article | Tag::Main | Tag::Body | Tag::Html)
                {
                    is_junk = true;
                }
            }
        }
        if dom
            .attr(i as u32, AttrName::Itemprop)
            .is_some_and(|v| v.contains("articleBody") || v.contains("reviewBody"))
        {
            body_hint[i] = true;
            weight[i] += 25;
            is_junk = false;
        }
        junk[i] = is_junk;
    }
    Facts {
        junk,
        body_hint,
        weight,
    }
}

fn block_kind(tag: Tag) -> BlockKind {
    match tag {
        Tag::H1 => BlockKind::Heading(1),
        Tag::H2 => BlockKind::Heading(2),
        Tag::H3 => BlockKind::Heading(3),
        Tag::H4 => BlockKind::Heading(4),
        Tag::H5 => BlockKind::Heading(5),
        Tag::H6 => BlockKind::Heading(6),
        Tag::Li | Tag::Dd | Tag::Dt => BlockKind::Item,
        Tag::Pre => BlockKind::Pre,
        Tag::Td | Tag::Th => BlockKind::Cell,
        Tag::Figcaption | Tag::Caption => BlockKind::Caption,
        Tag::Blockquote => BlockKind::Quote,
        _ => BlockKind::Para,
    }
}

struct Linearizer<'a> {
    dom: &'a Dom,
    blocks: Vec<Block>,
    cur: String,
    cur_links: usize,
    cur_link_list: Vec<(String, String)>,
    owners: Vec<u32>,
    a_stack: Vec<(u32, usize)>,
    pre_depth: usize,
}

impl Linearizer<'_> {
    fn flush(&mut self) {
        let t = self.cur.trim_end();
        if !t.is_empty() {
            let owner = *self.owners.last().unwrap_or(&0);
            let kind = self.dom.tag(owner).map_or(BlockKind::Para, block_kind);
            let text = t.to_string();
            let link_bytes = self.cur_links.min(text.len());
            self.blocks.push(Block {
                text,
                link_bytes,
                owner,
                kind,
                links: std::mem::take(&mut self.cur_link_list),
            });
        }
        self.cur.clear();
        self.cur_links = 0;
        self.cur_link_list.clear();
    }

    fn push_text(&mut self, t: &str) {
        let before = self.cur.len();
        if self.pre_depth > 0 {
            let mut first = true;
            for line in t.split('\n') {
                if !first {
                    self.flush();
                }
                first = false;
                self.cur.push_str(line.trim_end());
            }
        } else {
            let is_ws = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}';
            let mut need_space = t.starts_with(is_ws);
            for w in t.split(is_ws).filter(|w| !w.is_empty()) {
                if need_space && !self.cur.is_empty() && !self.cur.ends_with(' ') {
                    self.cur.push(' ');
                }
                self.cur.push_str(w);
                need_space = true;
            }
            if t.ends_with(is_ws) && !self.cur.is_empty() && !self.cur.ends_with(' ') {
                self.cur.push(' ');
            }
        }
        if !self.a_stack.is_empty() {
            self.cur_links += self.cur.len() - before;
        }
    }
}

/// Turn the clean parts of the tree into blocks.
fn linearize(dom: &Dom, facts: &Facts) -> Vec<Block> {
    let mut l = Linearizer {
        dom,
        blocks: Vec::new(),
        cur: String::new(),
        cur_links: 0,
        cur_link_list: Vec::new(),
        owners: vec![0],
        a_stack: Vec::new(),
        pre_depth: 0,
    };
    let root = 0u32;
    let mut i = dom.nodes[0].first_child;
    // Walk with explicit enter/exit.
    while i != NONE {
        let node = dom.nodes[i as usize];
        let skip = facts.junk[i as usize];
        let mut descend = false;
        if !skip {
            match node.kind {
                NodeKind::Text { .. } => l.push_text(dom.text(i)),
                NodeKind::Element { tag, .. } => {
                    if tag == Tag::Br || tag == Tag::Hr {
                        l.flush();
                    } else if tag.is_block() {
                        l.flush();
                        l.owners.push(i);
                        descend = true;
                    } else if tag == Tag::Img {
                        // Images carry no text.
                    } else {
                        if tag == Tag::A {
                            l.a_stack.push((i, l.cur.len()));
                        }
                        if tag == Tag::Pre {
                            l.pre_depth += 1;
                        }
                        descend = true;
                    }
                }
                NodeKind::Document => {}
            }
        }
        if descend && node.first_child != NONE {
            i = node.first_child;
            continue;
        }
        if descend {
            exit(&mut l, i);
        }
        // Move to the next node, exiting finished ancestors.
        let mut cur = i;
        loop {
            let n = dom.nodes[cur as usize];
            if n.next != NONE {
                i = n.next;
                break;
            }
            let p = n.parent;
            if p == NONE || p == root {
                i = NONE;
                break;
            }
            exit(&mut l, p);
            cur = p;
        }
    }
    l.flush();
    l.blocks
}

fn exit(l: &mut Linearizer<'_>, i: u32) {
    let dom = l.dom;
    match dom.tag(i) {
        Some(t) if t.is_block() => {
            l.flush();
            if l.owners.last() == Some(&i) {
                l.owners.pop();
            }
        }
        Some(Tag::A) => {
            if let Some((a, start)) = l.a_stack.pop() {
                if let Some(href) = dom.attr(a, AttrName::Href) {
                    let text = l.cur.get(start..).unwrap_or("").trim().to_string();
                    let href = href.trim();
                    if !href.is_empty()
                        && !href.starts_with('#')
                        && !href.starts_with("javascript:")
                    {
                        l.cur_link_list.push((href.to_string(), text));
                    }
                }
            }
        }
        Some(Tag::Pre) => l.pre_depth = l.pre_depth.saturating_sub(1),
        _ => {}
    }
}

fn commas(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count()
}

fn tag_bonus(tag: Tag) -> i32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3,
        Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 | Tag::Th => -5,
        _ => 0,
    }
}

const BOILERPLATE_LINES: &[&str] = &[
    "advertisement",
    "advertising",
    "anzeige",
    "publicité",
    "read more",
    "read more:",
    "continue reading",
    "share this article",
    "share this",
    "share",
    "tweet",
    "email",
    "print",
    "comments",
    "related",
    "related articles",
    "related stories",
    "recommended",
    "sign up",
    "subscribe",
    "skip to content",
    "skip advertisement",
    "story continues below advertisement",
    "article continues below",
    "supported by",
    "loading...",
    "image",
    "photo",
    "video",
    "close",
    "menu",
    "explore further",
    "more information",
    "see also",
    "view comments",
    "click to expand",
];

fn is_boilerplate_line(text: &str) -> bool {
    if text.len() > 60 {
        return false;
    }
    let t = text
        .trim()
        .trim_end_matches([':', '.', '»', '›', '>'])
        .trim();
    let lower = t.to_lowercase();
    BOILERPLATE_LINES.contains(&lower.as_str())
}

/// Extract the article's blocks from a parsed page.
#[must_use]
pub fn extract_content(dom: &Dom) -> Content {
    let facts = compute_facts(dom);
    let blocks = linearize(dom, &facts);
    let n = dom.nodes.len();
    let all_blocks = blocks.len();
    if blocks.is_empty() {
        return Content::default();
    }

    // Clean text and link sizes per node, bottom-up from blocks.
    let mut clean_len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    for b in &blocks {
        let mut cur = b.owner;
        loop {
            clean_len[cur as usize] += b.text.len() as u32;
            link_len[cur as usize] += b.link_bytes as u32;
            let p = dom.nodes[cur as usize].parent;
            if p == NONE {
                break;
            }
            cur = p;
        }
    }

    // Score ancestors of paragraph-like blocks.
    let mut score = vec![0f32; n];
    let mut initialized = vec![false; n];
    for b in &blocks {
        let len = b.text.chars().count();
        if len < 25 || b.link_density() > 0.5 {
            continue;
        }
        if matches!(b.kind, BlockKind::Heading(_)) {
            continue;
        }
        let s = 1.0 + commas(&b.text) as f32 + (len as f32 / 100.0).min(3.0);
        let mut cur = dom.nodes[b.owner as usize].parent;
        // The owner itself counts when it is a div holding text directly.
        if dom.tag(b.owner) == Some(Tag::Div) || dom.tag(b.owner) == Some(Tag::Article) {
            cur = b.owner;
        }
        let mut level = 0;
        while cur != NONE && cur != 0 && level < 5 {
            let ci = cur as usize;
            if !initialized[ci] {
                initialized[ci] = true;
                let tag = dom.tag(cur).unwrap_or(Tag::Other);
                score[ci] += (tag_bonus(tag) + facts.weight[ci]) as f32;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[ci] += s / div;
            cur = dom.nodes[ci].parent;
            level += 1;
        }
    }
    let mut best: Option<(u32, f32)> = None;
    for i in 1..n {
        if !initialized[i] {
            continue;
        }
        let ld = if clean_len[i] == 0 {
            0.0
        } else {
            link_len[i] as f32 / clean_len[i] as f32
        };
        let mut s = score[i] * (1.0 - ld);
        if facts.body_hint[i] {
            s *= 1.5;
        }
        score[i] = s;
        if best.is_none_or(|(_, bs)| s > bs) {
            best = Some((i as u32, s));
        }
    }

    // An explicit article-body element that holds enough text wins.
    let total_clean = clean_len[0].max(1);
    let mut container = best.map(|b| b.0);
    if let Some(c) = container {
        // Prefer a body-hinted ancestor or descendant holding most of the candidate's text.
        let mut anc = dom.nodes[c as usize].parent;
        let mut steps = 0;
        while anc != NONE && anc != 0 && steps < 4 {
            if facts.body_hint[anc as usize] && clean_len[anc as usize] < total_clean {
                container = Some(anc);
                break;
            }
            anc = dom.nodes[anc as usize].parent;
            steps += 1;
        }
    }

    let Some(top) = container else {
        return Content {
            blocks: blocks
                .into_iter()
                .filter(|b| b.link_density() < 0.34 && !is_boilerplate_line(&b.text))
                .collect(),
            container: None,
            all_blocks,
        };
    };

    // Siblings that belong with the article.
    let top_score = score[top as usize];
    let threshold = (top_score * 0.2).max(10.0);
    let mut selected = vec![top];
    let parent = dom.nodes[top as usize].parent;
    if parent != NONE {
        for s in dom.children(parent) {
            if s == top || facts.junk[s as usize] || clean_len[s as usize] == 0 {
                continue;
            }
            let si = s as usize;
            let ld = link_len[si] as f32 / clean_len[si].max(1) as f32;
            let mut keep = initialized[si] && score[si] >= threshold;
            if !keep && ld < 0.25 {
                // A loose paragraph.
                let len = clean_len[si];
                let text_is_sentence = dom.tag(s) == Some(Tag::P);
                keep = text_is_sentence && len > 80;
            }
            if keep {
                selected.push(s);
            }
        }
    }
    let mut in_sel = vec![false; n];
    for &s in &selected {
        for d in dom.descendants(s) {
            in_sel[d as usize] = true;
        }
    }
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        if !in_sel[b.owner as usize] {
            continue;
        }
        if is_boilerplate_line(&b.text) || b.kind == BlockKind::Caption {
            continue;
        }
        let ld = b.link_density();
        if ld > 0.5 && b.text.len() < 400 {
            continue;
        }
        out.push(b);
    }
    Content {
        blocks: out,
        container: Some(top),
        all_blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse;

    fn texts(html: &str) -> Vec<String> {
        let dom = parse(html);
        extract_content(&dom)
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn picks_article_over_navigation() {
        let html = r##"<html><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and more</a></li></ul></nav>
        <div class="sidebar"><p>Trending: something else entirely, with, commas, here and there.</p></div>
        <article><h1>Title</h1>
          <p>The first paragraph of the story, with enough words in it to count as text, and commas.</p>
          <p>The second paragraph goes on, telling more of the story, at some length, for the reader.</p>
          <div class="share"><a href="#">Share on Facebook</a></div>
          <p>The third paragraph ends it, and says what happens next, with a final quote from a source.</p>
        </article>
        <div id="comments"><p>A reader's comment that should never be part of the article, no matter how long it is.</p></div>
        <footer><p>Copyright 2024, all rights reserved, by the publisher of this fine website.</p></footer>
        </body></html>"##;
        let t = texts(html);
        assert!(
            t.iter().any(|p| p.starts_with("The first paragraph")),
            "{t:?}"
        );
        assert!(
            t.iter().any(|p| p.starts_with("The third paragraph")),
            "{t:?}"
        );
        assert!(
            !t.iter().any(|p| p.contains("comment")
                || p.contains("Copyright")
                || p.contains("Trending")
                || p.contains("Facebook")),
            "{t:?}"
        );
    }

    #[test]
    fn whitespace_is_collapsed_and_inline_joined() {
        let t = texts("<div class=content><p>One   <b>two</b>\n three <a href=x>four</a> five, and a longer tail of words to score.</p></div>");
        assert_eq!(
            t[0],
            "One two three four five, and a longer tail of words to score."
        );
    }
}
