//! `parse` on any text: never a panic, never a hang (run with `-timeout=1`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gik_parse::parse(text);
    }
});
