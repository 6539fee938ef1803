//! When to try a message again after SMTP failed: soon at first (a relay
//! restarting), then less often, and not for ever.

use chrono::TimeDelta;

/// The first wait after a failure.
const FIRST: TimeDelta = TimeDelta::seconds(30);
/// The longest wait between two attempts.
const LONGEST: TimeDelta = TimeDelta::hours(1);
/// Attempts before a message is given up (about two days of trying).
pub const MAX_ATTEMPTS: i32 = 56;

/// The wait before the next attempt, after `failed` attempts failed (the
/// one that just failed included); `None` gives up.
pub fn next_wait(failed: i32) -> Option<TimeDelta> {
    if failed >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from(failed.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    let wait = FIRST * 2_i32.saturating_pow(doublings);
    Some(wait.min(LONGEST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_thirty_seconds_up_to_an_hour() {
        assert_eq!(next_wait(1), Some(TimeDelta::seconds(30)));
        assert_eq!(next_wait(2), Some(TimeDelta::seconds(60)));
        assert_eq!(next_wait(3), Some(TimeDelta::seconds(120)));
        assert_eq!(next_wait(8), Some(TimeDelta::hours(1)));
        assert_eq!(next_wait(40), Some(TimeDelta::hours(1)));
    }

    #[test]
    fn gives_up_after_about_two_days() {
        assert_eq!(next_wait(MAX_ATTEMPTS), None);
        let total: TimeDelta = (1..MAX_ATTEMPTS).filter_map(next_wait).sum();
        assert!(
            total > TimeDelta::days(1) && total < TimeDelta::days(3),
            "{total}"
        );
    }
}
