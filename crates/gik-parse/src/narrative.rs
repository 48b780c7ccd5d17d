//! Numbers stated in the prose of part 1, to be compared with the tables
//! (the `narrative.mismatch` check). Only unambiguous phrasings are read; a
//! sentence that could mean two things is not a claim.

use crate::sections::Pos;
use crate::tables::Doc;
use gik_model::{Claim, Decimal};
use regex::Regex;
use std::sync::LazyLock;

/// (pattern, flat key or `+`-joined keys). The first number group is the claim.
static CLAIMS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"(?:新收|收到|受理)[^。；;,，\d]{0,14}?(?:政府信息公开|依申请公开|信息公开)[^。；;,，\d]{0,6}?申请[^。；;,，\d]{0,4}?(\d+)\s*件", "applications.new.total"),
        (r"新收[^。；;,，\d]{0,14}?(\d+)\s*件", "applications.new.total"),
        (r"行政复议\s*(?:案件)?\s*(?:共)?\s*(\d+)\s*(?:件|起|次)", "review.total"),
        (r"行政诉讼\s*(?:案件)?\s*(?:共)?\s*(\d+)\s*(?:件|起|次)", "litigation_direct.total+litigation_after_review.total"),
    ]
    .into_iter()
    .map(|(p, k)| (Regex::new(p).expect("valid regex"), k))
    .collect()
});

/// A literal every match of the [`CLAIMS`] pattern at the same index holds: a
/// text without it is not searched (a capture search allocates its slots).
const NEEDLES: [&str; 4] = ["申请", "新收", "行政复议", "行政诉讼"];

/// Words that make a sentence about information disclosure.
const ABOUT_DISCLOSURE: &[&str] = &["信息公开", "依申请公开", "政府信息", "公开申请"];

/// The claims made between `from` and `to` (part 1: its heading to the next
/// part's, which may lie in the same line when a converter glued the text), the
/// first per key.
pub fn claims(doc: &Doc, from: Pos, to: Pos) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let last = to.0.min(doc.units.len().saturating_sub(1));
    for ui in from.0..=last {
        let Some(u) = doc.units.get(ui) else { break };
        if u.cell || (ui == to.0 && to.1 == 0) {
            continue;
        }
        let a = if ui == from.0 { from.1.min(u.text.len()) } else { 0 };
        let b = if ui == to.0 { to.1.min(u.text.len()) } else { u.text.len() };
        let Some(text) = u.text.get(a..b.max(a)) else { continue };
        for ((re, key), needle) in CLAIMS.iter().zip(NEEDLES) {
            if out.iter().any(|c| c.key == *key) || !text.contains(needle) {
                continue;
            }
            if let Some(m) = re.captures(text) {
                // the sentence must be about disclosure: "行政复议15件" alone may count every review case
                let start = m.get(0).map_or(0, |x| x.start());
                let before = &text[..start];
                let sentence_start = before.char_indices().rev().find(|(_, c)| matches!(c, '。' | '；' | ';')).map_or(0, |(i, c)| i + c.len_utf8());
                let clause = &text[sentence_start..m.get(0).map_or(start, |x| x.end())];
                if !ABOUT_DISCLOSURE.iter().any(|w| clause.contains(w)) {
                    continue;
                }
                if let Ok(v) = m[1].parse::<u64>() {
                    out.push(Claim { key: key.to_string(), value: Decimal::from(v), line: Some(u.line), text: m[0].to_string() });
                }
            }
        }
    }
    out
}
