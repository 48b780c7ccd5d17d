//! The grid onto the template: one place for every layout.
//!
//! 1. The grid's blocks become normalised [`Unit`]s (a prose line, or one cell).
//! 2. The six parts are found ([`crate::sections`]); each table is read from its
//!    part's region.
//! 3. A region becomes a sequence of [`Item`]s: label text, numbers, empty cells.
//!    Cells are classified whole (a cell holding only numbers is numbers); prose
//!    lines (PDF columns, one cell per line, glued tables) are split into label
//!    text and digit runs.
//! 4. Row labels are found by their key phrases ([`crate::labels`]); the longest
//!    chain of them in the template's order is kept, so labels out of place
//!    (headers, page-break remnants) are outvoted.
//! 5. The numbers between two chained labels belong to the rows between them,
//!    in order; [`crate::fit`] reads them onto the cells, settling glued digits
//!    and extra cells by the template's arithmetic, first per row, then across
//!    rows (column totals and the balance). Cells on which valid readings
//!    disagree are left empty and flagged.

use crate::fit::{self, How, NumText, Sum, Tok, Token, Val};
use crate::grid::{Block, Grid};
use crate::labels::{self, LabelRow, LabelSet};
use crate::normalize;
use crate::sections::{self, Pos, PARTS};
use crate::{meta, narrative, Error, ErrorKind};
use gik_model::{Cell, CellKind, Decimal, Diagnostic, Report, RowRole, Template, APPLICANT_COLUMNS, REVIEW_GROUPS, REVIEW_OUTCOMES};
use regex::Regex;
use std::sync::LazyLock;

/// A normalised prose line or table cell (a view into [`Units`]).
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// Normalised text.
    pub text: &'a str,
    /// 1-based source line.
    pub line: u32,
    /// A table cell (else a prose line).
    pub cell: bool,
    /// The first cell of its row.
    pub first_cell: bool,
    /// Index of the grid block it came from.
    pub block: usize,
    /// Part of a page crawler's header, not of the report.
    pub crawler: bool,
}

/// Where a unit's text lies in the shared buffer, and what it is: 16 bytes
/// (the three flags in the top bits of `len`).
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
    line: u32,
    block: u32,
}

const CELL: u32 = 1 << 31;
const FIRST_CELL: u32 = 1 << 30;
const CRAWLER_UNIT: u32 = 1 << 29;
const LEN_MASK: u32 = CRAWLER_UNIT - 1;

/// The units of a document: their normalised texts in one buffer, each unit a
/// span of it (a unit costs 16 bytes plus its text, not an allocation of its own).
#[derive(Debug, Clone, Default)]
pub struct Units {
    buf: String,
    spans: Vec<Span>,
    /// The normalised text outgrew what spans address (4 GiB, 512 MiB a unit).
    overflow: bool,
}

impl Units {
    /// The number of units.
    pub fn len(&self) -> usize {
        self.spans.len()
    }
    /// No units at all.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
    fn view(&self, s: &Span) -> Unit<'_> {
        let start = s.start as usize;
        Unit {
            text: &self.buf[start..start + (s.len & LEN_MASK) as usize],
            line: s.line,
            cell: s.len & CELL != 0,
            first_cell: s.len & FIRST_CELL != 0,
            block: s.block as usize,
            crawler: s.len & CRAWLER_UNIT != 0,
        }
    }
    /// The unit at `i`.
    pub fn get(&self, i: usize) -> Option<Unit<'_>> {
        self.spans.get(i).map(|s| self.view(s))
    }
    /// Heap bytes held: the text buffer and the spans (for memory measurements).
    pub fn heap_bytes(&self) -> (usize, usize) {
        (self.buf.capacity(), self.spans.capacity() * std::mem::size_of::<Span>())
    }
    /// The units in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Unit<'_>> + ExactSizeIterator + Clone + '_ {
        self.spans.iter().map(|s| self.view(s))
    }
    /// Append the normalised `text` as a unit when `keep` accepts it; when the
    /// buffer cannot address it, nothing is added and `overflow` is set.
    fn push(&mut self, text: &str, trad: bool, line: u32, block: usize, flags: u32, keep: impl Fn(&str) -> bool) {
        let start = self.buf.len();
        normalize::line_into(text, trad, &mut self.buf);
        let len = self.buf.len() - start;
        let fits = self.buf.len() <= u32::MAX as usize && len <= LEN_MASK as usize && block <= u32::MAX as usize;
        if !fits {
            self.overflow = true;
        }
        if !fits || !keep(&self.buf[start..]) {
            self.buf.truncate(start);
            return;
        }
        self.spans.push(Span { start: start as u32, len: len as u32 | flags, line, block: block as u32 });
    }
}

/// The document as normalised units.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Units in order.
    pub units: Units,
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-—–]+\s*\d{1,4}\s*[-—–]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$").expect("valid regex")
});
static CRAWLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|页面链接|索引号|来源|发文日期|主题分类|成文日期|发布日期|信息来源)\s*[:：]")
        .expect("valid regex")
});

/// `char::is_numeric` (general category Nd, Nl or No), without its table
/// lookup for the CJK unified ideographs U+4E00–U+9FFF, which are all Lo: the
/// first and last characters of most cells and lines are ideographs.
fn numeric(c: char) -> bool {
    !('\u{4E00}'..='\u{9FFF}').contains(&c) && c.is_numeric()
}

/// Can [`PAGE_NUMBER`] match `t`? Its first character after white space
/// (`\s` and `str::trim_start` are both Unicode `White_Space`) is a dash, `第`
/// or a digit (`\d` is a Unicode decimal digit, all of which `is_numeric`):
/// prose lines skip the regex.
fn may_be_page_number(t: &str) -> bool {
    t.trim_start().chars().next().is_some_and(|c| matches!(c, '-' | '—' | '–' | '第') || numeric(c))
}

/// Builds a [`Doc`] from blocks as a reader produces them, so a reader can
/// stream its blocks in without a whole [`Grid`] ever being held. The first
/// blocks (up to 3,000, or 200 KB of text) wait until the script is known
/// (traditional characters are converted when normalising).
#[derive(Default)]
pub struct DocBuilder<'a> {
    pending: Vec<Block<'a>>,
    sample: usize,
    trad: Option<bool>,
    units: Units,
    blocks: usize,
}

impl<'a> DocBuilder<'a> {
    /// A builder for a text of about `bytes` bytes (its normalised text is
    /// reserved at once rather than grown by doubling).
    pub fn with_capacity(bytes: usize) -> DocBuilder<'a> {
        let mut b = DocBuilder::default();
        b.units.buf.reserve(bytes);
        b
    }

    /// Add the next block.
    pub fn push(&mut self, block: Block<'a>) {
        match self.trad {
            Some(trad) => self.normalise(block, trad),
            None => {
                self.sample += match &block {
                    Block::Text { text, .. } => text.len(),
                    Block::Row { cells, .. } => cells.iter().map(|c| c.text.len()).sum(),
                };
                self.pending.push(block);
                if self.pending.len() >= 3000 || self.sample > 200_000 {
                    self.decide();
                }
            }
        }
    }

    /// Add the next block, whose text may not outlive this call (a piece of a
    /// text decoded a piece at a time): normalised at once, or copied while it
    /// waits for the script to be known.
    pub fn push_transient(&mut self, block: Block<'_>) {
        match self.trad {
            Some(trad) => self.normalise(block, trad),
            None => self.push(block.into_owned()),
        }
    }

    /// Tell the script from the blocks held back (their texts counted one
    /// after the other, as [`normalize::is_traditional`] of their
    /// concatenation), then normalise them.
    fn decide(&mut self) {
        let mut tally = normalize::ScriptTally::default();
        for b in &self.pending {
            match b {
                Block::Text { text, .. } => tally.feed(text),
                Block::Row { cells, .. } => cells.iter().for_each(|c| tally.feed(&c.text)),
            }
        }
        let trad = tally.traditional();
        self.trad = Some(trad);
        for b in std::mem::take(&mut self.pending) {
            self.normalise(b, trad);
        }
    }

    fn normalise(&mut self, block: Block<'_>, trad: bool) {
        let bi = self.blocks;
        self.blocks += 1;
        match block {
            Block::Text { text, line } => {
                self.units.push(&text, trad, line, bi, 0, |t| !(may_be_page_number(t) && PAGE_NUMBER.is_match(t) || t.trim().is_empty()));
            }
            Block::Row { cells, .. } => {
                // positions covered by a merged cell are not cells of the source
                for (ci, c) in cells.into_iter().filter(|c| !c.merged).enumerate() {
                    self.units.push(&c.text, trad, c.line, bi, CELL | if ci == 0 { FIRST_CELL } else { 0 }, |_| true);
                }
            }
        }
    }

    /// The document.
    pub fn finish(mut self) -> Doc {
        if self.trad.is_none() {
            self.decide();
        }
        Doc::finished(self.units)
    }
}

impl Doc {
    /// Normalise a grid. The grid is consumed: each block's text is dropped as
    /// soon as it is normalised, so the two are never held whole at once.
    pub fn new(grid: Grid<'_>) -> Doc {
        let mut b = DocBuilder::default();
        for block in grid.blocks {
            b.push(block);
        }
        b.finish()
    }

    fn finished(mut units: Units) -> Doc {
        units.buf.shrink_to_fit();
        units.spans.shrink_to_fit();
        // a page crawler's header: everything before its 正文 marker, or leading `key: value` lines
        let marker = units.iter().take(60).position(|u| u.text.contains("正文") && u.text.contains("===="));
        if let Some(i) = marker {
            for s in &mut units.spans[..=i] {
                s.len |= CRAWLER_UNIT;
            }
        } else {
            let marks: Vec<usize> = units
                .iter()
                .take(20)
                .enumerate()
                .take_while(|(_, u)| CRAWLER.is_match(u.text) || u.text.trim().is_empty())
                .filter(|(_, u)| CRAWLER.is_match(u.text))
                .map(|(i, _)| i)
                .collect();
            for i in marks {
                units.spans[i].len |= CRAWLER_UNIT;
            }
        }
        Doc { units }
    }

    fn end(&self) -> Pos {
        (self.units.len(), 0)
    }
}

/// One item of a table region.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Label text, in [`normalize::label_key`] form, held in [`Items::keys`].
    Text(Key),
    /// A digit run (maybe several glued cells).
    Num(NumText),
    /// An empty cell.
    Blank,
}

/// Where a label key is in [`Items::keys`] (byte range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    start: usize,
    end: usize,
}

#[derive(Debug, Clone)]
struct Item {
    kind: Kind,
    line: u32,
    block: usize,
    /// From a table cell (else from a prose line).
    cell: bool,
    /// The only thing in its cell or line: one cell, never glued digits.
    alone: bool,
    /// A number comes before it in its block (among the region's items).
    num_before: bool,
    /// A number comes after it among the items that follow it in its block.
    num_after: bool,
}

