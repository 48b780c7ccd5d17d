//! The generator: from a seed, a random but valid report (the truth), possibly
//! with some of its own totals wrong on purpose.
//!
//! The numbers follow the template's arithmetic (SPEC.md §1.2, §1.3): per row the
//! total column is the sum of the six applicant columns, per column the total
//! row is the sum of the outcome rows and new + carried over = total + carried
//! forward, and in part 4 upheld + corrected + other + pending = total. Most
//! cells are 0, as in real reports; some are large; fees are 万元 decimals;
//! 2019 本年增/减 is signed. A report may print some zero cells blank.
//!
//! Which rules a report breaks is not remembered by hand but computed: the
//! truth is run through `gik_model::checks`, so [`Truth::broken`] is exactly
//! the set of codes a correct parser must raise.

use gik_model::{checks, Cell, CellKind, Decimal, Report, RowRole, Template, APPLICANT_COLUMNS, REVIEW_GROUPS};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The arithmetic rules a report can break; the codes of SPEC.md §2.
pub const ARITHMETIC_CODES: [&str; 6] = [
    "applications.total_column",
    "applications.total_row",
    "applications.balance",
    "review.total",
    "litigation_direct.total",
    "litigation_after_review.total",
];

/// A generated report and what is true about it.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The seed it was drawn from.
    pub seed: u64,
    /// Meta and every cell (a number, or blank where the source prints nothing).
    pub report: Report,
    /// The rule codes the report's own numbers break (sorted, unique).
    pub broken: Vec<String>,
    /// What part 1 says about `applications.new.total` ("新收政府信息公开申请N件"), if anything.
    pub claim_new: Option<Decimal>,
    /// What part 1 says about `review.total` ("行政复议N件"), if anything.
    pub claim_review: Option<Decimal>,
    /// What part 1 says of the review group's outcomes after its total
    /// ("其中结果维持a件，结果纠正b件，其他结果c件，尚未审结d件"), if anything:
    /// upheld, corrected, other, pending.
    pub claim_review_outcomes: Option<[Decimal; 4]>,
    /// What part 1 says of litigation, both groups summed ("行政诉讼N件"), and
    /// of its outcomes, if anything.
    pub claim_litigation: Option<(Decimal, Option<[Decimal; 4]>)>,
    /// Whether the title is missing (the agency is then only in the body).
    pub title_missing: bool,
}

impl Truth {
    /// The template.
    pub fn template(&self) -> Template {
        self.report.template()
    }
    /// The agency as written.
    pub fn agency(&self) -> &str {
        self.report.meta.agency.as_deref().unwrap_or("")
    }
    /// The reporting year.
    pub fn year(&self) -> i32 {
        self.report.meta.year.unwrap_or(2024)
    }
    /// The cell with this flat key.
    pub fn cell(&self, key: &str) -> &Cell {
        self.report.get(key).expect("a key of the template")
    }
}

/// How to draw reports.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Share of reports with some total wrong on purpose.
    pub broken_share: f64,
    /// Share of reports that print some zero cells blank.
    pub blank_share: f64,
    /// Share of reports in the 2019 template.
    pub v2019_share: f64,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions { broken_share: 0.2, blank_share: 0.25, v2019_share: 0.3 }
    }
}

/// The RNG every part of the kit uses: ChaCha8 from a `u64` seed.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

const PLACES: &[&str] = &[
    "赣州经济技术开发区", "淮安市", "洪泽区", "沭阳县", "平潭综合实验区", "樟树市", "长春市二道区", "宿迁市", "南昌市青山湖区", "福州市鼓楼区",
    "德州市", "临沂市兰山区", "苏州工业园区", "常德市武陵区", "太原市小店区", "六安市", "金华市婺城区", "玉溪市", "遵义市汇川区", "包头市",
];
const BODIES: &[&str] = &[
    "人民政府", "人民政府办公室", "自然资源局", "生态环境局", "卫生健康委员会", "教育局", "财政局", "民政局", "住房和城乡建设局", "市场监督管理局",
    "应急管理局", "交通运输局", "人力资源和社会保障局", "农业农村局", "司法局", "统计局", "审计局", "机关事务管理中心", "征收搬迁与项目建设服务中心",
    "城市管理局", "退役军人事务局", "医疗保障局", "水利局", "公安局", "税务局", "文化广电旅游局",
];

