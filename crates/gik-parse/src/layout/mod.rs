//! Plain text into the grid, one reader per layout family.
//!
//! Each line is classified by the family it belongs to; consecutive lines of a
//! cell-per-line family are grouped into rows:
//!
//! | family | looks like | module |
//! |---|---|---|
//! | `tab-rows` | `规章\t0\t0\t0` | [`tabs`] |
//! | `tab-cells` | one `\t`-prefixed cell per line, rows ended by a blank line | [`tabs`] |
//! | `markdown` | `\| 规章 \| 0 \| 0 \| 0 \|` | [`pipes`] |
//! | `pipe-cells` | one `X \|` cell per line, rows ended by `\|\|` | [`pipes`] |
//! | `columns` | PDF text laid out in columns (`pdftotext -layout`) | [`columns`] |
//! | text | everything else: prose, one cell per line (`pdftotext -raw`), glued tables | kept as text |
//!
//! Glued tables and one-cell-per-line text need no grouping: the table mapper
//! reads numbers and labels out of text lines directly.

pub mod columns;
pub mod pipes;
pub mod tabs;

use crate::grid::{Block, Grid, GridCell};

/// What one line is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LineKind {
    Blank,
    TabRow,
    TabCell,
    MarkdownRow,
    MarkdownRule,
    PipeCell,
    PipeRowEnd,
    Columns,
    Text,
}

fn classify(line: &str) -> LineKind {
    // a tab decides the family (a line holding only tabs is a row of empty
    // cells in tab layouts); `[u8]::contains` is a vectorised byte search
    if line.as_bytes().contains(&b'\t') {
        return tabs::kind(line);
    }
    let t = line.trim_matches(|c: char| c == ' ' || c == '\u{3000}' || c == '\r');
    if t.is_empty() {
        return LineKind::Blank;
    }
    if t.as_bytes().contains(&b'|') {
        if let Some(k) = pipes::kind(t) {
            return k;
        }
    }
    if columns::is_columns(line) {
        return LineKind::Columns;
    }
    LineKind::Text
}

/// Read plain text into the grid.
pub fn read(text: &str) -> Grid<'_> {
    let mut blocks = Vec::new();
    let layouts = read_into(text, |b| blocks.push(b));
    Grid { blocks, layouts }
}

/// A row of one-cell-per-line layout still being read (its cells, the line
/// it began on, and which family it is).
type Open<'a> = (Vec<GridCell<'a>>, u32, LineKind);

/// [`read`], each block handed to `emit` as soon as it is read (no grid held);
/// returns the layout families recognised.
pub fn read_into<'a>(text: &'a str, emit: impl FnMut(Block<'a>)) -> Vec<String> {
    let mut r = Reader::default();
    r.feed(text, true, emit);
    r.layouts()
}

/// The layout reader, fed a text in pieces: for an input decoded a piece at a
/// time, so that the whole text never has to be held. Lines are numbered on
/// from piece to piece, and a one-cell-per-line row that a piece ends in the
/// middle of goes on in the next (its cells copied, the piece being gone by
/// then).
///
/// Feeding `a` and then `b` reads exactly what feeding `a + "\n" + b` at once
/// reads:
///
/// ```
/// use gik_parse::layout::{read_into, Reader};
/// let text = "\t规章\n\t0\n\n一、总体情况\n规章\t1\t2\n";
/// let mut whole = Vec::new();
/// let layouts = read_into(text, |b| whole.push(b.into_owned()));
///
/// let mut pieces = Vec::new();
/// let mut r = Reader::default();
/// r.feed("\t规章", false, |b| pieces.push(b.into_owned()));
/// r.feed("\t0\n\n一、总体情况", false, |b| pieces.push(b.into_owned()));
/// r.feed("规章\t1\t2\n", true, |b| pieces.push(b.into_owned()));
/// assert_eq!(pieces, whole);
/// assert_eq!(r.layouts(), layouts);
/// ```
#[derive(Debug, Default)]
pub struct Reader {
    layouts: Vec<String>,
    /// A row left open by the last piece.
    open: Option<Open<'static>>,
    /// Lines read so far.
    lines: u32,
    /// Column lines not yet emitted: a line of loose values may belong to the
    /// row next to it (see [`Held`]).
    held: Vec<Held>,
}

