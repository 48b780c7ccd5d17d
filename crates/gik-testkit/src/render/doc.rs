//! The document around the tables: title, intro, six headings in one of the
//! numbering styles real reports use, prose (part 1 may state numbers that the
//! tables hold), a signature and a date line; and the converter remnants that
//! come with it.

use super::Style;
use crate::gen::Truth;
use gik_model::Decimal;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The six parts' titles; several wordings for some.
const PART_TITLES: [&[&str]; 6] = [
    &["总体情况"],
    &["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
    &["收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况"],
    &["政府信息公开行政复议、行政诉讼情况", "因政府信息公开申请行政复议、提起行政诉讼的情况"],
    &["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"],
    &["其他需要报告的事项"],
];

const HAN: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// A numbering style for the six part headings, and the one for part 1's sub-parts.
fn numbering(r: &mut ChaCha8Rng) -> (usize, usize) {
    // part styles: 一、 / （一） / (一) / 1、 / 1.
    let part = [0, 0, 0, 0, 1, 2, 3, 4][r.random_range(0..8)];
    let sub = match part {
        0 => [1, 2, 5][r.random_range(0..3)],
        1 | 2 => [5, 6][r.random_range(0..2)],
        _ => 1,
    };
    (part, sub)
}

fn numbered(style: usize, i: usize) -> String {
    match style {
        0 => format!("{}、", HAN[i]),
        1 => format!("（{}）", HAN[i]),
        2 => format!("({})", HAN[i]),
        3 => format!("{}、", i + 1),
        4 => format!("{}.", i + 1),
        5 => format!("（{}）", i + 1),
        _ => format!("{}.", i + 1),
    }
}

/// Part 1's five sub-parts.
const SUB_TITLES: [&str; 5] = ["主动公开情况", "依申请公开情况", "政府信息管理情况", "政府信息公开平台建设情况", "监督保障情况"];

/// A Chinese date as a report's date line writes it.
fn date_line(iso: &str, r: &mut ChaCha8Rng) -> String {
    let (y, m, d) = (&iso[0..4], iso[5..7].trim_start_matches('0'), iso[8..10].trim_start_matches('0'));
    match r.random_range(0..5) {
        0 => format!("{y}年{}月{}日", m, d),
        1 => format!("{y}年{}月{}日", &iso[5..7], &iso[8..10]),
        2 => iso.to_string(),
        3 => format!("（{y}年{m}月{d}日）"),
        _ => format!("{y}年{m}月{d}日"),
    }
}

/// Zero-width spaces and `[bookmark: _GoBack]` scattered through prose lines.
fn noise(line: &str, r: &mut ChaCha8Rng, style: &Style) -> String {
    let mut s = line.to_string();
    if style.zero_width && r.random_bool(0.3) && !s.is_empty() {
        s = format!("\u{200b}{s}");
    }
    if r.random_bool(0.01) {
        s.push_str("[bookmark: _GoBack]");
    }
    s
}

/// Assemble the document: `tables` gives the lines of parts 2, 3 and 4.
pub fn assemble(
    t: &Truth,
    r: &mut ChaCha8Rng,
    style: &Style,
    tables: impl FnOnce(&mut ChaCha8Rng, &Style) -> [Vec<String>; 3],
) -> String {
    let parts = body(t, r, style);
    let tabs = tables(r, style);
    let mut out: Vec<String> = Vec::new();
    out.extend(parts.head);
    for (p, lines) in parts.parts.into_iter().enumerate() {
        out.push(parts.headings[p].clone());
        if r.random_bool(0.3) {
            out.push(String::new());
        }
        if (1..=3).contains(&p) {
            out.extend(tabs[p - 1].iter().cloned());
        } else {
            for l in lines {
                out.push(noise(&l, r, style));
                if parts.spaced {
                    out.push(String::new());
                }
            }
        }
    }
    out.extend(parts.tail);
    let mut s = out.join("\n");
    s.push('\n');
    if style.half_brackets {
        s = s.replace('（', "(").replace('）', ")");
    }
    s
}

/// The prose of a report, cut into its pieces.
pub struct Body {
    /// Title, intro.
    pub head: Vec<String>,
    /// The six headings.
    pub headings: Vec<String>,
    /// Prose lines of each part (the table parts' prose is empty).
    pub parts: Vec<Vec<String>>,
    /// Signature and date.
    pub tail: Vec<String>,
    /// A blank line after every prose line.
    pub spaced: bool,
}

/// Draw the prose of a report.
pub fn body(t: &Truth, r: &mut ChaCha8Rng, _style: &Style) -> Body {
    let agency = t.agency();
    let year = t.year();
    let template_doc = match t.template() {
        gik_model::Template::V2021 => "（国办公开办函〔2021〕30号）",
        gik_model::Template::V2019 => "（国办公开办函〔2019〕60号）",
    };
    let spaced = r.random_bool(0.4);
    let mut head = Vec::new();
    if !t.title_missing {
        let title = match r.random_range(0..4) {
            0 => format!("{agency}{year}年度政府信息公开工作年度报告"),
            1 => format!("{agency} {year} 年政府信息公开工作年度报告"),
            _ => format!("{agency}{year}年政府信息公开工作年度报告"),
        };
        head.push(match r.random_range(0..5) {
            0 => format!("# {title}"),
            1 => format!("**{title}**"),
            _ => title,
        });
        head.push(String::new());
    }
    let mut intro = format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》{template_doc}要求编制。"
    );
    if t.title_missing {
        if r.random_bool(0.5) {
            intro = format!("本报告由{agency}编制。{intro}");
        } else {
            intro.push_str(&format!("如对本报告有任何疑问，请与{agency}联系。"));
        }
    }
    if r.random_bool(0.7) || t.title_missing {
        intro.push_str(&format!("本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"));
    }
    if r.random_bool(0.3) {
        intro.push_str("本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。");
    }
    head.push(intro);
    if spaced {
        head.push(String::new());
    }

    let (pstyle, sstyle) = numbering(r);
    let wrap = r.random_range(0..6);
    let headings: Vec<String> = (0..6)
        .map(|i| {
            let titles = PART_TITLES[i];
            let h = format!("{}{}", numbered(pstyle, i), titles[r.random_range(0..titles.len())]);
            match wrap {
                0 => format!("## {h}"),
                1 => format!("**{h}**"),
                2 => format!("    {h}"),
                _ => h,
            }
        })
        .collect();

    let mut p1 = Vec::new();
    let subs: Vec<String> = SUB_TITLES.iter().enumerate().map(|(i, s)| format!("{}{}", numbered(sstyle, i), s)).collect();
    p1.push(format!(
        "{year}年，{}深入贯彻落实《条例》和上级关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，扎实推进政府信息公开各项工作。",
        if r.random_bool(0.5) { "本机关" } else { "我单位" }
    ));
    p1.push(subs[0].clone());
    p1.push(format!(
        "全年通过政府门户网站主动公开政府信息{}条，其中政策文件{}条，工作动态{}条，发布政策解读{}篇。",
        r.random_range(20..9000),
        r.random_range(0..200),
        r.random_range(0..3000),
        r.random_range(0..60)
    ));
    p1.push(subs[1].clone());
    let mut s = String::new();
    if let Some(n) = t.claim_new {
        s.push_str(&format!("{year}年，本机关新收政府信息公开申请{n}件，均在法定期限内答复。"));
    } else {
        s.push_str("严格按照《条例》规定的程序和时限办理政府信息公开申请，答复规范及时。");
    }
    let outcomes = |o: &[Decimal; 4]| format!("，其中结果维持{}件，结果纠正{}件，其他结果{}件，尚未审结{}件", o[0], o[1], o[2], o[3]);
    if let Some(n) = t.claim_review {
        s.push_str(&format!("全年因政府信息公开引起的行政复议{n}件{}。", t.claim_review_outcomes.as_ref().map(outcomes).unwrap_or_default()));
    }
    if let Some((n, o)) = &t.claim_litigation {
        s.push_str(&format!("因政府信息公开被提起行政诉讼{n}件{}。", o.as_ref().map(outcomes).unwrap_or_default()));
    }
    p1.push(s);
    p1.push(subs[2].clone());
    p1.push("严格落实信息发布“三审三校”制度，确保公开内容准确无误、来源可查可溯，不泄露国家秘密和个人隐私。".into());
    p1.push(subs[3].clone());
    p1.push(format!("充分发挥政府网站作为政府信息公开第一平台的作用，政务新媒体全年发布信息{}条。", r.random_range(0..5000)));
    p1.push(subs[4].clone());
    p1.push(format!("将政务公开纳入年度考核，组织业务培训{}次，主动接受社会监督。", r.random_range(1..12)));

    let p5 = vec![
        "存在的问题：一是政策解读形式还不够丰富；二是信息公开的及时性有待进一步提升。".to_string(),
        "改进措施：加强业务培训，完善信息发布审核机制，丰富解读形式，不断提升政务公开工作水平。".to_string(),
    ];
    let p6 = vec![if r.random_bool(0.5) {
        format!("{year}年度本机关未收取信息处理费。")
    } else {
        format!("按照《政府信息公开信息处理费管理办法》规定，全年收取信息处理费{}元。", r.random_range(100..5000))
    }];

    let mut tail = vec![String::new()];
    if r.random_bool(0.6) {
        tail.push(agency.to_string());
    }
    if let Some(d) = t.report.meta.published.as_deref() {
        tail.push(date_line(d, r));
    }
    Body { head, headings, parts: vec![p1, vec![], vec![], vec![], p5, p6], tail, spaced }
}
