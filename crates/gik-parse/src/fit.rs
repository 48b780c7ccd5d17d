//! Fitting the tokens found after a row label onto the template's cells.
//!
//! A segment of a table (one row, or several rows whose labels were lost) has a
//! known number of cells and known sums. The tokens found there may be one per
//! cell (the usual case), or too many (a stray empty cell, a PDF column
//! artifact), or too few (digits glued with no separator). [`readings`] lists
//! every way of reading the tokens that the template allows, keeping those that
//! satisfy the row sums; the caller then keeps only cells on which all the
//! surviving readings (across rows too) agree. Nothing is ever guessed: a cell on
//! which two valid readings differ is left empty.

use gik_model::{CellKind, Decimal};
use std::str::FromStr;

/// The text of a number token: held inline up to [`NumText::INLINE`] bytes
/// (every number a table cell holds, and most glued runs), on the heap beyond.
#[derive(Clone, PartialEq, Eq)]
pub struct NumText(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Inline { len: u8, buf: [u8; NumText::INLINE] },
    Heap(Box<str>),
}

impl NumText {
    /// Bytes held inline.
    pub const INLINE: usize = 22;

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // only whole `str`s (`From<&str>`) or ASCII (`from_ascii_without`) are stored
            Repr::Inline { len, buf } => std::str::from_utf8(&buf[..*len as usize]).unwrap_or_default(),
            Repr::Heap(s) => s,
        }
    }

    /// `s` without the byte `skip` (thousands separators), when `skip` is ASCII.
    pub fn without(s: &str, skip: u8) -> NumText {
        debug_assert!(skip.is_ascii());
        let n = s.bytes().filter(|b| *b != skip).count();
        if n <= Self::INLINE {
            let mut buf = [0u8; Self::INLINE];
            for (d, b) in buf.iter_mut().zip(s.bytes().filter(|b| *b != skip)) {
                *d = b;
            }
            NumText(Repr::Inline { len: n as u8, buf })
        } else {
            NumText(Repr::Heap(s.replace(skip as char, "").into_boxed_str()))
        }
    }
}

impl From<&str> for NumText {
    fn from(s: &str) -> NumText {
        if s.len() <= Self::INLINE {
            let mut buf = [0u8; Self::INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            NumText(Repr::Inline { len: s.len() as u8, buf })
        } else {
            NumText(Repr::Heap(s.into()))
        }
    }
}

impl std::ops::Deref for NumText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for NumText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for NumText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token found in a table segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A run of digits (possibly signed, possibly with a decimal part), as printed,
    /// with thousands separators removed. May hold several glued cells.
    Num(NumText),
    /// An empty cell, or one printed as `/`, `-`, `—`.
    Blank,
}

/// A token with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// 1-based source line.
    pub line: u32,
    /// An empty cell between the row label and the first number of its row:
    /// usually the shadow of a merged label cell.
    pub leading: bool,
    /// An empty cell after the last number of its row.
    pub trailing: bool,
    /// Index of the run of values it belongs to (runs are separated by text).
    pub run: u32,
    /// The token is all its cell or line holds: it is one cell, never glued digits.
    pub whole: bool,
    /// From a table cell (a converter's row), not a line of text.
    pub cell: bool,
}

/// A value of one cell in a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Val {
    /// A number.
    Num(Decimal),
    /// Blank in the source.
    Blank,
    /// Could not be read.
    Unknown,
}

/// One way of reading a segment: a value and a source line per cell.
pub type Reading = [(Val, u32)];

/// The readings of a segment, one after the other in one buffer (a reading
/// is a slice of it, `width` cells long): a fit costs one allocation however
/// many readings it has, not one per reading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Readings {
    cells: Vec<(Val, u32)>,
    width: usize,
    count: usize,
}

