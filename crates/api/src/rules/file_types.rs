//! Which content type a stored file goes out with. The client's claimed type
//! is never used: a file is served as one of the types below only when its
//! name's extension AND its first bytes both say so; anything else is opaque
//! bytes (`application/octet-stream`) sent as an attachment. Only raster
//! images are ever inline; HTML, SVG and scripts are on no list, so a browser
//! never gets them as anything it could run.

use super::uploads::extension;

/// How many leading bytes of a file the decision looks at.
pub const HEAD_LEN: usize = 1024;

/// A served content type and whether it may be shown inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub content_type: &'static str,
    pub inline: bool,
}

/// Anything not on the allow-list.
pub const OPAQUE: Served = Served {
    content_type: "application/octet-stream",
    inline: false,
};

/// What the first bytes must look like for an extension's type.
#[derive(Debug, Clone, Copy)]
enum Magic {
    Pdf,
    /// Office Open XML, OpenDocument and plain zip archives.
    Zip,
    /// Legacy Office (Compound File Binary).
    Ole,
    Mp3,
    Mp4,
    /// No magic: the type is text; UTF-8 validity decides the charset.
    Text,
}

/// Extension, type, magic. Raster images are handled apart (their magic
/// names the type, so a PNG saved as `.jpg` still shows).
const KNOWN: &[(&str, &str, Magic)] = &[
    ("pdf", "application/pdf", Magic::Pdf),
    ("doc", "application/msword", Magic::Ole),
    ("xls", "application/vnd.ms-excel", Magic::Ole),
    ("ppt", "application/vnd.ms-powerpoint", Magic::Ole),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Magic::Zip,
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Magic::Zip,
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Magic::Zip,
    ),
    ("odt", "application/vnd.oasis.opendocument.text", Magic::Zip),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        Magic::Zip,
    ),
    (
        "odp",
        "application/vnd.oasis.opendocument.presentation",
        Magic::Zip,
    ),
    ("zip", "application/zip", Magic::Zip),
    ("mp3", "audio/mpeg", Magic::Mp3),
    ("mp4", "video/mp4", Magic::Mp4),
    ("txt", "text/plain", Magic::Text),
    ("csv", "text/csv", Magic::Text),
];

const RASTER_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

/// Every raster type an image may be served as.
pub const RASTER_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Every content type a stored file may go out with (the OpenAPI document
/// lists exactly these for downloads).
pub fn every_served_type() -> Vec<&'static str> {
    let mut all = vec![OPAQUE.content_type];
    all.extend(RASTER_TYPES);
    for &(_, t, magic) in KNOWN {
        all.push(match (magic, t) {
            (Magic::Text, "text/plain") => "text/plain; charset=utf-8",
            (Magic::Text, _) => "text/csv; charset=utf-8",
            _ => t,
        });
        if matches!(magic, Magic::Text) {
            all.push(t);
        }
    }
    all.dedup();
    all
}

/// The raster image type the bytes start with, if any.
fn raster(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(RASTER_TYPES[0])
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(RASTER_TYPES[1])
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(RASTER_TYPES[2])
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(RASTER_TYPES[3])
    } else {
        None
    }
}

fn matches(magic: Magic, head: &[u8]) -> bool {
    match magic {
        // Readers accept the header anywhere in the first kilobyte.
        Magic::Pdf => head.windows(5).any(|w| w == b"%PDF-"),
        // A local file header, or the end record of an empty archive.
        Magic::Zip => head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"),
        Magic::Ole => head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        // An ID3v2 tag, or an MPEG audio frame sync.
        Magic::Mp3 => {
            head.starts_with(b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] >= 0xE0)
        }
        Magic::Mp4 => head.len() >= 8 && &head[4..8] == b"ftyp",
        Magic::Text => true,
    }
}

/// The served type of a file called `file_name` whose first bytes are
/// `head` (up to [`HEAD_LEN`]); `utf8` = the whole file is valid UTF-8.
pub fn decide(file_name: &str, head: &[u8], utf8: bool) -> Served {
    let Some(ext) = extension(file_name) else {
        return OPAQUE;
    };
    if RASTER_EXTENSIONS.contains(&ext.as_str()) {
        return match raster(head) {
            Some(t) => Served {
                content_type: t,
                inline: true,
            },
            None => OPAQUE,
        };
    }
    let Some(&(_, t, magic)) = KNOWN.iter().find(|(e, _, _)| *e == ext) else {
        return OPAQUE;
    };
    if !matches(magic, head) {
        return OPAQUE;
    }
    let content_type = match (magic, utf8, t) {
        (Magic::Text, true, "text/plain") => "text/plain; charset=utf-8",
        (Magic::Text, true, _) => "text/csv; charset=utf-8",
        _ => t,
    };
    Served {
        content_type,
        inline: false,
    }
}

