//! How the template's row labels are recognised in text, as data.
//!
//! Each row has short key phrases (on the [`crate::normalize::label_key`] form
//! of a text: Han characters, ASCII letters and digits only) that are specific
//! enough to name that row and short enough to survive a label broken across
//! lines or cells ("5.要求行政机关确认或重新出" / "具已获取信息"). The table
//! mapper finds every occurrence and keeps the longest chain in the template's
//! order, so a phrase met out of place (a header row, a page-break remnant) is
//! outvoted.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use gik_model::Template;
use std::sync::LazyLock;

/// A row of a table as the mapper sees it: key phrases and the cells it holds.
#[derive(Debug, Clone)]
pub struct LabelRow {
    /// Flat key of the row (`granted`, `regulations`; `other` for the 2021 group label).
    pub key: &'static str,
    /// Key phrases, any of which names the row.
    pub phrases: &'static [&'static str],
    /// The phrase must be the whole text item, or end it, with only numbering before it (for `3.其他`).
    pub whole: bool,
    /// Number of cells (0 for a group label that holds no cells of its own).
    pub cells: usize,
}

const fn row(key: &'static str, phrases: &'static [&'static str], cells: usize) -> LabelRow {
    LabelRow { key, phrases, whole: false, cells }
}

const APPLICATIONS_HEAD: [LabelRow; 20] = [
    row("new", &["本年新收"], 7),
    row("carried_over", &["上年结转"], 7),
    row("granted", &["予以公开"], 7),
    row("partially_granted", &["部分公开"], 7),
    row("denied.state_secret", &["国家秘密"], 7),
    row("denied.prohibited_by_law", &["其他法律", "法律行政法规", "法规禁止"], 7),
    row("denied.three_safeties_one_stability", &["三安全", "一稳定"], 7),
    row("denied.third_party_rights", &["第三方", "合法权益", "保护第三"], 7),
    row("denied.internal_affairs", &["内部事务", "属于三类"], 7),
    row("denied.process_info", &["过程性", "属于四类"], 7),
    row("denied.enforcement_file", &["执法案卷", "属于行政执法"], 7),
    row("denied.administrative_query", &["行政查询", "查询事项", "属于行政查"], 7),
    row("unable.not_held", &["不掌握", "本机关不掌"], 7),
    row("unable.needs_creation", &["另行制作", "没有现成"], 7),
    row("unable.unclear_after_correction", &["补正后", "仍不明确"], 7),
    row("not_processed.complaint", &["信访", "举报投诉"], 7),
    row("not_processed.duplicate", &["重复申请"], 7),
    row("not_processed.publication", &["出版物", "要求提供公开"], 7),
    row("not_processed.excessive", &["大量反复", "无正当理由大量"], 7),
    row("not_processed.reconfirmation", &["确认或重新", "重新出具", "行政机关确认", "要求行政机关确"], 7),
];

const TAIL: [LabelRow; 2] = [row("total", &["总计"], 7), row("carried_forward", &["结转下年", "下年度继续"], 7)];

/// The rows of the applications table as the mapper matches them.
pub fn application_rows(t: Template) -> Vec<LabelRow> {
    let mut v: Vec<LabelRow> = APPLICATIONS_HEAD.to_vec();
    match t {
        Template::V2019 => v.push(row("other", &["其他处理"], 7)),
        Template::V2021 => {
            // the group label （六）其他处理: no cells of its own, unless the report
            // prints it as one row without its sub-rows
            v.push(row("other", &["其他处理"], 0));
            v.push(row("other.overdue_correction", &["逾期不补正", "无正当理由逾期", "申请人无正当理由"], 7));
            v.push(row("other.unpaid_fee", &["收费通知", "缴纳费用", "未按收费", "申请人逾期未按"], 7));
            v.push(LabelRow { key: "other.misc", phrases: &["其他"], whole: true, cells: 7 });
        }
    }
    v.extend(TAIL.iter().cloned());
    v
}

/// The rows of the part-2 table as the mapper matches them, with their cell counts.
pub fn proactive_rows(t: Template) -> Vec<LabelRow> {
    match t {
        Template::V2021 => vec![
            row("regulations", &["规章"], 3),
            row("normative_documents", &["规范性文件"], 3),
            row("licensing", &["行政许可"], 1),
            row("punishment", &["行政处罚"], 1),
            row("enforcement", &["行政强制"], 1),
            row("fees", &["事业性收费"], 1),
        ],
        Template::V2019 => vec![
            row("regulations", &["规章"], 3),
            row("normative_documents", &["规范性文件"], 3),
            row("licensing", &["行政许可"], 3),
            row("other_services", &["其他对外管理服务", "对外管理服务"], 3),
            row("punishment", &["行政处罚"], 3),
            row("enforcement", &["行政强制"], 3),
            row("fees", &["事业性收费"], 2),
            row("procurement", &["集中采购"], 2),
        ],
    }
}

/// Words of the part-2 column headers that tell the templates apart.
pub const PROACTIVE_2021_WORDS: &[&str] = &["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"];
/// Words of the 2019 part-2 column headers.
pub const PROACTIVE_2019_WORDS: &[&str] =
    &["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减", "采购项目数量", "采购总金额", "其他对外管理服务事项"];
/// Rows only the 2021 applications table has.
pub const APPLICATIONS_2021_WORDS: &[&str] = &["逾期不补正", "缴纳费用", "收费通知"];

/// The rows of a table with one automaton over all their phrases: the
/// occurrences of every row in a text item in one pass over it, instead of a
/// substring search per phrase per row.
#[derive(Debug)]
pub struct LabelSet {
    /// The rows, in the template's order.
    pub rows: Vec<LabelRow>,
    ac: AhoCorasick,
    /// Per pattern (distinct phrase): the rows it names.
    names: Vec<Vec<usize>>,
}

/// At most this many distinct phrases in a table (a fixed array tracks them per search).
const MAX_PHRASES: usize = 64;

impl LabelSet {
    /// The automaton over the rows' phrases.
    pub fn new(rows: Vec<LabelRow>) -> LabelSet {
        let mut pats: Vec<&'static str> = Vec::new();
        let mut names: Vec<Vec<usize>> = Vec::new();
        for (ri, r) in rows.iter().enumerate() {
            for p in r.phrases {
                match pats.iter().position(|x| x == p) {
                    Some(i) => names[i].push(ri),
                    None => {
                        pats.push(p);
                        names.push(vec![ri]);
                    }
                }
            }
        }
        assert!(pats.len() <= MAX_PHRASES && pats.iter().all(|p| !p.is_empty()));
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .expect("valid phrases");
        LabelSet { rows, ac, names }
    }

    /// Every occurrence of a row's phrases in a label-key string, as
    /// `(byte offset, row)` sorted and without repeats: exactly what [`find`]
    /// gives for each row in turn (each phrase's occurrences found left to
    /// right without overlapping one another, a `whole` row's only where the
    /// phrase ends the item after numbering). Appended to `out`.
    pub fn find_all(&self, key: &str, out: &mut Vec<(usize, usize)>) {
        let start = out.len();
        // per pattern: the end of its last occurrence taken (`find` resumes there)
        let mut resume = [0usize; MAX_PHRASES];
        for m in self.ac.find_overlapping_iter(key) {
            let p = m.pattern().as_usize();
            // occurrences of one pattern come in order of their end, so of their start
            if m.start() < resume[p] {
                continue;
            }
            resume[p] = m.end();
            for &ri in &self.names[p] {
                let r = &self.rows[ri];
                if !r.whole || whole_match(key, m.start(), &key[m.start()..m.end()]) {
                    out.push((m.start(), ri));
                }
            }
        }
        out[start..].sort_unstable();
        let mut w = start;
        for i in start..out.len() {
            if w == start || out[i] != out[w - 1] {
                out[w] = out[i];
                w += 1;
            }
        }
        out.truncate(w);
    }
}

static APPLICATIONS: LazyLock<[LabelSet; 2]> =
    LazyLock::new(|| [LabelSet::new(application_rows(Template::V2019)), LabelSet::new(application_rows(Template::V2021))]);
static PROACTIVE: LazyLock<[LabelSet; 2]> =
    LazyLock::new(|| [LabelSet::new(proactive_rows(Template::V2019)), LabelSet::new(proactive_rows(Template::V2021))]);

/// The index of a template in the per-template tables built once.
pub(crate) fn template_index(t: Template) -> usize {
    match t {
        Template::V2019 => 0,
        Template::V2021 => 1,
    }
}

/// [`application_rows`] with their automaton, built once.
pub fn application_set(t: Template) -> &'static LabelSet {
    &APPLICATIONS[template_index(t)]
}

