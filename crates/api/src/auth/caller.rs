//! Who is calling: read from the Authorization header on every request, with
//! the user's status and token version checked against the database.

use crate::auth::client_addr::client_addr;
use crate::auth::secrets::{API_TOKEN_PREFIX, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::rules::permissions::Rights;
use crate::state::AppState;
use crate::storage::entities::api_tokens;
use crate::storage::sites::SiteRow;
use crate::storage::users::{self, UserRow};
use crate::storage::{auth, groups};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::Future;
use std::pin::Pin;
use yass_shared_types::auth::TokenScope;
use yass_shared_types::users::UserStatus;

pub enum Identity {
    Anonymous,
    /// A site user or (when `site_id` is None) a platform admin.
    User(UserRow),
    ApiToken(api_tokens::Model),
}

pub struct Caller {
    pub identity: Identity,
    /// The client address used for throttling and the auth log.
    pub addr: String,
}

/// A caller as seen by one site: who, and what they may do there.
pub struct Actor {
    pub user: Option<UserRow>,
    pub rights: Rights,
}

impl Actor {
    pub fn user_id(&self) -> Option<i64> {
        self.user.as_ref().map(|u| u.id)
    }

    pub fn require_admin(&self) -> ApiResult<()> {
        if self.rights.can_administer() {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    pub fn require_manage_view(&self) -> ApiResult<()> {
        if self.user.is_some() || self.rights.site_admin {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    /// 401 for anonymous callers, 403 for signed-in ones.
    pub fn denied(&self) -> ApiError {
        if self.user.is_none() && !self.rights.site_admin {
            ApiError::Unauthorized("Sign in first.")
        } else {
            ApiError::Forbidden
        }
    }
}

impl Caller {
    pub fn platform_admin(&self) -> Option<&UserRow> {
        match &self.identity {
            Identity::User(u) if u.site_id.is_none() => Some(u),
            _ => None,
        }
    }

    pub fn require_platform_admin(&self) -> ApiResult<&UserRow> {
        match &self.identity {
            Identity::Anonymous => Err(ApiError::Unauthorized("Sign in first.")),
            _ => self.platform_admin().ok_or(ApiError::Forbidden),
        }
    }

    /// Rights on `site`. A token issued for another site is 401: it does not
    /// authenticate anyone here.
    pub async fn actor(&self, state: &AppState, site: &SiteRow) -> ApiResult<Actor> {
        match &self.identity {
            Identity::Anonymous => Ok(Actor {
                user: None,
                rights: Rights::default(),
            }),
            Identity::User(u) if u.site_id.is_none() => Ok(Actor {
                user: Some(u.clone()),
                rights: Rights::platform_admin(),
            }),
            Identity::User(u) if u.site_id == Some(site.id) => {
                if users::status(u) == UserStatus::MustChangePassword {
                    return Err(ApiError::PasswordChangeRequired);
                }
                let rights = user_rights(state, site.id, u.id).await?;
                Ok(Actor {
                    user: Some(u.clone()),
                    rights,
                })
            }
            Identity::ApiToken(t) if t.site_id == site.id => Ok(Actor {
                user: None,
                rights: Rights::api_token(auth::scope(t) == TokenScope::Write),
            }),
            _ => Err(ApiError::Unauthorized(
                "This token is not valid for this site.",
            )),
        }
    }

    /// The signed-in user of `site` even if they must still change their
    /// password (for /me and the password change itself).
    pub fn site_user(&self, site: &SiteRow) -> ApiResult<&UserRow> {
        match &self.identity {
            Identity::User(u) if u.site_id == Some(site.id) => Ok(u),
            Identity::Anonymous => Err(ApiError::Unauthorized("Sign in first.")),
            _ => Err(ApiError::Unauthorized(
                "This token is not valid for this site.",
            )),
        }
    }
}

/// A user's rights on their site, read fresh from the database.
pub async fn user_rights(state: &AppState, site_id: i64, user_id: i64) -> ApiResult<Rights> {
    let site_groups = groups::list(&state.db, site_id).await?;
    let direct = users::group_ids_of(&state.db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default();
    Ok(Rights::for_user(&direct, &groups::infos(&site_groups)))
}

fn bearer(req: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("Unreadable Authorization header."))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim().to_string()))
        }
        _ => Err(ApiError::Unauthorized("Use Authorization: Bearer <token>.")),
    }
}

async fn identify(state: &AppState, token: Option<String>) -> ApiResult<Identity> {
    let Some(token) = token else {
        return Ok(Identity::Anonymous);
    };
    if token.starts_with(API_TOKEN_PREFIX) {
        let t = auth::api_token_by_hash(&state.db, &token_hash(&token))
            .await?
            .ok_or(ApiError::Unauthorized("Unknown or revoked API token."))?;
        auth::touch_api_token(&state.db, t.id, state.clock.now_naive()).await?;
        return Ok(Identity::ApiToken(t));
    }
    let claims = state
        .jwt
        .verify(&token, state.clock.now().timestamp())
        .ok_or(ApiError::Unauthorized("Invalid or expired token."))?;
    let user_id: i64 = claims
        .sub
        .parse()
        .map_err(|_| ApiError::Unauthorized("Invalid token subject."))?;
    let user = users::get_for_token(&state.db, user_id)
        .await?
        .filter(|u| u.site_id == claims.site)
        .filter(|u| u.token_version == claims.ver)
        .filter(|u| users::status(u) != UserStatus::Disabled)
        .ok_or(ApiError::Unauthorized(
            "The session has ended; sign in again.",
        ))?;
    Ok(Identity::User(user))
}

pub fn request_addr(req: &HttpRequest, state: &AppState) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let xff = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    client_addr(peer, xff, &state.settings.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = ApiResult<Self>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("state missing"))?
                .clone();
            let token = bearer(&req)?;
            let identity = identify(&state, token).await?;
            Ok(Caller {
                identity,
                addr: request_addr(&req, &state),
            })
        })
    }
}
