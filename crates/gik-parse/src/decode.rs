//! Bytes into text: encoding detection and refusal of binary data.
//!
//! Supported encodings: UTF-8 (with or without BOM), UTF-16LE/BE (with a BOM, or
//! without one when the pattern of NUL bytes leaves no doubt), GB18030 (and so
//! GBK and GB2312, its subsets), Big5. All decoding is done by `encoding_rs`;
//! this module only decides *which* decoder to use, and says so.
//!
//! ```
//! let bytes = b"\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5\xc7\xe9\xbf\xf6"; // 一、总体情况 in GBK
//! let d = gik_parse::decode::decode(bytes).unwrap();
//! assert_eq!(d.text, "一、总体情况");
//! assert_eq!(d.encoding, "GB18030");
//! ```
//!
//! How the choice is made, in order:
//!
//! 1. Known binary formats are refused by their first bytes ([`sniff_binary`]):
//!    PDF, legacy Word/Excel (OLE2), ZIP archives that are not DOCX, images, …,
//!    each with a message saying what to do instead.
//! 2. A BOM decides (UTF-8, UTF-16LE, UTF-16BE).
//! 3. NUL bytes that fall on every other byte mean BOM-less UTF-16
//!    (`input.encoding` warning); other NULs mean binary data, or, when there are
//!    only a few in otherwise good text, stray NULs that are dropped
//!    (`input.nul` warning).
//! 4. Valid UTF-8 is UTF-8 — unless it is mojibake (UTF-8 that was once read as
//!    GBK and saved again), which is repaired (`input.mojibake`) or refused.
//! 5. Otherwise each candidate (GB18030, Big5, UTF-8 with bad bytes, and a mix
//!    of UTF-8 and GB18030 lines) is decoded and scored by how much of the text
//!    is common Chinese characters and template words; the best one wins, and a
//!    close call is reported (`input.encoding`).
//!
//! Bytes that could not be decoded are replaced by U+FFFD and counted
//! (`input.lossy`); too many of them, or a text with no recognisable Chinese at
//! all, is an [`ErrorKind::Undecodable`] error. Decoding is never silent about
//! doubt, and takes time and memory linear in the input.

use crate::error::{Error, ErrorKind};
use encoding_rs::{DecoderResult, EncoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use gik_model::Diagnostic;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `GB18030`, `Big5`, `UTF-16LE`,
    /// `UTF-16BE`, or `UTF-8+GB18030` for a file whose lines mix the two).
    pub encoding: String,
    /// `input.*` warnings about the decoding.
    pub diagnostics: Vec<Diagnostic>,
}

// ---------------------------------------------------------------------------
// Binary formats
// ---------------------------------------------------------------------------

/// A binary format recognised by its first bytes, and what the user should do.
struct Magic {
    /// The bytes the file starts with.
    prefix: &'static [u8],
    kind: ErrorKind,
    /// The message: what the file is and how to get text out of it.
    message: &'static str,
}

const PDF_MESSAGE: &str = "looks like a PDF, extract its text first with `pdftotext -layout FILE`";
const OLE2_MESSAGE: &str = "a legacy Word/Excel file: convert it with `libreoffice --headless --convert-to docx` or extract text with `antiword`/`catdoc`";