/// [`proactive_rows`] with their automaton, built once.
pub fn proactive_set(t: Template) -> &'static LabelSet {
    &PROACTIVE[template_index(t)]
}

/// Occurrences of a row's phrases in a label-key string: byte offsets.
pub fn find(row: &LabelRow, key: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for p in row.phrases {
        let mut from = 0;
        while let Some(at) = find_at(key, p, from) {
            if !row.whole || whole_match(key, at, p) {
                out.push(at);
            }
            from = at + p.len();
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The first occurrence of `needle` in `hay` at or after byte `from`, as
/// `hay[from..].find(needle)` finds it (plus `from`), without building a
/// substring searcher: the phrases are a few characters and this runs for every
/// phrase of every row on every text item. A match of valid UTF-8 starts at a
/// lead byte, so at a character boundary.
fn find_at(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return hay[from..].find(needle).map(|i| from + i);
    }
    // scan for the needle's third byte (the last of a Han character's three,
    // the one that varies most; lead bytes of Han text are nearly all alike)
    let k = (n.len() - 1).min(2);
    let tail = n.len() - k;
    let mut j = from + k;
    while j + tail <= h.len() {
        j += h[j..=h.len() - tail].iter().position(|&b| b == n[k])?;
        let i = j - k;
        if &h[i..i + n.len()] == n {
            return Some(i);
        }
        j += 1;
    }
    None
}

/// `3其他` / `其他` at the end of an item, not part of a longer word.
fn whole_match(key: &str, at: usize, p: &str) -> bool {
    let end = at + p.len();
    if end != key.len() {
        return false;
    }
    let before = &key[..at];
    let prev = before.chars().last();
    match prev {
        None => true,
        Some(c) if c.is_ascii_digit() => {
            // numbering: a digit that itself follows no Han character ("3其他")
            let b2 = before[..before.len() - c.len_utf8()].chars().last();
            !matches!(b2, Some(x) if crate::normalize::is_han(x))
        }
        Some('三') => before.chars().rev().nth(1).is_none_or(|x| !crate::normalize::is_han(x)),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::label_key;

    #[test]
    fn misc_only_as_a_whole_label() {
        let rows = application_rows(Template::V2021);
        let misc = rows.iter().find(|r| r.key == "other.misc").unwrap();
        assert_eq!(find(misc, &label_key("3. 其他")).len(), 1);
        assert_eq!(find(misc, &label_key("3、其他")).len(), 1);
        assert!(find(misc, &label_key("2.其他法律行政法规禁止公开")).is_empty());
        assert!(find(misc, &label_key("（六）其他处理")).is_empty());
        assert!(find(misc, &label_key("法律服务机构其他")).is_empty());
    }

    #[test]
    fn find_at_is_str_find() {
        let hay = "2.其他法律行政法规禁止公开其他其他处理3其他";
        for needle in ["其他", "法规禁止", "其他处理", "3其他", "无", "开其", "他", "3", "2.", "理3其他", "2.其他法律行政法规禁止公开其他其他处理3其他", "x"] {
            for from in (0..=hay.len()).filter(|i| hay.is_char_boundary(*i)) {
                assert_eq!(find_at(hay, needle, from), hay[from..].find(needle).map(|i| from + i), "{needle} from {from}");
            }
        }
    }

    #[test]
    fn broken_labels_still_match() {
        let rows = application_rows(Template::V2021);
        let r = rows.iter().find(|r| r.key == "not_processed.reconfirmation").unwrap();
        assert!(!find(r, &label_key("5.要求行政机关确认或重新出")).is_empty());
        let r = rows.iter().find(|r| r.key == "denied.prohibited_by_law").unwrap();
        assert!(!find(r, &label_key("2.其他法律行政止公开")).is_empty());
    }
}
