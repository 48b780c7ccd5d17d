//! HTML reports: pages written for the test in the shapes government CMSs publish
//! (site chrome around the report, rowspan/colspan tables, tables nested in
//! layout tables, Word-exported span soup, `&nbsp;` blanks, GBK). Every cell of
//! the parsed report must be what the page holds.

mod common;

use common::{applications, assert_report, review_values, Expected, COLUMNS, ROWS_2021};
use gik_parse::grid::Block;
use gik_parse::html::{looks_like_html, read};
use gik_parse::parse_bytes;

// ---------------------------------------------------------------------------
// Writing a page.

/// How the page's cells are marked up.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// `<td>text</td>`, with `<br>` inside some labels.
    Plain,
    /// Word's "save as web page": `<p class=MsoNormal><span><font>…`, labels split
    /// over several spans, source lines wrapped inside the text, `<o:p>`.
    Word,
}

struct Page {
    style: Style,
    /// Put the report inside a layout table (a table whose cell holds the report's tables).
    nested: bool,
    /// Keys whose cells are printed as `&nbsp;`.
    blank: fn(&str) -> bool,
    charset: &'static str,
    /// Show the title in the body (otherwise only `<meta name="ArticleTitle">` holds it).
    title_in_body: bool,
}

impl Default for Page {
    fn default() -> Self {
        Page { style: Style::Plain, nested: false, blank: |_| false, charset: "utf-8", title_in_body: true }
    }
}

fn td(style: Style, attrs: &str, text: &str) -> String {
    match style {
        Style::Plain => format!("<td{attrs}>{text}</td>"),
        Style::Word => {
            let chars: Vec<char> = text.chars().collect();
            let inner = if text.contains('<') || text.contains('&') || chars.len() < 4 {
                format!("<span style='font-family:仿宋_GB2312'>{text}</span>")
            } else {
                // Split in three pieces: two spans and a font. Word wraps its source
                // lines between CJK characters (never inside a number): so does this.
                let (a, b, c) = (chars.len() / 3, 2 * chars.len() / 3, chars.len());
                let piece = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
                let wrap = if chars[a] > '\u{2e80}' { "\n" } else { "" };
                format!(
                    "<span style='font-family:仿宋_GB2312;mso-hansi-font-family:Calibri'>{}</span><span\nstyle='font-family:仿宋_GB2312'>{wrap}{}</span><font face=\"宋体\">{}</font>",
                    piece(0..a),
                    piece(a..b),
                    piece(b..c)
                )
            };
            format!(
                "<td{attrs} width=\"71\" valign=\"center\" style='width:53.65pt;padding:3.75pt;border:solid windowtext 1.0pt;\nmso-border-alt:solid windowtext .5pt'><p class=MsoNormal align=center style='text-align:center'>{inner}<span lang=EN-US><o:p></o:p></span></p></td>"
            )
        }
    }
}

fn value_td(style: Style, attrs: &str, v: &str) -> String {
    td(style, attrs, if v.is_empty() { "&nbsp;" } else { v })
}

/// The label with a `<br>` in it (plain style), as CMS editors and converters leave them.
fn broken(style: Style, label: &str, at: usize) -> String {
    if style == Style::Word {
        return label.to_string();
    }
    let chars: Vec<char> = label.chars().collect();
    let at = at.min(chars.len());
    format!("{}<br>\n{}", chars[..at].iter().collect::<String>(), chars[at..].iter().collect::<String>())
}

const DENIED: [&str; 8] = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
];
const UNABLE: [&str; 3] = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"];
const NOT_PROCESSED: [&str; 5] = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
];
const OTHER: [&str; 3] = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
];

