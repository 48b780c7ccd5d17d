//! `parse_bytes` reading a GB18030/Big5 text a piece at a time must give what
//! reading it whole gives, for any bytes: a differential target (run with
//! `-timeout=1`). Pieces of 1 and 7 bytes cut characters, lines and rows
//! everywhere they can be cut.
#![no_main]

use gik_parse::{parse_bytes_with, Options};
use libfuzzer_sys::fuzz_target;

const WARM_UP: &str = include_str!("../../examples/report.txt");

fuzz_target!(
    init: {
        let _ = gik_parse::parse(WARM_UP);
        let _ = gik_parse::parse_bytes(WARM_UP.as_bytes());
    },
    |data: &[u8]| {
        let whole = parse_bytes_with(data, &Options { piece_bytes: usize::MAX, ..Options::default() });
        for piece_bytes in [1, 7] {
            let pieces = parse_bytes_with(data, &Options { piece_bytes, ..Options::default() });
            assert_eq!(whole, pieces, "pieces of {piece_bytes} bytes read otherwise than the whole");
        }
    }
);
