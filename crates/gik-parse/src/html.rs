//! HTML pages: the report's tables through their cell structure, the prose from the text.
//!
//! The page is parsed by `html5ever` (the WHATWG parsing algorithm, so broken
//! markup recovers the way a browser's does) into a small arena that remembers
//! the source line of every element and text run. Then one walk produces the
//! [`Grid`]:
//!
//! - block-level elements (`p`, `div`, `br`, `h1`–`h6`, `li`, `tr`, …) end a prose line;
//!   inline elements (`span`, `font`, `b`, …) do not, so a label split over
//!   several `<span>`s comes out whole;
//! - `script`, `style`, `head`, `nav`, form controls and hidden elements are dropped,
//!   except the `<meta name="ArticleTitle">` government sites carry, read as the
//!   first prose line (the report's title when the body shows none);
//! - a *data table* (at least one row of two cells, and no such table inside it) becomes
//!   [`Block::Row`]s: `rowspan`/`colspan` are laid out as
//!   a browser would, a merged cell appears once in the first row/column it covers
//!   and the other positions it covers are empty shadow cells ([`GridCell::merged`]);
//! - a *layout table* (one that holds data tables, or a single column) is read as
//!   blocks: its cells' text as prose lines, its inner tables as tables, so no
//!   text is read twice.
//!
//! Inside a cell, the pieces of text separated by `<br>` or paragraphs are joined
//! with nothing between them when either side is CJK (`商业<br>企业` → `商业企业`)
//! and with a space otherwise (`12<br>3` → `12 3`). Source line breaks inside a
//! text run follow the same rule; `&nbsp;` around a cell's text is trimmed, so a
//! cell holding only `&nbsp;` is empty.
//!
//! A page saved as MHTML (`.mht`) is read through its `text/html` part. A page
//! nested more than 1000 deep or larger than 32 MiB is read as flat prose by the
//! tokenizer alone (linear time and memory); merged cells may cover at most a
//! million positions per page. See `docs/input-formats.md`.

use crate::grid::{Block, Grid, GridCell};
use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, Namespace, ParseOpts, QualName};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas", "select",
    "option", "button", "input", "textarea", "nav", "audio", "video", "map",
    // Ruby annotations: 報<rt>bào</rt>告 reads 報告.
    "rt", "rp",
];

/// Elements that end a line of prose (and separate the pieces of a cell's text).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "body",
    "html",
];

/// Tags that count as evidence of markup in [`looks_like_html`].
const KNOWN_TAGS: &[&str] = &[
    "a", "b", "body", "br", "center", "div", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "html",
    "i", "img", "li", "meta", "ol", "p", "section", "span", "strong", "table", "tbody", "td", "th", "thead", "title",
    "tr", "u", "ul",
];

/// Widest table laid out; cells beyond it are dropped (the template's tables have
/// at most ten columns; this bounds memory against absurd `colspan`s).
const MAX_COLUMNS: usize = 200;
/// Deepest element nesting walked structurally; deeper content is read as flat text.
const MAX_DEPTH: usize = 256;

/// Does this text look like an HTML document or fragment?
///
/// True for a document (`<!DOCTYPE html>`, `<html>`), a table fragment
/// (`<table>` with `<td>`/`<th>`), or a fragment of several known tags with at
/// least one closing tag (`<p>…</p><p>…</p>`). Plain text that merely holds `<`
/// characters (`数量<5`, `<http://…>`) is not HTML.
///
/// ```
/// use gik_parse::html::looks_like_html;
/// assert!(looks_like_html("<table><tr><td>一、本年新收</td><td>3</td></tr></table>"));
/// assert!(looks_like_html("<p>一、总体情况</p>\n<p>二、主动公开</p>"));
/// assert!(!looks_like_html("本年新收申请数量<5件，见<条例>第二十条。"));
/// ```
pub fn looks_like_html(text: &str) -> bool {
    if mhtml::is_mhtml(text) {
        return true;
    }
    let head = prefix(text, 64 * 1024);
    // no tag at all: nothing below can count one
    if !head.contains('<') {
        return false;
    }
    let (mut opens, mut closes) = (0usize, 0usize);
    let (mut table, mut cell) = (false, false);
    let (mut lines, mut tagged_lines) = (0usize, 0usize);
    for line in head.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        let mut tagged = false;
        let mut rest = line;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let lower: String = rest.chars().take(16).flat_map(char::to_lowercase).collect();
            if lower.starts_with("!doctype html") {
                return true;
            }
            let (closing, name_part) = match lower.strip_prefix('/') {
                Some(n) => (true, n),
                None => (false, lower.as_str()),
            };
            let name: String = name_part.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            // A tag name ends at `>`, `/`, whitespace, or the end of the line.
            let after = name_part[name.len()..].chars().next();
            if !matches!(after, None | Some('>' | '/' | ' ' | '\t')) || !KNOWN_TAGS.contains(&name.as_str()) {
                continue;
            }
            if name == "html" && !closing {
                return true;
            }
            tagged = true;
            table |= name == "table";
            cell |= name == "td" || name == "th";
            if closing {
                closes += 1;
            } else {
                opens += 1;
            }
        }
        tagged_lines += usize::from(tagged);
    }
    // A fragment: markup on most lines, not a stray tag or two in a text file
    // (whose tab-separated rows would be lost if read as HTML).
    let dense = tagged_lines * 4 >= lines;
    (table && cell) || (opens + closes >= 3 && closes >= 1 && dense)
}