fn proactive_table(p: &Page, expected: &mut Expected) -> String {
    let s = p.style;
    let mut v = |key: &str, value: &str| {
        let value = if (p.blank)(key) { "" } else { value };
        expected.push((key.to_string(), value.to_string()));
        value.to_string()
    };
    let mut t = String::from("<table border=\"1\" cellspacing=\"0\" style=\"border-collapse:collapse\"><tbody>\n");
    let head = |article: &str| format!("<tr>{}</tr>\n", td(s, " colspan=\"4\"", article));
    t += &head("第二十条第（一）项");
    t += &format!(
        "<tr>{}{}{}{}</tr>\n",
        td(s, "", "信息内容"),
        td(s, "", "本年制发件数"),
        td(s, "", "本年废止件数"),
        td(s, "", "现行有效件数")
    );
    for (label, key, values) in
        [("规章", "regulations", ["1", "0", "13"]), ("行政规范性文件", "normative_documents", ["69", "3", "665"])]
    {
        t += &format!("<tr>{}", td(s, "", label));
        for (col, n) in ["issued", "repealed", "in_force"].iter().zip(values) {
            t += &value_td(s, "", &v(&format!("proactive.{key}.{col}"), n));
        }
        t += "</tr>\n";
    }
    t += &head("第二十条第（五）项");
    t += &format!("<tr>{}{}</tr>\n", td(s, "", "信息内容"), td(s, " colspan=\"3\"", "本年处理决定数量"));
    t += &format!(
        "<tr>{}{}</tr>\n",
        td(s, "", "行政许可"),
        value_td(s, " colspan=\"3\"", &v("proactive.licensing.decisions", "2293"))
    );
    t += &head("第二十条第（六）项");
    t += &format!("<tr>{}{}</tr>\n", td(s, "", "信息内容"), td(s, " colspan=\"3\"", "本年处理决定数量"));
    t += &format!(
        "<tr>{}{}</tr>\n",
        td(s, "", "行政处罚"),
        value_td(s, " colspan=\"3\"", &v("proactive.punishment.decisions", "1282"))
    );
    t += &format!(
        "<tr>{}{}</tr>\n",
        td(s, "", "行政强制"),
        value_td(s, " colspan=\"3\"", &v("proactive.enforcement.decisions", "42"))
    );
    t += &head("第二十条第（八）项");
    t += &format!(
        "<tr>{}{}</tr>\n",
        td(s, "", "信息内容"),
        td(s, " colspan=\"3\"", &broken(s, "本年收费金额（单位：万元）", 6))
    );
    t += &format!(
        "<tr>{}{}</tr>\n",
        td(s, "", "行政事业性收费"),
        value_td(s, " colspan=\"3\"", &v("proactive.fees.amount", "24252.311082"))
    );
    t + "</tbody></table>\n"
}