/// A column line (or a line of loose values) kept back until the next line
/// shows whether loose values belong to a row beside them: the line as read,
/// its number, whether it is a column line (else a text line of one value),
/// whether it holds loose values only, and, once values were put into it, its
/// cells with their character columns and lines.
#[derive(Debug, Clone)]
struct Held {
    raw: String,
    line: u32,
    columns: bool,
    loose: bool,
    merged: Option<Vec<(columns::Placed, u32)>>,
}

impl Held {
    fn new(raw: &str, line: u32, columns: bool) -> Held {
        Held { raw: raw.to_string(), line, columns, loose: columns::is_loose_line(raw, columns), merged: None }
    }
    fn placed(&self) -> Vec<(columns::Placed, u32)> {
        match &self.merged {
            Some(cells) => cells.clone(),
            None => columns::placed(&self.raw).into_iter().map(|c| (c, self.line)).collect(),
        }
    }
    /// Do this line's loose values fit into the row `l`?
    fn fits_into(&self, l: &Held) -> bool {
        if !self.loose || !columns::may_hold_values(&l.raw) && l.merged.is_none() {
            return false;
        }
        let o: Vec<columns::Placed> = self.placed().into_iter().map(|(c, _)| c).collect();
        let lp: Vec<columns::Placed> = l.placed().into_iter().map(|(c, _)| c).collect();
        columns::fits_into(&o, &lp)
    }
    /// `l` with this line's values put in among its cells by column.
    fn into_row_of(self, l: Held) -> Held {
        let mut cells = l.placed();
        cells.extend(self.placed());
        cells.sort_by_key(|(c, _)| c.x);
        Held { raw: l.raw, line: l.line, columns: true, loose: false, merged: Some(cells) }
    }
    /// The line as it would have been emitted unheld; a row with values put
    /// in, its cells in column order.
    fn emit<'a>(self, emit: &mut impl FnMut(Block<'a>)) {
        match (self.merged, self.columns) {
            (Some(cells), _) => emit(row(cells.into_iter().map(|(c, n)| GridCell::new(c.text, n)).collect(), self.line)),
            (None, true) => emit(row(columns::split_row(&self.raw, self.line), self.line)),
            (None, false) => emit(Block::Text { text: self.raw.into(), line: self.line }),
        }
    }
}

/// Take the line `c` into the held lines, emitting what is settled. A line of
/// loose values goes into the row of the line above or below it when it fits
/// there (its values in the columns that row leaves free) and not into both.
fn hold<'a>(held: &mut Vec<Held>, c: Held, emit: &mut impl FnMut(Block<'a>)) {
    match held.len() {
        0 => held.push(c),
        1 => {
            if c.fits_into(&held[0]) {
                // it may fit the next line too: wait for it
                held.push(c);
            } else if held[0].fits_into(&c) {
                let a = held.pop().expect("one held");
                held.push(a.into_row_of(c));
            } else {
                let a = held.pop().expect("one held");
                a.emit(emit);
                held.push(c);
            }
        }
        _ => {
            let b = held.pop().expect("two held");
            let a = held.pop().expect("two held");
            if b.fits_into(&c) {
                // between two rows it fits both: it stays where it is
                a.emit(emit);
                b.emit(emit);
                held.push(c);
            } else {
                b.into_row_of(a).emit(emit);
                held.push(c);
            }
        }
    }
}

/// Emit the held lines, a line of loose values put into the row it fits.
fn release<'a>(held: &mut Vec<Held>, emit: &mut impl FnMut(Block<'a>)) {
    if held.len() == 2 {
        let b = held.pop().expect("two held");
        let a = held.pop().expect("two held");
        b.into_row_of(a).emit(emit);
    } else if let Some(a) = held.pop() {
        a.emit(emit);
    }
}

