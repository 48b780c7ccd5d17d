//! The two official templates as data: every row, column and flat key, with the
//! Chinese label next to the key, once.

use serde::{Deserialize, Serialize};

/// A version of the official template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, used from the 2021 reports on.
    #[serde(rename = "2021")]
    V2021,
}

impl Template {
    /// "2019" or "2021".
    pub fn as_str(self) -> &'static str {
        match self {
            Template::V2019 => "2019",
            Template::V2021 => "2021",
        }
    }

    /// Parse "2019" / "2021".
    pub fn from_str_opt(s: &str) -> Option<Template> {
        match s.trim() {
            "2019" => Some(Template::V2019),
            "2021" => Some(Template::V2021),
            _ => None,
        }
    }

    /// The cells of the part-2 table ("proactive"), in the template's order.
    pub fn proactive(self) -> &'static [ProactiveCell] {
        match self {
            Template::V2019 => PROACTIVE_2019,
            Template::V2021 => PROACTIVE_2021,
        }
    }

    /// The rows of the part-2 table, each with its cells.
    pub fn proactive_rows(self) -> Vec<ProactiveRow> {
        let mut rows: Vec<ProactiveRow> = Vec::new();
        for (i, c) in self.proactive().iter().enumerate() {
            match rows.last_mut() {
                Some(r) if r.label == c.row_label => r.cells.push(i),
                _ => rows.push(ProactiveRow { label: c.row_label, row_key: c.row_key(), cells: vec![i] }),
            }
        }
        rows
    }

    /// The rows of the part-3 table ("applications"), in the template's order.
    pub fn application_rows(self) -> &'static [RowSpec] {
        match self {
            Template::V2019 => &APPLICATION_ROWS_2019,
            Template::V2021 => APPLICATION_ROWS_2021,
        }
    }

    /// Every flat key of this template, in order (meta first), as in SPEC.md §5.
    pub fn keys(self) -> Vec<String> {
        let mut out: Vec<String> = META_KEYS.iter().map(|s| s.to_string()).collect();
        out.extend(self.proactive().iter().map(|c| c.key.to_string()));
        out.extend(self.application_keys());
        out.extend(review_keys());
        out
    }

    /// The flat keys of the applications table, row by row.
    pub fn application_keys(self) -> Vec<String> {
        let mut out = Vec::new();
        for r in self.application_rows() {
            for c in APPLICANT_COLUMNS {
                out.push(format!("applications.{}.{}", r.key, c.key));
            }
        }
        out
    }
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The four metadata keys, in order.
pub const META_KEYS: [&str; 4] = ["meta.agency", "meta.year", "meta.template", "meta.published"];

/// What a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A count of items: a non-negative integer.
    Count,
    /// A signed count (2019 本年增/减).
    Signed,
    /// An amount of money, a decimal kept exact (万元 in 2021, as printed in 2019).
    Amount,
}

impl CellKind {
    /// May a value of this kind be negative?
    pub fn signed(self) -> bool {
        matches!(self, CellKind::Signed)
    }
    /// May a value of this kind have decimals?
    pub fn decimal(self) -> bool {
        matches!(self, CellKind::Amount)
    }
}

/// One cell of the part-2 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProactiveCell {
    /// Flat key, e.g. `proactive.regulations.issued`.
    pub key: &'static str,
    /// Row label in the template, e.g. 规章.
    pub row_label: &'static str,
    /// Column label in the template, e.g. 本年制发件数.
    pub column_label: &'static str,
    /// What the cell holds.
    pub kind: CellKind,
}

impl ProactiveCell {
    /// The row part of the key (`regulations` for `proactive.regulations.issued`).
    pub fn row_key(&self) -> &'static str {
        let rest = &self.key["proactive.".len()..];
        &rest[..rest.find('.').unwrap_or(rest.len())]
    }
}

/// A row of the part-2 table: its label and the indices of its cells in [`Template::proactive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProactiveRow {
    /// The template's row label.
    pub label: &'static str,
    /// The row part of the flat key.
    pub row_key: &'static str,
    /// Indices into [`Template::proactive`].
    pub cells: Vec<usize>,
}

macro_rules! pc {
    ($key:expr, $row:expr, $col:expr, $kind:ident) => {
        ProactiveCell { key: $key, row_label: $row, column_label: $col, kind: CellKind::$kind }
    };
}

