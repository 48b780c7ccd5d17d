//! Word files (.docx), as Word writes a report made from the official template.
//!
//! Two ways, drawn per report:
//!
//! - **the official 2021 template filled** (`tests/corpus/template-2021.docx`, 2021
//!   reports only): its own `word/document.xml`, styles, fonts and theme, the
//!   numbers typed into its empty cells (after the ideographic spaces some cells
//!   hold), its title, headings and `（文字描述）` placeholders replaced by the
//!   report's; some of its labels split into several runs;
//! - **built** (both templates): a document with the template's structure written
//!   here — headings and prose as `w:p` (headings sometimes numbered by Word's
//!   automatic lists, `w:numPr`, so the number is not in the text), the three
//!   tables as `w:tbl` with the template's grid: `w:gridSpan` for cells merged
//!   across columns, `w:vMerge` restart/continue for label cells merged down
//!   (申请人情况 header, 自然人/总计, 三、本年度办理结果, （三）不予公开 …, the part-4
//!   headers); labels split over several runs (with the proofing marks and
//!   bookmarks Word leaves between them) or over two paragraphs of their cell;
//!   numbers sometimes in two runs; part 2 sometimes one small table per
//!   第二十条 item; the title sometimes over two lines; in one report in ten,
//!   revisions tracked (`w:del` old numbers, `w:ins` new ones).
//!
//! Blank cells are what the report's [`Style`] says: an empty cell (no run, or an
//! empty paragraph), `/`, `-`, `—`, or a no-break space; cells are padded with
//! U+3000 / NBSP when the style pads. The numbers are the truth's, broken totals
//! and all.

use super::{pad, space_in_label, value_text, Style};
use crate::gen::Truth;
use crate::table::{Table, Tables, Value, BALANCE_NOTE};
use gik_model::Template;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;
use zip::write::SimpleFileOptions;

/// A rendered .docx: the bytes of the file, and its `word/document.xml` (to read
/// or dump).
pub struct Docx {
    /// `word/document.xml`.
    pub xml: String,
    /// The .docx file.
    pub bytes: Vec<u8>,
}

/// The official 2021 template.
const TEMPLATE_2021: &[u8] = include_bytes!("../../../../tests/corpus/template-2021.docx");

/// The template's `word/document.xml`, and its other parts (name, bytes) in archive order.
type TemplateParts = (String, Vec<(String, Vec<u8>)>);

/// The template, read once.
fn template_parts() -> &'static TemplateParts {
    static PARTS: OnceLock<TemplateParts> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut zip = zip::ZipArchive::new(Cursor::new(TEMPLATE_2021)).expect("the template is a ZIP archive");
        let mut doc = String::new();
        let mut others = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("a template entry");
            let name = f.name().expect("an entry name").to_string();
            if name == "word/document.xml" {
                f.read_to_string(&mut doc).expect("UTF-8 document.xml");
            } else {
                let mut b = Vec::new();
                f.read_to_end(&mut b).expect("a template part");
                others.push((name, b));
            }
        }
        (doc, others)
    })
}

/// Render a report as a .docx.
pub fn render(t: &Truth, tabs: &Tables, r: &mut ChaCha8Rng, style: &Style) -> Docx {
    let body = super::doc::body(t, r, style);
    let mut w = W { r, style, ids: 0, tracked: false };
    w.ids = w.r.random();
    w.tracked = w.r.random_bool(0.1);
    let from_template = t.template() == Template::V2021 && w.r.random_bool(0.5);
    let (mut xml, mut numbering) = if from_template { (filled_template(t, tabs, &body, &mut w), None) } else { built(t, tabs, &body, &mut w) };
    if style.half_brackets {
        xml = xml.replace('（', "(").replace('）', ")");
        numbering = numbering.map(|n| n.replace('（', "(").replace('）', ")"));
    }
    let bytes = if from_template { package_template(&xml) } else { package(&xml, numbering.as_deref()) };
    Docx { xml, bytes }
}

// ---------------------------------------------------------------------------
// Writing WordprocessingML.

/// The namespaces Word declares on `w:document`.
const NAMESPACES: &str = r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 w15 wp14""#;

const SECT_PR: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1587" w:gutter="0"/><w:pgNumType w:fmt="numberInDash"/><w:cols w:space="425" w:num="1"/><w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/></w:sectPr>"#;

