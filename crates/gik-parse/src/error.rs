//! Errors: inputs that are not reports at all.

/// What kind of failure, for a program to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text was read, but it is not an annual report.
    NotAReport,
    /// Binary data (PDF, ZIP, image, …) that is not a supported document.
    Binary,
    /// The bytes could not be decoded as text in any supported encoding.
    Undecodable,
    /// A DOCX or HTML file that is broken inside.
    Malformed,
    /// The input is larger than the limit in [`crate::Options`].
    TooLarge,
}

impl ErrorKind {
    /// A stable code: `not-a-report`, `binary`, `undecodable`, `malformed`, `too-large`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::NotAReport => "not-a-report",
            ErrorKind::Binary => "binary",
            ErrorKind::Undecodable => "undecodable",
            ErrorKind::Malformed => "malformed",
            ErrorKind::TooLarge => "too-large",
        }
    }
}

/// An input that could not be turned into a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", kind_text(*.kind))]
pub struct Error {
    /// The kind.
    pub kind: ErrorKind,
    /// What was found, in plain language.
    pub message: String,
}

fn kind_text(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::NotAReport => "not a report",
        ErrorKind::Binary => "binary file",
        ErrorKind::Undecodable => "cannot decode",
        ErrorKind::Malformed => "malformed document",
        ErrorKind::TooLarge => "input too large",
    }
}

impl Error {
    /// A new error.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into() }
    }
    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}
