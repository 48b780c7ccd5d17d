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
    // A page that declares `<meta charset="utf-8">` and is saved in another
    // encoding contradicts its declaration: read by its bytes, with a warning.
    let legacy_codes: &'static [&'static str] =
        if decode::declared_charset(text.as_bytes()) == Some(encoding_rs::UTF_8) { &["input.encoding"] } else { &[] };
    if let Some(b) = encode(text, GB18030) {
        v.push(Variant { label: "GB18030", bytes: b, encoding: "GB18030", input_codes: legacy_codes });
    }
    if let Some(b) = encode(text, BIG5) {
        v.push(Variant { label: "Big5", bytes: b, encoding: "Big5", input_codes: legacy_codes });
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

// ---------------------------------------------------------------------------
// `<meta charset>`: a hint that the bytes must agree with.

/// A short page declaring its charset in one of the ways pages do.
fn short_page(declaration: &str, body: &str) -> String {
    format!("<!DOCTYPE html>\n<html>\n<head>\n{declaration}\n<title>{body}</title>\n</head>\n<body>\n<p>{body}</p>\n</body>\n</html>\n")
}

/// The corpus HTML page, its `<meta charset="utf-8">` replaced by `declaration`.
fn corpus_page_declaring(declaration: &str) -> String {
    let (_, page) = corpus().into_iter().find(|(n, _)| n.ends_with(".html")).expect("an HTML page in the corpus");
    let old = r#"<meta charset="utf-8""#;
    assert!(page.contains(old), "the corpus page declares utf-8");
    page.replacen(old, declaration, 1)
}

#[test]
fn a_gbk_page_with_meta_charset_is_read_as_declared() {
    for declaration in [r#"<meta charset="gb2312""#, r#"<meta http-equiv="Content-Type" content="text/html; charset=gbk""#, "<META CHARSET=GB18030"] {
        let page = corpus_page_declaring(declaration);
        let bytes = encode(&page, GB18030).unwrap();
        let d = decode::decode(&bytes).unwrap();
        assert!(d.text == page, "{declaration}: decoded text differs");
        assert_eq!(d.encoding, "GB18030", "{declaration}");
        assert!(d.diagnostics.is_empty(), "{declaration}: {:?}", d.diagnostics);
        assert_same(declaration, &parse(&page), &parse_bytes(&bytes));
    }
}

/// Characters whose Big5 bytes read as common simplified characters in GB18030
/// (政 → 現, 數 → 计, …): a short Big5 page of them reads as well in either
/// encoding, and undeclared the detection takes GB18030 (the more common
/// encoding on a tie), or warns of the close call.
const BIG5_AMBIGUOUS: &str = "政善參數家備 廣價華詢";

#[test]
fn a_short_big5_page_is_settled_by_its_meta_charset() {
    let undeclared = short_page("<meta name=\"keywords\" content=\"\">", BIG5_AMBIGUOUS);
    let d = decode::decode(&encode(&undeclared, BIG5).unwrap()).unwrap();
    assert!(
        d.encoding != "Big5" || input_codes(&d.diagnostics).contains(&"input.encoding"),
        "the undeclared page must be a wrong or doubtful call for this test to mean anything: {} {:?}",
        d.encoding,
        d.diagnostics
    );
    for declaration in [r#"<meta charset="big5">"#, r#"<meta http-equiv="content-type" content="text/html;charset=BIG5" />"#, "<meta charset='x-x-big5'>"] {
        let page = short_page(declaration, BIG5_AMBIGUOUS);
        let d = decode::decode(&encode(&page, BIG5).unwrap()).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("Big5", page.as_str()), "{declaration}");
        assert!(d.diagnostics.is_empty(), "{declaration}: {:?}", d.diagnostics);
    }
}

