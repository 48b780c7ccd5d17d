//! One small report, written for the test, in each layout family real reports
//! come in; every cell must come back, and nothing else.

use gik_model::Template;

const ROWS_2021: [(&str, [u32; 7]); 25] = [
    ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 2, 0, 8]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("（一）予以公开", [3, 1, 0, 0, 1, 0, 5]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    ("1.属于国家秘密", [0; 7]),
    ("2.其他法律行政法规禁止公开", [0; 7]),
    ("3.危及“三安全一稳定”", [0; 7]),
    ("4.保护第三方合法权益", [0; 7]),
    ("5.属于三类内部事务信息", [0; 7]),
    ("6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
    ("7.属于行政执法案卷", [0; 7]),
    ("8.属于行政查询事项", [0; 7]),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 1, 0, 2]),
    ("2.没有现成信息需要另行制作", [0; 7]),
    ("3.补正后申请内容仍不明确", [0; 7]),
    ("1.信访举报投诉类申请", [0; 7]),
    ("2.重复申请", [0; 7]),
    ("3.要求提供公开出版物", [0; 7]),
    ("4.无正当理由大量反复申请", [0; 7]),
    ("5.要求行政机关确认或重新出具已获取信息", [0; 7]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0; 7]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0; 7]),
    ("3.其他", [0; 7]),
    ("（七）总计", [6, 1, 0, 0, 2, 0, 9]),
    ("四、结转下年度继续办理", [0; 7]),
];
const PROACTIVE: [(&str, &[&str]); 6] = [
    ("规章", &["0", "0", "3"]),
    ("行政规范性文件", &["2", "1", "15"]),
    ("行政许可", &["1234"]),
    ("行政处罚", &["56"]),
    ("行政强制", &["7"]),
    ("行政事业性收费", &["12.5"]),
];
const REVIEW: [u32; 15] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
const GROUP: [(usize, &str); 4] = [(4, "（三）不予公开"), (12, "（四）无法提供"), (15, "（五）不予处理"), (20, "（六）其他处理")];

/// How a layout writes a row of cells.
type RowFn = fn(&[String]) -> String;

fn prose_head(numbering: [&str; 6]) -> (String, [String; 6]) {
    let title = "示范县交通运输局2024年政府信息公开工作年度报告\n\n本报告由示范县交通运输局编制。统计期限自2024年1月1日起至2024年12月31日止。\n".to_string();
    let heads = [
        format!("{}总体情况\n2024年，本局新收政府信息公开申请8件，全部按期答复。", numbering[0]),
        format!("{}主动公开政府信息情况", numbering[1]),
        format!("{}收到和处理政府信息公开申请情况", numbering[2]),
        format!("{}政府信息公开行政复议、行政诉讼情况", numbering[3]),
        format!("{}存在的主要问题及改进情况\n一是公开深度不够。", numbering[4]),
        format!("{}其他需要报告的事项\n本年度未收取信息处理费。\n\n示范县交通运输局\n2025年1月20日", numbering[5]),
    ];
    (title, heads)
}

fn table_rows() -> (Vec<Vec<String>>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut p = vec![vec!["信息内容".into(), "本年制发件数".into(), "本年废止件数".into(), "现行有效件数".into()]];
    for (label, vals) in PROACTIVE {
        let mut r = vec![label.to_string()];
        r.extend(vals.iter().map(|v| v.to_string()));
        p.push(r);
    }
    let mut a = vec![vec!["".into(), "自然人".into(), "商业企业".into(), "科研机构".into(), "社会公益组织".into(), "法律服务机构".into(), "其他".into(), "总计".into()]];
    for (i, (label, vals)) in ROWS_2021.iter().enumerate() {
        let mut r = Vec::new();
        if let Some((_, g)) = GROUP.iter().find(|(at, _)| *at == i) {
            r.push(g.to_string());
        }
        r.push(label.to_string());
        r.extend(vals.iter().map(|v| v.to_string()));
        a.push(r);
    }
    let review = vec![
        vec!["行政复议".into(), "行政诉讼".into()],
        vec!["结果维持".into(), "结果纠正".into(), "其他结果".into(), "尚未审结".into(), "总计".into()],
        REVIEW.iter().map(|v| v.to_string()).collect(),
    ];
    (p, a, review)
}

fn render(numbering: [&str; 6], row: RowFn) -> String {
    let (title, heads) = prose_head(numbering);
    let (p, a, r) = table_rows();
    let table = |rows: &[Vec<String>]| rows.iter().map(|r| row(r)).collect::<Vec<_>>().join("");
    format!(
        "{title}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
        heads[0],
        heads[1],
        table(&p),
        heads[2],
        table(&a),
        heads[3],
        table(&r),
        heads[4],
        heads[5]
    )
}

const PLAIN: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];