/// Part 2, 2021 template.
pub const PROACTIVE_2021: &[ProactiveCell] = &[
    pc!("proactive.regulations.issued", "规章", "本年制发件数", Count),
    pc!("proactive.regulations.repealed", "规章", "本年废止件数", Count),
    pc!("proactive.regulations.in_force", "规章", "现行有效件数", Count),
    pc!("proactive.normative_documents.issued", "行政规范性文件", "本年制发件数", Count),
    pc!("proactive.normative_documents.repealed", "行政规范性文件", "本年废止件数", Count),
    pc!("proactive.normative_documents.in_force", "行政规范性文件", "现行有效件数", Count),
    pc!("proactive.licensing.decisions", "行政许可", "本年处理决定数量", Count),
    pc!("proactive.punishment.decisions", "行政处罚", "本年处理决定数量", Count),
    pc!("proactive.enforcement.decisions", "行政强制", "本年处理决定数量", Count),
    pc!("proactive.fees.amount", "行政事业性收费", "本年收费金额（单位：万元）", Amount),
];

/// Part 2, 2019 template.
pub const PROACTIVE_2019: &[ProactiveCell] = &[
    pc!("proactive.regulations.made", "规章", "本年新制作数量", Count),
    pc!("proactive.regulations.published", "规章", "本年新公开数量", Count),
    pc!("proactive.regulations.total_published", "规章", "对外公开总数量", Count),
    pc!("proactive.normative_documents.made", "规范性文件", "本年新制作数量", Count),
    pc!("proactive.normative_documents.published", "规范性文件", "本年新公开数量", Count),
    pc!("proactive.normative_documents.total_published", "规范性文件", "对外公开总数量", Count),
    pc!("proactive.licensing.previous", "行政许可", "上一年项目数量", Count),
    pc!("proactive.licensing.change", "行政许可", "本年增/减", Signed),
    pc!("proactive.licensing.decisions", "行政许可", "处理决定数量", Count),
    pc!("proactive.other_services.previous", "其他对外管理服务事项", "上一年项目数量", Count),
    pc!("proactive.other_services.change", "其他对外管理服务事项", "本年增/减", Signed),
    pc!("proactive.other_services.decisions", "其他对外管理服务事项", "处理决定数量", Count),
    pc!("proactive.punishment.previous", "行政处罚", "上一年项目数量", Count),
    pc!("proactive.punishment.change", "行政处罚", "本年增/减", Signed),
    pc!("proactive.punishment.decisions", "行政处罚", "处理决定数量", Count),
    pc!("proactive.enforcement.previous", "行政强制", "上一年项目数量", Count),
    pc!("proactive.enforcement.change", "行政强制", "本年增/减", Signed),
    pc!("proactive.enforcement.decisions", "行政强制", "处理决定数量", Count),
    pc!("proactive.fees.previous", "行政事业性收费", "上一年项目数量", Count),
    pc!("proactive.fees.change", "行政事业性收费", "本年增/减", Signed),
    pc!("proactive.procurement.items", "政府集中采购", "采购项目数量", Count),
    pc!("proactive.procurement.amount", "政府集中采购", "采购总金额", Amount),
];

/// A column of the applications table (申请人情况).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Flat key part, e.g. `natural_person`.
    pub key: &'static str,
    /// Template label, e.g. 自然人.
    pub label: &'static str,
}

/// The seven applicant columns, in order; the last is the total.
pub const APPLICANT_COLUMNS: [ColumnSpec; 7] = [
    ColumnSpec { key: "natural_person", label: "自然人" },
    ColumnSpec { key: "commercial_enterprise", label: "商业企业" },
    ColumnSpec { key: "research_institution", label: "科研机构" },
    ColumnSpec { key: "social_welfare_organization", label: "社会公益组织" },
    ColumnSpec { key: "legal_service_organization", label: "法律服务机构" },
    ColumnSpec { key: "other_organization", label: "其他" },
    ColumnSpec { key: "total", label: "总计" },
];

/// The role a row plays in the template's arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// 一、本年新收
    New,
    /// 二、上年结转
    CarriedOver,
    /// One of the outcome rows （一）…（六）, summed by the total row.
    Outcome,
    /// （七）总计
    Total,
    /// 四、结转下年度继续办理
    CarriedForward,
}

/// A row of the applications table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSpec {
    /// Flat key part, e.g. `denied.state_secret`.
    pub key: &'static str,
    /// The row's own label in the template.
    pub label: &'static str,
    /// The label of the group the row belongs to, if any (e.g. （三）不予公开).
    pub group: Option<&'static str>,
    /// Its role in the arithmetic.
    pub role: RowRole,
}

