//! The template's own rules as pure functions on a [`Report`].
//!
//! Every check reads only cells that hold numbers: a blank or unknown cell makes
//! the rule unknowable, never broken. The numbers are reported as printed; the
//! checks say what does not add up.

use crate::report::{Cell, Diagnostic, Report};
use crate::template::{RowRole, Template, APPLICANT_COLUMNS, REVIEW_GROUPS, REVIEW_OUTCOMES};
use rust_decimal::Decimal;

/// Run every check and return the diagnostics (the report is not changed).
pub fn check(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(applications_total_column(report));
    out.extend(applications_total_row(report));
    out.extend(applications_balance(report));
    out.extend(review_totals(report));
    out.extend(narrative(report));
    out.extend(meta_date(report));
    out.extend(meta_missing(report));
    out
}

/// Run the checks and append their diagnostics to the report.
pub fn apply(report: &mut Report) {
    let d = check(report);
    report.diagnostics.extend(d);
}

fn num(c: Option<&Cell>) -> Option<(Decimal, Option<u32>)> {
    let c = c?;
    if c.is_number() {
        Some((c.value?, c.line))
    } else {
        None
    }
}

/// The cell of the applications table in row `ri` (of `t.application_rows()`)
/// and column `ci` (of [`APPLICANT_COLUMNS`]), found by position (the cells are
/// stored part 2 first, then the applications table row by row, then part 4
/// group by group): the checks read hundreds of cells per report.
fn app_at(r: &Report, t: Template, ri: usize, ci: usize) -> Option<&Cell> {
    r.cells.get(t.proactive().len() + ri * APPLICANT_COLUMNS.len() + ci)
}

/// The index of a row of the applications table.
fn row_index(t: Template, key: &str) -> Option<usize> {
    t.application_rows().iter().position(|x| x.key == key)
}

/// `applications.total_column`: per row, the total column is the sum of the six applicant columns.
pub fn applications_total_column(r: &Report) -> Vec<Diagnostic> {
    let Some(t) = r.meta.template else { return vec![] };
    let mut out = Vec::new();
    for (ri, row) in t.application_rows().iter().enumerate() {
        // the six applicant columns, when every one holds a number
        let mut parts = [Decimal::ZERO; 6];
        if !(0..6).all(|ci| num(app_at(r, t, ri, ci)).map(|(v, _)| parts[ci] = v).is_some()) {
            continue;
        }
        let Some((total, line)) = num(app_at(r, t, ri, 6)) else { continue };
        let sum: Decimal = parts.iter().sum();
        if sum != total {
            let shown: Vec<String> = parts.iter().map(|v| v.to_string()).collect();
            out.push(Diagnostic::error(
                "applications.total_column",
                format!(
                    "row {} ({}): columns {} = {}, but column 总计 = {}",
                    row.key,
                    row.label,
                    shown.join(" + "),
                    sum,
                    total
                ),
                line,
            ));
        }
    }
    out
}

/// `applications.total_row`: per column, （七）总计 is the sum of the outcome rows （一）…（六）.
pub fn applications_total_row(r: &Report) -> Vec<Diagnostic> {
    let Some(t) = r.meta.template else { return vec![] };
    let outcomes: Vec<usize> = t.application_rows().iter().enumerate().filter(|(_, x)| x.role == RowRole::Outcome).map(|(i, _)| i).collect();
    let Some(total_row) = row_index(t, "total") else { return vec![] };
    let mut out = Vec::new();
    for (ci, c) in APPLICANT_COLUMNS.iter().enumerate() {
        let Some(sum) = outcomes.iter().map(|&ri| num(app_at(r, t, ri, ci)).map(|x| x.0)).sum::<Option<Decimal>>() else { continue };
        let Some((total, line)) = num(app_at(r, t, total_row, ci)) else { continue };
        if sum != total {
            out.push(Diagnostic::error(
                "applications.total_row",
                format!(
                    "column {}: the outcome rows （一）…（六） add up to {}, but （七）总计 = {}",
                    c.label, sum, total
                ),
                line,
            ));
        }
    }
    out
}

/// `applications.balance`: per column, new + carried over = total + carried forward.
pub fn applications_balance(r: &Report) -> Vec<Diagnostic> {
    let Some(tpl) = r.meta.template else { return vec![] };
    let (Some(new), Some(co_row), Some(total_row), Some(cf_row)) =
        (row_index(tpl, "new"), row_index(tpl, "carried_over"), row_index(tpl, "total"), row_index(tpl, "carried_forward"))
    else {
        return vec![];
    };
    let mut out = Vec::new();
    for (ci, c) in APPLICANT_COLUMNS.iter().enumerate() {
        let (Some((n, _)), Some((co, _)), Some((t, tl)), Some((cf, cfl))) = (
            num(app_at(r, tpl, new, ci)),
            num(app_at(r, tpl, co_row, ci)),
            num(app_at(r, tpl, total_row, ci)),
            num(app_at(r, tpl, cf_row, ci)),
        ) else {
            continue;
        };
        if n + co != t + cf {
            out.push(Diagnostic::error(
                "applications.balance",
                format!(
                    "column {}: new {} + carried over {} = {}, but total {} + carried forward {} = {}",
                    c.label,
                    n,
                    co,
                    n + co,
                    t,
                    cf,
                    t + cf
                ),
                tl.or(cfl),
            ));
        }
    }
    out
}

