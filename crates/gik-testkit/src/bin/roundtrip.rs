//! The long property run: generate, render, parse and score many reports per
//! layout, and print the figures of docs/accuracy.md.
//!
//! ```text
//! cargo run --release -p gik-testkit --bin roundtrip -- --reports 10000 [--layout L] [--seed S] [--show N] [--dump DIR]
//! ```
//!
//! `--show N` prints the first N failures of each layout (seed, layout, what
//! went wrong); `--dump DIR` writes each failing text (or file: `.docx`) and its
//! truth there. `--one SEED --layout docx` prints the file as the DOCX reader
//! sees it (a line per paragraph or table row); with `--dump DIR` it writes the
//! input (text or file) there too.

use gik_testkit::gen::GenOptions;
use gik_testkit::render::Layout;
use gik_testkit::round_trip;
use std::io::Write;

struct Args {
    reports: u64,
    layouts: Vec<Layout>,
    seed: u64,
    show: usize,
    dump: Option<std::path::PathBuf>,
    one: Option<u64>,
    opts: GenOptions,
}

fn args() -> Result<Args, String> {
    let mut a = Args { reports: 1000, layouts: Layout::ALL.to_vec(), seed: 0, show: 3, dump: None, one: None, opts: GenOptions::default() };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut val = || it.next().ok_or(format!("{x} needs a value"));
        match x.as_str() {
            "--reports" => a.reports = val()?.parse().map_err(|e| format!("--reports: {e}"))?,
            "--seed" => a.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--show" => a.show = val()?.parse().map_err(|e| format!("--show: {e}"))?,
            "--blank-share" => a.opts.blank_share = val()?.parse().map_err(|e| format!("--blank-share: {e}"))?,
            "--broken-share" => a.opts.broken_share = val()?.parse().map_err(|e| format!("--broken-share: {e}"))?,
            "--dump" => a.dump = Some(val()?.into()),
            "--one" => a.one = Some(val()?.parse().map_err(|e| format!("--one: {e}"))?),
            "--layout" => {
                let v = val()?;
                a.layouts = v
                    .split(',')
                    .map(|n| Layout::from_name(n).ok_or(format!("unknown layout {n}; one of {:?}", Layout::ALL.map(|l| l.name()))))
                    .collect::<Result<_, _>>()?;
            }
            "-h" | "--help" => {
                println!("roundtrip [--reports N] [--layout L[,L…]] [--seed S] [--show N] [--dump DIR] [--one SEED] [--blank-share P] [--broken-share P]");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {x}")),
        }
    }
    Ok(a)
}

