//! Glued: a web page's text, every table on one line with no separators.

use super::Style;
use crate::gen::Truth;
use crate::table::Tables;
use rand_chacha::ChaCha8Rng;

/// Render glued.
pub fn render(t: &Truth, tabs: &Tables, r: &mut ChaCha8Rng, style: &Style) -> String {
    super::doc::assemble(t, r, style, |r, s| super::cells::tab_rows(tabs, r, s))
}