fn applications_table(p: &Page, expected: &mut Expected) -> String {
    let s = p.style;
    let values = applications(&ROWS_2021);
    let mut t = String::from("<table border=\"1\" cellspacing=\"0\"><tbody>\n");
    t += &format!(
        "<tr>{}{}</tr>\n",
        td(s, " colspan=\"3\" rowspan=\"3\"", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        td(s, " colspan=\"7\"", "申请人情况")
    );
    t += &format!(
        "<tr>{}{}{}</tr>\n",
        td(s, " rowspan=\"2\"", "自然人"),
        td(s, " colspan=\"5\"", "法人或其他组织"),
        td(s, " rowspan=\"2\"", "总计")
    );
    t += &format!(
        "<tr>{}{}{}{}{}</tr>\n",
        td(s, "", &broken(s, "商业企业", 2)),
        td(s, "", &broken(s, "科研机构", 2)),
        td(s, "", &broken(s, "社会公益组织", 4)),
        td(s, "", &broken(s, "法律服务机构", 4)),
        td(s, "", "其他")
    );
    // The label cells of each data row, before its seven numbers.
    let mut labels: Vec<String> = vec![
        td(s, " colspan=\"3\"", "一、本年新收政府信息公开申请数量"),
        td(s, " colspan=\"3\"", &broken(s, "二、上年结转政府信息公开申请数量", 8)),
        td(s, " rowspan=\"22\"", &broken(s, "三、本年度办理结果", 4)) + &td(s, " colspan=\"2\"", "（一）予以公开"),
        td(s, " colspan=\"2\"", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ];
    for (group, rows) in [
        ("（三）不予公开", &DENIED[..]),
        ("（四）无法提供", &UNABLE[..]),
        ("（五）不予处理", &NOT_PROCESSED[..]),
        ("（六）其他处理", &OTHER[..]),
    ] {
        for (i, label) in rows.iter().enumerate() {
            let first = if i == 0 {
                td(s, &format!(" rowspan=\"{}\"", rows.len()), &broken(s, group, 4))
            } else {
                String::new()
            };
            labels.push(first + &td(s, "", label));
        }
    }
    labels.push(td(s, " colspan=\"2\"", "（七）总计"));
    labels.push(td(s, " colspan=\"3\"", "四、结转下年度继续办理"));
    assert_eq!(labels.len(), values.len());
    for (label, (row, numbers)) in labels.iter().zip(&values) {
        t += &format!("<tr>{label}");
        for (col, n) in COLUMNS.iter().zip(numbers) {
            let key = format!("applications.{row}.{col}");
            let value = if (p.blank)(&key) { String::new() } else { n.to_string() };
            t += &value_td(s, "", &value);
            expected.push((key, value));
        }
        t += "</tr>\n";
    }
    t + "</tbody></table>\n"
}

fn review_table(p: &Page, expected: &mut Expected) -> String {
    let s = p.style;
    let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut t = String::from("<table border=\"1\"><tbody>\n");
    t += &format!("<tr>{}{}</tr>\n", td(s, " colspan=\"5\"", "行政复议"), td(s, " colspan=\"10\"", "行政诉讼"));
    t += "<tr>";
    for o in outcomes {
        t += &td(s, " rowspan=\"2\"", &broken(s, o, 2));
    }
    t +=
        &format!("{}{}</tr>\n<tr>", td(s, " colspan=\"5\"", "未经复议直接起诉"), td(s, " colspan=\"5\"", "复议后起诉"));
    for _ in 0..2 {
        for o in outcomes {
            t += &td(s, "", &broken(s, o, 2));
        }
    }
    t += "</tr>\n<tr>";
    for (key, v) in review_values() {
        let v = if (p.blank)(&key) { String::new() } else { v };
        t += &value_td(s, "", &v);
        expected.push((key, v));
    }
    t + "</tr>\n</tbody></table>\n"
}

fn para(style: Style, text: &str) -> String {
    match style {
        Style::Plain => format!("<p>{text}</p>\n"),
        Style::Word => format!(
            "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span style='font-size:16.0pt;font-family:黑体'><font face=\"黑体\">{text}</font></span><span lang=EN-US><o:p></o:p></span></p>\n"
        ),
    }
}

/// A whole page: head, site chrome, the report (2021 template), footer.
fn page(p: &Page) -> (String, Expected) {
    let mut expected: Expected = vec![
        ("meta.agency".into(), "某某市某某区人民政府".into()),
        ("meta.year".into(), "2021".into()),
        ("meta.template".into(), "2021".into()),
    ];
    let s = p.style;
    let mut report = String::new();
    if p.title_in_body {
        report += "<h1 class=\"title\">某某市某某区人民政府2021年政府信息公开工作年度报告</h1>\n";
    }
    report += "<div class=\"info\"><span>来源：区政府办</span><span>发布时间：2022-01-25</span><span>浏览次数：<script>document.write(123)</script></span></div>\n";
    report += &para(s, "本报告根据《中华人民共和国政府信息公开条例》要求编制。");
    report += &para(s, "一、总体情况");
    report += &para(s, "2021年，本区坚持以公开为常态、不公开为例外，推进政务公开工作。");
    report += &para(s, "二、主动公开政府信息情况");
    report += &proactive_table(p, &mut expected);
    report += &para(s, "三、收到和处理政府信息公开申请情况");
    report += &applications_table(p, &mut expected);
    report += &para(s, "四、政府信息公开行政复议、行政诉讼情况");
    report += &review_table(p, &mut expected);
    report += &para(s, "五、存在的主要问题及改进情况");
    report += &para(s, "政策解读形式不够丰富，下一步将加强解读。");
    report += &para(s, "六、其他需要报告的事项");
    report += &para(s, "本年度未收取信息处理费。");
    report += "<p style=\"text-align:right\">某某市某某区人民政府<br>2022年1月20日</p>\n";
    let body = if p.nested {
        format!(
            "<table width=\"100%\" class=\"layout\"><tr><td class=\"side\"><ul><li>政府信息公开指南</li><li>政府信息公开制度</li></ul></td>\n<td class=\"main\">\n<table width=\"100%\"><tr><td>\n{report}</td></tr></table>\n</td></tr></table>\n"
        )
    } else {
        format!("<div class=\"article\">\n{report}</div>\n")
    };
    let html = format!(
        r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="ArticleTitle" content="某某市某某区人民政府2021年政府信息公开工作年度报告">
<title>某某市某某区人民政府2021年政府信息公开工作年度报告_年度报告_某某区人民政府网</title>
<style>td {{ font-size: 12px }} .nav li {{ float: left }}</style>
<script type="text/javascript">var tpl = "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>999</td></tr></table>";</script>
</head>
<body>
<div class="top"><a href="/">无障碍</a> | <a href="/">长者模式</a></div>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<noscript>请开启JavaScript</noscript>
{body}<div class="share">分享到：微信 微博</div>
<div class="footer"><p>主办：某某区人民政府办公室 版权所有</p><p>网站标识码：3200000000</p><script>var _hmt = _hmt || [];</script></div>
</body>
</html>
"#,
        charset = p.charset
    );
    (html, expected)
}

fn parse_page(p: &Page) -> (gik_parse::Report, Expected) {
    let (html, expected) = page(p);
    let report = parse_bytes(html.as_bytes()).unwrap();
    assert_eq!(report.meta.source.format, "html");
    (report, expected)
}

// ---------------------------------------------------------------------------
// Whole reports.

#[test]
fn a_cms_page_with_rowspan_colspan_tables_reads_cell_for_cell() {
    let (report, expected) = parse_page(&Page::default());
    assert_eq!(report.meta.source.layouts, ["html-table"]);
    assert_report(&report, &expected);
}

#[test]
fn tables_nested_in_a_layout_table_read_once() {
    let (report, expected) = parse_page(&Page { nested: true, ..Page::default() });
    assert_report(&report, &expected);
}

#[test]
fn word_exported_span_soup_reads_cell_for_cell() {
    let (report, expected) = parse_page(&Page { style: Style::Word, ..Page::default() });
    assert_report(&report, &expected);
}

#[test]
fn the_article_title_meta_gives_the_title_when_the_body_shows_none() {
    let (report, expected) = parse_page(&Page { title_in_body: false, ..Page::default() });
    assert_report(&report, &expected);
    let (html, _) = page(&Page { title_in_body: false, ..Page::default() });
    assert_eq!(texts(&html)[0], "某某市某某区人民政府2021年政府信息公开工作年度报告");
}

/// Quoted-printable, as MIME writers emit it: `=XX` for bytes outside ASCII and
/// for `=`, soft line breaks (`=` at the end of a line) every 76 characters.
fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut col = 0;
    for &b in bytes {
        let piece = if b == b'\n' {
            col = 0;
            out.push_str("\r\n");
            continue;
        } else if b == b'=' || b >= 0x80 || b == b'\r' {
            format!("={b:02X}")
        } else {
            (b as char).to_string()
        };
        if col + piece.len() > 75 {
            out.push_str("=\r\n");
            col = 0;
        }
        col += piece.len();
        out.push_str(&piece);
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (j, &b)| acc | (u32::from(b) << (16 - 8 * j)));
        for k in 0..4 {
            out.push(if k <= chunk.len() { A[(n >> (18 - 6 * k) & 63) as usize] as char } else { '=' });
        }
        if i % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out
}

fn mhtml(html_part: &str, headers: &str) -> String {
    format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.example.gov.cn/art/2022/1/25/art_1.html\r\n\
         Subject: =?utf-8?Q?=E6=9F=90=E6=9F=90?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
         \ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc123----\"\r\n\r\n\r\n\
         ------MultipartBoundary--abc123----\r\n{headers}\r\nContent-Location: https://www.example.gov.cn/art/2022/1/25/art_1.html\r\n\r\n\
         {html_part}\r\n------MultipartBoundary--abc123----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
         ------MultipartBoundary--abc123------\r\n"
    )
}

