//! `<input type="datetime-local">` values are Asia/Taipei wall-clock time,
//! whatever zone the browser runs in. Taiwan has no daylight saving, so a
//! fixed +08:00 offset converts exactly.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

fn taipei() -> FixedOffset {
    yass_shared_types::time::TAIPEI
}

/// `2026-11-28T09:30` (Taipei) for an instant.
pub fn to_local_input(t: &DateTime<Utc>) -> String {
    t.with_timezone(&taipei())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

pub fn opt_to_local_input(t: Option<&DateTime<Utc>>) -> String {
    t.map(to_local_input).unwrap_or_default()
}

/// Parses a datetime-local value as Taipei time. Empty = none; `Err` = unreadable.
pub fn from_local_input(s: &str) -> Result<Option<DateTime<Utc>>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| ())?;
    taipei()
        .from_local_datetime(&naive)
        .single()
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_taipei() {
        let t = Utc.with_ymd_and_hms(2026, 11, 27, 17, 30, 0).unwrap();
        assert_eq!(to_local_input(&t), "2026-11-28T01:30");
        assert_eq!(from_local_input("2026-11-28T01:30"), Ok(Some(t)));
        assert_eq!(from_local_input("2026-11-28T01:30:00"), Ok(Some(t)));
        assert_eq!(from_local_input(""), Ok(None));
        assert_eq!(from_local_input("yesterday"), Err(()));
    }
}
