//! The three tables of a report as rows of label and value cells, independent
//! of any layout: each renderer flattens these rows its own way.
//!
//! Label cells keep the template's merged structure: a row of the
//! applications table has three label positions (三、本年度办理结果 /
//! （三）不予公开 / 1.属于国家秘密); a position covered by a label merged from the
//! row above is an empty string, as converters print it.

use crate::gen::Truth;
use gik_model::{Cell, Decimal, Template, APPLICANT_COLUMNS, REVIEW_GROUPS, REVIEW_OUTCOMES};

/// A value cell: its number (or blank) and the key it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Flat key.
    pub key: String,
    /// The number, or `None` for a cell blank in the source.
    pub value: Option<Decimal>,
}

/// One row: label cells (with `""` for merged positions), then values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Label cells, left to right.
    pub labels: Vec<String>,
    /// Value cells, left to right.
    pub values: Vec<Value>,
    /// A header row (column labels, no values).
    pub header: bool,
}

impl Row {
    fn head(cells: &[&str]) -> Row {
        Row { labels: cells.iter().map(|s| s.to_string()).collect(), values: vec![], header: true }
    }
}

/// A table: its rows, and the row groups a converter may split it into
/// (markdown per-group tables, page breaks).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Row>,
    /// Indices of rows that start a block (a sub-table of part 2, a row group of part 3).
    pub block_starts: Vec<usize>,
    /// The widest row, in cells.
    pub width: usize,
}

fn value(t: &Truth, key: &str) -> Value {
    let c: &Cell = t.cell(key);
    Value { key: key.to_string(), value: c.value.filter(|_| c.is_number()) }
}

/// The sub-table headings of part 2 (第二十条第（X）项), by the index of the row they precede.
fn proactive_sections(t: Template) -> &'static [(usize, &'static str)] {
    match t {
        Template::V2021 => &[(0, "第二十条第（一）项"), (2, "第二十条第（五）项"), (3, "第二十条第（六）项"), (5, "第二十条第（八）项")],
        Template::V2019 => &[
            (0, "第二十条第（一）项"),
            (2, "第二十条第（五）项"),
            (4, "第二十条第（六）项"),
            (6, "第二十条第（八）项"),
            (7, "第二十条第（九）项"),
        ],
    }
}

/// Part 2.
pub fn proactive(t: &Truth) -> Table {
    let tpl = t.template();
    let cells = tpl.proactive();
    let mut tab = Table::default();
    for (i, row) in tpl.proactive_rows().iter().enumerate() {
        if let Some((_, head)) = proactive_sections(tpl).iter().find(|(at, _)| *at == i) {
            tab.block_starts.push(tab.rows.len());
            tab.rows.push(Row::head(&[head]));
            let mut h = vec!["信息内容"];
            h.extend(row.cells.iter().map(|c| cells[*c].column_label));
            tab.rows.push(Row::head(&h));
        }
        tab.rows.push(Row {
            labels: vec![row.label.to_string()],
            values: row.cells.iter().map(|c| value(t, cells[*c].key)).collect(),
            header: false,
        });
    }
    tab.width = 4;
    tab
}

/// The note above the applications table.
pub const BALANCE_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// Part 3.
pub fn applications(t: &Truth) -> Table {
    let tpl = t.template();
    let mut tab = Table::default();
    tab.rows.push(Row::head(&[BALANCE_NOTE, "", "", "申请人情况"]));
    tab.rows.push(Row::head(&["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]));
    tab.rows.push(Row::head(&["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]));
    let mut last_group: Option<&str> = None;
    let mut first_outcome = true;
    for spec in tpl.application_rows() {
        let values: Vec<Value> = APPLICANT_COLUMNS.iter().map(|c| value(t, &format!("applications.{}.{}", spec.key, c.key))).collect();
        let labels: Vec<String> = match (spec.role, spec.group) {
            (gik_model::RowRole::Outcome, Some(g)) => {
                let first_in_group = last_group != Some(g);
                last_group = Some(g);
                let top = if first_outcome { "三、本年度办理结果" } else { "" };
                first_outcome = false;
                vec![top.into(), if first_in_group { g.into() } else { String::new() }, spec.label.into()]
            }
            (gik_model::RowRole::Outcome, None) | (gik_model::RowRole::Total, _) => {
                last_group = None;
                let top = if first_outcome { "三、本年度办理结果" } else { "" };
                first_outcome = false;
                vec![top.into(), spec.label.into()]
            }
            _ => vec![spec.label.into()],
        };
        if labels.len() == 1 || labels.len() == 2 || labels[1].starts_with('（') {
            tab.block_starts.push(tab.rows.len());
        }
        tab.rows.push(Row { labels, values, header: false });
    }
    tab.block_starts.dedup();
    tab.width = 10;
    tab
}

/// Part 4: three header rows and one row of fifteen values.
pub fn review(t: &Truth) -> Table {
    let mut tab = Table::default();
    tab.rows.push(Row::head(&["行政复议", "", "", "", "", "行政诉讼"]));
    tab.rows.push(Row::head(&["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"]));
    let mut h3: Vec<&str> = Vec::new();
    for _ in 0..3 {
        h3.extend(REVIEW_OUTCOMES.iter().map(|o| o.label));
    }
    tab.rows.push(Row::head(&h3));
    let mut values = Vec::new();
    for g in REVIEW_GROUPS {
        for o in REVIEW_OUTCOMES {
            values.push(value(t, &format!("{}.{}", g.key, o.key)));
        }
    }
    tab.rows.push(Row { labels: vec![], values, header: false });
    tab.block_starts = vec![0];
    tab.width = 15;
    tab
}

/// The three tables of a report.
pub struct Tables {
    /// Part 2.
    pub proactive: Table,
    /// Part 3.
    pub applications: Table,
    /// Part 4.
    pub review: Table,
}

/// All three.
pub fn tables(t: &Truth) -> Tables {
    Tables { proactive: proactive(t), applications: applications(t), review: review(t) }
}
