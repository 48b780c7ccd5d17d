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
    /// The rendered text.
    pub text: String,
    /// The score.
    pub outcome: Outcome,
}

/// Generate the report of `seed`, render it in `layout`, parse it, score it.
pub fn round_trip(seed: u64, layout: Layout, opts: &GenOptions) -> RoundTrip {
    let truth = gen::generate(seed, opts);
    let text = render::render(&truth, layout, seed);
    let parsed = score::parse(&text);
    let meta = render::expected_meta(&truth, layout, &text);
    let outcome = score::score(&truth, &meta, parsed.as_ref().map_err(|e| e.clone()));
    RoundTrip { truth, text, outcome }
}
