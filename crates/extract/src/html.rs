//! A fast, forgiving HTML parser into a flat arena tree.
//!
//! It is not a full HTML5 tree builder: it follows the parts of the specification that change
//! the text we read (raw-text elements, void elements, implicit end of `p`, `li`, `td`, …,
//! character references) and ignores the rest. Everything is iterative: a page with 100,000
//! nested elements parses without deep recursion, and nesting beyond [`MAX_DEPTH`] is
//! flattened. Only the attributes the extractor reads are kept.

use crate::entities::decode_entities_into;

/// Nesting deeper than this is flattened into the deepest open element.
pub const MAX_DEPTH: usize = 1024;
/// "No node".
pub const NONE: u32 = u32::MAX;

macro_rules! tags {
    ($($name:ident = $s:literal),* $(,)?) => {
        /// An HTML element name; `Other` for every name the extractor has no rule for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Tag { $($name,)* Other }
        impl Tag {
            /// The tag for a lowercase ASCII name.
            #[must_use]
            pub fn from_lower(name: &[u8]) -> Tag {
                match name { $($s => Tag::$name,)* _ => Tag::Other }
            }
        }
    };
}

tags! {
    Html = b"html", Head = b"head", Body = b"body", Title = b"title", Meta = b"meta", Link = b"link",
    Script = b"script", Style = b"style", Noscript = b"noscript", Template = b"template", Base = b"base",
    Div = b"div", P = b"p", Span = b"span", A = b"a", B = b"b", I = b"i", Em = b"em", Strong = b"strong",
    U = b"u", S = b"s", Small = b"small", Sup = b"sup", Sub = b"sub", Br = b"br", Hr = b"hr", Img = b"img",
    Figure = b"figure", Figcaption = b"figcaption", Picture = b"picture", Source = b"source",
    Video = b"video", Audio = b"audio", Iframe = b"iframe", Embed = b"embed", Object = b"object",
    Svg = b"svg", Canvas = b"canvas", Math = b"math", Ul = b"ul", Ol = b"ol", Li = b"li", Dl = b"dl",
    Dt = b"dt", Dd = b"dd", Table = b"table", Thead = b"thead", Tbody = b"tbody", Tfoot = b"tfoot",
    Tr = b"tr", Td = b"td", Th = b"th", Caption = b"caption", Colgroup = b"colgroup", Col = b"col",
    H1 = b"h1", H2 = b"h2", H3 = b"h3", H4 = b"h4", H5 = b"h5", H6 = b"h6", Header = b"header",
    Footer = b"footer", Nav = b"nav", Aside = b"aside", Main = b"main", Article = b"article",
    Section = b"section", Address = b"address", Blockquote = b"blockquote", Pre = b"pre",
    Code = b"code", Q = b"q", Cite = b"cite", Time = b"time", Abbr = b"abbr", Mark = b"mark",
    Form = b"form", Input = b"input", Button = b"button", Select = b"select", Option = b"option",
    Textarea = b"textarea", Label = b"label", Fieldset = b"fieldset", Legend = b"legend",
    Details = b"details", Summary = b"summary", Dialog = b"dialog", Menu = b"menu", Center = b"center",
    Font = b"font", Big = b"big", Strike = b"strike", Tt = b"tt", Ins = b"ins", Del = b"del",
    Wbr = b"wbr", Area = b"area", Map = b"map", Param = b"param", Track = b"track", Keygen = b"keygen",
    Frameset = b"frameset", Frame = b"frame", Noframes = b"noframes", Xmp = b"xmp", Plaintext = b"plaintext",
    Optgroup = b"optgroup", Output = b"output", Progress = b"progress", Meter = b"meter",
    Hgroup = b"hgroup", Var = b"var", Kbd = b"kbd", Samp = b"samp", Dfn = b"dfn", Bdi = b"bdi",
    Bdo = b"bdo", Ruby = b"ruby", Rt = b"rt", Rp = b"rp", Data = b"data", Nobr = b"nobr",
}

