//! Lifetimes of API tokens: how long a new one lives, whether one still
//! works at `now`, and when its last use is worth writing down.

use super::validate;
use crate::error::FieldErrors;
use chrono::{Duration, NaiveDateTime};
use yass_shared_types::auth::{API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS};

/// The last-used time is written at most this often per token, so a busy
/// integrator does not turn every read into a write.
pub const TOUCH_EVERY: Duration = Duration::seconds(60);

/// When a token created at `now` with `days` (None = default) expires.
pub fn expiry(now: NaiveDateTime, days: Option<u32>) -> Result<NaiveDateTime, String> {
    let days = days.unwrap_or(API_TOKEN_DEFAULT_DAYS);
    if !(1..=API_TOKEN_MAX_DAYS).contains(&days) {
        return Err(format!(
            "A token lives 1 to {API_TOKEN_MAX_DAYS} days (default {API_TOKEN_DEFAULT_DAYS})."
        ));
    }
    Ok(now + Duration::days(i64::from(days)))
}

pub const MAX_NAME: usize = 100;

/// A new token's name and expiry, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNewToken {
    pub name: String,
    pub expires_at: NaiveDateTime,
}

/// Every problem of a new token's name and lifetime (`days`: None = default).
pub fn new_token(
    name: &str,
    days: Option<u32>,
    now: NaiveDateTime,
) -> Result<ValidNewToken, FieldErrors> {
    match (validate::name(name, MAX_NAME), expiry(now, days)) {
        (Ok(name), Ok(expires_at)) => Ok(ValidNewToken { name, expires_at }),
        (name, expires_at) => {
            let mut e = FieldErrors::new();
            if let Err(m) = name {
                e.add("name", m);
            }
            if let Err(m) = expires_at {
                e.add("expires_in_days", m);
            }
            Err(e)
        }
    }
}

/// Whether a token with this expiry works at `now`. No expiry = not usable:
/// every token is given one, so a missing one is a fault, and faults fail
/// closed.
pub fn unexpired(expires_at: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    expires_at.is_some_and(|e| now < e)
}

/// Whether a use at `now` should be recorded.
pub fn should_touch(last_used: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    last_used.is_none_or(|l| now - l >= TOUCH_EVERY || now < l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(h, m, s)
            .unwrap()
    }

    #[test]
    fn lifetimes_default_to_90_days_and_stop_at_a_year() {
        let now = t(8, 0, 0);
        assert_eq!(expiry(now, None), Ok(now + Duration::days(90)));
        assert_eq!(expiry(now, Some(1)), Ok(now + Duration::days(1)));
        assert_eq!(expiry(now, Some(365)), Ok(now + Duration::days(365)));
        assert!(expiry(now, Some(366)).is_err());
        assert!(expiry(now, Some(0)).is_err());
        assert!(expiry(now, Some(u32::MAX)).is_err());
    }

    #[test]
    fn expired_or_undated_tokens_do_not_work() {
        let now = t(8, 0, 0);
        assert!(unexpired(Some(t(8, 0, 1)), now));
        assert!(!unexpired(Some(now), now));
        assert!(!unexpired(Some(t(7, 59, 59)), now));
        assert!(!unexpired(None, now));
    }

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let now = t(8, 0, 0);
        assert!(should_touch(None, now));
        assert!(!should_touch(Some(t(7, 59, 1)), now));
        assert!(should_touch(Some(t(7, 59, 0)), now));
        // A clock that went back: write, so the time is never in the future.
        assert!(should_touch(Some(t(8, 5, 0)), now));
    }

    #[test]
    fn a_new_token_has_a_name_and_a_lifetime() {
        let now = t(8, 0, 0);
        let v = new_token(" 校務系統 ", None, now).unwrap();
        assert_eq!(v.name, "校務系統");
        assert_eq!(
            v.expires_at,
            now + Duration::days(i64::from(API_TOKEN_DEFAULT_DAYS))
        );
        let e = new_token("", Some(0), now).unwrap_err();
        assert!(e.0.keys().eq(["expires_in_days", "name"]));
        let e = new_token("ok", Some(API_TOKEN_MAX_DAYS + 1), now).unwrap_err();
        assert!(e.0.keys().eq(["expires_in_days"]));
    }
}