impl Reader {
    /// Read the lines of `text` (every `\n`-separated piece of it is a line,
    /// so a piece that is not the last should be cut just before a line end,
    /// which is left out), handing each block to `emit`. `last`: no more text
    /// follows, so a row still open ends here.
    pub fn feed<'a>(&mut self, text: &'a str, last: bool, mut emit: impl FnMut(Block<'a>)) {
        let mut open: Option<Open<'a>> = self.open.take();
        let mut held = std::mem::take(&mut self.held);
        for raw in text.split('\n') {
            self.lines = self.lines.saturating_add(1);
            let n = self.lines;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let kind = classify(raw);
            // column lines, and indented lines of one value next to them, wait
            // a line: loose values may belong to the row beside them
            if open.is_none()
                && columns::may_hold_values(raw)
                && (kind == LineKind::Columns || (kind == LineKind::Text && raw.starts_with("    ") && columns::is_loose_line(raw, false)))
            {
                if kind == LineKind::Columns {
                    self.layout("columns");
                }
                hold(&mut held, Held::new(raw, n, kind == LineKind::Columns), &mut emit);
                continue;
            }
            release(&mut held, &mut emit);
            match kind {
                LineKind::TabCell | LineKind::PipeCell => {
                    let family = if kind == LineKind::TabCell {
                        "tab-cells"
                    } else {
                        "pipe-cells"
                    };
                    self.layout(family);
                    let cell = if kind == LineKind::TabCell {
                        tabs::cell_text(raw)
                    } else {
                        pipes::cell_text(raw)
                    };
                    match &mut open {
                        Some((cells, _, k)) if *k == kind => cells.push(GridCell::new(cell, n)),
                        _ => {
                            flush(&mut emit, &mut open);
                            // room for a row of the applications table (its label and 7 cells)
                            let mut cells = Vec::with_capacity(8);
                            cells.push(GridCell::new(cell, n));
                            open = Some((cells, n, kind));
                        }
                    }
                }
                LineKind::PipeRowEnd => flush(&mut emit, &mut open),
                LineKind::Blank => {
                    // a blank line ends a tab-cell row; pipe-cell rows end at `||`
                    if matches!(&open, Some((_, _, LineKind::TabCell))) {
                        flush(&mut emit, &mut open);
                    }
                }
                LineKind::Text => {
                    // a short line right after a tab cell continues that cell ("商业\n企业")
                    if let Some((cells, _, LineKind::TabCell)) = &mut open {
                        if tabs::is_continuation(raw) {
                            if let Some(last) = cells.last_mut() {
                                last.text.to_mut().push_str(raw.trim());
                                continue;
                            }
                        }
                    }
                    flush(&mut emit, &mut open);
                    emit(Block::Text {
                        text: raw.into(),
                        line: n,
                    });
                }
                LineKind::TabRow => {
                    flush(&mut emit, &mut open);
                    self.layout("tab-rows");
                    emit(row(tabs::split_row(raw, n), n));
                }
                LineKind::MarkdownRow => {
                    flush(&mut emit, &mut open);
                    self.layout("markdown");
                    emit(row(pipes::split_row(raw, n), n));
                }
                LineKind::MarkdownRule => flush(&mut emit, &mut open),
                LineKind::Columns => {
                    flush(&mut emit, &mut open);
                    self.layout("columns");
                    emit(row(columns::split_row(raw, n), n));
                }
            }
        }
        if last {
            release(&mut held, &mut emit);
            flush(&mut emit, &mut open);
        } else {
            self.held = held;
            self.open = open.map(|(cells, line, kind)| {
                (
                    cells.into_iter().map(GridCell::into_owned).collect(),
                    line,
                    kind,
                )
            });
        }
    }

    /// The layout families recognised, in the order first met.
    pub fn layouts(self) -> Vec<String> {
        self.layouts
    }

    fn layout(&mut self, name: &str) {
        if !self.layouts.iter().any(|l| l == name) {
            self.layouts.push(name.to_string());
        }
    }
}

