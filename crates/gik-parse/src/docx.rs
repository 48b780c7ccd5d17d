//! Word files (.docx): tables from `w:tbl`, text from the paragraphs.
//!
//! A .docx is a ZIP archive; the body is `word/document.xml`. It is read with
//! `quick-xml` as a stream of events into the [`Grid`]:
//!
//! - each paragraph `w:p` outside a table is a prose line (its runs' `w:t`
//!   concatenated, so a label split across runs comes out whole; `w:tab` is a tab,
//!   `w:br`/`w:cr` end a line);
//! - a paragraph numbered by Word's lists (`w:numPr`, on the paragraph or its
//!   style) gets its number drawn as Word draws it (`一、`, `（二）`, `3.`), since
//!   the number is not in the text;
//! - each table row `w:tr` is a row of cells `w:tc`; a cell's paragraphs (and
//!   `w:br` lines) are joined with nothing between them when either side is CJK
//!   and with a space otherwise;
//! - `w:gridSpan val=n` (merged across columns) gives the cell then `n-1` empty
//!   cells; `w:vMerge` without `val="restart"` (the continuation of a cell merged
//!   across rows) gives an empty cell, and so does a `w:hMerge` continuation (the
//!   older horizontal form); `w:gridBefore` gives leading empty cells;
//! - tracked deletions (`w:del`) and the old place of moved text (`w:moveFrom`),
//!   field codes (`w:instrText`) and the `mc:Fallback` copy of drawings are not read.
//!
//! - a table that holds other tables (page layout) is read as its cells' text,
//!   as prose lines, with the inner tables' rows in place.
//!
//! A .docx has no meaningful source lines, so the "line" of a block is its
//! position: the n-th paragraph or table row of the document, counting the
//! paragraphs inside cells too.
//!
//! Limits: `word/document.xml` larger than 64 MiB once decompressed is refused
//! ([`ErrorKind::TooLarge`]), whatever its header claims; tables are cut at 200
//! columns.

use crate::error::{Error, ErrorKind};
use crate::grid::{Block, Grid, GridCell};
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Largest `word/document.xml` read, decompressed.
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;
/// Widest table laid out.
const MAX_COLUMNS: usize = 200;
/// Positions that merged cells (`w:gridSpan`, `w:gridBefore`) may cover besides
/// their own, in the whole document: bounds the grid a few bytes can ask for.
/// Past it, spans count as 1.
const MAX_SPAN_CELLS: usize = 1_000_000;

/// Does this look like a ZIP archive?
///
/// ```
/// assert!(gik_parse::docx::is_zip(b"PK\x03\x04rest"));
/// assert!(!gik_parse::docx::is_zip(b"%PDF-1.7"));
/// ```
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Read a .docx into the grid.
///
/// A ZIP that is not a Word document (an .xlsx, a plain archive) is an error of
/// kind [`ErrorKind::Binary`]; a broken archive or broken XML is
/// [`ErrorKind::Malformed`].
///
/// ```
/// let err = gik_parse::docx::read(b"PK\x03\x04 not really a zip").unwrap_err();
/// assert_eq!(err.kind(), gik_parse::ErrorKind::Malformed);
/// ```
pub fn read(bytes: &[u8]) -> Result<Grid<'static>, Error> {
    let (xml, numbering) = document_xml(bytes)?;
    let mut reader = Body { span_budget: MAX_SPAN_CELLS, numbering, ..Body::default() };
    reader.read(&xml)?;
    let mut grid = reader.grid;
    if grid.blocks.iter().any(|b| matches!(b, Block::Row { .. })) {
        grid.layout("docx-table");
    }
    Ok(grid)
}

fn malformed(what: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Malformed, format!("a broken .docx file: {what}"))
}

