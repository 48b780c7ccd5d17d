//! PDF text: `pdftotext -layout` (cells placed in columns by runs of spaces,
//! long labels wrapped over the lines around their numbers, a merged label
//! written one character per line down the rows it spans, page numbers like
//! `-3-`) and `pdftotext -raw` (one cell per line, wrapped and merged labels
//! landing after the rows they belong to).

use super::{value_text, Style};
use crate::table::{Row, Table, Tables};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Put `text` at character column `col`, at least two spaces after what is there.
fn place(line: &mut String, col: usize, text: &str) {
    let n = line.chars().count();
    let at = if n == 0 { col } else { col.max(n + 2) };
    line.extend(std::iter::repeat_n(' ', at - n));
    line.push_str(text);
}

/// Wrap a label into pieces of at most `width` characters.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.chunks(width.max(1)).map(|c| c.iter().collect()).collect()
}

/// A page number line, as pdftotext prints it between pages.
fn page_number(r: &mut ChaCha8Rng, n: &mut u32) -> String {
    *n += 1;
    let indent = r.random_range(0..90);
    format!("{}-{}-", " ".repeat(indent), *n)
}

struct Cols {
    label: usize,
    values: Vec<usize>,
    /// Where a label wraps.
    wrap: usize,
}

fn columns_for(n_values: usize, label_width: usize, r: &mut ChaCha8Rng) -> Cols {
    let step = r.random_range(6..12);
    let start = label_width + r.random_range(3..10);
    Cols { label: 0, values: (0..n_values).map(|i| start + i * step).collect(), wrap: r.random_range(10..16) }
}

/// One table row as PDF layout lines: the label wrapped around the number line.
fn row_lines(labels: &[String], values: &[String], cols: &Cols, indent: usize, r: &mut ChaCha8Rng, style: &Style) -> Vec<String> {
    let label: String = labels.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join("");
    let pieces = if style.break_labels && label.chars().count() > cols.wrap { wrap(&label, cols.wrap) } else { vec![label] };
    // the number line sits by the middle piece of a wrapped label
    let mid = if pieces.len() > 1 && r.random_bool(0.5) { pieces.len() / 2 } else { 0 };
    let mut out = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        let mut line = String::new();
        if !p.is_empty() {
            place(&mut line, cols.label + indent, p);
        }
        if i == mid {
            for (v, c) in values.iter().zip(&cols.values) {
                place(&mut line, *c, v);
            }
        }
        out.push(line);
    }
    if pieces.len() > 1 && mid != 0 && r.random_bool(0.5) {
        // pdftotext sometimes puts the number line alone between the label's pieces
        let (a, b) = out.split_at(mid);
        let num_line: String = {
            let mut l = String::new();
            for (v, c) in values.iter().zip(&cols.values) {
                place(&mut l, *c, v);
            }
            l
        };
        let mut rest: Vec<String> = b.to_vec();
        rest[0] = format!("{}{}", " ".repeat(indent), pieces[mid]);
        let mut v = a.to_vec();
        v.push(num_line);
        v.extend(rest);
        return v;
    }
    out
}

fn proactive_layout(tab: &Table, r: &mut ChaCha8Rng, style: &Style, page: &mut u32) -> Vec<String> {
    let mut out = Vec::new();
    let cols = columns_for(3, 14, r);
    for row in &tab.rows {
        if row.header && row.labels.len() == 1 {
            out.push(String::new());
            out.push(row.labels[0].replace("第（", " 第（"));
            out.push(String::new());
        } else if row.header {
            let mut line = String::new();
            place(&mut line, 0, &row.labels[0]);
            for (l, c) in row.labels[1..].iter().zip(&cols.values) {
                place(&mut line, *c, l);
            }
            out.push(line);
            out.push(String::new());
        } else {
            let vals: Vec<String> = row.values.iter().map(|v| value_text(v, style)).collect();
            out.extend(row_lines(&row.labels, &vals, &cols, 0, r, style));
            out.push(String::new());
        }
        if r.random_bool(0.03) {
            out.push(page_number(r, page));
        }
    }
    out
}

fn applications_header(cols: &Cols) -> Vec<String> {
    let mut l1 = String::new();
    place(&mut l1, cols.values[2], "申请人情况");
    let mut l2 = String::new();
    place(&mut l2, 0, "（本列数据的勾稽关系为：第一项加第二项之和，");
    place(&mut l2, cols.values[2], "法人或其他组织");
    let l3 = "等于第三项加第四项之和）".to_string();
    let mut l4 = String::new();
    place(&mut l4, cols.values[0], "自然人");
    place(&mut l4, cols.values[6], "总计");
    let mut l5 = String::new();
    let mut l6 = String::new();
    for (i, (a, b)) in [("商业企", "业"), ("科研机", "构"), ("社会公益", "组织"), ("法律服务", "机构")].iter().enumerate() {
        place(&mut l5, cols.values[i + 1], a);
        place(&mut l6, cols.values[i + 1], b);
    }
    let mut l7 = String::new();
    place(&mut l7, cols.values[5], "其他");
    vec![l1, String::new(), l2, l3, l4, l5, l7, l6, String::new()]
}

