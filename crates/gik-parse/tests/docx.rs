//! DOCX reports made by filling the official 2021 template (tests/corpus/template-2021.docx)
//! programmatically: numbers written into its empty `w:tc` cells, a title paragraph
//! added, the archive zipped again. Every cell of the parsed report must be what
//! was written.

mod common;

use common::{applications, assert_report, review_values, Expected, COLUMNS, ROWS_2021};
use gik_parse::{parse_bytes, ErrorKind};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;

const TEMPLATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/template-2021.docx");

// ---------------------------------------------------------------------------
// The template, its XML, and zipping a new document.

fn template_bytes() -> Vec<u8> {
    std::fs::read(TEMPLATE).expect("tests/corpus/template-2021.docx")
}

fn template_xml() -> String {
    let bytes = template_bytes();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The template's archive with `word/document.xml` replaced.
fn docx_with(document_xml: &str) -> Vec<u8> {
    let bytes = template_bytes();
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let f = src.by_index_raw(i).unwrap();
        if f.name().unwrap() == "word/document.xml" {
            continue;
        }
        out.raw_copy_file(f).unwrap();
    }
    out.start_file("word/document.xml", SimpleFileOptions::default()).unwrap();
    out.write_all(document_xml.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

/// A ZIP archive holding the given entries.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        out.start_file(*name, SimpleFileOptions::default()).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

// ---------------------------------------------------------------------------
// Editing word/document.xml: tables, rows, cells.

/// Byte ranges of the elements `<tag …>…</tag>` inside `xml[from..to]` (not nested).
fn ranges(xml: &str, open: &str, close: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = from;
    while let Some(i) = xml[at..to].find(open) {
        let s = at + i;
        let e = s + xml[s..to].find(close).expect("closing tag") + close.len();
        out.push((s, e));
        at = e;
    }
    out
}

fn table_range(xml: &str, k: usize) -> (usize, usize) {
    ranges(xml, "<w:tbl>", "</w:tbl>", 0, xml.len())[k]
}

/// Rewrite the rows of table `k`: `f(row_xml)` gives the new XML of the row
/// (empty to remove it, several rows to insert some).
fn map_rows(xml: &str, k: usize, mut f: impl FnMut(&str) -> String) -> String {
    let (s, e) = table_range(xml, k);
    let rows = ranges(xml, "<w:tr ", "</w:tr>", s, e);
    let mut out = String::with_capacity(xml.len());
    let mut at = 0;
    for (rs, re) in rows {
        out.push_str(&xml[at..rs]);
        out.push_str(&f(&xml[rs..re]));
        at = re;
    }
    out.push_str(&xml[at..]);
    out
}

/// The text of a row or cell: its `w:t` contents concatenated.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for (s, e) in ranges(xml, "<w:t>", "</w:t>", 0, xml.len()) {
        out.push_str(&xml[s + "<w:t>".len()..e - "</w:t>".len()]);
    }
    out
}

/// A cell a number goes into: no text (the template pads some with ideographic
/// spaces, which stay), and not the continuation of a vertically merged cell.
fn fillable(cell: &str) -> bool {
    text_of(cell).trim().is_empty() && !cell.contains("<w:vMerge w:val=\"continue\"/>") && !cell.contains("<w:vMerge/>")
}

fn fillable_count(row: &str) -> usize {
    ranges(row, "<w:tc>", "</w:tc>", 0, row.len()).iter().filter(|&&(s, e)| fillable(&row[s..e])).count()
}