/// Escape text for `w:t`; the style's `&nbsp;` blank mark is a no-break space in Word.
fn esc(s: &str) -> String {
    s.replace("&nbsp;", "\u{a0}").replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Run properties: a font, a size in half-points, bold.
fn rpr(font: &str, size: u32, bold: bool) -> String {
    let b = if bold { "<w:b/><w:bCs/>" } else { "" };
    format!(
        "<w:rPr><w:rFonts w:hint=\"eastAsia\" w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\" w:cs=\"{font}\"/>{b}<w:kern w:val=\"0\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>"
    )
}

/// The properties Word gives digits typed in a CJK run.
fn rpr_digits(size: u32) -> String {
    format!("<w:rPr><w:rFonts w:hint=\"default\" w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"宋体\" w:cs=\"Times New Roman\"/><w:kern w:val=\"0\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>")
}

/// What Word leaves between two runs of one word.
const BETWEEN_RUNS: [&str; 6] = [
    "",
    "",
    "<w:proofErr w:type=\"spellStart\"/>",
    "<w:proofErr w:type=\"gramStart\"/>",
    "<w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>",
    "<w:commentRangeStart w:id=\"1\"/>",
];

/// Cell paragraph properties.
const CELL_PPR_CENTER: &str = "<w:pPr><w:keepNext w:val=\"0\"/><w:keepLines w:val=\"0\"/><w:widowControl/><w:suppressLineNumbers w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>";
const CELL_PPR_LEFT: &str = "<w:pPr><w:keepNext w:val=\"0\"/><w:keepLines w:val=\"0\"/><w:widowControl/><w:suppressLineNumbers w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>";

/// Vertical merge of a table cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    No,
    Restart,
    Continue,
}

/// The writer: the randomness and the style of one report.
struct W<'a> {
    r: &'a mut ChaCha8Rng,
    style: &'a Style,
    /// State of the `w14:paraId` sequence.
    ids: u32,
    /// The document was revised with Track Changes on: some numbers are a
    /// deleted old value (`w:del`, not part of the text) and an inserted new one.
    tracked: bool,
}

