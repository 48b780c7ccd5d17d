//! Text normalisation shared by every layout: width, script, padding and
//! converter remnants, so that the rest of the parser sees one spelling.
//!
//! - NFKC: full-width digits, letters and brackets become ASCII (`（１）` → `(1)`),
//!   U+3000 and NBSP become spaces.
//! - zero-width characters and BOMs are dropped;
//! - pinyin ruby left inline by web converters is dropped (`報(bào)告` → `報告`);
//! - converter remnants (`[bookmark: _GoBack]`, `&nbsp;`, markdown emphasis) are dropped;
//! - traditional script is converted to simplified, when the text is traditional.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Characters frequent in reports and written differently in traditional script.
const TRADITIONAL_MARKERS: &str = "國開關機報條務總計區處無權與這請過還發產會來時實現體點門義經傳復議訟維糾審結結轉續應";

/// Does the text look like traditional script?
pub fn is_traditional(text: &str) -> bool {
    let mut t = ScriptTally::default();
    t.feed(text);
    t.traditional()
}

/// How many characters are read to tell the script ([`is_traditional`]).
const SCRIPT_SAMPLE_CHARS: usize = 200_000;

/// [`is_traditional`] over a text given in pieces (the blocks of a document,
/// without joining them into one string first): the Han characters and the
/// traditional markers among the first [`SCRIPT_SAMPLE_CHARS`] characters.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScriptTally {
    chars: usize,
    han: usize,
    hits: usize,
}

impl ScriptTally {
    /// Count the next piece of the text. A byte loop: one- and two-byte
    /// characters (never Han) are stepped over, only three- and four-byte
    /// sequences are decoded.
    pub fn feed(&mut self, text: &str) {
        let room = SCRIPT_SAMPLE_CHARS.saturating_sub(self.chars);
        // a piece of no more bytes than the characters still to count is counted whole
        let text = if text.len() > room { text.char_indices().nth(room).map_or(text, |(i, _)| &text[..i]) } else { text };
        let b = text.as_bytes();
        let (mut i, mut chars, mut han, mut hits) = (0, 0, 0, 0);
        while i < b.len() {
            let lead = b[i];
            chars += 1;
            if lead < 0xE0 {
                i += 1 + usize::from(lead >= 0x80);
            } else if lead < 0xF0 {
                let c = usize::from(lead & 0x0F) << 12 | usize::from(b[i + 1] & 0x3F) << 6 | usize::from(b[i + 2] & 0x3F);
                i += 3;
                if is_han_bmp(c) {
                    han += 1;
                    hits += (MARKER_BITS[c / 64] >> (c % 64)) as usize & 1;
                }
            } else {
                // U+20000–U+2FFFF: F0 A0 80 80 – F0 AF BF BF
                han += usize::from(lead == 0xF0 && (0xA0..=0xAF).contains(&b[i + 1]));
                i += 4;
            }
        }
        self.chars += chars;
        self.han += han;
        self.hits += hits;
    }

    /// Enough traditional markers among the Han characters counted.
    pub fn traditional(&self) -> bool {
        self.hits >= 5 && self.hits * 50 >= self.han.min(5000)
    }
}

/// [`is_han`] for a BMP code point.
fn is_han_bmp(c: usize) -> bool {
    (0x4E00..=0x9FFF).contains(&c) || (0x3400..=0x4DBF).contains(&c) || (0xF900..=0xFAFF).contains(&c) || c == 0x3007
}

/// [`TRADITIONAL_MARKERS`] as a bit per BMP code point (built at compile
/// time: every marker is a three-byte UTF-8 sequence).
static MARKER_BITS: [u64; 1024] = {
    let b = TRADITIONAL_MARKERS.as_bytes();
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < b.len() {
        assert!(b[i] >= 0xE0 && b[i] < 0xF0, "markers are BMP characters of three bytes");
        let c = ((b[i] & 0x0F) as usize) << 12 | ((b[i + 1] & 0x3F) as usize) << 6 | (b[i + 2] & 0x3F) as usize;
        bits[c / 64] |= 1 << (c % 64);
        i += 3;
    }
    bits
};