/// Whether a stored type records that the file was checked to be UTF-8.
/// Only [`decide`] writes a charset, after reading the whole file at upload.
pub fn stored_as_utf8(stored_type: &str) -> bool {
    stored_type
        .to_ascii_lowercase()
        .ends_with("; charset=utf-8")
}

/// Checks that a byte stream is UTF-8, chunk by chunk, without keeping it:
/// a character split across two chunks is carried over.
#[derive(Debug, Default)]
pub struct Utf8Check {
    /// The start of a character cut off at the end of the last chunk.
    carry: Vec<u8>,
    bad: bool,
}

/// Bytes in a character starting with `lead` (a valid lead byte).
fn char_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

impl Utf8Check {
    pub fn feed(&mut self, mut chunk: &[u8]) {
        if self.bad {
            return;
        }
        if !self.carry.is_empty() {
            let need = char_width(self.carry[0]) - self.carry.len();
            let take = need.min(chunk.len());
            self.carry.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if take < need {
                // Still incomplete; std validated it as a prefix so far.
                if std::str::from_utf8(&self.carry)
                    .err()
                    .is_some_and(|e| e.error_len().is_some())
                {
                    self.bad = true;
                }
                return;
            }
            if std::str::from_utf8(&self.carry).is_err() {
                self.bad = true;
                return;
            }
            self.carry.clear();
        }
        match std::str::from_utf8(chunk) {
            Ok(_) => {}
            // Cut off mid-character at the end: keep the start for later.
            Err(e) if e.error_len().is_none() => {
                self.carry.extend_from_slice(&chunk[e.valid_up_to()..]);
            }
            Err(_) => self.bad = true,
        }
    }

    /// Whether everything fed was UTF-8 (a cut-off last character is not).
    pub fn finish(&self) -> bool {
        !self.bad && self.carry.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_decision_is_a_listed_type() {
        let all = super::every_served_type();
        let heads: [&[u8]; 6] = [
            b"%PDF-1.4",
            b"PK\x03\x04",
            b"\x89PNG\r\n\x1a\n",
            b"hello",
            b"\xff\xfe",
            b"\xD0\xCF\x11\xE0",
        ];
        for name in [
            "a.pdf", "a.docx", "a.png", "a.txt", "a.csv", "a.doc", "a.exe", "a.zip",
        ] {
            for head in heads {
                let t = super::decide(name, head, std::str::from_utf8(head).is_ok());
                assert!(all.contains(&t.content_type), "{name}: {}", t.content_type);
            }
        }
    }

    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F'];
    const ZIP: &[u8] = b"PK\x03\x04\x14\0\x06\0";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];

    fn t(name: &str, head: &[u8]) -> (&'static str, bool) {
        let s = decide(name, head, false);
        (s.content_type, s.inline)
    }

    #[test]
    fn raster_images_are_inline_by_their_bytes() {
        assert_eq!(t("a.png", PNG), ("image/png", true));
        assert_eq!(t("a.JPG", JPEG), ("image/jpeg", true));
        assert_eq!(t("a.jpeg", JPEG), ("image/jpeg", true));
        // Renamed images show as what they are.
        assert_eq!(t("a.jpg", PNG), ("image/png", true));
        assert_eq!(t("a.gif", b"GIF89a\x01\0"), ("image/gif", true));
        assert_eq!(t("a.gif", b"GIF87a\x01\0"), ("image/gif", true));
        assert_eq!(t("a.webp", b"RIFF\x10\0\0\0WEBPVP8 "), ("image/webp", true));
        assert_eq!(
            t("a.webp", b"RIFF\x10\0\0\0WAVEfmt "),
            ("application/octet-stream", false)
        );
    }

    #[test]
    fn an_extension_without_its_bytes_is_opaque() {
        for (name, head) in [
            ("a.png", &b"<html><script>alert(1)</script>"[..]),
            ("a.png", b""),
            ("a.pdf", b"<html>"),
            ("a.docx", OLE),
            ("a.doc", ZIP),
            ("a.zip", b"Rar!\x1a\x07"),
            ("a.mp4", b"\0\0\0\x18moov"),
            ("a.mp3", b"ID"),
        ] {
            assert_eq!(t(name, head), ("application/octet-stream", false), "{name}");
        }
    }

