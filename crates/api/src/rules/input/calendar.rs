//! Calendar bodies and queries: events, the Google Calendar setting, and
//! the day range of the event list.

use super::one;
use crate::error::FieldErrors;
use crate::rules::{calendar, validate};
use chrono::{Duration, NaiveDate};
use yass_shared_types::content::{CalendarEventInput, EventWhen};

pub const MAX_TITLE: usize = 200;
pub const MAX_LOCATION: usize = 200;
pub const MAX_DESCRIPTION: usize = 2000;
/// A longer range is almost certainly a mistake and an expensive one.
pub const MAX_RANGE_DAYS: i64 = 400;
/// The list's length when only its first day is given.
pub const DEFAULT_RANGE_DAYS: i64 = 31;

/// An event's text fields, checked (its `when` is stored as sent once it
/// does not run backwards).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvent {
    pub title: String,
    pub location: Option<String>,
    pub description: Option<String>,
}

pub fn event(input: &CalendarEventInput) -> Result<ValidEvent, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    let location =
        validate::optional_text(input.location.as_deref(), MAX_LOCATION).unwrap_or_else(|m| {
            e.add("location", m);
            None
        });
    let description =
        plain_text(input.description.as_deref(), MAX_DESCRIPTION).unwrap_or_else(|m| {
            e.add("description", m);
            None
        });
    if runs_backwards(&input.when) {
        e.add("when", "The event ends before it starts.");
    }
    if e.is_empty() {
        Ok(ValidEvent {
            title,
            location,
            description,
        })
    } else {
        Err(e)
    }
}

fn runs_backwards(when: &EventWhen) -> bool {
    match when {
        EventWhen::AllDay { start, end } => end < start,
        EventWhen::Timed { start, end } => end < start,
    }
}

/// Plain text with line breaks, bounded; blank is `None`.
fn plain_text(v: Option<&str>, max: usize) -> Result<Option<String>, String> {
    let Some(t) = v.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > max {
        return Err(format!("At most {max} characters."));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("Control characters are not allowed.".into());
    }
    Ok(Some(t.to_string()))
}

/// The Google Calendar setting: an embed URL or a calendar id becomes the
/// embed URL; blank or `None` removes it.
pub fn google_calendar(input: Option<&str>) -> Result<Option<String>, FieldErrors> {
    match input.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(v) => calendar::google_embed_url(v)
            .map(Some)
            .map_err(|m| one("google_calendar", m)),
    }
}

/// The days `from..=to` of an event list (YYYY-MM-DD): from today and for
/// 31 days unless given, at most `MAX_RANGE_DAYS` long.
pub fn day_range(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
    let mut e = FieldErrors::new();
    let from = day("from", from, &mut e).unwrap_or(today);
    let to = day("to", to, &mut e).unwrap_or(from + Duration::days(DEFAULT_RANGE_DAYS));
    if to < from {
        e.add("to", "The range ends before it starts.");
    } else if (to - from).num_days() > MAX_RANGE_DAYS {
        e.add("to", format!("At most {MAX_RANGE_DAYS} days at once."));
    }
    if e.is_empty() { Ok((from, to)) } else { Err(e) }
}

fn day(field: &str, v: Option<&str>, e: &mut FieldErrors) -> Option<NaiveDate> {
    let v = v?;
    if let Ok(d) = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d") {
        Some(d)
    } else {
        e.add(field, "Use a date like 2026-09-01.");
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn input(title: &str, when: EventWhen) -> CalendarEventInput {
        CalendarEventInput {
            title: title.into(),
            when,
            location: Some("  ".into()),
            description: Some(" 第一行\n第二行 ".into()),
        }
    }

    fn one_day() -> EventWhen {
        EventWhen::AllDay {
            start: date(2026, 9, 1),
            end: date(2026, 9, 1),
        }
    }

    #[test]
    fn a_good_event_is_trimmed() {
        let v = event(&input(" 開學典禮 ", one_day())).unwrap();
        assert_eq!(v.title, "開學典禮");
        assert_eq!(v.location, None, "a blank location is none");
        assert_eq!(v.description.as_deref(), Some("第一行\n第二行"));
    }

    #[test]
    fn an_event_may_not_end_before_it_starts() {
        let all_day = EventWhen::AllDay {
            start: date(2026, 9, 2),
            end: date(2026, 9, 1),
        };
        let timed = EventWhen::Timed {
            start: Utc.with_ymd_and_hms(2026, 9, 1, 10, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap(),
        };
        for when in [all_day, timed] {
            let e = event(&input("考試", when)).unwrap_err();
            assert_eq!(e.0["when"], ["The event ends before it starts."]);
        }
    }

    #[test]
    fn a_description_keeps_line_breaks_but_no_other_control_characters() {
        assert_eq!(
            plain_text(Some("a\r\n\tb"), 10),
            Ok(Some("a\r\n\tb".into()))
        );
        assert!(plain_text(Some("a\u{7}b"), 10).is_err());
        assert!(plain_text(Some("abc"), 2).is_err());
        assert_eq!(plain_text(Some("   "), 2), Ok(None));
    }

    #[test]
    fn a_blank_google_calendar_removes_it() {
        assert_eq!(google_calendar(None), Ok(None));
        assert_eq!(google_calendar(Some("  ")), Ok(None));
        let e = google_calendar(Some("<iframe>")).unwrap_err();
        assert!(e.0.contains_key("google_calendar"));
    }

    #[test]
    fn the_range_defaults_to_a_month_from_today() {
        let today = date(2026, 9, 1);
        assert_eq!(day_range(None, None, today), Ok((today, date(2026, 10, 2))));
        assert_eq!(
            day_range(Some("2026-01-01"), Some(" 2026-01-01 "), today),
            Ok((date(2026, 1, 1), date(2026, 1, 1)))
        );
    }

    #[test]
    fn a_bad_range_is_refused() {
        let today = date(2026, 9, 1);
        let e = day_range(Some("1/9/2026"), None, today).unwrap_err();
        assert_eq!(e.0["from"], ["Use a date like 2026-09-01."]);
        let e = day_range(Some("2026-09-02"), Some("2026-09-01"), today).unwrap_err();
        assert_eq!(e.0["to"], ["The range ends before it starts."]);
        let e = day_range(Some("2026-01-01"), Some("2027-12-31"), today).unwrap_err();
        assert_eq!(e.0["to"], ["At most 400 days at once."]);
    }
}
