//! The grid onto the template.
use crate::{grid::Grid, Error};
use gik_model::{Report, Template};
/// Build the report from the grid.
pub fn build_report(_grid: &Grid) -> Result<Report, Error> {
    Ok(Report::new(Template::V2021))
}