impl Tag {
    /// Elements that never have children.
    #[must_use]
    pub fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Area
                | Tag::Base
                | Tag::Br
                | Tag::Col
                | Tag::Embed
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Link
                | Tag::Meta
                | Tag::Param
                | Tag::Source
                | Tag::Track
                | Tag::Wbr
                | Tag::Keygen
                | Tag::Frame
        )
    }

    /// Elements whose content is raw text up to their end tag.
    fn is_raw_text(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
                | Tag::Xmp
                | Tag::Iframe
                | Tag::Noframes
                | Tag::Textarea
                | Tag::Title
        )
    }

    /// Block-level elements: they start a new paragraph of text.
    #[must_use]
    pub fn is_block(self) -> bool {
        matches!(
            self,
            Tag::Div
                | Tag::P
                | Tag::Ul
                | Tag::Ol
                | Tag::Li
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::Table
                | Tag::Thead
                | Tag::Tbody
                | Tag::Tfoot
                | Tag::Tr
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Header
                | Tag::Footer
                | Tag::Nav
                | Tag::Aside
                | Tag::Main
                | Tag::Article
                | Tag::Section
                | Tag::Address
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Form
                | Tag::Fieldset
                | Tag::Details
                | Tag::Summary
                | Tag::Dialog
                | Tag::Menu
                | Tag::Center
                | Tag::Hr
                | Tag::Br
                | Tag::Hgroup
                | Tag::Legend
                | Tag::Body
                | Tag::Html
                | Tag::Option
                | Tag::Select
        )
    }

    /// Start tags that close an open `<p>`.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Address
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Center
                | Tag::Details
                | Tag::Dialog
                | Tag::Div
                | Tag::Dl
                | Tag::Fieldset
                | Tag::Figcaption
                | Tag::Figure
                | Tag::Footer
                | Tag::Form
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Header
                | Tag::Hgroup
                | Tag::Hr
                | Tag::Main
                | Tag::Menu
                | Tag::Nav
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Section
                | Tag::Table
                | Tag::Ul
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
        )
    }

    /// Headings h1..h6.
    #[must_use]
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// Elements that bound the search for an implicitly closed element.
    fn is_scope_boundary(self) -> bool {
        matches!(
            self,
            Tag::Table
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Html
                | Tag::Template
                | Tag::Object
                | Tag::Button
                | Tag::Svg
                | Tag::Math
        )
    }
}

/// The attribute names the extractor reads; all others are dropped while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum AttrName {
    Class,
    Id,
    Href,
    Rel,
    Property,
    Name,
    Content,
    Itemprop,
    Itemtype,
    Datetime,
    Charset,
    HttpEquiv,
    Lang,
    Type,
    Role,
    Hidden,
    Style,
    AriaHidden,
    Title,
    Src,
    Alt,
    DataTestid,
}

impl AttrName {
    fn from_lower(name: &[u8]) -> Option<AttrName> {
        Some(match name {
            b"class" => AttrName::Class,
            b"id" => AttrName::Id,
            b"href" => AttrName::Href,
            b"rel" => AttrName::Rel,
            b"property" => AttrName::Property,
            b"name" => AttrName::Name,
            b"content" => AttrName::Content,
            b"itemprop" => AttrName::Itemprop,
            b"itemtype" => AttrName::Itemtype,
            b"datetime" => AttrName::Datetime,
            b"charset" => AttrName::Charset,
            b"http-equiv" => AttrName::HttpEquiv,
            b"lang" | b"xml:lang" => AttrName::Lang,
            b"type" => AttrName::Type,
            b"role" => AttrName::Role,
            b"hidden" => AttrName::Hidden,
            b"style" => AttrName::Style,
            b"aria-hidden" => AttrName::AriaHidden,
            b"title" => AttrName::Title,
            b"src" => AttrName::Src,
            b"alt" => AttrName::Alt,
            b"data-testid" | b"data-component" | b"data-type" => AttrName::DataTestid,
            _ => return None,
        })
    }
}

