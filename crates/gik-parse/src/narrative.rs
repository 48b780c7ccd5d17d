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

/// The outcomes of a review or litigation total, in the order of the template's
/// columns: (pattern, the outcome's key). The first number group is the claim.
static OUTCOMES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"(?:结果)?维持\s*(\d+)\s*(?:件|起|次)", "upheld"),
        (r"(?:结果)?纠正\s*(\d+)\s*(?:件|起|次)", "corrected"),
        (r"其他(?:结果)?\s*(\d+)\s*(?:件|起|次)", "other"),
        (r"(?:尚未审结|未审结|尚在审理中?|正在审理中?)\s*(\d+)\s*(?:件|起|次)", "pending"),
    ]
    .into_iter()
    .map(|(p, k)| (Regex::new(p).expect("valid regex"), k))
    .collect()
});

/// A claim on a part-4 total: the groups it speaks of, and the word of the
/// other kind of case, which ends the clause its outcomes are read from.
fn part4_groups(key: &str) -> Option<(&'static [&'static str], &'static str)> {
    match key {
        "review.total" => Some((&["review"], "诉讼")),
        "litigation_direct.total+litigation_after_review.total" => Some((&["litigation_direct", "litigation_after_review"], "行政复议")),
        _ => None,
    }
}

/// Where a sentence ends: the prose's own full stops and semicolons.
fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';')
}

/// A line of prose broken by a converter or a page goes on in the next unit:
/// a line that ends without a sentence's or a heading's end mark.
fn continues(text: &str) -> bool {
    text.trim_end().chars().last().is_some_and(|c| !matches!(c, '。' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?'))
}

/// The prose of part 1 as paragraphs: the units of a paragraph broken across
/// lines (or pages) joined, each with the line its units start on. A number
/// broken at a line's end is not joined into one: a barrier that no claim
/// reads across stands between two digits.
struct Para {
    text: String,
    /// (byte offset in `text`, line) of each unit joined into it.
    starts: Vec<(usize, u32)>,
}

impl Para {
    fn line_at(&self, off: usize) -> Option<u32> {
        let i = self.starts.partition_point(|(o, _)| *o <= off);
        self.starts.get(i.saturating_sub(1)).map(|(_, l)| *l)
    }
}

/// The claims made between `from` and `to` (part 1: its heading to the next
/// part's, which may lie in the same line when a converter glued the text), the
/// first per key. A review or litigation total followed in its clause by its
/// outcomes ("行政复议5件，其中结果维持3件，结果纠正1件……") gives a claim for each
/// outcome too (for litigation, the sum of the two groups').
pub fn claims(doc: &Doc, from: Pos, to: Pos) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let last = to.0.min(doc.units.len().saturating_sub(1));
    let mut para = Para { text: String::new(), starts: Vec::new() };
    for ui in from.0..=last {
        let Some(u) = doc.units.get(ui) else { break };
        if u.cell || (ui == to.0 && to.1 == 0) {
            read_para(&para, &mut out);
            para.text.clear();
            para.starts.clear();
            continue;
        }
        let a = if ui == from.0 { from.1.min(u.text.len()) } else { 0 };
        let b = if ui == to.0 { to.1.min(u.text.len()) } else { u.text.len() };
        let Some(text) = u.text.get(a..b.max(a)) else { continue };
        if !para.text.is_empty() && !continues(&para.text) {
            read_para(&para, &mut out);
            para.text.clear();
            para.starts.clear();
        }
        let glued_digits = para.text.trim_end().chars().last().is_some_and(|c| c.is_ascii_digit())
            && text.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit());
        if glued_digits {
            para.text.push('\u{1}');
        }
        para.starts.push((para.text.len(), u.line));
        para.text.push_str(text.trim_end());
    }
    read_para(&para, &mut out);
    out
}

fn read_para(para: &Para, out: &mut Vec<Claim>) {
    let text = para.text.as_str();
    if text.is_empty() {
        return;
    }
    for ((re, key), needle) in CLAIMS.iter().zip(NEEDLES) {
        if out.iter().any(|c| c.key == *key) || !text.contains(needle) {
            continue;
        }
        let Some(m) = re.captures(text) else { continue };
        // the sentence must be about disclosure: "行政复议15件" alone may count every review case
        let (start, end) = m.get(0).map_or((0, 0), |x| (x.start(), x.end()));
        let before = &text[..start];
        let sentence_start = before.char_indices().rev().find(|(_, c)| sentence_end(*c)).map_or(0, |(i, c)| i + c.len_utf8());
        let clause = &text[sentence_start..end];
        if !ABOUT_DISCLOSURE.iter().any(|w| clause.contains(w)) {
            continue;
        }
        let Ok(v) = m[1].parse::<u64>() else { continue };
        let line = m.get(1).and_then(|g| para.line_at(g.start()));
        out.push(Claim { key: key.to_string(), value: Decimal::from(v), line, text: m[0].to_string() });
        if let Some((groups, other_kind)) = part4_groups(key) {
            // outcomes belong to this total only when no total of the other kind
            // came before it in the sentence ("行政复议3件、行政诉讼2件，其中维持2件"
            // says nothing of which)
            if text[sentence_start..start].contains(other_kind) {
                continue;
            }
            let rest = &text[end..];
            let stop = rest.char_indices().find(|(_, c)| sentence_end(*c)).map_or(rest.len(), |(i, _)| i);
            let stop = rest[..stop].find(other_kind).unwrap_or(stop);
            let rest = &rest[..stop];
            for (ore, outcome) in OUTCOMES.iter() {
                let mut found = ore.captures_iter(rest);
                let (Some(c), None) = (found.next(), found.next()) else { continue };
                let Ok(v) = c[1].parse::<u64>() else { continue };
                let key = groups.iter().map(|g| format!("{g}.{outcome}")).collect::<Vec<_>>().join("+");
                if out.iter().any(|x| x.key == key) {
                    continue;
                }
                let line = c.get(1).and_then(|g| para.line_at(end + g.start()));
                out.push(Claim { key, value: Decimal::from(v), line, text: c[0].to_string() });
            }
        }
    }
}