impl W<'_> {
    /// A fresh `w14:paraId`.
    fn id(&mut self) -> String {
        self.ids = self.ids.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        format!("{:08X}", self.ids & 0x7FFF_FFFF)
    }

    /// `text` as one or more runs (`split`: the chance it is cut into pieces);
    /// `rpr_rest`: the properties of the pieces after the first, when they differ.
    fn runs(&mut self, text: &str, rpr: &str, split: f64, rpr_rest: Option<&str>) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut cuts = Vec::new();
        if chars.len() >= 2 && self.r.random_bool(split) {
            for _ in 0..self.r.random_range(1..=2usize) {
                cuts.push(self.r.random_range(1..chars.len()));
            }
            cuts.sort_unstable();
            cuts.dedup();
        }
        cuts.push(chars.len());
        let mut out = String::new();
        let mut at = 0;
        for (i, cut) in cuts.into_iter().enumerate() {
            let piece: String = chars[at..cut].iter().collect();
            at = cut;
            let props = if i > 0 {
                out.push_str(BETWEEN_RUNS[self.r.random_range(0..BETWEEN_RUNS.len())]);
                rpr_rest.unwrap_or(rpr)
            } else {
                rpr
            };
            let space = if piece.starts_with(' ') || piece.ends_with(' ') { " xml:space=\"preserve\"" } else { "" };
            out.push_str(&format!("<w:r>{props}<w:t{space}>{}</w:t></w:r>", esc(&piece)));
        }
        out
    }

    /// A paragraph: properties (without the closing tag), the run properties of
    /// its mark, its runs.
    fn para(&mut self, ppr_open: &str, mark: &str, runs: &str) -> String {
        let id = self.id();
        format!("<w:p w14:paraId=\"{id}\" w14:textId=\"77777777\">{ppr_open}{mark}</w:pPr>{runs}</w:p>")
    }

    /// The paragraphs of a label cell: runs split sometimes, a space or a
    /// zero-width space inside sometimes, or the label over two paragraphs.
    fn label_paras(&mut self, label: &str, left: bool) -> Vec<String> {
        let ppr = if left { CELL_PPR_LEFT } else { CELL_PPR_CENTER };
        let props = rpr("宋体", 20, false);
        let mark = format!("<w:rPr>{}</w:rPr>", "<w:rFonts w:hint=\"eastAsia\" w:ascii=\"宋体\"/><w:sz w:val=\"20\"/>");
        let mut text = space_in_label(label, self.r, self.style);
        if self.style.zero_width && self.r.random_bool(0.2) && !text.is_empty() {
            let n = text.chars().count();
            let at = self.r.random_range(0..=n);
            text = format!("{}\u{200b}{}", text.chars().take(at).collect::<String>(), text.chars().skip(at).collect::<String>());
        }
        let n = text.chars().count();
        let split = if self.style.break_labels { 0.4 } else { 0.1 };
        if self.style.break_labels && n >= 4 && self.r.random_bool(0.2) {
            // two paragraphs in the cell, as the template has 商业/企业
            let at = self.r.random_range(2..n - 1);
            let (a, b): (String, String) = (text.chars().take(at).collect(), text.chars().skip(at).collect());
            let (ra, rb) = (self.runs(a.trim_end(), &props, split, None), self.runs(b.trim_start(), &props, split, None));
            return vec![self.para(ppr, &mark, &ra), self.para(ppr, &mark, &rb)];
        }
        let runs = self.runs(&text, &props, split, None);
        vec![self.para(ppr, &mark, &runs)]
    }

    /// The paragraph of a value cell: the number (sometimes in two runs, the
    /// digits with their own properties), or the blank mark, padded sometimes.
    fn value_para(&mut self, v: &Value) -> String {
        let text = value_text(v, self.style);
        let text = pad(&text, self.r, self.style);
        let mark = "<w:rPr><w:rFonts w:hint=\"eastAsia\" w:ascii=\"宋体\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr>";
        let (a, b) = (rpr("宋体", 20, false), rpr_digits(20));
        // a revision: the old number deleted (and the new one inserted)
        let deleted = if self.tracked && self.r.random_bool(0.08) {
            let old = self.r.random_range(0..500u32);
            format!("<w:del w:id=\"{}\" w:author=\"user\" w:date=\"2025-01-10T09:30:00Z\"><w:r>{b}<w:delText>{old}</w:delText></w:r></w:del>", self.r.random_range(100..999u32))
        } else {
            String::new()
        };
        if text.is_empty() {
            return match self.r.random_range(0..3) {
                0 if deleted.is_empty() => "<w:p/>".to_string(),
                _ => self.para(CELL_PPR_CENTER, mark, &deleted),
            };
        }
        let runs = if self.r.random_bool(0.5) { self.runs(&text, &b, 0.1, None) } else { self.runs(&text, &a, 0.1, Some(&b)) };
        let runs = if deleted.is_empty() {
            runs
        } else {
            format!("{deleted}<w:ins w:id=\"{}\" w:author=\"user\" w:date=\"2025-01-10T09:30:00Z\">{runs}</w:ins>", self.r.random_range(1000..1999u32))
        };
        self.para(CELL_PPR_CENTER, mark, &runs)
    }

    /// A table cell.
    fn tc(&mut self, width: u32, span: usize, merge: Merge, paras: &[String]) -> String {
        let mut s = format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
        if span > 1 {
            s.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
        }
        match merge {
            Merge::No => {}
            Merge::Restart => s.push_str("<w:vMerge w:val=\"restart\"/>"),
            Merge::Continue => s.push_str(if self.r.random_bool(0.5) { "<w:vMerge/>" } else { "<w:vMerge w:val=\"continue\"/>" }),
        }
        s.push_str("<w:tcBorders><w:top w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:left w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:bottom w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:right w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/></w:tcBorders><w:vAlign w:val=\"center\"/></w:tcPr>");
        if paras.is_empty() || merge == Merge::Continue {
            let id = self.id();
            s.push_str(&format!("<w:p w14:paraId=\"{id}\" w14:textId=\"77777777\"><w:pPr><w:rPr><w:rFonts w:hint=\"eastAsia\" w:ascii=\"宋体\"/><w:sz w:val=\"24\"/></w:rPr></w:pPr></w:p>"));
        } else {
            for p in paras {
                s.push_str(p);
            }
        }
        s.push_str("</w:tc>");
        s
    }

    /// A label cell.
    fn label_tc(&mut self, width: u32, span: usize, merge: Merge, label: &str, left: bool) -> String {
        let paras = if merge == Merge::Continue { Vec::new() } else { self.label_paras(label, left) };
        self.tc(width, span, merge, &paras)
    }

    /// A value cell (sometimes with an empty paragraph after the number, an
    /// Enter typed too many).
    fn value_tc(&mut self, width: u32, span: usize, v: &Value) -> String {
        let mut paras = vec![self.value_para(v)];
        if self.r.random_bool(0.02) {
            paras.push(self.para(CELL_PPR_CENTER, "", ""));
        }
        self.tc(width, span, Merge::No, &paras)
    }

    /// A table row.
    fn tr(&mut self, cells: &[String], header: bool, height: u32) -> String {
        let id = self.id();
        let head = if header && self.r.random_bool(0.5) { "<w:tblHeader/>" } else { "" };
        format!(
            "<w:tr w14:paraId=\"{id}\" w14:textId=\"77777777\"><w:trPr><w:trHeight w:val=\"{height}\" w:hRule=\"atLeast\"/>{head}<w:jc w:val=\"center\"/></w:trPr>{}</w:tr>",
            cells.concat()
        )
    }

    /// A table with its grid.
    fn tbl(&mut self, grid: &[u32], rows: &[String]) -> String {
        let total: u32 = grid.iter().sum();
        let cols: String = grid.iter().map(|w| format!("<w:gridCol w:w=\"{w}\"/>")).collect();
        format!(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"3\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders><w:top w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:left w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:bottom w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:right w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:insideH w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/><w:insideV w:val=\"single\" w:color=\"auto\" w:sz=\"4\" w:space=\"0\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"57\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>{cols}</w:tblGrid>{}</w:tbl>",
            rows.concat()
        )
    }

    /// A prose paragraph of the body (indented two characters, 仿宋).
    fn prose(&mut self, text: &str) -> String {
        let mut text = text.to_string();
        if self.style.zero_width && self.r.random_bool(0.3) && !text.is_empty() {
            text = format!("\u{200b}{text}");
        }
        let props = rpr("仿宋_GB2312", 32, false);
        let mut runs = self.runs(&text, &props, 0.3, Some(&rpr_digits(32)));
        if self.r.random_bool(0.02) {
            runs.push_str("<w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>");
        }
        let ppr = "<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"640\" w:firstLineChars=\"200\"/><w:jc w:val=\"both\"/>";
        self.para(ppr, "<w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\"/><w:sz w:val=\"32\"/></w:rPr>", &runs)
    }

    /// An empty paragraph.
    fn empty(&mut self) -> String {
        if self.r.random_bool(0.5) {
            "<w:p/>".to_string()
        } else {
            self.para("<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/>", "", "")
        }
    }
}