/// Read an HTML page (or fragment) into the grid.
///
/// ```
/// use gik_parse::grid::Block;
/// let g = gik_parse::html::read("<p>一、总体情况</p><table><tr><td rowspan=2>商业<br>企业</td><td>3</td></tr><tr><td>4</td></tr></table>");
/// assert_eq!(g.layouts, ["html-table"]);
/// let rows: Vec<Vec<&str>> = g.blocks.iter().filter_map(|b| match b {
///     Block::Row { cells, .. } => Some(cells.iter().map(|c| c.text.as_ref()).collect()),
///     _ => None,
/// }).collect();
/// assert_eq!(rows, [vec!["商业企业", "3"], vec!["", "4"]]);
/// ```
pub fn read(text: &str) -> Grid<'static> {
    if mhtml::is_mhtml(text) {
        if let Some(page) = mhtml::html_part(text) {
            if !mhtml::is_mhtml(&page) {
                return read(&page);
            }
        }
    }
    let probe = probe(text);
    if probe.max_depth.get() > MAX_NESTING || text.len() > MAX_TREE_BYTES {
        // The tree builder's time grows with nesting depth times tokens, and a
        // tree takes many times the memory of its text; a page nested this deep
        // or this large is not a report's layout, so read its text flat.
        let mut lines = probe.lines.into_inner();
        lines.end_line();
        let mut grid = Grid::default();
        for (text, line) in lines.done {
            grid.text(text, line);
        }
        return grid;
    }
    let dom = html5ever::parse_document(Dom::new(), ParseOpts::default()).one(StrTendril::from(text));
    let nodes = dom.nodes.into_inner();
    let (wide, holds_wide) = table_shapes(&nodes);
    let mut walker = Walker {
        nodes: &nodes,
        wide,
        holds_wide,
        span_budget: MAX_SPAN_CELLS,
        out: Lines::default(),
        grid: Grid::default(),
    };
    walker.walk(0, 0);
    walker.finish()
}

// ---------------------------------------------------------------------------
// Saved web pages in one file (MHTML: `.mht`, `.mhtml`): a MIME message whose
// `text/html` part is the page, usually quoted-printable or base64.

mod mhtml {
    use super::prefix;

    /// A MIME message with a multipart/related body (how browsers save a page with its images).
    pub fn is_mhtml(text: &str) -> bool {
        let head = prefix(text.trim_start_matches('\u{feff}').trim_start(), 4096).to_ascii_lowercase();
        let headers = head.split("\n\n").next().unwrap_or("").split("\r\n\r\n").next().unwrap_or("");
        headers.contains("mime-version:") && headers.contains("multipart/related")
    }

    /// The first `text/html` part, decoded (transfer encoding, then charset).
    pub fn html_part(text: &str) -> Option<String> {
        let boundary = param(text, "boundary")?;
        let delimiter = format!("--{boundary}");
        for part in text.split(delimiter.as_str()).skip(1) {
            let part = part.strip_prefix("\r\n").or_else(|| part.strip_prefix('\n')).unwrap_or(part);
            let Some((headers, body)) = split_headers(part) else { continue };
            let lower = unfold(headers).to_ascii_lowercase();
            let content_type = header(&lower, "content-type").unwrap_or_default();
            if !content_type.starts_with("text/html") {
                continue;
            }
            let bytes = match header(&lower, "content-transfer-encoding").as_deref() {
                Some("quoted-printable") => quoted_printable(body),
                Some("base64") => base64(body)?,
                _ => return Some(body.to_string()),
            };
            // The part's charset is a hint, as a page's <meta charset> is:
            // bytes that contradict it are read as what they are.
            let label = param(&unfold(headers), "charset");
            if let Ok(d) = crate::decode::decode_declared(&bytes, label.as_deref()) {
                return Some(d.text);
            }
            let encoding = encoding_rs::Encoding::for_label(label.unwrap_or_default().as_bytes()).unwrap_or(encoding_rs::UTF_8);
            let (decoded, _, _) = encoding.decode(&bytes);
            return Some(decoded.into_owned());
        }
        None
    }

