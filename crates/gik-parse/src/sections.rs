//! Finding the six parts of a report, whatever their numbering style.
//!
//! A heading is a part's key phrase with numbering before it (`二、`, `（二）`,
//! `(2)`, `2、`, `2.`, markdown `#`, bold), or alone at the start of a short
//! line. The intro sentence that lists the parts ("本报告包括总体情况、主动公开
//! 政府信息情况、…") has no numbering before its phrases and is not taken. Parts
//! are found in order: each after the previous one found.

use crate::tables::Doc;
use regex::Regex;
use std::sync::LazyLock;

/// Where something is in the document: unit index and byte offset in its text.
pub type Pos = (usize, usize);

/// The six parts' key phrases, in order.
pub const PARTS: [(&str, &str); 6] = [
    ("一、总体情况", r"总体情况"),
    ("二、主动公开政府信息情况", r"主动公开政府信息(?:情况)?"),
    ("三、收到和处理政府信息公开申请情况", r"收到和处理政府信息公开申请(?:情况)?"),
    ("四、政府信息公开行政复议、行政诉讼情况", r"行政复议[、,，和及与]?\s*(?:提起)?\s*行政诉讼"),
    ("五、存在的主要问题及改进情况", r"存在的?主要问题(?:及|和|与)?(?:改进|整改)|存在(?:的)?问题(?:及|和)(?:改进|整改)"),
    ("六、其他需要报告的事项", r"其他需要报告的?事项"),
];

/// A literal every match of each part's phrase holds: units without it are not searched.
const NEEDLES: [&str; 6] = ["总体情况", "主动公开政府信息", "收到和处理政府信息公开申请", "行政诉讼", "问题", "其他需要报告"];

/// Top-level numbering (`二、`, `2.`), then any numbering (`（二）`, `(2)`).
const NUMBERING: [&str; 2] = [
    r"(?:[一二三四五六七八九十]{1,2}\s*[、.,，]|[1-6]\s*[、.．])",
    r"(?:[一二三四五六七八九十]{1,2}\s*[、.,，]|[(（]\s*[一二三四五六1-6]\s*[)）]|[1-6]\s*[、.．,])",
];

static HEADINGS: LazyLock<Vec<[Regex; 2]>> = LazyLock::new(|| {
    PARTS
        .iter()
        .map(|(_, key)| {
            // numbering, then at most 16 characters of qualifier ("行政机关", "政府信息公开工作", "因…被申请"), then the phrase
            NUMBERING.map(|num| {
                Regex::new(&format!(r"(?:{num}\s*[^。；;,，:：\d]{{0,16}}?|^[\s#*>]*)(?:{key})")).expect("valid regex")
            })
        })
        .collect()
});

/// The position of each part's heading (unit, byte offset), `None` when not found.
pub fn find(doc: &Doc) -> [Option<Pos>; 6] {
    let mut out = [None; 6];
    let mut from: Pos = (0, 0);
    for (p, res) in HEADINGS.iter().enumerate() {
        let found = find_from(doc, &res[0], from, p).or_else(|| find_from(doc, &res[1], from, p));
        if let Some(pos) = found {
            out[p] = Some(pos);
            from = (pos.0, pos.1 + 1);
        }
    }
    out
}