impl Readings {
    /// No readings yet, each to be `width` cells.
    pub fn new(width: usize) -> Readings {
        Readings { cells: Vec::new(), width, count: 0 }
    }
    /// The one reading `cells`.
    pub fn one(cells: Vec<(Val, u32)>) -> Readings {
        Readings { width: cells.len(), cells, count: 1 }
    }
    /// The number of readings.
    pub fn len(&self) -> usize {
        self.count
    }
    /// No reading at all.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// The cells of each reading.
    pub fn width(&self) -> usize {
        self.width
    }
    /// The reading at `i`.
    pub fn get(&self, i: usize) -> Option<&Reading> {
        (i < self.count).then(|| &self.cells[i * self.width..(i + 1) * self.width])
    }
    /// The first reading.
    pub fn first(&self) -> Option<&Reading> {
        self.get(0)
    }
    /// The readings in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Reading> + Clone + '_ {
        (0..self.count).map(move |i| &self.cells[i * self.width..(i + 1) * self.width])
    }
    /// Add a reading (`width` cells).
    pub fn push(&mut self, r: &Reading) {
        debug_assert_eq!(r.len(), self.width);
        self.cells.extend_from_slice(r);
        self.count += 1;
    }
    /// Is `r` one of the readings?
    pub fn contains(&self, r: &Reading) -> bool {
        self.iter().any(|x| x == r)
    }
    /// The readings `keep` accepts, in order.
    pub fn filtered(&self, mut keep: impl FnMut(usize, &Reading) -> bool) -> Readings {
        let mut out = Readings::new(self.width);
        for (i, r) in self.iter().enumerate() {
            if keep(i, r) {
                out.push(r);
            }
        }
        out
    }
}

impl std::ops::Index<usize> for Readings {
    type Output = Reading;
    fn index(&self, i: usize) -> &Reading {
        self.get(i).expect("a reading of the fit")
    }
}

/// `sum(parts) == total (+ sum(also))`, over cell indices of the segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    /// The addends.
    pub parts: Vec<usize>,
    /// The total.
    pub total: usize,
    /// Cells added to the total side (the balance: new + carried over = total + carried forward).
    pub also: Vec<usize>,
}

impl Sum {
    /// `sum(parts) == total`.
    pub fn new(parts: Vec<usize>, total: usize) -> Sum {
        Sum { parts, total, also: Vec::new() }
    }
    /// Every cell the rule reads.
    pub fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts.iter().chain(std::iter::once(&self.total)).chain(self.also.iter()).copied()
    }
    /// Does it hold on these values? `None` when a cell is not a number.
    pub fn holds(&self, vals: impl Fn(usize) -> Option<Val>) -> Option<bool> {
        let mut left = Decimal::ZERO;
        for &p in &self.parts {
            match vals(p)? {
                Val::Num(v) => left += v,
                _ => return None,
            }
        }
        let mut right = Decimal::ZERO;
        for c in std::iter::once(self.total).chain(self.also.iter().copied()) {
            match vals(c)? {
                Val::Num(v) => right += v,
                _ => return None,
            }
        }
        Some(left == right)
    }
}

/// How the tokens were made to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// One token per cell.
    Direct,
    /// Empty cells that were layout artifacts were dropped.
    DroppedEmpty,
    /// Extra tokens were dropped.
    DroppedExtra,
    /// Glued digits were split.
    Split,
    /// Runs of values printed out of order were put in the order the sums allow.
    Reordered,
    /// A number broken over two lines (digits wrapped in a narrow cell) was
    /// joined again.
    Joined,
    /// Nothing fits.
    None,
}

/// The result of fitting a segment.
#[derive(Debug, Clone)]
pub struct Fit {
    /// The readings allowed by the template's arithmetic (or, when none is,
    /// every reading the layout allows, with `sums_hold` false).
    pub readings: Readings,
    /// Do the readings satisfy the segment's sums?
    pub sums_hold: bool,
    /// How the tokens were fitted.
    pub how: How,
}

thread_local! {
    /// Search steps left for the report being parsed (see [`reset_budget`]).
    static BUDGET: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_REPORT_STEPS) };
}

/// Search steps for all the glued-digit searches of one report together: a
/// hostile text with many long digit runs costs at most this, whatever the
/// number of its rows.
pub const MAX_REPORT_STEPS: usize = 400_000;

/// Give the next report its whole search budget (called once per parse).
pub fn reset_budget() {
    BUDGET.with(|b| b.set(MAX_REPORT_STEPS));
}

/// Limit on the readings and search steps, so hostile input stays linear.
const MAX_READINGS: usize = 4096;
const MAX_STEPS: usize = 200_000;

/// Parse one number for a cell of a kind, strictly (no leading zeros unless the number is 0).
pub fn parse_strict(s: &str, kind: CellKind) -> Option<Decimal> {
    // the usual cell: up to 15 digits, no sign, no point, no leading zero
    let b = s.as_bytes();
    if (1..=15).contains(&b.len()) && (b.len() == 1 || b[0] != b'0') && b.iter().all(u8::is_ascii_digit) {
        return Some(Decimal::from(b.iter().fold(0i64, |v, d| v * 10 + i64::from(d - b'0'))));
    }
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' | b'+' => {
            if !kind.signed() {
                return None;
            }
            (s.starts_with('-'), &s[1..])
        }
        _ => (false, s),
    };
    let (int, frac) = match digits.find('.') {
        Some(p) => (&digits[..p], Some(&digits[p + 1..])),
        None => (digits, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || int.len() > 15 {
        return None;
    }
    if int.len() > 1 && int.starts_with('0') {
        return None;
    }
    if let Some(f) = frac {
        if !kind.decimal() || f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) || f.len() > 10 {
            return None;
        }
    }
    let d = match frac {
        // an integer (at most 15 digits, checked above) without the decimal parser
        None => Decimal::from(int.bytes().fold(0i64, |v, b| v * 10 + i64::from(b - b'0'))),
        Some(_) => Decimal::from_str(digits).ok()?,
    };
    Some(if neg { -d } else { d })
}