#[derive(Default)]
struct Totals {
    reports: u64,
    cells: u64,
    right: u64,
    wrong: u64,
    unexplained: u64,
    explained: u64,
    broken: u64,
    broken_missed: u64,
    false_alarms: u64,
    meta_wrong: u64,
    errors: u64,
    clean: u64,
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("roundtrip: {e}");
            std::process::exit(2);
        }
    };
    let opts = a.opts.clone();
    if let Some(seed) = a.one {
        one(seed, a.layouts[0], &opts, a.dump.as_deref());
        return;
    }
    std::panic::set_hook(Box::new(|_| {}));
    println!(
        "| layout | reports | cells | filled % | wrong | unexplained empties | explained empties | broken rules reported | false alarms | meta wrong | refused/panics |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut any_bad = false;
    for layout in &a.layouts {
        let mut t = Totals::default();
        let mut shown = 0;
        for i in 0..a.reports {
            let seed = a.seed + i;
            let rt = round_trip(seed, *layout, &opts);
            let o = &rt.outcome;
            t.reports += 1;
            t.cells += o.cells as u64;
            t.right += o.right as u64;
            t.wrong += o.wrong.len() as u64;
            t.unexplained += o.unexplained.len() as u64;
            t.explained += o.explained as u64;
            t.broken += o.broken as u64;
            t.broken_missed += o.broken_missed.len() as u64;
            t.false_alarms += o.false_alarms.len() as u64;
            t.meta_wrong += o.meta_wrong.len() as u64;
            t.errors += o.error.is_some() as u64;
            t.clean += o.clean() as u64;
            if !o.clean() {
                if shown < a.show {
                    shown += 1;
                    eprintln!("--- {} seed {seed}", layout.name());
                    if let Some(e) = &o.error {
                        eprintln!("  error: {e}");
                    }
                    for (what, list) in [
                        ("wrong", &o.wrong),
                        ("unexplained", &o.unexplained),
                        ("broken missed", &o.broken_missed),
                        ("false alarm", &o.false_alarms),
                        ("meta", &o.meta_wrong),
                    ] {
                        for x in list.iter().take(6) {
                            eprintln!("  {what}: {x}");
                        }
                        if list.len() > 6 {
                            eprintln!("  {what}: … {} more", list.len() - 6);
                        }
                    }
                }
                if let Some(dir) = &a.dump {
                    let _ = std::fs::create_dir_all(dir);
                    let base = dir.join(format!("{}-{seed}", layout.name()));
                    match &rt.bytes {
                        Some(b) => {
                            let _ = std::fs::write(base.with_extension(layout.name()), b);
                        }
                        None => {
                            let _ = std::fs::write(base.with_extension("txt"), &rt.text);
                        }
                    }
                    let _ = std::fs::write(base.with_extension("truth.tsv"), rt.truth.report.to_flat());
                }
            }
        }
        any_bad |= t.wrong > 0 || t.unexplained > 0 || t.broken_missed > 0;
        let pct = if t.cells == 0 { 0.0 } else { 100.0 * t.right as f64 / t.cells as f64 };
        println!(
            "| {} | {} | {} | {:.3} | {} | {} | {} | {}/{} | {} | {} | {} |",
            layout.name(),
            t.reports,
            t.cells,
            pct,
            t.wrong,
            t.unexplained,
            t.explained,
            t.broken - t.broken_missed,
            t.broken,
            t.false_alarms,
            t.meta_wrong,
            t.errors
        );
        let _ = std::io::stdout().flush();
    }
    std::process::exit(if any_bad { 1 } else { 0 });
}

/// Print one round trip in full: the text, every cell that is not right, the diagnostics.
fn one(seed: u64, layout: Layout, opts: &GenOptions, dump: Option<&std::path::Path>) {
    let rt = round_trip(seed, layout, opts);
    if let Some(dir) = dump {
        // the input as parsed: the text, or the file
        let _ = std::fs::create_dir_all(dir);
        let base = dir.join(format!("{}-{seed}", layout.name()));
        let written = match &rt.bytes {
            Some(b) => std::fs::write(base.with_extension(layout.name()), b),
            None => std::fs::write(base.with_extension("txt"), &rt.text),
        };
        let written = written.and_then(|_| std::fs::write(base.with_extension("truth.tsv"), rt.truth.report.to_flat()));
        if let Err(e) = written {
            eprintln!("roundtrip: cannot write to {}: {e}", dir.display());
        }
    }
    let parsed = match &rt.bytes {
        Some(b) => {
            // a file: what the reader makes of it, a line per paragraph or table row
            match gik_parse::docx::read(b) {
                Ok(g) => {
                    for block in &g.blocks {
                        match block {
                            gik_parse::grid::Block::Text { text, line } => println!("{line}\t{text}"),
                            gik_parse::grid::Block::Row { cells, line } => {
                                let cells: Vec<&str> = cells.iter().map(|c| if c.merged { "⟨merged⟩" } else { c.text.as_ref() }).collect();
                                println!("{line}\t| {} |", cells.join(" | "));
                            }
                        }
                    }
                }
                Err(e) => println!("docx reader: {e}"),
            }
            gik_parse::parse_bytes(b)
        }
        None => {
            println!("{}", rt.text);
            gik_parse::parse(&rt.text)
        }
    };
    println!("=== truth broken: {:?}", rt.truth.broken);
    match parsed {
        Ok(p) => {
            for (k, c) in rt.truth.report.table_keys().iter().zip(&rt.truth.report.cells) {
                let g = p.get(k).cloned().unwrap_or_default();
                if g != *c && !(g.state == c.state && g.value.map(|v| v.normalize()) == c.value.map(|v| v.normalize())) {
                    println!("{k}: got {:?} {:?}, want {:?} {:?}", g.state, g.value, c.state, c.value);
                }
            }
            for d in &p.diagnostics {
                println!("diag {} {:?} {}", d.code, d.line, d.message);
            }
            println!("meta {:?}", p.meta);
        }
        Err(e) => println!("error: {e}"),
    }
    println!("=== outcome: {:?}", rt.outcome);
}