// ---------------------------------------------------------------------------
// The three tables, built with the template's structure.

/// Part 2: four columns; a 第二十条 heading spans them, a single value spans three.
fn proactive(w: &mut W, tab: &Table, split_tables: bool) -> Vec<String> {
    let cw = 2435;
    let mut tables = Vec::new();
    let mut rows = Vec::new();
    for (i, row) in tab.rows.iter().enumerate() {
        if split_tables && i > 0 && tab.block_starts.contains(&i) {
            tables.push(w.tbl(&[cw; 4], &rows));
            rows.clear();
        }
        let mut cells = Vec::new();
        if row.header && row.labels.len() == 1 {
            cells.push(w.label_tc(cw * 4, 4, Merge::No, &row.labels[0], true));
        } else if row.header {
            let n = row.labels.len() - 1;
            cells.push(w.label_tc(cw, 1, Merge::No, &row.labels[0], false));
            for (j, l) in row.labels[1..].iter().enumerate() {
                let span = if j + 1 == n { 4 - n } else { 1 };
                cells.push(w.label_tc(cw * span as u32, span, Merge::No, l, false));
            }
        } else {
            let n = row.values.len();
            cells.push(w.label_tc(cw, 1, Merge::No, &row.labels[0], false));
            for (j, v) in row.values.iter().enumerate() {
                let span = if j + 1 == n && n < 3 { 4 - n } else { 1 };
                cells.push(w.value_tc(cw * span as u32, span, v));
            }
        }
        rows.push(w.tr(&cells, row.header, 340));
    }
    tables.push(w.tbl(&[cw; 4], &rows));
    tables
}

/// Part 3: ten columns (three of labels, seven of applicants), the header and
/// group labels merged down with `w:vMerge`.
fn applications(w: &mut W, tab: &Table) -> String {
    const GRID: [u32; 10] = [754, 921, 3271, 685, 685, 685, 685, 685, 685, 685];
    let lw = GRID[0] + GRID[1] + GRID[2];
    let vw = GRID[3];
    let mut rows = Vec::new();
    let note = w.label_tc(lw, 3, Merge::Restart, BALANCE_NOTE, false);
    let applicants = w.label_tc(vw * 7, 7, Merge::No, "申请人情况", false);
    rows.push(w.tr(&[note, applicants], true, 340));
    let cells = vec![
        w.label_tc(lw, 3, Merge::Continue, "", false),
        w.label_tc(vw, 1, Merge::Restart, "自然人", false),
        w.label_tc(vw * 5, 5, Merge::No, "法人或其他组织", false),
        w.label_tc(vw, 1, Merge::Restart, "总计", false),
    ];
    rows.push(w.tr(&cells, true, 340));
    let mut cells = vec![w.label_tc(lw, 3, Merge::Continue, "", false), w.label_tc(vw, 1, Merge::Continue, "", false)];
    for l in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] {
        cells.push(w.label_tc(vw, 1, Merge::No, l, false));
    }
    cells.push(w.label_tc(vw, 1, Merge::Continue, "", false));
    rows.push(w.tr(&cells, true, 340));
    let merge = |l: &str| if l.is_empty() { Merge::Continue } else { Merge::Restart };
    for row in tab.rows.iter().filter(|x| !x.header) {
        let mut cells = Vec::new();
        match row.labels.len() {
            1 => cells.push(w.label_tc(lw, 3, Merge::No, &row.labels[0], true)),
            2 => {
                cells.push(w.label_tc(GRID[0], 1, merge(&row.labels[0]), &row.labels[0], false));
                cells.push(w.label_tc(GRID[1] + GRID[2], 2, Merge::No, &row.labels[1], true));
            }
            _ => {
                cells.push(w.label_tc(GRID[0], 1, merge(&row.labels[0]), &row.labels[0], false));
                cells.push(w.label_tc(GRID[1], 1, merge(&row.labels[1]), &row.labels[1], true));
                cells.push(w.label_tc(GRID[2], 1, Merge::No, &row.labels[2], true));
            }
        }
        for v in &row.values {
            cells.push(w.value_tc(vw, 1, v));
        }
        rows.push(w.tr(&cells, false, 340));
    }
    w.tbl(&GRID, &rows)
}