/// One of [`TRADITIONAL_MARKERS`] ([`MARKER_BITS`] as the tests read it).
#[cfg(test)]
fn is_marker(c: char) -> bool {
    let i = c as usize;
    i < 0x10000 && MARKER_BITS[i / 64] & (1 << (i % 64)) != 0
}

/// A CJK ideograph?
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}' | '〇')
}

static RUBY: LazyLock<Regex> = LazyLock::new(|| {
    // a Han character followed by a parenthesised pinyin syllable (letters with tone marks)
    Regex::new(r"(\p{Han})\(([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7})\)").expect("valid regex")
});
static REMNANTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[bookmark:[^\]]*\]|&nbsp;?|&#160;|&ensp;|&emsp;|\{\.[a-z_-]+\}|<br\s*/?>|\*\*|__").expect("valid regex")
});

/// Normalise one line (or cell) of text. Whitespace runs are kept (layouts use
/// them as separators); only their kind is unified.
pub fn line(s: &str, traditional: bool) -> String {
    let mut out = String::with_capacity(s.len());
    line_into(s, traditional, &mut out);
    out
}

/// [`line`], appended to `out` (one buffer for a whole document).
pub fn line_into(s: &str, traditional: bool, buf: &mut String) {
    let start = buf.len();
    let out = buf;
    nfkc_into(s, out);
    let (ruby, remnants) = markers(&out[start..]);
    if !ruby && !remnants && !traditional {
        return;
    }
    let mut s = out[start..].to_string();
    if ruby {
        s = RUBY.replace_all(&s, "$1").into_owned();
    }
    if remnants {
        s = REMNANTS.replace_all(&s, " ").into_owned();
    }
    if traditional {
        s = fast2s::convert(&s);
        // ruby may still be there when the base character changed
        if markers(&s).0 {
            s = RUBY.replace_all(&s, "$1").into_owned();
        }
    }
    out.truncate(start);
    out.push_str(&s);
}

/// The bytes that may start a [`RUBY`] match (`(`) or a [`REMNANTS`] one
/// (`[`, `&`, `{`, `<`, `*`, `_`): one flag per byte value.
static MARK_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let marks = b"([&{<*_";
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// Could [`RUBY`] or [`REMNANTS`] match in `t`? A literal prefilter on the
/// two bytes every match starts with, so that the regexes run only on the
/// lines that may hold ruby or remnants (not on every `(1)` or `【…】`):
/// ruby is `(` then a pinyin letter (ASCII, or Latin-1/Extended-A/B with a
/// tone mark: lead bytes C3–C7); the remnants are `[b`, `&n`, `&#`, `&e`,
/// `{.`, `<b`, `**`, `__` (the letters either case; no other character
/// folds to `b`, `n` or `e` under `(?i)`). Returns (ruby, remnants).
/// (Inlined into both its callers in [`line_into`]: out of line, the
/// compiler's choices for the whole loop cost a parse of 000 about 1%.)
#[inline(always)]
fn markers(t: &str) -> (bool, bool) {
    let b = t.as_bytes();
    let (mut ruby, mut remnants) = (false, false);
    let mut i = 0;
    while i < b.len() {
        // most lines hold none of the marks: skip to the next one
        match b[i..].iter().position(|x| MARK_BYTES[*x as usize]) {
            Some(p) => i += p,
            None => break,
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        match b[i] {
            b'(' => ruby |= next.is_ascii_alphabetic() || (0xC3..=0xC7).contains(&next),
            b'[' | b'<' => remnants |= next.eq_ignore_ascii_case(&b'b'),
            b'&' => remnants |= matches!(next, b'n' | b'N' | b'#' | b'e' | b'E'),
            b'{' => remnants |= next == b'.',
            x => remnants |= next == x,
        }
        i += 1;
    }
    (ruby, remnants)
}

/// One character of NFKC output into the line: zero-width characters dropped,
/// the spaces unified, the dashes that mean "nothing here" made one.
fn fix(out: &mut String, c: char) {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
        '\u{00A0}' | '\u{3000}' | '\u{2002}'..='\u{200A}' => out.push(' '),
        '\r' => {}
        // dashes that mean "nothing here" are unified to one
        '\u{2014}' | '\u{2015}' | '\u{2013}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => out.push('—'),
        '\u{3010}' => out.push('['),
        '\u{3011}' => out.push(']'),
        _ => out.push(c),
    }
}

