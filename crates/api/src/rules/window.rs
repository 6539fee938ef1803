//! Visibility windows (`from <= now < until`, either end open), computed at
//! read time so nothing has to fire when a window opens or closes.

use chrono::{DateTime, Utc};

pub fn is_open(
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    from.is_none_or(|f| f <= now) && until.is_none_or(|u| now < u)
}

/// The next moment after `now` when one of `windows` opens or closes: a
/// cache of the visible set must expire by then.
pub fn next_change(
    windows: impl IntoIterator<Item = (Option<DateTime<Utc>>, Option<DateTime<Utc>>)>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    windows
        .into_iter()
        .flat_map(|(f, u)| [f, u])
        .flatten()
        .filter(|t| *t > now)
        .min()
}

/// `max_age` shortened so a cached answer never outlives the next change.
pub fn max_age(default: u64, next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> u64 {
    match next {
        Some(t) => default.min(u64::try_from((t - now).num_seconds()).unwrap_or(0)),
        None => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap()
    }

    #[test]
    fn windows_are_half_open() {
        assert!(is_open(None, None, t(5)));
        assert!(is_open(Some(t(5)), None, t(5)));
        assert!(!is_open(Some(t(6)), None, t(5)));
        assert!(!is_open(None, Some(t(5)), t(5)));
        assert!(is_open(Some(t(1)), Some(t(6)), t(5)));
    }

    #[test]
    fn caches_expire_by_the_next_change() {
        let next = next_change([(Some(t(1)), Some(t(9))), (Some(t(7)), None)], t(5));
        assert_eq!(next, Some(t(7)));
        assert_eq!(max_age(60, next, t(5)), 60);
        assert_eq!(max_age(86_400, next, t(5)), 7_200);
        assert_eq!(max_age(60, None, t(5)), 60);
        assert_eq!(next_change([(Some(t(1)), None)], t(5)), None);
    }
}
