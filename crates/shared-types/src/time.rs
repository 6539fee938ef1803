//! Schools are in Taiwan: dates are shown, and "a day" is counted, in
//! Asia/Taipei. Taiwan has kept UTC+8 without daylight saving since 1979, so
//! a fixed offset is exact and needs no time-zone database; the browser's
//! and the server's own zones are deliberately ignored.

use chrono::{FixedOffset, NaiveDateTime, TimeDelta};

/// UTC+08:00 (checked when compiling: an impossible offset would not build).
pub const TAIPEI: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("+08:00 is a valid offset"),
};

/// How far Taipei's clocks are ahead of UTC.
#[must_use]
pub fn taipei_ahead_of_utc() -> TimeDelta {
    TimeDelta::seconds(i64::from(TAIPEI.local_minus_utc()))
}

/// A Taipei wall-clock time (as schools and yascms write them) in UTC.
#[must_use]
pub fn taipei_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    local - taipei_ahead_of_utc()
}

#[cfg(test)]
mod tests {
    #[test]
    fn taipei_is_eight_hours_east() {
        assert_eq!(super::TAIPEI.local_minus_utc(), 8 * 3600);
        assert_eq!(super::taipei_ahead_of_utc(), chrono::TimeDelta::hours(8));
    }

    #[test]
    fn eight_in_the_morning_in_taipei_is_midnight_utc() {
        let local = chrono::NaiveDate::from_ymd_opt(2026, 8, 1)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap_or_default();
        assert_eq!(
            super::taipei_to_utc(local).to_string(),
            "2026-08-01 00:00:00"
        );
    }
}
