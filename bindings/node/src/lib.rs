//! `gik.node`: the native half of the Node.js package `gik`.
//!
//! Thin on purpose, like the Python binding: it calls `gik_parse::parse`
//! (for a JS string) or `gik_parse::parse_bytes` (for a Buffer/Uint8Array),
//! and hands JavaScript the report's JSON text (`Report::to_json_value`,
//! serialised by serde_json) and its flat text (`Report::to_flat`). `index.js`
//! turns the JSON text into a plain object with `JSON.parse`, so the object's
//! field names are the JSON's, written once in the Rust model. There is no
//! parsing or checking logic here.
//!
//! Errors from the core are thrown as a JS `Error` whose `code` is the core's
//! `ErrorKind::code()` (`not-a-report`, `binary`, `undecodable`, `malformed`,
//! `too-large`) and whose message is the core's message. A panic in the core
//! (a bug) is caught here and thrown as an `Error` with code `internal`; it
//! never unwinds into node.

use gik_model::{Report, Template};
use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Errors thrown to JS carry a string `code` (the napi `Error` status).
type Result<T> = napi::Result<T, String>;

fn err(code: &str, message: impl Into<String>) -> napi::Error<String> {
    napi::Error::new(code.to_string(), message.into())
}

/// Options of `parse` / `toFlat`: the core's `gik_parse::Options`.
#[napi(object)]
pub struct ParseOptions {
    /// Inputs larger than this many bytes are refused with `too-large` (default 256 MiB).
    pub max_bytes: Option<f64>,
    /// GB18030/Big5 texts larger than this are decoded this many bytes at a time (default 256 KiB).
    pub piece_bytes: Option<f64>,
}

fn size(name: &str, v: Option<f64>, default: usize) -> Result<usize> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= 9_007_199_254_740_991.0 => {
            Ok(usize::try_from(x as u64).unwrap_or(usize::MAX))
        }
        Some(x) => Err(err("invalid-argument", format!("options.{name} must be a non-negative integer, not {x}"))),
    }
}

fn core_options(opts: Option<ParseOptions>) -> Result<gik_parse::Options> {
    let d = gik_parse::Options::default();
    let Some(o) = opts else { return Ok(d) };
    let piece = size("pieceBytes", o.piece_bytes, d.piece_bytes)?.max(1);
    Ok(gik_parse::Options { max_bytes: size("maxBytes", o.max_bytes, d.max_bytes)?, piece_bytes: piece })
}

/// Run `f`, turning a panic into an `internal` error.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(err("internal", format!("internal error in gik (a bug, please report it): {what}")))
        }
    }
}

fn run(input: &Either<String, Uint8Array>, opts: Option<ParseOptions>) -> Result<Report> {
    let opts = core_options(opts)?;
    let r = match input {
        Either::A(text) => gik_parse::parse_with(text, &opts),
        Either::B(bytes) => gik_parse::parse_bytes_with(bytes, &opts),
    };
    r.map_err(|e| err(e.kind.code(), e.to_string()))
}

/// Parse a report (string: text or HTML; Uint8Array/Buffer: any supported
/// encoding or DOCX) and return its JSON text (`gik parse --format json`).
#[napi(js_name = "parseJson")]
pub fn parse_json(input: Either<String, Uint8Array>, options: Option<ParseOptions>) -> Result<String> {
    guarded(|| {
        let report = run(&input, options)?;
        serde_json::to_string(&report.to_json_value()).map_err(|e| err("internal", e.to_string()))
    })
}

/// Parse a report and return its flat text (`gik parse --format flat`).
#[napi(js_name = "parseFlat")]
pub fn parse_flat(input: Either<String, Uint8Array>, options: Option<ParseOptions>) -> Result<String> {
    guarded(|| run(&input, options).map(|r| r.to_flat()))
}

/// The flat text of a report given as its JSON text (what `parseJson` returned,
/// possibly via `JSON.stringify` of the parsed object).
#[napi(js_name = "flatFromJson")]
pub fn flat_from_json(json: String) -> Result<String> {
    guarded(|| {
        let value: serde_json::Value =
            serde_json::from_str(&json).map_err(|e| err("invalid-report", format!("not a report object: {e}")))?;
        let report = Report::from_json_value(&value).map_err(|e| err("invalid-report", format!("not a report object: {e}")))?;
        Ok(report.to_flat())
    })
}

/// Every flat key of a template ("2019" or "2021"), meta first, in order; with
/// no template, the union of both (2021's, then the keys only 2019 has): the
/// columns of `gik parse --format csv` between `file` and `diagnostics`.
#[napi(js_name = "flatKeys")]
pub fn flat_keys(template: Option<String>) -> Result<Vec<String>> {
    guarded(|| match template.as_deref() {
        None => {
            let mut keys = Template::V2021.keys();
            for k in Template::V2019.keys() {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            Ok(keys)
        }
        Some(t) => Template::from_str_opt(t)
            .map(|t| t.keys())
            .ok_or_else(|| err("invalid-argument", format!("unknown template {t:?} (expected \"2019\" or \"2021\")"))),
    })
}

/// Parse and drop the report, building nothing for JS: the benchmark's
/// baseline (`bench.js`). Not exported by index.js.
#[napi(js_name = "_coreParseOnly")]
pub fn core_parse_only(input: Either<String, Uint8Array>) -> Result<()> {
    guarded(|| run(&input, None).map(|_| ()))
}

/// Panic inside the guard, to test that a panic reaches JS as an `Error` with
/// code `internal` instead of aborting node. Not exported by index.js.
#[napi(js_name = "_panicForTest")]
pub fn panic_for_test(message: String) -> Result<()> {
    guarded(|| panic!("{message}"))
}

/// The version of the binding (the same as the core's).
#[napi(js_name = "version")]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
