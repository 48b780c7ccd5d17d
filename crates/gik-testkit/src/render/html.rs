//! HTML pages: the tables with `rowspan`/`colspan` as the official template
//! has them, prose in `<p>`, site chrome around the report.

use super::{pad, value_text, Style};
use crate::gen::Truth;
use crate::table::{Table, Tables, Value};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

fn td(text: &str, rowspan: usize, colspan: usize) -> String {
    let mut a = String::new();
    if rowspan > 1 {
        a.push_str(&format!(" rowspan=\"{rowspan}\""));
    }
    if colspan > 1 {
        a.push_str(&format!(" colspan=\"{colspan}\""));
    }
    format!("<td{a}><p>{text}</p></td>")
}

fn vtd(v: &Value, r: &mut ChaCha8Rng, style: &Style) -> String {
    let t = value_text(v, style);
    let t = if t.is_empty() && r.random_bool(0.3) { "&nbsp;".to_string() } else { pad(&t, r, style) };
    td(&t, 1, 1)
}

fn proactive(tab: &Table, r: &mut ChaCha8Rng, style: &Style) -> String {
    let mut s = String::from("<table border=\"1\" cellspacing=\"0\">\n");
    for row in &tab.rows {
        s.push_str("<tr>");
        if row.header && row.labels.len() == 1 {
            s.push_str(&td(&row.labels[0], 1, 4));
        } else if row.header {
            let n = row.labels.len() - 1;
            s.push_str(&td(&row.labels[0], 1, 1));
            for (i, l) in row.labels[1..].iter().enumerate() {
                s.push_str(&td(l, 1, if i + 1 == n { 4 - n } else { 1 }));
            }
        } else {
            let n = row.values.len();
            s.push_str(&td(&row.labels[0], 1, 1));
            for (i, v) in row.values.iter().enumerate() {
                let mut c = vtd(v, r, style);
                if i + 1 == n && n < 3 {
                    c = c.replacen("<td", &format!("<td colspan=\"{}\"", 4 - n), 1);
                }
                s.push_str(&c);
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>");
    s
}

fn applications(tab: &Table, r: &mut ChaCha8Rng, style: &Style) -> String {
    let mut s = String::from("<table border=\"1\" cellspacing=\"0\">\n");
    s.push_str(&format!("<tr>{}{}</tr>\n", td(crate::table::BALANCE_NOTE, 3, 3), td("申请人情况", 1, 7)));
    s.push_str(&format!("<tr>{}{}{}</tr>\n", td("自然人", 2, 1), td("法人或其他组织", 1, 5), td("总计", 2, 1)));
    s.push_str("<tr>");
    for l in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] {
        s.push_str(&td(l, 1, 1));
    }
    s.push_str("</tr>\n");
    let rows: Vec<_> = tab.rows.iter().filter(|x| !x.header).collect();
    let top_span = rows.iter().filter(|x| x.labels.len() >= 2).count();
    for (i, row) in rows.iter().enumerate() {
        s.push_str("<tr>");
        match row.labels.len() {
            1 => s.push_str(&td(&row.labels[0], 1, 3)),
            2 => {
                if !row.labels[0].is_empty() {
                    s.push_str(&td(&row.labels[0], top_span, 1));
                }
                s.push_str(&td(&row.labels[1], 1, 2));
            }
            _ => {
                if !row.labels[0].is_empty() {
                    s.push_str(&td(&row.labels[0], top_span, 1));
                }
                if !row.labels[1].is_empty() {
                    let span = rows[i + 1..].iter().take_while(|x| x.labels.len() == 3 && x.labels[1].is_empty()).count() + 1;
                    s.push_str(&td(&row.labels[1], span, 1));
                }
                s.push_str(&td(&row.labels[2], 1, 1));
            }
        }
        for v in &row.values {
            s.push_str(&vtd(v, r, style));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>");
    s
}

fn review(tab: &Table, r: &mut ChaCha8Rng, style: &Style) -> String {
    let mut s = String::from("<table border=\"1\" cellspacing=\"0\">\n");
    s.push_str(&format!("<tr>{}{}</tr>\n", td("行政复议", 1, 5), td("行政诉讼", 1, 10)));
    s.push_str("<tr>");
    for l in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
        s.push_str(&td(l, 2, 1));
    }
    s.push_str(&td("未经复议直接起诉", 1, 5));
    s.push_str(&td("复议后起诉", 1, 5));
    s.push_str("</tr>\n<tr>");
    for _ in 0..2 {
        for l in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            s.push_str(&td(l, 1, 1));
        }
    }
    s.push_str("</tr>\n<tr>");
    for v in &tab.rows.last().expect("values row").values {
        s.push_str(&vtd(v, r, style));
    }
    s.push_str("</tr>\n</table>");
    s
}

/// Render an HTML page.
pub fn render(t: &Truth, tabs: &Tables, r: &mut ChaCha8Rng, style: &Style) -> String {
    let body = super::doc::body(t, r, style);
    let title = body.head.first().filter(|_| !t.title_missing).cloned().unwrap_or_default();
    let title = title.trim_start_matches("# ").trim_matches('*').to_string();
    let mut h = String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    h.push_str(&format!("<title>{}</title></head>\n<body>\n", if title.is_empty() { "政府信息公开" } else { &title }));
    h.push_str("<div class=\"nav\">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n<div class=\"article\">\n");
    if !title.is_empty() {
        h.push_str(&format!("<h1>{title}</h1>\n"));
    }
    for l in body.head.iter().skip(usize::from(!t.title_missing)).filter(|l| !l.is_empty()) {
        h.push_str(&format!("<p>{l}</p>\n"));
    }
    let tables = [proactive(&tabs.proactive, r, style), applications(&tabs.applications, r, style), review(&tabs.review, r, style)];
    for (p, lines) in body.parts.iter().enumerate() {
        let head = body.headings[p].trim().trim_start_matches("## ").trim_matches('*');
        if r.random_bool(0.5) {
            h.push_str(&format!("<p><strong>{head}</strong></p>\n"));
        } else {
            h.push_str(&format!("<h2>{head}</h2>\n"));
        }
        if (1..=3).contains(&p) {
            h.push_str(&tables[p - 1]);
            h.push('\n');
        }
        for l in lines {
            h.push_str(&format!("<p>{l}</p>\n"));
        }
    }
    for l in body.tail.iter().filter(|l| !l.is_empty()) {
        h.push_str(&format!("<p style=\"text-align:right\">{l}</p>\n"));
    }
    h.push_str("</div>\n<div class=\"footer\">网站标识码 微信 微博</div>\n</body></html>\n");
    if style.half_brackets {
        h = h.replace('（', "(").replace('）', ")");
    }
    h
}
