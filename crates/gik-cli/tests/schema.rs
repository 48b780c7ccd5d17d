//! The published JSON Schema (docs/report.schema.json) is the one the types
//! generate, and the real output of every corpus report validates against it.

use serde_json::Value;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A small validator for the keywords the schema uses.
fn validate(schema: &Value, root: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return validate(&root["$defs"][name], root, v, path, errs);
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            _ => false,
        });
        if !ok {
            errs.push(format!("{path}: {v} is not {types:?}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errs.push(format!("{path}: {v} not in {e:?}"));
        }
    }
    if let (Some(o), Some(props)) = (v.as_object(), schema.get("properties").and_then(Value::as_object)) {
        for req in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if let Some(k) = req.as_str() {
                if !o.contains_key(k) {
                    errs.push(format!("{path}: missing {k}"));
                }
            }
        }
        for (k, x) in o {
            match props.get(k) {
                Some(s) => validate(s, root, x, &format!("{path}.{k}"), errs),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => errs.push(format!("{path}: unexpected {k}")),
                None => {}
            }
        }
    }
    if let (Some(a), Some(items)) = (v.as_array(), schema.get("items")) {
        for (i, x) in a.iter().enumerate() {
            validate(items, root, x, &format!("{path}[{i}]"), errs);
        }
    }
}

#[test]
fn published_schema_is_the_generated_one() {
    let published: Value = serde_json::from_str(&std::fs::read_to_string(repo().join("docs/report.schema.json")).unwrap()).unwrap();
    assert_eq!(published, gik_model::json_schema(), "docs/report.schema.json is stale: regenerate with `gik schema > docs/report.schema.json`");
}

#[test]
fn every_corpus_report_validates() {
    let schema = gik_model::json_schema();
    let mut n = 0;
    for e in std::fs::read_dir(repo().join("tests/corpus")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".expected.tsv") || name.ends_with(".docx") {
            continue;
        }
        let Ok(r) = gik_parse::parse_bytes(&std::fs::read(&p).unwrap()) else { continue };
        let v = serde_json::to_value(&r).unwrap();
        let mut errs = Vec::new();
        validate(&schema, &schema, &v, "$", &mut errs);
        assert!(errs.is_empty(), "{name}: {errs:#?}");
        // and the JSON reads back into the same report
        let back: gik_model::Report = serde_json::from_value(v).unwrap();
        assert_eq!(back, r, "{name}: JSON round trip");
        n += 1;
    }
    assert!(n >= 17, "{n} reports validated");
    // a broken document is caught
    let mut bad = serde_json::to_value(gik_model::Report::new(gik_model::Template::V2021)).unwrap();
    bad["review"]["upheld"]["state"] = Value::String("maybe".into());
    let mut errs = Vec::new();
    validate(&schema, &schema, &bad, "$", &mut errs);
    assert_eq!(errs.len(), 1, "{errs:?}");
}
