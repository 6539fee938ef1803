//! The values of the native-event form and their conversion to the API's
//! `EventWhen`: timed events through Asia/Taipei date-time pickers, all-day
//! events as plain dates (never UTC midnights).

use crate::admin::dt::{from_local_input, to_local_input};
use crate::admin::ui::tr;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use yass_shared_types::content::{CalendarEventInput, EventWhen};

/// Field key → message, for errors found before anything is sent.
pub type LocalErrors = BTreeMap<&'static str, String>;

/// `2026-11-28` from a date picker.
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The picker values of an existing event: (all day, start, end).
pub fn picker_values(w: &EventWhen) -> (bool, String, String) {
    match w {
        EventWhen::AllDay { start, end } => (true, start.to_string(), end.to_string()),
        EventWhen::Timed { start, end } => (false, to_local_input(start), to_local_input(end)),
    }
}

/// A picker value carried over when "all day" is switched: the date part
/// is kept; a date becomes 08:00 of that day (a school morning).
pub fn switch_value(v: &str, to_all_day: bool) -> String {
    let v = v.trim();
    if v.is_empty() {
        return String::new();
    }
    if to_all_day {
        v.split('T').next().unwrap_or_default().to_string()
    } else if v.contains('T') {
        v.to_string()
    } else {
        format!("{v}T08:00")
    }
}

/// `EventWhen` from the pickers, or the fields that could not be read.
pub fn when_of(all_day: bool, start: &str, end: &str) -> Result<EventWhen, LocalErrors> {
    let mut bad = LocalErrors::new();
    let msg = if all_day {
        tr("請選擇日期。", "Choose a date.")
    } else {
        tr("請輸入正確的日期與時間。", "Enter a valid date and time.")
    };
    if all_day {
        let (s, e) = (parse_date(start), parse_date(end));
        if s.is_none() {
            bad.insert("start", msg.to_string());
        }
        if e.is_none() && !end.trim().is_empty() {
            bad.insert("end", msg.to_string());
        }
        match s {
            // An empty end means a one-day event.
            Some(s) if bad.is_empty() => Ok(EventWhen::AllDay {
                start: s,
                end: e.unwrap_or(s),
            }),
            _ => Err(bad),
        }
    } else {
        let s = from_local_input(start).ok().flatten();
        let e = from_local_input(end).ok().flatten();
        if s.is_none() {
            bad.insert("start", msg.to_string());
        }
        if e.is_none() {
            bad.insert("end", msg.to_string());
        }
        match (s, e) {
            (Some(start), Some(end)) => Ok(EventWhen::Timed { start, end }),
            _ => Err(bad),
        }
    }
}

/// The request body (title and location trimmed; empty location = none).
pub fn input_of(
    title: &str,
    when: EventWhen,
    location: &str,
    description: &str,
) -> CalendarEventInput {
    let opt = |s: &str| Some(s.trim().to_string()).filter(|t| !t.is_empty());
    CalendarEventInput {
        title: title.trim().to_string(),
        when,
        location: opt(location),
        description: opt(description),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn timed_events_are_taipei_wall_clock() {
        let w = when_of(false, "2026-12-01T09:00", "2026-12-01T11:30").unwrap();
        assert_eq!(
            w,
            EventWhen::Timed {
                start: Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap(),
                end: Utc.with_ymd_and_hms(2026, 12, 1, 3, 30, 0).unwrap(),
            }
        );
        assert_eq!(
            picker_values(&w),
            (false, "2026-12-01T09:00".into(), "2026-12-01T11:30".into())
        );
    }

    #[test]
    fn all_day_events_are_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        assert_eq!(
            when_of(true, "2026-12-24", ""),
            Ok(EventWhen::AllDay { start: d, end: d })
        );
        assert_eq!(
            picker_values(&EventWhen::AllDay { start: d, end: d }),
            (true, "2026-12-24".into(), "2026-12-24".into())
        );
    }

    #[test]
    fn unreadable_pickers_name_their_field() {
        let bad = when_of(false, "", "2026-12-01T11:30").unwrap_err();
        assert!(bad.contains_key("start") && !bad.contains_key("end"));
        let bad = when_of(true, "2026-12-01", "soon").unwrap_err();
        assert!(bad.contains_key("end") && !bad.contains_key("start"));
    }

    #[test]
    fn switching_all_day_keeps_the_date() {
        assert_eq!(switch_value("2026-12-01T09:00", true), "2026-12-01");
        assert_eq!(switch_value("2026-12-01", false), "2026-12-01T08:00");
        assert_eq!(switch_value("2026-12-01T09:00", false), "2026-12-01T09:00");
        assert_eq!(switch_value("", false), "");
    }

    #[test]
    fn inputs_trim_and_drop_empty_text() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        let i = input_of(" 校慶 ", EventWhen::AllDay { start: d, end: d }, "  ", "");
        assert_eq!(i.title, "校慶");
        assert_eq!(i.location, None);
        assert_eq!(i.description, None);
    }
}
