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
use encoding_rs::{Decoder, DecoderResult, EncoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
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
    decode_borrowed(bytes).map(Decoded::from)
}

/// [`decode`] with a charset declared outside the bytes (an HTTP
/// `Content-Type` header, the header of a MIME part): used as the hint a
/// `<meta charset>` in the bytes would be (see [`declared_charset`]), and in its
/// place. A label `encoding_rs` does not know, or an encoding other than
/// UTF-8, GB18030/GBK/GB2312 and Big5, is no hint (the bytes' own declaration
/// is looked for then).
///
/// ```
/// let bytes = b"\xa5\xbb\xa6~\xb7s\xa6\xac\xa5\xd3\xbd\xd0"; // 本年新收申請 in Big5
/// let d = gik_parse::decode::decode_declared(bytes, Some("big5")).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding.as_str()), ("本年新收申請", "Big5"));
/// ```
pub fn decode_declared(bytes: &[u8], label: Option<&str>) -> Result<Decoded, Error> {
    let hint = label.and_then(|l| Declared::from_label(l.as_bytes(), "the declared charset")).or_else(|| declared_in(bytes));
    decode_hinted(bytes, hint).map(Decoded::from)
}

impl From<DecodedRef<'_>> for Decoded {
    fn from(d: DecodedRef<'_>) -> Decoded {
        Decoded { text: d.text.into_owned(), encoding: d.encoding, diagnostics: d.diagnostics }
    }
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
    decode_hinted(bytes, declared_in(bytes))
}

fn decode_hinted(bytes: &[u8], hint: Option<Declared>) -> Result<DecodedRef<'_>, Error> {
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
    let (text, encoding, lossy) = choose(bytes, hint.as_ref(), &mut diags)?;
    finish(text, encoding, lossy, diags, bytes.len())
}

// ---------------------------------------------------------------------------
// Decoding a piece at a time
// ---------------------------------------------------------------------------

/// How [`crate::parse_bytes`] gets its text.
pub(crate) enum Source<'a> {
    /// Decoded whole (borrowed from the input when it is valid UTF-8).
    Whole(DecodedRef<'a>),
    /// A large input in GB18030 or Big5, to be decoded a piece at a time.
    Pieces(Pieces<'a>),
}

/// [`decode_borrowed`], except that an input in GB18030 or Big5 of more than
/// `piece_bytes` bytes (that is not an HTML page, which is read whole) is not
/// decoded yet but handed back as [`Pieces`], so that its decoded text (half as
/// large again as its bytes) is never held whole. The encoding is chosen exactly
/// as [`decode`] chooses it.
pub(crate) fn source(bytes: &[u8], piece_bytes: usize) -> Result<Source<'_>, Error> {
    let hint = declared_in(bytes);
    let legacy = bytes.len() > piece_bytes
        && sniff_binary(bytes).is_none()
        && !bytes.starts_with(b"PK\x03\x04")
        && Encoding::for_bom(bytes).is_none()
        && !bytes.contains(&0)
        && !valid_utf8(bytes);
    if legacy {
        let (sample_len, cands, pick) = legacy_pick(bytes, hint.as_ref());
        let enc = match pick.winner {
            "GB18030" => Some(GB18030),
            "Big5" => Some(BIG5),
            _ => None,
        };
        if let Some(enc) = enc.filter(|&enc| !html_head(enc, bytes)) {
            drop(cands);
            return Ok(Source::Pieces(Pieces {
                bytes,
                enc,
                name: pick.winner,
                diags: pick.warnings,
                piece_bytes: piece_bytes.max(1),
            }));
        }
        let mut diags = pick.warnings;
        let (text, encoding, lossy) = decode_as(bytes, sample_len, cands, pick.winner, &mut diags);
        return finish(Cow::Owned(text), encoding, lossy, diags, bytes.len()).map(Source::Whole);
    }
    decode_hinted(bytes, hint).map(Source::Whole)
}

/// Bytes decoded to find out whether an input is an HTML page (the test looks
/// at the first 64 KiB of text, and at least 3 text bytes come of 4 bytes).
const HTML_HEAD_BYTES: usize = 96 << 10;

/// Is the text of `bytes` in `enc` an HTML page? Decided on its head, or, when
/// the head cannot tell for certain (a page starting with pages of blank
/// space), taken to be one, so that it is read whole.
fn html_head(enc: &'static Encoding, bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HTML_HEAD_BYTES)];
    let mut text = String::new();
    let mut dec = enc.new_decoder_without_bom_handling();
    text.reserve(
        dec.max_utf8_buffer_length(head.len())
            .unwrap_or(head.len() * 3),
    );
    let _ = dec.decode_to_string(head, &mut text, head.len() == bytes.len());
    let whole = head.len() == bytes.len();
    let room = text.len() >= (64 << 10) + 4 && text.trim_start().len() >= (4 << 10) + 4;
    !(whole || room) || crate::html::looks_like_html(&text)
}

/// An input in GB18030 or Big5, decoded a piece at a time ([`Pieces::run`]).
pub(crate) struct Pieces<'a> {
    bytes: &'a [u8],
    enc: &'static Encoding,
    name: &'static str,
    /// The warnings of the choice.
    diags: Vec<Diagnostic>,
    piece_bytes: usize,
}

impl Pieces<'_> {
    /// Decode the input `piece_bytes` bytes at a time, handing the text to
    /// `each` in whole lines: `each(text, false)` for the lines a piece
    /// completes (the text up to its last line end, which is left out), then
    /// `each(text, true)` once for the rest (the text after the last line end,
    /// maybe empty). Joined with the line ends left out, the texts are the
    /// text [`decode`] returns.
    ///
    /// Then the checks [`decode`] makes on a whole text, on what was counted
    /// on the way (binary data, undecodable bytes, no text, no readable
    /// Chinese), which may still turn the input into an `Err`; or the encoding's
    /// name and the `input.*` warnings.
    pub(crate) fn run(
        self,
        mut each: impl FnMut(&str, bool),
    ) -> Result<(String, Vec<Diagnostic>), Error> {
        let Pieces {
            bytes,
            enc,
            name,
            mut diags,
            piece_bytes,
        } = self;
        let mut dec = enc.new_decoder_without_bom_handling();
        // the text not yet handed out (a line begun), and the decoded head the
        // readability test reads
        let mut buf = String::new();
        let (mut head, mut head_done) = (String::new(), false);
        let (mut lines, mut chars) = (0u32, 0usize);
        let (mut controls, mut first_control) = (0usize, None::<u32>);
        let (mut bad, mut first_bad) = (0usize, None::<u32>);
        let mut has_text = false;
        let mut pieces = bytes.chunks(piece_bytes).peekable();
        while let Some(piece) = pieces.next() {
            let last = pieces.peek().is_none();
            let start = buf.len();
            let (n, first) = decode_with(&mut dec, piece, &mut buf, last);
            bad += n;
            if let (None, Some(at)) = (first_bad, first) {
                first_bad = Some(lines.saturating_add(line_at(&buf, at)));
            }
            if !head_done {
                // the first SAMPLE_BYTES of the text, cut as `sample_str` cuts it
                head.push_str(&buf[start..]);
                if head.len() >= SAMPLE_BYTES {
                    head_done = true;
                    let keep = sample_str(&head, SAMPLE_BYTES).len();
                    head.truncate(keep);
                }
            }
            // hand out the lines this piece completes, or, at the end, the rest
            let cut = if last {
                Some(buf.len())
            } else {
                buf.rfind('\n')
            };
            if let Some(cut) = cut {
                let text = &buf[..cut];
                let c = Controls::count_in(text, last);
                controls += c.other;
                if c.other > 0 && first_control.is_none() {
                    first_control = Some(lines.saturating_add(c.first_line));
                }
                chars += text.chars().count() + usize::from(!last);
                has_text |= !text.trim().is_empty();
                each(text, last);
                if !last {
                    let n = u32::try_from(text.bytes().filter(|&b| b == b'\n').count())
                        .unwrap_or(u32::MAX);
                    lines = lines.saturating_add(n).saturating_add(1);
                    buf.drain(..=cut);
                }
            }
        }
        // the checks of `finish`, in its order
        let n_bytes = bytes.len();
        if controls > 8 && controls * 200 > chars.max(1) {
            return Err(Error::new(
                ErrorKind::Binary,
                format!(
                    "binary data, not text: decoded as {name} it holds {controls} control characters (first on line {}); if it is a document, convert it to text first",
                    first_control.unwrap_or(0)
                ),
            ));
        }
        if bad > 0 {
            if bad * 10 > n_bytes {
                return Err(Error::new(
                    ErrorKind::Undecodable,
                    format!(
                        "{bad} of {n_bytes} bytes are not valid in any supported encoding (UTF-8, UTF-16, GB18030, Big5); best guess {name}, first bad byte on line {}",
                        first_bad.unwrap_or(1)
                    ),
                ));
            }
            diags.push(lossy_warning(name, bad, first_bad));
        }
        if !has_text {
            return Err(Error::new(
                ErrorKind::NotAReport,
                format!("the input holds no text ({n_bytes} bytes of whitespace)"),
            ));
        }
        if unreadable(&head) {
            return Err(unreadable_error(name));
        }
        Ok((name.to_string(), diags))
    }
}

