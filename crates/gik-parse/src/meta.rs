//! Report metadata: agency, year, date line.
//!
//! The agency and year come from the title when there is one ("X2024年政府信息
//! 公开工作年度报告", possibly over two lines or inside a breadcrumb), and
//! otherwise from the body ("由X编制", "请与X联系", "统计期限自2024年1月1日",
//! "2024年，X认真贯彻…"). The date is the last date line of the report (a line
//! holding only a date), never a crawler's 发布时间.

use crate::tables::Doc;
use regex::Regex;
use std::sync::LazyLock;

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府信息公开|政务公开|政府信息公开和政务公开)\s*(?:工\s*作)?\s*(?:年\s*度\s*)?(?:报\s*告|年\s*报)")
        .expect("valid regex")
});
static TITLE_ALT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"关于\s*((?:19|20)\d{2})\s*年\s*度?\s*政府信息公开[^。]{0,12}报告").expect("valid regex"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:统计期限|统计时限|统计期间|统计时间|数据统计期)[^。\d]{0,12}((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日").expect("valid regex")
});
static PERIOD2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日").expect("valid regex"));
static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由\s*([^\s,，。、;；:：()《》“”]{2,40}?)\s*(?:根据|依据|按照|结合|负责|编制|编写|撰写|起草)").expect("valid regex")
});
static CONTACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"请与\s*([^\s,，。、;；:：()《》“”]{2,40}?)\s*联系").expect("valid regex"));
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:19|20)\d{2}\s*年度?\s*[,，]\s*([^\s,，。、;；:：()《》“”]{2,30}?)(?:认真|坚持|深入|全面|始终|严格|紧紧|按照|围绕|进一步|积极|持续|扎实|在|以|紧扣|高度)")
        .expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s(（]*((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?[\s)）]*$").expect("valid regex")
});
static DATE_HAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s(（]*([〇零一二三四五六七八九○O]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日[\s)）]*$").expect("valid regex")
});

/// Suffixes an agency name ends with.
const AGENCY_SUFFIXES: &[&str] = &[
    "政府", "办公室", "办公厅", "局", "委员会", "中心", "管委会", "委", "办", "院", "厅", "部", "署", "会", "所", "站", "队", "处", "室", "区", "县", "市", "镇", "乡",
    "街道", "街道办事处", "公司", "集团", "馆", "社", "监狱", "支队", "大队", "分局", "管理局", "研究院",
];

fn clean_agency(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '#' | '*' | '"' | '“' | '”' | '《' | '》' | '【' | '】' | '[' | ']')).collect();
    let t = t.trim_start_matches("关于").trim_end_matches(['-', '—', '_', ':', '：']).to_string();
    if t.chars().count() < 2 || t.chars().count() > 40 {
        return None;
    }
    if t.starts_with(['我', '本']) || t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if !t.chars().all(|c| crate::normalize::is_han(c) || "()（）·".contains(c)) {
        return None;
    }
    Some(t)
}

fn ends_like_agency(s: &str) -> bool {
    AGENCY_SUFFIXES.iter().any(|x| s.ends_with(x))
}

/// Agency and year from the title, searching the first lines of the body.
fn from_title(doc: &Doc, limit: usize) -> (Option<String>, Option<i32>) {
    let units: Vec<crate::tables::Unit> = doc.units.iter().filter(|u| !u.crawler).take(limit).collect();
    for (i, u) in units.iter().enumerate() {
        let Some(m) = TITLE.captures(u.text) else { continue };
        let year = m[1].parse().ok();
        let whole = m.get(0).map_or(0, |x| x.start());
        let before = &u.text[..whole];
        let agency = if u.text.chars().count() <= 80 {
            clean_agency(before)
        } else {
            // a title inside a longer line (breadcrumb): the words right before the year
            before.split_whitespace().last().and_then(clean_agency)
        };
        let agency = agency.or_else(|| {
            // the agency on the line above ("淮安市人民政府" / "2024 年政府信息公开工作年度报告")
            if before.trim().is_empty() && i > 0 {
                clean_agency(units[i - 1].text).filter(|a| ends_like_agency(a))
            } else {
                None
            }
        });
        return (agency, year);
    }
    for u in units.iter().take(limit) {
        if let Some(m) = TITLE_ALT.captures(u.text) {
            return (None, m[1].parse().ok());
        }
    }
    (None, None)
}