fn assert_all_cells(text: &str, what: &str) {
    let r = gik_parse::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(r.meta.template, Some(Template::V2021), "{what}");
    assert_eq!(r.meta.agency.as_deref(), Some("示范县交通运输局"), "{what}");
    assert_eq!(r.meta.year, Some(2024), "{what}");
    assert_eq!(r.meta.published.as_deref(), Some("2025-01-20"), "{what}");
    let get = |k: &str| r.get(k).unwrap_or_else(|| panic!("{k}")).flat_value();
    let mut i = 0;
    for c in Template::V2021.proactive() {
        let want = PROACTIVE.iter().flat_map(|(_, v)| v.iter()).nth(i).unwrap();
        assert_eq!(get(c.key), *want, "{what}: {}", c.key);
        i += 1;
    }
    for (ri, row) in Template::V2021.application_rows().iter().enumerate() {
        for (ci, col) in gik_model::APPLICANT_COLUMNS.iter().enumerate() {
            let k = format!("applications.{}.{}", row.key, col.key);
            assert_eq!(get(&k), ROWS_2021[ri].1[ci].to_string(), "{what}: {k}");
        }
    }
    for (i, k) in gik_model::review_keys().iter().enumerate() {
        assert_eq!(get(k), REVIEW[i].to_string(), "{what}: {k}");
    }
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.severity == gik_model::Severity::Error || d.code.starts_with("table.")).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn tab_rows() {
    assert_all_cells(&render(PLAIN, |r| format!("{}\n", r.join("\t"))), "tab rows");
}

#[test]
fn tab_cells_one_per_line() {
    assert_all_cells(&render(PLAIN, |r| r.iter().map(|c| format!("\t{c}\n")).collect::<String>() + "\n"), "tab cells");
}

#[test]
fn markdown_tables() {
    assert_all_cells(&render(["## 一、", "## 二、", "## 三、", "## 四、", "## 五、", "## 六、"], |r| format!("| {} |\n", r.join(" | "))), "markdown");
}

#[test]
fn pipe_cells_one_per_line() {
    assert_all_cells(&render(PLAIN, |r| r.iter().map(|c| if c.is_empty() { "|\n".to_string() } else { format!("{c} |\n") }).collect::<String>() + "||\n"), "pipe cells");
}

#[test]
fn pdf_columns() {
    assert_all_cells(&render(["   一、", "   二、", "   三、", "   四、", "   五、", "   六、"], |r| format!("   {}\n\n", r.join("      "))), "columns");
}

#[test]
fn one_cell_per_line_raw() {
    assert_all_cells(&render(PLAIN, |r| r.iter().filter(|c| !c.is_empty()).map(|c| format!("{c}\n\n")).collect()), "raw");
}

#[test]
fn bracket_and_bold_numbering() {
    assert_all_cells(&render(["**（一）", "**（二）", "**（三）", "**（四）", "**（五）", "**（六）"], |r| format!("{}\n", r.join("\t"))), "brackets");
}

#[test]
fn full_width_digits_and_ideographic_spaces() {
    let text = render(PLAIN, |r| format!("{}\n", r.join("\t")));
    let wide: String = text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap() } else { c }).collect();
    let wide = wide.replace('\t', "\t\u{3000}");
    assert_all_cells(&wide, "full width");
}

#[test]
fn glued_cells_settled_by_arithmetic() {
    // every table on one line, cells glued with no separator; the proactive
    // numbers have one digit per cell, so they can only be read one way
    let (title, heads) = prose_head(PLAIN);
    let (_, a, r) = table_rows();
    let glue = |rows: &[Vec<String>]| rows.iter().map(|r| r.concat()).collect::<String>();
    let p = "信息内容本年制发件数本年废止件数现行有效件数规章003行政规范性文件2115行政许可1234行政处罚56行政强制7行政事业性收费12.5";
    let text = format!("{title}{}{} {p}{}{}{}{}{}{}", heads[0], heads[1], heads[2], glue(&a), heads[3], glue(&r), heads[4], heads[5]);
    let rep = gik_parse::parse(&text).unwrap();
    let get = |k: &str| rep.get(k).unwrap().flat_value();
    // the applications table: each row settled by its total, and the columns
    for (ri, row) in Template::V2021.application_rows().iter().enumerate() {
        for (ci, col) in gik_model::APPLICANT_COLUMNS.iter().enumerate() {
            let k = format!("applications.{}.{}", row.key, col.key);
            assert_eq!(get(&k), ROWS_2021[ri].1[ci].to_string(), "{k}");
        }
    }
    // "2115" for three cells can be 2|1|15, 21|1|5, 2|11|5: left empty, flagged
    assert_eq!(get("proactive.normative_documents.issued"), "");
    assert!(rep.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.contains("normative_documents")));
    assert_eq!(get("proactive.regulations.in_force"), "3");
    assert_eq!(get("proactive.fees.amount"), "12.5");
    assert!(rep.diagnostics.iter().any(|d| d.code == "table.repaired"));
}

