//! PDF text laid out in columns (`pdftotext -layout`): cells are separated by
//! runs of two or more spaces.

use crate::grid::GridCell;

/// A line with an inner gap of two or more spaces between cells.
pub(super) fn is_columns(line: &str) -> bool {
    let t = line.trim();
    // (a line of at most 400 bytes has at most 400 characters: only longer ones are counted)
    if t.is_empty() || (t.len() > 400 && t.chars().count() > 400) {
        return false;
    }
    t.contains("  ") || t.contains("\u{3000}\u{3000}")
}

/// Cells of a column line.
pub(super) fn split_row(line: &str, n: u32) -> Vec<GridCell<'static>> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0usize;
    for c in line.trim().chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == '\u{3000}' { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 && !cur.is_empty() {
            cells.push(GridCell::new(std::mem::take(&mut cur), n));
        } else if spaces == 1 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    if !cur.is_empty() {
        cells.push(GridCell::new(cur, n));
    }
    cells
}