    #[test]
    fn bytes_without_a_known_extension_are_opaque() {
        for name in [
            "a", "a.html", "a.htm", "a.svg", "a.xhtml", "a.xml", "a.js", "a.exe", "a.", "png",
        ] {
            assert_eq!(t(name, PNG), ("application/octet-stream", false), "{name}");
            assert_eq!(
                t(name, b"<svg onload=alert(1)>"),
                ("application/octet-stream", false)
            );
        }
    }

    #[test]
    fn documents_are_attachments_of_their_type() {
        assert_eq!(t("a.pdf", b"%PDF-1.7\n"), ("application/pdf", false));
        // Readers accept a short prefix before the header.
        assert_eq!(
            t("a.pdf", b"\xEF\xBB\xBF%PDF-1.4"),
            ("application/pdf", false)
        );
        assert_eq!(t("a.doc", OLE), ("application/msword", false));
        assert_eq!(t("a.xls", OLE), ("application/vnd.ms-excel", false));
        assert_eq!(t("a.ppt", OLE), ("application/vnd.ms-powerpoint", false));
        assert_eq!(
            t("報告.DOCX", ZIP).0,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            t("a.xlsx", ZIP).0,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            t("a.pptx", ZIP).0,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        );
        assert_eq!(
            t("a.odt", ZIP),
            ("application/vnd.oasis.opendocument.text", false)
        );
        assert_eq!(
            t("a.ods", ZIP).0,
            "application/vnd.oasis.opendocument.spreadsheet"
        );
        assert_eq!(
            t("a.odp", ZIP).0,
            "application/vnd.oasis.opendocument.presentation"
        );
        assert_eq!(t("a.zip", ZIP), ("application/zip", false));
        assert_eq!(t("a.zip", b"PK\x05\x06\0\0"), ("application/zip", false));
        assert_eq!(t("a.mp3", b"ID3\x04\0"), ("audio/mpeg", false));
        assert_eq!(t("a.mp3", &[0xFF, 0xFB, 0x90]), ("audio/mpeg", false));
        assert_eq!(t("a.mp4", b"\0\0\0\x20ftypisom"), ("video/mp4", false));
    }

    #[test]
    fn text_says_utf8_only_when_it_is() {
        let d = |name, utf8| decide(name, b"a,b\n", utf8);
        assert_eq!(d("a.txt", true).content_type, "text/plain; charset=utf-8");
        assert_eq!(d("a.txt", false).content_type, "text/plain");
        assert_eq!(d("a.csv", true).content_type, "text/csv; charset=utf-8");
        assert_eq!(d("a.csv", false).content_type, "text/csv");
        assert!(!d("a.txt", true).inline);
        assert!(stored_as_utf8("text/plain; charset=utf-8"));
        assert!(stored_as_utf8("text/csv; charset=UTF-8"));
        assert!(!stored_as_utf8("text/plain"));
        assert!(!stored_as_utf8("text/html"));
    }

    /// Feeds `bytes` in pieces of `n` bytes.
    fn utf8_in_pieces(bytes: &[u8], n: usize) -> bool {
        let mut c = Utf8Check::default();
        for piece in bytes.chunks(n) {
            c.feed(piece);
        }
        c.finish()
    }

    #[test]
    fn utf8_is_checked_across_chunk_boundaries() {
        let text = "招生簡章 2027 — 😀 ok".as_bytes();
        for n in 1..=text.len() {
            assert!(utf8_in_pieces(text, n), "pieces of {n}");
        }
        let big5 = [0xA9, 0xDB, 0xA5, 0xCD]; // 招生 in Big5
        let truncated = &"招".as_bytes()[..2];
        let overlong = [0xC0, 0xAF];
        let surrogate = [0xED, 0xA0, 0x80];
        let lone_continuation = [b'a', 0x80];
        for bad in [
            &big5[..],
            truncated,
            &overlong,
            &surrogate,
            &lone_continuation,
        ] {
            for n in 1..=bad.len() {
                assert!(!utf8_in_pieces(bad, n), "{bad:?} in pieces of {n}");
            }
        }
        // A bad byte after a character completed across chunks.
        let mut c = Utf8Check::default();
        c.feed(&"招".as_bytes()[..1]);
        c.feed(&[&"招".as_bytes()[1..], &[0xFF][..]].concat());
        assert!(!c.finish());
        assert!(utf8_in_pieces(b"", 1));
    }
}
