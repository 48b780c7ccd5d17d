//! Throughput of `parse` (which runs the checks too) over the dev corpus.
//!
//! `cargo bench -p gik-parse --bench parse` runs every group; a filter picks
//! some (`cargo bench -p gik-parse --bench parse -- corpus`). Groups:
//!
//! - `file/NAME`: parse + check of each corpus file (`tests/corpus/*.txt`, `*.html`);
//! - `corpus`: every corpus file once, one after the other;
//! - `gb18030/NAME`, `gb18030-corpus`: the same through `parse_bytes`, the
//!   input re-encoded in GB18030 (encoding detection and decoding included);
//! - `batch/Nx`: N copies of the corpus, each file parsed on its own (many
//!   reports in one batch), N = 1, 10, 100;
//! - `concat/Nx`: the text corpus files concatenated N times into one huge
//!   text, parsed at once (the cost must stay linear in the input).
//!
//! Every figure is reported in bytes of input per second (`Throughput::Bytes`).
//! See docs/performance.md for the figures and the machine they come from.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// The dev corpus: (file name, text), sorted by name.
fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("UTF-8 corpus file"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    files
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "GB18030 maps every character");
    bytes.into_owned()
}

/// Parse one text as the CLI would; a file that is not a report is an `Err` (and still work done).
fn run(text: &str) -> usize {
    match gik_parse::parse(text) {
        Ok(r) => r.cells.len() + r.diagnostics.len(),
        Err(_) => 0,
    }
}

fn run_bytes(bytes: &[u8]) -> usize {
    match gik_parse::parse_bytes(bytes) {
        Ok(r) => r.cells.len() + r.diagnostics.len(),
        Err(_) => 0,
    }
}

fn per_file(c: &mut Criterion) {
    let files = corpus();
    let mut g = c.benchmark_group("file");
    g.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    for (name, text) in &files {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), text, |b, t| b.iter(|| run(black_box(t))));
    }
    g.finish();

    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("parse", |b| b.iter(|| files.iter().map(|(_, t)| run(black_box(t))).sum::<usize>()));
    g.finish();
}

fn bytes_gb18030(c: &mut Criterion) {
    let files: Vec<(String, Vec<u8>)> = corpus().into_iter().map(|(n, t)| (n, gb18030(&t))).collect();
    let mut g = c.benchmark_group("gb18030");
    g.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    for (name, bytes) in &files {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, t| b.iter(|| run_bytes(black_box(t))));
    }
    g.finish();

    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("gb18030-corpus");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("parse_bytes", |b| b.iter(|| files.iter().map(|(_, t)| run_bytes(black_box(t))).sum::<usize>()));
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let files = corpus();
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("batch");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    for n in [1usize, 10, 100] {
        g.throughput(Throughput::Bytes((total * n) as u64));
        g.bench_with_input(BenchmarkId::from_parameter(format!("{n}x")), &n, |b, &n| {
            b.iter(|| (0..n).map(|_| files.iter().map(|(_, t)| run(black_box(t))).sum::<usize>()).sum::<usize>())
        });
    }
    g.finish();

    // one huge text: the text corpus concatenated (HTML left out, so that it stays one plain text)
    let text: String = files.iter().filter(|(n, _)| n.ends_with(".txt")).map(|(_, t)| format!("{t}\n")).collect();
    let mut g = c.benchmark_group("concat");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    for n in [1usize, 10, 100] {
        let big = text.repeat(n);
        g.throughput(Throughput::Bytes(big.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(format!("{n}x")), &big, |b, t| b.iter(|| run(black_box(t))));
    }
    g.finish();
}

criterion_group!(benches, per_file, bytes_gb18030, scaling);
criterion_main!(benches);