#[test]
fn traditional_script_with_pinyin_ruby() {
    let text = render(PLAIN, |r| format!("{}\n", r.join("\t")));
    let trad = text
        .replace("报告", "報(bào)告")
        .replace("政府信息公开", "政府信息公開")
        .replace("申请", "申請")
        .replace("总计", "總計")
        .replace("结转", "結轉")
        .replace("处理", "處理")
        .replace("机关", "機關")
        .replace("无法", "無法")
        .replace("国家", "國家")
        .replace("编制", "編製")
        .replace("交通运输局", "交通運輸局");
    let r = gik_parse::parse(&trad).unwrap();
    assert_eq!(r.get("applications.total.total").unwrap().flat_value(), "9");
    assert_eq!(r.get("applications.unable.not_held.legal_service_organization").unwrap().flat_value(), "1");
    assert_eq!(r.meta.year, Some(2024));
}

// ---- each diagnostic, from a small change to the report above ----

fn tab_report() -> String {
    render(PLAIN, |r| format!("{}\n", r.join("\t")))
}

fn codes(text: &str) -> Vec<(String, String)> {
    let r = gik_parse::parse(text).unwrap();
    r.diagnostics.iter().map(|d| (d.code.clone(), d.message.clone())).collect()
}

fn has(text: &str, code: &str) -> String {
    let c = codes(text);
    c.iter().find(|(k, _)| k == code).map(|(_, m)| m.clone()).unwrap_or_else(|| panic!("no {code} in {c:#?}"))
}

#[test]
fn the_report_itself_is_clean() {
    assert!(codes(&tab_report()).is_empty(), "{:#?}", codes(&tab_report()));
}

#[test]
fn balance() {
    let t = tab_report().replace("四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1");
    let m = has(&t, "applications.balance");
    assert!(m.contains("自然人") && m.contains("new 5 + carried over 1 = 6, but total 6 + carried forward 1 = 7"), "{m}");
}

#[test]
fn total_row_and_total_column() {
    let t = tab_report().replace("（七）总计\t6\t1\t0\t0\t2\t0\t9", "（七）总计\t7\t1\t0\t0\t2\t0\t9");
    let m = has(&t, "applications.total_row");
    assert!(m.contains("自然人") && m.contains("add up to 6, but （七）总计 = 7"), "{m}");
    let m = has(&t, "applications.total_column");
    assert!(m.contains("row total") && m.contains("= 10, but column 总计 = 9"), "{m}");
}

#[test]
fn review_total() {
    let t = tab_report().replace("1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0", "1\t0\t0\t0\t2\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0");
    let m = has(&t, "review.total");
    assert!(m.contains("= 1, but 总计 = 2"), "{m}");
}

#[test]
fn narrative_mismatch() {
    let t = tab_report().replace("新收政府信息公开申请8件", "新收政府信息公开申请12件");
    let m = has(&t, "narrative.mismatch");
    assert!(m.contains("12") && m.contains("8"), "{m}");
}

#[test]
fn meta_date_and_missing() {
    let t = tab_report().replace("2025年1月20日", "2024年12月1日");
    assert!(has(&t, "meta.date").contains("2024-12-01"));
    let t = tab_report().replace("2025年1月20日", "2025年3月2日");
    assert!(has(&t, "meta.date").contains("deadline"));
    let t = tab_report()
        .replace("示范县交通运输局2024年政府信息公开工作年度报告", "")
        .replace("本报告由示范县交通运输局编制。", "")
        .replace("示范县交通运输局\n", "");
    assert!(has(&t, "meta.missing").contains("agency"));
}

#[test]
fn section_and_table_missing() {
    let t = tab_report().replace("五、存在的主要问题及改进情况", "");
    assert!(has(&t, "section.missing").contains("五、存在的主要问题及改进情况"));
    let t = tab_report().replace("1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0\n", "");
    assert!(has(&t, "table.missing").contains("part 4"));
}

#[test]
fn repaired_extra_cell() {
    let t = tab_report().replace("（一）予以公开\t3\t1\t0\t0\t1\t0\t5", "（一）予以公开\t3\t1\t0\t0\t0\t1\t0\t5");
    let m = has(&t, "table.repaired");
    assert!(m.contains("granted"), "{m}");
    let r = gik_parse::parse(&t).unwrap();
    assert_eq!(r.get("applications.granted.legal_service_organization").unwrap().flat_value(), "1");
    assert_eq!(r.get("applications.granted.total").unwrap().flat_value(), "5");
}

#[test]
fn extra_cell_settled_by_the_column_totals() {
    // dropping either 1 satisfies the row total; only 3 1 0 0 1 0 5 lets the
    // natural-person column add up to its total row
    let t = tab_report().replace("（一）予以公开\t3\t1\t0\t0\t1\t0\t5", "（一）予以公开\t1\t3\t1\t0\t0\t1\t0\t5");
    let r = gik_parse::parse(&t).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.code == "table.repaired"), "{:#?}", r.diagnostics);
    assert_eq!(r.get("applications.granted.natural_person").unwrap().flat_value(), "3");
    assert_eq!(r.get("applications.granted.commercial_enterprise").unwrap().flat_value(), "1");
}