/// The text of `word/document.xml` and the list numbering (from
/// `word/numbering.xml` and `word/styles.xml`), or an error saying what the
/// archive is instead.
fn document_xml(bytes: &[u8]) -> Result<(String, Numbering), Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::new(ErrorKind::Malformed, format!("a broken ZIP archive (.docx files are ZIP archives): {e}"))
    })?;
    let name = main_part(&mut zip).filter(|n| zip.index_for_name(n).is_some());
    let name = match name {
        Some(n) => n,
        None if zip.index_for_name("word/document.xml").is_some() => "word/document.xml".to_string(),
        None => return Err(not_a_docx(&mut zip)),
    };
    let entry = zip.by_name(&name).map_err(|e| malformed(format!("{name} cannot be read: {e}")))?;
    if entry.size() > MAX_DOCUMENT_XML {
        return Err(too_large(entry.size()));
    }
    let mut raw = Vec::new();
    entry
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut raw)
        .map_err(|e| malformed(format!("word/document.xml cannot be decompressed: {e}")))?;
    if raw.len() as u64 > MAX_DOCUMENT_XML {
        return Err(too_large(raw.len() as u64));
    }
    let (text, _, had_errors) = encoding_rs::UTF_8.decode(&raw);
    if had_errors {
        return Err(malformed("word/document.xml is not valid UTF-8/UTF-16 text"));
    }
    let numbering = Numbering::new(
        optional_part(&mut zip, "word/numbering.xml").as_deref(),
        optional_part(&mut zip, "word/styles.xml").as_deref(),
    );
    Ok((text.into_owned(), numbering))
}

/// The main document part named by the package relationships (`_rels/.rels`),
/// when it is a Word part: almost always `word/document.xml`, but some
/// generators name it otherwise (`word/document2.xml`).
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let mut rels = String::new();
    zip.by_name("_rels/.rels").ok()?.take(1024 * 1024).read_to_string(&mut rels).ok()?;
    let mut reader = quick_xml::Reader::from_str(&rels);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr = |k: &str| {
                    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == k).map(|a| a.value.to_string())
                };
                if attr("Type").is_some_and(|t| t.ends_with("/officeDocument")) {
                    let target = attr("Target")?;
                    let target = target.trim_start_matches('/');
                    return (target.starts_with("word/") && target.ends_with(".xml")).then(|| target.to_string());
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A part the reading can do without (numbering, styles): `None` when missing,
/// broken or over 16 MiB.
fn optional_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    const MAX: u64 = 16 * 1024 * 1024;
    let entry = zip.by_name(name).ok()?;
    let mut raw = Vec::new();
    entry.take(MAX + 1).read_to_end(&mut raw).ok()?;
    if raw.len() as u64 > MAX {
        return None;
    }
    let (text, _, had_errors) = encoding_rs::UTF_8.decode(&raw);
    (!had_errors).then(|| text.into_owned())
}

fn too_large(n: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("word/document.xml decompresses to more than {n} bytes, over the limit of {MAX_DOCUMENT_XML} bytes (a report is far smaller; the file may be a ZIP bomb)"),
    )
}

