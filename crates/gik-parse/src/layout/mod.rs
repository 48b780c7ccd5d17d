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

/// Where [`read_into`] sends what it reads.
struct Out<F> {
    emit: F,
    layouts: Vec<String>,
}

impl<'a, F: FnMut(Block<'a>)> Out<F> {
    fn text(&mut self, text: &'a str, line: u32) {
        (self.emit)(Block::Text { text: text.into(), line });
    }
    fn row(&mut self, mut cells: Vec<GridCell<'a>>, line: u32) {
        cells.shrink_to_fit();
        (self.emit)(Block::Row { cells, line });
    }
    fn layout(&mut self, name: &str) {
        if !self.layouts.iter().any(|l| l == name) {
            self.layouts.push(name.to_string());
        }
    }
}

/// [`read`], each block handed to `emit` as soon as it is read (no grid held);
/// returns the layout families recognised.
pub fn read_into<'a>(text: &'a str, emit: impl FnMut(Block<'a>)) -> Vec<String> {
    let mut g = Out { emit, layouts: Vec::new() };
    let lines = text.split('\n');
    let mut open: Option<(Vec<GridCell>, u32, LineKind)> = None;
    fn flush<'a, F: FnMut(Block<'a>)>(g: &mut Out<F>, open: &mut Option<(Vec<GridCell<'a>>, u32, LineKind)>) {
        if let Some((cells, line, _)) = open.take() {
            if !cells.is_empty() {
                g.row(cells, line);
            }
        }
    }
    for (i, raw) in lines.enumerate() {
        let n = i as u32 + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let kind = classify(raw);
        match kind {
            LineKind::TabCell | LineKind::PipeCell => {
                let family = if kind == LineKind::TabCell { "tab-cells" } else { "pipe-cells" };
                g.layout(family);
                let cell = if kind == LineKind::TabCell { tabs::cell_text(raw) } else { pipes::cell_text(raw) };
                match &mut open {
                    Some((cells, _, k)) if *k == kind => cells.push(GridCell::new(cell, n)),
                    _ => {
                        flush(&mut g, &mut open);
                        open = Some((vec![GridCell::new(cell, n)], n, kind));
                    }
                }
            }
            LineKind::PipeRowEnd => flush(&mut g, &mut open),
            LineKind::Blank => {
                // a blank line ends a tab-cell row; pipe-cell rows end at `||`
                if matches!(&open, Some((_, _, LineKind::TabCell))) {
                    flush(&mut g, &mut open);
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
                flush(&mut g, &mut open);
                g.text(raw, n);
            }
            LineKind::TabRow => {
                flush(&mut g, &mut open);
                g.layout("tab-rows");
                g.row(tabs::split_row(raw, n), n);
            }
            LineKind::MarkdownRow => {
                flush(&mut g, &mut open);
                g.layout("markdown");
                g.row(pipes::split_row(raw, n), n);
            }
            LineKind::MarkdownRule => flush(&mut g, &mut open),
            LineKind::Columns => {
                flush(&mut g, &mut open);
                g.layout("columns");
                g.row(columns::split_row(raw, n), n);
            }
        }
    }
    flush(&mut g, &mut open);
    g.layouts
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