impl Item {
    fn new(kind: Kind, line: u32, block: usize) -> Item {
        Item { kind, line, block, cell: false, alone: false, num_before: false, num_after: false }
    }
}

/// The items of a region, their label keys in one buffer.
#[derive(Debug, Default)]
struct Items {
    list: Vec<Item>,
    /// The label keys of the `Text` items, one after the other.
    keys: String,
    /// A buffer for the label text of a prose line ([`text_items`]).
    scratch: String,
}

impl std::ops::Deref for Items {
    type Target = [Item];
    fn deref(&self) -> &[Item] {
        &self.list
    }
}

impl Items {
    /// The label key of an item (empty for a number or a blank).
    fn key(&self, it: &Item) -> &str {
        match it.kind {
            Kind::Text(k) => &self.keys[k.start..k.end],
            _ => "",
        }
    }
}

static NUMS_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[+-]?\d[\d,]*(?:\.\d+)?(?:\s+[+-]?\d[\d,]*(?:\.\d+)?)*\s*(?:万元|元|件|个|项|次|条|%)?$").expect("valid regex")
});
static LABEL_THEN_NUMS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*\p{Han}[^\d]*?)\s+([+-]?\d[\d,]*(?:\.\d+)?(?:\s+[+-]?\d[\d,]*(?:\.\d+)?)*)$").expect("valid regex"));
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第\s*\d+\s*条|第\s*\(\s*\d+\s*\)\s*项|\(\s*\d{1,2}\s*\)|\d+\s*%|\d+\s*年\s*\d+\s*月(?:\s*\d+\s*日)?").expect("valid regex"));

fn is_blank_marker(t: &str) -> bool {
    matches!(t, "" | "/" | "-" | "—" | "——" | "\\" | "–" | "-/-" | "--" | "——/" | "／")
}

/// Remove thousands separators from a number token, or split it where a comma
/// separates cells; each token to `f`.
fn number_tokens(s: &str, mut f: impl FnMut(NumText)) {
    if !s.contains(',') {
        return f(NumText::from(s));
    }
    let mut parts = s.split(',');
    let first = parts.next().unwrap_or("").trim_start_matches(['-', '+']);
    let n = s.split(',').count();
    let grouped = first.len() <= 3
        && !first.starts_with('0')
        && parts.enumerate().all(|(i, p)| {
            let int = if i == n - 2 { p.split('.').next().unwrap_or("") } else { p };
            int.len() == 3 && int.bytes().all(|b| b.is_ascii_digit())
        });
    if grouped {
        f(NumText::without(s, b','))
    } else {
        s.split(',').filter(|p| !p.is_empty()).for_each(|p| f(NumText::from(p)))
    }
}

fn push_nums(out: &mut Items, s: &str, line: u32, block: usize) {
    for w in s.split_whitespace() {
        number_tokens(w, |t| out.list.push(Item::new(Kind::Num(t), line, block)));
    }
}

fn push_text(out: &mut Items, s: &str, line: u32, block: usize) {
    let start = out.keys.len();
    normalize::push_label_key(s, &mut out.keys);
    if out.keys.len() > start {
        out.list.push(Item::new(Kind::Text(Key { start, end: out.keys.len() }), line, block));
    }
}

/// Can `NUMS_CELL` match `t`? It starts with a sign or a digit (`\d` is any
/// Unicode decimal digit, all of which `is_numeric`).
fn may_be_nums_cell(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c == '+' || c == '-' || numeric(c))
}

/// Can `LABEL_THEN_NUMS` match `t`? It ends with a digit or a comma.
fn may_be_label_then_nums(t: &str) -> bool {
    t.chars().next_back().is_some_and(|c| c == ',' || numeric(c))
}

/// Items of a table cell: blank, numbers, label, or a label followed by numbers.
fn cell_items(text: &str, line: u32, block: usize, out: &mut Items) {
    let t = text.trim();
    if is_blank_marker(t) {
        out.list.push(Item::new(Kind::Blank, line, block));
    } else if t.bytes().all(|b| b.is_ascii_digit()) {
        // (what NUMS_CELL matches first of all): one token, as `push_nums` reads it
        out.list.push(Item::new(Kind::Num(NumText::from(t)), line, block));
    } else if may_be_nums_cell(t) && NUMS_CELL.is_match(t) {
        let t = t.trim_end_matches(|c: char| !c.is_ascii_digit());
        push_nums(out, t, line, block);
    } else if let Some(m) = may_be_label_then_nums(t).then(|| LABEL_THEN_NUMS.captures(t)).flatten() {
        push_text(out, &m[1], line, block);
        push_nums(out, &m[2], line, block);
    } else {
        push_text(out, t, line, block);
    }
}

/// Items of a prose line: label text and digit runs (numbering like `2.` and
/// article references like `第20条` stay text).
fn text_items(text: &str, line: u32, block: usize, out: &mut Items) {
    let protected: Vec<(usize, usize)> = ARTICLE.find_iter(text).map(|m| (m.start(), m.end())).collect();
    let bytes = text.as_bytes();
    // the label being read, in the region's scratch buffer (given back below)
    let mut label = std::mem::take(&mut out.scratch);
    label.clear();
    let mut i = 0;
    while i < text.len() {
        if let Some(&(_, e)) = protected.iter().find(|(s, _)| *s == i) {
            label.push_str(&text[i..e]);
            i = e;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        // a blank mark standing alone, or between numbers: an empty cell, not a separator
        let sign_of_number = c == '-' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit());
        if matches!(c, '/' | '—' | '\\' | '-') && !sign_of_number && blank_mark_at(text, i, c) {
            push_text(out, &label, line, block);
            label.clear();
            out.list.push(Item::new(Kind::Blank, line, block));
            i += c.len_utf8();
            continue;
        }
        let signed = (c == '-' || c == '+') && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit());
        if !(c.is_ascii_digit() || signed) {
            if c.is_whitespace() {
                label.push(' ');
            } else {
                label.push(c);
            }
            i += c.len_utf8();
            continue;
        }
        // a number: sign, digits with commas, decimals
        let start = i;
        let mut j = i + usize::from(signed);
        while j < text.len() && (bytes[j].is_ascii_digit() || (bytes[j] == b',' && bytes.get(j + 1).is_some_and(|b| b.is_ascii_digit()))) {
            j += 1;
        }
        let mut int_end = j;
        if j + 1 < text.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
            j += 1;
            while j < text.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
        } else if j < text.len() && matches!(&text[j..], s if s.starts_with('.') || s.starts_with('、') || s.starts_with('．')) && !signed {
            // numbering of the next label ("2.其他…"): its last digit is not a value
            int_end = j - 1;
            j = int_end;
        }
        let num = &text[start..int_end.max(start)];
        let num = if j > int_end { &text[start..j] } else { num };
        if !num.is_empty() && num != "-" && num != "+" {
            push_text(out, &label, line, block);
            label.clear();
            push_nums(out, num, line, block);
        }
        if j == start {
            // a lone numbering digit
            label.push(c);
            i += 1;
        } else {
            i = j;
        }
    }
    push_text(out, &label, line, block);
    out.scratch = label;
}

/// Is the mark at byte `i` a blank cell? Yes, unless it sits inside a word
/// (`本年增/减`): alone, between numbers (`9/013`), or between a label and the
/// numbers (`总计///14141`, `文件320—第二十条`).
fn blank_mark_at(text: &str, i: usize, c: char) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i + c.len_utf8()..].chars().next();
    let wordy = |x: Option<char>| x.is_some_and(|x| normalize::is_han(x) || x.is_ascii_alphabetic());
    !(wordy(before) && wordy(after))
}

fn items_in(doc: &Doc, from: Pos, to: Pos) -> Items {
    let mut out = Items::default();
    // room for an item per unit and for every byte of the region's text as
    // label keys (an upper bound: keys are a subset of the text), so that a
    // report's regions are not grown by doubling; capped, so that a huge
    // region reserves no more than doubling would give it
    const RESERVE_ITEMS: usize = 4096;
    const RESERVE_KEY_BYTES: usize = 64 * 1024;
    let units = from.0..(to.0 + 1).min(doc.units.len()).max(from.0);
    out.list.reserve(units.len().min(RESERVE_ITEMS));
    out.keys.reserve(units.take(RESERVE_ITEMS).filter_map(|i| doc.units.get(i)).map(|u| u.text.len()).sum::<usize>().min(RESERVE_KEY_BYTES));
    for ui in from.0..to.0.min(doc.units.len()).max(from.0) {
        let Some(u) = doc.units.get(ui) else { break };
        if u.crawler {
            continue;
        }
        let s = if ui == from.0 { floor(u.text, from.1) } else { 0 };
        let e = if ui == to.0 { floor(u.text, to.1) } else { u.text.len() };
        if s > e {
            continue;
        }
        let t = &u.text[s..e];
        let n = out.list.len();
        if u.cell {
            cell_items(t, u.line, u.block, &mut out);
            out.list[n..].iter_mut().for_each(|i| i.cell = true);
        } else {
            text_items(t, u.line, u.block, &mut out);
        }
        mark_alone(&mut out.list[n..]);
    }
    if to.0 < doc.units.len() && to.0 >= from.0 && to.1 > 0 {
        let Some(u) = doc.units.get(to.0) else { return out };
        if !u.crawler {
            let s = if to.0 == from.0 { floor(u.text, from.1) } else { 0 };
            let e = floor(u.text, to.1);
            if s < e {
                let n = out.list.len();
                if u.cell {
                    cell_items(&u.text[s..e], u.line, u.block, &mut out);
                    out.list[n..].iter_mut().for_each(|i| i.cell = true);
                } else {
                    text_items(&u.text[s..e], u.line, u.block, &mut out);
                }
                mark_alone(&mut out.list[n..]);
            }
        }
    }
    mark_numbers_around(&mut out.list);
    out
}

/// Set [`Item::num_before`] and [`Item::num_after`]. The items of a block
/// come one after the other (units are in block order), so one pass each way
/// does it; otherwise every item looks at the others.
fn mark_numbers_around(items: &mut [Item]) {
    let is_num = |it: &Item| matches!(it.kind, Kind::Num(_));
    if items.windows(2).all(|w| w[0].block <= w[1].block) {
        let mut seen = false;
        for i in 0..items.len() {
            if i > 0 && items[i - 1].block != items[i].block {
                seen = false;
            }
            items[i].num_before = seen;
            seen |= is_num(&items[i]);
        }
        let mut after = false;
        for i in (0..items.len()).rev() {
            if i + 1 < items.len() && items[i + 1].block != items[i].block {
                after = false;
            }
            items[i].num_after = after;
            after |= is_num(&items[i]);
        }
    } else {
        for i in 0..items.len() {
            let b = items[i].block;
            items[i].num_before = items[..i].iter().any(|j| j.block == b && is_num(j));
            items[i].num_after = items[i + 1..].iter().take_while(|j| j.block == b).any(is_num);
        }
    }
}

