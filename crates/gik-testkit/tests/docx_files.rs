//! The `docx` layout writes files Word would write: a ZIP package with its
//! content types, relationships and `word/document.xml`; well-formed XML; every
//! table row filling the table's grid (`w:gridSpan`), every `w:vMerge`
//! continuation under a cell of the same columns; both ways of writing
//! (the official template filled, the document built) and both templates drawn.

use gik_testkit::gen::{generate, GenOptions};
use gik_testkit::render::{render_file, Layout};
use quick_xml::events::Event;
use std::io::{Cursor, Read};

const SEEDS: std::ops::Range<u64> = 0..40;

/// A cell of a table row: first grid column, columns spanned, vertical merge
/// (`None`, `Some(true)` restart, `Some(false)` continue).
type Cell = (usize, usize, Option<bool>);

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| a.value.to_string())
}

/// The tables of a document: grid widths, and the rows of cells.
fn tables(xml: &str) -> Vec<(usize, Vec<Vec<Cell>>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut out = Vec::new();
    let (mut grid, mut rows, mut row, mut pos) = (0usize, Vec::new(), Vec::new(), 0usize);
    let (mut span, mut merge) = (1usize, None);
    loop {
        let ev = reader.read_event().unwrap_or_else(|e| panic!("XML not well-formed at {}: {e}", reader.buffer_position()));
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "tbl" => {
                    grid = 0;
                    rows = Vec::new();
                }
                "gridCol" => grid += 1,
                "tr" => {
                    row = Vec::new();
                    pos = 0;
                }
                "tc" => {
                    span = 1;
                    merge = None;
                }
                "gridSpan" => span = attr(&e, "val").and_then(|v| v.parse().ok()).expect("gridSpan value"),
                "vMerge" => merge = Some(attr(&e, "val").as_deref() == Some("restart")),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "tc" => {
                    row.push((pos, span, merge));
                    pos += span;
                }
                "tr" => rows.push(std::mem::take(&mut row)),
                "tbl" => out.push((grid, std::mem::take(&mut rows))),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn entry(bytes: &[u8], name: &str) -> Option<String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    let mut s = String::new();
    z.by_name(name).ok()?.read_to_string(&mut s).expect("UTF-8");
    Some(s)
}

#[test]
fn docx_files_are_packages_word_would_write() {
    let opts = GenOptions::default();
    let (mut from_template, mut built, mut v2019, mut listed) = (0, 0, 0, 0);
    for seed in SEEDS {
        let truth = generate(seed, &opts);
        let out = render_file(&truth, Layout::Docx, seed);
        let bytes = out.bytes.as_deref().expect("a file");
        assert!(bytes.starts_with(b"PK\x03\x04"), "seed {seed}: a ZIP archive");
        for part in ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml"] {
            assert!(entry(bytes, part).is_some(), "seed {seed}: no {part}");
        }
        let xml = entry(bytes, "word/document.xml").expect("word/document.xml");
        assert_eq!(xml, out.text, "seed {seed}: the text shown is the document");
        let types = entry(bytes, "[Content_Types].xml").unwrap_or_default();
        assert!(types.contains("/word/document.xml"), "seed {seed}: document.xml has a content type");
        if entry(bytes, "word/numbering.xml").is_some() {
            assert!(types.contains("/word/numbering.xml"), "seed {seed}: numbering.xml has a content type");
        }
        if xml.contains("<w:numPr>") {
            assert!(entry(bytes, "word/numbering.xml").is_some(), "seed {seed}: list numbers without numbering.xml");
        }
        if xml.contains("wpsCustomData") {
            from_template += 1;
        } else {
            built += 1;
        }
        v2019 += usize::from(truth.template() == gik_model::Template::V2019);
        listed += usize::from(xml.contains("<w:numPr>"));
        let tables = tables(&xml);
        assert!(tables.len() >= 3, "seed {seed}: {} tables", tables.len());
        for (ti, (grid, rows)) in tables.iter().enumerate() {
            for (ri, row) in rows.iter().enumerate() {
                let width: usize = row.iter().map(|c| c.1).sum();
                assert_eq!(width, *grid, "seed {seed} table {ti} row {ri}: {width} grid columns of {grid}");
                for &(pos, span, merge) in row {
                    if merge == Some(false) {
                        let above = ri.checked_sub(1).and_then(|a| rows[a].iter().find(|c| c.0 == pos));
                        assert!(
                            matches!(above, Some(&(_, s, Some(_))) if s == span),
                            "seed {seed} table {ti} row {ri}: a vMerge continuation at column {pos} under {above:?}"
                        );
                    }
                }
            }
        }
    }
    assert!(from_template > 0 && built > 0, "template filled {from_template}, built {built}");
    assert!(v2019 > 0, "no 2019-template report");
    assert!(listed > 0, "no headings numbered by a Word list");
}
