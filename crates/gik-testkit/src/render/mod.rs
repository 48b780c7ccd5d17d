//! Renderers: a [`Truth`] written out as the text a converter makes of a real
//! report, one module per layout family of the corpus.
//!
//! | layout | what it mimics | corpus example |
//! |---|---|---|
//! | `tab-rows` | Word table pasted as text: a row per line, cells tab-separated | 001 |
//! | `tab-cells` | Word paste: one tab-prefixed cell per line, blank line between rows | 000, 003 |
//! | `pipe-cells` | web converter: one `X \|` cell per line, `\|\|` ends a row | 016, 018 |
//! | `markdown` | markdown pipe tables, whole or one table per row group | 011 |
//! | `columns` | `pdftotext -layout`: runs of spaces, broken and vertical labels, page numbers | 008, 031, 034 |
//! | `raw` | `pdftotext -raw`: one cell per line, merged labels out of place | 009, 032, 033 |
//! | `glued` | a web page's text: a whole table on one line, no separators | 002, 003 pingtan |
//! | `traditional` | traditional script with pinyin ruby (`報(bào)告`) over a cell layout | 004 |
//! | `fullwidth` | full-width digits (０-９) and brackets over a cell layout | — |
//! | `html` | an HTML page with `rowspan`/`colspan` tables | 021 |
//! | `docx` | a Word file: the official template filled, or built with its `w:gridSpan`/`w:vMerge` grid | template-2021.docx |
//!
//! Every renderer writes the six parts with prose, a title (or none, the agency
//! then named in "由X编制" / "请与X联系"), and a date line; [`doc`] assembles them.
//!
//! Text layouts yield a `String` ([`render`]); a layout that writes a file
//! (`docx`) yields its bytes too ([`render_file`]).

pub mod cells;
pub mod columns;
pub mod doc;
pub mod docx;
pub mod glued;
pub mod html;
pub mod script;

use crate::gen::Truth;
use crate::table::{self, Tables, Value};
use gik_model::Decimal;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A layout family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// A row per line, tab-separated cells.
    TabRows,
    /// One tab-prefixed cell per line, blank line between rows.
    TabCells,
    /// One `X |` cell per line, `||` ends a row.
    PipeCells,
    /// Markdown pipe tables.
    Markdown,
    /// `pdftotext -layout`.
    Columns,
    /// `pdftotext -raw`.
    Raw,
    /// A whole table on one line.
    Glued,
    /// Traditional script with pinyin ruby.
    Traditional,
    /// Full-width digits and brackets.
    FullWidth,
    /// An HTML page.
    Html,
    /// A Word file (.docx).
    Docx,
}

impl Layout {
    /// Every layout, in the order of the table above.
    pub const ALL: [Layout; 11] = [
        Layout::TabRows,
        Layout::TabCells,
        Layout::PipeCells,
        Layout::Markdown,
        Layout::Columns,
        Layout::Raw,
        Layout::Glued,
        Layout::Traditional,
        Layout::FullWidth,
        Layout::Html,
        Layout::Docx,
    ];

    /// The layout's name, as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Layout::TabRows => "tab-rows",
            Layout::TabCells => "tab-cells",
            Layout::PipeCells => "pipe-cells",
            Layout::Markdown => "markdown",
            Layout::Columns => "columns",
            Layout::Raw => "raw",
            Layout::Glued => "glued",
            Layout::Traditional => "traditional",
            Layout::FullWidth => "fullwidth",
            Layout::Html => "html",
            Layout::Docx => "docx",
        }
    }

    /// The layout with this name.
    pub fn from_name(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == s)
    }
}

/// How a report writes the things every layout shares.
#[derive(Debug, Clone)]
pub struct Style {
    /// How a blank cell is written: "", "/", "-", "—", "&nbsp;".
    pub blank: &'static str,
    /// Pad some cells with U+3000 / NBSP, as Word pastes do.
    pub padding: bool,
    /// Scatter zero-width spaces.
    pub zero_width: bool,
    /// Write brackets half-width `(一)` instead of `（一）`.
    pub half_brackets: bool,
    /// Break long labels (inside their cell, or over lines).
    pub break_labels: bool,
}

