//! # gik-parse
//!
//! Read a government information disclosure annual report (政府信息公开工作年度报告)
//! into a typed, checked [`Report`]:
//!
//! ```
//! let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/report.txt")).unwrap();
//! let report = gik_parse::parse(&text).unwrap();
//! assert_eq!(report.get("applications.new.total").unwrap().flat_value(), "12");
//! ```
//!
//! Every input format is read into one intermediate [`grid::Grid`] (prose lines and
//! table rows with source lines): plain text in each of its layout families
//! ([`layout`]), HTML ([`html`]), DOCX ([`docx`]). One place maps the grid onto
//! the template ([`tables`]), using the template's arithmetic to settle glued
//! digits and rows with a cell too many or too few ([`fit`]); one place runs the
//! checks (`gik_model::checks`). A cell that cannot be read with confidence is
//! left empty and flagged, never guessed.

pub mod decode;
pub mod docx;
mod error;
pub mod fit;
pub mod grid;
pub mod html;
pub mod labels;
pub mod layout;
mod meta;
mod narrative;
pub mod normalize;
mod sections;
pub mod tables;

pub use error::{Error, ErrorKind};
pub use gik_model::{Cell, CellState, Diagnostic, Report, Severity, Template};

use grid::Grid;

/// Options for parsing.
#[derive(Debug, Clone)]
pub struct Options {
    /// Inputs larger than this many bytes are refused with [`ErrorKind::TooLarge`].
    pub max_bytes: usize,
    /// [`parse_bytes_with`] decodes a text in GB18030 or Big5 larger than this
    /// many bytes (and not an HTML page) this many bytes at a time, reading the
    /// lines of each piece as it comes, so that the decoded text (half as
    /// large again as the bytes) is never held whole. The report is the same
    /// whatever the value; it trades memory for a little bookkeeping.
    pub piece_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_bytes: 256 * 1024 * 1024, piece_bytes: 256 * 1024 }
    }
}

/// Parse a report from text (plain text in any layout, or an HTML page).
///
/// A text that is not a report at all is an `Err`; a report with problems is an
/// `Ok` whose `diagnostics` say what.
pub fn parse(text: &str) -> Result<Report, Error> {
    parse_with(text, &Options::default())
}

/// [`parse`] with options.
pub fn parse_with(text: &str, opts: &Options) -> Result<Report, Error> {
    if text.len() > opts.max_bytes {
        return Err(too_large(text.len(), opts));
    }
    build_text(text, "UTF-8", Vec::new())
}

/// Parse a report from bytes: detects the encoding (UTF-8 with or without BOM,
/// UTF-16 with BOM, GB18030/GBK, Big5) and the format (text, HTML, DOCX) by content.
pub fn parse_bytes(bytes: &[u8]) -> Result<Report, Error> {
    parse_bytes_with(bytes, &Options::default())
}

/// [`parse_bytes`] with options.
pub fn parse_bytes_with(bytes: &[u8], opts: &Options) -> Result<Report, Error> {
    if bytes.len() > opts.max_bytes {
        return Err(too_large(bytes.len(), opts));
    }
    // PDF, legacy Word/Excel, images, ZIPs that are not DOCX, …: refused with
    // a message saying what to do instead.
    if let Some(e) = decode::sniff_binary(bytes) {
        return Err(e);
    }
    if docx::is_zip(bytes) {
        let grid = docx::read(bytes)?;
        return build(grid, "docx", "UTF-8", Vec::new());
    }
    // Valid UTF-8 is read in place, not copied; a large text in GB18030 or
    // Big5 is decoded and read a piece at a time.
    let pieces = match decode::source(bytes, opts.piece_bytes)? {
        decode::Source::Whole(decoded) => return build_text(&decoded.text, &decoded.encoding, decoded.diagnostics),
        decode::Source::Pieces(pieces) => pieces,
    };
    // the decoded text is about 1.5 times the bytes (2 bytes a Han character
    // in GB18030 and Big5, 3 in UTF-8)
    let mut doc = tables::DocBuilder::with_capacity(bytes.len().saturating_add(bytes.len() / 2));
    let mut reader = layout::Reader::default();
    let (encoding, diags) = pieces.run(|text, last| reader.feed(text, last, |b| doc.push_transient(b)))?;
    finish(tables::build_report_doc(doc.finish())?, reader.layouts(), "text", &encoding, diags)
}

fn too_large(n: usize, opts: &Options) -> Error {
    Error::new(ErrorKind::TooLarge, format!("{n} bytes, more than the limit of {} bytes", opts.max_bytes))
}

/// Text or HTML: plain-text layouts stream their blocks into the document
/// (no grid of the whole text is held); an HTML page is read into a grid first.
fn build_text(text: &str, encoding: &str, input_diags: Vec<Diagnostic>) -> Result<Report, Error> {
    if html::looks_like_html(text) {
        return build(html::read(text), "html", encoding, input_diags);
    }
    let mut doc = tables::DocBuilder::with_capacity(text.len());
    let layouts = layout::read_into(text, |b| doc.push(b));
    finish(tables::build_report_doc(doc.finish())?, layouts, "text", encoding, input_diags)
}

fn build(grid: Grid, format: &str, encoding: &str, input_diags: Vec<Diagnostic>) -> Result<Report, Error> {
    let layouts = grid.layouts.clone();
    finish(tables::build_report(grid)?, layouts, format, encoding, input_diags)
}

fn finish(mut report: Report, layouts: Vec<String>, format: &str, encoding: &str, input_diags: Vec<Diagnostic>) -> Result<Report, Error> {
    report.meta.source.format = format.to_string();
    report.meta.source.encoding = encoding.to_string();
    report.meta.source.layouts = layouts;
    let mut diags = input_diags;
    diags.append(&mut report.diagnostics);
    report.diagnostics = diags;
    gik_model::checks::apply(&mut report);
    // in source order, diagnostics without a line last
    report.diagnostics.sort_by_key(|d| d.line.unwrap_or(u32::MAX));
    Ok(report)
}
