//! Upload rules: safe display names and download headers. A client's file
//! name is only ever displayed, never used as a path; the type a file is
//! served with is decided in `file_types`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Longest kept file name, in characters.
const MAX_NAME_CHARS: usize = 150;

/// The file name to show: its last path segment, without control characters
/// or separators; `file` when nothing is left.
pub fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    let cut: String = cleaned.chars().take(MAX_NAME_CHARS).collect();
    if cut.is_empty() { "file".into() } else { cut }
}

/// Lowercased extension of a file name, if any.
pub fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 10)
}

pub const RFC5987: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn content_disposition(name: &str, inline: bool) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%' | ';') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        fallback,
        utf8_percent_encode(name, RFC5987)
    )
}

/// A generated storage name: random, so nothing about it comes from a client.
pub fn stored_name() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\me\\報告.pdf"), "報告.pdf");
        assert_eq!(display_name("a\u{0}b\r\n.txt"), "ab.txt");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name("../"), "file");
        assert_eq!(display_name(".."), "file");
        assert_eq!(display_name(".htaccess"), "htaccess");
        assert_eq!(display_name("招生簡章 2027.pdf"), "招生簡章 2027.pdf");
        assert_eq!(display_name(&"長".repeat(500)).chars().count(), 150);
    }

    #[test]
    fn dispositions_carry_both_names() {
        assert_eq!(
            content_disposition("報告 1.pdf", false),
            "attachment; filename=\"__ 1.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%201.pdf"
        );
        assert!(content_disposition("a\"b.png", true).starts_with("inline; filename=\"a_b.png\""));
    }
}
