//! Cell layouts: the table's cells survive as cells, separated by tabs or pipes.

use super::{pad, space_in_label, value_text, Style};
use crate::table::{Row, Table, Tables};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

fn zw(s: String, r: &mut ChaCha8Rng, style: &Style) -> String {
    if style.zero_width && r.random_bool(0.2) && !s.is_empty() {
        let n = s.chars().count();
        let at = r.random_range(0..=n);
        let (a, b): (String, String) = (s.chars().take(at).collect(), s.chars().skip(at).collect());
        format!("{a}\u{200b}{b}")
    } else {
        s
    }
}

/// The cells of a row as text: labels (broken by a space sometimes), then values.
fn row_cells(row: &Row, r: &mut ChaCha8Rng, style: &Style, keep_merged: bool) -> Vec<String> {
    let mut out = Vec::new();
    for l in &row.labels {
        if l.is_empty() && !keep_merged {
            continue;
        }
        let l = space_in_label(l, r, style);
        out.push(zw(l, r, style));
    }
    for v in &row.values {
        out.push(pad(&value_text(v, style), r, style));
    }
    out
}

/// A row per line, tab-separated (Word table pasted as text).
pub fn tab_rows(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    let one = |tab: &Table, r: &mut ChaCha8Rng| {
        let mut lines = Vec::new();
        for row in &tab.rows {
            let mut cells = row_cells(row, r, style, true);
            if row.header {
                while cells.len() < 4.min(tab.width) {
                    cells.push(String::new());
                }
            } else if !row.labels.is_empty() && r.random_bool(0.03) {
                // a stray empty cell after the labels (PDF-to-Word column artifact)
                cells.insert(row.labels.len(), String::new());
            }
            if cells.len() == 1 {
                cells.push(String::new());
            }
            lines.push(cells.join("\t"));
        }
        lines
    };
    [one(&t.proactive, r), one(&t.applications, r), one(&t.review, r)]
}

/// Split a label for a cell broken over lines: the tail must read as a
/// continuation (short, no digits, no numbering), as "商业\n企业" does.
fn break_cell(s: &str, r: &mut ChaCha8Rng, style: &Style) -> String {
    let n = s.chars().count();
    if !style.break_labels || n < 4 || !r.random_bool(0.3) {
        return s.to_string();
    }
    let at = r.random_range(n.saturating_sub(8).max(2)..n - 1);
    let (a, b): (String, String) = (s.chars().take(at).collect(), s.chars().skip(at).collect());
    let ok = !b.starts_with(|c: char| "一二三四五六七八九十(（".contains(c)) && !b.chars().any(|c| c.is_ascii_digit());
    if ok {
        format!("{a}\n{b}")
    } else {
        s.to_string()
    }
}

/// One tab-prefixed cell per line, a blank line after each row (Word paste).
pub fn tab_cells(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    let one = |tab: &Table, r: &mut ChaCha8Rng| {
        let mut lines = Vec::new();
        for row in &tab.rows {
            for l in &row.labels {
                let l = break_cell(l, r, style);
                lines.push(format!("\t{}", zw(l, r, style)));
            }
            for v in &row.values {
                lines.push(format!("\t{}", pad(&value_text(v, style), r, style)));
            }
            lines.push(String::new());
        }
        lines
    };
    [one(&t.proactive, r), one(&t.applications, r), one(&t.review, r)]
}

/// One `X |` cell per line, a line of pipes ending each row (web converter).
pub fn pipe_cells(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    let lead = r.random_bool(0.4);
    let one = |tab: &Table, r: &mut ChaCha8Rng| {
        let mut lines = Vec::new();
        for row in &tab.rows {
            if lead {
                lines.push("|".to_string());
            }
            for c in row_cells(row, r, style, false) {
                lines.push(if c.trim().is_empty() && !c.contains('\u{a0}') && !c.contains('\u{3000}') {
                    "|".to_string()
                } else {
                    format!("{c} |")
                });
            }
            lines.push("|".repeat(r.random_range(2..=4)));
        }
        lines
    };
    [one(&t.proactive, r), one(&t.applications, r), one(&t.review, r)]
}

fn md_row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

fn md_rule(n: usize) -> String {
    format!("|{}", "---|".repeat(n.max(1)))
}

/// Markdown pipe tables: whole tables, or (as some converters do) one small
/// table per row group under `###` headings.
pub fn markdown(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    if r.random_bool(0.5) {
        markdown_whole(t, r, style)
    } else {
        markdown_split(t, r, style)
    }
}

fn markdown_whole(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    let one = |tab: &Table, r: &mut ChaCha8Rng| {
        let mut lines = Vec::new();
        let mut first = true;
        for row in &tab.rows {
            let cells = row_cells(row, r, style, true);
            let n = cells.len();
            lines.push(md_row(&cells));
            if first {
                lines.push(md_rule(n));
                first = false;
            }
        }
        lines.push(String::new());
        lines
    };
    [one(&t.proactive, r), one(&t.applications, r), one(&t.review, r)]
}

fn markdown_split(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    // part 2: a table per 第二十条 item, its heading as a ### line
    let mut p2 = Vec::new();
    for row in &t.proactive.rows {
        if row.header && row.labels.len() == 1 {
            p2.push(String::new());
            p2.push(format!("### {}", row.labels[0]));
        } else if row.header {
            p2.push(md_row(&row.labels));
            p2.push(md_rule(row.labels.len()));
        } else {
            p2.push(md_row(&row_cells(row, r, style, false)));
        }
    }
    // part 3: a table per row group, the group's label as a ### heading
    let mut p3 = vec![super::super::table::BALANCE_NOTE.to_string(), String::new()];
    let head = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |".to_string();
    for row in t.applications.rows.iter().filter(|x| !x.header) {
        let labels: Vec<&String> = row.labels.iter().filter(|l| !l.is_empty()).collect();
        let (group, own): (Vec<&String>, &String) = (labels[..labels.len() - 1].to_vec(), labels[labels.len() - 1]);
        let new_table = !group.is_empty() || row.labels.len() == 1 || (row.labels.len() == 2 && row.labels[1] == *own);
        if new_table {
            p3.push(String::new());
            for g in &group {
                p3.push(format!("### {g}"));
            }
            if group.is_empty() {
                p3.push(format!("### {own}"));
            }
            p3.push(head.clone());
            p3.push(md_rule(8));
        }
        let mut cells = vec![space_in_label(own, r, style)];
        cells.extend(row.values.iter().map(|v| pad(&value_text(v, style), r, style)));
        p3.push(md_row(&cells));
    }
    // part 4: a table per group
    let mut p4 = Vec::new();
    let vals = &t.review.rows.last().expect("values row").values;
    for (gi, g) in ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].iter().enumerate() {
        p4.push(format!("### {g}"));
        p4.push("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |".into());
        p4.push(md_rule(5));
        let cells: Vec<String> = vals[gi * 5..gi * 5 + 5].iter().map(|v| value_text(v, style)).collect();
        p4.push(md_row(&cells));
        p4.push(String::new());
    }
    [p2, p3, p4]
}