fn find_from(doc: &Doc, re: &Regex, from: Pos, part: usize) -> Option<Pos> {
    for (ui, u) in doc.units.iter().enumerate().skip(from.0) {
        // headings are prose lines, or the first cell of a row
        if u.cell && !u.first_cell {
            continue;
        }
        // a line set with a space between its characters (PDF text of a
        // letter-spaced heading: "四 、 政 府 信 息 …") is read without them;
        // `offsets` maps a byte of the text read back to the line's
        let spaced = despaced(u.text);
        let (text, offsets): (&str, Option<&[usize]>) = match &spaced {
            Some((t, o)) => (t.as_str(), Some(o.as_slice())),
            None => (u.text, None),
        };
        let to_line = |i: usize| offsets.map_or(i, |o| o.get(i).copied().unwrap_or(u.text.len()));
        let start = if ui == from.0 { from.1.min(u.text.len()) } else { 0 };
        let start = match offsets {
            Some(o) => o.partition_point(|x| *x < start),
            None => start,
        };
        let start = (start..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        if !text[start..].contains(NEEDLES[part]) {
            continue;
        }
        for m in re.find_iter(&text[start..]) {
            let at = start + m.start();
            // a phrase alone at the line start must be a short line (a heading, not prose)
            let line_start = text[..at].trim().is_empty();
            let numbered = has_numbering(m.as_str());
            if numbered || (line_start && text.chars().count() <= 40) || (part == 0 && line_start) {
                return Some((ui, to_line(at)));
            }
        }
    }
    None
}

/// Characters of CJK text: ideographs and the full-width punctuation between them.
fn cjk(c: char) -> bool {
    crate::normalize::is_han(c) || matches!(c, '、' | '，' | '。' | '；' | '：' | '（' | '）' | '“' | '”' | '《' | '》')
}

/// The line without the single spaces between CJK characters, when it is
/// letter-spaced (at least three such spaces, and more than CJK characters
/// side by side without one), with the byte offset in the line of each byte of
/// the result (and of its end).
fn despaced(t: &str) -> Option<(String, Vec<usize>)> {
    // counted first, without allocating: CJK, one space, CJK at least three times, and
    // more often than two CJK side by side
    let (mut spaced, mut tight, mut prev, mut prev2) = (0usize, 0usize, '\0', '\0');
    for c in t.chars() {
        if cjk(c) {
            if prev == ' ' && cjk(prev2) {
                spaced += 1;
            } else if cjk(prev) {
                tight += 1;
            }
        }
        prev2 = prev;
        prev = c;
    }
    if spaced < 3 || spaced <= tight {
        return None;
    }
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let gap = |k: usize| {
        chars[k].1 == ' ' && k > 0 && k + 1 < chars.len() && cjk(chars[k - 1].1) && cjk(chars[k + 1].1)
    };
    let mut out = String::with_capacity(t.len());
    let mut offsets = Vec::with_capacity(t.len() + 1);
    for (k, (i, c)) in chars.iter().enumerate() {
        if gap(k) {
            continue;
        }
        out.push(*c);
        offsets.extend(*i..*i + c.len_utf8());
    }
    offsets.push(t.len());
    Some((out, offsets))
}

fn has_numbering(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '#', '*', '>']);
    t.starts_with(|c: char| "一二三四五六七八九十(（123456".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spaced_lines_are_read_without_the_spaces() {
        let (t, o) = despaced("  四 、 政 府 信 息 公 开 行 政 复 议 、 行 政 诉 讼").unwrap();
        assert_eq!(t, "  四、政府信息公开行政复议、行政诉讼");
        assert_eq!(o[t.find('四').unwrap()], 2);
        assert_eq!(o[t.len()], "  四 、 政 府 信 息 公 开 行 政 复 议 、 行 政 诉 讼".len());
        // words apart, numbers apart: as they are
        assert!(despaced("赣州经济技术开发区 2024 年政府信息公开 工作年度报告").is_none());
        assert!(despaced("规章  1  0  11").is_none());
        // a glued text's sentences with a space after each full stop: not letter-spaced
        assert!(despaced("要求编制。 （一）总体情况 2019年，我单位深入贯彻。 1.主动公开情况 全年公开。 2.依申请公开情况").is_none());
    }

    #[test]
    fn every_heading_match_holds_its_needle() {
        let samples = [
            "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
            "四、行政复议和 提起 行政诉讼", "五、存在的主要问题及改进情况", "五、存在问题和整改", "五、存在主要问题与改进", "六、其他需要报告的事项", "六、其他需要报告事项",
        ];
        let mut matched = 0;
        for t in samples {
            for (p, res) in HEADINGS.iter().enumerate() {
                for re in res {
                    if let Some(m) = re.find(t) {
                        assert!(m.as_str().contains(NEEDLES[p]), "{t} {p}");
                        matched += 1;
                    }
                }
            }
        }
        assert!(matched >= samples.len());
    }
}
