//! The JSON Schema of a report, generated from the template tables, so that the
//! field names every binding sees are published in one place
//! (`docs/report.schema.json`, `gik schema`).

use crate::template::{review_keys, Template};
use serde_json::{json, Map, Value};

fn insert_path(root: &mut Map<String, Value>, path: &[&str]) {
    let (head, rest) = (path[0], &path[1..]);
    if rest.is_empty() {
        root.insert(head.to_string(), json!({ "$ref": "#/$defs/cell" }));
        return;
    }
    let node = root.entry(head.to_string()).or_insert_with(|| json!({ "type": "object", "additionalProperties": false, "properties": {} }));
    if let Some(props) = node.get_mut("properties").and_then(Value::as_object_mut) {
        insert_path(props, rest);
    }
}

/// The JSON Schema (draft 2020-12) of `Report`'s JSON form.
pub fn json_schema() -> Value {
    let mut groups = Map::new();
    for t in [Template::V2021, Template::V2019] {
        let keys: Vec<String> = t.proactive().iter().map(|c| c.key.to_string()).chain(t.application_keys()).chain(review_keys()).collect();
        for k in keys {
            let parts: Vec<&str> = k.split('.').collect();
            insert_path(&mut groups, &parts);
        }
    }
    // the fifteen numbers of part 4 are in both templates: all required
    for g in ["review", "litigation_direct", "litigation_after_review"] {
        if let Some(o) = groups.get_mut(g).and_then(Value::as_object_mut) {
            let req: Vec<Value> = o["properties"].as_object().map(|p| p.keys().map(|k| Value::String(k.clone())).collect()).unwrap_or_default();
            o.insert("required".into(), Value::Array(req));
        }
    }
    let mut props = Map::new();
    props.insert(
        "meta".into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["agency", "year", "template", "published", "source"],
            "properties": {
                "agency": { "type": ["string", "null"], "description": "The reporting body, as written in the source." },
                "year": { "type": ["integer", "null"], "description": "The reporting year." },
                "template": { "enum": ["2019", "2021", null], "description": "国办公开办函〔2019〕60号 or 〔2021〕30号; null for a report that predates both." },
                "published": { "type": ["string", "null"], "description": "ISO date YYYY-MM-DD of the date line." },
                "source": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["format", "encoding", "layouts"],
                    "properties": {
                        "format": { "type": "string", "description": "text, html or docx" },
                        "encoding": { "type": "string", "description": "UTF-8, GB18030, Big5, UTF-16LE, UTF-16BE, …" },
                        "layouts": { "type": "array", "items": { "type": "string" }, "description": "table layouts recognised" }
                    }
                }
            }
        }),
    );
    for (k, v) in groups {
        props.insert(k, v);
    }
    props.insert("claims".into(), json!({ "type": "array", "items": { "$ref": "#/$defs/claim" } }));
    props.insert("diagnostics".into(), json!({ "type": "array", "items": { "$ref": "#/$defs/diagnostic" } }));
    let required: Vec<Value> = props.keys().map(|k| Value::String(k.clone())).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gik.invalid/report.schema.json",
        "title": "gik report",
        "description": "A government information disclosure annual report (政府信息公开工作年度报告) as read by gik. Table groups are nested along the flat keys of SPEC.md; a group holds the keys of the report's template only.",
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": props,
        "$defs": {
            "cell": {
                "type": "object",
                "additionalProperties": false,
                "required": ["state", "value", "line"],
                "properties": {
                    "state": { "enum": ["number", "blank", "unknown"], "description": "number: printed; blank: printed empty, /, - or —; unknown: not readable with confidence, or not in the source" },
                    "value": { "type": ["string", "null"], "description": "The exact decimal, as a string (no float), when state is number." },
                    "line": { "type": ["integer", "null"], "description": "1-based source line." }
                }
            },
            "diagnostic": {
                "type": "object",
                "additionalProperties": false,
                "required": ["code", "severity", "message", "line"],
                "properties": {
                    "code": { "type": "string", "description": "Stable dotted code (SPEC.md §2)." },
                    "severity": { "enum": ["error", "warning"] },
                    "message": { "type": "string" },
                    "line": { "type": ["integer", "null"] }
                }
            },
            "claim": {
                "type": "object",
                "additionalProperties": false,
                "required": ["key", "value", "line", "text"],
                "properties": {
                    "key": { "type": "string", "description": "A flat key, or keys joined by +." },
                    "value": { "type": "string" },
                    "line": { "type": ["integer", "null"] },
                    "text": { "type": "string" }
                }
            }
        }
    })
}