/// Formats told apart by their first bytes. PDF is searched for in the first
/// kilobyte (readers accept junk before `%PDF-`); ZIP needs a look inside.
const MAGICS: &[Magic] = &[
    Magic { prefix: b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", kind: ErrorKind::Binary, message: OLE2_MESSAGE },
    Magic { prefix: b"\x89PNG\r\n\x1A\n", kind: ErrorKind::Binary, message: "an image (PNG); run OCR first" },
    Magic { prefix: b"\xFF\xD8\xFF", kind: ErrorKind::Binary, message: "an image (JPEG); run OCR first" },
    Magic { prefix: b"GIF87a", kind: ErrorKind::Binary, message: "an image (GIF); run OCR first" },
    Magic { prefix: b"GIF89a", kind: ErrorKind::Binary, message: "an image (GIF); run OCR first" },
    Magic { prefix: b"II*\x00", kind: ErrorKind::Binary, message: "an image (TIFF); run OCR first" },
    Magic { prefix: b"MM\x00*", kind: ErrorKind::Binary, message: "an image (TIFF); run OCR first" },
    Magic { prefix: b"{\\rtf", kind: ErrorKind::Binary, message: "an RTF document: convert it with `libreoffice --headless --convert-to docx` or extract text with `unrtf --text`" },
    Magic { prefix: b"\x1F\x8B", kind: ErrorKind::Binary, message: "a gzip-compressed file: decompress it first (`gunzip`)" },
    Magic { prefix: b"7z\xBC\xAF\x27\x1C", kind: ErrorKind::Binary, message: "a 7-Zip archive: extract the report from it first" },
    Magic { prefix: b"Rar!\x1A\x07", kind: ErrorKind::Binary, message: "a RAR archive: extract the report from it first" },
    Magic { prefix: b"\x7FELF", kind: ErrorKind::Binary, message: "an executable program (ELF), not a document" },
    // Checked before the UTF-16 BOMs they begin with.
    Magic { prefix: b"\xFF\xFE\x00\x00", kind: ErrorKind::Undecodable, message: "UTF-32LE text is not supported: convert it with `iconv -f UTF-32 -t UTF-8`" },
    Magic { prefix: b"\x00\x00\xFE\xFF", kind: ErrorKind::Undecodable, message: "UTF-32BE text is not supported: convert it with `iconv -f UTF-32 -t UTF-8`" },
];

/// Is this a binary format that is not a supported document? `None` for text,
/// and for a ZIP that holds a Word document (`word/document.xml`), which the
/// DOCX reader takes.
///
/// ```
/// let e = gik_parse::decode::sniff_binary(b"%PDF-1.7\n...").unwrap();
/// assert_eq!(e.kind, gik_parse::ErrorKind::Binary);
/// assert!(e.message.contains("pdftotext -layout FILE"));
/// assert!(gik_parse::decode::sniff_binary("一、总体情况".as_bytes()).is_none());
/// ```
pub fn sniff_binary(bytes: &[u8]) -> Option<Error> {
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Some(Error::new(ErrorKind::Binary, PDF_MESSAGE));
    }
    if let Some(m) = MAGICS.iter().find(|m| bytes.starts_with(m.prefix)) {
        return Some(Error::new(m.kind, m.message));
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some(Error::new(ErrorKind::Binary, "an image (WebP); run OCR first"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_not_docx(bytes);
    }
    None
}

/// A ZIP archive: fine when it is a DOCX, otherwise say what it is. Entry names
/// are stored uncompressed in the local headers and the central directory, so a
/// byte search finds them.
fn zip_not_docx(bytes: &[u8]) -> Option<Error> {
    if find(bytes, b"word/document.xml").is_some() {
        return None;
    }
    let what = if find(bytes, b"xl/workbook.xml").is_some() {
        "an Excel workbook (.xlsx), not a report document: export the report as text or .docx"
    } else if find(bytes, b"ppt/presentation.xml").is_some() {
        "a PowerPoint file (.pptx), not a report document: export the report as text or .docx"
    } else if find(bytes, b"OFD.xml").is_some() {
        "an OFD document: export its text first (e.g. with the OFD reader's \"save as text\")"
    } else if find(bytes, b"content.xml").is_some() && find(bytes, b"opendocument").is_some() {
        "an OpenDocument file: convert it with `libreoffice --headless --convert-to docx`"
    } else {
        "a ZIP archive that is not a Word .docx (it holds no word/document.xml): unpack it and parse the report inside"
    };
    Some(Error::new(ErrorKind::Binary, what))
}

/// Position of `needle` in `hay` (naive, linear for the short needles used here).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1].iter().position(|&b| b == first) {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

/// Decode bytes into text (see the module docs for how the encoding is chosen).
///
/// Known binary formats are an [`ErrorKind::Binary`] error (a DOCX too: read it
/// with [`crate::parse_bytes`]); empty input is [`ErrorKind::NotAReport`]; bytes
/// that no supported encoding turns into text are [`ErrorKind::Undecodable`].
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    decode_borrowed(bytes).map(|d| Decoded { text: d.text.into_owned(), encoding: d.encoding, diagnostics: d.diagnostics })
}

/// [`Decoded`], borrowing the text from the input where it can (valid UTF-8,
/// with or without BOM): a 100 MB UTF-8 input is not copied.
#[derive(Debug, Clone)]
pub struct DecodedRef<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// As [`Decoded::encoding`].
    pub encoding: String,
    /// `input.*` warnings about the decoding.
    pub diagnostics: Vec<Diagnostic>,
}

/// [`decode`] without copying valid UTF-8.
pub fn decode_borrowed(bytes: &[u8]) -> Result<DecodedRef<'_>, Error> {
    if let Some(e) = sniff_binary(bytes) {
        return Err(e);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::new(ErrorKind::Binary, "a Word .docx file: read it with `parse_bytes`, not as text"));
    }
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::NotAReport, "the input is empty (0 bytes)"));
    }
    let mut diags = Vec::new();
    let (text, encoding, lossy) = choose(bytes, &mut diags)?;
    finish(text, encoding, lossy, diags, bytes.len())
}

/// Bytes that a decoder could not read: how many, and the first line (1-based,
/// in the decoded text) where that happened.
#[derive(Debug, Clone, Copy, Default)]
struct Lossy {
    bytes: usize,
    first_line: Option<u32>,
}

/// Pick the encoding and decode.
fn choose<'a>(bytes: &'a [u8], diags: &mut Vec<Diagnostic>) -> Result<(Cow<'a, str>, &'static str, Lossy), Error> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        if enc == UTF_8 {
            if let Ok(s) = std::str::from_utf8(&bytes[bom_len..]) {
                return Ok((Cow::Borrowed(s), "UTF-8", Lossy::default()));
            }
        }
        let (text, lossy) = decode_counting(enc, &bytes[bom_len..]);
        return Ok((Cow::Owned(text), enc.name(), lossy));
    }
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        if let Some(enc) = sniff_utf16(bytes) {
            diags.push(Diagnostic::warning(
                "input.encoding",
                format!("no byte order mark: read as {} because every other byte is NUL, as in UTF-16 text", enc.name()),
                None,
            ));
            let (text, lossy) = decode_counting(enc, bytes);
            return Ok((Cow::Owned(text), enc.name(), lossy));
        }
        let first = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        let line = line_at_bytes(bytes, first);
        // More than a handful, and more than one byte in 200: binary data.
        if nuls > 8 && nuls * 200 > bytes.len() {
            return Err(Error::new(
                ErrorKind::Binary,
                format!(
                    "binary data, not text: {nuls} NUL bytes (first at byte {first}, line {line}) that do not fall on every other byte, as they would in UTF-16 text; if it is a document, convert it to text first"
                ),
            ));
        }
        // A few stray NULs in text: no ASCII-compatible encoding has a NUL
        // inside a character, so dropping them loses nothing else.
        let stripped: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
        diags.push(Diagnostic::warning(
            "input.nul",
            format!("{nuls} stray NUL byte(s) removed (first on line {line}): too few, and not in the pattern of UTF-16, to be anything but noise in text"),
            Some(line),
        ));
        let (text, enc, lossy) = choose(&stripped, diags)?;
        return Ok((Cow::Owned(text.into_owned()), enc, lossy));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return match unmojibake(s)? {
            Some((fixed, note)) => {
                diags.push(note);
                Ok((Cow::Owned(fixed), "UTF-8", Lossy::default()))
            }
            None => Ok((Cow::Borrowed(s), "UTF-8", Lossy::default())),
        };
    }
    let (text, enc, lossy) = choose_legacy(bytes, diags);
    Ok((Cow::Owned(text), enc, lossy))
}

