//! Comparing what `gik_parse` read with the truth.
//!
//! - A cell the parser fills with a number must equal the truth; a number where
//!   the source printed nothing is wrong too. Either is a **wrong** cell.
//! - A cell left empty (unknown, or blank where the source printed a number)
//!   must be explained by a diagnostic about its table (`table.ambiguous`,
//!   `table.missing`, …); otherwise it is an **unexplained** empty.
//! - Every rule the truth breaks must be reported with its code, unless the
//!   parser left a cell of that rule empty (then the rule cannot be checked).
//! - A rule code the truth does not break is a **false alarm**.

use crate::gen::{arithmetic_codes, Truth};
use gik_model::{Cell, CellState, Report};

/// Diagnostics that explain a cell left empty.
pub const EXPLAINING: [&str; 6] =
    ["table.ambiguous", "table.missing", "section.missing", "template.unsupported", "table.repaired", "table.blank"];

/// The outcome of one round trip.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Cells of the template.
    pub cells: usize,
    /// Cells read as the truth has them (the number, or blank for a blank).
    pub right: usize,
    /// `key: got X, want Y` for every wrong cell.
    pub wrong: Vec<String>,
    /// Cells left empty with no diagnostic about their table.
    pub unexplained: Vec<String>,
    /// Cells left empty with a diagnostic (ambiguous glued digits, …).
    pub explained: usize,
    /// Rules the truth breaks (and whose cells were all read).
    pub broken: usize,
    /// Of those, the codes not reported.
    pub broken_missed: Vec<String>,
    /// Rule codes reported that the truth does not break.
    pub false_alarms: Vec<String>,
    /// Meta fields read wrong: `meta.agency: got X, want Y`.
    pub meta_wrong: Vec<String>,
    /// The parser refused the text, or panicked.
    pub error: Option<String>,
}

impl Outcome {
    /// No wrong cell, no unexplained empty, no missed rule, no false alarm, no meta error.
    pub fn clean(&self) -> bool {
        self.error.is_none()
            && self.wrong.is_empty()
            && self.unexplained.is_empty()
            && self.broken_missed.is_empty()
            && self.false_alarms.is_empty()
            && self.meta_wrong.is_empty()
    }
}

/// The table a key belongs to: `proactive`, `applications` or `review`.
pub fn group_of(key: &str) -> &'static str {
    if key.starts_with("proactive.") {
        "proactive"
    } else if key.starts_with("applications.") {
        "applications"
    } else {
        "review"
    }
}

/// The table a diagnostic speaks of, when it says.
fn diag_group(code: &str, message: &str) -> Option<&'static str> {
    let m = message.trim_start();
    if m.starts_with("proactive") || message.contains("part 2") {
        Some("proactive")
    } else if m.starts_with("applications") || message.contains("part 3") {
        Some("applications")
    } else if m.starts_with("review") || message.contains("part 4") {
        Some("review")
    } else {
        let _ = code;
        None
    }
}

fn shown(c: Option<&Cell>) -> String {
    match c {
        None => "(no such key)".into(),
        Some(c) => match c.state {
            CellState::Number => c.flat_value(),
            CellState::Blank => "blank".into(),
            CellState::Unknown => "unknown".into(),
        },
    }
}

/// Score a parse against the truth; `meta` holds the right answers for the
/// agency and the date on the rendered text (see `render::expected_meta`).
pub fn score(truth: &Truth, meta: &(Vec<String>, Vec<String>), parsed: Result<&Report, String>) -> Outcome {
    let t = &truth.report;
    let keys = t.table_keys();
    let mut o = Outcome { cells: keys.len(), ..Outcome::default() };
    let p = match parsed {
        Ok(p) => p,
        Err(e) => {
            o.error = Some(e);
            o.unexplained = keys.clone();
            return o;
        }
    };
    // meta
    let want_meta = [
        ("meta.agency", meta.0.clone()),
        ("meta.year", vec![truth.year().to_string()]),
        ("meta.template", vec![truth.template().as_str().to_string()]),
        ("meta.published", meta.1.clone()),
    ];
    let got_meta: std::collections::HashMap<String, String> = p.flat().into_iter().take(4).collect();
    for (k, want) in want_meta {
        let got = got_meta.get(k).cloned().unwrap_or_default();
        if !want.contains(&got) {
            o.meta_wrong.push(format!("{k}: got {got:?}, want {}", want.join(" or ")));
        }
    }
    let explains = |group: &str| {
        p.diagnostics
            .iter()
            .filter(|d| EXPLAINING.contains(&d.code.as_str()) && d.code != "table.blank")
            .any(|d| diag_group(&d.code, &d.message).is_none_or(|g| g == group))
    };
    let mut masked = t.clone();
    for (i, k) in keys.iter().enumerate() {
        let want = &t.cells[i];
        let got = p.get(k);
        let got_state = got.map(|c| c.state).unwrap_or(CellState::Unknown);
        match (want.state, got_state) {
            (CellState::Number, CellState::Number) => {
                if got.and_then(|c| c.value).map(|v| v.normalize()) == want.value.map(|v| v.normalize()) {
                    o.right += 1;
                } else {
                    o.wrong.push(format!("{k}: got {}, want {}", shown(got), shown(Some(want))));
                }
            }
            (CellState::Blank, CellState::Number) => o.wrong.push(format!("{k}: got {}, want blank", shown(got))),
            (CellState::Blank, CellState::Blank) => o.right += 1,
            (_, _) => {
                masked.cells[i] = Cell::unknown();
                if explains(group_of(k)) {
                    o.explained += 1;
                } else {
                    o.unexplained.push(format!("{k}: got {}, want {}", shown(got), shown(Some(want))));
                }
            }
        }
    }
    // rules
    let got_codes: Vec<&str> = p.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let mut expected = arithmetic_codes(&masked);
    if !gik_model::checks::narrative(&masked).is_empty() {
        expected.push("narrative.mismatch".into());
    }
    o.broken = expected.len();
    for c in &expected {
        if !got_codes.contains(&c.as_str()) {
            o.broken_missed.push(c.clone());
        }
    }
    for c in &got_codes {
        let is_rule = crate::gen::ARITHMETIC_CODES.contains(c) || *c == "narrative.mismatch";
        if is_rule && !truth.broken.iter().any(|b| b == c) && !o.false_alarms.iter().any(|f| f == c) {
            o.false_alarms.push(c.to_string());
        }
    }
    o
}

/// Parse a text, catching panics (a panic is a failure of its own).
pub fn parse(text: &str) -> Result<Report, String> {
    caught(std::panic::catch_unwind(|| gik_parse::parse(text)))
}

/// Parse a file's bytes (`gik_parse::parse_bytes`), catching panics.
pub fn parse_bytes(bytes: &[u8]) -> Result<Report, String> {
    caught(std::panic::catch_unwind(|| gik_parse::parse_bytes(bytes)))
}

fn caught(r: std::thread::Result<Result<Report, gik_parse::Error>>) -> Result<Report, String> {
    match r {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(format!("refused: {e}")),
        Err(p) => Err(format!(
            "PANIC: {}",
            p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
        )),
    }
}