/// Bytes that a decoder could not read: how many, and the first line (1-based,
/// in the decoded text) where that happened.
#[derive(Debug, Clone, Copy, Default)]
struct Lossy {
    bytes: usize,
    first_line: Option<u32>,
}

/// Pick the encoding and decode.
fn choose<'a>(bytes: &'a [u8], hint: Option<&Declared>, diags: &mut Vec<Diagnostic>) -> Result<(Cow<'a, str>, &'static str, Lossy), Error> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        if enc == UTF_8 {
            if let Some(s) = as_utf8(&bytes[bom_len..]) {
                return Ok((Cow::Borrowed(s), "UTF-8", Lossy::default()));
            }
        }
        let (text, lossy) = decode_counting(enc, &bytes[bom_len..]);
        return Ok((Cow::Owned(text), enc.name(), lossy));
    }
    // (`contains` is a word-at-a-time search; most inputs have no NUL)
    let nuls = if bytes.contains(&0) { bytes.iter().filter(|&&b| b == 0).count() } else { 0 };
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
        let (text, enc, lossy) = choose(&stripped, hint, diags)?;
        return Ok((Cow::Owned(text.into_owned()), enc, lossy));
    }
    if let Some(s) = as_utf8(bytes) {
        if let Some((fixed, note)) = unmojibake(s)? {
            diags.push(note);
            return Ok((Cow::Owned(fixed), "UTF-8", Lossy::default()));
        }
        if let Some(d) = hint.filter(|d| d.name != "UTF-8") {
            if !s.is_ascii() {
                if s.chars().any(is_han) {
                    // the bytes say UTF-8: valid throughout, and Chinese
                    diags.push(Diagnostic::warning(
                        "input.encoding",
                        format!("{} says the text is {}, but its bytes are valid UTF-8 and read as Chinese in it; read as UTF-8", d.source, d.label),
                        None,
                    ));
                } else {
                    // valid UTF-8 by chance (业 in GBK is D2 B5, UTF-8 for ҵ): as declared when that reads as Chinese
                    let (text, lossy) = decode_counting(d.enc, bytes);
                    if lossy.bytes == 0 && text.chars().any(is_han) && plausible_text(&text) {
                        return Ok((Cow::Owned(text), d.name, lossy));
                    }
                }
            }
        }
        return Ok((Cow::Borrowed(s), "UTF-8", Lossy::default()));
    }
    let (text, enc, lossy) = choose_legacy(bytes, hint, diags);
    Ok((Cow::Owned(text), enc, lossy))
}

/// The bytes as text when they are valid UTF-8: every input is validated
/// whole, so by `simdutf8` (several times faster than the standard library on
/// Chinese text; the same answer).
fn as_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Are the bytes valid UTF-8? (As [`as_utf8`].)
fn valid_utf8(bytes: &[u8]) -> bool {
    as_utf8(bytes).is_some()
}

/// A CJK ideograph.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// The candidates for bytes that are not valid UTF-8, each scored on a sample.
struct Candidates {
    gb: (String, Lossy),
    big5: (String, Lossy),
    /// Mixed UTF-8 and GB18030 lines, when the sample has both.
    mixed: Option<(String, Vec<u32>, Lossy)>,
    /// Names and scores, best first (on a tie the more common encoding:
    /// GB18030, Big5, UTF-8, UTF-8+GB18030).
    ranked: Vec<(&'static str, i64)>,
}

impl Candidates {
    fn of(sample: &[u8]) -> Candidates {
        let gb = decode_counting(GB18030, sample);
        let big5 = decode_counting(BIG5, sample);
        let mut ranked = vec![("GB18030", score(&gb.0)), ("Big5", score(&big5.0)), ("UTF-8", utf8_score(sample))];
        let mixed = mixed_lines(sample, Some(&gb.0));
        if let Some((text, _, _)) = &mixed {
            ranked.push(("UTF-8+GB18030", score(text)));
        }
        // Stable sort: on a tie the earlier (more common) encoding wins.
        ranked.sort_by_key(|c| std::cmp::Reverse(c.1));
        Candidates { gb, big5, mixed, ranked }
    }

    fn score_of(&self, name: &str) -> i64 {
        self.ranked.iter().find(|c| c.0 == name).map_or(i64::MIN, |c| c.1)
    }

