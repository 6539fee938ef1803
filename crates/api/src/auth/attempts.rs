//! Every password check reserves an attempt first (sign-in, password change,
//! any re-authentication): the attempt is counted in the database before the
//! password is looked at, so parallel guesses on any number of instances get
//! at most a key's threshold of checks (docs/decisions/0008).

use crate::error::{ApiError, ApiResult};
use crate::rules::throttle::{self, Policy, Step};
use crate::state::AppState;
use crate::storage::auth as auth_store;
use chrono::{DateTime, Utc};

/// The keys one attempt counts on, strictest first.
pub struct Keys(pub Vec<(String, &'static Policy)>);

impl Keys {
    /// A stranger: the (account, address) pair, the account from anywhere,
    /// and the address across accounts.
    pub fn stranger(tenant: i64, account: &str, addr: &str) -> Self {
        Keys(vec![
            (throttle::pair_key(tenant, account, addr), &throttle::PAIR),
            (throttle::account_key(tenant, account), &throttle::ACCOUNT),
            (throttle::address_key(addr), &throttle::ADDRESS),
        ])
    }

    /// A device that signed in to this account before (valid device cookie):
    /// only its own key, with the pair policy, so nobody else's failures on
    /// the account or the address can lock it out.
    pub fn known_device(tenant: i64, account: &str, device: &str) -> Self {
        Keys(vec![(
            throttle::device_key(tenant, account, device),
            &throttle::PAIR,
        )])
    }
}

/// Why an attempt was refused before the password check.
pub struct Refused {
    pub retry_after: u64,
    /// The address-wide key refused (spraying), not an account key.
    pub by_address: bool,
}

/// Attempts reserved on every key; settle it with `failed` or `succeeded`.
pub struct Reservation {
    keys: Keys,
}

/// How often one key is re-read after losing a race before giving up
/// (refusing: a throttle never fails open).
const ROUNDS: usize = 8;

pub async fn reserve(
    state: &AppState,
    keys: Keys,
    now: DateTime<Utc>,
) -> ApiResult<Result<Reservation, Refused>> {
    for (i, (key, policy)) in keys.0.iter().enumerate() {
        if let Err(retry_after) = reserve_one(state, key, policy, now).await? {
            for (done, _) in &keys.0[..i] {
                auth_store::release_attempt(&state.db, done).await?;
            }
            return Ok(Err(Refused {
                retry_after,
                by_address: key.starts_with("i:"),
            }));
        }
    }
    Ok(Ok(Reservation { keys }))
}

async fn reserve_one(
    state: &AppState,
    key: &str,
    policy: &Policy,
    now: DateTime<Utc>,
) -> ApiResult<Result<(), u64>> {
    for _ in 0..ROUNDS {
        let s = auth_store::throttle_row(&state.db, key, now).await?;
        match throttle::before_attempt(&s, policy, now) {
            Step::Locked(r) | Step::Full(r) => return Ok(Err(r)),
            Step::Reset(reset) => auth_store::reset_throttle(&state.db, key, reset, now).await?,
            Step::Reserve => {
                if auth_store::reserve_attempt(&state.db, key, policy.threshold, now).await? {
                    return Ok(Ok(()));
                }
            }
        }
    }
    Ok(Err(
        throttle::lock_length(policy, 0).num_seconds().max(1) as u64
    ))
}

impl Reservation {
    /// The password was wrong: the reservations stay counted; a key that has
    /// used up its attempts is locked. Returns the longest lock now on any of
    /// the keys (this attempt's or a concurrent one's).
    pub async fn failed(self, state: &AppState, now: DateTime<Utc>) -> ApiResult<Option<u64>> {
        let mut longest = None;
        for (key, policy) in &self.keys.0 {
            let mut s = auth_store::throttle_row(&state.db, key, now).await?;
            if let Some(until) = throttle::lock_after_failure(&s, policy, now) {
                auth_store::lock_throttle(&state.db, key, s.lockouts, policy.threshold, until)
                    .await?;
                s = auth_store::throttle_row(&state.db, key, now).await?;
            }
            if let Some(r) = throttle::remaining_lock(Some(&s), now) {
                longest = Some(longest.map_or(r, |l: u64| l.max(r)));
            }
        }
        Ok(longest)
    }

    /// No check happened (no password worker was free): every reservation
    /// is given back.
    pub async fn cancel(self, state: &AppState) -> ApiResult<()> {
        for (key, _) in &self.keys.0 {
            auth_store::release_attempt(&state.db, key).await?;
        }
        Ok(())
    }

    /// The password was right: the account keys forget their attempts; the
    /// address key gets this one back (a school behind one NAT address signs
    /// in many times a day).
    pub async fn succeeded(self, state: &AppState) -> ApiResult<()> {
        let mut clear = vec![];
        for (key, _) in self.keys.0 {
            if key.starts_with("i:") {
                auth_store::release_attempt(&state.db, &key).await?;
            } else {
                clear.push(key);
            }
        }
        auth_store::clear_throttles(&state.db, &clear).await
    }
}

/// The error for a refusal.
pub fn too_many(r: &Refused) -> ApiError {
    ApiError::TooManyAttempts {
        retry_after: r.retry_after,
    }
}