/// Parse a number printed alone in its cell (lenient about leading zeros).
pub fn parse_cell(s: &str, kind: CellKind) -> Option<Decimal> {
    if let Some(d) = parse_strict(s, kind) {
        return Some(d);
    }
    let t = s.trim_start_matches('+');
    if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() && t.len() <= 15 {
        return Decimal::from_str(t).ok();
    }
    None
}

/// Each token is one cell, in order.
fn one_per_cell(tokens: &[Token], kinds: &[CellKind]) -> Vec<(Val, u32)> {
    tokens
        .iter()
        .zip(kinds)
        .map(|(t, k)| {
            let v = match &t.tok {
                Tok::Blank => Val::Blank,
                Tok::Num(s) => parse_cell(s, *k).map(Val::Num).unwrap_or(Val::Unknown),
            };
            (v, t.line)
        })
        .collect()
}

/// List the readings of `tokens` onto cells of `kinds`, keeping those that satisfy `sums`.
pub fn readings(tokens: &[Token], kinds: &[CellKind], sums: &[Sum]) -> Fit {
    let n = kinds.len();
    let m = tokens.len();
    if n == 0 {
        return Fit { readings: Readings::one(vec![]), sums_hold: true, how: How::Direct };
    }
    if m == n {
        let r = one_per_cell(tokens, kinds);
        let ok = holds(&r, sums);
        if !ok {
            if let Some(f) = reordered_runs(tokens, kinds, sums, false) {
                return f;
            }
        }
        return Fit { readings: Readings::one(r), sums_hold: ok, how: How::Direct };
    }
    if m > n {
        return drop_extra(tokens, kinds, sums);
    }
    split_glued(tokens, kinds, sums)
}

