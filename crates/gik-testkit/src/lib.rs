//! # gik-testkit
//!
//! Proving `gik_parse` on reports nobody has seen: a seeded generator of random
//! but valid annual reports ([`gen`]), renderers that write them in every
//! layout real converters produce ([`render`]), and a scorer that compares
//! what the parser read with the truth ([`score`]).
//!
//! ```
//! use gik_testkit::{round_trip, render::Layout, gen::GenOptions};
//! let rt = round_trip(42, Layout::TabRows, &GenOptions::default());
//! assert!(rt.outcome.wrong.is_empty(), "{:?}", rt.outcome.wrong);
//! ```

pub mod gen;
pub mod render;
pub mod score;
pub mod table;

use gen::{GenOptions, Truth};
use render::Layout;
use score::Outcome;

/// One generated report, its text, and how the parser did on it.
pub struct RoundTrip {
    /// The truth.
    pub truth: Truth,
    /// The rendered text (for a file layout, its readable view).
    pub text: String,
    /// The rendered file, for layouts that write one (DOCX): what the parser read.
    pub bytes: Option<Vec<u8>>,
    /// The score.
    pub outcome: Outcome,
}

/// Generate the report of `seed`, render it in `layout`, parse it (the text with
/// `gik_parse::parse`, a file with `gik_parse::parse_bytes`), score it.
pub fn round_trip(seed: u64, layout: Layout, opts: &GenOptions) -> RoundTrip {
    let truth = gen::generate(seed, opts);
    let render::Rendered { text, bytes } = render::render_file(&truth, layout, seed);
    let parsed = match &bytes {
        Some(b) => score::parse_bytes(b),
        None => score::parse(&text),
    };
    let meta = render::expected_meta(&truth, layout, &text);
    let outcome = score::score(&truth, &meta, parsed.as_ref().map_err(|e| e.clone()));
    RoundTrip { truth, text, bytes, outcome }
}