    /// `winner` beats every other reading by far: a GB18030 or Big5 reading
    /// with the evidence of a few lines of Chinese and twice the score of any
    /// other, and no line of the sample read better as UTF-8.
    fn clear(&self, winner: &str) -> bool {
        let w = self.score_of(winner);
        matches!(winner, "GB18030" | "Big5")
            && self.mixed.is_none()
            && w >= CLEARLY_CHINESE
            && self.ranked.iter().all(|c| c.0 == winner || c.1 <= 0 || c.1.saturating_mul(2) <= w)
    }
}

/// [`score`] of the bytes decoded as UTF-8 with replacement, without building
/// the text: one U+FFFD (bad) between valid runs, and no template word holds it.
fn utf8_score(bytes: &[u8]) -> i64 {
    let mut t = Tally::new();
    for c in bytes.utf8_chunks() {
        t.add(c.valid());
        if !c.invalid().is_empty() {
            t.bad += 1;
        }
    }
    t.evidence() - 10 * t.bad as i64
}

/// The encoding chosen from the scores (and the declaration), with the warnings to give.
struct Pick {
    winner: &'static str,
    warnings: Vec<Diagnostic>,
}

fn pick(cands: &Candidates, hint: Option<&Declared>) -> Pick {
    let (best, best_score) = cands.ranked[0];
    let mut warnings = Vec::new();
    let mut winner = best;
    if let Some(d) = hint {
        let declared = cands.score_of(d.name);
        if d.name != best && best != "UTF-8+GB18030" {
            // The declaration settles a call the statistics leave open; it is
            // wrong when the bytes read as the declared encoding at most half
            // as well as they do in another.
            if declared > 0 && declared.saturating_mul(2) >= best_score {
                winner = d.name;
            } else {
                warnings.push(Diagnostic::warning(
                    "input.encoding",
                    format!(
                        "{} says the text is {}, but its bytes read as {best} (score {best_score}) far better than as {} (score {declared}); read as {best}",
                        d.source, d.label, d.name
                    ),
                    None,
                ));
            }
        }
    }
    // A close call is one between Big5 and the rest: the mixed candidate
    // differs from plain GB18030 or UTF-8 only on its few other lines. A
    // declaration of either side settles it.
    let winner_score = cands.score_of(winner);
    let rival = cands.ranked.iter().find(|c| c.0 != winner && (c.0 == "Big5") != (winner == "Big5"));
    if let Some(&(second, second_score)) = rival {
        let settled = hint.is_some_and(|d| d.name == winner || d.name == second);
        if !settled && winner_score > 0 && second_score > 0 && close_call(winner_score, second_score) {
            warnings.push(Diagnostic::warning(
                "input.encoding",
                format!(
                    "the encoding is a close call: the text reads about as well as {winner} (score {winner_score}) as {second} (score {second_score}); read as {winner}"
                ),
                None,
            ));
        }
    }
    Pick { winner, warnings }
}

/// Not valid UTF-8 and no BOM: score the candidates and take the best.
///
/// The candidates are scored on the first 4 KiB (cut at a line end); when one
/// wins by far ([`Candidates::clear`]) and no later line is valid UTF-8 (a
/// pasted file's other part), the whole input is decoded with it. Otherwise on
/// the first 64 KiB, and then on the first MiB, which decides.
fn choose_legacy(
    bytes: &[u8],
    hint: Option<&Declared>,
    diags: &mut Vec<Diagnostic>,
) -> (String, &'static str, Lossy) {
    let (sample_len, cands, pick) = legacy_pick(bytes, hint);
    diags.extend(pick.warnings);
    decode_as(bytes, sample_len, cands, pick.winner, diags)
}

/// [`choose_legacy`]'s choice, not yet applied: the length of the sample that
/// decided, the candidates' readings of it, and the pick.
fn legacy_pick(bytes: &[u8], hint: Option<&Declared>) -> (usize, Candidates, Pick) {
    let mut max = FIRST_SAMPLE;
    loop {
        let last = max >= SAMPLE_BYTES || bytes.len() <= max;
        let sample = sample_bytes(bytes, max.min(SAMPLE_BYTES));
        let cands = Candidates::of(sample);
        let pick = pick(&cands, hint);
        if last || (cands.clear(pick.winner) && !has_utf8_line(&bytes[sample.len()..])) {
            return (sample.len(), cands, pick);
        }
        max *= 16;
    }
}

/// A line that holds more than ASCII and is valid UTF-8, and is not GBK
/// that happens to be valid UTF-8 ([`valid_line_is_gb`]): a line
/// [`mixed_lines`] would read as UTF-8.
fn has_utf8_line(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'\n').any(|l| std::str::from_utf8(l).is_ok_and(|s| !s.is_ascii() && !valid_line_is_gb(s, l)))
}

/// Decode the whole input as `winner`, from the candidate's decoding of the
/// sample (and freeing the other candidates first).
fn decode_as(bytes: &[u8], sample_len: usize, cands: Candidates, winner: &str, diags: &mut Vec<Diagnostic>) -> (String, &'static str, Lossy) {
    let whole = sample_len == bytes.len();
    let Candidates { gb, big5, mixed, .. } = cands;
    match winner {
        "Big5" => {
            drop((gb, mixed));
            let (t, l) = decode_on(BIG5, bytes, sample_len, big5);
            (t, "Big5", l)
        }
        "UTF-8" => {
            drop((gb, big5, mixed));
            let (t, l) = decode_counting(UTF_8, bytes);
            (t, "UTF-8", l)
        }
        "UTF-8+GB18030" => {
            drop(big5);
            let full = if whole {
                mixed
            } else {
                drop(mixed);
                mixed_lines(bytes, None)
            };
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
                    let (t, l) = decode_on(GB18030, bytes, sample_len, gb);
                    (t, "GB18030", l)
                }
            }
        }
        _ => {
            drop((big5, mixed));
            let (t, l) = decode_on(GB18030, bytes, sample_len, gb);
            (t, "GB18030", l)
        }
    }
}

/// All of `bytes` decoded as `enc`, going on from the decoding of the first
/// `sample_len` bytes when that read cleanly up to a line end (the decoder
/// holds nothing then, so the rest decodes as it would have in one go).
fn decode_on(enc: &'static Encoding, bytes: &[u8], sample_len: usize, sample: (String, Lossy)) -> (String, Lossy) {
    if sample_len == bytes.len() {
        return sample;
    }
    let (mut text, lossy) = sample;
    if lossy.bytes > 0 || bytes[sample_len] != b'\n' {
        drop(text);
        return decode_counting(enc, bytes);
    }
    let (bad, first_bad) = decode_into(enc, &bytes[sample_len..], &mut text);
    text.shrink_to_fit();
    let first_line = first_bad.map(|at| line_at(&text, at));
    (text, Lossy { bytes: bad, first_line })
}

// ---------------------------------------------------------------------------
// Declared charset (`<meta charset>`)
// ---------------------------------------------------------------------------

/// An encoding the input declares: a hint, used when the bytes agree with it.
#[derive(Debug, Clone)]
struct Declared {
    /// The candidate's name: `UTF-8`, `GB18030` or `Big5`.
    name: &'static str,
    enc: &'static Encoding,
    /// The label as written (`gb2312`), for messages.
    label: String,
    /// Where it was declared, for messages (`<meta charset>`).
    source: &'static str,
}

impl Declared {
    /// A label of a supported encoding; UTF-16 labels mean UTF-8 in a document
    /// read as bytes (as browsers read them), GBK and GB2312 mean GB18030
    /// (their superset, and the decoder `encoding_rs` uses for them).
    fn from_label(label: &[u8], source: &'static str) -> Option<Declared> {
        let enc = Encoding::for_label(label)?;
        let (name, enc) = if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE {
            ("UTF-8", UTF_8)
        } else if enc == GBK || enc == GB18030 {
            ("GB18030", GB18030)
        } else if enc == BIG5 {
            ("Big5", BIG5)
        } else {
            return None;
        };
        let label: String = String::from_utf8_lossy(label).trim().chars().take(40).collect();
        Some(Declared { name, enc, label, source })
    }
}

/// How far into the bytes a declaration is looked for (browsers look at the
/// first 1024 bytes; pages with long heads put theirs later).
const PRESCAN_BYTES: usize = 4096;

