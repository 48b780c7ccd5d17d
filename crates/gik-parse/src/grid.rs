//! The intermediate grid every input format is read into.
//!
//! A reader (plain text in any of its layouts, HTML, DOCX) turns its input into a
//! sequence of [`Block`]s: lines of prose and table rows of cells, each with the
//! 1-based source line it came from. Everything after that (finding the six
//! parts, mapping rows onto the template, the arithmetic) works on this one type.
//!
//! Texts borrow from the input where a reader can (plain-text layouts: a cell is
//! a slice of its line), and are owned where they are built (HTML, DOCX, joined
//! columns): a grid costs little more than its input.

use std::borrow::Cow;

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GridCell<'a> {
    /// The cell's text, as found (normalisation happens later).
    pub text: Cow<'a, str>,
    /// 1-based source line.
    pub line: u32,
    /// A position covered by a merged cell that appears elsewhere (a rowspan or
    /// colspan shadow, `w:vMerge` continuation, `w:gridBefore`): not a cell of
    /// the source, so never a blank. Readers that know the structure (HTML,
    /// DOCX) set it; text layouts cannot tell and leave it false.
    pub merged: bool,
}

impl<'a> GridCell<'a> {
    /// A cell of the source.
    pub fn new(text: impl Into<Cow<'a, str>>, line: u32) -> GridCell<'a> {
        GridCell { text: text.into(), line, merged: false }
    }
    /// A position covered by a merged cell.
    pub fn shadow(line: u32) -> GridCell<'a> {
        GridCell { text: Cow::Borrowed(""), line, merged: true }
    }
    /// The cell with its text copied, borrowing nothing.
    pub fn into_owned(self) -> GridCell<'static> {
        GridCell { text: Cow::Owned(self.text.into_owned()), line: self.line, merged: self.merged }
    }
}

/// A line of prose or a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// A line of text that is not (known to be) a table row. In free-text
    /// layouts (PDF columns, glued tables) table content also arrives this way.
    Text {
        /// The text.
        text: Cow<'a, str>,
        /// 1-based source line.
        line: u32,
    },
    /// A table row: its cells in order. A merged cell that spans rows or columns
    /// appears once, in the first row/column it covers; the positions it covers
    /// elsewhere are empty cells marked [`GridCell::merged`].
    Row {
        /// The cells.
        cells: Vec<GridCell<'a>>,
        /// 1-based source line of the row's start.
        line: u32,
    },
}

impl Block<'_> {
    /// The block with its texts copied, borrowing nothing.
    pub fn into_owned(self) -> Block<'static> {
        match self {
            Block::Text { text, line } => Block::Text { text: Cow::Owned(text.into_owned()), line },
            Block::Row { cells, line } => Block::Row { cells: cells.into_iter().map(GridCell::into_owned).collect(), line },
        }
    }
    /// The source line.
    pub fn line(&self) -> u32 {
        match self {
            Block::Text { line, .. } | Block::Row { line, .. } => *line,
        }
    }
}

/// What a reader produces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid<'a> {
    /// Blocks in document order.
    pub blocks: Vec<Block<'a>>,
    /// The layout families recognised (e.g. `tab-rows`, `html-table`), for the report's `meta.source`.
    pub layouts: Vec<String>,
}

impl<'a> Grid<'a> {
    /// Add a prose line.
    pub fn text(&mut self, text: impl Into<Cow<'a, str>>, line: u32) {
        self.blocks.push(Block::Text { text: text.into(), line });
    }
    /// Add a table row.
    pub fn row(&mut self, mut cells: Vec<GridCell<'a>>, line: u32) {
        cells.shrink_to_fit();
        self.blocks.push(Block::Row { cells, line });
    }
    /// Note a layout family, once.
    pub fn layout(&mut self, name: &str) {
        if !self.layouts.iter().any(|l| l == name) {
            self.layouts.push(name.to_string());
        }
    }
}
