//! A text in GB18030 or Big5 larger than `Options::piece_bytes` is decoded and
//! read a piece at a time (so its decoded text is never held whole). That must
//! change nothing: the same report, the same diagnostics with the same lines,
//! the same errors, whatever the piece size — pieces of one byte included, so
//! that characters, lines, one-cell-per-line rows and the script sample are cut
//! everywhere they can be.

use encoding_rs::{Encoding, BIG5, GB18030};
use gik_parse::{parse_bytes_with, Error, Options, Report};
use std::path::{Path, PathBuf};

fn inputs_in(dir: &Path, ext: &[&str]) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ext.contains(&x))
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).expect("inputs are UTF-8"),
            )
        })
        .collect();
    out.sort();
    out
}

/// The corpus (`tests/corpus/`, or the shared dev corpus) and the traditional-script reports.
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    for dir in [
        root.join("tests/corpus"),
        root.join("../shared/corpus/dev"),
        PathBuf::from("/work/shared/corpus/dev"),
    ] {
        found = inputs_in(&dir, &["txt", "html"]);
        if !found.is_empty() {
            break;
        }
    }
    assert!(!found.is_empty(), "no corpus found");
    found.extend(inputs_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/traditional"),
        &["txt"],
    ));
    found
}

fn encode(text: &str, enc: &'static Encoding) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = enc.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

fn with_pieces(bytes: &[u8], piece_bytes: usize) -> Result<Report, Error> {
    parse_bytes_with(
        bytes,
        &Options {
            piece_bytes,
            ..Options::default()
        },
    )
}

/// Read whole, and in pieces of each size: the same outcome.
fn assert_pieces_agree(what: &str, bytes: &[u8], sizes: &[usize]) -> Result<Report, Error> {
    let whole = with_pieces(bytes, usize::MAX);
    for &n in sizes {
        let got = with_pieces(bytes, n);
        match (&whole, &got) {
            (Ok(w), Ok(g)) => {
                if w != g {
                    assert_eq!(
                        w.flat(),
                        g.flat(),
                        "{what}, pieces of {n} bytes: values differ"
                    );
                    assert_eq!(
                        w.cells, g.cells,
                        "{what}, pieces of {n} bytes: cells differ"
                    );
                    assert_eq!(
                        w.diagnostics, g.diagnostics,
                        "{what}, pieces of {n} bytes: diagnostics differ"
                    );
                    assert_eq!(w.meta, g.meta, "{what}, pieces of {n} bytes: meta differs");
                    panic!("{what}, pieces of {n} bytes: the reports differ");
                }
            }
            (Err(w), Err(g)) => assert_eq!(w, g, "{what}, pieces of {n} bytes: errors differ"),
            (w, g) => panic!("{what}, pieces of {n} bytes: whole {w:?}, in pieces {g:?}"),
        }
    }
    whole
}

const SIZES: &[usize] = &[1, 3, 64, 1000, 4096];

#[test]
fn corpus_in_gb18030_and_big5_reads_the_same_in_pieces() {
    let mut n = 0;
    for (name, text) in corpus() {
        for (enc, enc_name) in [(GB18030, "GB18030"), (BIG5, "Big5")] {
            let Some(bytes) = encode(&text, enc) else {
                continue;
            };
            let r = assert_pieces_agree(&format!("{name} in {}", enc.name()), &bytes, SIZES);
            let r = r.unwrap_or_else(|e| panic!("{name} in {}: {e}", enc.name()));
            assert_eq!(r.meta.source.encoding, enc_name, "{name}");
            n += 1;
        }
    }
    assert!(n >= 18, "only {n} inputs tried");
}

/// Damage in a later piece is counted and located as in a whole read;
/// control characters and a DOS end-of-file mark as well.
#[test]
fn damage_and_controls_are_located_across_pieces() {
    let (name, text) = corpus()
        .into_iter()
        .find(|(n, _)| n.ends_with(".txt"))
        .unwrap();
    let mut gb = encode(&text, GB18030).unwrap();
    let line_start = |gb: &[u8], k: usize| {
        gb.iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(k - 2)
            .map(|(i, _)| i + 1)
            .unwrap()
    };
    let at = line_start(&gb, 40);
    gb.insert(at, 0xFF);
    let at = line_start(&gb, 70);
    gb.insert(at, 0x07);
    gb.extend_from_slice(b"\x1A");
    let r = assert_pieces_agree(&format!("{name}, damaged"), &gb, SIZES).unwrap();
    let lossy: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "input.lossy")
        .collect();
    assert_eq!(lossy.len(), 1);
    assert_eq!(lossy[0].line, Some(40), "{}", lossy[0].message);
}

/// Inputs that are refused are refused the same way in pieces: too many bad
/// bytes, too many control characters, nothing but whitespace, bytes that
/// decode to no readable Chinese.
#[test]
fn refusals_are_the_same_in_pieces() {
    let report = encode(&corpus()[0].1, GB18030).unwrap();
    let mut bad = report.clone();
    for i in (0..bad.len()).step_by(5) {
        bad[i] = 0xFF;
    }
    let mut controls = report.clone();
    for i in (0..controls.len()).step_by(50) {
        controls[i] = 0x01;
    }
    let mut random = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        random.push(0x80 | (x >> 16) as u8);
        if x.is_multiple_of(37) {
            random.push(b'\n');
        }
    }
    for (what, bytes) in [
        ("damaged", &bad),
        ("controls", &controls),
        ("random", &random),
    ] {
        let r = assert_pieces_agree(what, bytes, SIZES);
        assert!(r.is_err(), "{what}: {r:?}");
    }
}

/// A page in GB18030 that is HTML is read as HTML, in pieces or not.
#[test]
fn a_gb18030_page_is_still_a_page() {
    let (name, page) = corpus()
        .into_iter()
        .find(|(n, _)| n.ends_with(".html"))
        .expect("an HTML page in the corpus");
    let bytes = encode(&page, GB18030).unwrap();
    let r = assert_pieces_agree(&name, &bytes, &[1000]).unwrap();
    assert_eq!(r.meta.source.format, "html");
}

/// A large text (several default pieces) reads as its UTF-8 original.
#[test]
fn a_large_gb18030_text_reads_as_its_original() {
    let (name, text) = corpus()
        .into_iter()
        .find(|(n, _)| n.ends_with(".txt"))
        .unwrap();
    let mut big = text.clone();
    let prose = "本机关坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。\n";
    while big.len() < 5 << 20 {
        big.push_str(prose);
    }
    let want = gik_parse::parse(&big).unwrap();
    let bytes = encode(&big, GB18030).unwrap();
    assert!(
        bytes.len() > Options::default().piece_bytes,
        "the test input must be larger than a piece"
    );
    let got = parse_bytes_with(&bytes, &Options::default()).unwrap();
    assert_eq!(want.cells, got.cells, "{name}: cells differ");
    assert_eq!(
        want.diagnostics, got.diagnostics,
        "{name}: diagnostics differ"
    );
    assert_eq!(got.meta.source.encoding, "GB18030");
}
