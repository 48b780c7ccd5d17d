//! Bytes in: every corpus report, re-encoded into each supported encoding, must
//! read exactly as its UTF-8 text does — the same text out of the decoder, the
//! same cells (values, states and source lines), the same diagnostics apart
//! from the `input.*` ones, and the encoding named in `meta.source.encoding`.

use encoding_rs::{Encoding, BIG5, GB18030};
use gik_parse::{decode, parse, parse_bytes, Diagnostic, Error, Report};
use std::path::{Path, PathBuf};

/// The corpus: `tests/corpus/` of the repository, or the shared dev corpus when
/// that is empty. `(file name, text)` of every `.txt` and `.html` input.
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for dir in [root.join("tests/corpus"), root.join("../shared/corpus/dev"), PathBuf::from("/work/shared/corpus/dev")] {
        let found = inputs_in(&dir);
        if !found.is_empty() {
            return found;
        }
    }
    panic!("no corpus found in tests/corpus or shared/corpus/dev");
}

fn inputs_in(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(String, String)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("txt" | "html")))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("corpus inputs are UTF-8")))
        .collect();
    out.sort();
    out
}

/// The text in `enc`, or `None` when a character cannot be written in it.
fn encode(text: &str, enc: &'static Encoding) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = enc.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2 + 2);
    if bom {
        out.extend_from_slice(if little_endian { b"\xFF\xFE" } else { b"\xFE\xFF" });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if little_endian { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// One re-encoding of a text: a label, the bytes, the encoding the report must
/// name, and the `input.*` codes it must raise (no others).
struct Variant {
    label: &'static str,
    bytes: Vec<u8>,
    encoding: &'static str,
    input_codes: &'static [&'static str],
}

fn variants(text: &str) -> Vec<Variant> {
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    let mut v = vec![
        Variant { label: "UTF-8", bytes: text.as_bytes().to_vec(), encoding: "UTF-8", input_codes: &[] },
        Variant { label: "UTF-8 with BOM", bytes: with_bom, encoding: "UTF-8", input_codes: &[] },
        Variant { label: "UTF-16LE with BOM", bytes: utf16(text, true, true), encoding: "UTF-16LE", input_codes: &[] },
        Variant { label: "UTF-16BE with BOM", bytes: utf16(text, false, true), encoding: "UTF-16BE", input_codes: &[] },
        Variant { label: "UTF-16LE without BOM", bytes: utf16(text, true, false), encoding: "UTF-16LE", input_codes: &["input.encoding"] },
        Variant { label: "UTF-16BE without BOM", bytes: utf16(text, false, false), encoding: "UTF-16BE", input_codes: &["input.encoding"] },
    ];
    if let Some(b) = encode(text, GB18030) {
        v.push(Variant { label: "GB18030", bytes: b, encoding: "GB18030", input_codes: &[] });
    }
    if let Some(b) = encode(text, BIG5) {
        v.push(Variant { label: "Big5", bytes: b, encoding: "Big5", input_codes: &[] });
    }
    v
}

fn non_input(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| !d.code.starts_with("input.")).collect()
}

fn input_codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().filter(|d| d.code.starts_with("input.")).map(|d| d.code.as_str()).collect()
}

/// `got` (from bytes) must be the report `want` (from the UTF-8 text).
fn assert_same(what: &str, want: &Result<Report, Error>, got: &Result<Report, Error>) {
    match (want, got) {
        (Ok(w), Ok(g)) => {
            assert_eq!(w.flat(), g.flat(), "{what}: flat values differ");
            assert_eq!(w.cells, g.cells, "{what}: cells (state, value, line) differ");
            assert_eq!(non_input(&w.diagnostics), non_input(&g.diagnostics), "{what}: diagnostics differ");
            assert_eq!(w.meta.source.format, g.meta.source.format, "{what}: format differs");
        }
        (Err(w), Err(g)) => assert_eq!(w.kind, g.kind, "{what}: error kinds differ ({w} / {g})"),
        (w, g) => panic!("{what}: from text {}, from bytes {}", outcome(w), outcome(g)),
    }
}