#[test]
fn ambiguous_extra_cell_is_left_empty() {
    // part 2 has no totals: which of 0 5 0 3 is too many cannot be known
    let t = tab_report().replace("规章\t0\t0\t3", "规章\t0\t5\t0\t3");
    let r = gik_parse::parse(&t).unwrap();
    let m = r.diagnostics.iter().find(|d| d.code == "table.ambiguous").unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
    assert!(m.message.contains("regulations"), "{}", m.message);
    assert_eq!(r.get("proactive.regulations.issued").unwrap().flat_value(), "");
    assert_eq!(r.get("proactive.regulations.repealed").unwrap().flat_value(), "");
    assert_eq!(r.get("proactive.regulations.in_force").unwrap().flat_value(), "");
    // the next row is not touched
    assert_eq!(r.get("proactive.normative_documents.in_force").unwrap().flat_value(), "15");
}

#[test]
fn blank_cells_stay_blank() {
    let t = tab_report().replace("3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0", "3.补正后申请内容仍不明确\t/\t—\t-\t\t/\t/\t/");
    let m = has(&t, "table.blank");
    assert!(m.contains("7 cell(s)"), "{m}");
    let r = gik_parse::parse(&t).unwrap();
    let c = r.get("applications.unable.unclear_after_correction.commercial_enterprise").unwrap();
    assert_eq!(c.state, gik_model::CellState::Blank);
}

#[test]
fn template_outdated_and_unsupported() {
    let t = tab_report()
        .replace("本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
        .replace("行政规范性文件", "规范性文件");
    let r = gik_parse::parse(&t).unwrap();
    assert_eq!(r.meta.template, Some(Template::V2019));
    assert!(r.diagnostics.iter().any(|d| d.code == "template.outdated"));
    assert_eq!(r.get("proactive.normative_documents.total_published").unwrap().flat_value(), "15");
    let t = tab_report().replace("2024年", "2017年").replace("2024年1月1日起至2024年", "2017年1月1日起至2017年");
    let r = gik_parse::parse(&t).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.code == "template.unsupported"));
    assert!(r.cells.iter().all(|c| !c.is_number()));
}

#[test]
fn not_a_report() {
    let letter = "关于做好2024年政府信息公开工作年度报告编制工作的通知\n各单位：请于1月31日前完成年度报告的编制和发布工作。\n特此通知。";
    let e = gik_parse::parse(letter).unwrap_err();
    assert_eq!(e.kind(), gik_parse::ErrorKind::NotAReport);
    assert!(e.to_string().contains("not a report"), "{e}");
    assert!(gik_parse::parse("").is_err());
}

#[test]
fn the_same_report_as_text_and_as_html_gives_the_same_cells() {
    let text = tab_report();
    let mut html = String::from("<html><head><meta charset=\"utf-8\"><title>t</title></head><body><div class=\"nav\">首页 &gt; 政务公开</div>\n");
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('\t') {
            if !in_table {
                html.push_str("<table border=\"1\">\n");
                in_table = true;
            }
            let cells: String = line.split('\t').map(|c| if c.is_empty() { "<td>&nbsp;</td>".to_string() } else { format!("<td>{c}</td>") }).collect();
            html.push_str(&format!("<tr>{cells}</tr>\n"));
        } else {
            if in_table {
                html.push_str("</table>\n");
                in_table = false;
            }
            if !line.trim().is_empty() {
                html.push_str(&format!("<p>{line}</p>\n"));
            }
        }
    }
    html.push_str("</body></html>\n");
    let a = gik_parse::parse(&text).unwrap();
    let b = gik_parse::parse_bytes(html.as_bytes()).unwrap();
    assert_eq!(b.meta.source.format, "html");
    assert_eq!(a.flat(), b.flat());
    let codes = |r: &gik_model::Report| r.diagnostics.iter().map(|d| d.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&a), codes(&b));
}

/// The report with its tables glued on one line, two-digit numbers in the
/// natural-person column, and the row of （一）予以公开 printed `131 0 0 1 0 15`:
/// read as 13|1 or 1|31, only 13 1 0 0 1 0 15 meets the row's total.
fn glued_granted_report(total_row: &str) -> String {
    let (title, heads) = prose_head(PLAIN);
    let (_, a, r) = table_rows();
    let glue = |rows: &[Vec<String>]| rows.iter().map(|r| r.concat()).collect::<String>();
    let p = "信息内容本年制发件数本年废止件数现行有效件数规章003行政规范性文件2115行政许可1234行政处罚56行政强制7行政事业性收费12.5";
    let text = format!("{title}{}{} {p}{}{}{}{}{}{}", heads[0], heads[1], heads[2], glue(&a), heads[3], glue(&r), heads[4], heads[5]);
    text.replace("新收政府信息公开申请8件", "新收政府信息公开申请18件")
        .replace("一、本年新收政府信息公开申请数量5100208", "一、本年新收政府信息公开申请数量15 1 0 0 2 0 18")
        .replace("（一）予以公开3100105", "（一）予以公开131 0 0 1 0 15")
        .replace("（七）总计6100209", &format!("（七）总计{total_row}"))
}

