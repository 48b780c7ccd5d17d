//! `parse_bytes` on any bytes: never a panic, never a hang (run with `-timeout=1`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gik_parse::parse_bytes(data);
});
