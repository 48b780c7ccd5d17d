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
    let mut hits = 0usize;
    let mut han = 0usize;
    for c in text.chars().take(200_000) {
        if is_han(c) {
            han += 1;
            if is_marker(c) {
                hits += 1;
            }
        }
    }
    hits >= 5 && hits * 50 >= han.min(5000)
}

/// One of [`TRADITIONAL_MARKERS`] (a bit per BMP character: this runs on every Han character of the text).
fn is_marker(c: char) -> bool {
    static BITS: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut v = vec![0u64; 0x10000 / 64];
        for m in TRADITIONAL_MARKERS.chars().filter(|m| (*m as u32) < 0x10000) {
            v[m as usize / 64] |= 1 << (m as usize % 64);
        }
        v
    });
    let i = c as usize;
    if i < 0x10000 {
        BITS[i / 64] & (1 << (i % 64)) != 0
    } else {
        TRADITIONAL_MARKERS.contains(c)
    }
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
    let (mut ruby, mut remnants) = (false, false);
    for b in out[start..].bytes() {
        match b {
            b'(' => ruby = true,
            b'[' | b'&' | b'*' | b'<' | b'_' | b'{' => remnants = true,
            _ => {}
        }
    }
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
        if s.contains('(') {
            s = RUBY.replace_all(&s, "$1").into_owned();
        }
    }
    out.truncate(start);
    out.push_str(&s);
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
        _ => false,
    }
}

/// `nfkc` then `fix`, into `out`: ideographs and runs of identity characters
/// are copied in spans; only the runs between ideographs that hold something
/// else are normalised, a character at a time.
fn nfkc_into(s: &str, out: &mut String) {
    let run = |r: &str, out: &mut String| {
        if r.chars().all(|c| stable_nfkc(c).is_some()) {
            r.chars().filter_map(stable_nfkc).for_each(|c| fix(out, c));
        } else {
            r.nfkc().for_each(|c| fix(out, c));
        }
    };
    let mut span = 0;
    let mut run_start = 0;
    let mut plain = true;
    for (i, c) in s.char_indices() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            if !plain {
                out.push_str(&s[span..run_start]);
                run(&s[run_start..i], out);
                span = i;
            }
            run_start = i + c.len_utf8();
            plain = true;
        } else if plain && !identity(c) {
            plain = false;
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
/// U+3000, and the CJK punctuation reports are full of. A run made only of
/// these is normalised a character at a time (tested equal to the crate).
fn stable_nfkc(c: char) -> Option<char> {
    match c {
        '\0'..='\x7F' => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        '、' | '。' | '“' | '”' | '‘' | '’' | '《' | '》' | '〈' | '〉' | '「' | '」' | '『' | '』' | '【' | '】' | '〔' | '〕' | '—' | '·' => Some(c),
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

/// [`label_key`] of `s` appended to `out`.
pub fn push_label_key(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || is_han(c) {
            out.push(c);
        }
    }
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
    fn compact_keeps_number_gaps() {
        assert_eq!(compact("商业 企业  20 0 00"), "商业企业20 0 00");
    }
}
