//! `gik._gik`: the native half of the Python package `gik`.
//!
//! Thin on purpose: it calls `gik_parse::parse` / `parse_bytes`, keeps the
//! `gik_model::Report` as is, and hands Python the report's JSON value
//! (`Report::to_json_value`), its flat text (`Report::to_flat`) and its flat
//! keys. The Python classes in `python/gik/__init__.py` are views over that
//! JSON; no field name is mapped twice.

use gik_model::{CellKind, Report, Template};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::Value;
use std::path::PathBuf;

create_exception!(
    gik,
    ParseError,
    PyValueError,
    "The input is not a report, or could not be read as one.\n\n`str(err)` is the core's message; `err.kind` the core's error code\n(`not-a-report`, `binary`, `undecodable`, `malformed`, `too-large`)."
);

/// A parsed report, owned by Rust.
#[pyclass(module = "gik._gik", name = "CoreReport", frozen)]
struct CoreReport {
    report: Report,
}

#[pymethods]
impl CoreReport {
    /// The report as a JSON value (dicts, lists, strings, ints, None).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.to_json_value())
    }

    /// The report as JSON text; pretty-printed with `indent` spaces when given.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let value = self.report.to_json_value();
        let out = match indent {
            None => serde_json::to_string(&value),
            Some(n) => {
                let pad = vec![b' '; n];
                let mut buf = Vec::new();
                let fmt = serde_json::ser::PrettyFormatter::with_indent(&pad);
                let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
                serde::Serialize::serialize(&value, &mut ser).map(|_| String::from_utf8(buf).unwrap_or_default())
            }
        };
        out.map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The flat text format, exactly as `gik parse --format flat` prints it.
    fn to_flat(&self) -> String {
        self.report.to_flat()
    }

    /// `(key, value)` pairs of the flat format (meta first), values as printed.
    fn flat(&self) -> Vec<(String, String)> {
        self.report.flat()
    }

    /// Does the report hold an error-severity diagnostic?
    fn has_errors(&self) -> bool {
        self.report.has_errors()
    }

    /// The number of diagnostics.
    fn diagnostic_count(&self) -> usize {
        self.report.diagnostics.len()
    }

    /// The flat keys of the report's table cells, in template order.
    fn table_keys(&self) -> Vec<String> {
        self.report.table_keys()
    }
}

fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn parse_error(e: gik_parse::Error) -> PyErr {
    Python::with_gil(|py| {
        let err = ParseError::new_err(e.to_string());
        if let Err(set) = err.value(py).setattr("kind", e.kind().code()) {
            return set;
        }
        err
    })
}

/// Run the core on `str` or `bytes` with the GIL released.
fn run(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Report> {
    let result = if let Ok(s) = data.downcast::<PyString>() {
        let text: &str = s.to_str()?;
        py.allow_threads(|| gik_parse::parse(text))
    } else if let Ok(b) = data.downcast::<PyBytes>() {
        let bytes: &[u8] = b.as_bytes();
        py.allow_threads(|| gik_parse::parse_bytes(bytes))
    } else {
        return Err(PyTypeError::new_err(format!(
            "gik.parse() takes str or bytes, not {}",
            data.get_type().name()?
        )));
    };
    result.map_err(parse_error)
}

/// Parse a report from `str` (text or HTML) or `bytes` (any supported encoding, DOCX).
#[pyfunction]
fn parse(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<CoreReport> {
    run(py, data).map(|report| CoreReport { report })
}

/// Read a file's bytes and parse them, both with the GIL released.
#[pyfunction]
fn parse_file(py: Python<'_>, path: PathBuf) -> PyResult<CoreReport> {
    let result = py.allow_threads(|| std::fs::read(&path).map(|bytes| gik_parse::parse_bytes(&bytes)))?;
    result.map(|report| CoreReport { report }).map_err(parse_error)
}

/// Parse without building any Python object: the benchmark's baseline.
#[pyfunction]
fn _core_parse_only(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<()> {
    run(py, data).map(|_| ())
}

/// Read back a report's JSON text (as written by `to_json`).
#[pyfunction]
fn from_json(py: Python<'_>, text: &str) -> PyResult<CoreReport> {
    let report = py.allow_threads(|| {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Report::from_json_value(&value)
    });
    report.map(|report| CoreReport { report }).map_err(PyValueError::new_err)
}

/// The flat keys over both templates with the kind of value each holds
/// (`text`, `count`, `amount`): the 2021 keys (meta first), then the keys only
/// the 2019 template has, the same columns as `gik parse --format csv`.
#[pyfunction]
fn columns() -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for t in [Template::V2021, Template::V2019] {
        for key in t.keys() {
            if out.iter().any(|(k, _)| *k == key) {
                continue;
            }
            let kind = if key == "meta.year" {
                "count"
            } else if key.starts_with("meta.") {
                "text"
            } else if t.proactive().iter().any(|c| c.key == key && c.kind == CellKind::Amount) {
                "amount"
            } else {
                "count"
            };
            out.push((key, kind));
        }
    }
    out
}

#[pymodule]
fn _gik(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ParseError", m.py().get_type::<ParseError>())?;
    m.add_class::<CoreReport>()?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(parse_file, m)?)?;
    m.add_function(wrap_pyfunction!(_core_parse_only, m)?)?;
    m.add_function(wrap_pyfunction!(from_json, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    Ok(())
}
