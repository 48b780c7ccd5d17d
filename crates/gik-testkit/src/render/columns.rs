//! PDF text: `pdftotext -layout` (columns of spaces) and `pdftotext -raw` (one cell per line).

use super::Style;
use crate::table::Tables;
use rand_chacha::ChaCha8Rng;

/// `pdftotext -layout`.
pub fn layout(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    super::cells::tab_rows(t, r, style)
}

/// `pdftotext -raw`.
pub fn raw(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    super::cells::tab_rows(t, r, style)
}