/// A row block (its cells not shrunk to fit: the document builder takes each
/// row's texts at once, so the spare room lives no longer than the row).
fn row(cells: Vec<GridCell<'_>>, line: u32) -> Block<'_> {
    Block::Row { cells, line }
}

/// End the open row, if any.
fn flush<'a>(emit: &mut impl FnMut(Block<'a>), open: &mut Option<Open<'a>>) {
    if let Some((cells, line, _)) = open.take() {
        if !cells.is_empty() {
            emit(row(cells, line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Block;

    fn rows(g: &Grid) -> Vec<Vec<String>> {
        g.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Row { cells, .. } => Some(cells.iter().map(|c| c.text.to_string()).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn tab_rows() {
        let g = read("规章\t0\t0\t1\n行政许可\t5\t\t\n");
        assert_eq!(rows(&g), vec![vec!["规章", "0", "0", "1"], vec!["行政许可", "5", "", ""]]);
    }

    #[test]
    fn tab_cells_with_broken_label() {
        let g = read("\t\n\t商业\n企业\n\t科研\n\n\t规章\n\t0\n");
        assert_eq!(rows(&g), vec![vec!["", "商业企业", "科研"], vec!["规章", "0"]]);
    }

    #[test]
    fn markdown_and_pipe_cells() {
        let g = read("| 规章 | 0 | 1 |\n|---|---|---|\n| a | 2 | 3 |\n");
        assert_eq!(rows(&g), vec![vec!["规章", "0", "1"], vec!["a", "2", "3"]]);
        let g = read("规章 |\n0 |\n|\n||\n行政许可 |\n7 |\n");
        assert_eq!(rows(&g), vec![vec!["规章", "0", ""], vec!["行政许可", "7"]]);
    }

    /// A line with each text at its character column.
    fn at(cells: &[(usize, &str)]) -> String {
        let mut s = String::new();
        for (x, t) in cells {
            while s.chars().count() < *x {
                s.push(' ');
            }
            s.push_str(t);
        }
        s
    }

    #[test]
    fn loose_values_go_into_the_row_beside_them_by_column() {
        // `pdftotext -layout`: one value of the row a line above the rest
        let o = at(&[(30, "5")]);
        let l = at(&[(0, "一、本年新收政府信息公开申请数量"), (20, "3"), (25, "0"), (35, "1"), (40, "9")]);
        let t1 = format!("{o}\n{l}\n\n说明文字。\n");
        let g = read(&t1);
        assert_eq!(rows(&g), vec![vec!["一、本年新收政府信息公开申请数量", "3", "0", "5", "1", "9"]]);
        // below the row, two of them
        let o = at(&[(25, "0"), (40, "9")]);
        let l = at(&[(0, "（一）予以公开"), (20, "3"), (30, "5"), (35, "1")]);
        let t2 = format!("{l}\n{o}\n");
        let g = read(&t2);
        assert_eq!(rows(&g), vec![vec!["（一）予以公开", "3", "0", "5", "1", "9"]]);
        // a label with only its total beside it, the other values a line below
        let l = at(&[(4, "1.申请人无正当理由逾期不补正"), (60, "13")]);
        let o = at(&[(20, "13"), (28, "0"), (36, "0"), (44, "0"), (52, "0")]);
        let t3 = format!("{l}\n{o}\n");
        let g = read(&t3);
        assert_eq!(rows(&g), vec![vec!["1.申请人无正当理由逾期不补正", "13", "0", "0", "0", "0", "13"]]);
    }

    #[test]
    fn loose_values_between_two_rows_they_both_fit_stay_where_they_are() {
        let a = at(&[(0, "规章"), (20, "3"), (25, "0"), (35, "1")]);
        let o = at(&[(30, "5")]);
        let b = at(&[(0, "行政许可"), (20, "2"), (25, "0"), (35, "4")]);
        let t4 = format!("{a}\n{o}\n{b}\n");
        let g = read(&t4);
        assert_eq!(rows(&g), vec![vec!["规章", "3", "0", "1"], vec!["行政许可", "2", "0", "4"]]);
        assert!(g.blocks.iter().any(|b| matches!(b, Block::Text { text, .. } if text.trim() == "5")));
        // beside a label, loose values anywhere right of it fit (the first
        // column, left of the row's other values)
        let l = at(&[(0, "二、上年结转政府信息公开申请数量"), (30, "—"), (34, "0"), (38, "0")]);
        let o = at(&[(22, "4")]);
        let t0 = format!("{o}\n{l}\n");
        let g = read(&t0);
        assert_eq!(rows(&g), vec![vec!["二、上年结转政府信息公开申请数量", "4", "—", "0", "0"]]);
        // values at the columns the row already fills are another row's
        let o = at(&[(20, "7"), (25, "7")]);
        let t5 = format!("{a}\n{o}\n");
        let g = read(&t5);
        assert_eq!(rows(&g), vec![vec!["规章", "3", "0", "1"], vec!["7", "7"]]);
    }

    #[test]
    fn columns() {
        let g = read("规章            1          0        11\n   本报告由淮安市人民政府办公室编制。\n");
        assert_eq!(rows(&g), vec![vec!["规章", "1", "0", "11"]]);
        assert!(matches!(&g.blocks[1], Block::Text { .. }));
    }
}