    fn split_headers(part: &str) -> Option<(&str, &str)> {
        [("\r\n\r\n", 4), ("\n\n", 2)]
            .iter()
            .filter_map(|(sep, n)| part.find(sep).map(|i| (i, *n)))
            .min()
            .map(|(i, n)| (&part[..i], &part[i + n..]))
    }

    /// Header lines with their continuation lines joined.
    fn unfold(headers: &str) -> String {
        headers.replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", " ")
    }

    /// A header's value, up to its first `;`, trimmed (lowercase input).
    fn header(lower: &str, name: &str) -> Option<String> {
        let line = lower.lines().find(|l| l.starts_with(name) && l[name.len()..].trim_start().starts_with(':'))?;
        let value = &line[line.find(':')? + 1..];
        Some(value.split(';').next().unwrap_or("").trim().to_string())
    }

    /// A `name=value` or `name="value"` parameter, from the first headers that have it.
    fn param(text: &str, name: &str) -> Option<String> {
        let head = prefix(text, 64 * 1024);
        let lower = head.to_ascii_lowercase();
        let i = lower.find(&format!("{name}="))? + name.len() + 1;
        let rest = &head[i..];
        let value = match rest.strip_prefix('"') {
            Some(q) => &q[..q.find('"')?],
            None => rest.split(|c: char| c == ';' || c.is_whitespace()).next().unwrap_or(""),
        };
        (!value.is_empty()).then(|| value.to_string())
    }

