//! `gik`: read government information disclosure annual reports (政府信息公开工作年度报告)
//! into typed, checked data.

use clap::{Parser, Subcommand, ValueEnum};
use gik_model::{Report, Template};
use rayon::prelude::*;
use std::io::{self, Read, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gik",
    version,
    about = "Read China's government information disclosure annual reports (政府信息公开工作年度报告) into typed, checked data.",
    long_about = "Read China's government information disclosure annual reports (政府信息公开工作年度报告) into typed, checked data.\n\n\
Inputs are plain text in any common layout (tab rows, one cell per line, markdown/pipe tables, PDF text from\n\
`pdftotext -layout`, glued tables), HTML pages and .docx files, in UTF-8, UTF-16, GB18030/GBK or Big5.\n\
A PDF must be turned into text first: `pdftotext -layout report.pdf report.txt`.\n\n\
Examples:\n  gik parse examples/report.txt                 # the report as JSON\n  gik parse --format flat examples/report.txt   # key<TAB>value lines, then diagnostics\n  gik parse --format csv reports/*.txt > all.csv  # one row per report\n  gik check reports/*.txt                       # FILE:LINE: severity[code]: message\n\n\
Exit status: 0 when every input was parsed (with or without diagnostics; for `check`, when none has an error),\n\
1 when an input could not be read or is not a report (or, for `check`, a report has an error), 2 on a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse reports and write them out.
    Parse {
        /// Files to read; `-` (or none) reads standard input.
        files: Vec<String>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Start CSV output with a UTF-8 byte order mark (for Excel).
        #[arg(long)]
        bom: bool,
    },
    /// Print the JSON Schema of the report JSON (the field names of every binding).
    Schema,
    /// Check reports and write their diagnostics as `FILE:LINE: severity[code]: message`.
    Check {
        /// Files to read; `-` (or none) reads standard input.
        files: Vec<String>,
        /// Also print warnings (errors are always printed).
        #[arg(long, short)]
        warnings: bool,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// One JSON document: the report, or an array for several files.
    Json,
    /// One JSON object per line, with a `file` field.
    Jsonl,
    /// `key<TAB>value` lines, then `diagnostic<TAB>code<TAB>severity<TAB>line<TAB>message` lines.
    Flat,
    /// One row per file, a column per flat key, plus `file` and `diagnostics`.
    Csv,
}

type Outcome = (String, Result<Report, String>);

fn read_input(name: &str) -> Result<Vec<u8>, String> {
    if name == "-" {
        let mut buf = Vec::new();
        io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(name).map_err(|e| format!("cannot read: {e}"))
    }
}

fn parse_all(files: &[String]) -> Vec<Outcome> {
    let files: Vec<String> = if files.is_empty() { vec!["-".to_string()] } else { files.to_vec() };
    files
        .par_iter()
        .map(|f| {
            let r = read_input(f).and_then(|b| gik_parse::parse_bytes(&b).map_err(|e| e.to_string()));
            (f.clone(), r)
        })
        .collect()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Parse { files, format, bom } => {
            let results = parse_all(&files);
            let failed = report_failures(&results);
            let w = match format {
                Format::Json => write_json(&mut out, &results),
                Format::Jsonl => write_jsonl(&mut out, &results),
                Format::Flat => write_flat(&mut out, &results),
                Format::Csv => write_csv(&mut out, &results, bom),
            };
            if let Err(e) = w.and_then(|_| out.flush()) {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    eprintln!("gik: cannot write output: {e}");
                }
                return ExitCode::from(1);
            }
            u8::from(failed)
        }
        Command::Schema => {
            let _ = serde_json::to_writer_pretty(&mut out, &gik_model::json_schema());
            let _ = writeln!(out);
            let _ = out.flush();
            0
        }
        Command::Check { files, warnings } => {
            let results = parse_all(&files);
            let failed = report_failures(&results);
            let mut errors = false;
            for (name, r) in &results {
                let Ok(r) = r else { continue };
                for d in &r.diagnostics {
                    let err = d.severity == gik_model::Severity::Error;
                    errors |= err;
                    if err || warnings {
                        let line = d.line.map(|l| l.to_string()).unwrap_or_default();
                        let _ = writeln!(out, "{}:{}: {}[{}]: {}", name, line, d.severity.as_str(), d.code, d.message);
                    }
                }
            }
            let _ = out.flush();
            u8::from(failed || errors)
        }
    };
    ExitCode::from(code)
}

fn report_failures(results: &[Outcome]) -> bool {
    let mut failed = false;
    for (name, r) in results {
        if let Err(e) = r {
            eprintln!("gik: {name}: {e}");
            failed = true;
        }
    }
    failed
}

fn write_json(out: &mut impl Write, results: &[Outcome]) -> io::Result<()> {
    let ok: Vec<&Report> = results.iter().filter_map(|(_, r)| r.as_ref().ok()).collect();
    if results.len() == 1 {
        if let Some(r) = ok.first() {
            serde_json::to_writer_pretty(&mut *out, r)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    let arr: Vec<serde_json::Value> = results
        .iter()
        .filter_map(|(f, r)| {
            r.as_ref().ok().map(|r| {
                let mut v = r.to_json_value();
                if let Some(o) = v.as_object_mut() {
                    o.insert("file".into(), serde_json::Value::String(f.clone()));
                }
                v
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &arr)?;
    writeln!(out)
}

fn write_jsonl(out: &mut impl Write, results: &[Outcome]) -> io::Result<()> {
    for (f, r) in results {
        if let Ok(r) = r {
            let mut v = r.to_json_value();
            if let Some(o) = v.as_object_mut() {
                o.insert("file".into(), serde_json::Value::String(f.clone()));
            }
            serde_json::to_writer(&mut *out, &v)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_flat(out: &mut impl Write, results: &[Outcome]) -> io::Result<()> {
    let many = results.len() > 1;
    for (f, r) in results {
        let Ok(r) = r else { continue };
        if many {
            writeln!(out, "file\t{f}")?;
        }
        out.write_all(r.to_flat().as_bytes())?;
    }
    Ok(())
}

/// The union of the flat keys of both templates, 2021 order first.
fn csv_columns() -> Vec<String> {
    let mut cols: Vec<String> = Template::V2021.keys();
    for k in Template::V2019.keys() {
        if !cols.contains(&k) {
            cols.push(k);
        }
    }
    cols
}

fn write_csv(out: &mut impl Write, results: &[Outcome], bom: bool) -> io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let cols = csv_columns();
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["file".to_string()];
    header.extend(cols.iter().cloned());
    header.push("diagnostics".to_string());
    w.write_record(&header)?;
    for (f, r) in results {
        let Ok(r) = r else { continue };
        let flat: std::collections::HashMap<String, String> = r.flat().into_iter().collect();
        let mut rec = vec![f.clone()];
        rec.extend(cols.iter().map(|c| flat.get(c).cloned().unwrap_or_default()));
        rec.push(r.diagnostics.len().to_string());
        w.write_record(&rec)?;
    }
    w.flush()
}
