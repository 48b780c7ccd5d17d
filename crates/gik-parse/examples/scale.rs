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

use std::process::Command;
use std::time::Instant;

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