/// Write `values` into the fillable cells of `row`, in order ("" leaves a cell blank).
fn fill_row(row: &str, values: &[String]) -> String {
    let cells = ranges(row, "<w:tc>", "</w:tc>", 0, row.len());
    let mut out = String::new();
    let mut at = 0;
    let mut values = values.iter();
    for (s, e) in cells {
        let cell = &row[s..e];
        out.push_str(&row[at..s]);
        if fillable(cell) {
            let v = values.next().expect("a value for every fillable cell");
            let p = cell.rfind("</w:p>").expect("a paragraph in the cell");
            out.push_str(&cell[..p]);
            if !v.is_empty() {
                out.push_str(&format!("<w:r><w:rPr><w:sz w:val=\"24\"/></w:rPr><w:t>{v}</w:t></w:r>"));
            }
            out.push_str(&cell[p..]);
        } else {
            out.push_str(cell);
        }
        at = e;
    }
    assert!(values.next().is_none(), "more values than fillable cells");
    out.push_str(&row[at..]);
    out
}

/// Replace the template's heading with a report title.
fn with_title(xml: &str, title: &str) -> String {
    assert!(xml.contains("政府信息公开工作年度报告格式模板"));
    xml.replacen("政府信息公开工作年度报告格式模板", title, 1)
}

/// Split every run of two characters or more in two runs, with the proofing and
/// bookmark noise Word leaves between them, so that labels and numbers arrive in pieces.
fn split_runs(xml: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in ranges(xml, "<w:t>", "</w:t>", 0, xml.len()) {
        let inner = &xml[s + 5..e - 6];
        out.push_str(&xml[at..s]);
        let chars: Vec<char> = inner.chars().collect();
        if chars.len() >= 2 && !inner.contains('&') {
            let (a, b): (String, String) =
                (chars[..chars.len() / 2].iter().collect(), chars[chars.len() / 2..].iter().collect());
            out.push_str(&format!(
                "<w:t>{a}</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"9\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"9\"/><w:r><w:rPr><w:b/></w:rPr><w:t>{b}</w:t>"
            ));
        } else {
            out.push_str(&xml[s..e]);
        }
        at = e;
    }
    out.push_str(&xml[at..]);
    out
}

/// Fill the applications table (table 1) row by row, in the order of `rows`;
/// `blank(key)` leaves a cell empty.
fn fill_applications(xml: &str, rows: &[&str], blank: &dyn Fn(&str) -> bool, expected: &mut Expected) -> String {
    let values = applications(rows);
    let mut data_rows = values.iter();
    map_rows(xml, 1, |row| {
        if fillable_count(row) != 7 {
            return row.to_string();
        }
        let (r, v) = data_rows.next().expect("a data row for every template row");
        let cells: Vec<String> = COLUMNS
            .iter()
            .zip(v)
            .map(|(c, n)| {
                let key = format!("applications.{r}.{c}");
                let value = if blank(&key) { String::new() } else { n.to_string() };
                expected.push((key, value.clone()));
                value
            })
            .collect();
        fill_row(row, &cells)
    })
}

fn fill_review(xml: &str, blank: &dyn Fn(&str) -> bool, expected: &mut Expected) -> String {
    let values: Vec<(String, String)> =
        review_values().into_iter().map(|(k, v)| if blank(&k) { (k, String::new()) } else { (k, v) }).collect();
    map_rows(xml, 2, |row| {
        if fillable_count(row) != 15 {
            return row.to_string();
        }
        expected.extend(values.iter().cloned());
        fill_row(row, &values.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>())
    })
}

