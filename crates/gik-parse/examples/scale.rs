//! Size linearity: `parse_bytes` time and peak memory on 10 MB and 100 MB.
//!
//! ```text
//! cargo run --release -p gik-parse --example scale            # the whole table
//! cargo run --release -p gik-parse --example scale -- prose utf-8 100   # one case
//! ```
//!
//! Each case runs in a child process of its own, so that its peak resident
//! memory (`VmHWM` in /proc/self/status, reset once the input is built) is its
//! own; the peak reported is the input's bytes plus what parsing added to the
//! resident memory. Shapes of input:
//!
//! - `prose`: one corpus report whose part 6 goes on for N MB (a long report);
//! - `repeated`: the whole report again and again (N MB of tables and headings).
//!
//! Targets (issue 5): 100 MB within 1.5× ten times the 10 MB time; peak memory
//! under 4× the input size (the input bytes themselves included).
//!
//! Where the memory goes, stage by stage (heap bytes from a counting allocator,
//! glibc's chunk sizes: the request plus 8, rounded up to 16, at least 32):
//!
//! ```text
//! cargo run --release -p gik-parse --example scale -- phases prose gb18030 100
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// Live heap bytes and their peak, counted as glibc's malloc lays chunks out
/// (what the resident memory sees of small allocations), and the number of
/// live allocations.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);