/// Runs of values separated by text (PDF text in content-stream order) may be
/// out of place. When the printed order breaks the sums but another order of
/// the runs satisfies them all, the printed order is not to be trusted: the
/// readings of the orders that fit are returned (their agreed cells are
/// certain). When no order fits, the numbers are as printed (`None`).
/// With `printed`, the printed order is one of the orders tried (it is
/// suspect, but may be right), and the result may be that order alone.
pub fn reordered_runs(tokens: &[Token], kinds: &[CellKind], sums: &[Sum], printed: bool) -> Option<Fit> {
    let mut runs: Vec<Vec<Token>> = Vec::new();
    for t in tokens {
        match runs.last_mut() {
            Some(r) if r[0].run == t.run => r.push(t.clone()),
            _ => runs.push(vec![t.clone()]),
        }
    }
    if runs.len() < 2 || runs.len() > 7 || sums.is_empty() {
        return None;
    }
    let mut order: Vec<usize> = (0..runs.len()).collect();
    let mut out = Readings::new(kinds.len());
    let mut first = printed;
    loop {
        if !std::mem::take(&mut first) && !next_permutation(&mut order) {
            break;
        }
        let seq: Vec<Token> = order.iter().flat_map(|&i| runs[i].iter().cloned()).map(|mut t| {
            t.run = 0;
            t
        }).collect();
        let r = one_per_cell(&seq, kinds);
        if sums.iter().all(|s| sum_holds(&r, s) == Some(true)) && !out.contains(&r) {
            out.push(&r);
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(Fit { readings: out, sums_hold: true, how: How::Reordered })
    }
}

/// Lexicographic next permutation; false when `v` was the last one.
fn next_permutation(v: &mut [usize]) -> bool {
    let n = v.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && v[i - 1] >= v[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = n - 1;
    while v[j] <= v[i - 1] {
        j -= 1;
    }
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

fn holds(r: &Reading, sums: &[Sum]) -> bool {
    sums.iter().all(|s| sum_holds(r, s) != Some(false))
}

/// `Some(true/false)` when every cell of the sum is a number, else `None`.
fn sum_holds(r: &Reading, s: &Sum) -> Option<bool> {
    s.holds(|i| r.get(i).map(|c| c.0))
}

/// The readings the sums allow. A reading that breaks a sum is ruled out only
/// when the readings left show that sum holding: one that merely cannot be
/// checked there (a blank among its cells) is no evidence against a reading
/// the printed total refutes, which may be right with a misprinted total. A
/// blank moved into a row by a dropped or split cell must not win by escaping
/// the row's check.
fn finish(all: Readings, sums: &[Sum], how: How) -> Fit {
    if all.is_empty() {
        return Fit { readings: all, sums_hold: false, how: How::None };
    }
    let good = all.filtered(|_, r| holds(r, sums));
    if good.is_empty() {
        return Fit { readings: all, sums_hold: false, how };
    }
    let escaped = escaped_sums(&good, sums);
    let stands = |r: &Reading| sums.iter().zip(&escaped).all(|(s, &e)| e || sum_holds(r, s) != Some(false));
    if all.iter().all(|r| holds(r, sums) || !stands(r)) {
        Fit { readings: good, sums_hold: true, how }
    } else {
        Fit { readings: all.filtered(|_, r| stands(r)), sums_hold: false, how }
    }
}

/// Per sum: does one of `good` leave it unchecked (a cell of it blank or unknown)?
fn escaped_sums(good: &Readings, sums: &[Sum]) -> Vec<bool> {
    sums.iter().map(|s| good.iter().any(|r| sum_holds(r, s).is_none())).collect()
}

/// More tokens than cells: drop empty cells (layout artifacts: the shadow of a
/// merged label, a stray trailing cell), every way it can be done; when there
/// are not enough of them, drop every empty cell and then extra numbers. The
/// caller keeps the cells all the readings agree on.
fn drop_extra(tokens: &[Token], kinds: &[CellKind], sums: &[Sum]) -> Fit {
    let n = kinds.len();
    let excess = tokens.len() - n;
    // a stray cell or two is a layout artifact; many more mean the tokens are not these rows'
    if excess > (n / 3).max(2) {
        return Fit { readings: Readings::default(), sums_hold: false, how: How::None };
    }
    let blanks: Vec<usize> = tokens.iter().enumerate().filter(|(_, t)| t.tok == Tok::Blank).map(|(i, _)| i).collect();
    let drops = |extra: &Readings| {
        if blanks.len() >= excess {
            choose_drops(tokens, &blanks, excess, kinds, sums, How::DroppedEmpty, extra)
        } else {
            let nums_only: Vec<Token> = tokens.iter().filter(|t| t.tok != Tok::Blank).cloned().collect();
            let pool: Vec<usize> = (0..nums_only.len()).collect();
            choose_drops(&nums_only, &pool, nums_only.len() - n, kinds, sums, How::DroppedExtra, extra)
        }
    };
    // a number whose digits wrapped onto the next line of a PDF's text (a
    // narrow cell: "39" then "6" for 396) is another reading of a token too
    // many: the readings of both kinds stand or fall by the sums together
    let joined = joined_readings(tokens, excess, kinds);
    let f = drops(&joined);
    if !joined.is_empty() && !f.readings.is_empty() && f.readings.iter().all(|r| joined.contains(r)) {
        return Fit { how: How::Joined, ..f };
    }
    f
}

/// The readings of `tokens` with `k` pairs of numbers on two lines, one after
/// the other, joined into one number each.
fn joined_readings(tokens: &[Token], k: usize, kinds: &[CellKind]) -> Readings {
    let mut out = Readings::new(kinds.len());
    let at: Vec<usize> = (0..tokens.len().saturating_sub(1))
        .filter(|&j| matches!((&tokens[j].tok, &tokens[j + 1].tok), (Tok::Num(a), Tok::Num(b)) if tokens[j].line != tokens[j + 1].line
            && !tokens[j].cell && !tokens[j + 1].cell
            && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())))
        .collect();
    if k == 0 || at.len() < k || binomial_capped(at.len(), k, 64) > 64 {
        return out;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        let joins: Vec<usize> = idx.iter().map(|&i| at[i]).collect();
        // no number joined twice: two joins side by side would make one of three lines
        if joins.windows(2).all(|w| w[1] > w[0] + 1) {
            let mut seq: Vec<Token> = Vec::with_capacity(tokens.len() - k);
            let mut j = 0;
            while j < tokens.len() {
                if joins.contains(&j) {
                    let (Tok::Num(a), Tok::Num(b)) = (&tokens[j].tok, &tokens[j + 1].tok) else { unreachable!("joins are of numbers") };
                    let mut t = tokens[j].clone();
                    t.tok = Tok::Num(format!("{a}{b}").as_str().into());
                    seq.push(t);
                    j += 2;
                } else {
                    seq.push(tokens[j].clone());
                    j += 1;
                }
            }
            if seq.len() == kinds.len() {
                for r in readings(&seq, kinds, &[]).readings.iter() {
                    if !out.contains(r) {
                        out.push(r);
                    }
                }
            }
        }
        if !next_combination(&mut idx, at.len()) {
            return out;
        }
    }
}

/// The next `k`-combination of `0..n` in lexicographic order, in place
/// (`idx` ascending); false after the last one.
fn next_combination(idx: &mut [usize], n: usize) -> bool {
    let k = idx.len();
    let mut i = k;
    while i > 0 {
        i -= 1;
        if idx[i] < n - k + i {
            idx[i] += 1;
            for j in i + 1..k {
                idx[j] = idx[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// `n choose k`, saturating at `cap + 1`.
fn binomial_capped(n: usize, k: usize, cap: usize) -> usize {
    let k = k.min(n.saturating_sub(k));
    let mut acc: u128 = 1;
    for i in 0..k {
        acc = acc * (n - i) as u128 / (i as u128 + 1);
        if acc > cap as u128 {
            return cap + 1;
        }
    }
    acc as usize
}

fn choose_drops(tokens: &[Token], pool: &[usize], k: usize, kinds: &[CellKind], sums: &[Sum], how: How, extra: &Readings) -> Fit {
    // too many ways to choose: nothing can be settled (and the work must stay bounded)
    if binomial_capped(pool.len(), k, MAX_READINGS) > MAX_READINGS {
        return Fit { readings: Readings::default(), sums_hold: false, how: How::None };
    }
    let mut out = Readings::new(kinds.len());
    for r in extra.iter() {
        out.push(r);
    }
    let mut idx: Vec<usize> = (0..k).collect();
    let mut steps = 0usize;
    if k > pool.len() {
        return Fit { readings: Readings::default(), sums_hold: false, how: How::None };
    }
    loop {
        steps += 1;
        if steps > MAX_STEPS || out.len() >= MAX_READINGS {
            return Fit { readings: Readings::default(), sums_hold: false, how: How::None };
        }
        let drop: Vec<usize> = idx.iter().map(|&i| pool[i]).collect();
        let kept: Vec<Token> = tokens.iter().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, t)| t.clone()).collect();
        if kept.len() == kinds.len() {
            let f = readings(&kept, kinds, &[]);
            for r in f.readings.iter() {
                if !out.contains(r) {
                    out.push(r);
                }
            }
        }
        if k == 0 || !next_combination(&mut idx, pool.len()) {
            return finish(out, sums, how);
        }
    }
}

/// Fewer tokens than cells: split glued digit runs, every way the cells' kinds allow.
fn split_glued(tokens: &[Token], kinds: &[CellKind], sums: &[Sum]) -> Fit {
    let none = || Fit { readings: Readings::default(), sums_hold: false, how: How::None };
    // more than eight characters a cell is not a table row's digits run together
    let chars: usize = tokens.iter().map(|t| if let Tok::Num(s) = &t.tok { s.len() } else { 1 }).sum();
    if chars > kinds.len() * 8 {
        return none();
    }
    // characters in tokens[i..], for the bound on what the cells left can take
    let mut suffix = vec![0usize; tokens.len() + 1];
    for i in (0..tokens.len()).rev() {
        suffix[i] = suffix[i + 1] + if let Tok::Num(s) = &tokens[i].tok { s.len() } else { 1 };
    }
    let search = |constraints: &[Sum]| -> Option<Readings> {
        let mut out = Readings::new(kinds.len());
        let mut cur: Vec<(Val, u32)> = Vec::with_capacity(kinds.len());
        let mut steps = 0usize;
        let due = due_at(constraints, kinds.len());
        let mut search = Search { tokens, suffix: &suffix, kinds, sums: constraints, due: &due, steps: &mut steps };
        dfs(&mut search, 0, 0, &mut cur, &mut out).then_some(out)
    };
    let Some(good) = search(sums) else { return none() };
    if good.is_empty() {
        // no reading satisfies the sums. Digits run together (a row in one or
        // two runs, as glued tables print it) are split every way, none
        // confirmed; but numbers apart, a cell or two short ("17 0 0 0 17"
        // for 17 · 0 0 0 · 17), are likelier cells printed blank as nothing,
        // and with no sum to say which, nothing is read
        if !sums.is_empty() && tokens.len() * 2 > kinds.len() {
            return none();
        }
        return match search(&[]) {
            Some(all) if !all.is_empty() => Fit { readings: all, sums_hold: false, how: How::Split },
            _ => none(),
        };
    }
    // as in `finish`: the readings that break only sums some allowed reading
    // leaves unchecked stand too (searched for under the other sums alone)
    let escaped = escaped_sums(&good, sums);
    if !escaped.contains(&true) {
        return Fit { readings: good, sums_hold: true, how: How::Split };
    }
    let checked: Vec<Sum> = sums.iter().zip(&escaped).filter(|(_, e)| !**e).map(|(s, _)| s.clone()).collect();
    match search(&checked) {
        Some(all) if all.len() > good.len() => Fit { readings: all, sums_hold: false, how: How::Split },
        Some(_) => Fit { readings: good, sums_hold: true, how: How::Split },
        None => none(),
    }
}

/// What the depth-first search over split points works on.
struct Search<'a> {
    tokens: &'a [Token],
    /// Characters in `tokens[i..]`.
    suffix: &'a [usize],
    kinds: &'a [CellKind],
    sums: &'a [Sum],
    /// For each cell, the sums whose last cell it is.
    due: &'a [Vec<usize>],
    steps: &'a mut usize,
}

/// Depth-first search over split points. Returns false when the search was cut short.
fn dfs(sr: &mut Search<'_>, ti: usize, pos: usize, cur: &mut Vec<(Val, u32)>, out: &mut Readings) -> bool {
    let (tokens, kinds, sums) = (sr.tokens, sr.kinds, sr.sums);
    *sr.steps += 1;
    if *sr.steps > MAX_STEPS || out.len() >= MAX_READINGS {
        return false;
    }
    if BUDGET.with(|b| {
        let left = b.get();
        b.set(left.saturating_sub(1));
        left == 0
    }) {
        return false;
    }
    let ci = cur.len();
    if ti == tokens.len() {
        if ci == kinds.len() {
            out.push(cur);
        }
        return true;
    }
    if ci == kinds.len() {
        return true;
    }
    let t = &tokens[ti];
    let s = match &t.tok {
        Tok::Blank => {
            cur.push((Val::Blank, t.line));
            let r = dfs(sr, ti + 1, 0, cur, out);
            cur.pop();
            return r;
        }
        Tok::Num(s) => s.as_str(),
    };
    // cells still needed after this one must each take at least one character
    let remaining_chars = sr.suffix[ti + 1] + (s.len() - pos);
    let cells_left = kinds.len() - ci;
    if remaining_chars < cells_left {
        return true;
    }
    let rest = &s[pos..];
    // a number alone in its cell or line is one cell
    let max_len = if t.whole { rest.len() } else { rest.len().min(16) };
    let min_len = if t.whole { rest.len() } else { 1 };
    for len in min_len..=max_len {
        // the cells after this one need a character each; a longer piece leaves fewer
        if remaining_chars - len < cells_left - 1 {
            break;
        }
        // no piece longer than one character starts with 0
        if len > 1 && rest.starts_with('0') {
            break;
        }
        let piece = &rest[..len];
        let end = pos + len;
        // a sign can only start a piece; a piece cannot end on a sign or a point
        if piece.ends_with(['-', '+', '.']) {
            continue;
        }
        // a decimal part runs to the end of the token
        if piece.contains('.') && end != s.len() {
            continue;
        }
        // splitting right before a decimal point is never a reading
        if end < s.len() && s[end..].starts_with('.') {
            continue;
        }
        let Some(v) = parse_strict(piece, kinds[ci]) else { continue };
        cur.push((Val::Num(v), t.line));
        if prefix_holds(cur, sums, sr.due) {
            let (nti, npos) = if end == s.len() { (ti + 1, 0) } else { (ti, end) };
            if !dfs(sr, nti, npos, cur, out) {
                cur.pop();
                return false;
            }
        }
        cur.pop();
    }
    true
}

/// Do the sums whose cells are all assigned already hold?
fn prefix_holds(cur: &[(Val, u32)], sums: &[Sum], due: &[Vec<usize>]) -> bool {
    let n = cur.len();
    // only the sums whose last cell was just filled
    due.get(n.wrapping_sub(1)).is_none_or(|d| d.iter().all(|&k| sums[k].holds(|i| cur.get(i).map(|c| c.0)) != Some(false)))
}

/// For each cell, the sums whose last cell it is.
fn due_at(sums: &[Sum], n: usize) -> Vec<Vec<usize>> {
    let mut due = vec![Vec::new(); n];
    for (k, s) in sums.iter().enumerate() {
        if let Some(d) = s.cells().max().and_then(|last| due.get_mut(last)) {
            d.push(k);
        }
    }
    due
}

/// Cells on which every reading agrees (others `Unknown`), and the indices of the cells in doubt.
pub fn agreed(readings: &Readings, n: usize) -> (Vec<(Val, u32)>, Vec<usize>) {
    let mut out = Vec::with_capacity(n);
    let mut doubt = Vec::new();
    agreed_into(readings, n, &mut out, &mut doubt);
    (out, doubt)
}

/// [`agreed`] into `out` and `doubt`, which are cleared first (buffers a
/// caller reuses from one segment to the next).
pub fn agreed_into(readings: &Readings, n: usize, out: &mut Vec<(Val, u32)>, doubt: &mut Vec<usize>) {
    out.clear();
    doubt.clear();
    for i in 0..n {
        let first = readings.first().and_then(|r| r.get(i)).copied();
        match first {
            Some(v) if readings.iter().all(|r| r.get(i).map(|x| x.0) == Some(v.0)) => out.push(v),
            Some((_, line)) => {
                out.push((Val::Unknown, line));
                doubt.push(i);
            }
            None => {
                out.push((Val::Unknown, 0));
                doubt.push(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Token {
        Token { tok: Tok::Num(s.into()), line: 1, leading: false, trailing: false, run: 0, whole: false, cell: false }
    }
    fn blank(leading: bool, trailing: bool) -> Token {
        Token { tok: Tok::Blank, line: 1, leading, trailing, run: 0, whole: false, cell: false }
    }
    fn row_sum() -> Vec<Sum> {
        vec![Sum::new((0..6).collect(), 6)]
    }
    fn counts(n: usize) -> Vec<CellKind> {
        vec![CellKind::Count; n]
    }
    fn vals(r: &Reading) -> Vec<String> {
        r.iter()
            .map(|(v, _)| match v {
                Val::Num(d) => d.to_string(),
                Val::Blank => "_".into(),
                Val::Unknown => "?".into(),
            })
            .collect()
    }

    /// Tokens of PDF text lines: `(text, line)`, `"_"` a blank mark.
    fn on_lines(t: &[(&str, u32)]) -> Vec<Token> {
        t.iter().map(|(s, l)| Token { line: *l, ..if *s == "_" { blank(false, false) } else { num(s) } }).collect()
    }

    #[test]
    fn a_number_wrapped_onto_the_next_line_is_joined_when_the_sums_say_so() {
        // 396 in a narrow cell: "39" ends one line, "6" starts the next
        let t = on_lines(&[("39", 1), ("6", 2), ("2", 3), ("0", 3), ("51", 3), ("0", 3), ("0", 3), ("449", 3)]);
        let f = readings(&t, &counts(7), &row_sum());
        assert_eq!(f.how, How::Joined);
        assert_eq!(f.readings.len(), 1);
        assert_eq!(vals(&f.readings[0]), ["396", "2", "0", "51", "0", "0", "449"]);
        // with blank cells, readings that move a blank into the row are not
        // refuted by its total: the cells they disagree on are in doubt, and
        // none is read wrong
        let t = on_lines(&[("39", 1), ("6", 2), ("2", 3), ("_", 3), ("51", 3), ("_", 3), ("_", 3), ("449", 3)]);
        let f = readings(&t, &counts(7), &row_sum());
        let (got, _) = agreed(&f.readings, 7);
        let truth = ["396", "2", "_", "51", "_", "_", "449"];
        for (g, w) in vals(&got.iter().copied().collect::<Vec<_>>()).iter().zip(truth) {
            assert!(g == "?" || g == w, "{g} for {w}");
        }
        // numbers on one line are never joined
        let t = on_lines(&[("39", 1), ("6", 1), ("2", 1), ("0", 1), ("51", 1), ("0", 1), ("0", 1), ("449", 1)]);
        assert_ne!(readings(&t, &counts(7), &row_sum()).how, How::Joined);
        // nor are cells of a converter's table row
        let mut t = on_lines(&[("39", 1), ("6", 2), ("2", 3), ("0", 3), ("51", 3), ("0", 3), ("0", 3), ("449", 3)]);
        t.iter_mut().for_each(|x| x.cell = true);
        assert_ne!(readings(&t, &counts(7), &row_sum()).how, How::Joined);
    }

    #[test]
    fn num_text_inline_and_on_the_heap() {
        for s in ["", "0", "-12.5", "1234567890123456789012", "12345678901234567890123", "０１２"] {
            assert_eq!(NumText::from(s).as_str(), s);
        }
        assert_eq!(NumText::without("1,234,567", b',').as_str(), "1234567");
        let long = "1,234,567,890,123,456,789,012,345";
        assert_eq!(NumText::without(long, b',').as_str(), long.replace(',', ""));
        assert_eq!(NumText::from("12"), NumText::without("1,2", b','));
    }

    #[test]
    fn glued_row_with_one_reading() {
        let f = readings(&[num("640020470")], &counts(7), &row_sum());
        assert_eq!(f.readings.len(), 1, "{:?}", f.readings);
        assert_eq!(vals(&f.readings[0]), ["64", "0", "0", "2", "0", "4", "70"]);
        assert!(f.sums_hold);
        assert_eq!(f.how, How::Split);
    }

    #[test]
    fn glued_row_with_a_space() {
        let f = readings(&[num("200"), num("000121")], &counts(7), &row_sum());
        assert_eq!(f.readings.len(), 1);
        assert_eq!(vals(&f.readings[0]), ["20", "0", "0", "0", "0", "1", "21"]);
    }

    #[test]
    fn glued_without_sums_is_ambiguous() {
        let f = readings(&[num("693665")], &counts(3), &[]);
        assert!(f.readings.len() > 1);
        let (cells, doubt) = agreed(&f.readings, 3);
        assert_eq!(doubt, vec![0, 1, 2]);
        assert!(cells.iter().all(|c| c.0 == Val::Unknown));
    }

    #[test]
    fn signed_cells_split_at_the_sign() {
        let kinds = [CellKind::Count, CellKind::Signed, CellKind::Count];
        let f = readings(&[num("2648"), num("-18538")], &kinds, &[]);
        let (cells, doubt) = agreed(&f.readings, 3);
        assert_eq!(cells[0].0, Val::Num(Decimal::from(2648)));
        assert_eq!(doubt, vec![1, 2]);
    }

    #[test]
    fn one_cell_too_many_settled_by_the_total() {
        let t: Vec<Token> = ["11", "0", "0", "0", "0", "0", "1", "12"].iter().map(|s| num(s)).collect();
        let f = readings(&t, &counts(7), &row_sum());
        assert_eq!(f.how, How::DroppedExtra);
        let (cells, doubt) = agreed(&f.readings, 7);
        assert!(doubt.is_empty());
        assert_eq!(cells[6].0, Val::Num(Decimal::from(12)));
        assert_eq!(cells[5].0, Val::Num(Decimal::from(1)));
    }

    #[test]
    fn shadow_of_a_merged_label_is_dropped() {
        let mut t = vec![blank(true, false)];
        t.extend(["0", "0", "0", "0", "0", "0", "0"].iter().map(|s| num(s)));
        let f = readings(&t, &counts(7), &row_sum());
        assert_eq!(f.readings.len(), 1);
        assert_eq!(vals(&f.readings[0]), ["0"; 7]);
    }

    #[test]
    fn blanks_stay_blank() {
        let t = vec![num("18"), blank(false, false), blank(false, false), blank(false, false), blank(false, false), blank(false, false), blank(false, false), blank(false, true)];
        let f = readings(&t, &counts(7), &row_sum());
        assert_eq!(vals(&f.readings[0]), ["18", "_", "_", "_", "_", "_", "_"]);
    }

    #[test]
    fn review_row_glued() {
        let sums: Vec<Sum> = (0..3).map(|g| Sum::new((g * 5..g * 5 + 4).collect(), g * 5 + 4)).collect();
        let f = readings(&[num("10203120001200000")], &counts(15), &sums);
        let (cells, doubt) = agreed(&f.readings, 15);
        assert!(doubt.is_empty(), "{:?}", f.readings.iter().map(vals).collect::<Vec<_>>());
        let v: Vec<String> = cells.iter().map(|c| if let Val::Num(d) = c.0 { d.to_string() } else { "?".into() }).collect();
        assert_eq!(v, ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]);
    }

    #[test]
    fn plain_digits_as_the_decimal_parser_reads_them() {
        for s in ["0", "7", "10", "999", "123456789012345"] {
            assert_eq!(parse_strict(s, CellKind::Count), Decimal::from_str(s).ok(), "{s}");
        }
        for s in ["", "01", "007", "1234567890123456"] {
            assert_eq!(parse_strict(s, CellKind::Count), None, "{s}");
        }
    }

    #[test]
    fn decimal_amount() {
        let f = readings(&[num("24252.311082")], &[CellKind::Amount], &[]);
        assert_eq!(vals(&f.readings[0]), ["24252.311082"]);
        assert!(parse_strict("0.5", CellKind::Count).is_none());
        assert!(parse_strict("007", CellKind::Count).is_none());
    }
}