/// One kept attribute; its value lives in [`Dom::pool`].
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    /// Which attribute.
    pub name: AttrName,
    start: u32,
    end: u32,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// The root.
    Document,
    /// An element with its attributes `attrs.0..attrs.1` in [`Dom::attrs`].
    Element {
        /// Its name.
        tag: Tag,
        /// Range of its attributes.
        attrs: (u32, u32),
    },
    /// Text (entities decoded) at `start..end` of [`Dom::pool`].
    Text {
        /// Start in the pool.
        start: u32,
        /// End in the pool.
        end: u32,
    },
}

/// A node of the arena tree.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// What it is.
    pub kind: NodeKind,
    /// Parent, or [`NONE`].
    pub parent: u32,
    /// First child, or [`NONE`].
    pub first_child: u32,
    /// Last child, or [`NONE`].
    pub last_child: u32,
    /// Next sibling, or [`NONE`].
    pub next: u32,
}

/// A parsed page.
#[derive(Debug, Default)]
pub struct Dom {
    /// All nodes; index 0 is the document.
    pub nodes: Vec<Node>,
    /// Attributes of all elements.
    pub attrs: Vec<Attr>,
    /// Text of text nodes and attribute values.
    pub pool: String,
    /// Raw contents of `<script type="application/ld+json">` elements.
    pub json_ld: Vec<String>,
    /// The `<title>` text.
    pub title: Option<String>,
}

impl Dom {
    /// The tag of node `i`, if it is an element.
    #[inline]
    #[must_use]
    pub fn tag(&self, i: u32) -> Option<Tag> {
        match self.nodes[i as usize].kind {
            NodeKind::Element { tag, .. } => Some(tag),
            _ => None,
        }
    }

    /// The text of a text node (empty for others).
    #[inline]
    #[must_use]
    pub fn text(&self, i: u32) -> &str {
        match self.nodes[i as usize].kind {
            NodeKind::Text { start, end } => &self.pool[start as usize..end as usize],
            _ => "",
        }
    }

    /// The value of attribute `name` on element `i`.
    #[must_use]
    pub fn attr(&self, i: u32, name: AttrName) -> Option<&str> {
        if let NodeKind::Element { attrs, .. } = self.nodes[i as usize].kind {
            for a in &self.attrs[attrs.0 as usize..attrs.1 as usize] {
                if a.name == name {
                    return Some(&self.pool[a.start as usize..a.end as usize]);
                }
            }
        }
        None
    }

    /// Children of node `i`.
    pub fn children(&self, i: u32) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes[i as usize].first_child,
        }
    }

    /// Node `i` and all its descendants in document order (iterative).
    pub fn descendants(&self, i: u32) -> Descendants<'_> {
        Descendants {
            dom: self,
            root: i,
            next: i,
        }
    }

    /// The next node after the subtree of `i` in document order, bounded by `root`.
    fn next_after_subtree(&self, mut i: u32, root: u32) -> u32 {
        loop {
            if i == root {
                return NONE;
            }
            let n = &self.nodes[i as usize];
            if n.next != NONE {
                return n.next;
            }
            i = n.parent;
            if i == NONE {
                return NONE;
            }
        }
    }

    /// All text under node `i`, concatenated without separators.
    #[must_use]
    pub fn text_content(&self, i: u32) -> String {
        let mut s = String::new();
        for d in self.descendants(i) {
            s.push_str(self.text(d));
        }
        s
    }

    /// Element ancestors of `i`, nearest first.
    pub fn ancestors(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let mut cur = self.nodes[i as usize].parent;
        std::iter::from_fn(move || {
            if cur == NONE {
                None
            } else {
                let c = cur;
                cur = self.nodes[c as usize].parent;
                Some(c)
            }
        })
    }

    /// Skip the subtree of `i` in a walk: the node to continue with.
    #[must_use]
    pub fn skip_subtree(&self, i: u32, root: u32) -> u32 {
        self.next_after_subtree(i, root)
    }

    /// The first element in document order with this tag.
    #[must_use]
    pub fn find(&self, tag: Tag) -> Option<u32> {
        (0..self.nodes.len() as u32).find(|&i| self.tag(i) == Some(tag))
    }
}

/// Iterator over the children of a node.
#[derive(Debug)]
pub struct Children<'a> {
    dom: &'a Dom,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let c = self.next;
        self.next = self.dom.nodes[c as usize].next;
        Some(c)
    }
}

