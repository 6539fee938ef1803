//! Issuing, rotating and revoking a user's tokens.

use super::jwt::Claims;
use super::secrets::{random_token, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::auth as auth_store;
use crate::storage::users::{self, UserRow};
use chrono::TimeDelta;
use yass_shared_types::auth::TokenResponse;
use yass_shared_types::users::UserStatus;

/// A fresh access token and refresh token for `user`.
pub async fn issue(state: &AppState, user: &UserRow) -> ApiResult<TokenResponse> {
    let now = state.clock.now();
    let ttl = state.settings.access_token_ttl as i64;
    let claims = Claims {
        sub: user.id.to_string(),
        site: user.site_id,
        ver: user.token_version,
        iat: now.timestamp(),
        exp: now.timestamp() + ttl,
    };
    let access_token = state.jwt.issue(&claims).map_err(ApiError::internal)?;
    let refresh_token = random_token(32);
    let expires = now + TimeDelta::seconds(state.settings.refresh_token_ttl as i64);
    auth_store::insert_refresh(
        &state.db,
        user.id,
        token_hash(&refresh_token),
        now.naive_utc(),
        expires.naive_utc(),
    )
    .await?;
    Ok(TokenResponse {
        access_token,
        refresh_token,
        expires_in: ttl as u64,
        token_type: "Bearer".into(),
        must_change_password: users::status(user) == UserStatus::MustChangePassword,
    })
}

/// Exchanges a refresh token for a new pair. A token used twice means it was
/// stolen or replayed: every session of the user ends.
pub async fn refresh(
    state: &AppState,
    site_id: Option<i64>,
    token: &str,
) -> ApiResult<TokenResponse> {
    let invalid = ApiError::Unauthorized("The session has ended; sign in again.");
    let now = state.clock.now_naive();
    let row = auth_store::refresh_by_hash(&state.db, &token_hash(token))
        .await?
        .ok_or(ApiError::Unauthorized("Unknown refresh token."))?;
    if row.revoked_at.is_some() {
        // Reuse: the thief may hold access tokens from this chain too.
        auth_store::revoke_all_refresh(&state.db, row.user_id, now).await?;
        users::bump_token_version(&state.db, row.user_id).await?;
        return Err(invalid);
    }
    if row.expires_at <= now {
        return Err(invalid);
    }
    let user = users::get_for_token(&state.db, row.user_id)
        .await?
        .filter(|u| u.site_id == site_id)
        .filter(|u| users::status(u) != UserStatus::Disabled)
        .ok_or(ApiError::Unauthorized("This token is not valid here."))?;
    if !auth_store::revoke_refresh(&state.db, row.id, now).await? {
        return Err(invalid);
    }
    issue(state, &user).await
}

/// Ends one session; returns the user it belonged to, if any. The user's
/// access tokens end too (the token version goes up): an access token cannot
/// be tied to one refresh token, and one left valid after sign-out is a
/// stolen token that keeps working.
pub async fn logout(
    state: &AppState,
    site_id: Option<i64>,
    token: &str,
) -> ApiResult<Option<UserRow>> {
    let now = state.clock.now_naive();
    let Some(row) = auth_store::refresh_by_hash(&state.db, &token_hash(token)).await? else {
        return Ok(None);
    };
    let Some(user) = users::get_for_token(&state.db, row.user_id)
        .await?
        .filter(|u| u.site_id == site_id)
    else {
        return Ok(None);
    };
    auth_store::revoke_refresh(&state.db, row.id, now).await?;
    users::bump_token_version(&state.db, user.id).await?;
    Ok(Some(user))
}