#[test]
fn glued_digits_settled_by_the_row_total_and_confirmed_by_the_columns() {
    let r = gik_parse::parse(&glued_granted_report("16 1 0 0 2 0 19")).unwrap();
    let get = |k: &str| r.get(k).unwrap().flat_value();
    assert_eq!(get("applications.granted.natural_person"), "13", "{:#?}", r.diagnostics);
    assert_eq!(get("applications.granted.commercial_enterprise"), "1");
    assert_eq!(get("applications.granted.total"), "15");
    assert!(r.diagnostics.iter().any(|d| d.code == "table.repaired" && d.message.contains("granted")), "{:#?}", r.diagnostics);
    assert!(!r.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.starts_with("applications")), "{:#?}", r.diagnostics);
}

#[test]
fn a_row_total_alone_is_no_proof_when_no_column_confirms_it() {
    // the total row misprints its natural-person cell (17 for 16): the column
    // that would confirm 13 no longer adds up, so 13|1 rests on the row's own
    // total only, which may be misprinted as well; 13 is left empty, while 1
    // (confirmed by its column) stays
    let r = gik_parse::parse(&glued_granted_report("17 1 0 0 2 0 19")).unwrap();
    let get = |k: &str| r.get(k).unwrap().flat_value();
    assert_eq!(get("applications.granted.natural_person"), "", "{:#?}", r.diagnostics);
    assert_eq!(get("applications.granted.commercial_enterprise"), "1");
    let m = r.diagnostics.iter().find(|d| d.code == "table.ambiguous" && d.message.contains("granted")).unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
    assert!(m.message.contains("granted.natural_person") && m.message.contains("131") && m.message.contains("no column rule"), "{}", m.message);
    // the misprint itself is reported
    assert!(r.diagnostics.iter().any(|d| d.code == "applications.total_column"), "{:#?}", r.diagnostics);
}

#[test]
fn numbers_before_their_labels_at_the_start_of_a_table() {
    // pdftotext -raw: the numbers of the first rows come before their labels
    // (the labels of merged cells are written after); the rows that follow
    // are in place. Nothing may be read into the wrong row.
    let text = tab_report();
    let (head, rest) = text.split_at(text.find("一、本年新收").unwrap());
    let rows: Vec<&str> = rest.lines().collect();
    let cells = |line: &str| line.split('\t').skip(1).map(|c| format!("{c}\n")).collect::<String>();
    let moved = format!(
        "{}{}{}{}\n{}\n",
        cells(rows[0]),
        cells(rows[1]),
        cells(rows[2]),
        rows[0].split('\t').next().unwrap(),
        rows[1].split('\t').next().unwrap()
    );
    let text = format!("{head}{moved}{}\n{}", rows[2].split('\t').next().unwrap(), rows[3..].join("\n"));
    let text = text.replacen(&format!("{}\n", rows[2].split('\t').next().unwrap()), "", 1);
    let r = gik_parse::parse(&text).unwrap();
    for (ri, row) in Template::V2021.application_rows().iter().enumerate() {
        for (ci, col) in gik_model::APPLICANT_COLUMNS.iter().enumerate() {
            let k = format!("applications.{}.{}", row.key, col.key);
            let got = r.get(&k).unwrap().flat_value();
            assert!(got.is_empty() || got == ROWS_2021[ri].1[ci].to_string(), "{k}: {got}\n{text}");
        }
    }
    let empty = r.cells.iter().filter(|c| c.state == gik_model::CellState::Unknown).count();
    assert!(empty == 0 || r.diagnostics.iter().any(|d| d.code == "table.ambiguous"), "{:#?}", r.diagnostics);
}

/// Every part-4 cell is either left empty or read as `want` (`""`: blank).
fn assert_part_4_never_wrong(r: &gik_model::Report, want: [&str; 15]) {
    for (k, w) in gik_model::review_keys().iter().zip(want) {
        let c = r.get(k).unwrap();
        let got = c.flat_value();
        let ok = c.state == gik_model::CellState::Unknown || (w.is_empty() && c.state == gik_model::CellState::Blank) || got == w;
        assert!(ok, "{k}: read {got:?} ({:?}), the source has {w:?}: {:#?}", c.state, r.diagnostics);
    }
}

