//! The native reference for bench.js: the same corpus, the same calls
//! (`parse_input` + `report_json` / `to_flat`), compiled for the host.
//!
//! ```text
//! cargo run --release --example native_bench --manifest-path bindings/wasm/Cargo.toml -- [passes]
//! ```
use gik_wasm::{parse_input, report_json, Input};
use std::time::Instant;

fn main() {
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(format!("{repo}/tests/corpus"))
        .expect("tests/corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name.ends_with(".txt") || name.ends_with(".html") || name.ends_with(".docx")) && name != "template-2021.docx"
        })
        .collect();
    files.sort();
    files.push(format!("{repo}/bindings/wasm/tests/fixtures/filled-2021.docx").into());
    let inputs: Vec<Input> = files.iter().map(|p| Input::Bytes(std::fs::read(p).unwrap())).collect();
    let passes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let best = |f: &dyn Fn()| {
        (0..passes)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    };
    let json = best(&|| {
        for i in &inputs {
            std::hint::black_box(report_json(&parse_input(i).unwrap()));
        }
    });
    let flat = best(&|| {
        for i in &inputs {
            std::hint::black_box(parse_input(i).unwrap().to_flat());
        }
    });
    let n = inputs.len() as f64;
    println!("{} reports, best of {passes} passes (native)", inputs.len());
    println!("{:<45} {:>8.1} ms/pass {:>7.0} µs/report", "native parse + JSON text", json, json * 1e3 / n);
    println!("{:<45} {:>8.1} ms/pass {:>7.0} µs/report", "native toFlat", flat, flat * 1e3 / n);
}