/// Part 4: fifteen columns under three header rows.
fn review(w: &mut W, tab: &Table) -> String {
    let cw = 649;
    let mut rows = Vec::new();
    let cells = vec![w.label_tc(cw * 5, 5, Merge::No, "行政复议", false), w.label_tc(cw * 10, 10, Merge::No, "行政诉讼", false)];
    rows.push(w.tr(&cells, true, 340));
    let mut cells = Vec::new();
    for l in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
        cells.push(w.label_tc(cw, 1, Merge::Restart, l, false));
    }
    cells.push(w.label_tc(cw * 5, 5, Merge::No, "未经复议直接起诉", false));
    cells.push(w.label_tc(cw * 5, 5, Merge::No, "复议后起诉", false));
    rows.push(w.tr(&cells, true, 340));
    let mut cells = Vec::new();
    for _ in 0..5 {
        cells.push(w.label_tc(cw, 1, Merge::Continue, "", false));
    }
    for _ in 0..2 {
        for l in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            cells.push(w.label_tc(cw, 1, Merge::No, l, false));
        }
    }
    rows.push(w.tr(&cells, true, 779));
    let mut cells = Vec::new();
    for v in &tab.rows.last().expect("values row").values {
        cells.push(w.value_tc(cw, 1, v));
    }
    rows.push(w.tr(&cells, false, 672));
    w.tbl(&[cw; 15], &rows)
}

// ---------------------------------------------------------------------------
// The document built.

/// A heading's text without the markdown a text layout wraps it in.
fn plain_heading(h: &str) -> String {
    h.trim().trim_start_matches("## ").trim_matches('*').to_string()
}

/// The title without its markdown.
fn title_of(t: &Truth, body: &super::doc::Body) -> Option<String> {
    body.head.first().filter(|_| !t.title_missing).map(|s| s.trim_start_matches("# ").trim_matches('*').to_string())
}

/// The heading's number as a Word list draws it: (format, level text, the rest).
fn list_number(h: &str, i: usize) -> Option<(&'static str, &'static str, String)> {
    const HAN: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
    let han = HAN[i];
    let d = i + 1;
    let forms: [(String, &str, &str); 5] = [
        (format!("{han}、"), "chineseCounting", "%1、"),
        (format!("（{han}）"), "chineseCounting", "（%1）"),
        (format!("({han})"), "chineseCounting", "(%1)"),
        (format!("{d}、"), "decimal", "%1、"),
        (format!("{d}."), "decimal", "%1."),
    ];
    forms.iter().find_map(|(prefix, fmt, lvl)| h.strip_prefix(prefix.as_str()).map(|rest| (*fmt, *lvl, rest.to_string())))
}

/// `word/numbering.xml` with one list whose first level is drawn `lvl_text` in `fmt`.
fn numbering_xml(fmt: &str, lvl_text: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:suff w:val=\"nothing\"/><w:lvlText w:val=\"{lvl_text}\"/><w:lvlJc w:val=\"left\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    )
}