/// The encoding an HTML page declares in its first 4 KiB: `<meta charset="gbk">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, or an
/// XML declaration (`<?xml version="1.0" encoding="GB2312"?>`). Found by the
/// browsers' byte scan (comments and other tags skipped, attributes in any case
/// and quoting), through `encoding_rs`'s labels; `None` when there is none or
/// it names an encoding other than UTF-8, GB18030/GBK/GB2312 and Big5 (a
/// Chinese page declaring `iso-8859-1` is read by its bytes).
///
/// The declaration is a hint: [`decode`] follows it when the bytes read about
/// as well in it as in any other encoding, and otherwise trusts the bytes and
/// says so (`input.encoding`).
///
/// ```
/// let page = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>"#;
/// assert_eq!(gik_parse::decode::declared_charset(page), Some(encoding_rs::GB18030));
/// ```
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    declared_in(bytes).map(|d| d.enc)
}

fn declared_in(bytes: &[u8]) -> Option<Declared> {
    let b = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    if starts_with_ci(&b[start..], b"<?xml") {
        let end = find(&b[start..], b"?>").map_or(b.len(), |e| start + e);
        let decl = &b[start..end];
        let mut attrs = Attrs { b: decl, i: 5 };
        while let Some((name, value)) = attrs.next_attr() {
            if name == b"encoding" {
                return Declared::from_label(&value, "the XML declaration");
            }
        }
    }
    let mut i = 0;
    while i < b.len() {
        let p = memchr::memchr(b'<', &b[i..])?;
        i += p;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            // a comment: skipped (`-->` may share its dashes with `<!--`)
            i = find(&rest[2..], b"-->").map(|e| i + 2 + e + 3)?;
        } else if starts_with_ci(rest, b"<meta") && rest.get(5).is_some_and(|&c| c.is_ascii_whitespace() || c == b'/') {
            let mut attrs = Attrs { b, i: i + 5 };
            let (mut charset, mut content, mut pragma) = (None, None, false);
            while let Some((name, value)) = attrs.next_attr() {
                match name.as_slice() {
                    b"charset" if charset.is_none() => charset = Some(value),
                    b"content" if content.is_none() => content = Some(value),
                    b"http-equiv" => pragma |= value.eq_ignore_ascii_case(b"content-type"),
                    _ => {}
                }
            }
            i = attrs.i;
            let label = charset.or_else(|| content.filter(|_| pragma).and_then(|c| charset_in_content(&c)));
            if let Some(label) = label {
                // the first declaration decides, also when it is no hint
                return Declared::from_label(&label, "the page's <meta charset>");
            }
        } else if rest.len() > 2 && (rest[1].is_ascii_alphabetic() || (rest[1] == b'/' && rest[2].is_ascii_alphabetic())) {
            // another tag: its attributes are skipped (a `>` may be quoted in them)
            let name_end = rest.iter().position(|&c| c.is_ascii_whitespace() || c == b'>').unwrap_or(rest.len());
            let mut attrs = Attrs { b, i: i + name_end };
            while attrs.next_attr().is_some() {}
            i = attrs.i;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            i = rest.iter().position(|&c| c == b'>').map(|e| i + e + 1)?;
        } else {
            i += 1;
        }
    }
    None
}

fn starts_with_ci(b: &[u8], prefix: &[u8]) -> bool {
    b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The attributes of a tag, read as the browsers' prescan reads them.
struct Attrs<'a> {
    b: &'a [u8],
    /// Where reading goes on; after the `>` once the tag is over.
    i: usize,
}

impl Attrs<'_> {
    /// The next attribute, name lowercased; `None` at the end of the tag.
    fn next_attr(&mut self) -> Option<(Vec<u8>, Vec<u8>)> {
        let b = self.b;
        while self.i < b.len() && (b[self.i].is_ascii_whitespace() || b[self.i] == b'/') {
            self.i += 1;
        }
        if self.i >= b.len() || b[self.i] == b'>' {
            self.i = (self.i + 1).min(b.len());
            return None;
        }
        let mut name = Vec::new();
        loop {
            let Some(&c) = b.get(self.i) else { return Some((name, Vec::new())) };
            match c {
                b'=' if !name.is_empty() => break,
                b'/' | b'>' => return Some((name, Vec::new())),
                c if c.is_ascii_whitespace() => {
                    while b.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
                        self.i += 1;
                    }
                    if b.get(self.i) != Some(&b'=') {
                        return Some((name, Vec::new()));
                    }
                    break;
                }
                c => {
                    name.push(c.to_ascii_lowercase());
                    self.i += 1;
                }
            }
        }
        self.i += 1; // the `=`
        while b.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
        let mut value = Vec::new();
        match b.get(self.i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                self.i += 1;
                while let Some(&c) = b.get(self.i) {
                    self.i += 1;
                    if c == q {
                        break;
                    }
                    value.push(c);
                }
            }
            _ => {
                while let Some(&c) = b.get(self.i) {
                    if c.is_ascii_whitespace() || c == b'>' {
                        break;
                    }
                    value.push(c);
                    self.i += 1;
                }
            }
        }
        Some((name, value))
    }
}

/// `charset=…` inside a `content` attribute (`text/html; charset=gb2312`).
fn charset_in_content(content: &[u8]) -> Option<Vec<u8>> {
    let lower = content.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"charset") {
        let mut i = from + p + 7;
        while lower.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            from = i;
            continue;
        }
        i += 1;
        while lower.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let rest = &content[i..];
        let value = match rest.first() {
            Some(&q) if q == b'"' || q == b'\'' => &rest[1..][..rest[1..].iter().position(|&c| c == q)?],
            _ => &rest[..rest.iter().position(|&c| c.is_ascii_whitespace() || c == b';').unwrap_or(rest.len())],
        };
        return (!value.is_empty()).then(|| value.to_vec());
    }
    None
}

/// Scores within 15% of each other.
fn close_call(best: i64, second: i64) -> bool {
    (best - second) * 100 < best * 15
}

/// The text, checked: NULs, control characters, replaced bytes, emptiness.
fn finish<'a>(mut text: Cow<'a, str>, encoding: &str, lossy: Lossy, mut diags: Vec<Diagnostic>, n_bytes: usize) -> Result<DecodedRef<'a>, Error> {
    let controls = Controls::count(&text);
    // NUL bytes were dealt with before decoding; a NUL character here was
    // encoded as such (UTF-16), and counts as a control character.
    let n = controls.nul + controls.other;
    if n > 8 && n * 200 > text.chars().count().max(1) {
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
        diags.push(lossy_warning(encoding, lossy.bytes, lossy.first_line));
    }
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::NotAReport, format!("the input holds no text ({n_bytes} bytes of whitespace)")));
    }
    if encoding != "UTF-8" && unreadable(&text) {
        return Err(unreadable_error(encoding));
    }
    Ok(DecodedRef { text, encoding: encoding.to_string(), diagnostics: diags })
}

/// The `input.lossy` warning: `bytes` bytes replaced, the first on `line`.
fn lossy_warning(encoding: &str, bytes: usize, line: Option<u32>) -> Diagnostic {
    Diagnostic::warning(
        "input.lossy",
        format!(
            "{bytes} byte(s) could not be decoded as {encoding} and were replaced by U+FFFD (first on line {}); a number next to them may be missing",
            line.unwrap_or(1)
        ),
        line,
    )
}

