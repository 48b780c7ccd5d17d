//! PDF text laid out in columns (`pdftotext -layout`): cells are separated by
//! runs of two or more spaces.

use crate::grid::GridCell;

/// A line with an inner gap of two or more spaces between cells.
pub(super) fn is_columns(line: &str) -> bool {
    let t = line.trim();
    // (a line of at most 400 bytes has at most 400 characters: only longer ones are counted)
    if t.is_empty() || (t.len() > 400 && t.chars().count() > 400) {
        return false;
    }
    t.contains("  ") || t.contains("\u{3000}\u{3000}")
}

/// Cells of a column line.
pub(super) fn split_row(line: &str, n: u32) -> Vec<GridCell<'static>> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0usize;
    for c in line.trim().chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == '\u{3000}' { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 && !cur.is_empty() {
            cells.push(GridCell::new(std::mem::take(&mut cur), n));
        } else if spaces == 1 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    if !cur.is_empty() {
        cells.push(GridCell::new(cur, n));
    }
    cells
}

/// A cell of a column line and the character column it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placed {
    pub x: usize,
    pub text: String,
}

/// The cells of a line with the character column each starts at (the same
/// split as [`split_row`]).
pub(super) fn placed(line: &str) -> Vec<Placed> {
    let mut cells: Vec<Placed> = Vec::new();
    let mut cur = String::new();
    let mut start = 0usize;
    let mut spaces = 0usize;
    let mut x = 0usize;
    for c in line.chars() {
        let w = if c == '\u{3000}' { 2 } else { 1 };
        if c == ' ' || c == '\u{3000}' || c == '\r' {
            spaces += w;
            x += w;
            continue;
        }
        if spaces >= 2 && !cur.is_empty() {
            cells.push(Placed { x: start, text: std::mem::take(&mut cur) });
        } else if spaces == 1 && !cur.is_empty() {
            cur.push(' ');
        }
        if cur.is_empty() {
            start = x;
        }
        spaces = 0;
        cur.push(c);
        x += w;
    }
    if !cur.is_empty() {
        cells.push(Placed { x: start, text: cur });
    }
    // values one space apart ("0 0": columns drawn close) are cells of their own
    let mut out = Vec::with_capacity(cells.len());
    for c in cells {
        if c.text.contains(' ') && c.text.split(' ').all(is_value) {
            let mut x = c.x;
            for part in c.text.split(' ') {
                out.push(Placed { x, text: part.to_string() });
                x += part.chars().count() + 1;
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Could the line hold a value at all (a digit or a blank mark)? A cheap test
/// before its cells are placed: prose and header lines are emitted at once.
pub(super) fn may_hold_values(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit() || b == b'/' || b == b'-') || line.contains(['—', '／', '－', '０', '１', '２', '３', '４', '５', '６', '７', '８', '９'])
}

/// A number (or a blank mark) as a cell of a table prints it.
pub(super) fn is_value(t: &str) -> bool {
    let t = t.trim();
    if matches!(t, "/" | "-" | "—" | "——" | "／" | "－") {
        return true;
    }
    let mut digits = 0;
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' | '０'..='９' => digits += 1,
            '+' | '-' if i == 0 => {}
            ',' | '.' | '，' | '．' if digits > 0 => {}
            _ => return false,
        }
    }
    digits > 0
}

/// A line of values only, indented (`pdftotext -layout` put some of a row's
/// numbers a line above or below the rest: a cell aligned differently, a
/// digit of another font).
/// A piece of a label merged down the rows (`（六）其他处` / `理`) may stand
/// before them.
/// A line of values only, or of values after a piece of a label merged down
/// the rows (`（六）其他处` / `理`): `pdftotext -layout` put some of a row's
/// numbers a line above or below the rest (a cell aligned differently, a digit
/// of another font). A text line of one value must be indented; a column line
/// is layout text as it is. Read without placing the cells (no allocation).
pub(super) fn is_loose_line(line: &str, columns: bool) -> bool {
    let (mut n, mut values, mut ok, mut first_x) = (0usize, 0usize, true, 0usize);
    for_each_cell(line, |x, t| {
        let value = t.split(' ').all(is_value);
        if n == 0 {
            first_x = x;
            if !value && t.chars().count() > 2 {
                ok = false;
            }
        } else if !value {
            ok = false;
        }
        if value {
            values += 1;
        }
        n += 1;
        ok
    });
    ok && values > 0 && (columns || first_x >= 4)
}

/// Each cell of a column line (as [`split_row`] cuts it) with the character
/// column it starts at, a slice of the line; `f` returns false to stop.
fn for_each_cell(line: &str, mut f: impl FnMut(usize, &str) -> bool) {
    let (mut start, mut end, mut cell_x) = (None::<usize>, 0usize, 0usize);
    let mut spaces = 0usize;
    let mut x = 0usize;
    for (i, c) in line.char_indices() {
        let w = if c == '\u{3000}' { 2 } else { 1 };
        if c == ' ' || c == '\u{3000}' || c == '\r' {
            spaces += w;
            x += w;
            continue;
        }
        if spaces >= 2 {
            if let Some(s) = start.take() {
                if !f(cell_x, &line[s..end]) {
                    return;
                }
            }
        }
        if start.is_none() {
            start = Some(i);
            cell_x = x;
        }
        spaces = 0;
        end = i + c.len_utf8();
        x += w;
    }
    if let Some(s) = start {
        f(cell_x, &line[s..end]);
    }
}

/// Can the loose values `o` be the missing cells of the row `l` (a line
/// holding values)? They must fall in the columns `l` leaves free (no two
/// values at nearly the same place) and within the span of `l`'s values, give
/// or take the widest gap between them.
pub(super) fn fits_into(o: &[Placed], l: &[Placed]) -> bool {
    let o: Vec<&Placed> = o.iter().filter(|c| is_value(&c.text)).collect();
    let lv: Vec<usize> = l.iter().filter(|c| is_value(&c.text)).map(|c| c.x).collect();
    if lv.is_empty() || o.len() + lv.len() > 15 || !o.iter().all(|c| lv.iter().all(|x| x.abs_diff(c.x) >= 2)) {
        return false;
    }
    // a row's label with a value or two beside it (the others a line below or
    // above): the values go in wherever their columns are
    // or, beside a row's label, anywhere right of it (the label ends the
    // row's left; the values of the row lie beyond it)
    let label_end = l.first().filter(|c| !is_value(&c.text)).map(|c| c.x + c.text.chars().count());
    if let Some(end) = label_end {
        if lv.len() < o.len() || o.iter().all(|c| c.x > end) {
            return true;
        }
    }
    let gap = lv.windows(2).map(|w| w[1].saturating_sub(w[0])).max().unwrap_or(8).max(4);
    let (lo, hi) = (lv[0].saturating_sub(gap), lv[lv.len() - 1] + gap);
    o.len() <= lv.len() && o.iter().all(|c| c.x >= lo && c.x <= hi)
}
