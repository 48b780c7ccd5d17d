//! One report, three formats: the same generated report written as text (a
//! Word document pasted as text: `tab-cells`, one tab-prefixed cell per line),
//! as an HTML page and as a .docx must parse to the same cells — the same state
//! (number, blank, unknown) and the same value for every key — and the same
//! metadata. (Not `tab-rows`: it adds a stray empty cell to some rows on purpose,
//! a PDF-to-Word artifact, which can leave a row with a blank ambiguous in that
//! layout only.) 200 seeds agreed when this was written; 32 run here.

use gik_model::Report;
use gik_testkit::gen::{generate, GenOptions};
use gik_testkit::render::{render_file, Layout};

const SEEDS: std::ops::Range<u64> = 0..32;

fn parse(report: &gik_testkit::gen::Truth, layout: Layout, seed: u64) -> Report {
    let out = render_file(report, layout, seed);
    let parsed = match &out.bytes {
        Some(b) => gik_parse::parse_bytes(b),
        None => gik_parse::parse(&out.text),
    };
    parsed.unwrap_or_else(|e| panic!("seed {seed} {}: {e}", layout.name()))
}

/// Every key's state and value, and the metadata, as comparable strings.
fn cells(r: &Report) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = r
        .table_keys()
        .into_iter()
        .zip(&r.cells)
        .map(|(k, c)| (k, format!("{:?} {:?}", c.state, c.value.map(|v| v.normalize()))))
        .collect();
    out.extend(r.flat().into_iter().take(4));
    out
}

#[test]
fn text_html_and_docx_of_one_report_parse_to_the_same_cells() {
    let opts = GenOptions::default();
    let mut failures = Vec::new();
    let mut docx_files = 0;
    for seed in SEEDS {
        let truth = generate(seed, &opts);
        let text = cells(&parse(&truth, Layout::TabCells, seed));
        let html = cells(&parse(&truth, Layout::Html, seed));
        let docx_report = parse(&truth, Layout::Docx, seed);
        assert_eq!(docx_report.meta.source.format, "docx", "seed {seed}: read as a .docx");
        docx_files += 1;
        let docx = cells(&docx_report);
        for (((k, a), (_, b)), (_, c)) in text.iter().zip(&html).zip(&docx) {
            if a != b || a != c {
                failures.push(format!("seed {seed} {k}: text {a}, html {b}, docx {c}"));
            }
        }
    }
    assert_eq!(docx_files, SEEDS.count());
    assert!(failures.is_empty(), "the formats disagree:\n{}", failures.join("\n"));
}

/// The cross-check compares something: a report with blank cells and one with
/// numbers, both templates, are among the seeds.
#[test]
fn the_seeds_cover_both_templates_and_blank_cells() {
    let opts = GenOptions::default();
    let truths: Vec<_> = SEEDS.map(|s| generate(s, &opts)).collect();
    assert!(truths.iter().any(|t| t.template() == gik_model::Template::V2019));
    assert!(truths.iter().any(|t| t.template() == gik_model::Template::V2021));
    assert!(truths.iter().any(|t| t.report.cells.iter().any(|c| c.state == gik_model::CellState::Blank)));
}
