//! Password login with throttling shared through the database.

use super::session;
use crate::error::{ApiError, ApiResult};
use crate::metrics;
use crate::rules::throttle::{self, Policy};
use crate::state::AppState;
use crate::storage::auth::{self as auth_store, NewEvent};
use crate::storage::sites::SiteRow;
use crate::storage::users::{self, UserRow};
use std::time::Instant;
use yass_shared_types::auth::{AuthEventKind, TokenResponse};
use yass_shared_types::users::UserStatus;

/// The three throttle keys of one attempt, with their policies.
fn keys(site_id: Option<i64>, account: &str, addr: &str) -> [(String, &'static Policy); 3] {
    let tenant = users::tenant_key(site_id);
    let account = account.to_lowercase();
    [
        (format!("p:{tenant}:{account}:{addr}"), &throttle::PAIR),
        (format!("a:{tenant}:{account}"), &throttle::ACCOUNT),
        (format!("i:{addr}"), &throttle::ADDRESS),
    ]
}

pub struct Attempt<'a> {
    pub site: Option<&'a SiteRow>,
    pub account: &'a str,
    pub password: &'a str,
    pub addr: &'a str,
}

pub async fn login(state: &AppState, a: Attempt<'_>) -> ApiResult<TokenResponse> {
    let started = Instant::now();
    let label = a.site.map(|s| s.slug.as_str()).unwrap_or(metrics::PLATFORM);
    let result = attempt(state, &a, label).await;
    metrics::login_duration(label, started.elapsed().as_secs_f64());
    result
}

async fn attempt(state: &AppState, a: &Attempt<'_>, label: &str) -> ApiResult<TokenResponse> {
    let site_id = a.site.map(|s| s.id);
    let now = state.clock.now();
    let keys = keys(site_id, a.account, a.addr);
    let key_names: Vec<String> = keys.iter().map(|(k, _)| k.clone()).collect();
    let states = auth_store::throttle_states(&state.db, &key_names).await?;
    let event = |kind, user_id| NewEvent {
        site_id,
        kind,
        account: a.account,
        user_id,
        client_addr: a.addr,
        at: now.naive_utc(),
    };

    // An active lock wins even over a correct password.
    let locked = states
        .iter()
        .filter_map(|(k, s)| throttle::remaining_lock(Some(s), now).map(|r| (k, r)))
        .max_by_key(|(_, r)| *r);
    if let Some((key, retry_after)) = locked {
        let (kind, reason) = if key.starts_with("i:") {
            (AuthEventKind::Throttled, "throttled")
        } else {
            (AuthEventKind::Locked, "locked")
        };
        auth_store::log_event(&state.db, event(kind, None)).await?;
        metrics::login_failure(label, reason);
        return Err(ApiError::TooManyAttempts { retry_after });
    }

    let user = users::by_account(&state.db, site_id, a.account.trim()).await?;
    let failure = match &user {
        None => {
            state.passwords.verify_dummy(a.password);
            Some((AuthEventKind::UnknownAccount, "unknown_account", None))
        }
        Some(u) => {
            let ok = state.passwords.verify(a.password, &u.password_hash);
            if !ok {
                Some((AuthEventKind::WrongPassword, "wrong_password", Some(u.id)))
            } else if users::status(u) == UserStatus::Disabled {
                Some((AuthEventKind::Disabled, "wrong_password", Some(u.id)))
            } else {
                None
            }
        }
    };

    if let Some((kind, reason, user_id)) = failure {
        auth_store::log_event(&state.db, event(kind, user_id)).await?;
        metrics::login_failure(label, reason);
        let retry_after = record_failure(state, &keys, &states, now).await?;
        if let Some(retry_after) = retry_after {
            auth_store::log_event(&state.db, event(AuthEventKind::Locked, user_id)).await?;
            return Err(ApiError::TooManyAttempts { retry_after });
        }
        return Err(ApiError::InvalidCredentials);
    }

    let user: UserRow = user.expect("checked above");
    auth_store::clear_throttles(&state.db, &key_names[..2]).await?;
    let mut active = users::active(&user);
    active.last_login_at = sea_orm::Set(Some(now.naive_utc()));
    sea_orm::ActiveModelTrait::update(active, &state.db).await?;
    auth_store::log_event(&state.db, event(AuthEventKind::Login, Some(user.id))).await?;
    session::issue(state, &user).await
}

/// Counts one failure on every key; returns the lock length if one started.
async fn record_failure(
    state: &AppState,
    keys: &[(String, &'static Policy); 3],
    states: &[(String, throttle::State)],
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Option<u64>> {
    let mut lock = None;
    for (key, policy) in keys {
        let old = states.iter().find(|(k, _)| k == key).map(|(_, s)| *s);
        let new = throttle::after_failure(old, policy, now);
        auth_store::save_throttle(&state.db, key, &new).await?;
        if let Some(r) = throttle::remaining_lock(Some(&new), now) {
            lock = Some(lock.map_or(r, |l: u64| l.max(r)));
        }
    }
    Ok(lock)
}