/// Iterator over a subtree in document order.
#[derive(Debug)]
pub struct Descendants<'a> {
    dom: &'a Dom,
    root: u32,
    next: u32,
}

impl Iterator for Descendants<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let c = self.next;
        let n = &self.dom.nodes[c as usize];
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            self.dom.next_after_subtree(c, self.root)
        };
        Some(c)
    }
}

struct Builder {
    dom: Dom,
    stack: Vec<(u32, Tag)>,
    /// Open elements beyond MAX_DEPTH that were not pushed: their end tags are ignored.
    flattened: usize,
}

impl Builder {
    fn current(&self) -> u32 {
        self.stack.last().map_or(0, |s| s.0)
    }

    fn append(&mut self, kind: NodeKind) -> u32 {
        let parent = self.current();
        let id = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            kind,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
        });
        let p = &mut self.dom.nodes[parent as usize];
        let last = p.last_child;
        if last == NONE {
            p.first_child = id;
        }
        p.last_child = id;
        if last != NONE {
            self.dom.nodes[last as usize].next = id;
        }
        id
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        // Merge with a preceding text node when it is the pool's tail (common after comments).
        let cur = self.current();
        let last = self.dom.nodes[cur as usize].last_child;
        let start = self.dom.pool.len() as u32;
        decode_entities_into(raw, &mut self.dom.pool);
        let end = self.dom.pool.len() as u32;
        if last != NONE {
            if let NodeKind::Text { end: le, .. } = &mut self.dom.nodes[last as usize].kind {
                if *le == start {
                    *le = end;
                    return;
                }
            }
        }
        self.append(NodeKind::Text { start, end });
    }

    /// Pop to and including the nearest open `tag`, searching at most `limit` levels and not
    /// past a scope boundary. Returns whether it was found.
    fn close(&mut self, tag: Tag, limit: usize, bounded: bool) -> bool {
        let n = self.stack.len();
        for k in (n.saturating_sub(limit)..n).rev() {
            let t = self.stack[k].1;
            if t == tag {
                self.stack.truncate(k);
                return true;
            }
            if bounded && t.is_scope_boundary() {
                return false;
            }
        }
        false
    }

    fn has_open(&self, tag: Tag, limit: usize, stop: &[Tag]) -> bool {
        for &(_, t) in self.stack.iter().rev().take(limit) {
            if t == tag {
                return true;
            }
            if stop.contains(&t) || t.is_scope_boundary() {
                return false;
            }
        }
        false
    }

    fn start_tag(&mut self, tag: Tag, attrs: (u32, u32)) -> u32 {
        // Anything that cannot live in <head> ends it.
        if !matches!(
            tag,
            Tag::Meta
                | Tag::Link
                | Tag::Title
                | Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Base
                | Tag::Template
                | Tag::Other
        ) && self.stack.iter().any(|s| s.1 == Tag::Head)
        {
            self.close(Tag::Head, 64, false);
        }
        // Implicit end tags.
        if tag.closes_p() && self.has_open(Tag::P, 32, &[]) {
            self.close(Tag::P, 32, true);
        }
        match tag {
            Tag::Li if self.has_open(Tag::Li, 16, &[Tag::Ul, Tag::Ol, Tag::Menu]) => {
                self.close(Tag::Li, 16, true);
            }
            Tag::Dt | Tag::Dd => {
                if self.has_open(Tag::Dt, 8, &[Tag::Dl]) {
                    self.close(Tag::Dt, 8, true);
                } else if self.has_open(Tag::Dd, 8, &[Tag::Dl]) {
                    self.close(Tag::Dd, 8, true);
                }
            }
            Tag::Tr => {
                for t in [Tag::Td, Tag::Th] {
                    if self.has_open(t, 8, &[Tag::Table]) {
                        self.close(t, 8, false);
                    }
                }
                if self.has_open(Tag::Tr, 8, &[Tag::Table]) {
                    self.close(Tag::Tr, 8, true);
                }
            }
            Tag::Td | Tag::Th => {
                for t in [Tag::Td, Tag::Th] {
                    if self.has_open(t, 8, &[Tag::Tr, Tag::Table]) {
                        self.close(t, 8, false);
                    }
                }
            }
            Tag::Thead | Tag::Tbody | Tag::Tfoot => {
                for t in [
                    Tag::Td,
                    Tag::Th,
                    Tag::Tr,
                    Tag::Thead,
                    Tag::Tbody,
                    Tag::Tfoot,
                ] {
                    if self.has_open(t, 8, &[Tag::Table]) {
                        self.close(t, 8, false);
                    }
                }
            }
            Tag::Option => {
                if matches!(self.stack.last(), Some((_, Tag::Option))) {
                    self.stack.pop();
                }
            }
            Tag::A if self.has_open(Tag::A, 8, &[]) => {
                self.close(Tag::A, 8, true);
            }
            t if t.is_heading() => {
                if let Some(&(_, top)) = self.stack.last() {
                    if top.is_heading() {
                        self.stack.pop();
                    }
                }
            }
            _ => {}
        }
        let id = self.append(NodeKind::Element { tag, attrs });
        if !tag.is_void() {
            if self.stack.len() < MAX_DEPTH {
                self.stack.push((id, tag));
            } else {
                self.flattened += 1;
            }
        }
        id
    }

    fn end_tag(&mut self, tag: Tag) {
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        match tag {
            Tag::Br => {
                self.append(NodeKind::Element {
                    tag: Tag::Br,
                    attrs: (0, 0),
                });
            }
            Tag::Html | Tag::Body => {}
            Tag::Head => {
                self.close(Tag::Head, 64, false);
            }
            Tag::Other => {
                // Unknown names all map to Other: close only a directly open one.
                if matches!(self.stack.last(), Some((_, Tag::Other))) {
                    self.stack.pop();
                }
            }
            _ => {
                let limit = if tag.is_block() { 64 } else { 12 };
                self.close(tag, limit, !tag.is_block());
            }
        }
    }
}