#[test]
fn a_page_saved_as_mhtml_reads_cell_for_cell() {
    // Chrome: quoted-printable UTF-8.
    let (html, expected) = page(&Page { style: Style::Word, ..Page::default() });
    let qp = quoted_printable(html.as_bytes());
    assert!(qp.contains("=E4=B8=80=E3=80=81"), "一、 is really encoded");
    let saved = mhtml(
        &qp,
        "Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable",
    );
    assert!(looks_like_html(&saved));
    let report = parse_bytes(saved.as_bytes()).unwrap();
    assert_report(&report, &expected);
    // Internet Explorer: base64 of GB2312 bytes.
    let (html, expected) = page(&Page { charset: "gb2312", nested: true, ..Page::default() });
    let (gbk, _, _) = encoding_rs::GBK.encode(&html);
    let saved =
        mhtml(&base64(&gbk), "Content-Type: text/html;\r\n\tcharset=\"gb2312\"\r\nContent-Transfer-Encoding: base64");
    let report = parse_bytes(saved.as_bytes()).unwrap();
    assert_report(&report, &expected);
}

#[test]
fn nbsp_cells_are_blank() {
    let blank: fn(&str) -> bool = |k| {
        k.starts_with("applications.not_processed.")
            || k.starts_with("litigation_after_review.")
            || k == "proactive.regulations.repealed"
            || k == "applications.new.research_institution"
    };
    let (report, expected) = parse_page(&Page { blank, ..Page::default() });
    assert!(expected.iter().filter(|(_, v)| v.is_empty()).count() > 40);
    assert_report(&report, &expected);
}

