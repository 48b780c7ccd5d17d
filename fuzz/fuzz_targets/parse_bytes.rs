//! `parse_bytes` on any bytes: never a panic, never a hang (run with `-timeout=1`).
#![no_main]

use libfuzzer_sys::fuzz_target;

const WARM_UP: &str = include_str!("../../examples/report.txt");

fuzz_target!(
    // Build the parser's lazily compiled tables (regexes, label sets) before
    // the clock starts: under the sanitizer that takes more than `-timeout=1`,
    // and every `-fork` job would report it as a timeout of its first input.
    init: {
        let _ = gik_parse::parse(WARM_UP);
        let _ = gik_parse::parse_bytes(WARM_UP.as_bytes());
    },
    |data: &[u8]| {
        let _ = gik_parse::parse_bytes(data);
    }
);