/// The 2021 template filled: part 2 by row label, parts 3 and 4 row by row.
fn filled_2021(blank: &dyn Fn(&str) -> bool) -> (String, Expected) {
    let mut expected: Expected = vec![
        ("meta.agency".into(), "某某市某某区人民政府".into()),
        ("meta.year".into(), "2022".into()),
        ("meta.template".into(), "2021".into()),
    ];
    let part2: [(&str, &[(&str, &str)]); 6] = [
        (
            "规章",
            &[
                ("proactive.regulations.issued", "1"),
                ("proactive.regulations.repealed", "2"),
                ("proactive.regulations.in_force", "13"),
            ],
        ),
        (
            "行政规范性文件",
            &[
                ("proactive.normative_documents.issued", "21"),
                ("proactive.normative_documents.repealed", "4"),
                ("proactive.normative_documents.in_force", "187"),
            ],
        ),
        ("行政许可", &[("proactive.licensing.decisions", "2293")]),
        ("行政处罚", &[("proactive.punishment.decisions", "1282")]),
        ("行政强制", &[("proactive.enforcement.decisions", "42")]),
        ("行政事业性收费", &[("proactive.fees.amount", "24252.311082")]),
    ];
    let xml = with_title(&template_xml(), "某某市某某区人民政府2022年政府信息公开工作年度报告");
    let xml = map_rows(&xml, 0, |row| match part2.iter().find(|(label, _)| text_of(row).trim() == *label) {
        Some((_, cells)) => {
            let values: Vec<String> = cells
                .iter()
                .map(|(k, v)| {
                    let v = if blank(k) { "" } else { *v };
                    expected.push((k.to_string(), v.to_string()));
                    v.to_string()
                })
                .collect();
            fill_row(row, &values)
        }
        None => row.to_string(),
    });
    let xml = fill_applications(&xml, &ROWS_2021, blank, &mut expected);
    let xml = fill_review(&xml, blank, &mut expected);
    (xml, expected)
}

// ---------------------------------------------------------------------------

#[test]
fn the_2021_template_filled_reads_back_cell_for_cell() {
    let (xml, expected) = filled_2021(&|_| false);
    let report = parse_bytes(&docx_with(&xml)).unwrap();
    assert_eq!(report.meta.source.format, "docx");
    assert_eq!(report.meta.source.layouts, ["docx-table"]);
    assert_report(&report, &expected);
    assert_eq!(
        report.get("applications.new.total").unwrap().flat_value(),
        expected.iter().find(|(k, _)| k == "applications.new.total").unwrap().1
    );
}

#[test]
fn labels_and_numbers_split_across_runs_come_out_whole() {
    let (xml, expected) = filled_2021(&|_| false);
    let xml = split_runs(&xml);
    assert!(!xml.contains("<w:t>行政许可</w:t>") && xml.contains("<w:t>行政</w:t>"), "the labels really are split");
    assert!(xml.contains("<w:t>22</w:t></w:r>"), "2293 really is split");
    let report = parse_bytes(&docx_with(&xml)).unwrap();
    assert_report(&report, &expected);
}

#[test]
fn blank_cells_are_blank_not_zero() {
    // Whole rows, a whole group, and single cells.
    let blank = |k: &str| {
        k.starts_with("applications.denied.")
            || k.starts_with("litigation_after_review.")
            || k == "proactive.fees.amount"
            || k == "applications.granted.research_institution"
    };
    let (xml, expected) = filled_2021(&blank);
    assert!(expected.iter().filter(|(_, v)| v.is_empty()).count() > 60);
    let report = parse_bytes(&docx_with(&xml)).unwrap();
    assert_report(&report, &expected);
}

#[test]
fn a_row_blank_but_for_its_total_keeps_the_total_in_its_column() {
    let blank = |k: &str| k.starts_with("applications.denied.") && !k.ends_with(".total");
    let (xml, expected) = filled_2021(&blank);
    let report = parse_bytes(&docx_with(&xml)).unwrap();
    assert_report(&report, &expected);
}