#[test]
fn a_row_of_nbsp_but_for_its_total_keeps_the_total_in_its_column() {
    let blank: fn(&str) -> bool = |k| k.starts_with("applications.not_processed.") && !k.ends_with(".total");
    let (report, expected) = parse_page(&Page { blank, ..Page::default() });
    assert_report(&report, &expected);
}

#[test]
fn a_gbk_page_with_meta_charset_reads_cell_for_cell() {
    let (html, expected) = page(&Page { charset: "gbk", style: Style::Word, nested: true, ..Page::default() });
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&html);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let report = parse_bytes(&bytes).unwrap();
    assert_eq!(report.meta.source.format, "html");
    assert!(report.meta.source.encoding.starts_with("GB"), "{}", report.meta.source.encoding);
    assert_report(&report, &expected);
}

// ---------------------------------------------------------------------------
// The grid.

fn rows(html: &str) -> Vec<Vec<String>> {
    read(html)
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Row { cells, .. } => Some(cells.into_iter().map(|c| c.text.into_owned()).collect()),
            Block::Text { .. } => None,
        })
        .collect()
}

fn texts(html: &str) -> Vec<String> {
    read(html)
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Text { text, .. } => Some(text.into_owned()),
            Block::Row { .. } => None,
        })
        .collect()
}

#[test]
fn rowspan_and_colspan_leave_empty_cells_where_they_cover() {
    let html = "<table>\
        <tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>1</td></tr>\
        <tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>2</td></tr>\
        <tr><td>2.其他法律行政法规禁止公开</td><td>3</td></tr>\
        </table>";
    assert_eq!(
        rows(html),
        [
            vec!["三、本年度办理结果", "（一）予以公开", "", "1"],
            vec!["", "（三）不予公开", "1.属于国家秘密", "2"],
            vec!["", "", "2.其他法律行政法规禁止公开", "3"],
        ]
    );
}

#[test]
fn rowspan_past_the_end_and_absurd_spans_are_clipped() {
    let html = "<table><tr><td rowspan=0>a</td><td colspan=99999>b</td></tr><tr><td rowspan=70000>c</td></tr></table>";
    let r = rows(html);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].len(), 200);
    assert_eq!(r[0][0], "a");
    assert_eq!(r[1][..2], ["", "c"]);
}

#[test]
fn br_pieces_join_without_space_between_cjk_and_with_one_otherwise() {
    let html = "<table><tr><td>商业<br>企业</td><td>（三）不\n予公开</td><td>12<br/>3</td><td>&nbsp;</td><td> \u{3000}</td><td><p>本年收费金额</p><p>（单位：万元）</p></td></tr></table>";
    assert_eq!(rows(html), [vec!["商业企业", "（三）不予公开", "12 3", "", "", "本年收费金额（单位：万元）"]]);
}

#[test]
fn a_layout_table_does_not_repeat_the_text_of_the_tables_inside() {
    let html = "<table><tr><td>栏目</td><td><p>一、总体情况</p><table><tr><td>规章</td><td>5</td></tr></table><p>五、存在的主要问题</p></td></tr></table>";
    let g = read(html);
    let blocks: Vec<String> = g
        .blocks
        .iter()
        .map(|b| match b {
            Block::Text { text, .. } => format!("T {text}"),
            Block::Row { cells, .. } => {
                format!("R {}", cells.iter().map(|c| c.text.as_ref()).collect::<Vec<_>>().join("|"))
            }
        })
        .collect();
    assert_eq!(blocks, ["T 栏目", "T 一、总体情况", "R 规章|5", "T 五、存在的主要问题"]);
}

#[test]
fn single_cell_tables_inside_cells_are_cell_text_and_ruby_is_dropped() {
    let html = "<table><tr><td><table><tr><td>规章</td></tr></table></td><td><table><tr><td>5</td></tr></table></td></tr></table>\
        <p><ruby>報<rp>(</rp><rt>bào</rt><rp>)</rp></ruby>告</p>";
    assert_eq!(rows(html), [vec!["规章", "5"]]);
    assert_eq!(texts(html), ["報告"]);
}

