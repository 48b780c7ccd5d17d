//! The report as data: cells, metadata, diagnostics, and their JSON and flat forms.

use crate::template::{review_keys, Template, APPLICANT_COLUMNS};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::LazyLock;

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CellState {
    /// A number printed in the source.
    Number,
    /// The source prints nothing (or `/`, `-`, `—`) in this cell.
    Blank,
    /// The cell could not be read with confidence, or is not in the source at all.
    #[default]
    Unknown,
}

/// One number of the report, with the source line it came from.
///
/// Values are exact decimals (`rust_decimal::Decimal`), never floats; counts are
/// integers, 万元 amounts keep every printed decimal, 2019 本年增/减 is signed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Number, blank or unknown.
    pub state: CellState,
    /// The value when `state` is `Number`.
    pub value: Option<Decimal>,
    /// 1-based line of the source the value was read from.
    pub line: Option<u32>,
}

impl Cell {
    /// A number read at `line`.
    pub fn number(value: Decimal, line: Option<u32>) -> Cell {
        Cell { state: CellState::Number, value: Some(value), line }
    }
    /// A cell blank in the source.
    pub fn blank(line: Option<u32>) -> Cell {
        Cell { state: CellState::Blank, value: None, line }
    }
    /// A cell that could not be read.
    pub fn unknown() -> Cell {
        Cell::default()
    }
    /// Is this a number?
    pub fn is_number(&self) -> bool {
        self.state == CellState::Number && self.value.is_some()
    }
    /// The value as printed in the flat format: the number, or "" for blank and unknown.
    pub fn flat_value(&self) -> String {
        let mut s = String::new();
        self.push_flat_value(&mut s);
        s
    }

    /// [`Cell::flat_value`], appended to `out`.
    pub fn push_flat_value(&self, out: &mut String) {
        if let (Some(v), CellState::Number) = (self.value, self.state) {
            push_number(out, v);
        }
    }
}

/// A number as the flat and JSON formats print it: the exact decimal, without
/// trailing zeros (`12.50` → `12.5`, `-0` → `0`). Whole numbers, nearly every
/// cell, are printed from their integer without the decimal formatter.
fn push_number(out: &mut String, v: Decimal) {
    use std::fmt::Write;
    let _ = if v.scale() == 0 { write!(out, "{}", v.mantissa()) } else { write!(out, "{}", v.normalize()) };
}

fn number_text(v: Decimal) -> String {
    let mut s = String::new();
    push_number(&mut s, v);
    s
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cell", 3)?;
        st.serialize_field("state", &self.state)?;
        st.serialize_field("value", &self.value.filter(|_| self.state == CellState::Number).map(number_text))?;
        st.serialize_field("line", &self.line)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            state: CellState,
            #[serde(default)]
            value: Option<String>,
            #[serde(default)]
            line: Option<u32>,
        }
        let w = Wire::deserialize(d)?;
        let value = match w.value {
            Some(s) => Some(Decimal::from_str(&s).map_err(serde::de::Error::custom)?),
            None => None,
        };
        Ok(Cell { state: w.state, value, line: w.line })
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Doubtful input that was handled.
    Warning,
    /// A broken rule of the template's arithmetic, or a missing required part.
    Error,
}

impl Severity {
    /// "error" or "warning".
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A finding about a report: a stable dotted code, a severity, a plain-language
/// message naming the cells and numbers involved, and the source line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `applications.balance` (SPEC.md §2).
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, with the row/column and numbers.
    pub message: String,
    /// 1-based source line, where there is one.
    pub line: Option<u32>,
}

impl Diagnostic {
    /// An error.
    pub fn error(code: impl Into<String>, message: impl Into<String>, line: Option<u32>) -> Self {
        Diagnostic { code: code.into(), severity: Severity::Error, message: message.into(), line }
    }
    /// A warning.
    pub fn warning(code: impl Into<String>, message: impl Into<String>, line: Option<u32>) -> Self {
        Diagnostic { code: code.into(), severity: Severity::Warning, message: message.into(), line }
    }
}