macro_rules! row {
    ($key:expr, $label:expr, $group:expr, $role:ident) => {
        RowSpec { key: $key, label: $label, group: $group, role: RowRole::$role }
    };
}

const G3: Option<&str> = Some("（三）不予公开");
const G4: Option<&str> = Some("（四）无法提供");
const G5: Option<&str> = Some("（五）不予处理");
const G6: Option<&str> = Some("（六）其他处理");

/// Applications rows, 2021 template.
pub const APPLICATION_ROWS_2021: &[RowSpec] = &[
    row!("new", "一、本年新收政府信息公开申请数量", None, New),
    row!("carried_over", "二、上年结转政府信息公开申请数量", None, CarriedOver),
    row!("granted", "（一）予以公开", None, Outcome),
    row!("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, Outcome),
    row!("denied.state_secret", "1.属于国家秘密", G3, Outcome),
    row!("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", G3, Outcome),
    row!("denied.three_safeties_one_stability", "3.危及“三安全一稳定”", G3, Outcome),
    row!("denied.third_party_rights", "4.保护第三方合法权益", G3, Outcome),
    row!("denied.internal_affairs", "5.属于三类内部事务信息", G3, Outcome),
    row!("denied.process_info", "6.属于四类过程性信息", G3, Outcome),
    row!("denied.enforcement_file", "7.属于行政执法案卷", G3, Outcome),
    row!("denied.administrative_query", "8.属于行政查询事项", G3, Outcome),
    row!("unable.not_held", "1.本机关不掌握相关政府信息", G4, Outcome),
    row!("unable.needs_creation", "2.没有现成信息需要另行制作", G4, Outcome),
    row!("unable.unclear_after_correction", "3.补正后申请内容仍不明确", G4, Outcome),
    row!("not_processed.complaint", "1.信访举报投诉类申请", G5, Outcome),
    row!("not_processed.duplicate", "2.重复申请", G5, Outcome),
    row!("not_processed.publication", "3.要求提供公开出版物", G5, Outcome),
    row!("not_processed.excessive", "4.无正当理由大量反复申请", G5, Outcome),
    row!("not_processed.reconfirmation", "5.要求行政机关确认或重新出具已获取信息", G5, Outcome),
    row!(
        "other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        G6,
        Outcome
    ),
    row!(
        "other.unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        G6,
        Outcome
    ),
    row!("other.misc", "3.其他", G6, Outcome),
    row!("total", "（七）总计", None, Total),
    row!("carried_forward", "四、结转下年度继续办理", None, CarriedForward),
];

/// Applications rows, 2019 template: the 2021 rows with （六）其他处理 as one row.
pub static APPLICATION_ROWS_2019: std::sync::LazyLock<Vec<RowSpec>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<RowSpec> = APPLICATION_ROWS_2021.iter().filter(|r| r.group != G6).copied().collect();
    let at = v.iter().position(|r| r.role == RowRole::Total).unwrap_or(v.len());
    v.insert(at, row!("other", "（六）其他处理", None, Outcome));
    v
});

/// A group of the review/litigation table (part 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewGroup {
    /// Flat key part: `review`, `litigation_direct`, `litigation_after_review`.
    pub key: &'static str,
    /// Template label.
    pub label: &'static str,
}

/// The three groups of part 4, in order.
pub const REVIEW_GROUPS: [ReviewGroup; 3] = [
    ReviewGroup { key: "review", label: "行政复议" },
    ReviewGroup { key: "litigation_direct", label: "行政诉讼·未经复议直接起诉" },
    ReviewGroup { key: "litigation_after_review", label: "行政诉讼·复议后起诉" },
];

/// The five outcomes of each group, in order; the last is the total.
pub const REVIEW_OUTCOMES: [ColumnSpec; 5] = [
    ColumnSpec { key: "upheld", label: "结果维持" },
    ColumnSpec { key: "corrected", label: "结果纠正" },
    ColumnSpec { key: "other", label: "其他结果" },
    ColumnSpec { key: "pending", label: "尚未审结" },
    ColumnSpec { key: "total", label: "总计" },
];

/// The fifteen flat keys of part 4, in order.
pub fn review_keys() -> Vec<String> {
    let mut out = Vec::with_capacity(15);
    for g in REVIEW_GROUPS {
        for o in REVIEW_OUTCOMES {
            out.push(format!("{}.{}", g.key, o.key));
        }
    }
    out
}