    fn quoted_printable(body: &str) -> Vec<u8> {
        let b = body.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' {
                let hex = |c: u8| (c as char).to_digit(16);
                match (b.get(i + 1), b.get(i + 2)) {
                    (Some(b'\r'), Some(b'\n')) => i += 3,
                    (Some(b'\n'), _) => i += 2,
                    (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                        out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        out
    }

    fn base64(body: &str) -> Option<Vec<u8>> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        };
        let mut out = Vec::with_capacity(body.len() * 3 / 4);
        let (mut acc, mut bits) = (0u32, 0u32);
        for &c in body.as_bytes() {
            if c == b'=' {
                break;
            }
            let Some(v) = value(c) else {
                if c.is_ascii_whitespace() {
                    continue;
                }
                return None;
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Some(out)
    }
}

// ---------------------------------------------------------------------------
// A first pass with the tokenizer alone (linear time): how deep the markup
// nests, and the text as flat lines in case it nests too deep to build a tree.

/// Elements whose end tag is required (not closed implicitly by a sibling), so
/// that counting them estimates the depth of the tree.
const NESTING: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "center",
    "div",
    "em",
    "font",
    "i",
    "ol",
    "section",
    "article",
    "span",
    "strong",
    "table",
    "u",
    "ul",
];
/// Largest page given to the tree builder; larger ones are read as flat prose.
const MAX_TREE_BYTES: usize = 32 * 1024 * 1024;
/// Positions of a page that merged cells may cover besides their own: bounds the
/// grid a few bytes of `rowspan`/`colspan` can ask for. Past it, spans count as 1.
const MAX_SPAN_CELLS: usize = 1_000_000;

/// Deepest nesting of [`NESTING`] elements given to the tree builder.
const MAX_NESTING: usize = 1000;

#[derive(Default)]
struct Probe {
    open: RefCell<Vec<LocalName>>,
    max_depth: Cell<usize>,
    /// Inside `script`/`style`/… whose text is not report text.
    raw: Cell<bool>,
    lines: RefCell<Lines>,
}

impl html5ever::tokenizer::TokenSink for Probe {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        match token {
            Token::CharacterTokens(t) if !self.raw.get() => self.lines.borrow_mut().push(&t, line),
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                if BLOCKS.contains(&name) {
                    self.lines.borrow_mut().end_line();
                }
                match tag.kind {
                    TagKind::StartTag => {
                        let raw = match name {
                            "script" => Some(RawKind::ScriptData),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
                            "title" | "textarea" => Some(RawKind::Rcdata),
                            _ => None,
                        };
                        if let Some(kind) = raw {
                            self.raw.set(true);
                            return TokenSinkResult::RawData(kind);
                        }
                        if NESTING.contains(&name) && !tag.self_closing {
                            let mut open = self.open.borrow_mut();
                            open.push(tag.name.clone());
                            self.max_depth.set(self.max_depth.get().max(open.len()));
                        }
                    }
                    TagKind::EndTag => {
                        self.raw.set(false);
                        let mut open = self.open.borrow_mut();
                        let from = open.len().saturating_sub(8);
                        if let Some(i) = open[from..].iter().rposition(|n| *n == tag.name) {
                            open.truncate(from + i);
                        }
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn probe(text: &str) -> Probe {
    let tokenizer = html5ever::tokenizer::Tokenizer::new(Probe::default(), Default::default());
    let input = html5ever::tokenizer::BufferQueue::default();
    input.push_back(StrTendril::from(text));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// The first `max` bytes of `s`, cut at a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

// ---------------------------------------------------------------------------
// The arena the tree builder writes into.

enum Kind {
    Document,
    Element { name: QualName, attrs: Vec<Attribute>, template: Option<usize>, mathml_point: bool },
    Text(StrTendril),
    Other,
}

struct Node {
    parent: Option<usize>,
    children: Vec<usize>,
    kind: Kind,
    line: u32,
}

struct Dom {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u32>,
}

impl Dom {
    fn new() -> Dom {
        let doc = Node { parent: None, children: Vec::new(), kind: Kind::Document, line: 1 };
        Dom { nodes: RefCell::new(vec![doc]), line: Cell::new(1) }
    }

    fn push(&self, kind: Kind) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node { parent: None, children: Vec::new(), kind, line: self.line.get() });
        nodes.len() - 1
    }

    fn detach(nodes: &mut [Node], child: usize) {
        if let Some(p) = nodes.get(child).and_then(|n| n.parent) {
            if let Some(parent) = nodes.get_mut(p) {
                parent.children.retain(|&c| c != child);
            }
        }
        if let Some(n) = nodes.get_mut(child) {
            n.parent = None;
        }
    }

    /// Insert `child` into `parent`'s children at `index` (the end when `None`),
    /// merging text into a neighbouring text node as the tree builder expects.
    fn insert(&self, parent: usize, index: Option<usize>, child: NodeOrText<usize>) {
        let line = self.line.get();
        let mut nodes = self.nodes.borrow_mut();
        let Some(len) = nodes.get(parent).map(|p| p.children.len()) else { return };
        let at = index.unwrap_or(len).min(len);
        let id = match child {
            NodeOrText::AppendText(text) => {
                let prev = if at > 0 { nodes[parent].children.get(at - 1).copied() } else { None };
                if let Some(Node { kind: Kind::Text(t), .. }) = prev.and_then(|p| nodes.get_mut(p)) {
                    t.push_tendril(&text);
                    return;
                }
                nodes.push(Node { parent: None, children: Vec::new(), kind: Kind::Text(text), line });
                nodes.len() - 1
            }
            NodeOrText::AppendNode(id) => {
                if id >= nodes.len() || id == parent {
                    return;
                }
                Dom::detach(&mut nodes, id);
                id
            }
        };
        let at = at.min(nodes[parent].children.len());
        nodes[parent].children.insert(at, id);
        nodes[id].parent = Some(parent);
    }
}

/// An element's name, owned, so that no borrow of the arena outlives a call.
#[derive(Debug)]
struct Name {
    ns: Namespace,
    local: LocalName,
}

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.local
    }
}

impl TreeSink for Dom {
    type Handle = usize;
    type Output = Dom;
    type ElemName<'a> = Name;

