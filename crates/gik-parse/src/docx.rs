//! Word files (.docx): tables from `w:tbl`, text from the paragraphs.

use crate::error::{Error, ErrorKind};
use crate::grid::Grid;

/// Does this look like a ZIP archive?
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Read a .docx into the grid. (Placeholder until the DOCX reader lands.)
pub fn read(_bytes: &[u8]) -> Result<Grid, Error> {
    Err(Error::new(ErrorKind::Binary, "a ZIP archive (.docx/.xlsx): DOCX reading is not built yet"))
}