fn chunk(size: usize) -> usize {
    ((size + 8 + 15) & !15).max(32)
}

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        BLOCKS.fetch_add(1, Relaxed);
        grew(chunk(l.size()));
        System.alloc(l)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        BLOCKS.fetch_add(1, Relaxed);
        grew(chunk(l.size()));
        System.alloc_zeroed(l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_sub(chunk(l.size()), Relaxed);
        grew(chunk(new));
        System.realloc(p, l, new)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        BLOCKS.fetch_sub(1, Relaxed);
        LIVE.fetch_sub(chunk(l.size()), Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Run `f`; the live heap after it and its peak while it ran, above `base`, and the live blocks after.
fn stage<T>(base: usize, f: impl FnOnce() -> T) -> (T, usize, usize, usize) {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    let t = f();
    (t, LIVE.load(Relaxed).saturating_sub(base), PEAK.load(Relaxed).saturating_sub(base), BLOCKS.load(Relaxed))
}

/// Heap held by a text of the grid (0 when it borrows from the input).
fn owned(t: &std::borrow::Cow<'_, str>) -> usize {
    match t {
        std::borrow::Cow::Owned(s) if s.capacity() > 0 => chunk(s.capacity()),
        _ => 0,
    }
}

/// The stages of `parse_bytes`, one after the other, with the heap each holds.
fn phases(shape: &str, encoding: &str, mb: usize) {
    let mut bytes = encode(input(shape, mb), encoding);
    bytes.shrink_to_fit();
    let n = bytes.len() as f64;
    let mb = |x: usize| x as f64 / 1048576.0;
    let per = |x: usize| x as f64 / n;
    let base = LIVE.load(Relaxed);
    let blocks0 = BLOCKS.load(Relaxed);
    println!("{shape} {encoding}: {:.1} MB of input ({} bytes); heap beyond the input, in MB and in bytes per input byte", mb(bytes.len()), bytes.len());
    println!("| stage | live after | peak during | live blocks after |");
    println!("|---|---|---|---|");
    let row = |name: &str, live: usize, peak: usize, blocks: usize| {
        println!("| {name} | {:.0} MB ({:.2}) | {:.0} MB ({:.2}) | {} |", mb(live), per(live), mb(peak), per(peak), blocks - blocks0);
    };
    let (decoded, live, peak, blocks) = stage(base, || gik_parse::decode::decode_borrowed(&bytes).expect("decodes"));
    row(&format!("decode ({}, text {})", decoded.encoding, if matches!(decoded.text, std::borrow::Cow::Borrowed(_)) { "borrowed" } else { "owned" }), live, peak, blocks);
    let text: &str = &decoded.text;
    let (grid, live, peak, blocks) = stage(base, || {
        if gik_parse::html::looks_like_html(text) {
            gik_parse::html::read(text)
        } else {
            gik_parse::layout::read(text)
        }
    });
    row(&format!("+ grid ({} blocks)", grid.blocks.len()), live, peak, blocks);
    println!();
    println!("What the grid holds (heap, as counted above):");
    println!();
    println!("| structure | count | text bytes | heap | per input byte |");
    println!("|---|---|---|---|---|");
    let item = |name: &str, count: usize, text: usize, heap: usize| {
        println!("| {name} | {count} | {:.1} MB | {:.1} MB | {:.2} |", mb(text), mb(heap), per(heap));
    };
    let (mut lines, mut line_text, mut line_heap) = (0, 0, 0);
    let (mut rows, mut row_vecs) = (0, 0);
    let (mut cells, mut cell_text, mut cell_heap, mut shadows) = (0, 0, 0, 0);
    for b in &grid.blocks {
        match b {
            gik_parse::grid::Block::Text { text, .. } => {
                lines += 1;
                line_text += text.len();
                line_heap += owned(text);
            }
            gik_parse::grid::Block::Row { cells: cs, .. } => {
                rows += 1;
                row_vecs += chunk(cs.capacity() * std::mem::size_of::<gik_parse::grid::GridCell>());
                for c in cs {
                    cells += 1;
                    shadows += usize::from(c.merged);
                    cell_text += c.text.len();
                    cell_heap += owned(&c.text);
                }
            }
        }
    }
    let block_vec = chunk(grid.blocks.capacity() * std::mem::size_of::<gik_parse::grid::Block>());
    item(&format!("grid: `Vec<Block>` ({} B a block, capacity {})", std::mem::size_of::<gik_parse::grid::Block>(), grid.blocks.capacity()), grid.blocks.len(), 0, block_vec);
    item("grid: `Block::Text` strings", lines, line_text, line_heap);
    item(&format!("grid: `Block::Row` cell vectors ({} B a cell)", std::mem::size_of::<gik_parse::grid::GridCell>()), rows, 0, row_vecs);
    item(&format!("grid: `GridCell` strings ({shadows} merged shadows)"), cells, cell_text, cell_heap);
    println!();
    println!("| stage | live after | peak during | live blocks after |");
    println!("|---|---|---|---|");
    // Doc::new consumes the grid: each block's text is dropped once normalised
    let (doc, live, peak, blocks) = stage(base, || gik_parse::tables::Doc::new(grid));
    row(&format!("+ Doc::new, the grid consumed ({} units)", doc.units.len()), live, peak, blocks);
    let (buf, spans) = doc.units.heap_bytes();
    println!();
    item("Doc: the normalised text, one buffer", doc.units.len(), buf, chunk(buf));
    item(&format!("Doc: unit spans ({} B a unit)", spans / doc.units.len().max(1)), doc.units.len(), 0, chunk(spans));
    println!();
    drop(doc);
    let grid = if gik_parse::html::looks_like_html(text) { gik_parse::html::read(text) } else { gik_parse::layout::read(text) };
    let (report, live, peak, blocks) = stage(base, || gik_parse::tables::build_report(grid));
    row("+ build_report (grid in; its Doc and the rest)", live, peak, blocks);
    drop(report);
    let (_, live, peak, blocks) = stage(base, || ());
    row("after dropping report and grid", live, peak, blocks);
    drop(decoded);
    let r = stage(base, || gik_parse::parse_bytes(&bytes).map(|r| r.diagnostics.len()));
    row("parse_bytes in one go", r.1, r.2, r.3);
    println!("| (the input itself) | {:.0} MB (1.00) | | |", mb(bytes.len()));
}

const REPORT: &str = include_str!("../../../examples/report.txt");

fn input(shape: &str, mb: usize) -> String {
    let target = mb << 20;
    let mut text = String::with_capacity(target + REPORT.len());
    match shape {
        "repeated" => {
            while text.len() < target {
                text.push_str(REPORT);
            }
        }
        _ => {
            text.push_str(REPORT);
            let line = "本机关将继续加强政府信息公开工作，推进决策、执行、管理、服务、结果公开，提升政务公开质量。\n";
            while text.len() < target {
                text.push_str(line);
            }
        }
    }
    text
}

fn encode(text: String, encoding: &str) -> Vec<u8> {
    match encoding {
        "gb18030" => encoding_rs::GB18030.encode(&text).0.into_owned(),
        _ => text.into_bytes(),
    }
}

/// Peak resident set size of this process, in bytes.
fn peak_rss() -> usize {
    status_kb("VmHWM:")
}

/// Resident set size now, in bytes.
fn rss() -> usize {
    status_kb("VmRSS:")
}

fn status_kb(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// One case in this process: prints `bytes seconds peak_bytes outcome`.
fn run_one(shape: &str, encoding: &str, mb: usize) {
    let mut bytes = encode(input(shape, mb), encoding);
    bytes.shrink_to_fit();
    // Reset the peak to what is resident now, and count only what parsing adds
    // to it (what building the input left behind is not the parser's), plus
    // the input bytes themselves.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = rss();
    let start = Instant::now();
    let outcome = match gik_parse::parse_bytes(&bytes) {
        Ok(r) => format!("ok:{}-diagnostics", r.diagnostics.len()),
        Err(e) => format!("err:{}", e.kind.code()),
    };
    let secs = start.elapsed().as_secs_f64();
    let peak = peak_rss().saturating_sub(base) + bytes.len();
    println!("{} {secs:.3} {peak} {outcome}", bytes.len());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 4 && args[0] == "phases" {
        phases(&args[1], &args[2], args[3].parse().expect("MB"));
        return;
    }
    if args.len() == 3 {
        run_one(&args[0], &args[1], args[2].parse().expect("MB"));
        return;
    }
    let me = std::env::current_exe().expect("own path");
    println!("| shape | encoding | input | parse time | peak RSS | peak / input | outcome |");
    println!("|---|---|---|---|---|---|---|");
    for shape in ["prose", "repeated"] {
        for encoding in ["utf-8", "gb18030"] {
            let mut times = Vec::new();
            for mb in [10usize, 100] {
                let out = Command::new(&me).args([shape, encoding, &mb.to_string()]).output().expect("child");
                let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 4 || !out.status.success() {
                    println!("| {shape} | {encoding} | {mb} MB | failed: {} | | | |", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
                    continue;
                }
                let (n, secs, peak): (f64, f64, f64) = (f[0].parse().unwrap(), f[1].parse().unwrap(), f[2].parse().unwrap());
                times.push(secs);
                println!("| {shape} | {encoding} | {:.1} MB | {secs:.2} s | {:.0} MB | {:.2}× | {} |", n / 1048576.0, peak / 1048576.0, peak / n, f[3]);
            }
            if let [t10, t100] = times[..] {
                let ratio = t100 / (10.0 * t10);
                println!("| {shape} | {encoding} | 100 MB / (10 × 10 MB) | {ratio:.2} | | | {} |", if ratio <= 1.5 { "linear (≤ 1.5)" } else { "NOT linear (> 1.5)" });
            }
        }
    }
}