/// The 2019 template's part-2 table, built cell by cell (label, gridSpan).
fn proactive_2019_table(expected: &mut Expected) -> String {
    let v = |k: &str, n: &str, expected: &mut Expected| {
        expected.push((format!("proactive.{k}"), n.to_string()));
        (n.to_string(), 1usize)
    };
    let l = |s: &str| (s.to_string(), 1usize);
    let head = |s: &str| vec![(s.to_string(), 4usize)];
    let mut rows: Vec<Vec<(String, usize)>> = Vec::new();
    rows.push(head("第二十条第（一）项"));
    rows.push(vec![l("信息内容"), l("本年新制作数量"), l("本年新公开数量"), l("对外公开总数量")]);
    rows.push(vec![
        l("规章"),
        v("regulations.made", "2", expected),
        v("regulations.published", "1", expected),
        v("regulations.total_published", "35", expected),
    ]);
    rows.push(vec![
        l("规范性文件"),
        v("normative_documents.made", "14", expected),
        v("normative_documents.published", "12", expected),
        v("normative_documents.total_published", "208", expected),
    ]);
    rows.push(head("第二十条第（五）项"));
    rows.push(vec![l("信息内容"), l("上一年项目数量"), l("本年增/减"), l("处理决定数量")]);
    rows.push(vec![
        l("行政许可"),
        v("licensing.previous", "310", expected),
        v("licensing.change", "-12", expected),
        v("licensing.decisions", "5120", expected),
    ]);
    rows.push(vec![
        l("其他对外管理服务事项"),
        v("other_services.previous", "40", expected),
        v("other_services.change", "3", expected),
        v("other_services.decisions", "77", expected),
    ]);
    rows.push(head("第二十条第（六）项"));
    rows.push(vec![l("信息内容"), l("上一年项目数量"), l("本年增/减"), l("处理决定数量")]);
    rows.push(vec![
        l("行政处罚"),
        v("punishment.previous", "1024", expected),
        v("punishment.change", "0", expected),
        v("punishment.decisions", "866", expected),
    ]);
    rows.push(vec![
        l("行政强制"),
        v("enforcement.previous", "51", expected),
        v("enforcement.change", "-5", expected),
        v("enforcement.decisions", "19", expected),
    ]);
    rows.push(head("第二十条第（八）项"));
    rows.push(vec![l("信息内容"), l("上一年项目数量"), ("本年增/减".into(), 2)]);
    rows.push(vec![l("行政事业性收费"), v("fees.previous", "9", expected), {
        let (n, _) = v("fees.change", "-1", expected);
        (n, 2)
    }]);
    rows.push(head("第二十条第（九）项"));
    rows.push(vec![l("信息内容"), l("采购项目数量"), ("采购总金额".into(), 2)]);
    rows.push(vec![l("政府集中采购"), v("procurement.items", "6", expected), {
        let (n, _) = v("procurement.amount", "1234.56", expected);
        (n, 2)
    }]);
    let mut xml = String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>");
    for row in rows {
        xml.push_str("<w:tr w14:paraId=\"00000001\">");
        for (text, span) in row {
            xml.push_str("<w:tc><w:tcPr>");
            if span > 1 {
                xml.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
            }
            xml.push_str(&format!("</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

#[test]
fn a_2019_template_report_reads_in_the_2019_keys() {
    let mut expected: Expected = vec![
        ("meta.agency".into(), "某某县人民政府".into()),
        ("meta.year".into(), "2020".into()),
        ("meta.template".into(), "2019".into()),
    ];
    let xml = with_title(&template_xml(), "某某县人民政府2020年政府信息公开工作年度报告");
    // Part 2: the 2019 table instead of the 2021 one.
    let (s, e) = table_range(&xml, 0);
    let xml = format!("{}{}{}", &xml[..s], proactive_2019_table(&mut expected), &xml[e..]);
    // Part 3: （六）其他处理 is one row; it is built from the （七）总计 row, which has the same shape.
    let total_row = {
        let (s, e) = table_range(&xml, 1);
        let rows = ranges(&xml, "<w:tr ", "</w:tr>", s, e);
        let (rs, re) = *rows.iter().find(|&&(rs, re)| text_of(&xml[rs..re]).trim() == "（七）总计").unwrap();
        xml[rs..re].to_string()
    };
    let other_row = total_row.replace("（七）总计", "（六）其他处理");
    let xml = map_rows(&xml, 1, |row| {
        let t = text_of(row);
        let t = t.trim_start();
        if t.starts_with("2.申请人逾期") || t.starts_with("3.其他") {
            String::new()
        } else if t.contains("（六）其他处理") {
            other_row.clone()
        } else {
            row.to_string()
        }
    });
    let rows_2019: Vec<&str> = ROWS_2021
        .iter()
        .copied()
        .filter(|r| !r.starts_with("other."))
        .flat_map(|r| if r == "total" { vec!["other", "total"] } else { vec![r] })
        .collect();
    assert_eq!(rows_2019.len(), 23);
    let xml = fill_applications(&xml, &rows_2019, &|_| false, &mut expected);
    let xml = fill_review(&xml, &|_| false, &mut expected);
    let report = parse_bytes(&docx_with(&xml)).unwrap();
    assert_eq!(report.meta.template, Some(gik_parse::Template::V2019));
    assert_report(&report, &expected);
}

// ---------------------------------------------------------------------------
// What is not a DOCX, or a broken one.

#[test]
fn the_empty_template_is_not_a_report() {
    // No agency, no year, no numbers: whatever the parser says, it must not invent numbers.
    match parse_bytes(&template_bytes()) {
        Err(e) => assert_eq!(e.kind(), ErrorKind::NotAReport),
        Ok(r) => assert!(r.flat().iter().skip(4).all(|(_, v)| v.is_empty()), "numbers from an empty template"),
    }
}

#[test]
fn an_xlsx_is_refused_as_binary_naming_excel() {
    let xlsx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]);
    let e = gik_parse::docx::read(&xlsx).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Binary);
    assert!(e.message.contains("Excel"), "{}", e.message);
    assert_eq!(parse_bytes(&xlsx).unwrap_err().kind(), ErrorKind::Binary);
}

#[test]
fn a_plain_zip_is_refused_as_binary_saying_to_extract_it() {
    let z = zip_of(&[("report.txt", "一、总体情况".as_bytes())]);
    let e = gik_parse::docx::read(&z).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Binary);
    assert!(e.message.contains("ZIP archive") && e.message.contains("extract"), "{}", e.message);
}

#[test]
fn a_truncated_docx_is_malformed() {
    let (xml, _) = filled_2021(&|_| false);
    let bytes = docx_with(&xml);
    for cut in [30, bytes.len() / 2, bytes.len() - 10] {
        let e = gik_parse::docx::read(&bytes[..cut]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed, "cut at {cut}: {e}");
    }
}

#[test]
fn broken_xml_is_malformed_with_a_position() {
    let bytes = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p><w:r><w:t>x</w:tc></w:body></w:document>")]);
    let e = gik_parse::docx::read(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed);
    assert!(e.message.contains("word/document.xml") && e.message.contains("byte"), "{}", e.message);
}

#[test]
fn a_zip_bomb_document_is_refused_not_read() {
    let big = vec![b' '; (gik_parse::docx::MAX_DOCUMENT_XML + 1) as usize];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("word/document.xml", SimpleFileOptions::default().compression_level(Some(1))).unwrap();
    out.write_all(&big).unwrap();
    let bytes = out.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024, "compressed to {} bytes", bytes.len());
    let e = gik_parse::docx::read(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert!(e.message.contains("word/document.xml"), "{}", e.message);
}

#[test]
fn vmerge_and_gridspan_give_empty_cells_in_the_positions_they_cover() {
    let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>前言</w:t><w:tab/><w:t>x</w:t></w:r></w:p><w:tbl>
        <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度</w:t></w:r></w:p><w:p><w:r><w:t>办理结果</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>（一）予以公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12</w:t><w:br/><w:t>3</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:del><w:r><w:delText>9</w:delText><w:t>8</w:t></w:r></w:del><w:moveFrom><w:r><w:t>7</w:t></w:r></w:moveFrom><w:ins><w:r><w:instrText>PAGE</w:instrText><w:t>&amp;&#x31;</w:t></w:r></w:ins></w:p></w:tc></w:tr>
        </w:tbl></w:body></w:document>"#;
    let g = gik_parse::docx::read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
    let blocks: Vec<String> = g
        .blocks
        .iter()
        .map(|b| match b {
            gik_parse::grid::Block::Text { text, line } => format!("{line} T {text}"),
            gik_parse::grid::Block::Row { cells, line } => {
                format!("{line} R {}", cells.iter().map(|c| format!("[{}]", c.text)).collect::<String>())
            }
        })
        .collect();
    // Lines are positions: paragraphs (inside cells too) and rows, in document order.
    assert_eq!(blocks, ["1 T 前言\tx", "2 R [三、本年度办理结果][（一）予以公开][][12 3]", "7 R [][a]", "9 R [][&1]"]);
}

fn block_strings(xml: &str) -> Vec<String> {
    let g = gik_parse::docx::read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
    g.blocks
        .iter()
        .map(|b| match b {
            gik_parse::grid::Block::Text { text, .. } => format!("T {text}"),
            gik_parse::grid::Block::Row { cells, .. } => {
                format!("R {}", cells.iter().map(|c| c.text.as_ref()).collect::<Vec<_>>().join("|"))
            }
        })
        .collect()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn a_layout_table_holding_a_table_reads_its_text_as_prose_and_the_inner_rows_once() {
    let inner = format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", p("规章"), p("5"));
    let xml = format!(
        "<w:document><w:body><w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}{inner}{}</w:tc></w:tr></w:tbl>{}</w:body></w:document>",
        p("栏目"),
        p("一、总体情况"),
        p("五、存在的主要问题"),
        p("六、其他需要报告的事项")
    );
    assert_eq!(
        block_strings(&xml),
        ["T 栏目", "T 一、总体情况", "R 规章|5", "T 五、存在的主要问题", "T 六、其他需要报告的事项"]
    );
}

#[test]
fn text_boxes_are_read_once_and_tab_stops_are_not_tabs() {
    // Word stores a text box twice: the drawing (mc:Choice) and a VML copy (mc:Fallback).
    let xml = "<w:document><w:body><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:t>一、总体情况</w:t></w:r>\
        <w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
        <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p></w:body></w:document>";
    assert_eq!(block_strings(xml), ["T 框内", "T 一、总体情况"]);
}

#[test]
fn damaged_archives_and_xml_never_panic() {
    let (xml, _) = filled_2021(&|_| false);
    let bytes = docx_with(&xml);
    let mut rng = common::Lcg(7);
    for i in 0..40 {
        // The archive damaged: mostly Malformed, sometimes still readable.
        let b = common::mutate(&bytes, &mut rng, &[0, 0xff, b'P', b'K', 3, 4]);
        let _ = gik_parse::docx::read(&b);
        if i % 10 == 0 {
            let _ = parse_bytes(&b);
        }
        // The XML damaged inside a sound archive.
        let x = common::mutate(xml.as_bytes(), &mut rng, b"<>/\"=&;w:tcpr ");
        match gik_parse::docx::read(&zip_of(&[("word/document.xml", &x)])) {
            Ok(_) => {}
            Err(e) => assert!(matches!(e.kind(), ErrorKind::Malformed), "{e}"),
        }
    }
}

#[test]
fn a_few_bytes_of_grid_spans_cannot_ask_for_a_huge_grid() {
    let row = "<w:tr><w:trPr><w:gridBefore w:val=\"150\"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val=\"200\"/></w:tcPr><w:p/></w:tc></w:tr>";
    let xml = format!("<w:document><w:body><w:tbl>{}</w:tbl></w:body></w:document>", row.repeat(20_000));
    let g = gik_parse::docx::read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
    let cells: usize =
        g.blocks.iter().map(|b| if let gik_parse::grid::Block::Row { cells, .. } = b { cells.len() } else { 0 }).sum();
    assert!(cells <= 1_000_000 + 20_000, "{cells} cells");
    assert_eq!(g.blocks.len(), 20_000);
}

#[test]
fn the_older_hmerge_continuation_is_an_empty_position() {
    let xml = format!(
        "<w:document><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr>{}</w:tc><w:tc><w:tcPr><w:hMerge/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl></w:body></w:document>",
        p("（一）予以公开"),
        p("（一）予以公开"),
        p("7")
    );
    assert_eq!(block_strings(&xml), ["R （一）予以公开||7"]);
}

#[test]
fn the_main_part_is_found_through_the_package_relationships() {
    let rels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let body = format!("<w:document><w:body>{}</w:body></w:document>", p("一、总体情况"));
    let g = gik_parse::docx::read(&zip_of(&[("_rels/.rels", rels), ("word/document2.xml", body.as_bytes())])).unwrap();
    assert_eq!(g.blocks, [gik_parse::grid::Block::Text { text: "一、总体情况".into(), line: 1 }]);
}

#[test]
fn automatic_list_numbers_are_drawn_as_word_draws_them() {
    let numbering = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF06C;"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
      </w:numbering>"#;
    let styles = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="h1x"><w:basedOn w:val="2"/></w:style></w:styles>"#;
    let np = |num: u32, lvl: u32, text: &str| {
        format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let styled = |style: &str, text: &str| {
        format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let body = [
        np(1, 0, "总体情况"),
        np(1, 1, "主动公开"),
        np(1, 1, "依申请公开"),
        np(2, 0, "要点"),
        styled("2", "主动公开政府信息情况"),
        np(1, 1, "规章"),
        format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", np(1, 2, "属于国家秘密"), p("0")),
        // A tracked change whose old properties had numbering: not numbered now.
        "<w:p><w:pPr><w:pPrChange><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>".to_string(),
        styled("h1x", "收到和处理政府信息公开申请情况"),
        np(3, 0, "第十项"),
        np(9, 0, "未定义的列表"),
    ]
    .concat();
    let xml = format!("<w:document><w:body>{body}</w:body></w:document>");
    let g = gik_parse::docx::read(&zip_of(&[
        ("word/document.xml", xml.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ]))
    .unwrap();
    let blocks: Vec<String> = g
        .blocks
        .iter()
        .map(|b| match b {
            gik_parse::grid::Block::Text { text, .. } => text.to_string(),
            gik_parse::grid::Block::Row { cells, .. } => {
                cells.iter().map(|c| c.text.as_ref()).collect::<Vec<_>>().join("|")
            }
        })
        .collect();
    assert_eq!(
        blocks,
        [
            "一、总体情况",
            "（一）主动公开",
            "（二）依申请公开",
            "要点",
            "二、主动公开政府信息情况",
            "（一）规章",
            "1.属于国家秘密|0",
            "正文",
            "三、收到和处理政府信息公开申请情况",
            "十、第十项",
            "未定义的列表",
        ]
    );
}

#[test]
fn absurd_list_starts_draw_decimals_not_megabytes() {
    let numbering = r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="4000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
    let para = |n: u32| {
        format!("<w:p><w:pPr><w:numPr><w:numId w:val=\"{n}\"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>")
    };
    let xml = format!("<w:document><w:body>{}{}{}</w:body></w:document>", para(1), para(1), para(2));
    let g = gik_parse::docx::read(&zip_of(&[
        ("word/document.xml", xml.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
    ]))
    .unwrap();
    let texts: Vec<String> = g
        .blocks
        .iter()
        .map(|b| if let gik_parse::grid::Block::Text { text, .. } = b { text.to_string() } else { String::new() })
        .collect();
    assert_eq!(texts, ["4294967295) x", "4294967295) x", "4000000000. x"]);
}
