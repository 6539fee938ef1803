//! Conditional and range requests on a stored file (RFC 9110 §13, §14):
//! which answer a download gets, decided from the request's headers and
//! the file's size, entity tag and time alone.

use std::ops::Range;

/// What part of the file to send.
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    /// 200 with every byte.
    Whole,
    /// 206 with these bytes.
    Bytes(Range<u64>),
    /// 416: the range starts past the end.
    Unsatisfiable,
}

/// `Range: bytes=…` against a file of `size` bytes. One range only: a
/// list of ranges (or a unit other than bytes, or nonsense) is answered
/// whole, which the RFC allows.
pub fn part(range: Option<&str>, size: u64) -> Part {
    let Some(spec) = range.and_then(|r| r.trim().strip_prefix("bytes=")) else {
        return Part::Whole;
    };
    if spec.contains(',') {
        return Part::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Part::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let parsed = |s: &str| s.parse::<u64>().ok();
    match (first.is_empty(), last.is_empty()) {
        // bytes=-N: the last N bytes.
        (true, false) => match parsed(last) {
            Some(0) => Part::Unsatisfiable,
            Some(n) if size > 0 => Part::Bytes(size.saturating_sub(n)..size),
            Some(_) => Part::Unsatisfiable,
            None => Part::Whole,
        },
        (false, _) => {
            let Some(start) = parsed(first) else {
                return Part::Whole;
            };
            // An open end is the last byte.
            let end = if last.is_empty() {
                Some(u64::MAX)
            } else {
                parsed(last)
            };
            match end {
                None => Part::Whole,
                Some(end) if end < start => Part::Whole,
                Some(_) if start >= size => Part::Unsatisfiable,
                Some(end) => Part::Bytes(start..end.min(size - 1) + 1),
            }
        }
        (true, true) => Part::Whole,
    }
}

/// Whether the client's copy is current (304): `If-None-Match` decides
/// when sent (weak comparison), else `If-Modified-Since` (second
/// precision, as HTTP dates have).
pub fn not_modified(
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
    etag: &str,
    modified: chrono::DateTime<chrono::Utc>,
) -> bool {
    if let Some(tags) = if_none_match {
        let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
        return tags
            .split(',')
            .any(|t| t.trim() == "*" || bare(t) == bare(etag));
    }
    if_modified_since
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d.trim()).ok())
        .is_some_and(|since| modified.timestamp() <= since.timestamp())
}

/// `If-Range`: the range is honoured only when the validator still
/// matches (a strong tag, or the exact date); otherwise the whole file.
pub fn range_still_applies(
    if_range: Option<&str>,
    etag: &str,
    modified: chrono::DateTime<chrono::Utc>,
) -> bool {
    match if_range.map(str::trim) {
        None => true,
        Some(v) if v.starts_with('"') => v == etag,
        Some(v) => chrono::DateTime::parse_from_rfc2822(v)
            .is_ok_and(|d| d.timestamp() == modified.timestamp()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_served_and_the_rest_whole() {
        assert_eq!(part(None, 10), Part::Whole);
        assert_eq!(part(Some("bytes=0-3"), 10), Part::Bytes(0..4));
        assert_eq!(part(Some("bytes=4-"), 10), Part::Bytes(4..10));
        assert_eq!(part(Some("bytes=-3"), 10), Part::Bytes(7..10));
        assert_eq!(part(Some("bytes=-30"), 10), Part::Bytes(0..10));
        assert_eq!(part(Some("bytes=5-500"), 10), Part::Bytes(5..10));
        assert_eq!(part(Some("bytes=10-"), 10), Part::Unsatisfiable);
        assert_eq!(part(Some("bytes=-0"), 10), Part::Unsatisfiable);
        assert_eq!(part(Some("bytes=0-1,4-5"), 10), Part::Whole);
        assert_eq!(part(Some("items=0-1"), 10), Part::Whole);
        assert_eq!(part(Some("bytes=5-2"), 10), Part::Whole);
        assert_eq!(part(Some("bytes=x-2"), 10), Part::Whole);
        assert_eq!(part(Some("bytes=-"), 10), Part::Whole);
        assert_eq!(
            part(Some("bytes=18446744073709551615-"), 10),
            Part::Unsatisfiable
        );
    }

    #[test]
    fn a_current_copy_is_not_sent_again() {
        let t = chrono::DateTime::parse_from_rfc2822("Sat, 05 Dec 2026 03:00:00 GMT")
            .unwrap()
            .to_utc();
        let tag = "\"abc\"";
        assert!(not_modified(Some("\"abc\""), None, tag, t));
        assert!(not_modified(Some("W/\"abc\", \"x\""), None, tag, t));
        assert!(not_modified(Some("*"), None, tag, t));
        assert!(!not_modified(
            Some("\"x\""),
            Some("Sat, 05 Dec 2026 04:00:00 GMT"),
            tag,
            t
        ));
        assert!(not_modified(
            None,
            Some("Sat, 05 Dec 2026 03:00:00 GMT"),
            tag,
            t
        ));
        assert!(!not_modified(
            None,
            Some("Sat, 05 Dec 2026 02:59:59 GMT"),
            tag,
            t
        ));
        assert!(!not_modified(None, Some("yesterday"), tag, t));
        assert!(!not_modified(None, None, tag, t));
        assert!(range_still_applies(None, tag, t));
        assert!(range_still_applies(Some("\"abc\""), tag, t));
        assert!(!range_still_applies(Some("\"old\""), tag, t));
        assert!(range_still_applies(
            Some("Sat, 05 Dec 2026 03:00:00 GMT"),
            tag,
            t
        ));
        assert!(!range_still_applies(
            Some("Sat, 05 Dec 2026 02:00:00 GMT"),
            tag,
            t
        ));
    }
}
