//! HTML pages: the report's tables through their cell structure, the prose from the text.

use crate::grid::Grid;

/// Does this text look like an HTML document or fragment?
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect::<String>().to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || (head.contains("<table") && head.contains("<td"))
}

/// Read an HTML page into the grid. (Placeholder until the HTML reader lands:
/// tags are dropped line by line.)
pub fn read(text: &str) -> Grid {
    let mut g = Grid::default();
    for (i, l) in text.lines().enumerate() {
        g.text(l, i as u32 + 1);
    }
    g
}
