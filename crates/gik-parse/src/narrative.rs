//! Numbers stated in the prose of part 1, to be compared with the tables
//! (the `narrative.mismatch` check). Only unambiguous phrasings are read; a
//! sentence that could mean two things is not a claim.

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

/// Words that make a sentence about information disclosure.
const ABOUT_DISCLOSURE: &[&str] = &["信息公开", "依申请公开", "政府信息", "公开申请"];

/// The claims made in the units of `range` (part 1), the first per key.
pub fn claims(doc: &Doc, range: std::ops::Range<usize>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for u in doc.units.get(range).unwrap_or(&[]) {
        if u.cell {
            continue;
        }
        for (re, key) in CLAIMS.iter() {
            if out.iter().any(|c| c.key == *key) {
                continue;
            }
            if let Some(m) = re.captures(&u.text) {
                // the sentence must be about disclosure: "行政复议15件" alone may count every review case
                let start = m.get(0).map_or(0, |x| x.start());
                let before = &u.text[..start];
                let sentence_start = before.char_indices().rev().find(|(_, c)| matches!(c, '。' | '；' | ';')).map_or(0, |(i, c)| i + c.len_utf8());
                let clause = &u.text[sentence_start..m.get(0).map_or(start, |x| x.end())];
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