/// Not valid UTF-8 and no BOM: score the candidates and take the best.
fn choose_legacy(bytes: &[u8], diags: &mut Vec<Diagnostic>) -> (String, &'static str, Lossy) {
    let sample = sample_bytes(bytes, SAMPLE_BYTES);
    // the sample's decodings; when the sample is the whole input, the chosen one is the result
    let decoded: [(String, Lossy); 3] = [decode_counting(GB18030, sample), decode_counting(BIG5, sample), decode_counting(UTF_8, sample)];
    let mut cands: Vec<(&'static str, i64)> =
        vec![("GB18030", score(&decoded[0].0)), ("Big5", score(&decoded[1].0)), ("UTF-8", score(&decoded[2].0))];
    let whole = sample.len() == bytes.len();
    let [gb, big5, utf8] = decoded;
    let of_input = |enc: &'static Encoding, d: (String, Lossy)| if whole { d } else { decode_counting(enc, bytes) };
    let mixed = mixed_lines(sample);
    if let Some((text, _, _)) = &mixed {
        cands.push(("UTF-8+GB18030", score(text)));
    }
    // Stable sort: on a tie the earlier (more common) encoding wins.
    cands.sort_by_key(|c| std::cmp::Reverse(c.1));
    let (best, best_score) = cands[0];
    // A close call is one between Big5 and the rest: the mixed candidate
    // differs from plain GB18030 or UTF-8 only on its few other lines.
    let rival = cands.iter().skip(1).find(|c| (c.0 == "Big5") != (best == "Big5"));
    if let Some(&(second, second_score)) = rival {
        if best_score > 0 && second_score > 0 && close_call(best_score, second_score) {
            diags.push(Diagnostic::warning(
                "input.encoding",
                format!(
                    "the encoding is a close call: the text reads about as well as {best} (score {best_score}) as {second} (score {second_score}); read as {best}"
                ),
                None,
            ));
        }
    }
    match best {
        "Big5" => {
            let (t, l) = of_input(BIG5, big5);
            (t, "Big5", l)
        }
        "UTF-8" => {
            let (t, l) = of_input(UTF_8, utf8);
            (t, "UTF-8", l)
        }
        "UTF-8+GB18030" => {
            let full = if sample.len() == bytes.len() { mixed } else { mixed_lines(bytes) };
            match full {
                Some((text, lines, lossy)) => {
                    diags.push(Diagnostic::warning(
                        "input.mixed-encoding",
                        format!(
                            "the file mixes encodings: {} line(s) are GB18030 (first: line {}), the others UTF-8; each line was read in its own encoding",
                            lines.len(),
                            lines.first().map(|l| l.to_string()).unwrap_or_default()
                        ),
                        lines.first().copied(),
                    ));
                    (text, "UTF-8+GB18030", lossy)
                }
                None => {
                    let (t, l) = of_input(GB18030, gb);
                    (t, "GB18030", l)
                }
            }
        }
        _ => {
            let (t, l) = of_input(GB18030, gb);
            (t, "GB18030", l)
        }
    }
}

/// Scores within 15% of each other.
fn close_call(best: i64, second: i64) -> bool {
    (best - second) * 100 < best * 15
}

/// The text, checked: NULs, control characters, replaced bytes, emptiness.
fn finish<'a>(mut text: Cow<'a, str>, encoding: &str, lossy: Lossy, mut diags: Vec<Diagnostic>, n_bytes: usize) -> Result<DecodedRef<'a>, Error> {
    let controls = Controls::count(&text);
    let chars = text.chars().count().max(1);
    // NUL bytes were dealt with before decoding; a NUL character here was
    // encoded as such (UTF-16), and counts as a control character.
    let n = controls.nul + controls.other;
    if n > 8 && n * 200 > chars {
        return Err(Error::new(
            ErrorKind::Binary,
            format!(
                "binary data, not text: decoded as {encoding} it holds {n} control characters (first on line {}); if it is a document, convert it to text first",
                controls.first_line
            ),
        ));
    }
    if controls.nul > 0 {
        text.to_mut().retain(|c| c != '\0');
        diags.push(Diagnostic::warning(
            "input.nul",
            format!("{} NUL character(s) removed (first on line {})", controls.nul, controls.nul_line),
            Some(controls.nul_line),
        ));
    }
    if lossy.bytes > 0 {
        // More than one byte in ten undecodable: not text in this encoding.
        if lossy.bytes * 10 > n_bytes {
            return Err(Error::new(
                ErrorKind::Undecodable,
                format!(
                    "{} of {n_bytes} bytes are not valid in any supported encoding (UTF-8, UTF-16, GB18030, Big5); best guess {encoding}, first bad byte on line {}",
                    lossy.bytes,
                    lossy.first_line.unwrap_or(1)
                ),
            ));
        }
        diags.push(Diagnostic::warning(
            "input.lossy",
            format!(
                "{} byte(s) could not be decoded as {encoding} and were replaced by U+FFFD (first on line {}); a number next to them may be missing",
                lossy.bytes,
                lossy.first_line.unwrap_or(1)
            ),
            lossy.first_line,
        ));
    }
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::NotAReport, format!("the input holds no text ({n_bytes} bytes of whitespace)")));
    }
    if encoding != "UTF-8" && unreadable(&text) {
        return Err(Error::new(
            ErrorKind::Undecodable,
            format!("no supported encoding (UTF-8, UTF-16, GB18030, Big5) turns these bytes into readable Chinese text (best guess {encoding}): binary data or an unsupported encoding"),
        ));
    }
    Ok(DecodedRef { text, encoding: encoding.to_string(), diagnostics: diags })
}

/// A legacy-encoded text with many non-ASCII characters of which almost none
/// are common Chinese characters (under one in five, where real Chinese text
/// has more than half): what random bytes decode to.
fn unreadable(text: &str) -> bool {
    let sample = sample_str(text, SAMPLE_BYTES);
    let non_ascii = sample.chars().filter(|c| !c.is_ascii()).count();
    let common = sample.chars().filter(|&c| is_common(c)).count();
    non_ascii >= 16 && common * 5 < non_ascii
}