    fn finish(self) -> Dom {
        self
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> usize {
        0
    }
    fn elem_name<'a>(&'a self, target: &'a usize) -> Name {
        match self.nodes.borrow().get(*target).map(|n| &n.kind) {
            Some(Kind::Element { name, .. }) => Name { ns: name.ns.clone(), local: name.local.clone() },
            _ => Name { ns: Namespace::from(""), local: LocalName::from("") },
        }
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let template = flags.template.then(|| self.push(Kind::Document));
        self.push(Kind::Element { name, attrs, template, mathml_point: flags.mathml_annotation_xml_integration_point })
    }
    fn create_comment(&self, _text: StrTendril) -> usize {
        self.push(Kind::Other)
    }
    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.push(Kind::Other)
    }
    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.insert(*parent, None, child);
    }
    fn append_based_on_parent_node(&self, element: &usize, prev_element: &usize, child: NodeOrText<usize>) {
        let has_parent = self.nodes.borrow().get(*element).is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }
    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}
    fn get_template_contents(&self, target: &usize) -> usize {
        match self.nodes.borrow().get(*target).map(|n| &n.kind) {
            Some(Kind::Element { template: Some(t), .. }) => *t,
            _ => *target,
        }
    }
    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, _mode: QuirksMode) {}
    fn append_before_sibling(&self, sibling: &usize, child: NodeOrText<usize>) {
        let place = {
            let nodes = self.nodes.borrow();
            nodes
                .get(*sibling)
                .and_then(|n| n.parent)
                .and_then(|p| nodes.get(p).and_then(|pn| pn.children.iter().position(|c| c == sibling)).map(|i| (p, i)))
        };
        if let Some((parent, i)) = place {
            self.insert(parent, Some(i), child);
        }
    }
    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Some(Node { kind: Kind::Element { attrs: existing, .. }, .. }) = self.nodes.borrow_mut().get_mut(*target)
        {
            for a in attrs {
                if !existing.iter().any(|e| e.name == a.name) {
                    existing.push(a);
                }
            }
        }
    }
    fn remove_from_parent(&self, target: &usize) {
        Dom::detach(&mut self.nodes.borrow_mut(), *target);
    }
    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut nodes = self.nodes.borrow_mut();
        if *node == *new_parent || *new_parent >= nodes.len() {
            return;
        }
        let Some(children) = nodes.get_mut(*node).map(|n| std::mem::take(&mut n.children)) else { return };
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &usize) -> bool {
        matches!(self.nodes.borrow().get(*handle).map(|n| &n.kind), Some(Kind::Element { mathml_point: true, .. }))
    }
    fn set_current_line(&self, line_number: u64) {
        self.line.set(u32::try_from(line_number).unwrap_or(u32::MAX));
    }
}

// ---------------------------------------------------------------------------
// From the arena to the grid.

/// Text being gathered into lines (prose) or into one cell.
#[derive(Default)]
struct Lines {
    /// Raw text of the current line, whitespace not yet collapsed.
    buf: String,
    /// Source line of the first visible text in `buf`.
    line: Option<u32>,
    /// Finished lines.
    done: Vec<(String, u32)>,
}

impl Lines {
    fn push(&mut self, text: &str, line: u32) {
        if self.line.is_none() && !text.chars().all(is_blank) {
            self.line = Some(line);
        }
        self.buf.push_str(text);
    }
    /// End the current line; returns it when it holds visible text.
    fn end_line(&mut self) {
        let text = collapse(&std::mem::take(&mut self.buf));
        if let (false, Some(line)) = (text.is_empty(), self.line.take()) {
            self.done.push((text, line));
        }
        self.line = None;
    }
}

struct Walker<'a> {
    nodes: &'a [Node],
    /// Per node: a table with a row of two cells or more.
    wide: Vec<bool>,
    /// Per node: some table strictly inside it is wide.
    holds_wide: Vec<bool>,
    /// What is left of [`MAX_SPAN_CELLS`].
    span_budget: usize,
    /// Prose not yet moved into the grid.
    out: Lines,
    grid: Grid<'static>,
}