/// Draw a report from a seed.
pub fn generate(seed: u64, opts: &GenOptions) -> Truth {
    let mut r = rng(seed ^ 0x9E37_79B9_7F4A_7C15);
    let template = if r.random_bool(opts.v2019_share) { Template::V2019 } else { Template::V2021 };
    let year = match template {
        // a few 2019-template reports for 2021 or later (template.outdated)
        Template::V2019 => {
            if r.random_bool(0.1) {
                r.random_range(2021..=2024)
            } else {
                r.random_range(2019..=2020)
            }
        }
        Template::V2021 => r.random_range(2021..=2025),
    };
    let agency = format!("{}{}", PLACES[r.random_range(0..PLACES.len())], BODIES[r.random_range(0..BODIES.len())]);
    let published = format!("{}-01-{:02}", year + 1, r.random_range(5..=31));
    let mut report = Report::new(template);
    report.meta.agency = Some(agency);
    report.meta.year = Some(year);
    report.meta.published = Some(published);

    let scale = pick_scale(&mut r);
    fill_proactive(&mut report, &mut r, scale);
    fill_applications(&mut report, &mut r, scale);
    fill_review(&mut report, &mut r, scale);
    if r.random_bool(opts.broken_share) {
        break_some(&mut report, &mut r);
    }
    if r.random_bool(opts.blank_share) {
        blank_some(&mut report, &mut r);
    }
    let new_total = report.get("applications.new.total").and_then(|c| c.value.filter(|_| c.is_number()));
    let claim_new = match new_total {
        Some(v) if r.random_bool(0.6) => Some(if r.random_bool(0.05) { v + Decimal::from(r.random_range(2..9)) } else { v }),
        _ => None,
    };
    let review_total = report.get("review.total").and_then(|c| c.value.filter(|_| c.is_number()));
    let claim_review = match review_total {
        Some(v) if r.random_bool(0.3) => Some(v),
        _ => None,
    };
    // the outcomes after the total, as the report prints them or, now and then,
    // misstated (two outcomes swapped: five numbers that still add up)
    let group = |g: &[&str]| -> Option<[Decimal; 5]> {
        let mut out = [Decimal::ZERO; 5];
        for (i, o) in ["total", "upheld", "corrected", "other", "pending"].iter().enumerate() {
            for k in g {
                let c = report.get(&format!("{k}.{o}"))?;
                out[i] += c.value.filter(|_| c.is_number())?;
            }
        }
        Some(out)
    };
    // drawn apart, so that every report drawn before these claims existed is drawn the same
    let mut r2 = rng(seed ^ 0x5EED_0F_C1A1_5E5);
    let outcomes = |r: &mut ChaCha8Rng, v: [Decimal; 5]| -> [Decimal; 4] {
        let mut o = [v[1], v[2], v[3], v[4]];
        if r.random_bool(0.05) {
            o.swap(0, r.random_range(1..4));
        }
        o
    };
    let claim_review_outcomes = match (claim_review, group(&["review"])) {
        (Some(_), Some(v)) if r2.random_bool(0.5) => Some(outcomes(&mut r2, v)),
        _ => None,
    };
    let claim_litigation = match group(&["litigation_direct", "litigation_after_review"]) {
        Some(v) if r2.random_bool(0.3) => {
            let o = r2.random_bool(0.5).then(|| outcomes(&mut r2, v));
            Some((v[0], o))
        }
        _ => None,
    };
    let mut probe = report.clone();
    const OUTCOMES: [&str; 4] = ["upheld", "corrected", "other", "pending"];
    if let Some(o) = claim_review_outcomes {
        for (k, v) in OUTCOMES.iter().zip(o) {
            probe.claims.push(gik_model::Claim { key: format!("review.{k}"), value: v, line: None, text: String::new() });
        }
    }
    if let Some((total, o)) = claim_litigation {
        let both = |k: &str| format!("litigation_direct.{k}+litigation_after_review.{k}");
        probe.claims.push(gik_model::Claim { key: both("total"), value: total, line: None, text: String::new() });
        for (k, v) in OUTCOMES.iter().zip(o.into_iter().flatten()) {
            probe.claims.push(gik_model::Claim { key: both(k), value: v, line: None, text: String::new() });
        }
    }
    if let Some(v) = claim_new {
        probe.claims.push(gik_model::Claim { key: "applications.new.total".into(), value: v, line: None, text: String::new() });
    }
    if let Some(v) = claim_review {
        probe.claims.push(gik_model::Claim { key: "review.total".into(), value: v, line: None, text: String::new() });
    }
    report.claims = probe.claims.clone();
    let mut broken: Vec<String> = arithmetic_codes(&probe);
    if !checks::narrative(&probe).is_empty() {
        broken.push("narrative.mismatch".into());
    }
    broken.sort();
    broken.dedup();
    let title_missing = r.random_bool(0.1);
    Truth { seed, report, broken, claim_new, claim_review, claim_review_outcomes, claim_litigation, title_missing }
}