/// Say what a ZIP without `word/document.xml` is, and what to do with it.
fn not_a_docx(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Error {
    let has = |zip: &zip::ZipArchive<Cursor<&[u8]>>, name: &str| zip.index_for_name(name).is_some();
    let mut mimetype = String::new();
    if let Ok(f) = zip.by_name("mimetype") {
        let _ = f.take(256).read_to_string(&mut mimetype);
    }
    let message = if has(zip, "xl/workbook.xml") {
        "an Excel workbook (.xlsx), not a Word document: gik reads reports as .docx, HTML or text; open the report itself, or export the sheet as text".to_string()
    } else if has(zip, "ppt/presentation.xml") {
        "a PowerPoint presentation (.pptx), not a Word document: gik reads reports as .docx, HTML or text".to_string()
    } else if mimetype.starts_with("application/vnd.oasis.opendocument") {
        format!(
            "an OpenDocument file ({}), not a .docx: save it as .docx (Word/WPS/LibreOffice: Save As) and parse that",
            mimetype.trim()
        )
    } else if has(zip, "[Content_Types].xml") {
        "an Office Open XML package without word/document.xml, not a Word document: save the report as .docx, HTML or text".to_string()
    } else {
        let n = zip.len();
        format!("a ZIP archive ({n} entries), not a Word document: extract the report from it and parse that file")
    };
    Error::new(ErrorKind::Binary, message)
}

// ---------------------------------------------------------------------------
// The body of word/document.xml.

/// What a cell holds, in order: paragraphs, and the rows of tables inside it.
enum Item {
    Text(String, u32),
    Blocks(Vec<Block<'static>>),
}

#[derive(Default)]
struct CellBuild {
    items: Vec<Item>,
    span: usize,
    /// Continues a cell merged from the row above.
    continued: bool,
}

#[derive(Default)]
struct RowBuild {
    cells: Vec<CellBuild>,
    grid_before: usize,
    line: u32,
    /// Inside a `w:tc` of this row.
    open_cell: bool,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    line: u32,
    /// `w:pPr/w:pStyle`.
    style: Option<String>,
    /// `w:pPr/w:numPr`: list and level.
    num_id: Option<u32>,
    level: Option<usize>,
}

#[derive(Default)]
struct Body {
    grid: Grid<'static>,
    /// Position counter: paragraphs and table rows, in document order.
    next_line: u32,
    /// Tables being read (more than one for nested tables).
    tables: Vec<Vec<RowBuild>>,
    /// Paragraphs being read (more than one for text boxes inside paragraphs).
    paragraphs: Vec<Para>,
    /// Automatic list numbers (`一、`, `（一）`, `1.` written by Word, not typed).
    numbering: Numbering,
    /// Depth inside `w:t`.
    in_text: usize,
    /// Depth inside `w:r` (a `w:tab` elsewhere is a tab stop definition).
    in_run: usize,
    /// Depth inside a subtree that is not read (`mc:Fallback`).
    skipping: usize,
    /// What is left of [`MAX_SPAN_CELLS`].
    span_budget: usize,
}

impl Body {
    fn read(&mut self, xml: &str) -> Result<(), Error> {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        loop {
            let event = reader.read_event().map_err(|e| {
                malformed(format!(
                    "word/document.xml is not well-formed XML near byte {}: {e}",
                    reader.buffer_position()
                ))
            })?;
            if self.skipping > 0 {
                match event {
                    Event::Start(_) => self.skipping += 1,
                    Event::End(_) => self.skipping -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(e) => self.start(&e),
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) if self.in_text > 0 => self.push_text(&t.xml10_content()),
                Event::CData(t) if self.in_text > 0 => self.push_text(&t.xml10_content()),
                Event::GeneralRef(r) if self.in_text > 0 => {
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match &*r {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(c) = ch {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A truncated document: keep what was read.
        while !self.tables.is_empty() {
            self.end_table();
        }
        while !self.paragraphs.is_empty() {
            self.end_paragraph();
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            // The VML copy of a drawing or text box (the mc:Choice copy is read);
            // tracked deletions and the old place of moved text.
            "Fallback" | "del" | "moveFrom" => self.skipping = 1,
            // Tracked formatting changes: the old properties, which must not apply.
            name if name.ends_with("Change") => self.skipping = 1,
            "tbl" => self.tables.push(Vec::new()),
            "tr" => {
                let line = self.take_line();
                if let Some(t) = self.tables.last_mut() {
                    t.push(RowBuild { line, ..RowBuild::default() });
                }
            }
            "tc" => {
                if let Some(r) = self.row() {
                    r.cells.push(CellBuild { span: 1, ..CellBuild::default() });
                    r.open_cell = true;
                }
            }
            "gridBefore" => {
                let n = val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(MAX_COLUMNS);
                if let Some(r) = self.row() {
                    r.grid_before = n;
                }
            }
            "gridSpan" => {
                let n = val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_COLUMNS);
                if let Some(c) = self.cell() {
                    c.span = n;
                }
            }
            // `w:hMerge` is the older horizontal form (documents converted from Word 2003).
            "vMerge" | "hMerge" => {
                let restart = val(e).as_deref() == Some("restart");
                if let Some(c) = self.cell() {
                    c.continued = !restart;
                }
            }
            "p" => {
                let line = self.take_line();
                self.paragraphs.push(Para { line, ..Para::default() });
            }
            "pStyle" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = val(e);
                }
            }
            "numId" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.num_id = val(e).and_then(|v| v.parse().ok());
                }
            }
            "ilvl" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.level = val(e).and_then(|v| v.parse().ok());
                }
            }
            "r" => self.in_run += 1,
            "t" if self.in_run > 0 => self.in_text += 1,
            "tab" | "ptab" if self.in_run > 0 => self.push_text("\t"),
            "br" | "cr" if self.in_run > 0 => self.push_text("\n"),
            "noBreakHyphen" if self.in_run > 0 => self.push_text("-"),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "tbl" => self.end_table(),
            "tc" => {
                if let Some(r) = self.row() {
                    r.open_cell = false;
                }
            }
            "p" => self.end_paragraph(),
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "t" => self.in_text = self.in_text.saturating_sub(1),
            _ => {}
        }
    }

    fn row(&mut self) -> Option<&mut RowBuild> {
        self.tables.last_mut()?.last_mut()
    }

    fn cell(&mut self) -> Option<&mut CellBuild> {
        let r = self.row()?;
        if !r.open_cell {
            return None;
        }
        r.cells.last_mut()
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(s);
        }
    }

    fn take_line(&mut self) -> u32 {
        self.next_line += 1;
        self.next_line
    }

    fn end_paragraph(&mut self) {
        let Some(para) = self.paragraphs.pop() else { return };
        let line = para.line;
        let text = match self.numbering.label(para.num_id, para.level, para.style.as_deref()) {
            Some(number) if !para.text.trim().is_empty() => {
                crate::html::join_pieces([number.as_str(), para.text.as_str()])
            }
            _ => para.text,
        };
        if let Some(c) = self.cell() {
            c.items.push(Item::Text(text, line));
            return;
        }
        for t in text_lines(&text, line) {
            self.grid.blocks.push(t);
        }
    }

    /// A table ends: its rows, or, for a table that holds other tables (page
    /// layout), its cells' text as prose and the inner tables' rows in place.
    fn end_table(&mut self) {
        let Some(rows) = self.tables.pop() else { return };
        let layout = rows.iter().flat_map(|r| &r.cells).flat_map(|c| &c.items).any(|i| matches!(i, Item::Blocks(_)));
        let mut blocks = Vec::new();
        for row in rows {
            if layout {
                for item in row.cells.into_iter().flat_map(|c| c.items) {
                    match item {
                        Item::Text(text, line) => blocks.extend(text_lines(&text, line)),
                        Item::Blocks(b) => blocks.extend(b),
                    }
                }
                continue;
            }
            let line = row.line;
            let empty = || GridCell::shadow(line);
            let before = row.grid_before.min(self.span_budget);
            self.span_budget -= before;
            let mut cells: Vec<GridCell> = (0..before).map(|_| empty()).collect();
            for cell in row.cells {
                if cells.len() >= MAX_COLUMNS {
                    break;
                }
                if cell.continued {
                    cells.push(GridCell::shadow(line));
                } else {
                    cells.push(GridCell::new(cell_text(&cell.items), line));
                }
                let extra = (cell.span - 1).min(MAX_COLUMNS - cells.len()).min(self.span_budget);
                self.span_budget -= extra;
                cells.extend((0..extra).map(|_| empty()));
            }
            blocks.push(Block::Row { cells, line });
        }
        match self.cell() {
            Some(outer) => outer.items.push(Item::Blocks(blocks)),
            None => self.grid.blocks.extend(blocks),
        }
    }
}

