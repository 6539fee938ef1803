//! Dates shown in Asia/Taipei. Taiwan has kept UTC+8 without daylight saving
//! since 1979, so a fixed offset is exact and needs no time-zone database;
//! the browser's own zone is deliberately ignored.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc};
use yass_shared_types::content::EventWhen;

fn taipei() -> FixedOffset {
    yass_shared_types::time::TAIPEI
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2026-11-27`, the Taipei calendar date of an instant.
pub fn date(t: &DateTime<Utc>) -> String {
    ymd(t.with_timezone(&taipei()).date_naive())
}

/// `2026-11-27 14:05`, Taipei wall-clock time.
pub fn date_time(t: &DateTime<Utc>) -> String {
    let l = t.with_timezone(&taipei());
    format!("{} {:02}:{:02}", ymd(l.date_naive()), l.hour(), l.minute())
}

/// `HH:MM` in Taipei.
fn clock(t: &DateTime<Utc>) -> String {
    let l = t.with_timezone(&taipei());
    format!("{:02}:{:02}", l.hour(), l.minute())
}

/// Machine-readable value for `<time datetime>`, with the +08:00 offset.
pub fn iso(t: &DateTime<Utc>) -> String {
    t.with_timezone(&taipei()).to_rfc3339()
}

/// Today's date in Taipei for an instant given as milliseconds since the epoch.
pub fn today(now_ms: f64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(now_ms as i64)
        .unwrap_or_default()
        .with_timezone(&taipei())
        .date_naive()
}

/// `YYYY-MM-DD` of a date plus some days (for the events window).
pub fn plus_days(d: NaiveDate, days: i64) -> NaiveDate {
    d + Duration::days(days)
}

pub fn ymd_of(d: NaiveDate) -> String {
    ymd(d)
}

/// When an event happens, as one line; `all_day` is the localised word.
pub fn event_when(w: &EventWhen, all_day: &str) -> String {
    match w {
        EventWhen::AllDay { start, end } if start == end => format!("{}（{all_day}）", ymd(*start)),
        EventWhen::AllDay { start, end } => format!("{} – {}（{all_day}）", ymd(*start), ymd(*end)),
        EventWhen::Timed { start, end } if date(start) == date(end) => {
            format!("{} – {}", date_time(start), clock(end))
        }
        EventWhen::Timed { start, end } => format!("{} – {}", date_time(start), date_time(end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn utc_evening_is_next_day_in_taipei() {
        let t = Utc.with_ymd_and_hms(2026, 11, 27, 17, 30, 0).unwrap();
        assert_eq!(date(&t), "2026-11-28");
        assert_eq!(date_time(&t), "2026-11-28 01:30");
        assert_eq!(iso(&t), "2026-11-28T01:30:00+08:00");
    }

    #[test]
    fn midsummer_has_no_dst() {
        let t = Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap();
        assert_eq!(date_time(&t), "2026-07-01 08:00");
    }

    #[test]
    fn today_and_window() {
        let ms = Utc
            .with_ymd_and_hms(2026, 12, 31, 16, 0, 0)
            .unwrap()
            .timestamp_millis() as f64;
        let d = today(ms);
        assert_eq!(ymd_of(d), "2027-01-01");
        assert_eq!(ymd_of(plus_days(d, 31)), "2027-02-01");
    }

    #[test]
    fn event_lines() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            event_when(&EventWhen::AllDay { start: d, end: d }, "全天"),
            "2026-12-01（全天）"
        );
        let s = Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap();
        let e = Utc.with_ymd_and_hms(2026, 12, 1, 3, 30, 0).unwrap();
        assert_eq!(
            event_when(&EventWhen::Timed { start: s, end: e }, "全天"),
            "2026-12-01 09:00 – 11:30"
        );
    }
}