/// Extract agency, year and the date line.
pub fn extract(doc: &Doc, part1: Option<usize>) -> (Option<String>, Option<i32>, Option<String>) {
    let head = part1.unwrap_or(usize::MAX).min(40);
    let (mut agency, mut year) = from_title(doc, head.max(8));
    if agency.is_none() || year.is_none() {
        // a crawler's page title is the report's title too
        let (a, y) = crawler_title(doc);
        agency = agency.or(a);
        year = year.or(y);
    }
    let body: Vec<crate::tables::Unit> = doc.units.iter().filter(|u| !u.crawler && !u.cell).collect();
    if year.is_none() {
        year = body.iter().find_map(|u| {
            PERIOD.captures(u.text).and_then(|m| m[1].parse().ok()).or_else(|| PERIOD2.captures(u.text).and_then(|m| m[1].parse().ok()))
        });
    }
    if agency.is_none() {
        agency = body.iter().take(200).find_map(|u| {
            BY.captures(u.text)
                .and_then(|m| clean_agency(&m[1]).filter(|a| ends_like_agency(a)))
                .or_else(|| CONTACT.captures(u.text).and_then(|m| clean_agency(&m[1]).filter(|a| ends_like_agency(a))))
        });
    }
    if agency.is_none() {
        agency = body.iter().take(60).find_map(|u| SUBJECT.captures(u.text).and_then(|m| clean_agency(&m[1]).filter(|a| ends_like_agency(a))));
    }
    (agency, year, date_line(doc))
}

fn crawler_title(doc: &Doc) -> (Option<String>, Option<i32>) {
    for u in doc.units.iter().filter(|u| u.crawler) {
        if let Some(rest) = u.text.trim().strip_prefix("标题") {
            let rest = rest.trim_start_matches([':', '：', ' ']);
            if let Some(m) = TITLE.captures(rest) {
                let start = m.get(0).map_or(0, |x| x.start());
                return (clean_agency(&rest[..start]), m[1].parse().ok());
            }
        }
    }
    (None, None)
}

/// The last line of the report that holds only a date, as `YYYY-MM-DD`.
fn date_line(doc: &Doc) -> Option<String> {
    let mut found = None;
    for u in doc.units.iter().filter(|u| !u.crawler && !u.cell) {
        let t = u.text.trim();
        if t.chars().count() > 24 {
            continue;
        }
        // (DATE needs a year 19xx/20xx, DATE_HAN the character 年)
        if let Some(m) = (t.contains("19") || t.contains("20")).then(|| DATE.captures(t)).flatten() {
            if let Some(d) = ymd(m[1].parse().ok(), m[2].parse().ok(), m[3].parse().ok()) {
                found = Some(d);
            }
        } else if let Some(m) = t.contains('年').then(|| DATE_HAN.captures(t)).flatten() {
            let y = m[1].chars().map(han_digit).try_fold(0u32, |acc, d| d.map(|d| acc * 10 + d));
            if let Some(d) = ymd(y.map(|y| y as i32), han_number(&m[2]), han_number(&m[3])) {
                found = Some(d);
            }
        }
    }
    found
}

fn ymd(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Option<String> {
    let (y, m, d) = (y?, m?, d?);
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn han_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|x| x == c).map(|p| p as u32).or(match c {
        '零' | '○' | 'O' => Some(0),
        _ => None,
    })
}

fn han_number(s: &str) -> Option<u32> {
    let c: Vec<char> = s.chars().collect();
    match c.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => han_digit(*a),
        ['十', b] => Some(10 + han_digit(*b)?),
        [a, '十'] => Some(han_digit(*a)? * 10),
        [a, '十', b] => Some(han_digit(*a)? * 10 + han_digit(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_dates() {
        assert_eq!(han_number("二十四"), Some(24));
        assert_eq!(han_number("十"), Some(10));
        assert_eq!(han_number("一"), Some(1));
    }

    #[test]
    fn agency_cleanup() {
        assert_eq!(clean_agency("# 赣州经开区机关事务管理中心").as_deref(), Some("赣州经开区机关事务管理中心"));
        assert_eq!(clean_agency("我局"), None);
    }
}
