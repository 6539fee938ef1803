//! An iCalendar (RFC 5545) writer for a site's native events: all-day events
//! as `VALUE=DATE` (end exclusive), timed events in UTC, text escaped and
//! lines folded at 75 octets, so phones and Google import the feed as is.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use yass_shared_types::content::EventWhen;

pub struct IcsEvent<'a> {
    /// Globally unique and stable: `<id>@<site slug>.yass`.
    pub uid: String,
    pub title: &'a str,
    pub when: &'a EventWhen,
    pub location: Option<&'a str>,
    pub description: Option<&'a str>,
    /// When the row last changed (DTSTAMP).
    pub stamp: DateTime<Utc>,
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line: at most 75 octets per physical line, continuation
/// lines start with one space, and a UTF-8 character is never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The whole VCALENDAR.
pub fn calendar(name: &str, events: &[IcsEvent<'_>]) -> String {
    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold(&s));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//yass//school website//ZH-TW".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape_text(name)));
    line("X-WR-TIMEZONE:Asia/Taipei".into());
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", e.uid));
        line(format!("DTSTAMP:{}", utc(e.stamp)));
        match e.when {
            EventWhen::AllDay { start, end } => {
                line(format!("DTSTART;VALUE=DATE:{}", date(*start)));
                // The stored end is inclusive; DTEND is exclusive.
                line(format!(
                    "DTEND;VALUE=DATE:{}",
                    date(*end + Duration::days(1))
                ));
            }
            EventWhen::Timed { start, end } => {
                line(format!("DTSTART:{}", utc(*start)));
                line(format!("DTEND:{}", utc(*end)));
            }
        }
        line(format!("SUMMARY:{}", escape_text(e.title)));
        if let Some(l) = e.location {
            line(format!("LOCATION:{}", escape_text(l)));
        }
        if let Some(d) = e.description {
            line(format!("DESCRIPTION:{}", escape_text(d)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("one\ntwo\r\nthree"), r"one\ntwo\nthree");
        assert_eq!(escape_text("鈴\u{7}聲"), "鈴聲");
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let short = fold("SUMMARY:x");
        assert_eq!(short, "SUMMARY:x\r\n");
        let long = fold(&format!("SUMMARY:{}", "校慶運動會".repeat(10)));
        for physical in long.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        // Unfolding gives the line back.
        assert_eq!(
            long.replace("\r\n ", "").trim_end(),
            format!("SUMMARY:{}", "校慶運動會".repeat(10))
        );
        let ascii = fold(&"A".repeat(150));
        let lines: Vec<&str> = ascii.split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
    }

    #[test]
    fn all_day_and_timed_events() {
        let all_day = EventWhen::AllDay {
            start: NaiveDate::from_ymd_opt(2026, 8, 30).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
        };
        let timed = EventWhen::Timed {
            start: Utc.with_ymd_and_hms(2026, 9, 1, 0, 30, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 9, 1, 2, 0, 0).unwrap(),
        };
        let stamp = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let ics = calendar(
            "示範國小, 行事曆",
            &[
                IcsEvent {
                    uid: "1@demo.yass".into(),
                    title: "開學典禮",
                    when: &all_day,
                    location: Some("禮堂"),
                    description: None,
                    stamp,
                },
                IcsEvent {
                    uid: "2@demo.yass".into(),
                    title: "家長日; 請準時",
                    when: &timed,
                    location: None,
                    description: Some("第一行\n第二行"),
                    stamp,
                },
            ],
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("X-WR-CALNAME:示範國小\\, 行事曆\r\n"));
        assert!(ics.contains("X-WR-TIMEZONE:Asia/Taipei\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20260830\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20260901\r\n"));
        assert!(ics.contains("DTSTART:20260901T003000Z\r\n"));
        assert!(ics.contains("DTEND:20260901T020000Z\r\n"));
        assert!(ics.contains("UID:2@demo.yass\r\n"));
        assert!(ics.contains("SUMMARY:家長日\\; 請準時\r\n"));
        assert!(ics.contains("DESCRIPTION:第一行\\n第二行\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }
}