fn outcome(r: &Result<Report, Error>) -> String {
    match r {
        Ok(_) => "a report".to_string(),
        Err(e) => format!("the error `{e}`"),
    }
}

/// Every variant of `text` decodes to `text` exactly and parses to the same report.
fn check_all_encodings(name: &str, text: &str) -> Vec<&'static str> {
    let want = parse(text);
    let mut tried = Vec::new();
    for v in variants(text) {
        let what = format!("{name} in {}", v.label);
        let d = decode::decode(&v.bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(d.text == text, "{what}: decoded text differs from the original");
        assert_eq!(d.encoding, v.encoding, "{what}: encoding named");
        assert_eq!(input_codes(&d.diagnostics), v.input_codes, "{what}: input warnings");
        let got = parse_bytes(&v.bytes);
        assert_same(&what, &want, &got);
        if let Ok(r) = &got {
            assert_eq!(r.meta.source.encoding, v.encoding, "{what}: meta.source.encoding");
            assert_eq!(input_codes(&r.diagnostics), v.input_codes, "{what}: input warnings in the report");
        }
        tried.push(v.label);
    }
    tried
}

#[test]
fn corpus_reads_the_same_in_every_encoding() {
    let corpus = corpus();
    assert!(corpus.len() >= 10, "corpus too small: {}", corpus.len());
    for (name, text) in &corpus {
        let tried = check_all_encodings(name, text);
        assert!(tried.contains(&"GB18030"), "{name}: a simplified-Chinese report is always representable in GB18030");
    }
}

/// Traditional-script versions of corpus reports (converted character by
/// character, so every number and line is where it was): these are
/// representable in Big5.
fn traditional() -> Vec<(String, String)> {
    inputs_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/traditional"))
}

#[test]
fn traditional_reports_read_the_same_in_big5() {
    let docs = traditional();
    assert!(!docs.is_empty());
    for (name, text) in &docs {
        let tried = check_all_encodings(name, text);
        assert!(tried.contains(&"Big5"), "{name}: not representable in Big5");
    }
}

/// GB18030 and Big5 decode many of the same byte sequences without error; the
/// choice must follow the text, also for short inputs.
#[test]
fn gb18030_and_big5_told_apart_on_every_line() {
    for (name, text) in traditional() {
        for line in text.lines().filter(|l| l.chars().filter(|c| !c.is_ascii()).count() >= 12).take(40) {
            let big5 = encode(line, BIG5).unwrap();
            let d = decode::decode(&big5).unwrap();
            assert_eq!((d.encoding.as_str(), d.text.as_str()), ("Big5", line), "{name}: {line}");
            let gb = encode(line, GB18030).unwrap();
            let d = decode::decode(&gb).unwrap();
            assert_eq!((d.encoding.as_str(), d.text.as_str()), ("GB18030", line), "{name}: {line}");
        }
    }
    for (name, text) in corpus() {
        for line in text.lines().filter(|l| l.chars().filter(|c| !c.is_ascii()).count() >= 12).take(40) {
            let gb = encode(line, GB18030).unwrap();
            let d = decode::decode(&gb).unwrap();
            assert_eq!((d.encoding.as_str(), d.text.as_str()), ("GB18030", line), "{name}: {line}");
        }
    }
}