impl Style {
    /// Draw a style. `visible_blanks`: layouts where an empty cell would vanish
    /// (PDF text, glued) write blanks as a visible mark.
    pub fn draw(r: &mut ChaCha8Rng, visible_blanks: bool) -> Style {
        let blanks: &[&'static str] = if visible_blanks { &["/", "-", "—", "／"] } else { &["", "", "", "/", "-", "—", "&nbsp;"] };
        Style {
            blank: blanks[r.random_range(0..blanks.len())],
            padding: r.random_bool(0.3),
            zero_width: r.random_bool(0.1),
            half_brackets: r.random_bool(0.3),
            break_labels: r.random_bool(0.5),
        }
    }
}

/// The text of a number as a report prints it.
pub fn number(v: Decimal) -> String {
    v.to_string()
}

/// The text of a value cell: the number, or the style's blank mark.
pub fn value_text(v: &Value, style: &Style) -> String {
    match v.value {
        Some(d) => number(d),
        None => style.blank.to_string(),
    }
}

/// Pad a cell the way Word pastes do (U+3000, NBSP), sometimes.
pub fn pad(s: &str, r: &mut ChaCha8Rng, style: &Style) -> String {
    if !style.padding || !r.random_bool(0.4) {
        return s.to_string();
    }
    match r.random_range(0..4) {
        0 => format!("\u{3000}\u{3000}{s}"),
        1 => format!("\u{a0}{s}"),
        2 => format!("{s}\u{a0}"),
        _ => format!("\u{a0}\u{3000}{s}"),
    }
}

/// Break a label inside its cell with a space, as converters of justified
/// cells do ("(三) 不 予公开"), sometimes.
pub fn space_in_label(s: &str, r: &mut ChaCha8Rng, style: &Style) -> String {
    let n = s.chars().count();
    if !style.break_labels || n < 4 || !r.random_bool(0.3) {
        return s.to_string();
    }
    let at = r.random_range(2..n - 1);
    let (a, b): (String, String) = (s.chars().take(at).collect(), s.chars().skip(at).collect());
    format!("{a} {b}")
}

/// What a layout yields: the text a parser reads, or a file's bytes (with a
/// text to show: for DOCX its `word/document.xml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The text (text layouts), or a readable view of the file.
    pub text: String,
    /// The file, for layouts that write one (DOCX); the parser reads these bytes.
    pub bytes: Option<Vec<u8>>,
}

fn setup(t: &Truth, layout: Layout, seed: u64) -> (ChaCha8Rng, Style, Tables) {
    let mut r = crate::gen::rng(seed ^ 0x5851_F42D_4C95_7F2D);
    let visible = matches!(layout, Layout::Columns | Layout::Raw | Layout::Glued);
    let style = Style::draw(&mut r, visible);
    (r, style, table::tables(t))
}

/// Render a report in a layout, as text or as a file. Deterministic in `seed`.
pub fn render_file(t: &Truth, layout: Layout, seed: u64) -> Rendered {
    if layout == Layout::Docx {
        let (mut r, style, tabs) = setup(t, layout, seed);
        let d = docx::render(t, &tabs, &mut r, &style);
        return Rendered { text: d.xml, bytes: Some(d.bytes) };
    }
    Rendered { text: render(t, layout, seed), bytes: None }
}

/// Render a report in a layout. Deterministic in `seed`. For a layout that
/// writes a file (DOCX) this is the file's readable view (see [`render_file`]).
pub fn render(t: &Truth, layout: Layout, seed: u64) -> String {
    let (mut r, style, tabs) = setup(t, layout, seed);
    match layout {
        Layout::TabRows => doc::assemble(t, &mut r, &style, |r, s| cells::tab_rows(&tabs, r, s)),
        Layout::TabCells => doc::assemble(t, &mut r, &style, |r, s| cells::tab_cells(&tabs, r, s)),
        Layout::PipeCells => doc::assemble(t, &mut r, &style, |r, s| cells::pipe_cells(&tabs, r, s)),
        Layout::Markdown => doc::assemble(t, &mut r, &style, |r, s| cells::markdown(&tabs, r, s)),
        Layout::Columns => doc::assemble(t, &mut r, &style, |r, s| columns::layout(&tabs, r, s)),
        Layout::Raw => doc::assemble(t, &mut r, &style, |r, s| columns::raw(&tabs, r, s)),
        Layout::Glued => glued::render(t, &tabs, &mut r, &style),
        Layout::Traditional => {
            let base = [Layout::PipeCells, Layout::TabRows, Layout::TabCells, Layout::Markdown][r.random_range(0..4)];
            let text = render(t, base, seed.wrapping_add(1));
            script::traditional(&text, r.random_bool(0.7))
        }
        Layout::FullWidth => {
            let base = [Layout::PipeCells, Layout::TabRows, Layout::TabCells, Layout::Markdown][r.random_range(0..4)];
            let text = render(t, base, seed.wrapping_add(1));
            script::full_width(&text)
        }
        Layout::Html => html::render(t, &tabs, &mut r, &style),
        Layout::Docx => docx::render(t, &tabs, &mut r, &style).xml,
    }
}

/// The right answers for `meta.agency` and `meta.published` on the rendered text.
///
/// The agency is as written; for traditional script its simplified form is
/// right too (the corpus's truth for 004 accepts both). A glued page on one
/// line has no date line, so an empty date is right there too.
pub fn expected_meta(t: &Truth, layout: Layout, text: &str) -> (Vec<String>, Vec<String>) {
    let mut agency = vec![t.agency().to_string()];
    if layout == Layout::Traditional {
        agency.push(script::to_traditional(t.agency()));
    }
    let mut published = vec![t.report.meta.published.clone().unwrap_or_default()];
    if layout == Layout::Glued && text.trim_end().lines().count() <= 1 {
        published.push(String::new());
    }
    (agency, published)
}
