//! # gik-model
//!
//! The official template of China's government information disclosure annual
//! reports (政府信息公开工作年度报告) as types: both template versions
//! (国办公开办函〔2019〕60号 and 〔2021〕30号), their row/column labels and stable
//! flat keys, the [`Report`] with its cells and diagnostics, and the template's
//! checks as pure functions.
//!
//! ```
//! use gik_model::{Report, Template, Cell, checks};
//! use rust_decimal::Decimal;
//!
//! let mut r = Report::new(Template::V2021);
//! *r.get_mut("review.upheld").unwrap() = Cell::number(Decimal::from(2), Some(10));
//! for k in ["review.corrected", "review.other", "review.pending"] {
//!     *r.get_mut(k).unwrap() = Cell::number(Decimal::ZERO, Some(10));
//! }
//! *r.get_mut("review.total").unwrap() = Cell::number(Decimal::from(3), Some(10));
//! let d = checks::review_totals(&r);
//! assert_eq!(d[0].code, "review.total");
//! assert!(d[0].message.contains("= 2, but 总计 = 3"));
//! ```

pub mod checks;
mod schema;
mod report;
mod template;

pub use report::{table_key_list, table_keys, Cell, CellState, Claim, Diagnostic, Meta, Report, Severity, Source, N_COLUMNS};
pub use rust_decimal::Decimal;
pub use schema::json_schema;
pub use template::*;