/// The whole `word/document.xml`, and `word/numbering.xml` when headings are
/// numbered by a Word list.
fn built(t: &Truth, tabs: &Tables, body: &super::doc::Body, w: &mut W) -> (String, Option<String>) {
    let mut x = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NAMESPACES}><w:body>");
    if w.r.random_bool(0.3) {
        x.push_str(&w.empty());
    }
    if let Some(title) = title_of(t, body) {
        let props = rpr("方正小标宋简体", 44, false);
        let ppr = "<w:pPr><w:spacing w:line=\"600\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/>";
        let agency = t.agency();
        match (title.strip_prefix(agency).filter(|_| !agency.is_empty()), w.r.random_range(0..8)) {
            // the agency on one line, the rest of the title on the next
            (Some(rest), 0) => {
                let (a, b) = (w.runs(agency, &props, 0.2, None), w.runs(rest.trim(), &props, 0.2, None));
                x.push_str(&w.para(ppr, "", &a));
                x.push_str(&w.para(ppr, "", &b));
            }
            (Some(rest), 1) => {
                let (a, b) = (w.runs(agency, &props, 0.2, None), w.runs(rest.trim(), &props, 0.2, None));
                let runs = format!("{a}<w:r>{props}<w:br/></w:r>{b}");
                x.push_str(&w.para(ppr, "", &runs));
            }
            _ => {
                let runs = w.runs(&title, &props, 0.3, Some(&rpr_digits(44)));
                x.push_str(&w.para(ppr, "", &runs));
            }
        }
        x.push_str(&w.empty());
    }
    for l in body.head.iter().skip(usize::from(!t.title_missing)).filter(|l| !l.is_empty()) {
        x.push_str(&w.prose(l));
    }
    // headings: typed numbers, or a Word list drawing them
    let headings: Vec<String> = body.headings.iter().map(|h| plain_heading(h)).collect();
    let listed: Vec<_> = headings.iter().enumerate().map(|(i, h)| list_number(h, i)).collect();
    let numbering = if listed.iter().all(|l| l.is_some()) && w.r.random_bool(0.3) {
        let (fmt, lvl, _) = listed[0].clone().expect("listed");
        Some(numbering_xml(fmt, lvl))
    } else {
        None
    };
    let split_part2 = w.r.random_bool(0.2);
    let heading_props = rpr("黑体", 32, false);
    for (p, lines) in body.parts.iter().enumerate() {
        let ppr = "<w:pPr><w:keepNext/><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"640\" w:firstLineChars=\"200\"/><w:outlineLvl w:val=\"0\"/>";
        let (ppr, text) = match (&numbering, &listed[p]) {
            (Some(_), Some((_, _, rest))) => (format!("{ppr}<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"), rest.clone()),
            _ => (ppr.to_string(), headings[p].clone()),
        };
        let runs = w.runs(&text, &heading_props, 0.15, None);
        x.push_str(&w.para(&ppr, "", &runs));
        if (1..=3).contains(&p) {
            if w.r.random_bool(0.4) {
                x.push_str(&w.empty());
            }
            let tables = match p {
                1 => proactive(w, &tabs.proactive, split_part2),
                2 => vec![applications(w, &tabs.applications)],
                _ => vec![review(w, &tabs.review)],
            };
            for (i, tb) in tables.iter().enumerate() {
                if i > 0 {
                    x.push_str(&w.empty());
                }
                x.push_str(tb);
            }
            // Word needs a paragraph after a table
            x.push_str(&w.empty());
        } else {
            for l in lines {
                x.push_str(&w.prose(l));
            }
        }
    }
    x.push_str(&tail(w, body));
    x.push_str(SECT_PR);
    x.push_str("</w:body></w:document>");
    (x, numbering)
}

/// Signature and date, right-aligned.
fn tail(w: &mut W, body: &super::doc::Body) -> String {
    let mut x = String::new();
    for l in &body.tail {
        if l.is_empty() {
            x.push_str(&w.empty());
            continue;
        }
        let props = rpr("仿宋_GB2312", 32, false);
        let runs = w.runs(l, &props, 0.3, Some(&rpr_digits(32)));
        x.push_str(&w.para("<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:right=\"640\"/><w:jc w:val=\"right\"/>", "", &runs));
    }
    x
}

// ---------------------------------------------------------------------------
// The official 2021 template filled.

/// Byte ranges of the elements `open…close` inside `xml[from..to]` (not nested).
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

/// The text of an element: its `w:t` contents concatenated.
fn text_of(xml: &str) -> String {
    ranges(xml, "<w:t>", "</w:t>", 0, xml.len()).iter().map(|&(s, e)| &xml[s + 5..e - 6]).collect()
}

/// A cell of the template a number goes into: no text but spaces, not merged from above.
fn fillable(cell: &str) -> bool {
    text_of(cell).trim().is_empty() && !cell.contains("<w:vMerge w:val=\"continue\"/>") && !cell.contains("<w:vMerge/>")
}