/// A paragraph outside tables: a prose line per `w:br` line, blank ones dropped.
fn text_lines(text: &str, line: u32) -> Vec<Block<'static>> {
    text.split('\n')
        .map(|l| l.trim_matches(crate::html::is_blank))
        .filter(|l| !l.is_empty())
        .map(|l| Block::Text { text: l.to_string().into(), line })
        .collect()
}

/// A cell's paragraphs (and `w:br` lines) joined into one text; tabs are spaces there.
fn cell_text(items: &[Item]) -> String {
    let pieces: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t, _) => Some(t.replace('\t', " ")),
            Item::Blocks(_) => None,
        })
        .flat_map(|t| t.split('\n').map(str::to_string).collect::<Vec<_>>())
        .collect();
    crate::html::join_pieces(pieces.iter().map(String::as_str))
}

/// The `w:val` attribute.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.trim().to_string())
}

// ---------------------------------------------------------------------------
// Automatic list numbering: `w:numPr` on a paragraph (or on its style) draws a
// number Word computes (`一、`, `（三）`, `1.`); it is not in the text, so it is
// computed here the same way.

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    /// `decimal`, `chineseCounting`, `upperRoman`, `bullet`, …
    format: String,
    /// `%1、`, `（%1）`, `%1.%2`, …
    text: String,
}

