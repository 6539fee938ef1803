//! Login throttling rules. The state is stored in the database (shared by
//! every instance); these functions only decide.

use chrono::{DateTime, TimeDelta, Utc};

/// How a lock grows with each further lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Growth {
    /// base × 2^lockouts
    Doubling,
    /// base × (lockouts + 1): slow, for whole accounts, so nobody can keep a
    /// webmaster out for long by failing from many addresses.
    Linear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures within `window` that trigger a lock.
    pub threshold: i32,
    pub window: TimeDelta,
    pub base_lock: TimeDelta,
    pub growth: Growth,
    pub max_lock: TimeDelta,
    /// Lockouts are forgotten after this long without failures.
    pub forget_after: TimeDelta,
}

/// One (account, address) pair: five wrong passwords lock it, doubling.
pub const PAIR: Policy = Policy {
    threshold: 5,
    window: TimeDelta::minutes(15),
    base_lock: TimeDelta::minutes(1),
    growth: Growth::Doubling,
    max_lock: TimeDelta::minutes(30),
    forget_after: TimeDelta::hours(24),
};

/// One account from any address: more failures needed, slow growth, low cap.
pub const ACCOUNT: Policy = Policy {
    threshold: 10,
    window: TimeDelta::minutes(15),
    base_lock: TimeDelta::minutes(1),
    growth: Growth::Linear,
    max_lock: TimeDelta::minutes(10),
    forget_after: TimeDelta::hours(24),
};

/// One client address across all accounts (password spraying).
pub const ADDRESS: Policy = Policy {
    threshold: 30,
    window: TimeDelta::minutes(15),
    base_lock: TimeDelta::minutes(5),
    growth: Growth::Doubling,
    max_lock: TimeDelta::hours(1),
    forget_after: TimeDelta::hours(24),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub failures: i32,
    pub lockouts: i32,
    pub last_failure_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Seconds left on an active lock, rounded up; `None` when not locked.
pub fn remaining_lock(state: Option<&State>, now: DateTime<Utc>) -> Option<u64> {
    let until = state?.locked_until?;
    (until > now).then(|| (until - now).num_seconds().max(1) as u64)
}

/// The state after one more failure at `now`.
pub fn after_failure(state: Option<State>, policy: &Policy, now: DateTime<Utc>) -> State {
    let mut s = state.unwrap_or(State {
        failures: 0,
        lockouts: 0,
        last_failure_at: now,
        locked_until: None,
    });
    if now - s.last_failure_at >= policy.forget_after {
        s.lockouts = 0;
    }
    let lock_over = s.locked_until.is_some_and(|u| u <= now);
    if lock_over || now - s.last_failure_at >= policy.window {
        s.failures = 0;
        s.locked_until = None;
    }
    s.failures += 1;
    s.last_failure_at = now;
    if s.failures >= policy.threshold {
        s.locked_until = Some(now + lock_length(policy, s.lockouts));
        s.lockouts += 1;
        s.failures = 0;
    }
    s
}

/// How long the `n`th lock (0-based) lasts.
pub fn lock_length(policy: &Policy, n: i32) -> TimeDelta {
    let n = n.clamp(0, 20);
    let len = match policy.growth {
        Growth::Doubling => policy.base_lock * 2i32.pow(n as u32),
        Growth::Linear => policy.base_lock * (n + 1),
    };
    len.min(policy.max_lock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap()
    }

    fn fail_n(policy: &Policy, n: i32, start: Option<State>, at: DateTime<Utc>) -> State {
        (0..n)
            .fold(start, |s, _| Some(after_failure(s, policy, at)))
            .unwrap()
    }

    #[test]
    fn the_fifth_failure_locks_the_pair_for_a_minute() {
        let s = fail_n(&PAIR, 4, None, t0());
        assert_eq!(remaining_lock(Some(&s), t0()), None);
        let s = after_failure(Some(s), &PAIR, t0());
        assert_eq!(remaining_lock(Some(&s), t0()), Some(60));
        assert_eq!(
            remaining_lock(Some(&s), t0() + TimeDelta::seconds(59)),
            Some(1)
        );
        assert_eq!(
            remaining_lock(Some(&s), t0() + TimeDelta::seconds(60)),
            None
        );
    }

    #[test]
    fn pair_locks_double_up_to_the_cap() {
        let lens: Vec<i64> = (0..8)
            .map(|n| lock_length(&PAIR, n).num_minutes())
            .collect();
        assert_eq!(lens, vec![1, 2, 4, 8, 16, 30, 30, 30]);
        // A second round after the first lock expires locks for two minutes.
        let s = fail_n(&PAIR, 5, None, t0());
        let later = t0() + TimeDelta::minutes(2);
        let s = fail_n(&PAIR, 5, Some(s), later);
        assert_eq!(remaining_lock(Some(&s), later), Some(120));
    }

    #[test]
    fn account_locks_grow_slowly_and_stay_short() {
        let lens: Vec<i64> = (0..12)
            .map(|n| lock_length(&ACCOUNT, n).num_minutes())
            .collect();
        assert_eq!(lens, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]);
    }

    #[test]
    fn failures_outside_the_window_start_over() {
        let s = fail_n(&PAIR, 4, None, t0());
        let later = t0() + TimeDelta::minutes(15);
        let s = after_failure(Some(s), &PAIR, later);
        assert_eq!(s.failures, 1);
        assert_eq!(remaining_lock(Some(&s), later), None);
    }

    #[test]
    fn lockouts_are_forgotten_after_a_quiet_day() {
        let s = fail_n(&PAIR, 5, None, t0());
        assert_eq!(s.lockouts, 1);
        let next_day = t0() + TimeDelta::hours(25);
        let s = fail_n(&PAIR, 5, Some(s), next_day);
        assert_eq!(remaining_lock(Some(&s), next_day), Some(60));
    }

    #[test]
    fn no_state_means_no_lock() {
        assert_eq!(remaining_lock(None, t0()), None);
    }
}