/// Rewrite each row of table `k`.
fn map_rows(xml: &str, k: usize, mut f: impl FnMut(&str) -> String) -> String {
    let (s, e) = ranges(xml, "<w:tbl>", "</w:tbl>", 0, xml.len())[k];
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut at = 0;
    for (rs, re) in ranges(xml, "<w:tr ", "</w:tr>", s, e) {
        out.push_str(&xml[at..rs]);
        out.push_str(&f(&xml[rs..re]));
        at = re;
    }
    out.push_str(&xml[at..]);
    out
}

/// Type the values into the fillable cells of a template row, in order.
fn fill_row(w: &mut W, row: &str, values: &[Value]) -> String {
    let cells = ranges(row, "<w:tc>", "</w:tc>", 0, row.len());
    let mut out = String::new();
    let mut at = 0;
    let mut values = values.iter();
    for (s, e) in cells {
        let cell = &row[s..e];
        out.push_str(&row[at..s]);
        at = e;
        if !fillable(cell) {
            out.push_str(&split_label_runs(w, cell));
            continue;
        }
        let Some(v) = values.next() else {
            out.push_str(cell);
            continue;
        };
        let text = pad(&value_text(v, w.style), w.r, w.style);
        let p = cell.rfind("</w:p>").expect("a paragraph in the cell");
        out.push_str(&cell[..p]);
        if !text.is_empty() {
            let props = "<w:rPr><w:rFonts w:hint=\"eastAsia\" w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:kern w:val=\"0\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>";
            out.push_str(&w.runs(&text, props, 0.1, Some(&rpr_digits(20))));
        }
        out.push_str(&cell[p..]);
    }
    out.push_str(&row[at..]);
    out
}

/// Cut some label runs of a template cell in two (the second run keeps the first's properties).
fn split_label_runs(w: &mut W, cell: &str) -> String {
    if !w.style.break_labels {
        return cell.to_string();
    }
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in ranges(cell, "<w:t>", "</w:t>", 0, cell.len()) {
        let inner = &cell[s + 5..e - 6];
        let chars: Vec<char> = inner.chars().collect();
        out.push_str(&cell[at..s]);
        at = e;
        if chars.len() < 4 || inner.contains('&') || !w.r.random_bool(0.3) {
            out.push_str(&cell[s..e]);
            continue;
        }
        let run_start = cell[..s].rfind("<w:r>").unwrap_or(s);
        let props = cell[run_start..s].find("<w:rPr>").map(|i| &cell[run_start + i..s]).unwrap_or("");
        let cut = w.r.random_range(1..chars.len());
        let (a, b): (String, String) = (chars[..cut].iter().collect(), chars[cut..].iter().collect());
        let between = BETWEEN_RUNS[w.r.random_range(0..BETWEEN_RUNS.len())];
        out.push_str(&format!("<w:t>{a}</w:t></w:r>{between}<w:r>{props}<w:t>{b}</w:t>"));
    }
    out.push_str(&cell[at..]);
    out
}

/// The template's paragraph holding `text`: its byte range.
fn para_range(xml: &str, text: &str) -> (usize, usize) {
    let i = xml.find(&format!("<w:t>{text}</w:t>")).unwrap_or_else(|| panic!("{text} in the template"));
    let s = xml[..i].rfind("<w:p ").expect("paragraph start");
    let e = i + xml[i..].find("</w:p>").expect("paragraph end") + "</w:p>".len();
    (s, e)
}

/// Paragraphs like the template's paragraph `proto` (which holds `placeholder`), one per line.
fn like(w: &mut W, proto: &str, placeholder: &str, lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines.iter().filter(|l| !l.is_empty()) {
        let mut text = l.clone();
        if w.style.zero_width && w.r.random_bool(0.3) {
            text = format!("\u{200b}{text}");
        }
        let id = w.id();
        let p = proto.replacen(&format!("<w:t>{placeholder}</w:t>"), &format!("<w:t>{}</w:t>", esc(&text)), 1);
        let p = match p.find("w14:paraId=\"") {
            Some(i) => format!("{}{id}{}", &p[..i + 12], &p[i + 20..]),
            None => p,
        };
        out.push_str(&p);
    }
    out
}