/// Characters that NFKC and [`fix`] both leave as they are, and that nothing
/// composes with unless a combining mark follows (which makes its run go the
/// slow way): copied in spans.
fn identity(c: char) -> bool {
    match c {
        '\r' => false,
        '\0'..='\x7F' => true,
        '、' | '。' | '“' | '”' | '‘' | '’' | '《' | '》' | '〈' | '〉' | '「' | '」' | '『' | '』' | '〔' | '〕' | '—' | '·' => true,
        // (all the pinyin letters lie in U+00E0–U+01F9)
        '\u{E0}'..='\u{1F9}' => is_pinyin_letter(c),
        _ => false,
    }
}

/// The letters with tone marks of pinyin ([`RUBY`]'s class): precomposed
/// (NFC), with no compatibility mapping, so their own NFKC form; they compose
/// only with a combining mark after them, which sends the run the slow way.
fn is_pinyin_letter(c: char) -> bool {
    matches!(c, 'ā' | 'á' | 'ǎ' | 'à' | 'ē' | 'é' | 'ě' | 'è' | 'ī' | 'í' | 'ǐ' | 'ì' | 'ō' | 'ó' | 'ǒ' | 'ò' | 'ū' | 'ú' | 'ǔ' | 'ù' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' | 'ń' | 'ň' | 'ǹ')
}

/// `nfkc` then `fix`, into `out`: ideographs and runs of identity characters
/// are copied in spans; only the runs between ideographs that hold something
/// else are normalised, a character at a time. A byte loop: ASCII and the
/// ideographs (U+4E00–U+9FFF, `E4 B8 80`–`E9 BF BF` in UTF-8) are told by
/// their bytes; only other characters are decoded.
fn nfkc_into(s: &str, out: &mut String) {
    // a run a character at a time while its characters are stable; at the
    // first that is not, what was written is taken back and the run goes
    // through the normalisation crate
    let run = |r: &str, out: &mut String| {
        let start = out.len();
        for c in r.chars() {
            match stable_nfkc(c) {
                Some(m) => fix(out, m),
                None => {
                    out.truncate(start);
                    r.nfkc().for_each(|c| fix(out, c));
                    return;
                }
            }
        }
    };
    let b = s.as_bytes();
    let mut span = 0;
    let mut run_start = 0;
    let mut plain = true;
    let mut i = 0;
    while i < b.len() {
        let lead = b[i];
        if lead < 0x80 {
            plain &= lead != b'\r';
            i += 1;
        } else if (0xE5..=0xE9).contains(&lead) || (lead == 0xE4 && b[i + 1] >= 0xB8) {
            // an ideograph
            if !plain {
                out.push_str(&s[span..run_start]);
                run(&s[run_start..i], out);
                span = i;
            }
            i += 3;
            run_start = i;
            plain = true;
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            plain = plain && identity(c);
            i += c.len_utf8();
        }
    }
    if plain {
        out.push_str(&s[span..]);
    } else {
        out.push_str(&s[span..run_start]);
        run(&s[run_start..], out);
    }
}

/// The NFKC form of `s`, a character at a time. CJK unified ideographs
/// (U+4E00–U+9FFF, most of a report) are stable code points: their own normal
/// form, never composed with a neighbour or reordered across (combining class
/// 0), so the text is cut around them and only the runs between them are
/// normalised; a run of ASCII is its own normal form too.
#[cfg(test)]
fn nfkc(s: &str, push: &mut impl FnMut(char)) {
    let run = |r: &str, push: &mut dyn FnMut(char)| {
        if r.is_ascii() {
            r.chars().for_each(&mut *push);
        } else if r.chars().all(|c| stable_nfkc(c).is_some()) {
            // full-width ASCII and the common CJK punctuation, a character at a time
            r.chars().filter_map(stable_nfkc).for_each(&mut *push);
        } else {
            r.nfkc().for_each(&mut *push);
        }
    };
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            if start < i {
                run(&s[start..i], push);
            }
            push(c);
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        run(&s[start..], push);
    }
}

