//! Tab layouts (Word tables pasted as text): `tab-rows`, a row per line with
//! tab-separated cells, and `tab-cells`, one tab-prefixed cell per line with a
//! blank line after each row.

use super::LineKind;
use crate::grid::GridCell;

/// `tab-cells` when the only tab leads the line, else `tab-rows`.
pub(super) fn kind(line: &str) -> LineKind {
    let body = line.trim_end_matches(['\r', ' ']);
    if body.starts_with('\t') && !body[1..].contains('\t') {
        LineKind::TabCell
    } else {
        LineKind::TabRow
    }
}

/// The text of a tab-prefixed cell.
pub(super) fn cell_text(line: &str) -> &str {
    line.trim_start_matches('\t')
}

/// A short line that continues the cell above (a label broken inside its cell).
pub(super) fn is_continuation(line: &str) -> bool {
    let t = line.trim();
    let n = t.chars().count();
    n > 0 && n <= 30 && !t.starts_with(|c: char| "一二三四五六七八九十(（".contains(c)) && !t.chars().any(|c| c.is_ascii_digit())
}

/// Cells of a tab-separated row.
pub(super) fn split_row(line: &str, n: u32) -> Vec<GridCell<'_>> {
    line.split('\t').map(|c| GridCell::new(c, n)).collect()
}
