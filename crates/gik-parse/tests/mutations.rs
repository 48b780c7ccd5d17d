//! Property tests: corpus reports, mutated (cut, spliced, duplicated,
//! re-encoded, random bytes inserted).
//!
//! - Anywhere in the text: `parse` / `parse_bytes` answer, without a panic.
//! - Confined to the prose of part 1 (一、总体情况) or of parts 5–6: the tables
//!   are untouched, so every table cell must read exactly as in the unmutated
//!   report — a prose edit that changes a number in a table is a wrong cell.
//!
//! `PROPTEST_CASES` sets the number of cases per property (default 24).

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use gik_parse::{parse, parse_bytes, CellState, Report};
use proptest::prelude::*;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

/// A corpus report with the byte ranges of its prose.
struct Doc {
    name: String,
    text: String,
    /// Inside part 1: after its heading line, before the newline that ends
    /// the line before the part-2 heading.
    part1: Range<usize>,
    /// After the part-5 heading line, to the end.
    tail: Option<Range<usize>>,
    /// The flat keys of its cells.
    keys: Vec<String>,
    /// The cells of the unmutated report.
    cells: Vec<(CellState, String)>,
    /// Cells that the prose settled (part 4, when a group the prose states in
    /// full chose among the readings of its runs): a mutation of the prose may
    /// leave them empty, never give them another value.
    by_prose: Vec<bool>,
}

/// The part-4 cells of a report whose prose settled part 4.
fn settled_by_prose(r: &Report) -> Vec<bool> {
    let prose = r.diagnostics.iter().any(|d| d.code == "table.repaired" && d.message.contains("the text says"));
    r.table_keys().iter().map(|k| prose && (k.starts_with("review.") || k.starts_with("litigation_"))).collect()
}

/// The cells of a report parsed from a text whose prose was mutated, against
/// the unmutated report's: the same, or (a cell the prose settled) empty.
fn same_cells(doc: &Doc, got: &[(CellState, String)]) -> Result<(), String> {
    if doc.cells.len() != got.len() {
        return Err(format!("{}: {} cells, not {}", doc.name, got.len(), doc.cells.len()));
    }
    for (i, (want, have)) in doc.cells.iter().zip(got).enumerate() {
        if want != have && !(doc.by_prose[i] && have.0 == CellState::Unknown) {
            return Err(format!("{}: cell #{} ({}) changed by a mutation of the prose: {want:?} -> {have:?}", doc.name, i, doc.keys.get(i).cloned().unwrap_or_default()));
        }
    }
    Ok(())
}

fn docs() -> &'static [Doc] {
    static DOCS: OnceLock<Vec<Doc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = [root.join("tests/corpus"), root.join("../shared/corpus/dev"), "/work/shared/corpus/dev".into()]
            .into_iter()
            .find(|d| std::fs::read_dir(d).map(|mut r| r.next().is_some()).unwrap_or(false))
            .expect("a corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                let (part1, tail) = prose_ranges(&text)?;
                let report = parse(&text).ok()?;
                Some(Doc {
                    name: p.file_name().unwrap().to_string_lossy().into_owned(),
                    keys: report.table_keys(),
                    cells: cells(&report),
                    by_prose: settled_by_prose(&report),
                    text,
                    part1,
                    tail,
                })
            })
            .collect()
    })
}

fn cells(r: &Report) -> Vec<(CellState, String)> {
    r.cells.iter().map(|c| (c.state, c.flat_value())).collect()
}

/// Byte offset of the start of the first short line (a heading) at or after
/// `from` that contains `word`, and of the end of that line.
fn heading(text: &str, from: usize, word: &str) -> Option<(usize, usize)> {
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        if line.contains(word) && line.trim().chars().count() <= 40 {
            return Some((at, at + line.len()));
        }
        at += line.len();
    }
    None
}

fn prose_ranges(text: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let (_, p1_end) = heading(text, 0, "总体情况")?;
    let (p2_start, p2_end) = heading(text, p1_end, "主动公开政府信息情况")?;
    if p2_start <= p1_end + 20 {
        return None;
    }
    let tail = heading(text, p2_end, "存在的主要问题").map(|(_, end)| end..text.len()).filter(|r| r.len() > 20);
    // Stop before the newline that ends part 1: the part-2 heading keeps its own line.
    Some((p1_end..p2_start - 1, tail))
}

/// The nearest char boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A position inside `r` from a random number.
fn pick(text: &str, r: &Range<usize>, x: u32) -> usize {
    floor(text, r.start + (x as usize) % (r.len().max(1)))
}

/// Characters junk is made of: no Chinese numerals, 、 or heading marks, so
/// junk cannot become a part heading; digits, tabs and newlines, so it can
/// look like table rows inside the prose.
const JUNK: &[char] = &[
    'a', 'Z', '0', '1', '7', '9', ' ', '\t', '\n', '\u{3000}', '\u{A0}', '\u{200B}', '，', '。', '（', '）', '(', ')', '%', '|', '；', '政', '府', '信', '息', '公', '开', '年', '度', '报', '告', '申', '请', '件', '条', '万', '元', '合', '计', '总', '\u{FEFF}', '１', '２', '/', '-', '—',
];

fn junk(seed: &[u8]) -> String {
    seed.iter().map(|b| JUNK[*b as usize % JUNK.len()]).collect()
}