/// The arithmetic codes `gik_model::checks` raises on a report.
pub fn arithmetic_codes(report: &Report) -> Vec<String> {
    let mut d = checks::applications_total_column(report);
    d.extend(checks::applications_total_row(report));
    d.extend(checks::applications_balance(report));
    d.extend(checks::review_totals(report));
    let mut codes: Vec<String> = d.into_iter().map(|d| d.code).collect();
    codes.sort();
    codes.dedup();
    codes
}

/// How big the numbers of a report are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// A township office: nearly everything 0.
    Tiny,
    /// A county bureau.
    Medium,
    /// A city government: thousands of applications, hundreds of thousands of decisions.
    Large,
}

fn pick_scale(r: &mut ChaCha8Rng) -> Scale {
    match r.random_range(0..10) {
        0..=4 => Scale::Tiny,
        5..=7 => Scale::Medium,
        _ => Scale::Large,
    }
}

/// A count that is 0 with probability `zero`, else up to `max` (skewed small).
fn count(r: &mut ChaCha8Rng, zero: f64, max: u64) -> u64 {
    if max == 0 || r.random_bool(zero) {
        return 0;
    }
    // log-uniform: small numbers are more common than large ones
    let digits = r.random_range(0.0..((max as f64).ln_1p()));
    (digits.exp() as u64).clamp(1, max)
}

fn set(report: &mut Report, key: &str, v: Decimal) {
    *report.get_mut(key).unwrap_or_else(|| panic!("no key {key}")) = Cell::number(v, None);
}

fn fill_proactive(report: &mut Report, r: &mut ChaCha8Rng, scale: Scale) {
    let (zero, max) = match scale {
        Scale::Tiny => (0.7, 30),
        Scale::Medium => (0.4, 5_000),
        Scale::Large => (0.15, 4_000_000),
    };
    for c in report.template().proactive() {
        let v = match c.kind {
            CellKind::Count => Decimal::from(count(r, zero, if c.key.contains("regulations") { max.min(60) } else { max })),
            CellKind::Signed => {
                let v = Decimal::from(count(r, zero.max(0.5), max.min(500)));
                if !v.is_zero() && r.random_bool(0.4) {
                    -v
                } else {
                    v
                }
            }
            CellKind::Amount => {
                if r.random_bool(zero) {
                    Decimal::ZERO
                } else {
                    let scale_digits = r.random_range(0..=4u32);
                    let whole = count(r, 0.0, max.min(100_000_000));
                    let frac = if scale_digits == 0 { 0 } else { r.random_range(0..10u64.pow(scale_digits)) };
                    Decimal::from(whole) + Decimal::new(frac as i64, scale_digits)
                }
            }
        };
        set(report, c.key, v);
    }
}

fn fill_applications(report: &mut Report, r: &mut ChaCha8Rng, scale: Scale) {
    let t = report.template();
    let rows = t.application_rows();
    // how active each applicant column is: natural persons most, others rarely
    let col_max: Vec<u64> = (0..6)
        .map(|c| {
            let base = match scale {
                Scale::Tiny => 4,
                Scale::Medium => 80,
                Scale::Large => 3_000,
            };
            if c == 0 {
                base
            } else if r.random_bool(0.5) {
                0
            } else {
                (base / 10).max(2)
            }
        })
        .collect();
    let outcome_zero = match scale {
        Scale::Tiny => 0.85,
        Scale::Medium => 0.6,
        Scale::Large => 0.3,
    };
    let mut val = vec![[0u64; 6]; rows.len()];
    for (ri, row) in rows.iter().enumerate() {
        if row.role != RowRole::Outcome {
            continue;
        }
        for c in 0..6 {
            let row_max = if matches!(row.key, "granted" | "unable.not_held") { col_max[c] } else { col_max[c] / 4 };
            val[ri][c] = count(r, outcome_zero, row_max);
        }
    }
    let idx = |role: RowRole| rows.iter().position(|x| x.role == role).expect("row");
    let (i_new, i_co, i_total, i_cf) = (idx(RowRole::New), idx(RowRole::CarriedOver), idx(RowRole::Total), idx(RowRole::CarriedForward));
    for c in 0..6 {
        let total: u64 = rows.iter().enumerate().filter(|(_, x)| x.role == RowRole::Outcome).map(|(i, _)| val[i][c]).sum();
        let cf = count(r, 0.7, (col_max[c] / 5).max(1));
        let co = count(r, 0.7, total + cf);
        val[i_total][c] = total;
        val[i_cf][c] = cf;
        val[i_co][c] = co;
        val[i_new][c] = total + cf - co;
    }
    for (ri, row) in rows.iter().enumerate() {
        let mut sum = 0;
        for (c, col) in APPLICANT_COLUMNS[..6].iter().enumerate() {
            sum += val[ri][c];
            set(report, &format!("applications.{}.{}", row.key, col.key), Decimal::from(val[ri][c]));
        }
        set(report, &format!("applications.{}.total", row.key), Decimal::from(sum));
    }
}