impl<'a> Walker<'a> {
    fn finish(mut self) -> Grid<'static> {
        self.flush();
        self.grid
    }

    /// Move finished prose lines into the grid.
    fn flush(&mut self) {
        self.out.end_line();
        for (text, line) in self.out.done.drain(..) {
            self.grid.text(text, line);
        }
    }

    fn element(&self, id: usize) -> Option<(&'a QualName, &'a [Attribute])> {
        let nodes: &'a [Node] = self.nodes;
        match &nodes.get(id)?.kind {
            Kind::Element { name, attrs, .. } => Some((name, attrs)),
            _ => None,
        }
    }

    fn tag(&self, id: usize) -> &'a str {
        self.element(id).map(|(n, _)| &*n.local).unwrap_or("")
    }

    fn children(&self, id: usize) -> &'a [usize] {
        let nodes: &'a [Node] = self.nodes;
        nodes.get(id).map(|n| n.children.as_slice()).unwrap_or(&[])
    }

    fn line(&self, id: usize) -> u32 {
        self.nodes.get(id).map(|n| n.line).unwrap_or(1)
    }

    fn skipped(&self, id: usize) -> bool {
        let Some((name, attrs)) = self.element(id) else { return false };
        if SKIPPED.contains(&&*name.local) {
            return true;
        }
        attrs.iter().any(|a| match &*a.name.local {
            "hidden" => true,
            "style" => style_hides(&a.value),
            _ => false,
        })
    }

    /// Walk `id` writing prose into `self.out` and tables into the grid.
    fn walk(&mut self, id: usize, depth: usize) {
        let nodes: &'a [Node] = self.nodes;
        let Some(node) = nodes.get(id) else { return };
        match &node.kind {
            Kind::Text(t) => self.out.push(t, node.line),
            Kind::Other => {}
            Kind::Document => {
                for &c in self.children(id) {
                    self.walk(c, depth + 1);
                }
            }
            Kind::Element { .. } => {
                if self.tag(id) == "head" {
                    self.article_title(id);
                    return;
                }
                if self.skipped(id) {
                    return;
                }
                if depth > MAX_DEPTH {
                    let mut lines = std::mem::take(&mut self.out);
                    self.flat_text(id, &mut lines);
                    self.out = lines;
                    return;
                }
                let tag = self.tag(id);
                if tag == "table" && self.is_data_table(id) {
                    self.flush();
                    self.data_table(id);
                    return;
                }
                let block = BLOCKS.contains(&tag);
                if block {
                    self.out.end_line();
                }
                if tag == "pre" {
                    self.pre(id);
                } else {
                    for &c in self.children(id) {
                        self.walk(c, depth + 1);
                    }
                }
                if block {
                    self.out.end_line();
                }
            }
        }
    }

    /// The page's `<meta name="ArticleTitle" content="…">`, as the first prose line.
    ///
    /// Government sites carry the article's own title there (the `<title>` adds
    /// the column and site names); it is the report's title when the body shows
    /// none (or shows it as an image). The rest of `head` is not report text.
    fn article_title(&mut self, head: usize) {
        for &c in self.children(head) {
            let Some((name, attrs)) = self.element(c) else { continue };
            let attr = |k: &str| attrs.iter().find(|a| &*a.name.local == k).map(|a| a.value.trim());
            if &*name.local == "meta" && attr("name").is_some_and(|n| n.eq_ignore_ascii_case("ArticleTitle")) {
                if let Some(title) = attr("content").filter(|t| !t.is_empty()) {
                    self.out.end_line();
                    self.out.push(title, self.line(c));
                    self.out.end_line();
                }
                return;
            }
        }
    }

    /// Preformatted text: its line breaks are line breaks.
    fn pre(&mut self, id: usize) {
        let start = self.line(id);
        let mut text = String::new();
        self.raw_text(id, &mut text);
        for (i, l) in text.split('\n').enumerate() {
            self.out.push(l, start.saturating_add(i as u32));
            self.out.end_line();
        }
    }

    /// All visible text under `id`, without structure, iteratively (for deep trees).
    fn raw_text(&self, id: usize, into: &mut String) {
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match self.nodes.get(n).map(|n| &n.kind) {
                Some(Kind::Text(t)) => into.push_str(t),
                Some(Kind::Element { .. }) if self.skipped(n) => {}
                Some(Kind::Element { name, .. }) if &*name.local == "br" => into.push('\n'),
                _ => stack.extend(self.children(n).iter().rev()),
            }
        }
    }

    /// Text under `id` into `lines`, block elements ending lines, iteratively.
    fn flat_text(&self, id: usize, lines: &mut Lines) {
        enum Step {
            Enter(usize),
            Leave,
        }
        let mut stack = vec![Step::Enter(id)];
        while let Some(step) = stack.pop() {
            let n = match step {
                Step::Leave => {
                    lines.end_line();
                    continue;
                }
                Step::Enter(n) => n,
            };
            match self.nodes.get(n).map(|x| &x.kind) {
                Some(Kind::Text(t)) => lines.push(t, self.line(n)),
                Some(Kind::Element { .. }) if self.skipped(n) => {}
                Some(Kind::Element { name, .. }) => {
                    let block = BLOCKS.contains(&&*name.local);
                    if block {
                        lines.end_line();
                        stack.push(Step::Leave);
                    }
                    stack.extend(self.children(n).iter().rev().map(|&c| Step::Enter(c)));
                }
                _ => stack.extend(self.children(n).iter().rev().map(|&c| Step::Enter(c))),
            }
        }
    }

    /// The rows of a table: its `tr`s, directly or inside `thead`/`tbody`/`tfoot`
    /// (not those of tables nested inside it).
    fn rows(&self, table: usize) -> Vec<usize> {
        let mut rows = Vec::new();
        for &c in self.children(table) {
            match self.tag(c) {
                "tr" => rows.push(c),
                "thead" | "tbody" | "tfoot" => {
                    rows.extend(self.children(c).iter().copied().filter(|&r| self.tag(r) == "tr"))
                }
                _ => {}
            }
        }
        rows
    }

    fn cells(&self, row: usize) -> Vec<usize> {
        self.children(row).iter().copied().filter(|&c| matches!(self.tag(c), "td" | "th")).collect()
    }

    /// A table of data, as opposed to one used for page layout: some row with two
    /// cells or more, and no such table inside it (single-cell tables some editors
    /// wrap around a cell's text do not count).
    fn is_data_table(&self, table: usize) -> bool {
        self.wide.get(table).copied().unwrap_or(false) && !self.holds_wide.get(table).copied().unwrap_or(false)
    }

    /// Lay a data table out into rows, honouring `rowspan` and `colspan`.
    fn data_table(&mut self, table: usize) {
        self.grid.layout("html-table");
        let mut caption = Lines::default();
        for &c in self.children(table) {
            if self.tag(c) == "caption" {
                self.flat_text(c, &mut caption);
            }
        }
        caption.end_line();
        for (text, line) in caption.done {
            self.grid.text(text, line);
        }
        let rows = self.rows(table);
        let n = rows.len();
        // slots[r][c]: None = nothing there, Some(cell) = a cell or a covered (empty) position.
        let mut slots: Vec<Vec<Option<GridCell>>> = vec![Vec::new(); n];
        for (r, &tr) in rows.iter().enumerate() {
            let row_line = self.line(tr);
            let mut c = 0usize;
            for td in self.cells(tr) {
                while slots[r].get(c).is_some_and(|s| s.is_some()) {
                    c += 1;
                }
                if c >= MAX_COLUMNS {
                    break;
                }
                let colspan = self.span(td, "colspan").unwrap_or(1).clamp(1, MAX_COLUMNS - c);
                let rows_left = n - r;
                let rowspan = match self.span(td, "rowspan") {
                    Some(0) => rows_left,
                    Some(k) => k.clamp(1, rows_left),
                    None => 1,
                };
                let (colspan, rowspan) = if colspan * rowspan - 1 <= self.span_budget {
                    self.span_budget -= colspan * rowspan - 1;
                    (colspan, rowspan)
                } else {
                    (1, 1)
                };
                let text = self.cell_text(td);
                for (dr, row) in slots[r..r + rowspan].iter_mut().enumerate() {
                    if row.len() < c + colspan {
                        row.resize(c + colspan, None);
                    }
                    let line = if dr == 0 { self.line(td) } else { self.line(rows[r + dr]) };
                    for (dc, slot) in row[c..c + colspan].iter_mut().enumerate() {
                        let t = if dr == 0 && dc == 0 { text.clone() } else { String::new() };
                        let merged = !(dr == 0 && dc == 0);
                        *slot =
                            Some(GridCell { text: t.into(), line: if dr == 0 { line } else { line.max(row_line) }, merged });
                    }
                }
                c += colspan;
            }
        }
        for (r, row) in slots.into_iter().enumerate() {
            let line = self.line(rows[r]);
            let cells: Vec<GridCell> = row.into_iter().map(|s| s.unwrap_or(GridCell::shadow(line))).collect();
            if !cells.is_empty() {
                self.grid.blocks.push(Block::Row { cells, line });
            }
        }
    }

    /// A `rowspan`/`colspan` value, read as browsers do (leading digits).
    fn span(&self, td: usize, attr: &str) -> Option<usize> {
        let (_, attrs) = self.element(td)?;
        let v = attrs.iter().find(|a| &*a.name.local == attr)?;
        let digits: String = v.value.trim().chars().take_while(|c| c.is_ascii_digit()).take(6).collect();
        digits.parse().ok()
    }

    /// A cell's text: its pieces (paragraphs, `<br>` lines) joined, whitespace collapsed.
    fn cell_text(&self, td: usize) -> String {
        let mut lines = Lines::default();
        self.flat_text(td, &mut lines);
        lines.end_line();
        join_pieces(lines.done.iter().map(|(t, _)| t.as_str()))
    }
}