#[test]
fn labels_split_over_spans_come_out_whole_and_chrome_is_dropped() {
    let html = "<html><head><title>t</title><style>p{}</style></head><body><nav>首页 政务公开</nav>\
        <script>var a='一、总体情况';</script><p class=MsoNormal><span>一、</span><font face=黑体>总体</font><b>情况</b><o:p></o:p></p>\
        <p>二、主动公开<span style=\"display:none\">隐藏</span>政府信息情况</p><div hidden>隐藏</div></body></html>";
    assert_eq!(texts(html), ["一、总体情况", "二、主动公开政府信息情况"]);
}

#[test]
fn lines_are_the_source_lines_where_elements_start() {
    let html = "<html>\n<body>\n<p>一、总体情况</p>\n<table>\n<tr>\n<td>规章</td>\n<td>5</td>\n</tr>\n</table>\n</body>\n</html>\n";
    let g = read(html);
    match &g.blocks[..] {
        [Block::Text { line: 3, .. }, Block::Row { cells, line: 5 }] => {
            assert_eq!(cells.iter().map(|c| c.line).collect::<Vec<_>>(), [6, 7]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn html_is_told_from_text_that_mentions_angle_brackets() {
    for yes in [
        "<!DOCTYPE html><html><body></body></html>",
        "<HTML><BODY><P>一、总体情况</P></BODY></HTML>",
        "<table><tr><td>规章</td><td>5</td></tr></table>",
        "<p>一、总体情况</p>\n<p>二、主动公开政府信息情况</p>",
        "\u{feff}  <div class=article><p>一、总体情况</p></div>",
        "<p>一、总体情况</p>\n本年度……\n<p>二、主动公开政府信息情况</p>\n<td\nstyle='x'>规章</td>",
    ] {
        assert!(looks_like_html(yes), "{yes}");
    }
    for no in [
        "一、总体情况\n本年新收申请<5件，见<条例>第二十条。",
        "请访问<http://www.example.gov.cn>了解详情。",
        "a < b and c > d\n<p 不是标签",
        "",
        // A text report with a stray tag or two: its tab-separated rows must stay text.
        "一、总体情况\n<p>说明</p><br>\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t3\t1\t20\n行政许可\t2293\n行政处罚\t1282\n",
    ] {
        assert!(!looks_like_html(no), "{no}");
    }
}

#[test]
fn no_input_makes_the_reader_panic() {
    let deep = "<div>".repeat(20_000) + "一、总体情况" + &"</div>".repeat(20_000);
    let deep_tables = "<table><tr><td>".repeat(3000) + "x";
    let inputs = [
        "",
        "<",
        "<table><tr><td rowspan=-1 colspan=abc>x</td></tr></table>",
        "<table><td>orphan</td></table><tr><td>x</td></tr>",
        "<template><table><tr><td>1</td><td>2</td></tr></table></template>",
        "<svg><table><tr><td>1</td></tr></table></svg><math><mi>x</mi></math>",
        "<pre>一、总体情况\n二、主动公开</pre>",
        "<b><i><u><table><tr><td>a</b>b</i>c</u></td><td>d</td></tr></table>",
        deep.as_str(),
        deep_tables.as_str(),
    ];
    for html in inputs {
        let _ = read(html);
        let _ = gik_parse::parse(html);
    }
    assert_eq!(texts(&deep), ["一、总体情况"]);
    assert_eq!(texts("<pre>一、总体情况\n二、主动公开</pre>"), ["一、总体情况", "二、主动公开"]);
}

#[test]
fn damaged_pages_never_panic() {
    let (html, _) = page(&Page { style: Style::Word, nested: true, ..Page::default() });
    let mut rng = common::Lcg(11);
    for i in 0..40 {
        let b = common::mutate(html.as_bytes(), &mut rng, b"<>/\"'=&;# \ntdr");
        let text = String::from_utf8_lossy(&b);
        let _ = read(&text);
        if i % 10 == 0 {
            let _ = parse_bytes(&b);
        }
    }
}

#[test]
fn a_few_bytes_of_spans_cannot_ask_for_a_huge_grid() {
    let html = format!(
        "<table><tr><td colspan=200 rowspan=0>x</td><td>y</td></tr>{}</table>",
        "<tr><td>z</td></tr>".repeat(20_000)
    );
    let g = read(&html);
    let cells: usize = g.blocks.iter().map(|b| if let Block::Row { cells, .. } = b { cells.len() } else { 0 }).sum();
    assert!(cells < 100_000, "{cells} cells");
    assert_eq!(rows(&html)[0][..2], ["x", "y"]);
}
