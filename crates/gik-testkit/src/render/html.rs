//! HTML pages with `rowspan`/`colspan` tables.

use super::Style;
use crate::gen::Truth;
use crate::table::Tables;
use rand_chacha::ChaCha8Rng;

/// Render HTML.
pub fn render(t: &Truth, tabs: &Tables, r: &mut ChaCha8Rng, style: &Style) -> String {
    super::doc::assemble(t, r, style, |r, s| super::cells::tab_rows(tabs, r, s))
}