/// A number that is all its cell or line holds is one cell: only digits run
/// together with other text (a glued table) may hold several.
fn mark_alone(items: &mut [Item]) {
    if let [one] = items {
        one.alone = matches!(one.kind, Kind::Num(_));
    }
}

fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A chosen row label.
#[derive(Debug, Clone, Copy)]
struct Cand {
    item: usize,
    row: usize,
}

/// Every occurrence of a row label among the items, in order: by item, then
/// by offset in the item, then by row. Labels in a table row of labels only
/// are left out.
fn label_hits(items: &Items, set: &LabelSet) -> Vec<Cand> {
    // a table row of labels only (a header: 类别 | 本年新收件数 | … | 总计) names columns, not rows
    let header = header_cells(items);
    let mut cands: Vec<Cand> = Vec::new();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (ii, it) in items.iter().enumerate() {
        if header[ii] {
            continue;
        }
        if let Kind::Text(_) = &it.kind {
            found.clear();
            set.find_all(items.key(it), &mut found);
            cands.extend(found.iter().map(|&(_, row)| Cand { item: ii, row }));
        }
    }
    cands
}

/// Per item: is it a cell of a block whose cells are at least two labels and
/// no value (a header row)? The items of a block come one after the other
/// (units are in block order); otherwise they are gathered by block.
fn header_cells(items: &[Item]) -> Vec<bool> {
    let mut out = vec![false; items.len()];
    let tally = |it: &Item, e: &mut (usize, bool)| match it.kind {
        Kind::Text(_) => e.0 += 1,
        _ => e.1 = true,
    };
    let is_header = |(texts, values): (usize, bool)| texts >= 2 && !values;
    if items.windows(2).all(|w| w[0].block <= w[1].block) {
        let mut i = 0;
        while i < items.len() {
            let b = items[i].block;
            let end = i + items[i..].iter().take_while(|it| it.block == b).count();
            let mut e = (0, false);
            items[i..end].iter().filter(|it| it.cell).for_each(|it| tally(it, &mut e));
            if is_header(e) {
                (i..end).filter(|j| items[*j].cell).for_each(|j| out[j] = true);
            }
            i = end;
        }
    } else {
        let mut blocks: std::collections::HashMap<usize, (usize, bool)> = std::collections::HashMap::new();
        for it in items.iter().filter(|i| i.cell) {
            tally(it, blocks.entry(it.block).or_insert((0, false)));
        }
        for (j, it) in items.iter().enumerate() {
            out[j] = it.cell && blocks.get(&it.block).is_some_and(|e| is_header(*e));
        }
    }
    out
}

/// The longest chain of label occurrences (`hits`, from [`label_hits`]) in
/// the template's row order, leaving out the `(item, row)` occurrences excluded.
fn chain(hits: &[Cand], excluded: &[(usize, usize)]) -> Vec<Cand> {
    let cands: Vec<Cand> = hits.iter().copied().filter(|c| !excluded.contains(&(c.item, c.row))).collect();
    // patience sorting for the longest strictly increasing run of rows
    let mut tails: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let pos = tails.partition_point(|&t| cands[t].row < c.row);
        parent[i] = if pos > 0 { Some(tails[pos - 1]) } else { None };
        // ties keep the earlier label: a label broken around its numbers
        // ("1.申请人无正当理由逾" / numbers / "期不补正…") starts before them
        if pos == tails.len() {
            tails.push(i);
        } else if cands[tails[pos]].row > c.row {
            tails[pos] = i;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(cands[i]);
        cur = parent[i];
    }
    out.reverse();
    out
}

/// What a table is, for the mapper: built once per template ([`proactive_spec`],
/// [`applications_spec`]), so that a parse borrows it rather than rebuilding
/// its vectors.
struct TableSpec {
    name: &'static str,
    /// The rows and their phrases' automaton.
    labels: &'static LabelSet,
    rows: &'static [LabelRow],
    /// Cell kinds of each row with cells.
    kinds: Vec<Vec<CellKind>>,
    /// `kinds` one row after the other: the kinds of rows `a..b` are
    /// `flat[offsets[a]..offsets[b]]`.
    flat: Vec<CellKind>,
    /// The index of each row's first cell, then the number of cells.
    offsets: Vec<usize>,
    /// Row sums within a row (applications: the total column).
    row_total: bool,
    /// The column sums and the balance ([`applications_cross`]; none for part 2).
    cross: Vec<Sum>,
}

impl TableSpec {
    fn new(name: &'static str, labels: &'static LabelSet, kinds: Vec<Vec<CellKind>>, row_total: bool) -> TableSpec {
        let mut offsets = Vec::with_capacity(kinds.len() + 1);
        let mut acc = 0;
        for k in &kinds {
            offsets.push(acc);
            acc += k.len();
        }
        offsets.push(acc);
        let flat = kinds.concat();
        TableSpec { name, labels, rows: &labels.rows[..], kinds, flat, offsets, row_total, cross: Vec::new() }
    }
    fn offsets(&self) -> &[usize] {
        &self.offsets
    }
    fn n_cells(&self) -> usize {
        self.flat.len()
    }
    /// The cell kinds of `rows`, one row after the other.
    fn kinds_of(&self, rows: std::ops::Range<usize>) -> &[CellKind] {
        &self.flat[self.offsets[rows.start]..self.offsets[rows.end]]
    }
}

/// The table of part 2 in template `t`.
fn proactive_spec(t: Template) -> &'static TableSpec {
    static SPECS: LazyLock<[TableSpec; 2]> = LazyLock::new(|| [Template::V2019, Template::V2021].map(build_proactive_spec));
    &SPECS[labels::template_index(t)]
}

fn build_proactive_spec(t: Template) -> TableSpec {
    let set = labels::proactive_set(t);
    let all = t.proactive();
    let kinds = set.rows.iter().map(|r| all.iter().filter(|c| c.row_key() == r.key).map(|c| c.kind).collect::<Vec<_>>()).collect();
    TableSpec::new("proactive", set, kinds, false)
}

/// For each cell of the part 2 table (in its [`TableSpec`] order), its index
/// among the template's proactive cells: the `k`-th cell of a row is the
/// `k`-th key under `proactive.ROW.` (worked out once per template).
fn proactive_positions(t: Template) -> &'static [Option<usize>] {
    static POSITIONS: LazyLock<[Vec<Option<usize>>; 2]> = LazyLock::new(|| {
        [Template::V2019, Template::V2021].map(|t| {
            let spec = proactive_spec(t);
            let pkeys: Vec<&str> = t.proactive().iter().map(|c| c.key).collect();
            let mut out = Vec::with_capacity(spec.n_cells());
            for (ri, r) in spec.rows.iter().enumerate() {
                let key = format!("proactive.{}.", r.key);
                for k in 0..spec.kinds[ri].len() {
                    out.push(pkeys.iter().enumerate().filter(|(_, x)| x.starts_with(&key)).nth(k).map(|(i, _)| i));
                }
            }
            out
        })
    });
    &POSITIONS[labels::template_index(t)]
}

/// The table of part 3 in template `t`, with its column sums and balance.
fn applications_spec(t: Template) -> &'static TableSpec {
    static SPECS: LazyLock<[TableSpec; 2]> = LazyLock::new(|| {
        [Template::V2019, Template::V2021].map(|t| {
            let set = labels::application_set(t);
            let kinds = set.rows.iter().map(|r| vec![CellKind::Count; r.cells]).collect();
            let mut spec = TableSpec::new("applications", set, kinds, true);
            spec.cross = applications_cross(&spec);
            spec
        })
    });
    &SPECS[labels::template_index(t)]
}

/// A stretch of tokens and the rows they belong to.
struct Segment {
    rows: std::ops::Range<usize>,
    tokens: Vec<Token>,
    line: u32,
    /// Made of several segments whose labels were out of place.
    merged: bool,
}

/// Labels printed out of place shift numbers between neighbouring rows: one
/// segment holds a row's numbers too many, the next ones none or another row's.
/// Consecutive segments whose counts do not match their rows one by one but do
/// together are read as one stretch, in the template's order (the caller keeps
/// the reading only if every row's total holds).
fn merge_misaligned(mut segs: Vec<Segment>, spec: &TableSpec) -> Vec<Segment> {
    let cells = |r: &std::ops::Range<usize>| -> usize { spec.kinds[r.clone()].iter().map(|k| k.len()).sum() };
    let mut out: Vec<Segment> = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        let first = &segs[i];
        // only a whole row's worth of numbers shifted (7 cells), in a table whose rows have totals
        // (a surplus: the labels came after their numbers, so the label before got them)
        let off = first.tokens.len().saturating_sub(cells(&first.rows));
        if spec.row_total && off > 0 && off % 7 == 0 {
            let mut have = 0usize;
            let mut found = None;
            for j in i..segs.len().min(i + 6) {
                if j > i && segs[j].rows.start != segs[j - 1].rows.end {
                    break;
                }
                have += segs[j].tokens.len();
                if j > i && have == cells(&(first.rows.start..segs[j].rows.end)) {
                    found = Some(j);
                    break;
                }
            }
            if let Some(j) = found {
                let (rows, line) = (first.rows.start..segs[j].rows.end, first.line);
                let tokens: Vec<Token> = segs[i..=j].iter_mut().flat_map(|s| std::mem::take(&mut s.tokens)).collect();
                out.push(Segment { rows, tokens, line, merged: true });
                i = j + 1;
                continue;
            }
        }
        out.push(Segment { rows: segs[i].rows.clone(), tokens: std::mem::take(&mut segs[i].tokens), line: segs[i].line, merged: false });
        i += 1;
    }
    out
}

/// The tokens of the items in `range`, the numbers after a label at `label`
/// and before a label at `next` (item indices). Empty cells that cannot be
/// cells of this row are left out: those in the next label's row before it
/// (its merged-label positions) and those in a row of their own that holds no
/// number (the empty cells of a label continued on the next line).
fn tokens_between(items: &[Item], label: Option<usize>, next: Option<usize>, range: std::ops::Range<usize>) -> Vec<Token> {
    let label_block = label.map(|l| items[l].block);
    let next_block = next.map(|n| items[n].block);
    let keep = |i: usize| {
        let it = &items[i];
        if it.kind != Kind::Blank || !it.cell || label_block.is_none() || Some(it.block) == label_block {
            return true;
        }
        if Some(it.block) == next_block {
            return false;
        }
        range.clone().any(|j| items[j].block == it.block && matches!(items[j].kind, Kind::Num(_)))
    };
    tokens_of_idx(items, range.clone().filter(|i| keep(*i)), range.len())
}

