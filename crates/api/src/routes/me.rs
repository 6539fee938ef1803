//! The signed-in user: profile, groups, effective rights, password change.

use crate::auth::caller::{Caller, user_rights};
use crate::auth::{attempts, login, session};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::responses::private_json;
use crate::http::site_lookup::site;
use crate::rules::account;
use crate::rules::input::users as user_input;
use crate::state::State;
use crate::storage::auth::{self as auth_store, NewEvent};
use crate::storage::users::UserEdit;
use crate::storage::{SiteTx, groups, users};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::auth::{AuthEventKind, ChangePasswordRequest, TokenResponse};
use yass_shared_types::problem::Problem;
use yass_shared_types::users::Me;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_me)
        .service(update_me)
        .service(change_password);
}

/// The signed-in user with their groups and effective rights.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Me),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn get_me(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let u = caller.site_user(&s)?;
    Ok(private_json(&me(&state, s.site_id(), u).await?))
}

pub async fn me(
    state: &State,
    site_id: crate::storage::SiteId,
    u: &users::UserRow,
) -> ApiResult<Me> {
    let rights = user_rights(state, site_id, u.id).await?;
    let direct = users::group_ids_of(&state.db, site_id, &[u.id])
        .await?
        .remove(&u.id)
        .unwrap_or_default();
    let all = groups::list(&state.db, site_id).await?;
    let counts = groups::member_counts(&state.db, site_id).await?;
    Ok(crate::views::users::me(
        u,
        direct,
        &all,
        |g| counts.get(&g).copied().unwrap_or(0),
        &rights,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfile {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    )]
    pub display_name: Option<String>,
    #[schema(
        pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@.\s\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@.\s\x00-\x1F\x7F-\x9F]$"
    )]
    pub emails: Option<Vec<String>>,
}

/// Edits one's own display name and e-mail addresses.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = UpdateProfile, responses(
    (status = 200, description = "OK", body = Me),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/me")]
pub async fn update_me(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<UpdateProfile>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let u = caller.site_user(&s)?.clone();
    let v = user_input::profile(body.display_name.as_deref(), body.emails.as_deref())
        .map_err(ApiError::Validation)?;
    let edit = UserEdit {
        display_name: v.display_name,
        emails: v.emails,
        ..Default::default()
    };
    let tx = SiteTx::begin(&state.db, s.site_id(), caller.author(&state)).await?;
    let updated = users::update(&tx, &u, edit, state.clock.now_naive()).await?;
    tx.commit().await?;
    Ok(private_json(&me(&state, s.site_id(), &updated).await?))
}

/// Re-authentication goes through the sign-in throttle: the same keys (the
/// user's device, or pair + account + address), an attempt reserved before
/// the check, so a stolen session cannot guess the password unthrottled.
pub(crate) async fn check_current_password(
    state: &State,
    req: &HttpRequest,
    addr: &str,
    site_id: Option<i64>,
    u: &users::UserRow,
    password: &str,
) -> ApiResult<()> {
    account::password_in_bounds(password)
        .map_err(|m| FieldErrors::single("current_password", m))?;
    let now = state.clock.now();
    let event = |kind| NewEvent {
        site_id,
        kind,
        account: &u.account,
        user_id: Some(u.id),
        client_addr: addr,
        at: now.naive_utc(),
    };
    let cookie = |name: &str| req.cookie(name).map(|c| c.value().to_string());
    let keys = login::keys_for(state, site_id, &u.account, Some(u), addr, &cookie);
    let reservation = match attempts::reserve(state, keys, now).await? {
        Ok(r) => r,
        Err(refused) => {
            auth_store::log_event(&state.db, event(login::refusal_kind(&refused).0)).await?;
            return Err(attempts::too_many(&refused));
        }
    };
    let ok = match state.passwords.verify(password, &u.password_hash).await {
        Ok(ok) => ok,
        Err(e) => {
            reservation.cancel(state).await?;
            return Err(e);
        }
    };
    if ok {
        return reservation.succeeded(state).await;
    }
    auth_store::log_event(&state.db, event(AuthEventKind::WrongPassword)).await?;
    if let Some(retry_after) = reservation.failed(state, now).await? {
        auth_store::log_event(&state.db, event(AuthEventKind::Locked)).await?;
        return Err(ApiError::TooManyAttempts { retry_after });
    }
    Err(FieldErrors::single(
        "current_password",
        "The current password is wrong.",
    ))
}

/// Changes one's password: every other session ends, new tokens are returned.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = ChangePasswordRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many wrong passwords (the sign-in throttle); see Retry-After", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Every password worker is busy; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/password")]
pub async fn change_password(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let u = caller.site_user(&s)?.clone();
    check_current_password(
        &state,
        &req,
        &caller.addr,
        Some(s.id),
        &u,
        &body.current_password,
    )
    .await?;
    user_input::new_own_password(&body.current_password, &body.new_password)
        .map_err(ApiError::Validation)?;
    let hash = state.passwords.hash(&body.new_password).await?;
    let now = state.clock.now_naive();
    // The new tokens carry the token version read back inside the same
    // transaction.
    let tx = SiteTx::begin(&state.db, s.site_id(), caller.author(&state)).await?;
    let updated = users::set_own_password(&tx, &u, hash, &caller.addr, now).await?;
    tx.commit().await?;
    let tokens = session::issue(&state, &updated).await?;
    Ok(private_json(&tokens))
}
