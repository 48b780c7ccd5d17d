//! The `gik` command as a user runs it: formats, several files, bad files, exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

const GIK: &str = env!("CARGO_BIN_EXE_gik");

fn corpus(name: &str) -> String {
    format!("{}/../../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut c = Command::new(GIK).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(b) = stdin {
        c.stdin.take().unwrap().write_all(b).unwrap();
    } else {
        drop(c.stdin.take());
    }
    let o = c.wait_with_output().unwrap();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn flat_output_of_one_report() {
    let (code, out, _) = run(&["parse", "--format", "flat", &corpus("001_8b8811e0fe37948a.txt")], None);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "meta.agency\t赣州经济技术开发区");
    assert!(lines.contains(&"applications.new.total\t12"));
    assert!(lines.contains(&"proactive.fees.amount\t21643.44"));
    assert!(lines.iter().any(|l| l.starts_with("diagnostic\t")));
    assert_eq!(lines.iter().filter(|l| !l.starts_with("diagnostic")).count(), 4 + 10 + 25 * 7 + 15);
}

#[test]
fn several_files_one_bad_one_missing() {
    let bad = std::env::temp_dir().join("gik-cli-test-letter.txt");
    std::fs::write(&bad, "关于报送材料的函\n请各单位于月底前报送。").unwrap();
    let files = [corpus("000_b902256699f40403.txt"), bad.display().to_string(), "/nonexistent/x.txt".into(), corpus("011_shuyang-county-2025-markdown.txt")];
    let mut args = vec!["parse", "--format", "flat"];
    args.extend(files.iter().map(|s| s.as_str()));
    let (code, out, err) = run(&args, None);
    assert_eq!(code, 1, "an unreadable or non-report input makes the exit code 1");
    assert_eq!(out.lines().filter(|l| l.starts_with("file\t")).count(), 2, "both reports are still written");
    assert!(out.lines().position(|l| l.ends_with("000_b902256699f40403.txt")) < out.lines().position(|l| l.ends_with("011_shuyang-county-2025-markdown.txt")), "input order kept");
    assert!(err.contains("gik-cli-test-letter.txt: not a report"), "{err}");
    assert!(err.contains("/nonexistent/x.txt: cannot read"), "{err}");
}

#[test]
fn json_jsonl_csv_and_stdin() {
    let text = std::fs::read(corpus("002_898f82200a7ede38.txt")).unwrap();
    let (code, out, _) = run(&["parse", "-"], Some(&text));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["meta"]["agency"], "赣州经开区机关事务管理中心");
    assert_eq!(v["applications"]["new"]["total"]["value"], "0");
    let (_, out, _) = run(&["parse", "--format", "jsonl", &corpus("000_b902256699f40403.txt"), &corpus("002_898f82200a7ede38.txt")], None);
    assert_eq!(out.lines().count(), 2);
    let (_, out, _) = run(&["parse", "--format", "csv", "--bom", &corpus("000_b902256699f40403.txt"), &corpus("002_pingtan-2020-glued.txt")], None);
    assert!(out.starts_with('\u{feff}'));
    let mut rd = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let header = rd.headers().unwrap().clone();
    assert_eq!(&header[0], "file");
    assert!(header.iter().any(|h| h == "applications.other.total"), "2019 keys are columns too");
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let col = header.iter().position(|h| h == "applications.new.total").unwrap();
    assert_eq!(&rows[1][col], "21");
}

#[test]
fn check_prints_file_line_code_and_exits_1_on_errors() {
    let (code, out, _) = run(&["check", &corpus("000_b902256699f40403.txt")], None);
    assert_eq!(code, 1);
    assert!(out.lines().any(|l| l.contains("000_b902256699f40403.txt:") && l.contains(": error[applications.balance]: ")), "{out}");
    let (code, _, _) = run(&["check", &corpus("002_898f82200a7ede38.txt")], None);
    assert_eq!(code, 0, "warnings only");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["parse", "--format", "xml"], None);
    assert_eq!(code, 2);
    assert!(err.contains("xml"));
    let (code, _, _) = run(&["frobnicate"], None);
    assert_eq!(code, 2);
    let (code, out, _) = run(&["--help"], None);
    assert_eq!(code, 0);
    assert!(out.contains("gik parse") && out.contains("Exit status"));
}