fn fill_review(report: &mut Report, r: &mut ChaCha8Rng, scale: Scale) {
    let (zero, max) = match scale {
        Scale::Tiny => (0.9, 3),
        Scale::Medium => (0.7, 20),
        Scale::Large => (0.3, 200),
    };
    for g in REVIEW_GROUPS {
        let mut sum = 0;
        for o in ["upheld", "corrected", "other", "pending"] {
            let v = count(r, zero, max);
            sum += v;
            set(report, &format!("{}.{o}", g.key), Decimal::from(v));
        }
        set(report, &format!("{}.total", g.key), Decimal::from(sum));
    }
}

/// Change one to three cells so that some of the report's own rules break
/// (the checks, run afterwards, say which).
fn break_some(report: &mut Report, r: &mut ChaCha8Rng) {
    let keys: Vec<String> = report.table_keys().into_iter().filter(|k| !k.starts_with("proactive.")).collect();
    for _ in 0..r.random_range(1..=3) {
        let k = &keys[r.random_range(0..keys.len())];
        let c = report.get_mut(k).expect("key");
        let v = c.value.unwrap_or_default();
        let delta = Decimal::from(r.random_range(1..=12));
        let nv = if v >= delta && r.random_bool(0.5) { v - delta } else { v + delta };
        *c = Cell::number(nv, None);
    }
}

/// Print some zero cells blank: a whole applicant column, a whole report's
/// zeros, or scattered zero cells, as real reports do.
fn blank_some(report: &mut Report, r: &mut ChaCha8Rng) {
    let keys = report.table_keys();
    let mode = r.random_range(0..3);
    let blank_cols: Vec<&str> = APPLICANT_COLUMNS[1..6].iter().map(|c| c.key).filter(|_| r.random_bool(0.5)).collect();
    for k in keys {
        let c = report.get(&k).expect("key");
        if c.value != Some(Decimal::ZERO) {
            continue;
        }
        let blank = match mode {
            0 => k.starts_with("applications.") && blank_cols.iter().any(|b| k.ends_with(&format!(".{b}"))),
            1 => !k.starts_with("proactive.") || r.random_bool(0.3),
            _ => r.random_bool(0.15),
        };
        if blank {
            *report.get_mut(&k).expect("key") = Cell::blank(None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_report() {
        let a = generate(7, &GenOptions::default());
        let b = generate(7, &GenOptions::default());
        assert_eq!(a.report, b.report);
        assert_eq!(a.broken, b.broken);
    }

    #[test]
    fn unbroken_reports_add_up() {
        let opts = GenOptions { broken_share: 0.0, ..GenOptions::default() };
        for seed in 0..40 {
            let t = generate(seed, &opts);
            assert!(arithmetic_codes(&t.report).is_empty(), "seed {seed}: {:?}", arithmetic_codes(&t.report));
            for (k, c) in t.report.table_keys().iter().zip(&t.report.cells) {
                assert!(c.state != gik_model::CellState::Unknown, "seed {seed}: {k} unknown");
            }
        }
    }

    #[test]
    fn broken_reports_say_which_rule() {
        let opts = GenOptions { broken_share: 1.0, blank_share: 0.0, ..GenOptions::default() };
        let n = (0..40).filter(|s| !generate(*s, &opts).broken.is_empty()).count();
        assert!(n > 30, "{n} of 40 reports break a rule");
    }
}