fn tokens_of(items: &[Item], range: std::ops::Range<usize>) -> Vec<Token> {
    let n = range.len();
    tokens_of_idx(items, range, n)
}

/// The tokens of the items at `idx` (at most `cap` of them: the vector's capacity).
fn tokens_of_idx(items: &[Item], idx: impl IntoIterator<Item = usize>, cap: usize) -> Vec<Token> {
    let mut out = Vec::with_capacity(cap);
    let mut run = 0u32;
    for i in idx {
        let it = &items[i];
        let tok = match &it.kind {
            Kind::Num(s) => Tok::Num(s.clone()),
            Kind::Blank => Tok::Blank,
            Kind::Text(_) => {
                if out.last().is_some_and(|t: &Token| t.run == run) {
                    run += 1;
                }
                continue;
            }
        };
        let leading = tok == Tok::Blank && !it.num_before;
        let trailing = tok == Tok::Blank && it.num_before && !it.num_after;
        out.push(Token { tok, line: it.line, leading, trailing, run, whole: it.alone, cell: it.cell });
    }
    out
}

/// The mapped cells of one table and what was found doing it.
struct Mapped {
    cells: Vec<Cell>,
    labels_found: usize,
    diags: Vec<Diagnostic>,
}

/// The chain of row labels, without labels that were displaced: a label with no
/// numbers after it while the label before it has more numbers than its row
/// holds (PDF text order puts labels of merged cells after the numbers).
fn anchored_chain(items: &Items, spec: &TableSpec) -> Vec<Cand> {
    let mut excluded: Vec<(usize, usize)> = Vec::new();
    let values = |a: usize, b: usize| items[a..b].iter().filter(|i| !matches!(i.kind, Kind::Text(_))).count();
    let hits = label_hits(items, spec.labels);
    for _ in 0..4 {
        let ch = chain(&hits, &excluded);
        let ends: Vec<usize> = (0..ch.len()).map(|k| ch.get(k + 1).map_or(items.len(), |n| n.item)).collect();
        let mut dropped = false;
        // numbers before the first label that the rows before it cannot hold are a surplus too
        let mut surplus = ch.first().is_some_and(|c| values(0, c.item) > spec.kinds[..c.row].iter().map(|x| x.len()).sum::<usize>());
        for (k, c) in ch.iter().enumerate() {
            let start = c.item + 1;
            let end = ends[k].max(start);
            let cells = spec.kinds[c.row].len();
            // (a group label holds no cells; out of place after the numbers it goes too)
            if values(start, end) == 0 && (cells > 0 || surplus) {
                if surplus {
                    excluded.push((c.item, c.row));
                    dropped = true;
                }
            } else {
                let rows_cells: usize = ch.get(k + 1).map_or(cells, |n| spec.kinds[c.row..n.row].iter().map(|x| x.len()).sum());
                surplus = values(start, end) > rows_cells;
            }
        }
        if !dropped {
            return ch;
        }
    }
    chain(&hits, &excluded)
}