#[inline]
fn lower_name(raw: &[u8], buf: &mut [u8; 24]) -> Option<usize> {
    if raw.len() > buf.len() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(raw) {
        *d = s.to_ascii_lowercase();
    }
    Some(raw.len())
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    // `needle` is lowercase and starts with '<'.
    let mut pos = from;
    while let Some(off) = memchr::memchr(b'<', &hay[pos..]) {
        let at = pos + off;
        if hay.len() - at >= needle.len()
            && hay[at..at + needle.len()]
                .iter()
                .zip(needle)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
        {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Parse an HTML document.
#[must_use]
pub fn parse(html: &str) -> Dom {
    let bytes = html.as_bytes();
    let mut b = Builder {
        dom: Dom {
            nodes: Vec::with_capacity(bytes.len() / 40 + 16),
            attrs: Vec::with_capacity(bytes.len() / 80 + 16),
            pool: String::with_capacity(bytes.len() / 3 + 16),
            json_ld: Vec::new(),
            title: None,
        },
        stack: Vec::with_capacity(64),
        flattened: 0,
    };
    b.dom.nodes.push(Node {
        kind: NodeKind::Document,
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next: NONE,
    });
    let n = bytes.len();
    let mut pos = 0usize;
    let mut name_buf = [0u8; 24];
    while pos < n {
        let lt = match memchr::memchr(b'<', &bytes[pos..]) {
            Some(o) => pos + o,
            None => {
                b.text(&html[pos..]);
                break;
            }
        };
        if lt > pos {
            b.text(&html[pos..lt]);
        }

        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            // Comment, doctype, CDATA.
            if bytes[lt..].starts_with(b"<!--") {
                pos = match memchr::memmem::find(&bytes[lt + 4..], b"-->") {
                    Some(o) => lt + 4 + o + 3,
                    None => n,
                };
            } else if bytes[lt..].starts_with(b"<![CDATA[") {
                let end = memchr::memmem::find(&bytes[lt + 9..], b"]]>").map_or(n, |o| lt + 9 + o);
                b.text(&html[lt + 9..end]);
                pos = (end + 3).min(n);
            } else {
                pos = memchr::memchr(b'>', &bytes[lt..]).map_or(n, |o| lt + o + 1);
            }
            continue;
        }
        if next == b'?' {
            pos = memchr::memchr(b'>', &bytes[lt..]).map_or(n, |o| lt + o + 1);
            continue;
        }
        let is_end = next == b'/';
        let name_start = if is_end { lt + 2 } else { lt + 1 };
        if name_start >= n || !bytes[name_start].is_ascii_alphabetic() {
            if is_end && name_start < n && bytes[name_start] == b'>' {
                pos = name_start + 1; // "</>" is ignored
                continue;
            }
            // A lone '<' is text.
            b.text("<");
            pos = lt + 1;
            continue;
        }
        let mut i = name_start;
        while i < n && !is_space(bytes[i]) && bytes[i] != b'>' && bytes[i] != b'/' {
            i += 1;
        }
        let tag = match lower_name(&bytes[name_start..i], &mut name_buf) {
            Some(len) => Tag::from_lower(&name_buf[..len]),
            None => Tag::Other,
        };
        // Attributes.
        let attr_start = b.dom.attrs.len() as u32;
        let mut self_closing = false;
        loop {
            while i < n && is_space(bytes[i]) {
                i += 1;
            }
            if i >= n {
                break;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    if i < n && bytes[i] == b'>' {
                        self_closing = true;
                    }
                    continue;
                }
                _ => {}
            }
            let an_start = i;
            while i < n && !is_space(bytes[i]) && bytes[i] != b'>' && bytes[i] != b'=' {
                if bytes[i] == b'/' && i + 1 < n && bytes[i + 1] == b'>' {
                    break;
                }
                i += 1;
            }
            let an_end = i;
            if an_end == an_start {
                i += 1;
                continue;
            }
            while i < n && is_space(bytes[i]) {
                i += 1;
            }
            let mut value: (usize, usize) = (0, 0);
            let mut has_value = false;
            if i < n && bytes[i] == b'=' {
                i += 1;
                while i < n && is_space(bytes[i]) {
                    i += 1;
                }
                if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    let vs = i + 1;
                    let ve = memchr::memchr(q, &bytes[vs..]).map_or(n, |o| vs + o);
                    value = (vs, ve);
                    i = (ve + 1).min(n);
                } else {
                    let vs = i;
                    while i < n && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = (vs, i);
                }
                has_value = true;
            }
            if is_end {
                continue;
            }
            let name = match lower_name(&bytes[an_start..an_end], &mut name_buf) {
                Some(len) => AttrName::from_lower(&name_buf[..len]),
                None => None,
            };
            if let Some(name) = name {
                let start = b.dom.pool.len() as u32;
                if has_value {
                    // Values are sliced at ASCII quote/space bytes, so they are char boundaries.
                    let raw = &html[value.0..value.1];
                    decode_entities_into(raw, &mut b.dom.pool);
                }
                let end = b.dom.pool.len() as u32;
                b.dom.attrs.push(Attr { name, start, end });
            }
        }
        pos = i;
        if is_end {
            if tag != Tag::Other || i - name_start > 0 {
                b.end_tag(tag);
            }
            continue;
        }
        let attrs = (attr_start, b.dom.attrs.len() as u32);
        if matches!(tag, Tag::Html | Tag::Body | Tag::Head) && b.dom.find_open(tag, &b.stack) {
            continue;
        }
        if tag.is_raw_text() && !self_closing {
            let close: &[u8] = match tag {
                Tag::Script => b"</script",
                Tag::Style => b"</style",
                Tag::Noscript => b"</noscript",
                Tag::Template => b"</template",
                Tag::Xmp => b"</xmp",
                Tag::Iframe => b"</iframe",
                Tag::Noframes => b"</noframes",
                Tag::Textarea => b"</textarea",
                _ => b"</title",
            };
            let end = find_ci(bytes, pos, close).unwrap_or(n);
            let content = &html[pos..end];
            let id = b.start_tag(tag, attrs);
            match tag {
                Tag::Title if b.dom.title.is_none() => {
                    let mut t = String::new();
                    decode_entities_into(content, &mut t);
                    b.dom.title = Some(t);
                }
                Tag::Script
                    if b.dom
                        .attr(id, AttrName::Type)
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    b.dom.json_ld.push(content.to_string());
                }
                _ => {}
            }
            if b.stack.last().is_some_and(|s| s.0 == id) {
                b.stack.pop();
            } else if b.flattened > 0 {
                b.flattened -= 1;
            }
            pos = memchr::memchr(b'>', &bytes[end.min(n)..]).map_or(n, |o| end + o + 1);
            continue;
        }
        let id = b.start_tag(tag, attrs);
        if self_closing && (tag == Tag::Other || tag == Tag::Svg || tag == Tag::Math) {
            if b.stack.last().is_some_and(|s| s.0 == id) {
                b.stack.pop();
            } else if b.flattened > 0 {
                b.flattened -= 1;
            }
        }
    }
    b.dom
}