/// The GBK side of the same: simplified characters whose GBK bytes read as
/// common traditional characters in Big5 (体 → 極, 到 → 善, …).
#[test]
fn a_short_gbk_page_is_settled_by_its_meta_charset() {
    let body = "体到单地基常 快把放称";
    let undeclared = short_page("<meta name=\"keywords\" content=\"\">", body);
    let d = decode::decode(&encode(&undeclared, GB18030).unwrap()).unwrap();
    assert!(
        d.encoding != "GB18030" || input_codes(&d.diagnostics).contains(&"input.encoding"),
        "the undeclared page must be a wrong or doubtful call: {} {:?}",
        d.encoding,
        d.diagnostics
    );
    let page = short_page(r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#, body);
    let d = decode::decode(&encode(&page, GB18030).unwrap()).unwrap();
    assert_eq!((d.encoding.as_str(), d.text.as_str()), ("GB18030", page.as_str()));
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

/// A traditional report in Big5 as a page declaring big5 reads as its text does.
#[test]
fn a_big5_page_with_meta_charset_reads_as_its_text() {
    for (name, text) in traditional() {
        let page = format!("<html><head><meta charset=\"big5\"><title>{name}</title></head><body><pre>\n{text}</pre></body></html>\n");
        let Some(bytes) = encode(&page, BIG5) else { continue };
        let d = decode::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(d.text == page, "{name}: decoded text differs");
        assert_eq!(d.encoding, "Big5", "{name}");
        assert!(d.diagnostics.is_empty(), "{name}: {:?}", d.diagnostics);
        assert_same(&format!("{name} as a Big5 page"), &parse(&page), &parse_bytes(&bytes));
    }
}

/// A declaration the bytes contradict: the bytes win, and the warning names
/// both the declared encoding and the one used.
#[test]
fn a_meta_charset_the_bytes_contradict_is_overruled_with_a_warning() {
    let warning = |d: &decode::Decoded| -> String {
        let w: Vec<&Diagnostic> = d.diagnostics.iter().filter(|x| x.code == "input.encoding").collect();
        assert_eq!(w.len(), 1, "{:?}", d.diagnostics);
        w[0].message.clone()
    };
    // declared utf-8, saved in GBK (the corpus page, and a short one)
    for page in [corpus_page_declaring(r#"<meta charset="utf-8""#), short_page(r#"<meta charset="UTF-8">"#, "一、总体情况 本机关主动公开政府信息")] {
        let d = decode::decode(&encode(&page, GB18030).unwrap()).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text == page, "decoded text differs");
        let m = warning(&d);
        assert!(m.contains("UTF-8") && m.contains("GB18030") && m.to_lowercase().contains("utf-8"), "{m}");
    }
    // declared gbk or big5, saved in UTF-8
    for declaration in [r#"<meta charset="gbk">"#, r#"<meta http-equiv="Content-Type" content="text/html; charset=big5">"#] {
        let page = short_page(declaration, "一、总体情况 本机关主动公开政府信息");
        let d = decode::decode(page.as_bytes()).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("UTF-8", page.as_str()), "{declaration}");
        let m = warning(&d);
        assert!(m.contains("UTF-8") && (m.contains("gbk") || m.contains("big5")), "{m}");
        // the report from the bytes is the report from the text
        assert_same(declaration, &parse(&page), &parse_bytes(page.as_bytes()));
    }
    // declared big5, saved in GBK: a simplified report
    let page = corpus_page_declaring(r#"<meta charset="big5""#);
    let d = decode::decode(&encode(&page, GB18030).unwrap()).unwrap();
    assert_eq!(d.encoding, "GB18030");
    let m = warning(&d);
    assert!(m.contains("big5") && m.contains("GB18030"), "{m}");
    // declared gbk, and the bytes are ASCII: nothing to contradict
    let d = decode::decode(short_page(r#"<meta charset="gbk">"#, "Annual report 2024").as_bytes()).unwrap();
    assert_eq!(d.encoding, "UTF-8");
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}
