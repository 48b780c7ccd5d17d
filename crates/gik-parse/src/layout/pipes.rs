//! Pipe layouts: markdown tables (`| a | b |`, possibly broken by a converter)
//! and `pipe-cells`, one `X |` cell per line with `||` ending a row.

use super::LineKind;
use crate::grid::GridCell;

/// Classify a trimmed line, if it is one of the pipe families (the caller
/// calls it only for a line holding a `|`).
pub(super) fn kind(t: &str) -> Option<LineKind> {
    if !t.contains('|') {
        return None;
    }
    if t.chars().all(|c| c == '|' || c == ' ') {
        let pipes = t.matches('|').count();
        // `|  |  |  |` is a markdown row of empty cells; `||` ends a pipe-cells row
        if pipes >= 3 && t.contains(' ') {
            return Some(LineKind::MarkdownRow);
        }
        return Some(if pipes >= 2 { LineKind::PipeRowEnd } else { LineKind::PipeCell });
    }
    if t.starts_with('|') {
        let inner = t.trim_matches('|');
        if !inner.is_empty() && inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return Some(LineKind::MarkdownRule);
        }
        return Some(LineKind::MarkdownRow);
    }
    if t.ends_with('|') && t.matches('|').count() == 1 {
        return Some(LineKind::PipeCell);
    }
    if t.matches('|').count() >= 2 {
        return Some(LineKind::MarkdownRow);
    }
    None
}

/// The text of an `X |` cell.
pub(super) fn cell_text(line: &str) -> &str {
    let t = line.trim();
    t.strip_suffix('|').unwrap_or(t).trim()
}

/// Cells of a markdown row.
pub(super) fn split_row(line: &str, n: u32) -> Vec<GridCell<'_>> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| GridCell::new(c.trim(), n)).collect()
}