/// The error for a text [`unreadable`] in `encoding`.
fn unreadable_error(encoding: &str) -> Error {
    Error::new(
        ErrorKind::Undecodable,
        format!("no supported encoding (UTF-8, UTF-16, GB18030, Big5) turns these bytes into readable Chinese text (best guess {encoding}): binary data or an unsupported encoding"),
    )
}

/// A legacy-encoded text with many non-ASCII characters of which almost none
/// are common Chinese characters (under one in five, where real Chinese text
/// has more than half): what random bytes decode to.
fn unreadable(text: &str) -> bool {
    let t = tally(sample_str(text, SAMPLE_BYTES));
    t.non_ascii >= 16 && t.common * 5 < t.non_ascii
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
    /// One pass over the bytes: C0 controls and DEL are single bytes, C1
    /// controls (U+0080–U+009F) are C2 80 – C2 9F; lines are counted only for
    /// the first of each.
    fn count(text: &str) -> Controls {
        Controls::count_in(text, true)
    }

    /// [`Controls::count`], with the trailing end-of-file marks left out only
    /// when `at_end` (the end of `text` is the end of the input).
    fn count_in(text: &str, at_end: bool) -> Controls {
        let body = if at_end { text.trim_end_matches('\u{1A}') } else { text }.as_bytes();
        let (mut nul, mut other) = (0usize, 0usize);
        let (mut first_nul, mut first): (Option<usize>, Option<usize>) = (None, None);
        let mut note = |i: usize, x: u8| match x {
            b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {}
            0 => {
                nul += 1;
                first_nul.get_or_insert(i);
                first.get_or_insert(i);
            }
            0xC2 => {
                if matches!(body.get(i + 1), Some(0x80..=0x9F)) {
                    other += 1;
                    first.get_or_insert(i);
                }
            }
            _ => {
                other += 1;
                first.get_or_insert(i);
            }
        };
        // Eight bytes at a time: most words hold no byte below 0x20, no DEL
        // and no C2 (the lead byte of U+0080–U+00BF).
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
        let mut words = body.chunks_exact(8);
        for (n, w) in words.by_ref().enumerate() {
            let v = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
            // a byte below 0x20 (the classic "has less than" test, exact as a yes/no)
            let below = v.wrapping_sub(ONES * 0x20) & !v & HIGHS != 0;
            if below || has_zero(v ^ (ONES * 0x7F)) || has_zero(v ^ (ONES * 0xC2)) {
                for (k, &x) in w.iter().enumerate() {
                    if x < 0x20 || x == 0x7F || x == 0xC2 {
                        note(n * 8 + k, x);
                    }
                }
            }
        }
        let tail = body.len() - words.remainder().len();
        for (k, &x) in words.remainder().iter().enumerate() {
            if x < 0x20 || x == 0x7F || x == 0xC2 {
                note(tail + k, x);
            }
        }
        let line = |at: Option<usize>| at.map_or(0, |at| line_at(text, at));
        Controls { nul, other, nul_line: line(first_nul), first_line: line(first) }
    }
}

/// Decode with `enc` (no BOM handling), replacing bad bytes by U+FFFD and counting them.
fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, Lossy) {
    if enc == UTF_8 {
        return utf8_counting(bytes);
    }
    let mut out = String::new();
    let (bad, first_bad) = decode_into(enc, bytes, &mut out);
    out.shrink_to_fit();
    let first_line = first_bad.map(|at| line_at(&out, at));
    (out, Lossy { bytes: bad, first_line })
}

/// Decode with `enc` (not UTF-8; no BOM handling), appending to `out`: the
/// count of bad bytes, and where in `out` the first U+FFFD went.
fn decode_into(enc: &'static Encoding, bytes: &[u8], out: &mut String) -> (usize, Option<usize>) {
    decode_with(
        &mut enc.new_decoder_without_bom_handling(),
        bytes,
        out,
        true,
    )
}

/// Feed `bytes` to `dec`, appending the text to `out` (`last`: the input ends
/// here): the count of bad bytes, and where in `out` the first U+FFFD went.
fn decode_with(
    dec: &mut Decoder,
    bytes: &[u8],
    out: &mut String,
    last: bool,
) -> (usize, Option<usize>) {
    // One and a half times the bytes: what Chinese in GB18030 or Big5 takes in
    // UTF-8 (two bytes to three, ASCII one to one). Not the decoder's worst
    // case (three times, for 0x80 → €), which would reserve twice the memory a
    // large input needs; the rare input that needs more grows the string.
    out.reserve(bytes.len() + bytes.len() / 2 + 16);
    let mut src = bytes;
    let mut bad = 0usize;
    let mut first_bad: Option<usize> = None;
    loop {
        let (res, read) = dec.decode_to_string_without_replacement(src, out, last);
        src = &src[read..];
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = dec
                    .max_utf8_buffer_length_without_replacement(src.len())
                    .unwrap_or(src.len());
                out.reserve(more.max(16));
            }
            DecoderResult::Malformed(n, _) => {
                bad += n as usize;
                first_bad.get_or_insert(out.len());
                out.push('\u{FFFD}');
            }
        }
    }
    (bad, first_bad)
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
///
/// `gb` is the GB18030 decoding of all of `bytes` when there is one: its lines
/// are those of the bytes (a newline is never part of a GB18030 character, and
/// the decoder gives back the byte after a bad one), and a line of it without
/// U+FFFD is the line decoded on its own.
fn mixed_lines(bytes: &[u8], gb: Option<&str>) -> Option<(String, Vec<u32>, Lossy)> {
    // First which lines are which; the text only when both kinds occur.
    let mut gb_lines = Vec::new();
    let mut utf8_lines = 0usize;
    let mut scratch = String::new();
    let mut gb_of = gb.map(|t| t.split('\n'));
    let mut kinds: Vec<Line> = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let gb_line = gb_of.as_mut().and_then(|l| l.next()).filter(|l| !l.contains('\u{FFFD}'));
        let kind = line_kind(line, gb_line, &mut scratch);
        match kind {
            Line::Utf8 => utf8_lines += 1,
            Line::Gb => gb_lines.push(u32::try_from(i + 1).unwrap_or(u32::MAX)),
            Line::Ascii => {}
        }
        kinds.push(kind);
    }
    if utf8_lines == 0 || gb_lines.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut lossy = Lossy::default();
    for (i, (line, kind)) in bytes.split(|&b| b == b'\n').zip(kinds).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let bad = match kind {
            Line::Ascii => {
                out.push_str(std::str::from_utf8(line).unwrap_or_default());
                0
            }
            Line::Utf8 => {
                let mut bad = 0;
                for c in line.utf8_chunks() {
                    out.push_str(c.valid());
                    if !c.invalid().is_empty() {
                        bad += c.invalid().len();
                        out.push('\u{FFFD}');
                    }
                }
                bad
            }
            Line::Gb => decode_into(GB18030, line, &mut out).0,
        };
        if bad > 0 {
            lossy.bytes += bad;
            lossy.first_line.get_or_insert(u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }
    Some((out, gb_lines, lossy))
}

/// How a line of a mixed file is read.
#[derive(Clone, Copy)]
enum Line {
    Ascii,
    Utf8,
    Gb,
}