/// A paragraph style's list, level and parent style.
#[derive(Debug, Default)]
struct StyleList {
    num_id: Option<u32>,
    level: Option<usize>,
    based_on: Option<String>,
}

/// The list definitions of a document and the counters of its lists.
#[derive(Debug, Default)]
struct Numbering {
    /// `w:abstractNum`: its levels.
    abstracts: std::collections::HashMap<u32, Vec<Level>>,
    /// `w:num`: its `w:abstractNum` and the levels whose start it overrides.
    nums: std::collections::HashMap<u32, (u32, [Option<u32>; 9])>,
    /// Paragraph styles by id.
    styles: std::collections::HashMap<String, StyleList>,
    /// Current counter of each list, per level.
    counters: std::collections::HashMap<u32, [u32; 9]>,
}

impl Numbering {
    fn new(numbering_xml: Option<&str>, styles_xml: Option<&str>) -> Numbering {
        let mut n = Numbering::default();
        if let Some(xml) = numbering_xml {
            n.read_numbering(xml);
        }
        if let Some(xml) = styles_xml {
            n.read_styles(xml);
        }
        n
    }

    fn read_numbering(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let (mut abstract_id, mut level, mut num_id, mut override_level) = (None, None::<usize>, None, None::<usize>);
        let mut skipping = 0usize;
        while let Ok(event) = reader.read_event() {
            let e = match event {
                Event::Eof => break,
                Event::Start(e) => e,
                Event::End(_) => {
                    skipping = skipping.saturating_sub(1);
                    continue;
                }
                _ => continue,
            };
            if skipping > 0 {
                skipping += 1;
                continue;
            }
            let attr = |k: &str| {
                e.attributes().flatten().find(|a| a.key.local_name().as_ref() == k).map(|a| a.value.trim().to_string())
            };
            let num = |k: &str| attr(k).and_then(|v| v.parse::<u32>().ok());
            match e.local_name().as_ref() {
                "abstractNum" => {
                    abstract_id = num("abstractNumId");
                    num_id = None;
                }
                "num" => {
                    num_id = num("numId");
                    abstract_id = None;
                }
                "lvl" if abstract_id.is_some() => level = num("ilvl").map(|l| l as usize).filter(|&l| l < 9),
                "lvlOverride" => override_level = num("ilvl").map(|l| l as usize).filter(|&l| l < 9),
                // The picture of a picture bullet, and lvl definitions inside lvlOverride.
                "numPicBullet" | "lvl" => skipping = 1,
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num_id, num("val")) {
                        self.nums.entry(n).or_default().0 = a;
                    }
                }
                "startOverride" => {
                    if let (Some(n), Some(l), Some(v)) = (num_id, override_level, num("val")) {
                        self.nums.entry(n).or_default().1[l] = Some(v);
                    }
                }
                name @ ("start" | "numFmt" | "lvlText") => {
                    let (Some(a), Some(l)) = (abstract_id, level) else { continue };
                    let levels = self.abstracts.entry(a).or_default();
                    if levels.len() <= l {
                        levels.resize(l + 1, Level { start: 1, ..Level::default() });
                    }
                    let value = attr("val").unwrap_or_default();
                    match name {
                        "start" => levels[l].start = value.parse().unwrap_or(1),
                        "numFmt" => levels[l].format = value,
                        // A number's text is a few characters; a long one is not drawn.
                        _ => levels[l].text = if value.chars().count() <= 32 { value } else { String::new() },
                    }
                }
                _ => {}
            }
        }
    }

    fn read_styles(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let mut style: Option<String> = None;
        while let Ok(event) = reader.read_event() {
            let e = match event {
                Event::Eof => break,
                Event::Start(e) => e,
                _ => continue,
            };
            let v = val(&e);
            match e.local_name().as_ref() {
                "style" => {
                    style = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "styleId")
                        .map(|a| a.value.to_string());
                }
                "basedOn" | "numId" | "ilvl" => {
                    let Some(id) = style.clone() else { continue };
                    let entry = self.styles.entry(id).or_default();
                    match e.local_name().as_ref() {
                        "basedOn" => entry.based_on = v,
                        "numId" => entry.num_id = v.and_then(|v| v.parse().ok()),
                        _ => entry.level = v.and_then(|v| v.parse().ok()),
                    }
                }
                _ => {}
            }
        }
    }

    /// The list and level of a paragraph: its own `w:numPr`, else its style's (inherited).
    fn list_of(&self, num_id: Option<u32>, level: Option<usize>, style: Option<&str>) -> Option<(u32, usize)> {
        let (mut id, mut lvl) = (num_id, level);
        let mut s = style.map(str::to_string);
        for _ in 0..16 {
            if id.is_some() {
                break;
            }
            let Some(st) = s.as_ref().and_then(|name| self.styles.get(name)) else { break };
            id = st.num_id;
            lvl = lvl.or(st.level);
            s = st.based_on.clone();
        }
        Some((id.filter(|&i| i != 0)?, lvl.unwrap_or(0).min(8)))
    }

    /// The number a list paragraph shows, counting it; `None` for paragraphs
    /// outside lists, bullets and unknown lists.
    fn label(&mut self, num_id: Option<u32>, level: Option<usize>, style: Option<&str>) -> Option<String> {
        let (id, lvl) = self.list_of(num_id, level, style)?;
        let (abstract_id, overrides) = self.nums.get(&id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let start = |l: usize| overrides[l].unwrap_or_else(|| levels.get(l).map(|x| x.start).unwrap_or(1));
        let counters = self.counters.entry(id).or_insert_with(|| [0; 9]);
        counters[lvl] = if counters[lvl] == 0 { start(lvl) } else { counters[lvl].saturating_add(1) };
        for deeper in counters.iter_mut().skip(lvl + 1) {
            *deeper = 0;
        }
        let this = levels.get(lvl)?;
        if matches!(this.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k)) if (1..=9).contains(&k) => {
                    chars.next();
                    let l = k as usize - 1;
                    let n = if counters[l] == 0 { start(l) } else { counters[l] };
                    let format = levels.get(l).map(|x| x.format.as_str()).unwrap_or("decimal");
                    out.push_str(&format_number(n, format));
                }
                _ => out.push(c),
            }
        }
        (!out.trim().is_empty()).then_some(out)
    }
}

