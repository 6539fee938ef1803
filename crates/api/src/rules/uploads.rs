//! Upload rules: safe display names, and how a stored file may be served.
//! A client's file name is only ever displayed, never used as a path.

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

/// The content type to store: what the extension says for common types,
/// else the client's (when well formed), else `application/octet-stream`.
pub fn content_type(name: &str, claimed: Option<&str>) -> String {
    let by_ext = match extension(name).as_deref() {
        Some("pdf") => Some("application/pdf"),
        Some("png") => Some("image/png"),
        Some("jpg" | "jpeg") => Some("image/jpeg"),
        Some("gif") => Some("image/gif"),
        Some("webp") => Some("image/webp"),
        Some("txt") => Some("text/plain"),
        Some("csv") => Some("text/csv"),
        Some("doc") => Some("application/msword"),
        Some("docx") => {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        Some("xls") => Some("application/vnd.ms-excel"),
        Some("xlsx") => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Some("ppt") => Some("application/vnd.ms-powerpoint"),
        Some("pptx") => {
            Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")
        }
        Some("odt") => Some("application/vnd.oasis.opendocument.text"),
        Some("zip") => Some("application/zip"),
        Some("html" | "htm") => Some("text/html"),
        Some("svg") => Some("image/svg+xml"),
        _ => None,
    };
    if let Some(t) = by_ext {
        return t.into();
    }
    let claimed = claimed.unwrap_or("").trim().to_ascii_lowercase();
    let essence = claimed.split(';').next().unwrap_or("").trim();
    let well_formed = essence.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && essence.len() <= 100
            && essence
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/.+-".contains(c))
    });
    if well_formed {
        essence.into()
    } else {
        "application/octet-stream".into()
    }
}

/// How a stored file goes out: the content type sent and whether it may be
/// shown inline. Only raster images are inline; anything a browser could run
/// (HTML, SVG, XML, scripts) is sent as opaque bytes.
pub fn serving(stored_type: &str) -> (String, bool) {
    let t = stored_type.to_ascii_lowercase();
    if matches!(
        t.as_str(),
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    ) {
        return (t, true);
    }
    let active = ["html", "svg", "xml", "javascript", "ecmascript", "xhtml"]
        .iter()
        .any(|a| t.contains(a));
    if active {
        ("application/octet-stream".into(), false)
    } else {
        (t, false)
    }
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
    fn types_come_from_the_extension_first() {
        assert_eq!(content_type("a.PDF", Some("text/html")), "application/pdf");
        assert_eq!(
            content_type("a", Some("text/plain; charset=utf-8")),
            "text/plain"
        );
        assert_eq!(
            content_type("a", Some("evil\r\nX: y")),
            "application/octet-stream"
        );
        assert_eq!(content_type("a", None), "application/octet-stream");
    }

    #[test]
    fn active_content_is_never_inline() {
        assert_eq!(serving("image/png"), ("image/png".into(), true));
        assert_eq!(
            serving("text/html"),
            ("application/octet-stream".into(), false)
        );
        assert_eq!(
            serving("image/svg+xml"),
            ("application/octet-stream".into(), false)
        );
        assert!(!serving("application/xhtml+xml").1);
        assert_eq!(
            serving("application/pdf"),
            ("application/pdf".into(), false)
        );
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