#[test]
fn a_blank_moved_into_a_group_does_not_escape_its_misprinted_total() {
    // part 4 with an empty first cell (the label column of a table drawn with
    // one) and the review total misprinted (47 for 54). Dropping the empty
    // first cell gives the true reading, which the misprint refutes; dropping
    // any later blank instead shifts a blank into the review group, whose
    // total then cannot be checked, and shifts 47 into the next group: such
    // readings do not refute the true one, so the cells they disagree on are
    // left empty, and nothing is read into the wrong cell.
    let row = "\t1\t4\t48\t1\t47\t\t125\t\t53\t178\t\t\t\t85\t85";
    let t = tab_report().replace("1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0", row);
    let r = gik_parse::parse(&t).unwrap();
    assert_part_4_never_wrong(&r, ["1", "4", "48", "1", "47", "", "125", "", "53", "178", "", "", "", "85", "85"]);
    assert!(r.get("review.upheld").unwrap().state == gik_model::CellState::Unknown, "{:#?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.starts_with("review/litigation")), "{:#?}", r.diagnostics);
}

#[test]
fn glued_part_4_cells_agreed_only_through_the_totals_need_the_report_to_add_up() {
    // part 4 glued, with blanks: `／001100／0／301203` is 0 0 1 1 | 0 0 ／ 0 ／ |
    // 3 0 12 0 3, the last total misprinted (3 for 15). Other splits meet every
    // total (… 0 1 2 0 3), and only the totals choose among them; with the
    // applications table's own totals wrong too, a total is no proof, and the
    // cells only the totals settled are left empty.
    let t = glued_granted_report("17 1 0 0 2 0 19");
    let glued4 = REVIEW.iter().map(|v| v.to_string()).collect::<String>();
    assert!(t.contains(&glued4), "the glued part 4 is in the text");
    let t = t.replacen(&glued4, "／001100／0／301203", 1);
    let r = gik_parse::parse(&t).unwrap();
    assert_part_4_never_wrong(&r, ["", "0", "0", "1", "1", "0", "0", "", "0", "", "3", "0", "12", "0", "3"]);
    assert!(r.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.starts_with("review/litigation")), "{:#?}", r.diagnostics);
}

#[test]
fn part_4_blank_in_every_cell_is_read_as_blank() {
    for mark in ["/", "—", "-"] {
        let row = vec![mark; 15].join("\t");
        let t = tab_report().replace("1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0", &row);
        let r = gik_parse::parse(&t).unwrap();
        for k in gik_model::review_keys() {
            assert_eq!(r.get(&k).unwrap().state, gik_model::CellState::Blank, "{mark}: {k}: {:#?}", r.diagnostics);
        }
        assert!(!r.diagnostics.iter().any(|d| d.code == "table.missing"), "{:#?}", r.diagnostics);
        assert!(r.diagnostics.iter().any(|d| d.code == "table.blank" && d.message.contains("review")), "{:#?}", r.diagnostics);
    }
}

#[test]
fn part_4_as_three_small_tables_one_of_them_blank() {
    // markdown: each group its own table; the review row printed with no marks at all
    let t = tab_report();
    let start = t.find("四、政府信息公开行政复议").unwrap();
    let end = t.find("五、存在的主要问题").unwrap();
    let head = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n";
    let part4 = format!(
        "四、政府信息公开行政复议、行政诉讼情况\n\n### 行政复议\n{head}|  |  |  |  |  |\n\n### 行政诉讼（未经复议直接起诉）\n{head}| 0 | 0 | 0 | 1 | 1 |\n\n### 行政诉讼（复议后起诉）\n{head}| 0 | 0 | 0 | 0 | 0 |\n\n"
    );
    let t = format!("{}{part4}{}", &t[..start], &t[end..]);
    let r = gik_parse::parse(&t).unwrap();
    let got: Vec<String> = gik_model::review_keys().iter().map(|k| r.get(k).unwrap().flat_value()).collect();
    assert_eq!(got, ["", "", "", "", "", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0"], "{:#?}", r.diagnostics);
    assert_eq!(r.get("review.total").unwrap().state, gik_model::CellState::Blank);
}

/// The tab report with part 4 printed in content-stream order, as
/// `pdftotext -raw` gives a table whose merged header cells come out among its
/// numbers: the review group's four outcomes, then the second litigation
/// group's, then the review total, then the first litigation group, then the
/// second group's total. The group sums hold in six orders of those runs.
fn part_4_out_of_order(prose: &str) -> String {
    let t = tab_report().replace("全部按期答复。", &format!("全部按期答复。{prose}"));
    let start = t.find("四、政府信息公开行政复议").unwrap();
    let end = t.find("五、存在的主要问题").unwrap();
    let part4 = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n未经复议直接起诉\n结果\n结果\n其他\n尚未\n维持\n纠正\n结果\n审结\n总计\n\
                 7\n\n6\n\n5\n\n2\n复议后起诉\n结果\n结果\n其他\n尚未\n维持\n纠正\n结果\n审结\n3\n\n1\n\n2\n\n0\n总计\n20\n维持\n纠正\n结果\n审结\n\
                 4\n\n2\n\n0\n\n1\n\n7\n总计\n6\n";
    format!("{}{part4}{}", &t[..start], &t[end..])
}

const OUT_OF_ORDER_TRUTH: [&str; 15] = ["7", "6", "5", "2", "20", "4", "2", "0", "1", "7", "3", "1", "2", "0", "6"];

#[test]
fn part_4_groups_out_of_order_are_settled_by_a_whole_group_the_prose_states() {
    // the review group stated in full (total and its four outcomes, across a
    // line break); litigation only as the sums of its two groups, which both
    // orders of those groups meet: review is read, litigation left empty
    let t = part_4_out_of_order("全年因政府信息公开申请引起行政复议20件，其中结果维持7件，结果纠正6件，其他结果5\n件，尚未审结2件；行政诉讼13件，其中结果维持7件，结果纠正3件，其他结果2件，尚未审结1件。");
    let r = gik_parse::parse(&t).unwrap();
    assert_part_4_never_wrong(&r, OUT_OF_ORDER_TRUTH);
    let got: Vec<String> = gik_model::review_keys().iter().map(|k| r.get(k).unwrap().flat_value()).collect();
    assert_eq!(&got[..5], ["7", "6", "5", "2", "20"], "{:#?}", r.diagnostics);
    assert!(got[5..].iter().all(|v| v.is_empty()), "{got:?}");
    let repaired = has(&t, "table.repaired");
    assert!(repaired.contains("行政复议 20 = 7 + 6 + 5 + 2") && repaired.contains("review.total"), "{repaired}");
    assert!(has(&t, "table.ambiguous").contains("litigation_direct.upheld"));
    assert!(!codes(&t).iter().any(|(c, _)| c == "narrative.mismatch"), "{:#?}", codes(&t));
}

#[test]
fn a_total_alone_in_the_prose_settles_no_group() {
    // "行政复议20件" matches the review group, but one number may match a wrong
    // reading by chance: all fifteen cells stay empty
    let t = part_4_out_of_order("全年因政府信息公开申请引起行政复议20件。");
    let r = gik_parse::parse(&t).unwrap();
    assert_part_4_never_wrong(&r, OUT_OF_ORDER_TRUTH);
    assert!(gik_model::review_keys().iter().all(|k| r.get(k).unwrap().state == gik_model::CellState::Unknown), "{:#?}", r.diagnostics);
    assert!(has(&t, "table.ambiguous").contains("review.upheld"));
}

#[test]
fn a_group_the_prose_states_but_that_does_not_add_up_settles_nothing() {
    // 7 + 6 + 5 + 3 is not 20: the statement is wrong somewhere, and proves nothing
    let t = part_4_out_of_order("全年因政府信息公开申请引起行政复议20件，其中结果维持7件，结果纠正6件，其他结果5件，尚未审结3件。");
    let r = gik_parse::parse(&t).unwrap();
    assert!(gik_model::review_keys().iter().all(|k| r.get(k).unwrap().state == gik_model::CellState::Unknown), "{:#?}", r.diagnostics);
}

#[test]
fn the_outcomes_the_prose_states_are_checked_against_the_table() {
    // the table has review 1 = upheld 1; the prose says the one case was corrected
    let t = tab_report().replace("全部按期答复。", "全部按期答复。全年因政府信息公开引起行政复议1件，其中结果纠正1件。");
    let m = has(&t, "narrative.mismatch");
    assert!(m.contains("review.corrected") && m.contains("结果纠正1件"), "{m}");
    // the same words about both kinds at once say nothing of which kind's outcome it is
    let t = tab_report().replace("全部按期答复。", "全部按期答复。全年因政府信息公开引起行政复议1件、行政诉讼1件，其中结果纠正1件。");
    assert!(!codes(&t).iter().any(|(c, m)| c == "narrative.mismatch" && m.contains("corrected")), "{:#?}", codes(&t));
}

#[test]
fn a_claim_broken_across_lines_is_read() {
    // a PDF's line break inside "新收…申请 12\n件"
    let t = tab_report().replace("2024年，本局新收政府信息公开申请8件，全部按期答复。", "2024年，本局新收政府信息公开申请 12\n件，全部按期答复。");
    let m = has(&t, "narrative.mismatch");
    assert!(m.contains("12") && m.contains("8"), "{m}");
    // a number broken by the line end is not read as one
    let t = tab_report().replace("2024年，本局新收政府信息公开申请8件，全部按期答复。", "2024年，本局新收政府信息公开申请 1\n2件，全部按期答复。");
    assert!(!codes(&t).iter().any(|(c, _)| c == "narrative.mismatch"), "{:#?}", codes(&t));
}

#[test]
fn part_4_out_of_order_with_a_misprinted_total_is_left_empty() {
    // the same runs out of order, the review total misprinted (21 for 20): no
    // order of the runs meets every sum, so the printed order is a guess like
    // any other, and nothing is read
    let t = part_4_out_of_order("").replace("总计\n20\n", "总计\n21\n");
    let r = gik_parse::parse(&t).unwrap();
    assert!(gik_model::review_keys().iter().all(|k| r.get(k).unwrap().state == gik_model::CellState::Unknown), "{:#?}", r.diagnostics);
    assert!(has(&t, "table.ambiguous").contains("out of order"));
}

#[test]
fn a_header_written_just_before_the_number_under_it_keeps_the_printed_order() {
    // `pdftotext -raw`: the last column's merged header "总计" comes out just
    // before its number; the order is the table's even though the review
    // total is misprinted (the checks say so), and every cell is read as printed
    let t = tab_report();
    let start = t.find("四、政府信息公开行政复议").unwrap();
    let end = t.find("五、存在的主要问题").unwrap();
    let part4 = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n未经复议直接起诉\n复议后起诉\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n\
                 3\n\n1\n\n0\n\n0\n\n0\n\n1\n\n0\n\n0\n\n0\n\n1\n\n0\n\n2\n\n0\n\n0\n总计\n2\n";
    let t = format!("{}{part4}{}", &t[..start], &t[end..]);
    let r = gik_parse::parse(&t).unwrap();
    let got: Vec<String> = gik_model::review_keys().iter().map(|k| r.get(k).unwrap().flat_value()).collect();
    assert_eq!(got, ["3", "1", "0", "0", "0", "1", "0", "0", "0", "1", "0", "2", "0", "0", "2"], "{:#?}", r.diagnostics);
    assert!(has(&t, "review.total").contains("= 4, but 总计 = 0"));
}

#[test]
fn misstated_prose_does_not_choose_how_glued_digits_split() {
    // part 4 glued `560112110011220172073`: the direct-litigation cells read
    // 11 0 0 11 or 1 10 0 11 (both meet the total 22); the prose swaps two
    // outcomes (维持1件, 纠正11件: five numbers that still add up), which would
    // pick the wrong split
    let glued4 = REVIEW.iter().map(|v| v.to_string()).collect::<String>();
    let prose = "全年因政府信息公开被提起行政诉讼95件，其中结果维持1件，结果纠正11件，其他结果72件，尚未审结11件。";
    let t = glued_granted_report("16 1 0 0 2 0 19");
    assert!(t.contains(&glued4), "the glued part 4 is in the text");
    let t = t.replacen(&glued4, "560112110011220172073", 1).replace("全部按期答复。", &format!("全部按期答复。{prose}"));
    let r = gik_parse::parse(&t).unwrap();
    assert_part_4_never_wrong(&r, ["5", "6", "0", "1", "12", "11", "0", "0", "11", "22", "0", "1", "72", "0", "73"]);
    assert_eq!(r.get("litigation_direct.upheld").unwrap().state, gik_model::CellState::Unknown, "{:#?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.contains("litigation_direct.upheld")), "{:#?}", r.diagnostics);
}

#[test]
fn a_row_split_over_lines_stands_only_if_it_adds_up() {
    // PDF text in stream order: six of the row's values on its line, the
    // seventh (其他 0) drawn later, on a line of its own; read in that order the
    // row does not add up, and no order across the lines can be trusted
    let row = "一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t2\t0\t8";
    assert!(tab_report().contains(row));
    let t = tab_report().replace(row, "一、本年新收政府信息公开申请数量 5 1 0 0 2 8\n0");
    let r = gik_parse::parse(&t).unwrap();
    for c in gik_model::APPLICANT_COLUMNS {
        let k = format!("applications.new.{}", c.key);
        assert_eq!(r.get(&k).unwrap().state, gik_model::CellState::Unknown, "{k}: {:#?}", r.diagnostics);
    }
    assert!(r.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.contains("new")), "{:#?}", r.diagnostics);
    // split the same way but adding up: read
    let t = tab_report().replace(row, "一、本年新收政府信息公开申请数量 5 1 0 0 2 0\n8");
    let r = gik_parse::parse(&t).unwrap();
    assert_eq!(r.get("applications.new.total").unwrap().flat_value(), "8", "{:#?}", r.diagnostics);
    assert_eq!(r.get("applications.new.natural_person").unwrap().flat_value(), "5");
}

#[test]
fn numbers_apart_a_cell_or_two_short_are_not_split_as_glued_digits() {
    // `pdftotext -raw` of a row with two cells blank and nothing printed in
    // them: "12 0 0 0 12" is 12 · 0 0 0 · 12, not 1 2 0 0 0 1 2 (which does
    // not add up anyway); with no sum to place the blanks, nothing is read
    let row = "6.属于四类过程性信息\t1\t0\t0\t0\t0\t0\t1";
    assert!(tab_report().contains(row));
    let t = tab_report().replace(row, "6.属于四类过程性信息 12 0 0 0 12");
    let r = gik_parse::parse(&t).unwrap();
    for c in gik_model::APPLICANT_COLUMNS {
        let k = format!("applications.denied.process_info.{}", c.key);
        assert_eq!(r.get(&k).unwrap().state, gik_model::CellState::Unknown, "{k}: {:#?}", r.diagnostics);
    }
    assert!(r.diagnostics.iter().any(|d| d.code == "table.ambiguous" && d.message.contains("process_info")), "{:#?}", r.diagnostics);
}
