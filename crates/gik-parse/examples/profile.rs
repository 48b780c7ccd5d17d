//! Parse every dev corpus file (or the files named) N times, for a profiler:
//!
//! ```sh
//! cargo build --release -p gik-parse --example profile
//! valgrind --tool=callgrind --toggle-collect='profile::timed' $CARGO_TARGET_DIR/release/examples/profile 5
//! perf record -g $CARGO_TARGET_DIR/release/examples/profile 200
//! ```
//!
//! Prints the bytes parsed and the wall time (one core), after one untimed pass
//! (so that one-time work, such as compiling the regexes, is not counted).

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut paths: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if paths.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        paths = std::fs::read_dir(&dir)
            .expect("tests/corpus")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html")))
            .collect();
        paths.sort();
    }
    let files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).expect("readable file")).collect();
    let total: usize = files.iter().map(|f| f.len()).sum::<usize>() * n;
    // one pass first, untimed: the regexes are compiled on first use
    for f in &files {
        let _ = gik_parse::parse_bytes(f);
    }
    let cpu0 = cpu_ns();
    let t = Instant::now();
    let cells = timed(&files, n);
    let s = t.elapsed().as_secs_f64();
    let cpu = cpu_ns().zip(cpu0).map(|(b, a)| (b - a) as f64 / 1e9);
    print!("{} bytes in {:.3} s wall: {:.1} MB/s", total, s, total as f64 / s / 1e6);
    if let Some(c) = cpu {
        print!("; {:.3} s on the CPU: {:.1} MB/s", c, total as f64 / c / 1e6);
    }
    println!(" ({} cells)", cells);
}

/// The measured passes, in a function of their own so that a profiler can be
/// told to look at them alone: `valgrind --tool=callgrind --toggle-collect='profile::timed'`.
#[inline(never)]
fn timed(files: &[Vec<u8>], n: usize) -> usize {
    let mut cells = 0usize;
    for _ in 0..n {
        for f in files {
            if let Ok(r) = gik_parse::parse_bytes(std::hint::black_box(f)) {
                cells += r.cells.len();
            }
        }
    }
    cells
}

/// CPU time of this (single-threaded) process in ns, from Linux's schedstat:
/// on a loaded machine it is steadier than the wall time.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