/// Which encoding a line is in (`gb`: its GB18030 decoding when known to be
/// that of the line alone; `scratch`: a buffer to decode it into otherwise).
fn line_kind(line: &[u8], gb: Option<&str>, scratch: &mut String) -> Line {
    if line.is_ascii() {
        return Line::Ascii;
    }
    let gb_bad = |scratch: &mut String| -> usize {
        if gb.is_some() {
            return 0;
        }
        scratch.clear();
        decode_into(GB18030, line, scratch).0
    };
    match std::str::from_utf8(line) {
        // A valid UTF-8 line is UTF-8 unless it reads as characters no
        // report is written in while GB18030 reads it as Chinese: a GBK
        // line can be valid UTF-8 by chance (业 is D2 B5, UTF-8 for ҵ).
        // Scores would not do: "\t\u{A0}2" is "\t聽2" in GB18030.
        Ok(s) if !valid_line_is_gb(s, line) => Line::Utf8,
        // (No bad UTF-8 bytes: a valid line that reads as GB18030.)
        Ok(_) => Line::Gb,
        Err(_) => {
            // The line as UTF-8, read without building it: its bad bytes,
            // and whether what is left reads as text.
            let mut ul = 0usize;
            let mut readable: Option<bool> = None;
            for c in line.utf8_chunks() {
                ul += c.invalid().len();
                for ch in c.valid().chars().filter(|&ch| !ch.is_ascii() && ch != '\u{FFFD}') {
                    readable = Some(readable.unwrap_or(true) && plausible_char(ch));
                }
            }
            // A UTF-8 line with a few damaged bytes stays UTF-8: what it
            // reads as around the bad bytes is text a report is written in,
            // and at most a third of its non-ASCII bytes are bad (GBK read as
            // UTF-8 gives Cyrillic, Greek, … between them); or a lone byte.
            let non_ascii = line.iter().filter(|b| !b.is_ascii()).count();
            let damaged_utf8 = (readable == Some(true) && ul * 3 <= non_ascii) || non_ascii <= 1;
            if !damaged_utf8 && gb_bad(scratch) < ul {
                Line::Gb
            } else {
                Line::Utf8
            }
        }
    }
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
    // Decide on a sample, so that ordinary text costs little.
    let sample = sample_str(text, SAMPLE_BYTES);
    if sample.is_ascii() {
        return Ok(None);
    }
    // Mojibake when the repaired text reads far better: more than twice the
    // score, and a real margin (only the positive evidence: the repair of lossy
    // mojibake holds U+FFFD). Found without building the repaired text: U+FFFD
    // stands between the valid runs of the bytes and no template word holds it,
    // so the evidence of the repair is the sum over the runs.
    //
    // The sample is read a piece at a time (2 KiB, then twice as much each
    // time), each piece ending after an ASCII character, so that the sums over
    // the pieces are those over the whole sample: no character's GBK bytes, no
    // run of valid UTF-8 in them and no template word straddles such a cut. As
    // soon as the text read so far is plainly Chinese ([`CLEARLY_CHINESE`]) and
    // its repair reads at most a quarter as well, the rest is not looked at.
    let Some((repaired, original)) = mojibake_evidence(sample, true) else { return Ok(None) };
    if repaired <= 20 || repaired <= 2 * original + 20 {
        return Ok(None);
    }
    let (fixed, lost) = regbk(text);
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

/// The evidence of the repair and of the original, summed piece by piece;
/// `None` when `stop_early` and a piece shows the text is plainly not mojibake.
fn mojibake_evidence(sample: &str, stop_early: bool) -> Option<(i64, i64)> {
    let (mut repaired, mut original) = (Tally::new(), Tally::new());
    let (mut at, mut step) = (0usize, FIRST_PIECE);
    let mut gbk = Vec::new();
    while at < sample.len() {
        let end = piece_end(sample, at + step);
        let piece = &sample[at..end];
        gbk.clear();
        gbk_bytes_into(piece, &mut gbk);
        repaired.add_valid(&gbk);
        original.add(piece);
        (at, step) = (end, step.saturating_mul(2));
        if stop_early && original.evidence() >= CLEARLY_CHINESE && repaired.evidence() * 4 <= original.evidence() {
            return None;
        }
    }
    Some((repaired.evidence(), original.evidence()))
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
    let mut bytes = Vec::with_capacity(text.len());
    gbk_bytes_into(text, &mut bytes);
    bytes
}

/// [`gbk_bytes`], appended to `bytes`.
fn gbk_bytes_into(text: &str, bytes: &mut Vec<u8>) {
    thread_local! {
        /// Per BMP character: 0 when not known yet, else `len << 16 | bytes`.
        static GBK_BMP: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    bytes.reserve(text.len());
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

/// The first sample the legacy candidates are scored on; then 16 times as much.
const FIRST_SAMPLE: usize = 4 << 10;

/// The first piece of a text the mojibake test reads; each next one is twice as long.
const FIRST_PIECE: usize = 512;

/// Evidence ([`evidence`]) enough to call a text read so far Chinese: a few
/// lines of a report (a line of prose scores 20–40).
const CLEARLY_CHINESE: i64 = 256;

/// The end of a piece of `text` that starts before `want`: just after the first
/// ASCII character at or after `want`, or the end of the text.
fn piece_end(text: &str, want: usize) -> usize {
    if want >= text.len() {
        return text.len();
    }
    match text.as_bytes()[want..].iter().position(|b| b.is_ascii()) {
        Some(p) => want + p + 1,
        None => text.len(),
    }
}

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

#[cfg(test)]
fn is_common(c: char) -> bool {
    let i = c as usize;
    if i < 0x10000 {
        char_flags().table[i] & COMMON != 0
    } else {
        common_set().contains(&c)
    }
}

/// Per character of the BMP: a common character, a sign of the wrong decoder.
const COMMON: u8 = 1;
const BAD: u8 = 2;
/// The rest of the byte: 1 + the index of the group of template words that
/// start with this character (0: none).
const GROUP_SHIFT: u32 = 2;

/// What the scores need to know of each character, looked up once per character.
struct CharFlags {
    table: Vec<u8>,
    /// Per group: the indexes in [`TEMPLATE_WORDS`] of the words that start with its character.
    groups: Vec<Vec<usize>>,
}

fn char_flags() -> &'static CharFlags {
    static FLAGS: OnceLock<CharFlags> = OnceLock::new();
    FLAGS.get_or_init(|| {
        let mut table = vec![0u8; 0x10000];
        for &c in common_set() {
            if (c as usize) < 0x10000 {
                table[c as usize] |= COMMON;
            }
        }
        for (i, t) in table.iter_mut().enumerate() {
            if char::from_u32(i as u32).is_some_and(bad_char) {
                *t |= BAD;
            }
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut firsts: Vec<char> = Vec::new();
        for (k, w) in TEMPLATE_WORDS.iter().enumerate() {
            let Some(c) = w.chars().next() else { continue };
            let g = match firsts.iter().position(|&f| f == c) {
                Some(g) => g,
                None => {
                    firsts.push(c);
                    groups.push(Vec::new());
                    groups.len() - 1
                }
            };
            groups[g].push(k);
            table[c as usize] = (table[c as usize] & 3) | (((g + 1) as u8) << GROUP_SHIFT);
        }
        assert!(groups.len() < 63, "too many template word groups for the flag byte");
        CharFlags { table, groups }
    })
}

/// A replacement, control or private-use character: what a wrong decoder leaves.
fn bad_char(c: char) -> bool {
    c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}')) || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// How much a decoded text reads like Chinese: [`evidence`] minus ten for each
/// replacement character, control character or private-use character (signs
/// of the wrong decoder).
fn score(text: &str) -> i64 {
    let t = tally(text);
    t.evidence() - 10 * t.bad as i64
}

/// Common characters count one, template words five.
#[cfg(test)]
fn evidence(text: &str) -> i64 {
    tally(text).evidence()
}

/// [`evidence`] and the count of bad characters, in one pass.
fn tally(text: &str) -> Tally {
    let mut t = Tally::new();
    t.add(text);
    t
}

/// What the scores count, added up over one text or over several pieces of one
/// (cut where no template word can straddle the cut: at an ASCII character, a
/// bad byte).
struct Tally {
    common: usize,
    bad: usize,
    /// Characters outside ASCII.
    non_ascii: usize,
    words: usize,
    /// Per template word, the offset before which it may not match again
    /// (`str::matches` counts non-overlapping matches), in bytes of all the
    /// pieces added so far.
    next_free: [usize; TEMPLATE_WORDS.len()],
    /// Bytes of the pieces added so far.
    base: usize,
}

impl Tally {
    fn new() -> Tally {
        Tally { common: 0, bad: 0, non_ascii: 0, words: 0, next_free: [0; TEMPLATE_WORDS.len()], base: 0 }
    }

    /// Common characters count one, template words five.
    fn evidence(&self) -> i64 {
        self.common as i64 + 5 * self.words as i64
    }

    /// One pass over the text: a flag byte per character (common, bad, the
    /// first character of template words); a word is looked for only where its
    /// first character is. (Valid UTF-8 is its own valid runs.)
    fn add(&mut self, text: &str) {
        self.add_valid(text.as_bytes());
    }

    /// [`Tally::add`] for the characters of the valid UTF-8 in any bytes: the
    /// valid runs that `utf8_chunks` gives, without their chunks (a byte that
    /// cannot start a valid sequence is passed over; the bytes of an invalid
    /// sequence are continuation bytes, which start none, or a lead byte,
    /// which is tried and fails, so the same characters are found).
    fn add_valid(&mut self, b: &[u8]) {
        let flags = char_flags();
        let cont = |i: usize| b.get(i).is_some_and(|&y| y & 0xC0 == 0x80);
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x.wrapping_sub(0x20) < 0x5F {
                i += 1;
                continue;
            }
            if x < 0x80 {
                self.ascii_control(x);
                i += 1;
                continue;
            }
            let at = i;
            let second = b.get(at + 1).copied().unwrap_or(0);
            let c = match x {
                0xC2..=0xDF if cont(at + 1) => {
                    i += 2;
                    (u32::from(x & 0x1F) << 6) | u32::from(second & 0x3F)
                }
                0xE0..=0xEF
                    if cont(at + 2)
                        && match x {
                            0xE0 => (0xA0..=0xBF).contains(&second),
                            0xED => (0x80..=0x9F).contains(&second),
                            _ => cont(at + 1),
                        } =>
                {
                    i += 3;
                    (u32::from(x & 0x0F) << 12) | (u32::from(second & 0x3F) << 6) | u32::from(b[at + 2] & 0x3F)
                }
                0xF0..=0xF4
                    if cont(at + 2)
                        && cont(at + 3)
                        && match x {
                            0xF0 => (0x90..=0xBF).contains(&second),
                            0xF4 => (0x80..=0x8F).contains(&second),
                            _ => cont(at + 1),
                        } =>
                {
                    i += 4;
                    (u32::from(x & 0x07) << 18) | (u32::from(second & 0x3F) << 12) | (u32::from(b[at + 2] & 0x3F) << 6) | u32::from(b[at + 3] & 0x3F)
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.char_at(flags, c, b, at);
        }
        self.base += b.len();
    }

    fn ascii_control(&mut self, x: u8) {
        if !matches!(x, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
            self.bad += 1;
        }
    }

    /// A character outside ASCII, found at byte `at` of `b`.
    #[inline(always)]
    fn char_at(&mut self, flags: &CharFlags, c: u32, b: &[u8], at: usize) {
        self.non_ascii += 1;
        if c >= 0x10000 {
            if char::from_u32(c).is_some_and(|c| common_set().contains(&c)) {
                self.common += 1;
            }
            return;
        }
        let f = flags.table[c as usize];
        if f & COMMON != 0 {
            self.common += 1;
        }
        if f & BAD != 0 {
            self.bad += 1;
        }
        let g = f >> GROUP_SHIFT;
        if g != 0 {
            let rest = &b[at..];
            for &k in &flags.groups[usize::from(g) - 1] {
                let w = TEMPLATE_WORDS[k].as_bytes();
                if self.base + at >= self.next_free[k] && rest.starts_with(w) {
                    self.words += 1;
                    self.next_free[k] = self.base + at + w.len();
                }
            }
        }
    }
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

    /// `score`, `evidence` and the control count as they were written before
    /// the one-pass versions.
    fn score_by_chars(text: &str) -> i64 {
        let bad = text
            .chars()
            .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}')) || ('\u{E000}'..='\u{F8FF}').contains(&c))
            .count();
        let common = text.chars().filter(|&c| !c.is_ascii() && is_common(c)).count() as i64;
        let words: usize = TEMPLATE_WORDS.iter().map(|w| text.matches(w).count()).sum();
        common + 5 * words as i64 - 10 * bad as i64
    }

    fn controls_by_chars(text: &str) -> (usize, usize, u32, u32) {
        let (mut nul, mut other, mut nul_line, mut first_line, mut line) = (0, 0, 0, 0, 1u32);
        for ch in text.trim_end_matches('\u{1A}').chars() {
            match ch {
                '\n' => line += 1,
                '\t' | '\r' | '\u{0B}' | '\u{0C}' => {}
                '\0' => {
                    nul += 1;
                    if nul_line == 0 {
                        nul_line = line;
                    }
                    if first_line == 0 {
                        first_line = line;
                    }
                }
                ch if ch.is_control() => {
                    other += 1;
                    if first_line == 0 {
                        first_line = line;
                    }
                }
                _ => {}
            }
        }
        (nul, other, nul_line, first_line)
    }

    /// Texts to compare the fast paths on: the corpus, its mojibake, and
    /// pseudo-random strings over characters each path treats specially.
    fn texts_to_compare() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir).unwrap().flatten().filter_map(|e| std::fs::read_to_string(e.path()).ok()).collect();
        let moji: Vec<String> = texts.iter().map(|t| GBK.decode(t.as_bytes()).0.into_owned()).collect();
        texts.extend(moji);
        let alphabet: Vec<char> = "政府信息公开年度报告本年申请工作作總體情況\u{0}\u{1}\u{7F}\u{80}\u{9F}\u{A0}\u{1A}\u{FFFD}\u{E000}\u{F8FF}\u{20000}😀\t\n\r\u{0B}\u{0C} a1ÿ€"
            .chars()
            .collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for len in 0..300 {
            texts.push(
                (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % alphabet.len() as u64) as usize]
                    })
                    .collect(),
            );
        }
        texts
    }

    #[test]
    fn one_pass_scores_are_the_char_by_char_ones() {
        for t in texts_to_compare() {
            assert_eq!(score(&t), score_by_chars(&t), "{t:?}");
            let c = Controls::count(&t);
            assert_eq!((c.nul, c.other, c.nul_line, c.first_line), controls_by_chars(&t), "{t:?}");
            let bytes: Vec<u8> = t.bytes().chain(GBK.encode(&t).0.iter().copied()).collect();
            assert_eq!(utf8_score(&bytes), score(&decode_counting(UTF_8, &bytes).0), "{t:?}");
        }
    }

    #[test]
    fn mojibake_evidence_by_pieces_is_that_of_the_whole() {
        let mut texts = texts_to_compare();
        // long enough for several pieces, with and without ASCII to cut at
        texts.push(texts[..12].concat());
        texts.push("政府信息公开".repeat(5000));
        for t in texts {
            let gbk = gbk_bytes(&t);
            let whole = (gbk.utf8_chunks().map(|c| evidence(c.valid())).sum::<i64>(), evidence(&t));
            assert_eq!(mojibake_evidence(&t, false), Some(whole));
        }
    }

    #[test]
    fn late_utf8_lines_after_a_clear_gbk_start_are_still_found() {
        let start = gbk(&SIMPLIFIED.repeat(60));
        assert!(start.len() > FIRST_SAMPLE);
        let mut b = start.clone();
        b.extend_from_slice("二、主动公开政府信息情况\n".as_bytes());
        b.extend_from_slice(&start);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8+GB18030");
        assert_eq!(d.text, format!("{}二、主动公开政府信息情况\n{}", SIMPLIFIED.repeat(60), SIMPLIFIED.repeat(60)));
        // and without them, read as GB18030 from the first sample
        let d = decode(&start).unwrap();
        assert_eq!((d.encoding.as_str(), d.diagnostics.len()), ("GB18030", 0));
    }

    #[test]
    fn declarations_found_as_browsers_find_them() {
        let cases: &[(&str, Option<&'static Encoding>)] = &[
            ("<meta charset=gbk>", Some(GB18030)),
            ("<meta charset=\"GB2312\">", Some(GB18030)),
            ("<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html;charset=big5'></head>", Some(BIG5)),
            ("<meta content=\"text/html; charset = 'gb18030'\" http-equiv=\"content-type\" />", Some(GB18030)),
            ("<meta charset=\"utf-8\" name=\"viewport\" content=\"width=device-width\" />", Some(UTF_8)),
            ("<meta charset=\"utf-16\">", Some(UTF_8)),
            ("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<html>", Some(GB18030)),
            // not a declaration: no http-equiv, in a comment, in an attribute, in a script's text is still a tag
            ("<meta name=\"description\" content=\"text/html; charset=big5\">", None),
            ("<!-- <meta charset=big5> --><p>", None),
            ("<a title=\"x > <meta charset=big5>\">", None),
            ("<!--><meta charset=gbk>", Some(GB18030)),
            // an encoding no Chinese report is in: no hint, the first declaration decides
            ("<meta charset=iso-8859-1><meta charset=gbk>", None),
            ("<meta charset=no-such-thing>", None),
            ("plain text, no markup", None),
        ];
        for (page, want) in cases {
            assert_eq!(declared_charset(page.as_bytes()), *want, "{page}");
        }
        // only the first 4 KiB are looked at
        let late = format!("<html>{}<meta charset=gbk>", " ".repeat(PRESCAN_BYTES));
        assert_eq!(declared_charset(late.as_bytes()), None);
        let early = format!("<html>{}<meta charset=gbk>", " ".repeat(PRESCAN_BYTES - 40));
        assert_eq!(declared_charset(early.as_bytes()), Some(GB18030));
        // nothing makes the scan panic
        for cut in 0..60 {
            let _ = declared_charset(&b"<meta http-equiv=content-type content=\"charset=\"'><meta charset="[..cut.min(59)]);
        }
    }

    /// Byte strings for the line-by-line paths: GB18030 and UTF-8 lines, bytes
    /// that break either (a four-byte GB18030 sequence cut by a line end), runs
    /// of pseudo-random bytes.
    fn mixed_inputs() -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let lines = ["一、总体情况", "\t\u{A0}2", "业", "（一）主动公开", "政府資訊公開", "abc", ""];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..400 {
            let mut b = Vec::new();
            for _ in 0..(next() % 8) {
                let line = lines[(next() % lines.len() as u64) as usize];
                match next() % 6 {
                    0 => b.extend_from_slice(line.as_bytes()),
                    1 => b.extend(gbk(line)),
                    2 => b.extend(big5(line)),
                    3 => b.extend_from_slice(b"\x81\x30\x81"),
                    4 => b.extend((0..next() % 6).map(|_| (next() % 256) as u8)),
                    _ => b.push(0xFF),
                }
                if next() % 4 != 0 {
                    b.push(b'\n');
                }
            }
            out.push(b);
        }
        out
    }

    #[test]
    fn mixed_lines_from_the_whole_decoding_are_as_line_by_line() {
        for b in mixed_inputs() {
            let (gb, _) = decode_counting(GB18030, &b);
            let by_lines = mixed_lines(&b, None);
            let from_whole = mixed_lines(&b, Some(&gb));
            assert_eq!(by_lines.as_ref().map(|m| (&m.0, &m.1, m.2.bytes, m.2.first_line)), from_whole.as_ref().map(|m| (&m.0, &m.1, m.2.bytes, m.2.first_line)), "{b:x?}");
        }
    }

    #[test]
    fn decoding_on_from_a_sample_is_decoding_in_one_go() {
        let mut inputs = mixed_inputs();
        inputs.push(gbk(&SIMPLIFIED.repeat(50)));
        inputs.push(big5(&TRADITIONAL.repeat(50)));
        for b in inputs {
            for enc in [GB18030, BIG5] {
                let whole = decode_counting(enc, &b);
                for max in [1, 7, 64, 200, 4096] {
                    let sample = sample_bytes(&b, max);
                    let (t, l) = decode_on(enc, &b, sample.len(), decode_counting(enc, sample));
                    assert_eq!((&t, l.bytes, l.first_line), (&whole.0, whole.1.bytes, whole.1.first_line), "{} {max} {b:x?}", enc.name());
                }
            }
        }
    }

    #[test]
    fn tally_of_valid_runs_is_that_of_the_chunks() {
        let mut inputs = mixed_inputs();
        inputs.extend(texts_to_compare().iter().map(|t| gbk_bytes(t)));
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        for len in 0..2000 {
            inputs.push(
                (0..len % 64)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        [0x41, 0x0A, 0x01, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF][(x % 20) as usize]
                    })
                    .collect(),
            );
        }
        for b in inputs {
            let mut by_chunks = Tally::new();
            for c in b.utf8_chunks() {
                by_chunks.add(c.valid());
            }
            let mut valid = Tally::new();
            valid.add_valid(&b);
            assert_eq!(
                (valid.evidence(), valid.bad, valid.non_ascii, valid.common),
                (by_chunks.evidence(), by_chunks.bad, by_chunks.non_ascii, by_chunks.common),
                "{b:x?}"
            );
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
