//! Allocations per report: a counting global allocator around `parse`.
//!
//! ```sh
//! cargo run --release -p gik-parse --example allocs            # tests/corpus
//! cargo run --release -p gik-parse --example allocs -- FILE... # other files (read with parse_bytes)
//! ```
//!
//! Each file is parsed once first (so that one-time work, such as compiling the
//! regexes, is not counted), then once more with the counters on. Printed per
//! file: allocations, bytes allocated, and the peak of live bytes above the
//! start; then the median and the total over the files.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(l.size(), Relaxed);
        grew(l.size());
        System.alloc(l)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(l.size(), Relaxed);
        grew(l.size());
        System.alloc_zeroed(l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        // a realloc is an allocation of the new size (the old block is given back)
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        grew(new);
        System.realloc(p, l, new)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Count {
    allocs: usize,
    bytes: usize,
    peak: usize,
}

fn counted(f: impl FnOnce()) -> Count {
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let live0 = LIVE.load(Relaxed);
    PEAK.store(live0, Relaxed);
    f();
    Count { allocs: ALLOCS.load(Relaxed) - a0, bytes: BYTES.load(Relaxed) - b0, peak: PEAK.load(Relaxed) - live0 }
}

fn inputs() -> Vec<PathBuf> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if !args.is_empty() {
        return args;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")))
        .collect();
    v.sort();
    v
}

fn main() {
    let mut rows = Vec::new();
    println!("{:<55} {:>8} {:>8} {:>10} {:>10} {:>9}", "file", "KB", "allocs", "KB alloc", "KB peak", "allocs/KB");
    for p in inputs() {
        let bytes = std::fs::read(&p).expect("readable file");
        let _ = gik_parse::parse_bytes(&bytes);
        let c = counted(|| {
            let _ = std::hint::black_box(gik_parse::parse_bytes(std::hint::black_box(&bytes)));
        });
        let kb = bytes.len() as f64 / 1024.0;
        let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        println!(
            "{:<55} {:>8.1} {:>8} {:>10.1} {:>10.1} {:>9.1}",
            name,
            kb,
            c.allocs,
            c.bytes as f64 / 1024.0,
            c.peak as f64 / 1024.0,
            c.allocs as f64 / kb
        );
        rows.push((c, bytes.len()));
    }
    if rows.is_empty() {
        return;
    }
    let mut allocs: Vec<usize> = rows.iter().map(|(c, _)| c.allocs).collect();
    allocs.sort_unstable();
    let total: usize = allocs.iter().sum();
    let bytes: usize = rows.iter().map(|(c, _)| c.bytes).sum();
    println!(
        "{} reports: median {} allocations per report, mean {:.0}, max {}; {:.1} KB allocated per report on average",
        rows.len(),
        allocs[allocs.len() / 2],
        total as f64 / rows.len() as f64,
        allocs[allocs.len() - 1],
        bytes as f64 / rows.len() as f64 / 1024.0
    );
}
