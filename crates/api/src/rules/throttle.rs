//! Login throttling rules. The state is stored in the database (shared by
//! every instance); these functions only decide.

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

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

/// Throttle keys: a kind letter, the tenant (so metrics can count a site's
/// locks) and the SHA-256 of the rest, so a key has a bounded length however
/// long the input was. Parts are joined with NUL, which neither a normalised
/// account nor an address or device id contains.
fn key(kind: char, tenant: Option<i64>, parts: &[&str]) -> String {
    let digest = hex::encode(Sha256::digest(parts.join("\0").as_bytes()));
    match tenant {
        Some(t) => format!("{kind}:{t}:{digest}"),
        None => format!("{kind}:{digest}"),
    }
}

/// One (normalised account, client address) pair.
pub fn pair_key(tenant: i64, account: &str, addr: &str) -> String {
    key('p', Some(tenant), &[account, addr])
}

/// One account from anywhere.
pub fn account_key(tenant: i64, account: &str) -> String {
    key('a', Some(tenant), &[account])
}

/// One client address across every account and site.
pub fn address_key(addr: &str) -> String {
    key('i', None, &[addr])
}

/// One account from one known device (its signed device cookie).
pub fn device_key(tenant: i64, account: &str, device: &str) -> String {
    key('d', Some(tenant), &[account, device])
}

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

/// What to do before an attempt on one key, given the row as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Locked: refuse, retry after this many seconds.
    Locked(u64),
    /// The row is stale (its lock ran out, or its window passed): reset it
    /// with a conditional update, then read again.
    Reset(Reset),
    /// `threshold` attempts are already reserved in this window (some may
    /// still be running): refuse without checking the password.
    Full(u64),
    /// Try to reserve one attempt (the update itself re-checks the limit).
    Reserve,
}

/// A reset of a stale row; the storage applies it only while the row is
/// still stale in the same way, so two instances cannot both reset it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reset {
    /// The lock that ran out had this `lockouts` value.
    LockOver { seen_lockouts: i32, lockouts: i32 },
    /// No attempt since the window start `cutoff`.
    WindowOver {
        cutoff: DateTime<Utc>,
        lockouts: i32,
    },
}

/// Decides the next step for one key.
pub fn before_attempt(s: &State, policy: &Policy, now: DateTime<Utc>) -> Step {
    if let Some(r) = remaining_lock(Some(s), now) {
        return Step::Locked(r);
    }
    // Lockouts are forgotten after a quiet `forget_after`.
    let lockouts = if now - s.last_failure_at >= policy.forget_after {
        0
    } else {
        s.lockouts
    };
    if s.locked_until.is_some() {
        return Step::Reset(Reset::LockOver {
            seen_lockouts: s.lockouts,
            lockouts,
        });
    }
    if now - s.last_failure_at >= policy.window {
        return Step::Reset(Reset::WindowOver {
            cutoff: now - policy.window,
            lockouts,
        });
    }
    if s.failures >= policy.threshold {
        return Step::Full(secs(lock_length(policy, s.lockouts)));
    }
    Step::Reserve
}

/// After a failed attempt: the lock to set if this key has used up its
/// attempts and nobody has locked it yet. The storage sets it only if
/// `lockouts` is still what was read (compare-and-set), so one lock per round.
pub fn lock_after_failure(s: &State, policy: &Policy, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (s.locked_until.is_none() && s.failures >= policy.threshold)
        .then(|| now + lock_length(policy, s.lockouts))
}