/// Join the pieces of one cell's text (its paragraphs or `<br>` lines): nothing
/// between them when either side is CJK (`商业` + `企业`), a space otherwise
/// (`12` + `3`). Each piece is trimmed; empty pieces vanish.
pub(crate) fn join_pieces<'s>(pieces: impl IntoIterator<Item = &'s str>) -> String {
    let mut out = String::new();
    for piece in pieces {
        let piece = piece.trim_matches(is_blank);
        if let (Some(a), Some(b)) = (out.chars().last(), piece.chars().next()) {
            if !(is_cjk(a) || is_cjk(b)) {
                out.push(' ');
            }
        }
        out.push_str(piece);
    }
    out
}

/// For every node: is it a table with a row of two cells or more (rows of the
/// table itself, directly or in `thead`/`tbody`/`tfoot`), and is there such a
/// table strictly inside it? One pass over the tree, so that deciding data or
/// layout for every table stays linear.
fn table_shapes(nodes: &[Node]) -> (Vec<bool>, Vec<bool>) {
    let name = |id: usize| match nodes.get(id).map(|n| &n.kind) {
        Some(Kind::Element { name, .. }) => &*name.local,
        _ => "",
    };
    let children = |id: usize| nodes.get(id).map(|n| n.children.as_slice()).unwrap_or(&[]);
    let is_cell = |id: usize| matches!(name(id), "td" | "th");
    let wide_row = |tr: usize| children(tr).iter().filter(|&&c| is_cell(c)).count() >= 2;
    let mut wide = vec![false; nodes.len()];
    for (id, w) in wide.iter_mut().enumerate() {
        if name(id) == "table" {
            *w = children(id).iter().any(|&c| match name(c) {
                "tr" => wide_row(c),
                "thead" | "tbody" | "tfoot" => children(c).iter().any(|&r| name(r) == "tr" && wide_row(r)),
                _ => false,
            });
        }
    }
    // Post-order from the document: a node holds a wide table when a child is one or holds one.
    let mut holds = vec![false; nodes.len()];
    let mut stack = vec![(0usize, false)];
    let mut seen = vec![false; nodes.len()];
    while let Some((id, done)) = stack.pop() {
        if done {
            holds[id] = children(id)
                .iter()
                .any(|&c| wide.get(c).copied().unwrap_or(false) || holds.get(c).copied().unwrap_or(false));
            continue;
        }
        if seen.get(id).copied().unwrap_or(true) {
            continue;
        }
        seen[id] = true;
        stack.push((id, true));
        stack.extend(children(id).iter().map(|&c| (c, false)));
    }
    (wide, holds)
}