/// Control characters that do not belong in text (tab, newline, vertical tab,
/// form feed, carriage return and a trailing DOS end-of-file mark do).
#[derive(Default)]
struct Controls {
    nul: usize,
    other: usize,
    nul_line: u32,
    first_line: u32,
}

impl Controls {
    fn count(text: &str) -> Controls {
        let mut c = Controls { nul_line: 0, first_line: 0, ..Default::default() };
        let mut line = 1u32;
        let body = text.trim_end_matches('\u{1A}');
        for ch in body.chars() {
            match ch {
                '\n' => line = line.saturating_add(1),
                '\t' | '\r' | '\u{0B}' | '\u{0C}' => {}
                '\0' => {
                    c.nul += 1;
                    if c.nul_line == 0 {
                        c.nul_line = line;
                    }
                    if c.first_line == 0 {
                        c.first_line = line;
                    }
                }
                ch if ch.is_control() => {
                    c.other += 1;
                    if c.first_line == 0 {
                        c.first_line = line;
                    }
                }
                _ => {}
            }
        }
        c
    }
}

/// Decode with `enc` (no BOM handling), replacing bad bytes by U+FFFD and counting them.
fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, Lossy) {
    if enc == UTF_8 {
        return utf8_counting(bytes);
    }
    let mut dec = enc.new_decoder_without_bom_handling();
    let cap = dec.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len());
    let mut out = String::with_capacity(cap);
    let mut src = bytes;
    let mut bad = 0usize;
    let mut first_bad: Option<usize> = None;
    loop {
        let (res, read) = dec.decode_to_string_without_replacement(src, &mut out, true);
        src = &src[read..];
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = dec.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len());
                out.reserve(more.max(16));
            }
            DecoderResult::Malformed(n, _) => {
                bad += n as usize;
                first_bad.get_or_insert(out.len());
                out.push('\u{FFFD}');
            }
        }
    }
    out.shrink_to_fit();
    let first_line = first_bad.map(|at| line_at(&out, at));
    (out, Lossy { bytes: bad, first_line })
}

/// [`decode_counting`] for UTF-8, by the standard library: the same maximal
/// subparts replaced (WHATWG), many times faster on text full of bad bytes (the
/// mojibake test decodes every input's GBK bytes as UTF-8).
fn utf8_counting(bytes: &[u8]) -> (String, Lossy) {
    let mut out = String::with_capacity(bytes.len());
    let mut bad = 0usize;
    let mut first_bad: Option<usize> = None;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            bad += chunk.invalid().len();
            first_bad.get_or_insert(out.len());
            out.push('\u{FFFD}');
        }
    }
    out.shrink_to_fit();
    let first_line = first_bad.map(|at| line_at(&out, at));
    (out, Lossy { bytes: bad, first_line })
}

/// 1-based line of byte offset `at` in bytes of an ASCII-compatible encoding.
fn line_at_bytes(bytes: &[u8], at: usize) -> u32 {
    let n = bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count();
    u32::try_from(n).unwrap_or(u32::MAX - 1) + 1
}

/// 1-based line of byte offset `at` in `text`.
fn line_at(text: &str, at: usize) -> u32 {
    let n = text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count();
    u32::try_from(n).unwrap_or(u32::MAX - 1) + 1
}

// ---------------------------------------------------------------------------
// UTF-16 without BOM
// ---------------------------------------------------------------------------

/// UTF-16 without a BOM, when the NULs leave no doubt: in UTF-16LE text every
/// ASCII character (digits, newlines, spaces) is followed by a NUL, so NULs fall
/// on odd offsets; in UTF-16BE on even ones. CJK characters have no NUL byte
/// except those ending in 00 (一 is U+4E00), so the other parity is allowed a few.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(SAMPLE_BYTES) & !1;
    let pairs = n / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in bytes[..n].iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1
            } else {
                odd += 1
            }
        }
    }
    for (enc, main, other) in [(UTF_16LE, odd, even), (UTF_16BE, even, odd)] {
        // At least one character in twenty ASCII, and more NULs on that side;
        // the decoded text must then read as text (the wrong byte order turns
        // every ASCII character into an unlikely one: "1" into U+3100).
        if main * 20 >= pairs && other * 2 <= main {
            let (text, lossy) = decode_counting(enc, &bytes[..n]);
            if lossy.bytes <= 2 && plausible_text(&text) {
                return Some(enc);
            }
        }
    }
    None
}

/// A character a report is written in: ASCII, Latin, general punctuation and
/// symbols, CJK (with its punctuation and full-width forms).
fn plausible_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | ' '..='~' | '\u{A0}'..='\u{24F}' | '\u{2000}'..='\u{27BF}' | '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}')
}

/// At least 98% of the characters are ones a report is written in.
fn plausible_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut good = 0usize;
    for c in text.chars() {
        total += 1;
        if plausible_char(c) {
            good += 1;
        }
    }
    total > 0 && good * 100 >= total * 98
}

// ---------------------------------------------------------------------------
// Mixed UTF-8 and GB18030 lines
// ---------------------------------------------------------------------------

