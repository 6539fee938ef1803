//! Password login. The account name is normalised and bounded before any
//! work; an attempt is reserved on its throttle keys before the password is
//! checked (auth/attempts.rs); a device that signed in before is throttled
//! on its own key only (auth/device.rs, docs/decisions/0008).

use super::attempts::{self, Keys, Refused};
use super::{device, session};
use crate::error::{ApiResult, FieldErrors};
use crate::metrics;
use crate::rules::account;
use crate::state::AppState;
use crate::storage::auth::{self as auth_store, NewEvent};
use crate::storage::sites::SiteRow;
use crate::storage::users::{self, UserRow};
use std::time::Instant;
use yass_shared_types::auth::{AuthEventKind, TokenResponse};
use yass_shared_types::users::UserStatus;

pub struct Attempt<'a> {
    pub site: Option<&'a SiteRow>,
    pub account: &'a str,
    pub password: &'a str,
    pub addr: &'a str,
    /// The request's cookie of the given name, if any.
    pub cookie: &'a (dyn Fn(&str) -> Option<String> + 'a),
}

pub struct SignedIn {
    pub tokens: TokenResponse,
    /// The device cookie to set: (name, value).
    pub device: (String, String),
}

pub async fn login(state: &AppState, a: Attempt<'_>) -> ApiResult<SignedIn> {
    let started = Instant::now();
    let label = a.site.map_or(metrics::PLATFORM, |s| s.slug.as_str());
    let result = attempt(state, &a, label).await;
    metrics::login_duration(label, started.elapsed().as_secs_f64());
    result
}

/// The device id proven by this request's device cookie for `user`, if any.
pub fn known_device(
    state: &AppState,
    cookie: &dyn Fn(&str) -> Option<String>,
    user: &UserRow,
) -> Option<String> {
    let tenant = users::tenant_key(user.site_id);
    let value = cookie(&device::cookie_name(tenant, user.id))?;
    device::verify(
        state.jwt.secret(),
        &value,
        tenant,
        user.id,
        state.clock.now().timestamp(),
    )
}

/// The throttle keys of a password check by `user` (if the account exists)
/// under the normalised `account`.
pub fn keys_for(
    state: &AppState,
    site_id: Option<i64>,
    account: &str,
    user: Option<&UserRow>,
    addr: &str,
    cookie: &dyn Fn(&str) -> Option<String>,
) -> Keys {
    let tenant = users::tenant_key(site_id);
    match user.and_then(|u| known_device(state, cookie, u)) {
        Some(d) => Keys::known_device(tenant, account, &d),
        None => Keys::stranger(tenant, account, addr),
    }
}

/// The auth log kind of a refusal before the password check.
pub fn refusal_kind(r: &Refused) -> (AuthEventKind, &'static str) {
    if r.by_address {
        (AuthEventKind::Throttled, "throttled")
    } else {
        (AuthEventKind::Locked, "locked")
    }
}

/// Re-hashes a yascms password with argon2id once the sign-in has been
/// answered: a legacy account's successful sign-in then takes as long as any
/// other (no telling by timing which accounts have not signed in since the
/// move). The update only replaces the very hash that was checked; if the
/// instance stops first, the next sign-in does it.
fn upgrade_after_answer(state: &AppState, user: &UserRow, password: &str) {
    let (passwords, db) = (state.passwords.clone(), state.db.clone());
    let (id, old, password) = (user.id, user.password_hash.clone(), password.to_string());
    actix_web::rt::spawn(async move {
        let upgraded = match passwords.hash(&password).await {
            Ok(h) => h,
            Err(e) => return tracing::warn!(user = id, error = %e, "legacy hash not upgraded"),
        };
        if let Err(e) = users::upgrade_legacy_hash(&db, id, &old, &upgraded).await {
            tracing::warn!(user = id, error = %e, "legacy hash not upgraded");
        }
    });
}

async fn attempt(state: &AppState, a: &Attempt<'_>, label: &str) -> ApiResult<SignedIn> {
    // Refused before any database work: no such account can exist, and an
    // over-long password would only make argon2 work.
    let name = account::parse(a.account).map_err(|m| FieldErrors::single("account", m))?;
    account::password_in_bounds(a.password).map_err(|m| FieldErrors::single("password", m))?;

    let site_id = a.site.map(|s| s.id);
    let now = state.clock.now();
    let event = |kind, user_id| NewEvent {
        site_id,
        kind,
        account: a.account,
        user_id,
        client_addr: a.addr,
        at: now.naive_utc(),
    };

    let user = users::by_account(&state.db, a.site.map(SiteRow::site_id), &name).await?;
    let keys = keys_for(state, site_id, &name, user.as_ref(), a.addr, a.cookie);
    // Counted before the password is looked at; an active lock wins even
    // over a correct password.
    let reservation = match attempts::reserve(state, keys, now).await? {
        Ok(r) => r,
        Err(refused) => {
            let (kind, reason) = refusal_kind(&refused);
            auth_store::log_event(&state.db, event(kind, None)).await?;
            metrics::login_failure(label, reason);
            return Err(attempts::too_many(&refused));
        }
    };

    // While the site holds hashes an import brought, every check costs
    // an argon2id and a legacy check (see `verify_evenly`).
    let legacy_peer = users::a_legacy_hash(&state.db, a.site.map(SiteRow::site_id)).await?;
    let checked = state
        .passwords
        .verify_evenly(
            a.password,
            user.as_ref().map(|u| u.password_hash.as_str()),
            legacy_peer.as_deref(),
        )
        .await;
    let ok = match checked {
        Ok(ok) => ok,
        Err(e) => {
            // No check happened (no free worker): the attempt is given back.
            reservation.cancel(state).await?;
            return Err(e);
        }
    };
    let failure = match &user {
        None => Some((AuthEventKind::UnknownAccount, "unknown_account", None)),
        Some(u) if !ok => Some((AuthEventKind::WrongPassword, "wrong_password", Some(u.id))),
        Some(u) if users::status(u) == UserStatus::Disabled => {
            Some((AuthEventKind::Disabled, "wrong_password", Some(u.id)))
        }
        Some(_) => None,
    };

    if let Some((kind, reason, user_id)) = failure {
        auth_store::log_event(&state.db, event(kind, user_id)).await?;
        metrics::login_failure(label, reason);
        if let Some(retry_after) = reservation.failed(state, now).await? {
            auth_store::log_event(&state.db, event(AuthEventKind::Locked, user_id)).await?;
            return Err(crate::error::ApiError::TooManyAttempts { retry_after });
        }
        return Err(crate::error::ApiError::InvalidCredentials);
    }

    // A missing user is a failure above; refusing here too keeps it closed.
    let Some(user): Option<UserRow> = user else {
        return Err(crate::error::ApiError::InvalidCredentials);
    };
    reservation.succeeded(state).await?;
    if crate::auth::password::is_legacy(&user.password_hash) {
        upgrade_after_answer(state, &user, a.password);
    }
    users::record_login(&state.db, user.id, now.naive_utc()).await?;
    auth_store::log_event(&state.db, event(AuthEventKind::Login, Some(user.id))).await?;
    let tokens = session::issue(state, &user).await?;
    let tenant = users::tenant_key(user.site_id);
    Ok(SignedIn {
        tokens,
        device: (
            device::cookie_name(tenant, user.id),
            device::issue(state.jwt.secret(), tenant, user.id, now.timestamp()),
        ),
    })
}