/// A list number in one of Word's formats (the ones Chinese reports use; others as decimals).
fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let chinese = |n: u32| -> String {
        match n {
            0..=9 => DIGITS[n as usize].to_string(),
            10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] }),
            20..=99 => {
                format!("{}十{}", DIGITS[(n / 10) as usize], if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] })
            }
            _ => n.to_string(),
        }
    };
    // Letters and roman numerals grow with the number: past these, decimals
    // (a `w:start` of four billion must not draw a string of millions of letters).
    let letter = |n: u32, base: u8| {
        if n == 0 || n > 26 * 10 {
            return n.to_string();
        }
        let c = (base + ((n - 1) % 26) as u8) as char;
        c.to_string().repeat(((n - 1) / 26 + 1) as usize)
    };
    let roman = |mut n: u32| {
        if n == 0 || n >= 4000 {
            return n.to_string();
        }
        let mut s = String::new();
        for (v, r) in [
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ] {
            while n >= v {
                s.push_str(r);
                n -= v;
            }
        }
        s
    };
    match format {
        "chineseCounting" | "chineseCountingThousand" | "chineseLegalSimplified" | "japaneseCounting" => chinese(n),
        "ideographTraditional" => {
            const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
            STEMS.get((n as usize).wrapping_sub(1)).map(|s| s.to_string()).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().filter_map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10)).collect()
        }
        "lowerLetter" => letter(n, b'a'),
        "upperLetter" => letter(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}
