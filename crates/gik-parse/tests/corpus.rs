//! Score every report of `tests/corpus/` against its hand-checked truth
//! (`NAME.expected.tsv`, the format of SPEC.md §5), as `../shared/tools/score`
//! does: values, blanks, `?` (not scored), `a|b` alternatives, `must-flag`,
//! `must-not-flag`, `must-fail`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn same(expected: &str, actual: &str) -> bool {
    expected.split('|').any(|alt| {
        let (a, b) = (alt.trim(), actual.trim());
        a == b || matches!((a.parse::<rust_decimal_shim::D>(), b.parse::<rust_decimal_shim::D>()), (Ok(x), Ok(y)) if x == y)
    })
}

/// Decimal equality without a float: compare normalised strings.
mod rust_decimal_shim {
    #[derive(PartialEq, Debug)]
    pub struct D(String);
    impl std::str::FromStr for D {
        type Err = ();
        fn from_str(s: &str) -> Result<D, ()> {
            let v: gik_model::Decimal = s.parse().map_err(|_| ())?;
            Ok(D(v.normalize().to_string()))
        }
    }
}

struct Score {
    scored: usize,
    correct: usize,
    wrong: Vec<String>,
    problems: Vec<String>,
}

fn score_file(expected: &Path, input: &Path) -> Score {
    let text = std::fs::read_to_string(expected).unwrap();
    let mut want: BTreeMap<String, String> = BTreeMap::new();
    let (mut must, mut must_not, mut must_fail) = (vec![], vec![], false);
    for line in text.lines() {
        let (k, v) = line.split_once('\t').unwrap_or((line, ""));
        match k {
            "must-flag" => must.push(v.to_string()),
            "must-not-flag" => must_not.push(v.to_string()),
            "must-fail" => must_fail = true,
            "" => {}
            _ => {
                want.insert(k.to_string(), v.to_string());
            }
        }
    }
    let bytes = std::fs::read(input).unwrap();
    let result = gik_parse::parse_bytes(&bytes);
    let mut s = Score { scored: 0, correct: 0, wrong: vec![], problems: vec![] };
    if must_fail {
        if result.is_ok() {
            s.problems.push("accepted a text that is not a report".into());
        }
        return s;
    }
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            s.problems.push(format!("refused: {e}"));
            return s;
        }
    };
    let got: BTreeMap<String, String> = report.flat().into_iter().collect();
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for (k, v) in &want {
        if v == "?" {
            continue;
        }
        s.scored += 1;
        match got.get(k) {
            None => s.problems.push(format!("{k}: missing")),
            Some(g) if same(v, g) => s.correct += 1,
            Some(g) if !g.trim().is_empty() && !k.starts_with("meta.") => s.wrong.push(format!("{k}: got {g:?}, want {v:?}")),
            Some(g) => s.problems.push(format!("{k}: got {g:?}, want {v:?}")),
        }
    }
    for m in &must {
        if !m.split('|').any(|a| codes.iter().any(|c| c.starts_with(a))) {
            s.problems.push(format!("no diagnostic {m} (got {codes:?})"));
        }
    }
    for m in &must_not {
        if let Some(c) = codes.iter().find(|c| c.starts_with(m.as_str())) {
            s.problems.push(format!("false alarm {m}: {c}"));
        }
    }
    s
}

/// Cells of the corpus that the text alone cannot settle and that gik leaves
/// empty (with `table.ambiguous`): in the `pdftotext -raw` text of 009 the
/// part-4 numbers come out of order, and two orders of the two litigation
/// groups both satisfy the template's sums and the prose (the review group is
/// settled by the prose). Listed here so that any other miss fails.
const KNOWN_MISSES: &[(&str, &str)] = &[("009_huaian-2024-pdftotext-raw", "litigation_")];

/// Generated reports through LibreOffice and pdftotext (`tests/converters/`):
/// no wrong cell, and at least as many cells read as at the commit that added
/// them (1,863 of 2,238; the rest left empty with a diagnostic).
#[test]
fn converter_outputs_read_no_wrong_cell() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/converters");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 11, "tests/converters holds the converter outputs");
    let (mut scored, mut correct, mut wrong) = (0, 0, Vec::new());
    for input in &inputs {
        let expected = input.with_extension("expected.tsv");
        let s = score_file(&expected, input);
        scored += s.scored;
        correct += s.correct;
        wrong.extend(s.wrong.iter().map(|w| format!("{}: {w}", input.display())));
    }
    eprintln!("converter outputs: {correct}/{scored} cells correct, {} wrong", wrong.len());
    assert!(wrong.is_empty(), "WRONG cells: {wrong:#?}");
    assert!(correct >= 1863, "{correct}/{scored} cells read (1,863 when these files were added)");
}

#[test]
fn corpus_scores_with_no_wrong_cell() {
    let dir = corpus_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".expected.tsv").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 17, "the corpus is in tests/corpus ({} files found)", names.len());
    let (mut scored, mut correct, mut wrong) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for name in &names {
        let input = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                let f = p.file_name().unwrap().to_string_lossy().to_string();
                f.starts_with(&format!("{name}.")) && !f.ends_with(".expected.tsv")
            })
            .unwrap();
        let s = score_file(&dir.join(format!("{name}.expected.tsv")), &input);
        scored += s.scored;
        correct += s.correct;
        wrong.extend(s.wrong.iter().map(|w| format!("{name}: {w}")));
        let unexplained: Vec<&String> = s
            .problems
            .iter()
            .filter(|p| !KNOWN_MISSES.iter().any(|(n, k)| n == name && p.starts_with(k) && p.contains("got \"\"")))
            .collect();
        if !unexplained.is_empty() {
            failures.push(format!("{name}: {unexplained:?}"));
        }
    }
    eprintln!("corpus: {correct}/{scored} cells correct, {} wrong, {} files", wrong.len(), names.len());
    assert!(wrong.is_empty(), "WRONG cells: {wrong:#?}");
    assert!(failures.is_empty(), "files that do not score: {failures:#?}");
    assert!(correct * 1000 >= scored * 995, "{correct}/{scored}");
}
