//! `gik-wasm`: the WebAssembly binding of gik (wasm-bindgen).
//!
//! Thin on purpose, like `bindings/python`: it calls `gik_parse::parse(&str)`
//! or `gik_parse::parse_bytes(&[u8])` and hands JavaScript
//!
//! * `parse(input)`: the report's JSON value (`Report::to_json_value`), as a
//!   plain object made by `JSON.parse` of the same JSON text that
//!   `gik parse --format json` prints, so the object is exactly that output's;
//! * `toFlat(input)`: `Report::to_flat`, exactly `gik parse --format flat`;
//! * `version()`.
//!
//! A failure throws a JS `Error` whose `message` is the core's message and
//! whose `code` is `gik_parse::ErrorKind::code()` (`not-a-report`, `binary`,
//! `undecodable`, `malformed`, `too-large`). An argument that is neither a
//! string nor a `Uint8Array` throws a `TypeError` with `code`
//! `ERR_INVALID_ARG_TYPE`. There is no parsing logic here.

use gik_model::Report;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The input of `parse` / `toFlat` on the Rust side.
pub enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

/// Run the core on text or bytes. Native and wasm alike (tests call it natively).
pub fn parse_input(input: &Input) -> Result<Report, gik_parse::Error> {
    match input {
        Input::Text(s) => gik_parse::parse(s),
        Input::Bytes(b) => gik_parse::parse_bytes(b),
    }
}

/// The report's JSON text, the same as `gik parse --format json` prints for one
/// file (there pretty-printed; the value is the same).
pub fn report_json(report: &Report) -> String {
    // A `serde_json::Value` always serializes; keep the fallback total anyway.
    serde_json::to_string(&report.to_json_value()).unwrap_or_else(|_| "null".to_string())
}

fn set_code(err: &js_sys::Error, code: &str) {
    // Setting a property on a fresh Error object cannot fail; ignore it if it did.
    let _ = js_sys::Reflect::set(err, &JsValue::from_str("code"), &JsValue::from_str(code));
}

fn core_error(e: gik_parse::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    set_code(&err, e.kind().code());
    err.into()
}

fn type_error(fun: &str, value: &JsValue) -> JsValue {
    let what = match value.js_typeof().as_string() {
        Some(t) if t == "object" && value.is_null() => "null".to_string(),
        Some(t) if t == "object" => value
            .dyn_ref::<js_sys::Object>()
            .map(|o| String::from(o.constructor().name()))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "object".to_string()),
        Some(t) => t,
        None => "unknown".to_string(),
    };
    let err = js_sys::TypeError::new(&format!("gik.{fun}() takes a string or a Uint8Array, not {what}"));
    set_code(err.unchecked_ref(), "ERR_INVALID_ARG_TYPE");
    err.into()
}

fn js_input(fun: &str, value: &JsValue) -> Result<Input, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(Input::Text(s));
    }
    // Node's Buffer is a Uint8Array too.
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(Input::Bytes(bytes.to_vec()));
    }
    Err(type_error(fun, value))
}

fn run(fun: &str, value: &JsValue) -> Result<Report, JsValue> {
    console_error_panic_hook::set_once();
    let input = js_input(fun, value)?;
    parse_input(&input).map_err(core_error)
}

/// Parse a report from a string (plain text or HTML) or a `Uint8Array` (any
/// supported encoding, or DOCX): the report as a plain object, the same as
/// `JSON.parse` of `gik parse --format json`.
#[wasm_bindgen(skip_typescript)]
pub fn parse(input: JsValue) -> Result<JsValue, JsValue> {
    let report = run("parse", &input)?;
    js_sys::JSON::parse(&report_json(&report))
}

/// The report's flat text, exactly as `gik parse --format flat` prints it.
#[wasm_bindgen(js_name = toFlat, skip_typescript)]
pub fn to_flat(input: JsValue) -> Result<String, JsValue> {
    run("toFlat", &input).map(|r| r.to_flat())
}

/// The version of gik.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
