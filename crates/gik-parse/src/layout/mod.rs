//! Plain text into the grid, one module per layout family.
use crate::grid::Grid;
/// Read plain text.
pub fn read(text: &str) -> Grid {
    let mut g = Grid::default();
    for (i, l) in text.lines().enumerate() {
        g.text(l, i as u32 + 1);
    }
    g
}