/// The template's `word/document.xml` with the report in it.
fn filled_template(t: &Truth, tabs: &Tables, body: &super::doc::Body, w: &mut W) -> String {
    let (doc, _) = template_parts();
    // part 2: by row label
    let mut x = map_rows(doc, 0, |row| {
        let label = text_of(row);
        match tabs.proactive.rows.iter().find(|r| !r.header && r.labels[0] == label.trim()) {
            Some(r) => fill_row(w, row, &r.values),
            None => split_label_runs(w, row),
        }
    });
    // part 3: the rows with seven cells to fill, in order
    let mut data = tabs.applications.rows.iter().filter(|r| !r.header);
    x = map_rows(&x, 1, |row| {
        let n = ranges(row, "<w:tc>", "</w:tc>", 0, row.len()).iter().filter(|&&(s, e)| fillable(&row[s..e])).count();
        if n == 7 {
            fill_row(w, row, &data.next().expect("a data row per template row").values)
        } else {
            split_label_runs(w, row)
        }
    });
    // part 4: the row with fifteen cells to fill
    let values = &tabs.review.rows.last().expect("values row").values;
    x = map_rows(&x, 2, |row| {
        let n = ranges(row, "<w:tc>", "</w:tc>", 0, row.len()).iter().filter(|&&(s, e)| fillable(&row[s..e])).count();
        if n == 15 {
            fill_row(w, row, values)
        } else {
            split_label_runs(w, row)
        }
    });
    // prose: the placeholders of parts 1, 5 and 6, replaced by the report's lines
    let placeholder = "（文字描述）";
    let proto = {
        let (s, e) = para_range(&x, placeholder);
        x[s..e].to_string()
    };
    for (p, text) in [(0usize, placeholder), (4, placeholder), (5, "（文字描述，收取信息处理费情况在此处报告。）")] {
        let (s, e) = para_range(&x, text);
        let lines = like(w, &proto, placeholder, &body.parts[p]);
        x.replace_range(s..e, &lines);
    }
    // headings
    const HEADINGS: [&str; 6] = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ];
    for (i, h) in HEADINGS.iter().enumerate() {
        let ours = esc(&plain_heading(&body.headings[i]));
        x = x.replacen(&format!("<w:t>{h}</w:t>"), &format!("<w:t>{ours}</w:t>"), 1);
    }
    // title, then the intro under it
    let (s, e) = para_range(&x, "政府信息公开工作年度报告格式模板");
    let title = title_of(t, body).map(|s| esc(&s)).unwrap_or_default();
    let title_para = x[s..e].replacen("政府信息公开工作年度报告格式模板", &title, 1);
    let intro: Vec<String> = body.head.iter().skip(usize::from(!t.title_missing)).cloned().collect();
    let intro = like(w, &proto, placeholder, &intro);
    x.replace_range(s..e, &format!("{title_para}{intro}"));
    // signature and date before the section properties
    let right = proto.replacen("<w:jc w:val=\"both\"/>", "<w:jc w:val=\"right\"/>", 1);
    let tail = like(w, &right, placeholder, &body.tail);
    let at = x.rfind("<w:sectPr>").expect("section properties");
    x.insert_str(at, &tail);
    x
}

// ---------------------------------------------------------------------------
// Packages.

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
}

/// The template's archive with `word/document.xml` replaced.
fn package_template(document: &str) -> Vec<u8> {
    let (_, others) = template_parts();
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in others {
        if name == "word/_rels/document.xml.rels" {
            z.start_file("word/document.xml", options()).expect("zip entry");
            z.write_all(document.as_bytes()).expect("zip write");
        }
        z.start_file(name.as_str(), options()).expect("zip entry");
        z.write_all(data).expect("zip write");
    }
    z.finish().expect("zip").into_inner()
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="1"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="character" w:default="1" w:styleId="2"><w:name w:val="Default Paragraph Font"/><w:semiHidden/></w:style><w:style w:type="table" w:default="1" w:styleId="3"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader w:val="1"/><w:defaultTabStop w:val="420"/><w:drawingGridVerticalSpacing w:val="156"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// A package written from scratch: content types, relationships, the document,
/// styles, settings, numbering (when headings are numbered by a list), properties.
fn package(document: &str, numbering: Option<&str>) -> Vec<u8> {
    let num_type = numbering.map_or("", |_| "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>");
    let num_rel = numbering.map_or("", |_| "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>");
    let content_types = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>{num_type}<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    );
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let doc_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>{num_rel}</Relationships>"
    );
    let core = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>Administrator</dc:creator><cp:lastModifiedBy>user</cp:lastModifiedBy><cp:revision>3</cp:revision></cp:coreProperties>";
    let app = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><AppVersion>16.0000</AppVersion></Properties>";
    let mut parts: Vec<(&str, &str)> = vec![
        ("[Content_Types].xml", &content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", &doc_rels),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
    ];
    if let Some(n) = numbering {
        parts.push(("word/numbering.xml", n));
    }
    parts.push(("docProps/core.xml", core));
    parts.push(("docProps/app.xml", app));
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        z.start_file(name, options()).expect("zip entry");
        z.write_all(data.as_bytes()).expect("zip write");
    }
    z.finish().expect("zip").into_inner()
}
