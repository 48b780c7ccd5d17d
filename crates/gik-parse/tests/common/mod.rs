//! Shared by the HTML and DOCX tests: numbers consistent with the template's
//! arithmetic, and the check that a parsed report holds exactly what was written.
#![allow(dead_code)]

use gik_parse::{CellState, Report};

// ---------------------------------------------------------------------------
// Numbers to write: consistent with the template's arithmetic, all different
// enough that a cell read into the wrong place shows.

pub const COLUMNS: [&str; 7] = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_organization",
    "legal_service_organization",
    "other_organization",
    "total",
];

/// Application rows (keys) and their values: outcome rows, then 总计, 新收, 结转.
pub fn applications(rows: &[&str]) -> Vec<(String, [u32; 7])> {
    let outcomes: Vec<&str> =
        rows.iter().copied().filter(|r| !matches!(*r, "new" | "carried_over" | "total" | "carried_forward")).collect();
    let mut values: Vec<(String, [u32; 7])> = Vec::new();
    let mut total = [0u32; 7];
    for (i, r) in outcomes.iter().enumerate() {
        let mut v = [0u32; 7];
        for (c, slot) in v.iter_mut().take(6).enumerate() {
            *slot = ((i * 7 + c * 13) % 9) as u32 + if c == 0 { 20 } else { 0 };
        }
        v[6] = v[..6].iter().sum();
        for c in 0..7 {
            total[c] += v[c];
        }
        values.push((r.to_string(), v));
    }
    let carried_over: [u32; 7] = {
        let mut v = [2, 0, 1, 0, 0, 3, 0];
        v[6] = v[..6].iter().sum();
        v
    };
    let carried_forward: [u32; 7] = {
        let mut v = [4, 1, 0, 0, 2, 0, 0];
        v[6] = v[..6].iter().sum();
        v
    };
    let mut new = [0u32; 7];
    for c in 0..7 {
        new[c] = total[c] + carried_forward[c] - carried_over[c];
    }
    values.push(("total".into(), total));
    values.push(("new".into(), new));
    values.push(("carried_over".into(), carried_over));
    values.push(("carried_forward".into(), carried_forward));
    let by_key = |k: &str| values.iter().find(|(r, _)| r == k).map(|(_, v)| *v).unwrap();
    rows.iter().map(|r| (r.to_string(), by_key(r))).collect()
}

pub const ROWS_2021: [&str; 25] = [
    "new",
    "carried_over",
    "granted",
    "partially_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.three_safeties_one_stability",
    "denied.third_party_rights",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_file",
    "denied.administrative_query",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear_after_correction",
    "not_processed.complaint",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reconfirmation",
    "other.overdue_correction",
    "other.unpaid_fee",
    "other.misc",
    "total",
    "carried_forward",
];

pub fn review_values() -> Vec<(String, String)> {
    let groups =
        [("review", [3, 1, 2, 1]), ("litigation_direct", [5, 0, 1, 2]), ("litigation_after_review", [1, 2, 0, 4])];
    let mut out = Vec::new();
    for (g, v) in groups {
        for (o, n) in ["upheld", "corrected", "other", "pending"].iter().zip(v) {
            out.push((format!("{g}.{o}"), n.to_string()));
        }
        out.push((format!("{g}.total"), v.iter().sum::<u32>().to_string()));
    }
    out
}

/// What a test expects: flat key → value ("" = blank in the source).
pub type Expected = Vec<(String, String)>;

pub fn assert_report(report: &Report, expected: &Expected) {
    let flat: std::collections::HashMap<String, String> = report.flat().into_iter().collect();
    let mut wrong = Vec::new();
    for (k, v) in expected {
        let got = flat.get(k).cloned().unwrap_or_else(|| "<no such key>".into());
        if &got != v {
            wrong.push(format!("{k}: got {got:?}, wrote {v:?}"));
        }
        if !k.starts_with("meta.") {
            let cell = report.get(k).expect("table key");
            let want = if v.is_empty() { CellState::Blank } else { CellState::Number };
            if cell.state != want {
                wrong.push(format!("{k}: state {:?}, want {want:?}", cell.state));
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {} cells differ:\n{}", wrong.len(), expected.len(), wrong.join("\n"));
    // Every table cell of the template was written, none left unchecked.
    let table_cells = report.flat().len() - 4;
    assert_eq!(expected.iter().filter(|(k, _)| !k.starts_with("meta.")).count(), table_cells);
}

/// A small deterministic generator for mutation tests (no dependency, same cases every run).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `bytes` with a few random edits: bytes overwritten, deleted, duplicated, or the tail cut.
pub fn mutate(bytes: &[u8], rng: &mut Lcg, alphabet: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let i = rng.below(b.len());
        match rng.below(4) {
            0 => b[i] = alphabet[rng.below(alphabet.len())],
            1 => {
                let n = rng.below(64).min(b.len() - i);
                b.drain(i..i + n);
            }
            2 => {
                let n = rng.below(64).min(b.len() - i);
                let piece = b[i..i + n].to_vec();
                b.splice(i..i, piece);
            }
            _ => b.truncate(i),
        }
    }
    b
}