/// The labels of the applications rows, split into what stays on the row line
/// and the merged labels (三、本年度办理结果, （三）不予公开) written down the rows.
fn own_label(row: &Row) -> String {
    row.labels.last().cloned().unwrap_or_default()
}

fn applications_layout(tab: &Table, r: &mut ChaCha8Rng, style: &Style, page: &mut u32) -> Vec<String> {
    let cols = columns_for(7, 34, r);
    let mut out = applications_header(&cols);
    let rows: Vec<&Row> = tab.rows.iter().filter(|x| !x.header).collect();
    // the merged labels, each written down the rows it spans
    let mut side: Vec<Vec<String>> = vec![Vec::new(); rows.len() * 3];
    let top_from = rows.iter().position(|x| x.labels.len() >= 2).unwrap_or(0);
    let top_to = rows.iter().rposition(|x| x.labels.len() >= 2).unwrap_or(0);
    for (i, ch) in "三、本年度办理结果".chars().enumerate() {
        let span = (top_to - top_from + 1) * 3;
        let at = top_from * 3 + i * span / 9;
        let s = if i == 0 { "三、".to_string() } else { ch.to_string() };
        if i == 1 {
            continue;
        }
        side[at].push(s);
    }
    for (i, row) in rows.iter().enumerate() {
        if row.labels.len() == 3 && !row.labels[1].is_empty() {
            let g = &row.labels[1];
            let n = rows[i..].iter().skip(1).take_while(|x| x.labels.len() == 3 && x.labels[1].is_empty()).count() + 1;
            let pieces = wrap(g, 4);
            let mid = i * 3 + (n * 3) / 2;
            for (k, p) in pieces.iter().enumerate() {
                let last = side.len() - 1;
                side[(mid + k).min(last)].push(format!("      {p}"));
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let vals: Vec<String> = row.values.iter().map(|v| value_text(v, style)).collect();
        let indent = match row.labels.len() {
            3 => 13,
            2 => 6,
            _ => 0,
        };
        let lines = row_lines(&[own_label(row)], &vals, &cols, indent, r, style);
        for (k, mut l) in lines.into_iter().enumerate() {
            // a merged label's character may share the line's left margin
            let slot = i * 3 + k.min(2);
            // everything due up to this slot, in order
            let mut due: Vec<String> = Vec::new();
            for pending in &mut side[i * 3..=slot] {
                due.extend(std::mem::take(pending));
            }
            let last = due.pop();
            out.extend(due);
            if let Some(s) = last {
                if l.starts_with("             ") && !s.starts_with(' ') && r.random_bool(0.5) {
                    l = format!("{s}{}", &l[s.chars().count()..]);
                } else {
                    out.push(s);
                }
            }
            out.push(l);
        }
        for pending in &mut side[i * 3..i * 3 + 3] {
            out.append(pending);
        }
        out.push(String::new());
        if r.random_bool(0.04) {
            out.push(page_number(r, page));
        }
    }
    out
}

fn review_layout(tab: &Table, r: &mut ChaCha8Rng, style: &Style) -> Vec<String> {
    let step = r.random_range(5..9);
    let col = |i: usize| i * step;
    let mut out = Vec::new();
    let mut l1 = String::new();
    place(&mut l1, 0, "行政复议");
    place(&mut l1, col(5), "行政诉讼");
    out.push(l1);
    out.push(String::new());
    let mut l2 = String::new();
    place(&mut l2, col(5), "未经复议直接起诉");
    place(&mut l2, col(10), "复议后起诉");
    out.push(l2);
    out.push(String::new());
    let (mut a, mut b) = (String::new(), String::new());
    for g in 0..3 {
        for (k, (x, y)) in [("结果", "维持"), ("结果", "纠正"), ("其他", "结果"), ("尚未", "审结"), ("总计", "")].iter().enumerate() {
            place(&mut a, col(g * 5 + k), x);
            if !y.is_empty() {
                place(&mut b, col(g * 5 + k), y);
            }
        }
    }
    out.push(a);
    out.push(b);
    out.push(String::new());
    let vals = &tab.rows.last().expect("values row").values;
    let mut line = String::new();
    for (i, v) in vals.iter().enumerate() {
        place(&mut line, col(i), &value_text(v, style));
    }
    out.push(line);
    out.push(String::new());
    let _ = r;
    out
}

/// `pdftotext -layout`.
pub fn layout(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    let mut page = r.random_range(1..4);
    [
        proactive_layout(&t.proactive, r, style, &mut page),
        applications_layout(&t.applications, r, style, &mut page),
        review_layout(&t.review, r, style),
    ]
}

/// `pdftotext -raw`: one cell per line (blank lines between, sometimes);
/// labels that wrap in the PDF (long ones, merged group labels) are written
/// after the rows of their page, as pdftotext orders text by block.
pub fn raw(t: &Tables, r: &mut ChaCha8Rng, style: &Style) -> [Vec<String>; 3] {
    let spaced = r.random_bool(0.5);
    let wrap_at = r.random_range(13..20);
    let mut page = r.random_range(1..4);
    let push = |out: &mut Vec<String>, s: String| {
        out.push(s);
        if spaced {
            out.push(String::new());
        }
    };
    // now and then part 4 in content-stream order (drawn apart, so that every
    // other draw of the layout is what it was before this existed)
    // (a cut inside a group, runs shuffled; a cut only between groups would
    // look like three small tables, whose order no text can tell)
    let mut r2 = ChaCha8Rng::seed_from_u64(r.clone().random::<u64>() ^ 0x0057_2EA4_0D3E_u64);
    let stream_order = r2.random_bool(0.15).then(|| {
        let mut cuts: Vec<usize> = (0..r2.random_range(1..5)).map(|_| r2.random_range(1..15)).collect();
        if cuts.iter().all(|c| c % 5 == 0) {
            cuts.push(r2.random_range(1..5));
        }
        cuts.extend([0, 15]);
        cuts.sort();
        cuts.dedup();
        let mut runs: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        for i in (1..runs.len()).rev() {
            runs.swap(i, r2.random_range(0..=i));
        }
        runs
    });
    let late_total = stream_order.is_none() && r2.random_bool(0.15);
    let mut parts: [Vec<String>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for (ti, tab) in [&t.proactive, &t.applications, &t.review].iter().enumerate() {
        let out = &mut parts[ti];
        let mut later: Vec<String> = Vec::new();
        let page_ends: Vec<usize> = if ti == 1 {
            let mut v: Vec<usize> = (0..r.random_range(1..3)).map(|_| r.random_range(4..tab.rows.len())).collect();
            v.sort();
            v
        } else {
            vec![]
        };
        for (ri, row) in tab.rows.iter().enumerate() {
            for (li, l) in row.labels.iter().enumerate() {
                if l.is_empty() {
                    continue;
                }
                let merged = ti == 1 && !row.header && li + 1 < row.labels.len();
                let long = ti == 1 && !row.header && l.chars().count() > wrap_at;
                if merged || long {
                    let w = if merged && li == 0 { 1 } else { wrap_at };
                    let pieces = wrap(l, w);
                    later.extend(pieces);
                } else if row.header && ti == 1 && l.chars().count() > 6 && l.chars().count() < 12 {
                    for p in wrap(l, 3) {
                        push(out, p);
                    }
                } else {
                    push(out, l.clone());
                }
            }
            if ti == 2 && row.values.len() == 15 && stream_order.is_some() {
                // content-stream order: the numbers in runs, with pieces of the
                // merged header cells between them
                let mut at = 0;
                for (i, run) in stream_order.iter().flatten().enumerate() {
                    if i > 0 {
                        // a scramble shows: its text is not the label of the
                        // column the next number falls in when read as printed
                        // (a late header cell over its own column would be)
                        push(out, if at % 5 == 4 { "维持" } else { "总计" }.to_string());
                    }
                    for v in &row.values[run.0..run.1] {
                        push(out, value_text(v, style));
                        at += 1;
                    }
                }
            } else if ti == 2 && row.values.len() == 15 && late_total {
                // in order, the last column's merged header written just before its number
                for (i, v) in row.values.iter().enumerate() {
                    if i == 14 {
                        push(out, "总计".to_string());
                    }
                    push(out, value_text(v, style));
                }
            } else {
                for v in &row.values {
                    push(out, value_text(v, style));
                }
            }
            if page_ends.contains(&ri) || ri + 1 == tab.rows.len() {
                for l in std::mem::take(&mut later) {
                    push(out, l);
                }
                if page_ends.contains(&ri) {
                    push(out, page_number(r, &mut page));
                }
            }
        }
    }
    parts
}