/// A mojibake corpus report (UTF-8 read as GBK, saved as UTF-8) is repaired
/// to the very report, with an `input.mojibake` warning; when bytes were lost
/// on the way it is refused.
#[test]
fn mojibake_corpus_repaired_or_refused() {
    for (name, text) in corpus() {
        let (moji, _, _) = encoding_rs::GBK.decode(text.as_bytes());
        match parse_bytes(moji.as_bytes()) {
            Ok(r) => {
                assert_eq!(input_codes(&r.diagnostics), ["input.mojibake"], "{name}");
                assert_same(&format!("{name} as mojibake"), &parse(&text), &Ok(r));
            }
            Err(e) => {
                assert_eq!(e.kind, gik_parse::ErrorKind::Undecodable, "{name}: {e}");
                assert!(e.message.contains("mojibake") && e.message.contains("lost"), "{name}: {e}");
            }
        }
    }
    // A text whose every run of CJK characters has an even byte count survives.
    let clean = "一、总体情况\n本机关主动公开政府信息\n二、主动公开政府信息情况\n".repeat(20);
    let (moji, _, _) = encoding_rs::GBK.decode(clean.as_bytes());
    let d = decode::decode(moji.as_bytes()).unwrap();
    assert_eq!(d.text, clean);
}

/// Mixed files: a report whose first lines are UTF-8 and the rest GB18030 (two
/// files pasted together) reads line by line, with a warning.
#[test]
fn mixed_utf8_and_gb18030_lines() {
    for (name, text) in corpus().into_iter().filter(|(n, _)| n.ends_with(".txt")) {
        let cut = text.match_indices('\n').nth(5).map(|(i, _)| i + 1).unwrap_or(0);
        if cut == 0 || text[cut..].is_ascii() {
            continue;
        }
        let mut bytes = text.as_bytes()[..cut].to_vec();
        bytes.extend(encode(&text[cut..], GB18030).unwrap());
        let d = decode::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(d.text == text, "{name}: mixed text differs");
        if !text[..cut].is_ascii() {
            assert_eq!(d.encoding, "UTF-8+GB18030", "{name}");
            assert_eq!(input_codes(&d.diagnostics), ["input.mixed-encoding"], "{name}");
        }
    }
}

/// A few damaged bytes: the report is still read, the damage is counted and
/// located, never silent.
#[test]
fn damaged_bytes_are_counted_and_located() {
    for (name, text) in corpus() {
        let mut gb = encode(&text, GB18030).unwrap();
        // Damage the 10th line: an invalid byte (0xFF is never valid in GB18030).
        let Some(at) = gb.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(8).map(|(i, _)| i + 1) else { continue };
        gb.insert(at, 0xFF);
        let d = decode::decode(&gb).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(d.encoding, "GB18030", "{name}");
        let lossy: Vec<&Diagnostic> = d.diagnostics.iter().filter(|x| x.code == "input.lossy").collect();
        assert_eq!(lossy.len(), 1, "{name}");
        assert_eq!(lossy[0].line, Some(10), "{name}");
        assert!(lossy[0].message.starts_with("1 byte"), "{name}: {}", lossy[0].message);
    }
}

/// A traditional-script report in Big5 gives the numbers of its simplified
/// original (SPEC §4: the labels in traditional script are read as well).
#[test]
fn traditional_big5_reads_like_the_simplified_original() {
    let originals = corpus();
    for (name, text) in traditional() {
        let Some((_, simplified)) = originals.iter().find(|(n, _)| *n == name) else { continue };
        let from_big5 = parse_bytes(&encode(&text, BIG5).unwrap());
        let want = parse(simplified);
        match (&want, &from_big5) {
            (Ok(w), Ok(g)) => {
                let w: Vec<_> = w.flat().into_iter().filter(|(k, _)| !k.starts_with("meta.agency")).collect();
                let g: Vec<_> = g.flat().into_iter().filter(|(k, _)| !k.starts_with("meta.agency")).collect();
                assert_eq!(w, g, "{name}: the traditional version reads other numbers");
            }
            (Err(w), Err(g)) => assert_eq!(w.kind, g.kind, "{name}"),
            (w, g) => panic!("{name}: simplified gives {}, traditional Big5 gives {}", outcome(w), outcome(g)),
        }
    }
}