/// A mutation of the text inside `r` (byte range on char boundaries).
#[derive(Debug, Clone)]
enum Mutation {
    Delete(u32, u16),
    Duplicate(u32, u16),
    Insert(u32, Vec<u8>),
    /// Prose from another report's part 1.
    Splice(u32, usize, u32, u16),
    /// Cut the text off here (only in the tail: what follows is prose).
    Cut(u32),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<u32>(), 1..400u16).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<u32>(), 1..400u16).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (any::<u32>(), proptest::collection::vec(any::<u8>(), 1..60)).prop_map(|(a, j)| Mutation::Insert(a, j)),
        (any::<u32>(), any::<usize>(), any::<u32>(), 1..400u16).prop_map(|(a, d, b, n)| Mutation::Splice(a, d, b, n)),
        any::<u32>().prop_map(Mutation::Cut),
    ]
}

fn apply(text: &str, r: &Range<usize>, m: &Mutation, in_tail: bool) -> String {
    let mut t = text.to_string();
    match m {
        Mutation::Delete(a, n) => {
            let s = pick(text, r, *a);
            let e = floor(text, (s + *n as usize).min(r.end));
            t.replace_range(s..e, "");
        }
        Mutation::Duplicate(a, n) => {
            let s = pick(text, r, *a);
            let e = floor(text, (s + *n as usize).min(r.end));
            let piece = text[s..e].to_string();
            t.insert_str(e, &piece);
        }
        Mutation::Insert(a, j) => t.insert_str(pick(text, r, *a), &junk(j)),
        Mutation::Splice(a, d, b, n) => {
            let other = &docs()[d % docs().len()];
            let s = pick(&other.text, &other.part1, *b);
            let e = floor(&other.text, (s + *n as usize).min(other.part1.end));
            t.insert_str(pick(text, r, *a), &other.text[s..e]);
        }
        Mutation::Cut(a) => {
            if in_tail {
                t.truncate(pick(text, r, *a));
            }
        }
    }
    t
}

const ENCODINGS: &[&Encoding] = &[GB18030, UTF_16LE, UTF_16BE];

/// The text in one of the supported encodings (UTF-16 with a BOM).
fn encode(text: &str, which: usize) -> Vec<u8> {
    match which % (ENCODINGS.len() + 1) {
        0 => text.as_bytes().to_vec(),
        i => {
            let enc = ENCODINGS[i - 1];
            if enc == UTF_16LE || enc == UTF_16BE {
                let le = enc == UTF_16LE;
                let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
                for u in text.encode_utf16() {
                    out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
                out
            } else {
                enc.encode(text).0.into_owned()
            }
        }
    }
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    ProptestConfig { cases, max_shrink_iters: 200, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// Mutations confined to prose leave every table cell as it was, in any encoding.
    #[test]
    fn prose_mutations_leave_the_tables_alone(d in any::<usize>(), in_tail in any::<bool>(), muts in proptest::collection::vec(mutation(), 1..4), enc in 0..4usize) {
        let doc = &docs()[d % docs().len()];
        let (range, in_tail) = match (&doc.tail, in_tail) {
            (Some(t), true) => (t.clone(), true),
            _ => (doc.part1.clone(), false),
        };
        // Apply the mutations one by one, keeping them inside the (moving) range.
        let mut text = doc.text.clone();
        let mut r = range;
        for m in &muts {
            let before = text.len();
            text = apply(&text, &r, m, in_tail);
            r = r.start..(r.end as isize + text.len() as isize - before as isize).max(r.start as isize) as usize;
            r.end = floor(&text, r.end.min(text.len()));
        }
        let bytes = encode(&text, enc);
        let report = parse_bytes(&bytes);
        prop_assert!(report.is_ok(), "{}: a report with its prose mutated is still a report: {:?}", doc.name, report.err());
        let got = cells(&report.unwrap());
        if let Err(e) = same_cells(doc, &got) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Mutations anywhere (tables included): an answer, never a panic.
    #[test]
    fn mutations_anywhere_never_panic(d in any::<usize>(), muts in proptest::collection::vec(mutation(), 1..4), enc in 0..4usize) {
        let doc = &docs()[d % docs().len()];
        let mut text = doc.text.clone();
        for m in &muts {
            let all = 0..text.len();
            text = apply(&text, &all, m, true);
        }
        let _ = parse(&text);
        let _ = parse_bytes(&encode(&text, enc));
    }

    /// Random bytes inserted into the encoded text: an answer, never a panic;
    /// when they land in part-1 prose of UTF-8 text, the cells stay as they were.
    #[test]
    fn random_bytes_inserted(d in any::<usize>(), at in any::<u32>(), junk in proptest::collection::vec(any::<u8>(), 1..16), enc in 0..4usize) {
        let doc = &docs()[d % docs().len()];
        let mut bytes = encode(&doc.text, enc);
        let anywhere = (at as usize) % bytes.len();
        let mut b2 = bytes.clone();
        b2.splice(anywhere..anywhere, junk.iter().copied());
        let _ = parse_bytes(&b2);
        if enc == 0 {
            let p = pick(&doc.text, &doc.part1, at);
            bytes.splice(p..p, junk.iter().copied());
            let report = parse_bytes(&bytes);
            prop_assert!(report.is_ok(), "{}: {:?}", doc.name, report.err());
            let report = report.unwrap();
            if let Err(e) = same_cells(doc, &cells(&report)) {
                prop_assert!(false, "random bytes in part 1: {}", e);
            }
        }
    }
}

#[test]
fn the_corpus_has_prose_to_mutate() {
    let names: Vec<&str> = docs().iter().map(|d| d.name.as_str()).collect();
    assert!(names.len() >= 5, "only {names:?} have parts 1 and 2 found");
    assert!(docs().iter().filter(|d| d.tail.is_some()).count() >= 3);
}