/// Collapse HTML whitespace: a run becomes one space, or nothing when it holds a
/// line break next to CJK text (source wrapping inside Chinese text); the ends
/// are trimmed, including `&nbsp;`, ideographic and zero-width spaces.
fn collapse(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run: Option<bool> = None; // Some(has_newline) while inside a whitespace run
    for ch in raw.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0c') {
            let nl = matches!(ch, '\n' | '\r');
            run = Some(run.unwrap_or(false) || nl);
            continue;
        }
        if let Some(nl) = run.take() {
            let prev = out.chars().last();
            let joined = nl && (prev.is_some_and(is_cjk) || is_cjk(ch));
            if prev.is_some() && !joined {
                out.push(' ');
            }
        }
        out.push(ch);
    }
    out.trim_matches(is_blank).to_string()
}

pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// CJK ideographs, kana, CJK punctuation and full-width forms: text written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3001..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31BF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF01..=0xFFEF
        | 0x2018..=0x201F | 0x20000..=0x2FA1F)
}

/// A `style` attribute that hides its element (`display:none`, `visibility:hidden`,
/// whatever the case and spacing): its text without whitespace, lowercased, holds
/// one of them. Read around each colon (Word pages carry a long style on every
/// element), without building that text.
fn style_hides(value: &str) -> bool {
    let before = |at: usize, w: &str| {
        value[..at].chars().rev().filter(|c| !c.is_whitespace()).flat_map(|c| c.to_lowercase().rev()).take(w.len()).eq(w.chars().rev())
    };
    let after = |at: usize, w: &str| value[at + 1..].chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).take(w.len()).eq(w.chars());
    value.match_indices(':').any(|(at, _)| (before(at, "display") && after(at, "none")) || (before(at, "visibility") && after(at, "hidden")))
}

#[cfg(test)]
mod tests {
    use super::style_hides;

    #[test]
    fn style_hides_as_unicode_lowercase_without_whitespace() {
        let by_chars = |v: &str| {
            let s: String = v.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        };
        for v in [
            "",
            "display:none",
            "DISPLAY : NONE",
            "mso-hide:all;display:\tno\x0Bne",
            "color:red; visibility:\r\nHidden",
            "visibility:visible;display:block",
            "display:\x1Cnone",
            "font-family:宋体;display: none",
            "dİsplay:none",
            "display:nonE\u{3000}",
            "isplay:none",
            "xdisplay:nonex;a:b",
            "display:non",
            ":none",
            "display:",
            "visibility:hidde",
            "v i s i b i l i t y : h i d d e n",
            "color:red;DisplaY::none",
            "font-family:宋体;mso-ascii-font-family:\u{3000}Times;DİSPLAY:NONE",
            "\u{212A}display:none",
            "visibİlity:hidden",
            "display:None\u{85}",
        ] {
            assert_eq!(style_hides(v), by_chars(v), "{v:?}");
        }
    }
}