/// The NFKC form of a character that is its own normal form or maps to one
/// character, with no character it could compose with (no combining mark): ASCII,
/// full-width ASCII (U+FF01–U+FF5E, the `<wide>` forms of U+0021–U+007E),
/// U+3000, the CJK punctuation reports are full of, and the pinyin letters
/// of ruby ([`is_pinyin_letter`]). A run made only of
/// these is normalised a character at a time (tested equal to the crate).
fn stable_nfkc(c: char) -> Option<char> {
    match c {
        '\0'..='\x7F' => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        // no-break and fixed-width spaces: `<noBreak>`/`<compat>` forms of U+0020
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' => Some(' '),
        '、' | '。' | '“' | '”' | '‘' | '’' | '《' | '》' | '〈' | '〉' | '「' | '」' | '『' | '』' | '【' | '】' | '〔' | '〕' | '—' | '·' => Some(c),
        '\u{E0}'..='\u{1F9}' if is_pinyin_letter(c) => Some(c),
        _ => None,
    }
}

/// Remove every whitespace character between two characters that are not both
/// number-like, so that `商业 企业` becomes `商业企业` but `20 0` keeps its space.
/// Used to match labels broken by converters.
pub fn compact(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            let keep = matches!((before, after), (Some(b), Some(a)) if numberish(b) && numberish(a));
            if keep {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn numberish(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == ','
}

/// The characters of a label that matter for matching: Han characters and
/// ASCII letters/digits, without numbering, punctuation or spaces.
pub fn label_key(s: &str) -> String {
    let mut out = String::new();
    push_label_key(s, &mut out);
    out
}

/// [`label_key`] of `s` appended to `out`. A byte loop: the characters kept
/// are copied in runs; only three- and four-byte sequences (where the Han
/// ranges of [`is_han`] are) are decoded.
pub fn push_label_key(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let lead = b[i];
        let (w, keep) = match lead {
            0x00..=0x7F => (1, lead.is_ascii_alphanumeric()),
            0x80..=0xDF => (2, false),
            0xE0..=0xEF => (3, is_han_bmp(usize::from(lead & 0x0F) << 12 | usize::from(b[i + 1] & 0x3F) << 6 | usize::from(b[i + 2] & 0x3F))),
            // U+20000–U+2FFFF: F0 A0 80 80 – F0 AF BF BF
            _ => (4, lead == 0xF0 && (0xA0..=0xAF).contains(&b[i + 1])),
        };
        if !keep {
            out.push_str(&s[run..i]);
            run = i + w;
        }
        i += w;
    }
    out.push_str(&s[run..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_padding() {
        assert_eq!(line("（１）　１２", false), "(1) 12");
        assert_eq!(line("a\u{00A0}b\u{200B}c", false), "a bc");
    }

    #[test]
    fn pinyin_ruby_is_dropped() {
        assert_eq!(line("本報(bào)告依據(jù)", false), "本報告依據");
        assert_eq!(line("（一）予以公开", false), "(一)予以公开");
    }

    #[test]
    fn traditional_becomes_simplified() {
        let t = "本報(bào)告 國務院辦公廳 政府信息公開 條例 總計 機關 關於 區 處理 無法 權益";
        assert!(is_traditional(t));
        let s = line(t, true);
        assert!(s.contains("本报告"), "{s}");
        assert!(s.contains("总计"), "{s}");
        assert!(!is_traditional("本报告 国务院办公厅 政府信息公开 条例"));
    }

    #[test]
    fn remnants() {
        assert_eq!(line("规章[bookmark: _GoBack]", false).trim(), "规章");
        assert_eq!(line("**二、主动公开**", false).trim(), "二、主动公开");
        assert_eq!(line("&nbsp;", false).trim(), "");
    }

    #[test]
    fn nfkc_around_ideographs_is_nfkc() {
        let by_crate = |s: &str| s.nfkc().collect::<String>();
        let ours = |s: &str| {
            let mut out = String::new();
            nfkc(s, &mut |c| out.push(c));
            out
        };
        // the span-copying path equals NFKC then `fix`, character by character
        let fixed = |s: &str| {
            let mut out = String::new();
            s.nfkc().for_each(|c| fix(&mut out, c));
            out
        };
        let spans = |s: &str| {
            let mut out = String::new();
            nfkc_into(s, &mut out);
            out
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
            for l in text.lines() {
                assert_eq!(ours(l), by_crate(l), "{l}");
                assert_eq!(spans(l), fixed(l), "{l}");
            }
        }
        // every combining mark, compatibility and full-width character next to ideographs and ASCII
        for c in (0x80u32..0x3_0000).filter_map(char::from_u32) {
            for s in [format!("一{c}"), format!("{c}一"), format!("e{c}一{c}{c}"), format!("一\u{301}{c}a"), format!("。{c}、一a{c}")] {
                assert_eq!(ours(&s), by_crate(&s), "{:x}", c as u32);
                assert_eq!(spans(&s), fixed(&s), "{:x}", c as u32);
            }
        }
        for (i, c) in TRADITIONAL_MARKERS.chars().enumerate() {
            assert!(is_marker(c), "{i}");
        }
        assert!(!is_marker('国'));
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_marker(c), TRADITIONAL_MARKERS.contains(c), "{:x}", c as u32);
        }
    }

    #[test]
    fn markers_let_every_ruby_and_remnant_through() {
        let samples = [
            "本報(bào)告", "依據(jù)", "女(nǚ)", "[bookmark: _GoBack]", "[BOOKMARK:x]", "&nbsp;", "&NBSP", "&#160;", "&ensp;", "&Emsp;", "{.underline}", "<br>",
            "<BR />", "**a**", "__a__",
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        let mut lines: Vec<String> = samples.iter().map(|s| s.to_string()).collect();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
            lines.extend(text.lines().map(|l| {
                let mut out = String::new();
                nfkc_into(l, &mut out);
                out
            }));
        }
        for l in &lines {
            let (ruby, remnants) = markers(l);
            assert!(ruby || !RUBY.is_match(l), "{l}");
            assert!(remnants || !REMNANTS.is_match(l), "{l}");
        }
        for l in samples {
            assert_ne!(markers(l), (false, false), "{l}");
        }
        assert_eq!(markers("(1)本报告【一】(一)"), (false, false));
    }

    #[test]
    fn script_tally_counts_as_the_characters_say() {
        // every character: Han or not, marker or not, one character counted
        let text: String = (0u32..0x3_0000).filter_map(char::from_u32).collect();
        for c in text.chars() {
            let mut t = ScriptTally::default();
            t.feed(c.encode_utf8(&mut [0; 4]));
            assert_eq!((t.chars, t.han, t.hits), (1, usize::from(is_han(c)), usize::from(is_han(c) && TRADITIONAL_MARKERS.contains(c))), "{:x}", c as u32);
        }
        // in pieces as whole, and the limit counted in characters across pieces
        let reference = |s: &str| {
            let cs = s.chars().take(SCRIPT_SAMPLE_CHARS);
            let han: Vec<char> = cs.filter(|c| is_han(*c)).collect();
            (han.len(), han.iter().filter(|c| TRADITIONAL_MARKERS.contains(**c)).count())
        };
        let long = "報a國é務".repeat(SCRIPT_SAMPLE_CHARS / 3);
        let mut t = ScriptTally::default();
        for piece in long.split_inclusive('a') {
            t.feed(piece);
        }
        assert_eq!((t.han, t.hits), reference(&long));
        assert_eq!(t.chars, SCRIPT_SAMPLE_CHARS);
    }

    #[test]
    fn label_key_keeps_han_and_ascii_alphanumerics() {
        let text: String = (0u32..0x3_0000).filter_map(char::from_u32).collect();
        let by_char: String = text.chars().filter(|c| c.is_ascii_alphanumeric() || is_han(*c)).collect();
        assert_eq!(label_key(&text), by_char);
        assert_eq!(label_key("(一)1.政府 信息-公开a"), "一1政府信息公开a");
    }

    #[test]
    fn compact_keeps_number_gaps() {
        assert_eq!(compact("商业 企业  20 0 00"), "商业企业20 0 00");
    }
}