/// Where the report came from and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    /// `text`, `html` or `docx`.
    pub format: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`, `Big5`, `UTF-16LE`, …).
    pub encoding: String,
    /// The table layouts recognised, e.g. `tab-rows`, `cell-per-line`, `pipes`, `columns`, `glued`.
    pub layouts: Vec<String>,
}

/// Report metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The reporting body, as written in the source.
    pub agency: Option<String>,
    /// The reporting year.
    pub year: Option<i32>,
    /// The template the tables follow; `None` for an unsupported (pre-2019) report.
    pub template: Option<Template>,
    /// ISO date (`YYYY-MM-DD`) of the signature/date line.
    pub published: Option<String>,
    /// How the input was read.
    #[serde(default)]
    pub source: Source,
}

/// A number stated in the prose, to be compared with the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The flat key the prose speaks of, e.g. `applications.new.total`.
    pub key: String,
    /// The number stated.
    pub value: Decimal,
    /// The 1-based line.
    pub line: Option<u32>,
    /// The words it was read from.
    pub text: String,
}

/// A parsed report.
///
/// The cells of the three tables are stored in the template's key order; use
/// [`Report::get`] with a flat key (`applications.new.total`) to read one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Agency, year, template, date, source.
    pub meta: Meta,
    /// Cells of all three tables, aligned with [`Report::table_keys`].
    pub cells: Vec<Cell>,
    /// Numbers stated in the prose (used by the `narrative.mismatch` check).
    pub claims: Vec<Claim>,
    /// Everything found wrong or doubtful.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// An empty report (every cell unknown) for a template.
    pub fn new(template: Template) -> Report {
        let n = cached_table_keys(template).len();
        Report {
            meta: Meta { agency: None, year: None, template: Some(template), published: None, source: Source::default() },
            cells: vec![Cell::unknown(); n],
            claims: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The template, defaulting to 2021 for an unsupported report (whose cells are all unknown).
    pub fn template(&self) -> Template {
        self.meta.template.unwrap_or(Template::V2021)
    }

    /// The flat keys of the cells, in order.
    pub fn table_keys(&self) -> Vec<String> {
        table_keys(self.template())
    }

    /// Index of a flat key in [`Report::cells`].
    pub fn index_of(&self, key: &str) -> Option<usize> {
        key_index(self.template()).get(key).copied()
    }

    /// The cell with this flat key.
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.index_of(key).and_then(|i| self.cells.get(i))
    }

    /// Mutable access to the cell with this flat key.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Cell> {
        let i = self.index_of(key)?;
        self.cells.get_mut(i)
    }

    /// Does the report hold an error-severity diagnostic?
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The report as flat `(key, value)` pairs, in the template's order, meta first.
    pub fn flat(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("meta.agency".to_string(), self.meta.agency.clone().unwrap_or_default()),
            ("meta.year".to_string(), self.meta.year.map(|y| y.to_string()).unwrap_or_default()),
            ("meta.template".to_string(), self.meta.template.map(|t| t.as_str().to_string()).unwrap_or_default()),
            ("meta.published".to_string(), self.meta.published.clone().unwrap_or_default()),
        ];
        for (k, c) in self.table_keys().into_iter().zip(&self.cells) {
            out.push((k, c.flat_value()));
        }
        out
    }

    /// The flat text format of SPEC.md §3.2: `key<TAB>value` lines, then one
    /// `diagnostic<TAB>code<TAB>severity<TAB>line<TAB>message` line per diagnostic.
    pub fn to_flat(&self) -> String {
        // written straight into one string (a report has about 200 lines: no
        // pair of strings per line, as `flat` builds)
        let mut s = String::with_capacity(64 * (self.cells.len() + self.diagnostics.len() + 4));
        let year = self.meta.year.map(|y| y.to_string()).unwrap_or_default();
        let meta = [
            ("meta.agency", self.meta.agency.as_deref().unwrap_or_default()),
            ("meta.year", year.as_str()),
            ("meta.template", self.meta.template.map_or("", |t| t.as_str())),
            ("meta.published", self.meta.published.as_deref().unwrap_or_default()),
        ];
        for (k, v) in meta {
            s.push_str(k);
            s.push('\t');
            push_clean(&mut s, v);
            s.push('\n');
        }
        for (k, c) in table_key_list(self.template()).iter().zip(&self.cells) {
            s.push_str(k);
            s.push('\t');
            c.push_flat_value(&mut s);
            s.push('\n');
        }
        for d in &self.diagnostics {
            s.push_str("diagnostic\t");
            s.push_str(&d.code);
            s.push('\t');
            s.push_str(d.severity.as_str());
            s.push('\t');
            if let Some(l) = d.line {
                use std::fmt::Write;
                let _ = write!(s, "{l}");
            }
            s.push('\t');
            push_clean(&mut s, &d.message);
            s.push('\n');
        }
        s
    }

    /// The report as a JSON value: `meta`, then one object per table group
    /// (`proactive`, `applications`, `review`, `litigation_direct`,
    /// `litigation_after_review`) nested along the flat key, then `diagnostics`.
    pub fn to_json_value(&self) -> Value {
        let mut root = Map::new();
        root.insert("meta".into(), serde_json::to_value(&self.meta).unwrap_or(Value::Null));
        for g in ["proactive", "applications", "review", "litigation_direct", "litigation_after_review"] {
            root.insert(g.into(), Value::Object(Map::new()));
        }
        for (k, c) in self.table_keys().iter().zip(&self.cells) {
            let parts: Vec<&str> = k.split('.').collect();
            let mut node = &mut root;
            for p in &parts[..parts.len() - 1] {
                node = node
                    .entry(p.to_string())
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                    .expect("key prefixes are objects");
            }
            node.insert(parts[parts.len() - 1].to_string(), serde_json::to_value(c).unwrap_or(Value::Null));
        }
        root.insert("claims".into(), serde_json::to_value(&self.claims).unwrap_or(Value::Null));
        root.insert("diagnostics".into(), serde_json::to_value(&self.diagnostics).unwrap_or(Value::Null));
        Value::Object(root)
    }

    /// Read back what [`Report::to_json_value`] wrote.
    pub fn from_json_value(v: &Value) -> Result<Report, String> {
        let meta: Meta = serde_json::from_value(v.get("meta").cloned().ok_or("no `meta`")?).map_err(|e| e.to_string())?;
        let mut r = Report::new(meta.template.unwrap_or(Template::V2021));
        r.meta = meta;
        let keys = r.table_keys();
        for (i, k) in keys.iter().enumerate() {
            let mut node = v;
            for p in k.split('.') {
                node = node.get(p).ok_or_else(|| format!("missing cell `{k}`"))?;
            }
            r.cells[i] = serde_json::from_value(node.clone()).map_err(|e| format!("cell `{k}`: {e}"))?;
        }
        if let Some(c) = v.get("claims") {
            r.claims = serde_json::from_value(c.clone()).map_err(|e| e.to_string())?;
        }
        if let Some(d) = v.get("diagnostics") {
            r.diagnostics = serde_json::from_value(d.clone()).map_err(|e| e.to_string())?;
        }
        Ok(r)
    }
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Report::from_json_value(&v).map_err(serde::de::Error::custom)
    }
}

/// The flat keys of the three tables of a template (no meta), in order.
pub fn table_keys(t: Template) -> Vec<String> {
    cached_table_keys(t).to_vec()
}

/// [`table_keys`] without copying them: formatted once per template.
pub fn table_key_list(t: Template) -> &'static [String] {
    cached_table_keys(t)
}

/// [`table_keys`], formatted once per template.
fn cached_table_keys(t: Template) -> &'static [String] {
    fn build(t: Template) -> Vec<String> {
        let mut out: Vec<String> = t.proactive().iter().map(|c| c.key.to_string()).collect();
        out.extend(t.application_keys());
        out.extend(review_keys());
        out
    }
    static V2019: LazyLock<Vec<String>> = LazyLock::new(|| build(Template::V2019));
    static V2021: LazyLock<Vec<String>> = LazyLock::new(|| build(Template::V2021));
    match t {
        Template::V2019 => &V2019,
        Template::V2021 => &V2021,
    }
}

/// Flat key → index in [`Report::cells`], built once per template: the checks
/// look cells up by key hundreds of times per report.
fn key_index(t: Template) -> &'static HashMap<String, usize> {
    fn build(t: Template) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for (i, k) in cached_table_keys(t).iter().enumerate() {
            m.entry(k.clone()).or_insert(i);
        }
        m
    }
    static V2019: LazyLock<HashMap<String, usize>> = LazyLock::new(|| build(Template::V2019));
    static V2021: LazyLock<HashMap<String, usize>> = LazyLock::new(|| build(Template::V2021));
    match t {
        Template::V2019 => &V2019,
        Template::V2021 => &V2021,
    }
}

/// `s` appended to `out` with its tabs and line ends as spaces: they cannot
/// appear inside a flat field.
fn push_clean(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['\t', '\n', '\r']) {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Number of applicant columns.
pub const N_COLUMNS: usize = APPLICANT_COLUMNS.len();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_exactly_without_trailing_zeros() {
        for (text, want) in [("12", "12"), ("0", "0"), ("-3", "-3"), ("12.50", "12.5"), ("0.00", "0"), ("-0", "0"), ("21643.44", "21643.44"), ("-0.10", "-0.1"), ("100", "100"), ("79228162514264337593543950335", "79228162514264337593543950335")] {
            let d = Decimal::from_str(text).unwrap();
            assert_eq!(number_text(d), want, "{text}");
            assert_eq!(number_text(d), d.normalize().to_string(), "{text}: as the decimal formatter prints it");
        }
    }

    #[test]
    fn flat_text_is_the_flat_pairs_with_clean_fields() {
        let mut r = Report::new(Template::V2021);
        r.meta.agency = Some("某\t局\n".into());
        r.meta.year = Some(2024);
        r.cells[0] = Cell::number(Decimal::from_str("1.50").unwrap(), Some(3));
        r.cells[1] = Cell::blank(Some(4));
        r.diagnostics.push(Diagnostic::warning("table.ambiguous", "a\tb\r\nc", Some(7)));
        r.diagnostics.push(Diagnostic::error("meta.missing", "no date", None));
        let mut want = String::new();
        for (k, v) in r.flat() {
            want.push_str(&format!("{k}\t{}\n", v.replace(['\t', '\n', '\r'], " ")));
        }
        want.push_str("diagnostic\ttable.ambiguous\twarning\t7\ta b  c\n");
        want.push_str("diagnostic\tmeta.missing\terror\t\tno date\n");
        assert_eq!(r.to_flat(), want);
        assert!(r.to_flat().starts_with("meta.agency\t某 局 \nmeta.year\t2024\nmeta.template\t2021\n"));
    }
}
