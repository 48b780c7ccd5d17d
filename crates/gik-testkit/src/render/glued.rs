//! Glued: a web page's text where each table (or the whole page) is one line
//! and the cells follow each other with no separator, as in the pingtan
//! reports of the corpus ("规章 000行政规范性文件693665…"). Only the template's
//! arithmetic can split such runs; where it cannot, the parser must say so.

use super::{value_text, Style};
use crate::gen::Truth;
use crate::table::{Table, Tables};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

fn glue(tab: &Table, r: &mut ChaCha8Rng, style: &Style) -> String {
    let mut s = String::new();
    for row in &tab.rows {
        for l in row.labels.iter().filter(|l| !l.is_empty()) {
            s.push_str(l);
            if r.random_bool(0.05) {
                s.push(' ');
            }
        }
        for v in &row.values {
            s.push_str(&value_text(v, style));
            // a stray space now and then, as the pingtan pages have
            if r.random_bool(0.03) {
                s.push(' ');
            }
        }
    }
    s
}

/// Render a glued page.
pub fn render(t: &Truth, tabs: &Tables, r: &mut ChaCha8Rng, style: &Style) -> String {
    let mut style = style.clone();
    if style.blank == "-" {
        // a glued "-" cannot be told from a minus sign; real pages use "/" or "—" there
        style.blank = "/";
    }
    style.padding = false;
    let one_line = r.random_bool(0.5);
    let text = super::doc::assemble(t, r, &style, |r, s| {
        [vec![glue(&tabs.proactive, r, s)], vec![glue(&tabs.applications, r, s)], vec![glue(&tabs.review, r, s)]]
    });
    if one_line {
        // the whole page on one line, as a crawler's text of a web page
        let body: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        format!("{}\n", body.join(" "))
    } else {
        text
    }
}