/// `review.total`, `litigation_direct.total`, `litigation_after_review.total`:
/// upheld + corrected + other + pending = total.
pub fn review_totals(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let t = r.template();
    // part 4 follows the applications table, group by group
    let start = t.proactive().len() + t.application_rows().len() * APPLICANT_COLUMNS.len();
    let at = |g: usize, o: usize| num(r.cells.get(start + g * REVIEW_OUTCOMES.len() + o));
    for (gi, g) in REVIEW_GROUPS.iter().enumerate() {
        let Some((total, line)) = at(gi, 4) else { continue };
        let mut p = [Decimal::ZERO; 4];
        if !(0..4).all(|o| at(gi, o).map(|(v, _)| p[o] = v).is_some()) {
            continue;
        }
        let sum: Decimal = p.iter().sum();
        if sum != total {
            out.push(Diagnostic::error(
                format!("{}.total", g.key),
                format!(
                    "{}: 结果维持 {} + 结果纠正 {} + 其他结果 {} + 尚未审结 {} = {}, but 总计 = {}",
                    g.label, p[0], p[1], p[2], p[3], sum, total
                ),
                line,
            ));
        }
    }
    out
}

/// What a claim about a key may also mean: "受理申请21件" may count the
/// applications carried over from the year before as well as the new ones.
const CLAIM_ALTERNATIVES: &[(&str, &str)] = &[("applications.new.total", "applications.new.total+applications.carried_over.total")];

/// The value of a flat key, or of a `+`-joined sum of keys, when every cell is a number.
fn claim_value(r: &Report, key: &str) -> Option<Decimal> {
    key.split('+').map(|k| r.get(k).filter(|c| c.is_number()).and_then(|c| c.value)).sum()
}

/// `narrative.mismatch`: a number stated in the prose differs from the table.
pub fn narrative(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &r.claims {
        let Some(v) = claim_value(r, &c.key) else { continue };
        let alt = CLAIM_ALTERNATIVES.iter().find(|(k, _)| *k == c.key).and_then(|(_, a)| claim_value(r, a));
        if v != c.value && alt != Some(c.value) {
            out.push(Diagnostic::error(
                "narrative.mismatch",
                format!("the text says \"{}\" ({} = {}), but the table has {}", c.text, c.key, c.value, v),
                c.line,
            ));
        }
    }
    out
}

/// `meta.date`: the date line is before the end of the reporting year, or after the
/// 31 January deadline of the year after.
pub fn meta_date(r: &Report) -> Vec<Diagnostic> {
    let (Some(year), Some(date)) = (r.meta.year, r.meta.published.as_deref()) else { return vec![] };
    let Some(y) = date.get(0..4).and_then(|s| s.parse::<i32>().ok()) else { return vec![] };
    let md = date.get(5..).unwrap_or("");
    let deadline = format!("{}-01-31", year + 1);
    if y <= year {
        vec![Diagnostic::warning(
            "meta.date",
            format!("the report for {year} is dated {date}, before the reporting year ended"),
            None,
        )]
    } else if date > deadline.as_str() {
        vec![Diagnostic::warning(
            "meta.date",
            format!("the report for {year} is dated {date}, after the deadline of {deadline}"),
            None,
        )]
    } else {
        let _ = md;
        vec![]
    }
}

/// `meta.missing`: the agency or the year was not found.
pub fn meta_missing(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if r.meta.agency.as_deref().is_none_or(|a| a.trim().is_empty()) {
        out.push(Diagnostic::warning("meta.missing", "the reporting agency was not found in the title or the text", None));
    }
    if r.meta.year.is_none() {
        out.push(Diagnostic::warning("meta.missing", "the reporting year was not found in the title or the text", None));
    }
    out
}

/// Is the 2019 template outdated for this year?
pub fn outdated(template: Template, year: Option<i32>) -> bool {
    template == Template::V2019 && year.is_some_and(|y| y >= 2021)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Cell;

    #[test]
    fn cells_by_position_are_the_cells_of_their_keys() {
        for t in [Template::V2019, Template::V2021] {
            let mut r = Report::new(t);
            for (i, c) in r.cells.iter_mut().enumerate() {
                *c = Cell::number(Decimal::from(i as u64), Some(i as u32));
            }
            for (ri, row) in t.application_rows().iter().enumerate() {
                assert_eq!(row_index(t, row.key), Some(ri));
                for (ci, col) in APPLICANT_COLUMNS.iter().enumerate() {
                    let key = format!("applications.{}.{}", row.key, col.key);
                    assert_eq!(app_at(&r, t, ri, ci), r.get(&key), "{key}");
                    assert!(app_at(&r, t, ri, ci).is_some());
                }
            }
            assert_eq!(row_index(t, "nope"), None);
            // part 4, as `review_totals` reads it: a misprinted total is found in its group
            for g in REVIEW_GROUPS {
                let mut r = r.clone();
                for o in REVIEW_OUTCOMES {
                    let key = format!("{}.{}", g.key, o.key);
                    let i = r.cells.iter().position(|c| Some(c) == r.get(&key)).unwrap();
                    r.cells[i] = Cell::number(Decimal::from(if o.key == "total" { 5 } else { 1 }), Some(1));
                }
                let d = review_totals(&r);
                assert!(d.iter().any(|x| x.code == format!("{}.total", g.key) && x.message.contains("= 4, but 总计 = 5")), "{d:?}");
            }
        }
    }
}