fn secs(d: TimeDelta) -> u64 {
    d.num_seconds().max(1) as u64
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

    fn fresh(at: DateTime<Utc>) -> State {
        State {
            failures: 0,
            lockouts: 0,
            last_failure_at: at,
            locked_until: None,
        }
    }

    /// Plays `n` reserved-then-failed attempts the way the storage does.
    fn fail_n(policy: &Policy, n: i32, mut s: State, at: DateTime<Utc>) -> State {
        for _ in 0..n {
            match before_attempt(&s, policy, at) {
                Step::Reserve => {
                    s.failures += 1;
                    s.last_failure_at = at;
                }
                Step::Reset(
                    Reset::LockOver { lockouts, .. } | Reset::WindowOver { lockouts, .. },
                ) => {
                    s = State {
                        lockouts,
                        ..fresh(at)
                    };
                    s.failures = 1;
                }
                Step::Locked(_) | Step::Full(_) => return s,
            }
            if let Some(until) = lock_after_failure(&s, policy, at) {
                s.locked_until = Some(until);
                s.lockouts += 1;
            }
        }
        s
    }

    #[test]
    fn the_fifth_failure_locks_the_pair_for_a_minute() {
        let s = fail_n(&PAIR, 4, fresh(t0()), t0());
        assert_eq!(remaining_lock(Some(&s), t0()), None);
        assert_eq!(before_attempt(&s, &PAIR, t0()), Step::Reserve);
        let s = fail_n(&PAIR, 1, s, t0());
        assert_eq!(remaining_lock(Some(&s), t0()), Some(60));
        assert_eq!(before_attempt(&s, &PAIR, t0()), Step::Locked(60));
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
    fn reserved_attempts_fill_the_window_before_any_fails() {
        // Five attempts in flight, none finished: the sixth is refused.
        let mut s = fresh(t0());
        s.failures = 5;
        assert_eq!(before_attempt(&s, &PAIR, t0()), Step::Full(60));
        s.failures = 4;
        assert_eq!(before_attempt(&s, &PAIR, t0()), Step::Reserve);
    }

    #[test]
    fn only_a_full_unlocked_key_gets_a_lock() {
        let mut s = fresh(t0());
        s.failures = 4;
        assert_eq!(lock_after_failure(&s, &PAIR, t0()), None);
        s.failures = 5;
        assert_eq!(
            lock_after_failure(&s, &PAIR, t0()),
            Some(t0() + TimeDelta::minutes(1))
        );
        s.locked_until = Some(t0());
        assert_eq!(lock_after_failure(&s, &PAIR, t0()), None);
    }

    #[test]
    fn pair_locks_double_up_to_the_cap() {
        let lens: Vec<i64> = (0..8)
            .map(|n| lock_length(&PAIR, n).num_minutes())
            .collect();
        assert_eq!(lens, vec![1, 2, 4, 8, 16, 30, 30, 30]);
        // A second round after the first lock expires locks for two minutes.
        let s = fail_n(&PAIR, 5, fresh(t0()), t0());
        let later = t0() + TimeDelta::minutes(2);
        assert!(matches!(
            before_attempt(&s, &PAIR, later),
            Step::Reset(Reset::LockOver {
                seen_lockouts: 1,
                lockouts: 1
            })
        ));
        let s = fail_n(&PAIR, 5, s, later);
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
        let s = fail_n(&PAIR, 4, fresh(t0()), t0());
        let later = t0() + TimeDelta::minutes(15);
        assert_eq!(
            before_attempt(&s, &PAIR, later),
            Step::Reset(Reset::WindowOver {
                cutoff: t0(),
                lockouts: 0
            })
        );
        let s = fail_n(&PAIR, 1, s, later);
        assert_eq!(s.failures, 1);
        assert_eq!(remaining_lock(Some(&s), later), None);
    }

    #[test]
    fn lockouts_are_forgotten_after_a_quiet_day() {
        let s = fail_n(&PAIR, 5, fresh(t0()), t0());
        assert_eq!(s.lockouts, 1);
        let next_day = t0() + TimeDelta::hours(25);
        let s = fail_n(&PAIR, 5, s, next_day);
        assert_eq!(remaining_lock(Some(&s), next_day), Some(60));
    }

    #[test]
    fn keys_have_a_bounded_length_and_never_coincide() {
        let long = "x".repeat(10_000);
        assert!(pair_key(i64::MAX, &long, &long).len() <= 2 + 20 + 1 + 64);
        assert_eq!(address_key(&long).len(), 2 + 64);
        let all = [
            pair_key(1, "admin", "10.0.0.1"),
            pair_key(2, "admin", "10.0.0.1"),
            pair_key(1, "admin", "10.0.0.2"),
            account_key(1, "admin"),
            device_key(1, "admin", "10.0.0.1"),
            address_key("10.0.0.1"),
        ];
        let distinct: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        assert!(all[0].starts_with("p:1:"));
        assert_eq!(pair_key(1, "admin", "10.0.0.1"), all[0]);
    }

    #[test]
    fn no_state_means_no_lock() {
        assert_eq!(remaining_lock(None, t0()), None);
    }
}