/// Decode line by line, each line in whichever of UTF-8 and GB18030 reads
/// better; `Some` only when both occur (a file pasted together from two
/// sources). Returns the text and the 1-based numbers of the GB18030 lines.
fn mixed_lines(bytes: &[u8]) -> Option<(String, Vec<u32>, Lossy)> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut gb_lines = Vec::new();
    let mut utf8_lines = 0usize;
    let mut lossy = Lossy::default();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_ascii() {
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            continue;
        }
        match std::str::from_utf8(line) {
            // A valid UTF-8 line is UTF-8 unless it reads as characters no
            // report is written in while GB18030 reads it as Chinese: a GBK
            // line can be valid UTF-8 by chance (业 is D2 B5, UTF-8 for ҵ).
            // Scores would not do: "\t\u{A0}2" is "\t聽2" in GB18030.
            Ok(s) if !valid_line_is_gb(s, line) => {
                utf8_lines += 1;
                out.push_str(s);
            }
            _ => {
                let (gb, gl) = decode_counting(GB18030, line);
                let (u8l, ul) = decode_counting(UTF_8, line);
                // A UTF-8 line with a few damaged bytes stays UTF-8: what it
                // reads as around the bad bytes is text a report is written in,
                // and at most a third of its non-ASCII bytes are bad (GBK read as
                // UTF-8 gives Cyrillic, Greek, … between them); or a lone byte.
                let non_ascii = line.iter().filter(|b| !b.is_ascii()).count();
                let mut rest = u8l.chars().filter(|&c| !c.is_ascii() && c != '\u{FFFD}').peekable();
                let readable = rest.peek().is_some() && rest.all(plausible_char);
                let damaged_utf8 = (readable && ul.bytes * 3 <= non_ascii) || non_ascii <= 1;
                // (No bad UTF-8 bytes: a valid line that reads as GB18030, above.)
                let (text, l) = if ul.bytes == 0 || (!damaged_utf8 && gl.bytes < ul.bytes) {
                    gb_lines.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
                    (gb, gl)
                } else {
                    utf8_lines += 1;
                    (u8l, ul)
                };
                if l.bytes > 0 {
                    lossy.bytes += l.bytes;
                    lossy.first_line.get_or_insert(u32::try_from(i + 1).unwrap_or(u32::MAX));
                }
                out.push_str(&text);
            }
        }
    }
    (utf8_lines > 0 && !gb_lines.is_empty()).then_some((out, gb_lines, lossy))
}

/// A line that is valid UTF-8 but GBK: as UTF-8 it holds a character a report
/// is not written in, and as GB18030 it is Chinese throughout.
fn valid_line_is_gb(utf8: &str, line: &[u8]) -> bool {
    if utf8.chars().all(plausible_char) {
        return false;
    }
    let (gb, lossy) = decode_counting(GB18030, line);
    lossy.bytes == 0 && gb.chars().all(plausible_char) && gb.chars().any(|c| ('\u{3400}'..='\u{9FFF}').contains(&c))
}

// ---------------------------------------------------------------------------
// Mojibake
// ---------------------------------------------------------------------------

/// UTF-8 that was once read as GBK and saved again (`涓€銆佹€讳綋鎯呭喌` for
/// `一、总体情况`): encoding the text as GBK gives back the original UTF-8 bytes.
/// `Ok(None)`: not mojibake. `Ok(Some)`: repaired, with an `input.mojibake`
/// warning. `Err`: mojibake that lost bytes and cannot be repaired exactly.
fn unmojibake(text: &str) -> Result<Option<(String, Diagnostic)>, Error> {
    if text.is_ascii() {
        return Ok(None);
    }
    // Decide on a sample, so that ordinary text costs little.
    let sample = sample_str(text, SAMPLE_BYTES);
    // Mojibake when the repaired text reads far better: more than twice the
    // score, and a real margin (only the positive evidence: the repair of lossy
    // mojibake holds U+FFFD). Found without building the repaired text: U+FFFD
    // stands between the valid runs of the bytes and no template word holds it,
    // so the evidence of the repair is the sum over the runs; the original is
    // scored only when the repair could still win (the bar is at least 20).
    let gbk = gbk_bytes(sample);
    let f: i64 = gbk.utf8_chunks().map(|c| evidence(c.valid())).sum();
    if f <= 20 || f <= 2 * evidence(sample).max(0) + 20 {
        return Ok(None);
    }
    let (fixed, lost) = if sample.len() == text.len() { decode_counting(UTF_8, &gbk) } else { regbk(text) };
    if lost.bytes > 0 {
        return Err(Error::new(
            ErrorKind::Undecodable,
            format!(
                "the text is mojibake (UTF-8 that was once read as GBK and saved again, e.g. `涓€銆佹€讳綋鎯呭喌` for `一、总体情况`), and {} byte(s) of it were lost (first on line {}): it cannot be repaired exactly; find the original file",
                lost.bytes,
                lost.first_line.unwrap_or(1)
            ),
        ));
    }
    let note = Diagnostic::warning(
        "input.mojibake",
        "the text was mojibake (UTF-8 once read as GBK and saved again, e.g. `涓€銆佹€讳綋鎯呭喌` for `一、总体情况`); it was repaired exactly",
        None,
    );
    Ok(Some((fixed, note)))
}

/// Encode as GBK (characters GBK cannot encode, such as U+FFFD left by the
/// first bad decoding, become an invalid byte) and decode the bytes as UTF-8.
///
/// GBK is stateless, one character at a time: the encoding of each character
/// of the BMP is remembered per thread (`encoding_rs` looks GBK punctuation up by
/// a linear search, and every input that is valid UTF-8 goes through here).
fn regbk(text: &str) -> (String, Lossy) {
    decode_counting(UTF_8, &gbk_bytes(text))
}

