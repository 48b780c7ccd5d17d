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
}

impl Reader {
    /// Read the lines of `text` (every `\n`-separated piece of it is a line,
    /// so a piece that is not the last should be cut just before a line end,
    /// which is left out), handing each block to `emit`. `last`: no more text
    /// follows, so a row still open ends here.
    pub fn feed<'a>(&mut self, text: &'a str, last: bool, mut emit: impl FnMut(Block<'a>)) {
        let mut open: Option<Open<'a>> = self.open.take();
        for raw in text.split('\n') {
            self.lines = self.lines.saturating_add(1);
            let n = self.lines;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let kind = classify(raw);
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
            flush(&mut emit, &mut open);
        } else {
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

    #[test]
    fn columns() {
        let g = read("规章            1          0        11\n   本报告由淮安市人民政府办公室编制。\n");
        assert_eq!(rows(&g), vec![vec!["规章", "1", "0", "11"]]);
        assert!(matches!(&g.blocks[1], Block::Text { .. }));
    }
}