impl Dom {
    fn find_open(&self, tag: Tag, stack: &[(u32, Tag)]) -> bool {
        stack.iter().any(|s| s.1 == tag)
            || (tag != Tag::Html && self.nodes.len() > 1 && self.find(tag).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(d: &Dom) -> Vec<String> {
        (0..d.nodes.len() as u32)
            .filter(|&i| matches!(d.nodes[i as usize].kind, NodeKind::Text { .. }))
            .map(|i| d.text(i).to_string())
            .collect()
    }

    #[test]
    fn parses_basic_tree_and_entities() {
        let d = parse("<html><head><title>A &amp; B</title></head><body><p class=x>Hi&nbsp;there &#8217;s<p>Two</body></html>");
        assert_eq!(d.title.as_deref(), Some("A & B"));
        assert_eq!(texts(&d), vec!["Hi\u{a0}there \u{2019}s", "Two"]);
        let ps: Vec<u32> = (0..d.nodes.len() as u32)
            .filter(|&i| d.tag(i) == Some(Tag::P))
            .collect();
        assert_eq!(ps.len(), 2);
        // The second <p> closed the first: they are siblings.
        assert_eq!(
            d.nodes[ps[0] as usize].parent,
            d.nodes[ps[1] as usize].parent
        );
        assert_eq!(d.attr(ps[0], AttrName::Class), Some("x"));
    }

    #[test]
    fn raw_text_and_comments() {
        let d = parse(
            "<p>a<script>if (a<b) { x = '</p>'; }</script>b<!-- c <p> -->d</p><style>p{}</style>",
        );
        assert_eq!(texts(&d), vec!["a", "bd"]);
    }

    #[test]
    fn json_ld_is_kept() {
        let d = parse(r#"<script type="application/ld+json">{"a":1}</script>"#);
        assert_eq!(d.json_ld, vec![r#"{"a":1}"#.to_string()]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut s = String::new();
        for _ in 0..100_000 {
            s.push_str("<div>");
        }
        s.push_str("deep");
        for _ in 0..100_000 {
            s.push_str("</div>");
        }
        let d = parse(&s);
        assert_eq!(d.text_content(0), "deep");
        assert_eq!(d.descendants(0).count(), 100_002);
    }

    #[test]
    fn broken_markup_is_tolerated() {
        let d = parse("<div><p>one<li>two</div></span>< three <a href='x'>four<a>five</a></p");
        assert_eq!(d.text_content(0), "onetwo< three fourfive");
    }

    #[test]
    fn lists_and_tables_close_implicitly() {
        let d = parse("<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>");
        let lis = (0..d.nodes.len() as u32).filter(|&i| d.tag(i) == Some(Tag::Li));
        for li in lis {
            assert_eq!(d.tag(d.nodes[li as usize].parent), Some(Tag::Ul));
        }
        let tds: Vec<u32> = (0..d.nodes.len() as u32)
            .filter(|&i| d.tag(i) == Some(Tag::Td))
            .collect();
        assert_eq!(tds.len(), 3);
        for td in tds {
            assert_eq!(d.tag(d.nodes[td as usize].parent), Some(Tag::Tr));
        }
    }
}