/// The GBK bytes of [`regbk`].
fn gbk_bytes(text: &str) -> Vec<u8> {
    thread_local! {
        /// Per BMP character: 0 when not known yet, else `len << 16 | bytes`.
        static GBK_BMP: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(text.len());
    GBK_BMP.with_borrow_mut(|memo| {
        if memo.is_empty() {
            memo.resize(0x10000, 0);
        }
        let mut rest = text;
        while !rest.is_empty() {
            // ASCII (most of an HTML page) is itself in GBK: copied a run at a time
            let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
            bytes.extend_from_slice(&rest.as_bytes()[..ascii]);
            rest = &rest[ascii..];
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            let i = c as usize;
            if i < 0x10000 && memo[i] != 0 {
                let m = memo[i];
                let b = [(m >> 8) as u8, m as u8];
                bytes.extend_from_slice(&b[2 - (m >> 16) as usize..]);
                continue;
            }
            let (b, n) = gbk_char(c);
            bytes.extend_from_slice(&b[..usize::from(n)]);
            if i < 0x10000 && (1..=2).contains(&n) {
                let packed = if n == 1 { u32::from(b[0]) } else { u32::from(b[0]) << 8 | u32::from(b[1]) };
                memo[i] = u32::from(n) << 16 | packed;
            }
        }
    });
    bytes
}

/// One character in GBK; 0xFF (which never occurs in UTF-8) when GBK cannot encode it.
fn gbk_char(c: char) -> ([u8; 4], u8) {
    let mut enc = GBK.new_encoder();
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let mut out = [0u8; 4];
    let mut bytes: Vec<u8> = Vec::with_capacity(8);
    let (res, _) = enc.encode_from_utf8_to_vec_without_replacement(s, &mut bytes, true);
    if let EncoderResult::Unmappable(_) = res {
        bytes.push(0xFF);
    }
    let n = bytes.len().min(4);
    out[..n].copy_from_slice(&bytes[..n]);
    (out, n as u8)
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// How much of the input the decisions look at.
const SAMPLE_BYTES: usize = 1 << 20;

/// The first `max` bytes, cut at a line end so no character is split.
fn sample_bytes(bytes: &[u8], max: usize) -> &[u8] {
    if bytes.len() <= max {
        return bytes;
    }
    match bytes[..max].iter().rposition(|&b| b == b'\n') {
        Some(p) if p > 0 => &bytes[..p],
        _ => &bytes[..max],
    }
}

/// The first `max` bytes of a string, at a character boundary.
fn sample_str(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The most common Chinese characters in simplified script, and the words of
/// the reports' vocabulary.
const COMMON_SIMPLIFIED: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞息申请诉讼监督障推落善网站执罚许项强费规范章废止策解读访询答复予纠维审结转办";

/// The same in traditional script (characters that differ).
const COMMON_TRADITIONAL: &str = "這個國時來們說會對發動產種後學經進實現體機當點從業應開還間樣與關線內數質氣變條沒結問題黨員總設長頭資邊級圖統較將組見計別論運農幾區決戰則據處隊給門規熱領東導器壓濟階術極聯認權證轉單風帶場車務萬達積議聲報鬥類離華確張馬節話溫傳許廣記須際驗連斷難礦備辦習響約歷構稱準值號維劃選標寫親養層專狀廠識適屬圓調滿縣參紅細聽該鐵價嚴龍飛請訴訟監督護衛訊開執罰項強費範廢檔策讀訪詢答復議審糾網臺";

/// Words of the template in both scripts; each occurrence counts extra.
const TEMPLATE_WORDS: &[&str] = &[
    "政府信息公开", "政府信息公開", "政府資訊公開", "年度报告", "年度報告", "主动公开", "主動公開",
    "依申请", "依申請", "行政复议", "行政復議", "行政诉讼", "行政訴訟", "总体情况", "總體情況",
    "不予公开", "不予公開", "本年", "申请", "申請", "工作",
];

fn common_set() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| COMMON_SIMPLIFIED.chars().chain(COMMON_TRADITIONAL.chars()).collect())
}

fn is_common(c: char) -> bool {
    // a bit per character of the BMP, built once: this runs on every character of the input
    static BMP: OnceLock<Vec<u64>> = OnceLock::new();
    let bits = BMP.get_or_init(|| {
        let mut v = vec![0u64; 0x10000 / 64];
        for &c in common_set() {
            let i = c as usize;
            if i < 0x10000 {
                v[i / 64] |= 1 << (i % 64);
            }
        }
        v
    });
    let i = c as usize;
    if i < 0x10000 {
        bits[i / 64] & (1 << (i % 64)) != 0
    } else {
        common_set().contains(&c)
    }
}

/// How much a decoded text reads like Chinese: [`evidence`] minus ten for each
/// replacement character, control character or private-use character (signs
/// of the wrong decoder).
fn score(text: &str) -> i64 {
    let bad = text
        .chars()
        .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}')) || ('\u{E000}'..='\u{F8FF}').contains(&c))
        .count();
    evidence(text) - 10 * bad as i64
}