fn segments(items: &Items, spec: &TableSpec, truncated: bool) -> (Vec<Segment>, usize) {
    let ch = anchored_chain(items, spec);
    let mut segs = Vec::new();
    if ch.is_empty() {
        return (segs, 0);
    }
    // numbers before the first label belong to the rows before it, if they fill them exactly
    if ch[0].row > 0 {
        let toks = tokens_between(items, None, Some(ch[0].item), 0..ch[0].item);
        let need: usize = spec.kinds[..ch[0].row].iter().map(|k| k.len()).sum();
        let nums = toks.iter().filter(|t| t.tok != Tok::Blank).count();
        let line = toks.first().map_or(items[0].line, |t| t.line);
        if toks.len() == need && nums > 0 {
            segs.push(Segment { rows: 0..ch[0].row, tokens: toks, line, merged: false });
        } else if nums > 0 {
            // numbers before the first label found that do not fill the rows before it
            segs.push(Segment { rows: 0..ch[0].row, tokens: toks, line, merged: false });
        }
    }
    for (k, c) in ch.iter().enumerate() {
        let line = items[c.item].line;
        if let Some(next) = ch.get(k + 1) {
            segs.push(Segment { rows: c.row..next.row, tokens: tokens_between(items, Some(c.item), Some(next.item), c.item + 1..next.item), line, merged: false });
        } else {
            // the last label: its numbers run to the end of the region, or to the first text after enough of them
            let need_first = spec.kinds[c.row].len().max(1);
            let mut end = items.len();
            let mut nums = 0;
            for (j, it) in items.iter().enumerate().skip(c.item + 1) {
                match it.kind {
                    Kind::Num(_) => nums += 1,
                    Kind::Text(_) if nums >= need_first => {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            let toks = tokens_between(items, Some(c.item), None, c.item + 1..end);
            // cover as many rows as the tokens reach
            let mut rows_end = c.row + 1;
            let mut cap = spec.kinds[c.row].len();
            let filled = toks.iter().filter(|t| t.tok != Tok::Blank).count();
            while rows_end < spec.rows.len() && filled > cap {
                cap += spec.kinds[rows_end].len();
                rows_end += 1;
            }
            if truncated && rows_end == spec.rows.len() && toks.len() < cap {
                rows_end = spec.rows.len();
            }
            segs.push(Segment { rows: c.row..rows_end, tokens: toks, line, merged: false });
        }
    }
    (segs, ch.len())
}

fn row_name(spec: &TableSpec, r: usize) -> String {
    format!("{} row {}", spec.name, spec.rows[r].key)
}

/// The keys of the rows with cells among `rows`, as diagnostics name them.
fn rows_text(spec: &TableSpec, rows: std::ops::Range<usize>) -> String {
    rows.filter(|r| spec.rows[*r].cells > 0).map(|r| spec.rows[r].key).collect::<Vec<_>>().join(", ")
}

fn shown(toks: &[Token]) -> String {
    toks.iter()
        .map(|t| match &t.tok {
            Tok::Num(s) => s.to_string(),
            Tok::Blank => "(empty)".into(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn val_text(v: &Val) -> String {
    match v {
        Val::Num(d) => d.normalize().to_string(),
        Val::Blank => "(blank)".into(),
        Val::Unknown => "?".into(),
    }
}

/// The row sum of a row of seven cells read alone: six cells and their total.
static ROW_OF_SEVEN: LazyLock<[Sum; 1]> = LazyLock::new(|| [Sum::new((0..6).collect(), 6)]);

/// Map the items of a region onto a table's cells.
fn map_table(items: &Items, spec: &TableSpec, cross: &[Sum], truncated: bool) -> Mapped {
    let offsets = spec.offsets();
    let n = spec.n_cells();
    let mut cells = vec![Cell::unknown(); n];
    let mut diags = Vec::new();
    let (segs, found) = segments(items, spec, truncated);
    let segs = merge_misaligned(segs, spec);
    // per segment: its cell range and its fit
    let mut fits: Vec<(usize, usize, fit::Fit)> = Vec::new();
    let other_group = spec.rows.iter().position(|r| r.key == "other" && r.cells == 0);
    for seg in &segs {
        let g0 = offsets[seg.rows.start];
        let g1 = offsets[seg.rows.end];
        // （六）其他处理 printed as one row without its sub-rows
        if Some(seg.rows.start) == other_group && g1 - g0 == 21 && seg.tokens.iter().filter(|t| t.tok != Tok::Blank).count() <= 7 {
            let f = fit::readings(&seg.tokens, &[CellKind::Count; 7], &[Sum::new((0..6).collect(), 6)]);
            let (vals, doubt) = fit::agreed(&f.readings, 7);
            let zero = doubt.is_empty() && vals.iter().all(|(v, _)| *v == Val::Num(gik_model::Decimal::ZERO));
            if zero {
                for i in 0..21 {
                    cells[g0 + i] = Cell::number(gik_model::Decimal::ZERO, Some(vals[i % 7].1));
                }
            } else {
                diags.push(Diagnostic::warning(
                    "table.ambiguous",
                    format!(
                        "applications: （六）其他处理 is printed as one row ({}) without its three sub-rows; the sub-rows are left empty",
                        vals.iter().map(|v| val_text(&v.0)).collect::<Vec<_>>().join(" ")
                    ),
                    Some(seg.line),
                ));
            }
            continue;
        }
        if g1 == g0 {
            continue;
        }
        let kinds = spec.kinds_of(seg.rows.clone());
        let cross_in = cross_within(cross, g0, g1);
        let mut own = Vec::new();
        let sums: &[Sum] = if spec.row_total && seg.rows.len() == 1 && g1 - g0 == 7 && cross_in.is_empty() {
            // the usual segment: one row of seven cells, its total the last (no vector built)
            &ROW_OF_SEVEN[..]
        } else {
            if spec.row_total {
                for r in seg.rows.clone() {
                    let (a, b) = (offsets[r] - g0, offsets[r + 1] - g0);
                    if b - a == 7 {
                        own.push(Sum::new((a..a + 6).collect(), a + 6));
                    }
                }
            }
            own.extend(cross_in);
            &own
        };
        let mut f = if truncated && seg.rows.end == spec.rows.len() && seg.tokens.len() < kinds.len() {
            positional(&seg.tokens, kinds)
        } else {
            fit::readings(&seg.tokens, kinds, sums)
        };
        // a stretch read across out-of-place labels stands only if its rows add up
        if seg.merged && (!f.sums_hold || f.how != How::Direct) {
            f = fit::Fit { readings: fit::Readings::default(), sums_hold: false, how: How::None };
        }
        // so does a row whose values a PDF's text put on several lines, some
        // of them several to a line ("… 1 1 1 0 0 3" and then "0"): the order
        // across the lines is the text stream's, not the table's, and only
        // sums seen to hold (not left unchecked by a blank) confirm it
        if f.how == How::Direct && spec.row_total && seg.tokens.len() == g1 - g0 {
            let split_row_unconfirmed = seg.rows.clone().any(|r| {
                let (a, b) = (offsets[r] - g0, offsets[r + 1] - g0);
                b - a == 7
                    && split_over_lines(&seg.tokens[a..b])
                    && !f.readings.iter().all(|rd| Sum::new((a..a + 6).collect(), a + 6).holds(|i| rd.get(i).map(|c| c.0)) == Some(true))
            });
            if split_row_unconfirmed {
                f = fit::Fit { readings: fit::Readings::default(), sums_hold: false, how: How::None };
            }
        } else if !f.sums_hold && f.how != How::None && spec.row_total && split_over_lines(&seg.tokens) {
            // a cell dropped or split to fit, and still not adding up: no reading to trust
            f = fit::Fit { readings: fit::Readings::default(), sums_hold: false, how: How::None };
        }
        fits.push((g0, g1, f));
        let _ = seg;
    }
    // across rows: keep the combinations of readings that satisfy the column sums
    cross_filter(&mut fits, cross, n);
    // segments whose cells only a row's own total settled (glued digits split, a cell dropped)
    let mut by_sums: Vec<(usize, Vec<usize>, &Segment)> = Vec::new();
    // the agreed cells and the cells in doubt of each segment in turn (one pair of buffers)
    let (mut vals, mut doubt) = (Vec::new(), Vec::new());
    for ((g0, g1, f), seg) in fits.iter().zip(segs.iter().filter(|s| {
        let (g0, g1) = (offsets[s.rows.start], offsets[s.rows.end]);
        !(Some(s.rows.start) == other_group && g1 - g0 == 21 && s.tokens.iter().filter(|t| t.tok != Tok::Blank).count() <= 7) && g1 > g0
    })) {
        let width = g1 - g0;
        fit::agreed_into(&f.readings, width, &mut vals, &mut doubt);
        if !seg.merged && matches!(f.how, How::Split | How::DroppedExtra | How::Joined | How::Reordered) {
            let (free, _) = settled_by_sums(&seg.tokens, spec.kinds_of(seg.rows.clone()), f);
            if !free.is_empty() {
                by_sums.push((*g0, free, seg));
            }
        }
        for (i, (v, line)) in vals.iter().enumerate() {
            let line = if *line == 0 { None } else { Some(*line) };
            cells[g0 + i] = match v {
                Val::Num(d) => Cell::number(*d, line),
                Val::Blank => Cell::blank(line),
                Val::Unknown => Cell::unknown(),
            };
        }
        // the rows named in a diagnostic (built only when there is one)
        let rows_txt = || rows_text(spec, seg.rows.clone());
        if f.how == How::None {
            diags.push(Diagnostic::warning(
                "table.ambiguous",
                format!(
                    "{} ({}): found {} cell(s) [{}] where the template has {}; no reading fits, the cells are left empty",
                    spec.name,
                    rows_txt(),
                    seg.tokens.len(),
                    shown(&seg.tokens),
                    width
                ),
                Some(seg.line),
            ));
        } else if !doubt.is_empty() {
            let names: Vec<String> = doubt.iter().map(|i| cell_name(spec, &offsets, g0 + i)).collect();
            let example: Vec<String> = f.readings.iter().take(2).map(|r| r.iter().map(|c| val_text(&c.0)).collect::<Vec<_>>().join(" ")).collect();
            diags.push(Diagnostic::warning(
                "table.ambiguous",
                format!(
                    "{} ({}): [{}] can be read {} ways (e.g. {}); left empty: {}",
                    spec.name,
                    rows_txt(),
                    shown(&seg.tokens),
                    f.readings.len(),
                    example.join(" | "),
                    names.join(", ")
                ),
                Some(seg.line),
            ));
        } else if seg.merged {
            diags.push(Diagnostic::warning(
                "table.repaired",
                format!(
                    "{} ({}): the row labels are out of place around these rows; their {} cells were read in the template's order, every row checked by its total",
                    spec.name, rows_txt(), width
                ),
                Some(seg.line),
            ));
        } else if matches!(f.how, How::Split | How::DroppedExtra | How::Joined) {
            let what = match f.how {
                How::Split => "glued digits were split",
                How::Joined => "a number broken over two lines was joined",
                _ => "a cell too many was dropped",
            };
            diags.push(Diagnostic::warning(
                "table.repaired",
                format!(
                    "{} ({}): [{}] has {} cell(s) where the template has {}; {}: read as {}, the one reading the arithmetic allows",
                    spec.name,
                    rows_txt(),
                    shown(&seg.tokens),
                    seg.tokens.len(),
                    width,
                    what,
                    vals.iter().map(|v| val_text(&v.0)).collect::<Vec<_>>().join(" ")
                ),
                Some(seg.line),
            ));
        }
    }
    let _ = row_name;
    distrust_sums(spec, &offsets, cross, &by_sums, &mut cells, &mut diags);
    let unsettled = diags.iter().any(|d| d.code == "table.ambiguous") || cells.iter().any(|c| c.state == gik_model::CellState::Unknown);
    if unsettled && found > 0 {
        if let Some(vals) = count_mode(items, spec, cross) {
            let lines: Vec<u32> = items.iter().filter(|i| matches!(i.kind, Kind::Num(_))).map(|i| i.line).collect();
            let mut li = lines.into_iter();
            let mut last = 0;
            for (c, v) in cells.iter_mut().zip(&vals) {
                if let Val::Num(d) = v {
                    last = li.next().unwrap_or(last);
                    *c = Cell::number(*d, Some(last));
                }
            }
            diags.retain(|d| d.code != "table.ambiguous" && d.code != "table.repaired");
            diags.push(Diagnostic::warning(
                "table.repaired",
                format!(
                    "{}: the row labels are out of place (PDF text order); its {} numbers were read in the template's order{}",
                    spec.name,
                    vals.len(),
                    if spec.row_total { ", every row and column checked by its total" } else { "" }
                ),
                items.first().map(|i| i.line),
            ));
        }
    }
    // rows no segment reached (numbers before the first label found that did not
    // fill the rows before it, or none at all): say so rather than leave them silent
    if found > 0 {
        let missing: Vec<&str> = (0..spec.rows.len())
            .filter(|r| !spec.kinds[*r].is_empty() && !segs.iter().any(|s| s.rows.contains(r)))
            .filter(|r| cells[offsets[*r]..offsets[*r + 1]].iter().all(|c| c.state == gik_model::CellState::Unknown))
            .map(|r| spec.rows[r].key)
            .collect();
        if !missing.is_empty() {
            diags.push(Diagnostic::warning(
                "table.ambiguous",
                format!("{} ({}): no cells could be placed for these rows (their labels were not found in order); the cells are left empty", spec.name, missing.join(", ")),
                items.first().map(|i| i.line),
            ));
        }
    }
    Mapped { cells, labels_found: found, diags }
}

/// The cells of a fitted segment that its layout alone leaves open (the readings
/// of its tokens without any arithmetic differ on them): the sums chose them;
/// and how many readings the layout allows (`usize::MAX` when too many to list).
fn settled_by_sums(tokens: &[Token], kinds: &[CellKind], f: &fit::Fit) -> (Vec<usize>, usize) {
    if f.how == How::Reordered {
        // the order of the runs was chosen by the sums: every cell that moved
        let printed = fit::readings(tokens, kinds, &[]);
        let Some(p) = printed.readings.first() else { return ((0..kinds.len()).collect(), usize::MAX) };
        let moved = (0..kinds.len()).filter(|i| f.readings[0].get(*i).map(|c| c.0) != p.get(*i).map(|c| c.0)).collect();
        return (moved, usize::MAX);
    }
    let free = fit::readings(tokens, kinds, &[]);
    if free.how == How::None {
        return ((0..kinds.len()).collect(), usize::MAX);
    }
    (fit::agreed(&free.readings, kinds.len()).1, free.readings.len())
}

/// A reading that only a printed total confirms is taken when the digits allow
/// at most this many readings: the more readings, the likelier a misprinted
/// total meets one of them by chance (measured on generated reports with
/// misprinted totals: see docs/accuracy.md).
const MAX_UNCONFIRMED_LAYOUTS: usize = 64;

/// A row's total is the only proof of how its glued digits split (or which
/// cell was one too many): when several layouts of the digits exist and only
/// the total picks one, a misprinted total (real reports have them) picks a
/// wrong one that looks right. Such a cell stands only if a column rule that
/// reads it holds as well; otherwise it is left empty.
fn distrust_sums(spec: &TableSpec, offsets: &[usize], cross: &[Sum], by_sums: &[(usize, Vec<usize>, &Segment)], cells: &mut [Cell], diags: &mut Vec<Diagnostic>) {
    let val = |cells: &[Cell], i: usize| -> Option<Val> {
        cells.get(i).map(|c| match c.state {
            gik_model::CellState::Number => c.value.map_or(Val::Unknown, Val::Num),
            gik_model::CellState::Blank => Val::Blank,
            gik_model::CellState::Unknown => Val::Unknown,
        })
    };
    for (g0, free, seg) in by_sums {
        let lost: Vec<usize> = free
            .iter()
            .map(|i| g0 + i)
            .filter(|g| cells[*g].state == gik_model::CellState::Number)
            .filter(|g| !cross.iter().any(|s| s.cells().any(|c| c == *g) && s.holds(|i| val(cells, i)) == Some(true)))
            .collect();
        if lost.is_empty() {
            continue;
        }
        let names: Vec<String> = lost.iter().map(|g| cell_name(spec, offsets, *g)).collect();
        let read: Vec<String> = lost.iter().map(|g| val_text(&val(cells, *g).unwrap_or(Val::Unknown))).collect();
        for g in &lost {
            cells[*g] = Cell::unknown();
        }
        let rows_txt = rows_text(spec, seg.rows.clone());
        diags.retain(|d| !(d.code == "table.repaired" && d.line == Some(seg.line) && d.message.starts_with(&format!("{} ({}):", spec.name, rows_txt))));
        diags.push(Diagnostic::warning(
            "table.ambiguous",
            format!(
                "{} ({}): [{}] fits the row's total only when read with {} there; a total is the only proof of that reading and may be misprinted itself, and no column rule confirms it; left empty: {}",
                spec.name,
                rows_txt,
                shown(&seg.tokens),
                read.join(" "),
                names.join(", ")
            ),
            Some(seg.line),
        ));
    }
}

/// Part 4 printed as table rows (its three groups as three small tables, say),
/// one of them blank in every cell: the cells are those of the rows that hold
/// no label, when there are exactly 15 of them and the groups named in between
/// come in the template's order.
fn body_rows(items: &Items) -> Option<Vec<Token>> {
    let mut text_blocks = std::collections::HashSet::new();
    for it in items.iter() {
        if matches!(it.kind, Kind::Text(_)) {
            text_blocks.insert(it.block);
        }
    }
    let idx: Vec<usize> = (0..items.len()).filter(|i| items[*i].cell && !matches!(items[*i].kind, Kind::Text(_)) && !text_blocks.contains(&items[*i].block)).collect();
    if idx.len() != 15 || !idx.iter().any(|i| matches!(items[*i].kind, Kind::Num(_))) {
        return None;
    }
    let first_of = |w: &str| items.iter().position(|i| matches!(&i.kind, Kind::Text(_)) && items.key(i).contains(w));
    if let (Some(d), Some(a)) = (first_of("直接起诉"), first_of("复议后起诉")) {
        if a < d {
            return None;
        }
    }
    Some(tokens_of_idx(items, idx.iter().copied(), idx.len()))
}

/// Fill cells in order from tokens of a table cut off by the end of the text.
fn positional(tokens: &[Token], kinds: &[CellKind]) -> fit::Fit {
    let cells = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| match tokens.get(i) {
            Some(Token { tok: Tok::Num(s), line, .. }) => (fit::parse_cell(s, *k).map(Val::Num).unwrap_or(Val::Unknown), *line),
            Some(Token { tok: Tok::Blank, line, .. }) => (Val::Blank, *line),
            None => (Val::Unknown, 0),
        })
        .collect();
    fit::Fit { readings: fit::Readings::one(cells), sums_hold: true, how: How::Direct }
}

fn cell_name(spec: &TableSpec, offsets: &[usize], g: usize) -> String {
    let r = offsets.iter().rposition(|o| *o <= g).unwrap_or(0).min(spec.rows.len() - 1);
    let r = (0..spec.rows.len()).rev().find(|r| offsets[*r] <= g && spec.kinds[*r].len() > g - offsets[*r]).unwrap_or(r);
    let i = g - offsets[r];
    if spec.name == "applications" {
        format!("{}.{}", spec.rows[r].key, APPLICANT_COLUMNS.get(i).map_or("?", |c| c.key))
    } else {
        format!("{}#{}", spec.rows[r].key, i + 1)
    }
}

/// The cross-row sums whose cells all lie in [g0, g1), shifted to the segment.
fn cross_within(cross: &[Sum], g0: usize, g1: usize) -> Vec<Sum> {
    cross
        .iter()
        .filter(|s| s.cells().all(|i| (g0..g1).contains(&i)))
        .map(|s| Sum { parts: s.parts.iter().map(|p| p - g0).collect(), total: s.total - g0, also: s.also.iter().map(|p| p - g0).collect() })
        .collect()
}

const MAX_COMBINATIONS: usize = 20_000;

fn cross_filter(fits: &mut [(usize, usize, fit::Fit)], cross: &[Sum], n: usize) {
    let amb: Vec<usize> = (0..fits.len()).filter(|i| fits[*i].2.readings.len() > 1).collect();
    if amb.is_empty() || cross.is_empty() {
        return;
    }
    // a table whose own rows do not add up is no witness for how to read another row
    if fits.iter().any(|f| !f.2.sums_hold) {
        return;
    }
    let total: usize = amb.iter().map(|i| fits[*i].2.readings.len()).try_fold(1usize, |a, b| a.checked_mul(b)).unwrap_or(usize::MAX);
    if total > MAX_COMBINATIONS {
        return;
    }
    let mut base = vec![Val::Unknown; n];
    for (g0, _, f) in fits.iter() {
        if f.readings.len() == 1 {
            for (i, c) in f.readings[0].iter().enumerate() {
                base[g0 + i] = c.0;
            }
        }
    }
    let amb_cells: Vec<std::ops::Range<usize>> = amb.iter().map(|i| fits[*i].0..fits[*i].1).collect();
    // every column rule must hold, not only those the doubtful rows touch: a
    // reading that only mends one broken rule of an inconsistent table is no proof
    let relevant: Vec<&Sum> = cross.iter().collect();
    // a reading may only win by satisfying the column rules it touches, not by
    // escaping them with an empty cell
    let touching: Vec<&Sum> = cross.iter().filter(|s| s.cells().any(|c| amb_cells.iter().any(|r| r.contains(&c)))).collect();
    let mut keep: Vec<Vec<bool>> = amb.iter().map(|i| vec![false; fits[*i].2.readings.len()]).collect();
    let mut any = false;
    let mut idx = vec![0usize; amb.len()];
    loop {
        let mut vals = base.clone();
        for (k, &si) in amb.iter().enumerate() {
            let (g0, _, f) = &fits[si];
            for (i, c) in f.readings[idx[k]].iter().enumerate() {
                vals[g0 + i] = c.0;
            }
        }
        let ok = relevant.iter().all(|s| s.holds(|i| vals.get(i).copied()) != Some(false))
            && touching.iter().all(|s| s.holds(|i| vals.get(i).copied()) == Some(true));
        if ok {
            any = true;
            for (k, &i) in idx.iter().enumerate() {
                keep[k][i] = true;
            }
        }
        // next combination
        let mut k = 0;
        loop {
            if k == amb.len() {
                if any {
                    for (k, &si) in amb.iter().enumerate() {
                        let f = &mut fits[si].2;
                        f.readings = f.readings.filtered(|i, _| keep[k][i]);
                    }
                }
                return;
            }
            idx[k] += 1;
            if idx[k] < fits[amb[k]].2.readings.len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

/// Column sums and balance of the applications table, over its cells.
fn applications_cross(spec: &TableSpec) -> Vec<Sum> {
    let offsets = spec.offsets();
    let idx = |key: &str| spec.rows.iter().position(|r| r.key == key && r.cells > 0).map(|r| offsets[r]);
    let mut out = Vec::new();
    let (Some(total), Some(new), Some(co), Some(cf)) = (idx("total"), idx("new"), idx("carried_over"), idx("carried_forward")) else { return out };
    let outcome_rows: Vec<usize> = spec
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.cells > 0 && !matches!(r.key, "new" | "carried_over" | "total" | "carried_forward"))
        .map(|(i, _)| offsets[i])
        .collect();
    for c in 0..7 {
        out.push(Sum::new(outcome_rows.iter().map(|o| o + c).collect(), total + c));
        out.push(Sum { parts: vec![new + c, co + c], total: total + c, also: vec![cf + c] });
    }
    out
}

/// Part 4: fifteen cells, three sums.
fn review_spec() -> (Vec<CellKind>, Vec<Sum>) {
    let kinds = vec![CellKind::Count; 15];
    let sums = (0..3).map(|g| Sum::new((g * 5..g * 5 + 4).collect(), g * 5 + 4)).collect();
    (kinds, sums)
}

/// Values on more than one line, several of them on one line.
fn split_over_lines(toks: &[Token]) -> bool {
    let Some(first) = toks.first() else { return false };
    if toks.iter().all(|t| t.line == first.line) {
        return false;
    }
    toks.windows(2).any(|w| w[0].line == w[1].line)
}

/// The column labels of a part-4 group, in order (the key form: Han only).
const OUTCOME_LABELS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// Are part 4's numbers (from item `first` on) printed out of the table's
/// order? Text between two numbers of one group says so (PDF text in
/// content-stream order, merged header cells among the numbers), unless it is
/// the label of the column the next number falls in when read in printed order,
/// or a piece of it: a merged header cell written just before the cell under it
/// ("… 0 1 0 总计 3"), which leaves the order as it is. Text between whole
/// groups (a heading over each group's own small table) says nothing.
fn out_of_order(items: &Items, first: usize) -> bool {
    let mut n = 0usize;
    let mut between = String::new();
    for it in &items[first..] {
        match it.kind {
            Kind::Text(_) => between.push_str(items.key(it)),
            Kind::Num(_) | Kind::Blank => {
                if n > 0 && n % 5 != 0 && !between.is_empty() {
                    let label = OUTCOME_LABELS[n % 5];
                    let han: String = between.chars().filter(|c| !c.is_ascii_alphanumeric()).collect();
                    if han.is_empty() || !label.contains(han.as_str()) {
                        return true;
                    }
                }
                between.clear();
                n += 1;
            }
        }
    }
    false
}

/// Part 4's readings, when runs of numbers came out of place, narrowed by what
/// the prose says of a whole group: the total and its four outcomes ("行政复议351件，其中结果维持72件，结果纠正64件，其他结果
/// 178件，尚未审结37件"; for litigation, the sums of its two groups). Five numbers
/// that add up, stated in the report's own words, are taken as evidence only
/// when all five are stated and consistent; a total alone is not (a prose
/// figure is sometimes wrong, and one small number may match another reading
/// by chance). The readings that disagree with such a statement are dropped,
/// unless none is left (then the prose is at odds with the table, which the
/// `narrative.mismatch` check reports when the cells are read).
/// Returns how many readings there were and what the prose said, when it narrowed them.
fn settle_by_prose(f: &mut fit::Fit, claims: &[gik_model::Claim]) -> Option<(usize, String)> {
    let claim = |key: &str| claims.iter().find(|c| c.key == key).map(|c| (c.value, c.line));
    // (the cells summed for each of total, upheld, corrected, other, pending; the values; where said)
    let mut stated: Vec<(Vec<[usize; 2]>, Vec<Decimal>, Option<u32>, String)> = Vec::new();
    for (groups, first) in [(&["review"][..], 0usize), (&["litigation_direct", "litigation_after_review"][..], 5)] {
        let outcome_order = ["total", "upheld", "corrected", "other", "pending"];
        let vals: Option<Vec<(Decimal, Option<u32>)>> = outcome_order
            .iter()
            .map(|o| claim(&groups.iter().map(|g| format!("{g}.{o}")).collect::<Vec<_>>().join("+")))
            .collect();
        let Some(vals) = vals else { continue };
        let v: Vec<Decimal> = vals.iter().map(|x| x.0).collect();
        if v[1] + v[2] + v[3] + v[4] != v[0] {
            continue;
        }
        // cell offsets within a group: total 4, upheld 0, corrected 1, other 2, pending 3
        let cells: Vec<[usize; 2]> = [4usize, 0, 1, 2, 3]
            .iter()
            .map(|o| if groups.len() == 1 { [first + o, usize::MAX] } else { [5 + o, 10 + o] })
            .collect();
        let name = if groups.len() == 1 { "行政复议" } else { "行政诉讼" };
        let said = format!("{name} {} = {} + {} + {} + {}", v[0], v[1], v[2], v[3], v[4]);
        stated.push((cells, v, vals[0].1, said));
    }
    if stated.is_empty() {
        return None;
    }
    let fits = |r: &[(Val, u32)]| {
        stated.iter().all(|(cells, v, _, _)| {
            cells.iter().zip(v).all(|(c, want)| {
                let mut sum = Decimal::ZERO;
                for &i in c.iter().filter(|i| **i != usize::MAX) {
                    match r.get(i).map(|x| x.0) {
                        Some(Val::Num(d)) => sum += d,
                        _ => return false,
                    }
                }
                sum == *want
            })
        })
    };
    let before = f.readings.len();
    let mut kept = fit::Readings::new(15);
    for r in f.readings.iter() {
        if fits(r) {
            kept.push(r);
        }
    }
    if kept.is_empty() || kept.len() == before {
        return None;
    }
    f.readings = kept;
    let said = stated
        .iter()
        .map(|(_, _, line, s)| match line {
            Some(l) => format!("\"{s}\" (line {l})"),
            None => format!("\"{s}\""),
        })
        .collect::<Vec<_>>()
        .join(" and ");
    Some((before, said))
}

/// Read a table from the count of its numbers alone, when the labels could not
/// anchor it (PDF text in content-stream order puts the labels of merged cells
/// anywhere): if the region holds exactly as many numbers as the table has
/// cells, they are the cells in the template's order, except that a block of
/// rows may come column by column. Every row must satisfy its total, and the
/// columns their sums; a cell is kept only if every valid reading agrees.
fn count_mode(items: &[Item], spec: &TableSpec, cross: &[Sum]) -> Option<Vec<Val>> {
    if items.iter().any(|i| i.kind == Kind::Blank) {
        return None;
    }
    let toks: Vec<(&str, u32)> = items
        .iter()
        .filter_map(|i| match &i.kind {
            Kind::Num(s) => Some((s.as_str(), i.line)),
            _ => None,
        })
        .collect();
    let n = spec.n_cells();
    if !spec.row_total {
        // no sums to check the order by: only when every token is valid for its cell
        if toks.len() != n {
            return None;
        }
        return toks.iter().zip(&spec.flat).map(|((t, _), k)| fit::parse_strict(t, *k).map(Val::Num)).collect();
    }
    // applications: rows of seven; a 2021 report may print （六）其他处理 as one row
    let width = 7;
    let data_rows = n / width;
    let one_row_other = spec.rows.iter().any(|r| r.key == "other" && r.cells == 0);
    let (rows, folded) = if toks.len() == n {
        (data_rows, false)
    } else if one_row_other && toks.len() == n - 2 * width {
        (data_rows - 2, true)
    } else {
        return None;
    };
    let vals: Vec<Decimal> = toks.iter().map(|(t, _)| fit::parse_cell(t, CellKind::Count)).collect::<Option<_>>()?;
    let row_ok = |cells: &[Decimal]| cells[..6].iter().copied().sum::<Decimal>() == cells[6];
    // suffixes[i]: the distinct readings of rows i.., each row checked by its total
    const CAP: usize = 256;
    let mut suffixes: Vec<Vec<Vec<Decimal>>> = vec![Vec::new(); rows + 1];
    suffixes[rows].push(Vec::new());
    for i in (0..rows).rev() {
        let mut here: Vec<Vec<Decimal>> = Vec::new();
        for k in 1..=rows - i {
            if suffixes[i + k].is_empty() {
                continue;
            }
            let base = i * width;
            let block: Vec<Decimal> = (0..k)
                .flat_map(|r| (0..width).map(move |c| (r, c)))
                .map(|(r, c)| if k == 1 { vals[base + c] } else { vals[base + c * k + r] })
                .collect();
            if !block.chunks(width).all(row_ok) {
                continue;
            }
            for rest in &suffixes[i + k] {
                let mut v = block.clone();
                v.extend_from_slice(rest);
                if !here.contains(&v) {
                    here.push(v);
                }
                if here.len() > CAP {
                    return None;
                }
            }
        }
        suffixes[i] = here;
    }
    // the columns must add up too; keep the cells every remaining reading agrees on
    let other_at = spec.rows.iter().position(|r| r.key == "other" && r.cells == 0).map(|p| spec.offsets[p]);
    let unfold = |got: &[Decimal]| -> Option<Vec<Val>> {
        let mut out: Vec<Val> = Vec::with_capacity(n);
        let mut src = got.iter().copied();
        while out.len() < n {
            if folded && Some(out.len()) == other_at {
                let row: Vec<Decimal> = src.by_ref().take(width).collect();
                if row.iter().any(|v| !v.is_zero()) {
                    return None;
                }
                out.extend(std::iter::repeat_n(Val::Num(Decimal::ZERO), 3 * width));
                continue;
            }
            out.push(Val::Num(src.next()?));
        }
        Some(out)
    };
    let valid: Vec<Vec<Val>> = suffixes[0]
        .iter()
        .filter_map(|g| unfold(g))
        .filter(|out| cross.iter().all(|s| s.holds(|i| out.get(i).copied()) != Some(false)))
        .collect();
    let first = valid.first()?;
    if valid.iter().any(|v| v != first) {
        return None;
    }
    Some(first.clone())
}

fn detect_template(doc: &Doc, region: (Pos, Pos), apps: (Pos, Pos), year: Option<i32>) -> Template {
    let key_of = |(from, to): (Pos, Pos)| -> String {
        let mut s = String::new();
        for ui in from.0..=to.0 {
            let Some(u) = doc.units.get(ui) else { break };
            let t = &u.text;
            let a = if ui == from.0 { floor(t, from.1) } else { 0 };
            let b = if ui == to.0 { floor(t, to.1) } else { t.len() };
            if a < b {
                normalize::push_label_key(&t[a..b], &mut s);
            }
        }
        s
    };
    let p = key_of(region);
    let c21 = labels::PROACTIVE_2021_WORDS.iter().filter(|w| p.contains(*w)).count();
    let c19 = labels::PROACTIVE_2019_WORDS.iter().filter(|w| p.contains(*w)).count();
    if c21 != c19 {
        return if c21 > c19 { Template::V2021 } else { Template::V2019 };
    }
    let a = key_of(apps);
    if labels::APPLICATIONS_2021_WORDS.iter().any(|w| a.contains(w)) {
        return Template::V2021;
    }
    match year {
        Some(y) if y <= 2020 => Template::V2019,
        _ => Template::V2021,
    }
}

/// Build a report from the grid.
pub fn build_report(grid: Grid<'_>) -> Result<Report, Error> {
    build_report_doc(Doc::new(grid))
}

/// Build a report from a normalised document.
pub fn build_report_doc(doc: Doc) -> Result<Report, Error> {
    fit::reset_budget();
    if doc.units.overflow {
        return Err(Error::new(ErrorKind::TooLarge, "the text grows beyond 4 GiB (or a line beyond 512 MiB) when normalised"));
    }
    let heads = sections::find(&doc);
    let part1_unit = heads[0].map(|p| p.0);
    let (agency, year, published) = meta::extract(&doc, part1_unit);
    let end = doc.end();
    // each part runs to the next heading found
    let region = |p: usize| -> Option<(Pos, Pos)> {
        let start = heads[p]?;
        let stop = heads[p + 1..].iter().flatten().next().copied().unwrap_or(end);
        Some((start, stop))
    };
    let next_after = |p: usize| heads[p + 1..].iter().flatten().next().copied().unwrap_or(end);
    // a table whose heading is missing is looked for after the previous part
    let table_region = |p: usize| -> (Pos, Pos) {
        match region(p) {
            Some(r) => r,
            None => {
                let start = heads[..p].iter().rev().flatten().next().copied().unwrap_or((0, 0));
                let start = if p >= 2 && heads[p - 1].is_some() { start } else { heads[1].unwrap_or(start) };
                (start, next_after(p))
            }
        }
    };
    let r2 = table_region(1);
    let r3 = table_region(2);
    let r4 = region(3);
    let truncated_at = |r: (Pos, Pos)| r.1 == end && heads[4].is_none() && heads[5].is_none();
    let template = detect_template(&doc, r2, r3, year);
    let mut report = Report::new(template);
    report.meta.agency = agency;
    report.meta.year = year;
    report.meta.published = published;
    let mut diags = Vec::new();

    if year.is_some_and(|y| y <= 2018) {
        report.meta.template = None;
        report.cells = vec![Cell::unknown(); report.cells.len()];
        diags.push(Diagnostic::warning(
            "template.unsupported",
            format!("a report for {} predates the 2019 template: its metadata is read, its tables are not", year.unwrap_or(0)),
            None,
        ));
        let parts = heads.iter().flatten().count();
        if parts < 2 && report.meta.agency.is_none() {
            return Err(not_a_report(parts, 0));
        }
        report.diagnostics = diags;
        return Ok(report);
    }

    // part 2
    let pspec = proactive_spec(template);
    let pitems = items_in(&doc, r2.0, r2.1);
    let pm = map_table(&pitems, pspec, &[], truncated_at(r2));
    // part 3
    let aspec = applications_spec(template);
    let aitems = items_in(&doc, r3.0, r3.1);
    let am = map_table(&aitems, aspec, &aspec.cross, truncated_at(r3));
    // prose claims from part 1 (they may settle part 4's groups)
    let claims = match heads[0] {
        Some(h1) => {
            let stop = heads[1..].iter().flatten().next().copied().unwrap_or((doc.units.len(), 0));
            narrative::claims(&doc, h1, stop)
        }
        None => Vec::new(),
    };
    // part 4
    let (rk, rsums) = review_spec();
    let mut rcells = vec![Cell::unknown(); 15];
    let mut rfound = false;
    // cells only the group totals settled: (cells, tokens shown, cell names, line, layouts)
    type BySums = (Vec<usize>, String, String, Option<u32>, usize);
    let mut review_by_sums: Option<BySums> = None;
    if let Some(r4) = r4 {
        let items = items_in(&doc, r4.0, r4.1);
        // the numbers start the table body: empty header cells before them are not cells of it
        let first = items.iter().position(|i| matches!(i.kind, Kind::Num(_))).map(|f| {
            let block = items[f].block;
            (0..f)
                .rev()
                .take_while(|j| items[*j].kind == Kind::Blank && (items[*j].block == block || !items[*j].cell))
                .last()
                .unwrap_or(f)
        });
        // no number at all: a table printed blank in every cell is its 15 blank marks after the last label
        let all_blank = if first.is_none() {
            let last_text = items.iter().rposition(|i| matches!(i.kind, Kind::Text(_)));
            let from = last_text.map_or(0, |t| t + 1);
            let has_header = items[..from].iter().any(|i| matches!(&i.kind, Kind::Text(_)) && { let t = items.key(i); t.contains("维持") || t.contains("纠正") || t.contains("审结") });
            (has_header && items.len() - from == 15 && items[from..].iter().all(|i| i.kind == Kind::Blank)).then_some(from)
        } else {
            None
        };
        if let Some(first) = first.or(all_blank) {
            rfound = true;
            let mut toks = tokens_of(&items, first..items.len());
            let mut from_items = true;
            if toks.len() != 15 {
                if let Some(rows) = body_rows(&items) {
                    toks = rows;
                    from_items = false;
                }
            }
            let trunc = truncated_at(r4) && toks.len() < 15;
            let mut f = if trunc { positional(&toks, &rk) } else { fit::readings(&toks, &rk, &rsums) };
            // text between the numbers of one group (PDF text in content-stream
            // order: merged header cells among the numbers) means the printed
            // order is not the table's: every order of the runs that meets the
            // sums is a reading, the printed one among them
            let mut scrambled = false;
            if f.how == How::Direct && toks.len() == 15 && from_items && out_of_order(&items, first) {
                match fit::reordered_runs(&toks, &rk, &rsums, true) {
                    Some(g) => f = g,
                    // no order of them meets the sums: the printed one is a guess like any other
                    None => {
                        scrambled = true;
                        f = fit::Fit { readings: fit::Readings::new(15), sums_hold: false, how: How::None };
                    }
                }
            }
            // (only runs out of place: their numbers are certain, their places not;
            // glued digits are not, and a misstated outcome may match another split)
            let by_prose = if f.how == How::Reordered && f.sums_hold && f.readings.len() > 1 { settle_by_prose(&mut f, &claims) } else { None };
            let (vals, doubt) = fit::agreed(&f.readings, 15);
            // cells only the group totals settled (decided below, once the other tables are read)
            // (also when other cells are in doubt: the cells the readings agree on may still be agreed only through the totals)
            let (free, layouts) = if matches!(f.how, How::Split | How::DroppedExtra | How::Joined | How::Reordered) { settled_by_sums(&toks, &rk, &f) } else { (Vec::new(), 0) };
            // a blank too: where a blank mark falls depends on how the digits before it split
            let free: Vec<usize> = free.into_iter().filter(|i| !matches!(vals[*i].0, Val::Unknown)).collect();
            for (i, (v, line)) in vals.iter().enumerate() {
                let line = if *line == 0 { None } else { Some(*line) };
                rcells[i] = match v {
                    Val::Num(d) => Cell::number(*d, line),
                    Val::Blank => Cell::blank(line),
                    Val::Unknown => Cell::unknown(),
                };
            }
            let line = toks.first().map(|t| t.line);
            let names = |ix: &[usize]| {
                ix.iter()
                    .map(|i| format!("{}.{}", REVIEW_GROUPS[i / 5].key, REVIEW_OUTCOMES[i % 5].key))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if scrambled {
                diags.push(Diagnostic::warning(
                    "table.ambiguous",
                    format!(
                        "review/litigation: [{}] come out of order (text among the numbers of a group: PDF text order), and no order of them meets the group totals; the cells are left empty",
                        shown(&toks)
                    ),
                    line,
                ));
            } else if f.how == How::None {
                diags.push(Diagnostic::warning(
                    "table.ambiguous",
                    format!("review/litigation: found {} cell(s) [{}] where the template has 15; no reading fits, the cells are left empty", toks.len(), shown(&toks)),
                    line,
                ));

            } else if !doubt.is_empty() {
                if let Some((before, said)) = &by_prose {
                    let settled: Vec<usize> = (0..15).filter(|i| !doubt.contains(i)).collect();
                    diags.push(Diagnostic::warning(
                        "table.repaired",
                        format!("review/litigation: [{}] can be read {before} ways; the text says {said}, which settles {}", shown(&toks), names(&settled)),
                        line,
                    ));
                }
                if !free.is_empty() && matches!(f.how, How::Split | How::DroppedExtra | How::Joined) {
                    review_by_sums = Some((free.clone(), shown(&toks), names(&free), line, layouts));
                }
                diags.push(Diagnostic::warning(
                    "table.ambiguous",
                    format!("review/litigation: [{}] can be read {} ways; left empty: {}", shown(&toks), f.readings.len(), names(&doubt)),
                    line,
                ));
            } else if let Some((before, said)) = &by_prose {
                diags.push(Diagnostic::warning(
                    "table.repaired",
                    format!(
                        "review/litigation: [{}] can be read {before} ways; the text says {said}, which leaves one: {}",
                        shown(&toks),
                        vals.iter().map(|v| val_text(&v.0)).collect::<Vec<_>>().join(" ")
                    ),
                    line,
                ));
            } else if matches!(f.how, How::Split | How::DroppedExtra | How::Joined) {
                if !free.is_empty() {
                    review_by_sums = Some((free.clone(), shown(&toks), names(&free), line, layouts));
                }
                diags.push(Diagnostic::warning(
                    "table.repaired",
                    format!(
                        "review/litigation: [{}] has {} cell(s) where the template has 15; read as {}, the one reading the arithmetic allows",
                        shown(&toks),
                        toks.len(),
                        vals.iter().map(|v| val_text(&v.0)).collect::<Vec<_>>().join(" ")
                    ),
                    line,
                ));
            }
        }
    }

    // the cells into the report, in key order
    for (idx, pos) in proactive_positions(template).iter().enumerate() {
        if let Some(p) = *pos {
            report.cells[p] = pm.cells[idx].clone();
        }
    }
    let np = template.proactive().len();
    let aoff = aspec.offsets();
    for (ri, r) in aspec.rows.iter().enumerate() {
        if r.cells == 0 {
            continue;
        }
        let Some(trow) = template.application_rows().iter().position(|x| x.key == r.key) else { continue };
        for c in 0..7 {
            report.cells[np + trow * 7 + c] = am.cells[aoff[ri] + c].clone();
        }
    }
    let na = template.application_rows().len() * 7;
    for (i, c) in rcells.into_iter().enumerate() {
        report.cells[np + na + i] = c;
    }
    // Part 4 has no column rule to confirm how glued digits split: its group
    // totals are the only proof. They are taken while the report's other
    // arithmetic holds; once a printed total elsewhere is shown wrong, a total
    // is no proof and those cells are left empty.
    if let Some((free, toks, names, line, layouts)) = review_by_sums {
        let broken = [gik_model::checks::applications_total_column, gik_model::checks::applications_total_row, gik_model::checks::applications_balance]
            .iter()
            .any(|c| !c(&report).is_empty());
        if broken || layouts > MAX_UNCONFIRMED_LAYOUTS {
            let read: Vec<String> = free.iter().map(|i| report.cells[np + na + i].value.map_or("(empty)".into(), |d| d.normalize().to_string())).collect();
            for i in &free {
                report.cells[np + na + i] = Cell::unknown();
            }
            diags.retain(|d| !(d.code == "table.repaired" && d.message.starts_with("review/litigation:")));
            diags.push(Diagnostic::warning(
                "table.ambiguous",
                format!(
                    "review/litigation: [{toks}] fits the group totals only when read with {} there; the totals of the applications table do not all add up, so a printed total is no proof of that reading; left empty: {names}",
                    read.join(" ")
                ),
                line,
            ));
        }
    }

    // is this a report at all?
    let parts = heads.iter().flatten().count();
    let numbers = report.cells.iter().filter(|c| c.is_number()).count();
    let labels = pm.labels_found + am.labels_found;
    let is_report = (numbers > 0 && labels >= 3) || (parts >= 4 && (report.meta.year.is_some() || report.meta.agency.is_some()));
    if !is_report || (numbers == 0 && report.meta.agency.is_none() && report.meta.year.is_none()) {
        return Err(not_a_report(parts, labels));
    }

    for (p, h) in heads.iter().enumerate() {
        if h.is_none() {
            diags.push(Diagnostic::error("section.missing", format!("part {} was not found", PARTS[p].0), None));
        }
    }
    let line_of = |r: Option<(Pos, Pos)>| r.and_then(|r| doc.units.get(r.0 .0)).map(|u| u.line);
    if pm.labels_found == 0 {
        diags.push(Diagnostic::error("table.missing", "the table of part 2 (主动公开政府信息情况) was not found", line_of(Some(r2))));
    }
    if am.labels_found == 0 {
        diags.push(Diagnostic::error("table.missing", "the table of part 3 (收到和处理政府信息公开申请情况) was not found", line_of(Some(r3))));
    }
    if !rfound {
        diags.push(Diagnostic::error("table.missing", "the table of part 4 (行政复议、行政诉讼情况) was not found", line_of(r4)));
    }
    if gik_model::checks::outdated(template, report.meta.year) {
        diags.push(Diagnostic::warning(
            "template.outdated",
            format!(
                "a report for {} in the 2019 template (国办公开办函〔2019〕60号); its numbers are read in the 2019 keys",
                report.meta.year.unwrap_or(0)
            ),
            line_of(Some(r2)),
        ));
    }
    diags.extend(pm.diags);
    diags.extend(am.diags);
    diags.extend(blank_diags(&report));
    report.claims = claims;
    report.diagnostics = diags;
    let _ = RowRole::Total;
    Ok(report)
}

fn blank_diags(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let keys = gik_model::table_key_list(report.template());
    for group in ["proactive", "applications", "review"] {
        let blanks: Vec<(&String, &Cell)> = keys
            .iter()
            .zip(&report.cells)
            .filter(|(k, c)| c.state == gik_model::CellState::Blank && (k.starts_with(group) || (group == "review" && k.starts_with("litigation"))))
            .collect();
        if let Some((first, c)) = blanks.first() {
            out.push(Diagnostic::warning(
                "table.blank",
                format!("{}: {} cell(s) are blank in the source (first: {}); they are not read as 0", group, blanks.len(), first),
                c.line,
            ));
        }
    }
    out
}

fn not_a_report(parts: usize, labels: usize) -> Error {
    Error::new(
        ErrorKind::NotAReport,
        format!(
            "found {parts} of the six parts of an annual report (政府信息公开工作年度报告) and {labels} table row labels; this text does not look like one"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The occurrences `labels::find` gives row by row, merged as the chain used to merge them.
    fn find_each_row(rows: &[LabelRow], key: &str) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (ri, r) in rows.iter().enumerate() {
            for off in labels::find(r, key) {
                found.push((off, ri));
            }
        }
        found.sort_unstable();
        found
    }

    fn corpus_texts() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        let mut out = Vec::new();
        for e in std::fs::read_dir(&dir).expect("tests/corpus") {
            let p = e.expect("entry").path();
            if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")) {
                let bytes = std::fs::read(&p).expect("readable");
                let text = crate::decode::decode_borrowed(&bytes).expect("decodable").text.into_owned();
                out.push((p.display().to_string(), text));
            }
        }
        assert!(out.len() >= 10);
        out
    }

    #[test]
    fn numeric_is_is_numeric() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(numeric(c), c.is_numeric(), "{:x}", c as u32);
        }
    }

    #[test]
    fn automaton_finds_what_find_finds_on_the_corpus() {
        let sets = [
            labels::application_set(Template::V2019),
            labels::application_set(Template::V2021),
            labels::proactive_set(Template::V2019),
            labels::proactive_set(Template::V2021),
        ];
        let mut keys: Vec<String> = Vec::new();
        for (_, text) in corpus_texts() {
            let grid = if crate::html::looks_like_html(&text) { crate::html::read(&text) } else { crate::layout::read(&text) };
            let doc = Doc::new(grid);
            let items = items_in(&doc, (0, 0), doc.end());
            for it in items.iter() {
                if let Kind::Text(_) = it.kind {
                    keys.push(items.key(it).to_string());
                }
            }
            // whole units too (the items split them at numbers)
            keys.extend(doc.units.iter().map(|u| normalize::label_key(u.text)));
        }
        keys.extend(["3其他", "其他其他", "三其他", "2其他", "一三其他", "其他处理其他", "属于三类属于三类", "三安全三安全"].map(String::from));
        let mut hits = 0;
        for k in &keys {
            for set in sets {
                let mut got = Vec::new();
                set.find_all(k, &mut got);
                assert_eq!(got, find_each_row(&set.rows, k), "{k}");
                hits += got.len();
            }
        }
        assert!(hits > 1000, "{hits}");
    }
}