/// Common characters count one, template words five.
///
/// One pass: a word is looked for only where its first character is (the
/// count per word is that of `str::matches`, non-overlapping).
fn evidence(text: &str) -> i64 {
    const N: usize = TEMPLATE_WORDS.len();
    static FIRST: OnceLock<Vec<char>> = OnceLock::new();
    let first = FIRST.get_or_init(|| {
        let mut v: Vec<char> = TEMPLATE_WORDS.iter().filter_map(|w| w.chars().next()).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    let mut common = 0i64;
    let mut words = 0usize;
    let mut next_free = [0usize; N];
    let mut i = 0;
    while i < text.len() {
        // ASCII counts for nothing: skipped a run at a time
        match text.as_bytes()[i..].iter().position(|b| !b.is_ascii()) {
            Some(p) => i += p,
            None => break,
        }
        let Some(c) = text[i..].chars().next() else { break };
        let at = i;
        i += c.len_utf8();
        if is_common(c) {
            common += 1;
        }
        if first.binary_search(&c).is_ok() {
            let rest = &text[at..];
            for (k, w) in TEMPLATE_WORDS.iter().enumerate() {
                if at >= next_free[k] && rest.starts_with(w) {
                    words += 1;
                    next_free[k] = at + w.len();
                }
            }
        }
    }
    common + 5 * words as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encoding_rs`'s UTF-8 decoder, as `decode_counting` used it before the fast path.
    fn utf8_by_encoding_rs(bytes: &[u8]) -> (String, usize) {
        let mut dec = UTF_8.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(dec.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(0));
        let (mut src, mut bad) = (bytes, 0usize);
        loop {
            let (res, read) = dec.decode_to_string_without_replacement(src, &mut out, true);
            src = &src[read..];
            match res {
                DecoderResult::InputEmpty => return (out, bad),
                DecoderResult::OutputFull => out.reserve(16),
                DecoderResult::Malformed(n, _) => {
                    bad += n as usize;
                    out.push('\u{FFFD}');
                }
            }
        }
    }

    #[test]
    fn regbk_one_character_at_a_time_is_the_streaming_encoder() {
        let streaming = |text: &str| {
            let mut enc = GBK.new_encoder();
            let mut bytes: Vec<u8> = Vec::new();
            let mut src = text;
            loop {
                bytes.reserve(enc.max_buffer_length_from_utf8_without_replacement(src.len()).unwrap_or(0).max(8));
                let (res, read) = enc.encode_from_utf8_to_vec_without_replacement(src, &mut bytes, true);
                src = &src[read..];
                match res {
                    EncoderResult::InputEmpty => return bytes,
                    EncoderResult::OutputFull => {}
                    EncoderResult::Unmappable(_) => bytes.push(0xFF),
                }
            }
        };
        let text = "一、总体情况（一）€ 12件，本報告\u{FFFD}😀 ā ﹐　A\u{E000}涓€銆佹€讳綋鎯呭喌\n";
        assert_eq!(regbk(text).0, utf8_by_encoding_rs(&streaming(text)).0);
        let all: String = (0x80u32..0x3_0000).filter_map(char::from_u32).collect();
        // twice: the second time from what the first remembered
        for _ in 0..2 {
            assert_eq!(regbk(&all).0, utf8_by_encoding_rs(&streaming(&all)).0);
            assert_eq!(regbk(text).0, utf8_by_encoding_rs(&streaming(text)).0);
        }
    }

    #[test]
    fn repair_scored_run_by_run() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir).unwrap().flatten().filter_map(|e| std::fs::read_to_string(e.path()).ok()).collect();
        // mojibake of a report, and of a short one
        let (moji, _, _) = GBK.decode(texts[0].as_bytes());
        texts.push(moji.into_owned());
        texts.push("涓€銆佹€讳綋鎯呭喌 政府信息公开 \u{FFFD}".into());
        for t in &texts {
            let gbk = gbk_bytes(t);
            let by_runs: i64 = gbk.utf8_chunks().map(|c| evidence(c.valid())).sum();
            assert_eq!(by_runs, evidence(&regbk(t).0));
            assert_eq!(decode_counting(UTF_8, &gbk).0, regbk(t).0);
        }
        // a whole report's mojibake is found (and refused: GBK decoding lost bytes of it)
        assert!(unmojibake(&texts[texts.len() - 2]).is_err());
    }

    #[test]
    fn evidence_counts_as_str_matches() {
        let by_matches = |text: &str| {
            let common = text.chars().filter(|&c| !c.is_ascii() && is_common(c)).count() as i64;
            let words: usize = TEMPLATE_WORDS.iter().map(|w| text.matches(w).count()).sum();
            common + 5 * words as i64
        };
        for text in [
            "",
            "abc",
            "政府信息公开工作年度报告 本年申请申请依申请 行政复议行政诉讼 總體情況 不予公開 本年本年",
            "政府信息公开政府信息公開政府資訊公開工作工作作 涓€銆佹€讳綋",
        ] {
            assert_eq!(evidence(text), by_matches(text), "{text}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                assert_eq!(evidence(&text), by_matches(&text), "{}", e.path().display());
            }
        }
    }

    #[test]
    fn utf8_fast_path_replaces_as_encoding_rs_does() {
        // bytes that are mostly broken UTF-8: lead bytes, continuations, truncated and overlong sequences
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabet: &[u8] = &[b'a', b'\n', 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90];
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    alphabet[(x % alphabet.len() as u64) as usize]
                })
                .collect();
            let (text, lossy) = utf8_counting(&bytes);
            assert_eq!((text, lossy.bytes), utf8_by_encoding_rs(&bytes), "{bytes:x?}");
        }
        let gbk_of_text = GBK.encode("一、总体情况 2024年，本机关新收申请12件").0.into_owned();
        assert_eq!(utf8_counting(&gbk_of_text).0, utf8_by_encoding_rs(&gbk_of_text).0);
    }

    fn gbk(s: &str) -> Vec<u8> {
        GB18030.encode(s).0.into_owned()
    }
    fn big5(s: &str) -> Vec<u8> {
        BIG5.encode(s).0.into_owned()
    }

    const SIMPLIFIED: &str = "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息123条。\n";
    const TRADITIONAL: &str = "某某區人民政府2023年政府資訊公開工作年度報告\n一、總體情況\n2023年，本機關認真貫徹落實《政府資訊公開條例》，主動公開政府資訊123條。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(SIMPLIFIED.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (SIMPLIFIED, "UTF-8"));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(SIMPLIFIED.as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (SIMPLIFIED, "UTF-8"));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn gbk_and_big5_told_apart() {
        let d = decode(&gbk(SIMPLIFIED)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (SIMPLIFIED, "GB18030"));
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
        let d = decode(&big5(TRADITIONAL)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (TRADITIONAL, "Big5"));
        // Traditional characters written in GBK are GBK, not Big5.
        let d = decode(&gbk(TRADITIONAL)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (TRADITIONAL, "GB18030"));
    }

    #[test]
    fn utf16_with_bom_and_without() {
        for (enc, bom) in [(UTF_16LE, &b"\xFF\xFE"[..]), (UTF_16BE, &b"\xFE\xFF"[..])] {
            let units: Vec<u16> = SIMPLIFIED.encode_utf16().collect();
            let body: Vec<u8> = units.iter().flat_map(|u| if enc == UTF_16LE { u.to_le_bytes() } else { u.to_be_bytes() }).collect();
            let mut with_bom = bom.to_vec();
            with_bom.extend_from_slice(&body);
            let d = decode(&with_bom).unwrap();
            assert_eq!((d.text.as_str(), d.encoding.as_str()), (SIMPLIFIED, enc.name()));
            assert!(d.diagnostics.is_empty());
            let d = decode(&body).unwrap();
            assert_eq!((d.text.as_str(), d.encoding.as_str()), (SIMPLIFIED, enc.name()));
            assert_eq!(d.diagnostics[0].code, "input.encoding");
        }
    }

    #[test]
    fn lossy_bytes_are_counted_with_their_line() {
        let mut b = gbk(SIMPLIFIED);
        let second_line = b.iter().position(|&x| x == b'\n').unwrap() + 1;
        b.insert(second_line, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "GB18030");
        let lossy: Vec<_> = d.diagnostics.iter().filter(|x| x.code == "input.lossy").collect();
        assert_eq!(lossy.len(), 1);
        assert_eq!(lossy[0].line, Some(2));
        assert!(lossy[0].message.starts_with("1 byte"), "{}", lossy[0].message);
    }

    #[test]
    fn mojibake_repaired_exactly() {
        let (moji, _, _) = GBK.decode(b"\xE4\xB8\x80\xE3\x80\x81\xE6\x80\xBB\xE4\xBD\x93\xE6\x83\x85\xE5\x86\xB5");
        assert_eq!(moji, "涓€銆佹€讳綋鎯呭喌");
        let text = format!("{moji}\n{moji}\n{moji}\n{moji}\n");
        let d = decode(text.as_bytes()).unwrap();
        assert_eq!(d.text, "一、总体情况\n".repeat(4));
        assert_eq!(d.diagnostics[0].code, "input.mojibake");
    }

    #[test]
    fn lossy_mojibake_refused() {
        // 。 is three bytes: before a newline its last byte pairs with nothing and is lost.
        let original = "一、总体情况。\n主动公开政府信息。\n".repeat(3);
        let (moji, _, _) = GBK.decode(original.as_bytes());
        let e = decode(moji.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Undecodable);
        assert!(e.message.contains("mojibake"), "{}", e.message);
    }

    #[test]
    fn ordinary_text_is_not_mojibake() {
        let d = decode("一、总体情况\n涓€ is a word in a sentence about 政府信息公开。\n".as_bytes()).unwrap();
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn stray_nul_dropped_many_nuls_binary() {
        let mut b = SIMPLIFIED.as_bytes().to_vec();
        b.insert(20, 0); // inside 府
        b.insert(80, 0);
        let d = decode(&b).unwrap();
        assert_eq!(d.text, SIMPLIFIED);
        assert_eq!(d.diagnostics[0].code, "input.nul");
        let mut b = SIMPLIFIED.as_bytes().to_vec();
        for i in (0..b.len()).step_by(7) {
            b[i] = 0;
        }
        assert_eq!(decode(&b).unwrap_err().kind, ErrorKind::Binary);
    }

    #[test]
    fn binary_formats_named() {
        let cases: &[(&[u8], &str)] = &[
            (b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", "pdftotext -layout FILE"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", "antiword"),
            (b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", "run OCR first"),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "run OCR first"),
            (b"GIF89a\x01\x00", "run OCR first"),
            (b"PK\x03\x04\x14\0\0\0\x08\0mimetypeapplication/epub+zip", "not a Word .docx"),
            (b"PK\x03\x04\x14\0\0\0\x08\0xl/workbook.xml", "Excel"),
        ];
        for (bytes, says) in cases {
            let e = decode(bytes).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Binary);
            assert!(e.message.contains(says), "{} lacks {says}", e.message);
        }
        assert!(sniff_binary(b"PK\x03\x04\x14\0\0\0\x08\0word/document.xml").is_none());
    }

    #[test]
    fn empty_and_random() {
        assert_eq!(decode(b"").unwrap_err().kind, ErrorKind::NotAReport);
        assert_eq!(decode(b" \n\t\r\n").unwrap_err().kind, ErrorKind::NotAReport);
        // A deterministic pseudo-random byte string.
        let mut x: u32 = 12345;
        let bytes: Vec<u8> = (0..100_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        let e = decode(&bytes).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Binary | ErrorKind::Undecodable), "{e}");
        // Only high bytes: no controls, but no Chinese either.
        let high: Vec<u8> = bytes.iter().map(|b| b | 0x80).collect();
        assert_eq!(decode(&high).unwrap_err().kind, ErrorKind::Undecodable);
    }

    #[test]
    fn mixed_utf8_and_gbk_lines() {
        let mut b = "某某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n".as_bytes().to_vec();
        b.extend(gbk("2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息123条。\n"));
        let d = decode(&b).unwrap();
        assert_eq!(d.text, SIMPLIFIED);
        assert_eq!(d.encoding, "UTF-8+GB18030");
        assert_eq!(d.diagnostics[0].code, "input.mixed-encoding");
        assert_eq!(d.diagnostics[0].line, Some(3));
    }

    #[test]
    fn a_stray_byte_leaves_the_other_lines_utf8() {
        // NBSP (C2 A0) reads as 聽 in GB18030; 业 in GBK (D2 B5) is valid UTF-8.
        let text = "一、总体情况\n\t\u{A0}2\n（一）主动公开\n\t\u{A0}0\u{A0}\n";
        for at in [0, text.find('\t').unwrap(), text.find('（').unwrap()] {
            let mut b = text.as_bytes().to_vec();
            b.insert(at, 0x80);
            let d = decode(&b).unwrap();
            assert_eq!(d.encoding, "UTF-8", "stray byte at {at}");
            assert_eq!(d.text.replace('\u{FFFD}', ""), text);
        }
        let mut mixed = "一、总体情况\n".as_bytes().to_vec();
        mixed.extend(gbk("二、主动公开政府信息情况\n业\n"));
        assert_eq!(decode(&mixed).unwrap().text, "一、总体情况\n二、主动公开政府信息情况\n业\n");
    }

    #[test]
    fn utf8_with_a_bad_byte_stays_utf8() {
        let mut b = SIMPLIFIED.as_bytes().to_vec();
        b.insert(3, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.diagnostics[0].code, "input.lossy");
    }
}
