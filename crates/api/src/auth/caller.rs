//! Who is calling: read from the Authorization header on every request, with
//! the user's status and token version checked against the database.

use crate::auth::client_addr::client_addr;
use crate::auth::secrets::{API_TOKEN_PREFIX, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::rules::api_tokens as token_rules;
use crate::rules::permissions::Rights;
use crate::state::AppState;
use crate::storage::api_tokens::{self, TokenRow};
use crate::storage::audit::Author;
use crate::storage::groups;
use crate::storage::sites::SiteRow;
use crate::storage::users::{self, UserRow};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::Future;
use std::pin::Pin;
use yass_shared_types::users::UserStatus;

pub enum Identity {
    Anonymous,
    /// A site user or (when `site_id` is None) a platform admin.
    User(UserRow),
    /// An integrator's token and its owner, checked (live, same site, not
    /// disabled) when the request came in.
    ApiToken {
        token: TokenRow,
        owner: UserRow,
    },
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
    /// Who their writes are recorded as in the audit log.
    pub author: Author,
}

impl Actor {
    /// The author of this actor's writes (for a site transaction).
    pub fn author(&self) -> Author {
        self.author.clone()
    }

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

    /// Users, groups, API tokens, the auth log.
    pub fn require_access_admin(&self) -> ApiResult<()> {
        if self.rights.can_manage_access() {
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

    /// A platform admin who may act: one whose password must be changed
    /// first may only change it (`platform_admin` is for that route).
    pub fn require_platform_admin(&self) -> ApiResult<&UserRow> {
        match &self.identity {
            Identity::Anonymous => Err(ApiError::Unauthorized("Sign in first.")),
            _ => match self.platform_admin() {
                Some(u) if users::status(u) == UserStatus::MustChangePassword => {
                    Err(ApiError::PasswordChangeRequired)
                }
                Some(u) => Ok(u),
                None => Err(ApiError::Forbidden),
            },
        }
    }

    /// Rights on `site`. A token issued for another site is 401: it does not
    /// authenticate anyone here.
    pub async fn actor(&self, state: &AppState, site: &SiteRow) -> ApiResult<Actor> {
        let author = self.author(state);
        match &self.identity {
            Identity::Anonymous => Ok(Actor {
                user: None,
                rights: Rights::default(),
                author,
            }),
            Identity::User(u) if u.site_id.is_none() => Ok(Actor {
                user: Some(u.clone()),
                rights: Rights::platform_admin(),
                author,
            }),
            Identity::User(u) if u.site_id == Some(site.id) => {
                if users::status(u) == UserStatus::MustChangePassword {
                    return Err(ApiError::PasswordChangeRequired);
                }
                let rights = user_rights(state, site.site_id(), u.id).await?;
                Ok(Actor {
                    user: Some(u.clone()),
                    rights,
                    author,
                })
            }
            // The owner's rights now, capped by the scope: a demoted owner's
            // token loses what the owner lost, at once.
            Identity::ApiToken { token, owner } if token.site_id == site.id => {
                let owner_rights = user_rights(state, site.site_id(), owner.id).await?;
                Ok(Actor {
                    user: Some(owner.clone()),
                    rights: Rights::api_token(owner_rights, api_tokens::scope(token)),
                    author,
                })
            }
            _ => Err(ApiError::Unauthorized(
                "This token is not valid for this site.",
            )),
        }
    }

    /// Who this caller's writes are recorded as: the user (a token's
    /// owner, with the token), from this address, now.
    pub fn author(&self, state: &AppState) -> Author {
        let (user, token_id) = match &self.identity {
            Identity::Anonymous => (None, None),
            Identity::User(u) => (Some(u), None),
            Identity::ApiToken { token, owner } => (Some(owner), Some(token.id)),
        };
        Author {
            user_id: user.map(|u| u.id),
            token_id,
            name: user.map_or_else(|| "anonymous".to_string(), |u| u.account.clone()),
            client_addr: Some(self.addr.clone()),
            at: state.clock.now_naive(),
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
pub async fn user_rights(
    state: &AppState,
    site_id: crate::storage::SiteId,
    user_id: i64,
) -> ApiResult<Rights> {
    // An archived group grants nothing: neither its members nor, through
    // it, the members of groups below it.
    let active: Vec<_> = groups::list(&state.db, site_id)
        .await?
        .into_iter()
        .filter(|g| g.archived_at.is_none())
        .collect();
    let mut direct = users::group_ids_of(&state.db, site_id, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default();
    direct.retain(|g| active.iter().any(|a| a.id == *g));
    Ok(Rights::for_user(&direct, &groups::infos(&active)))
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
        return api_token_identity(state, &token).await;
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

/// A token works while it is unrevoked, unexpired and its owner is an
/// enabled user of the token's site; anything else is 401.
async fn api_token_identity(state: &AppState, secret: &str) -> ApiResult<Identity> {
    let now = state.clock.now_naive();
    let t = api_tokens::by_hash(&state.db, &token_hash(secret))
        .await?
        .ok_or(ApiError::Unauthorized("Unknown or revoked API token."))?;
    if !token_rules::unexpired(t.expires_at, now) {
        return Err(ApiError::Unauthorized("The API token has expired."));
    }
    let owner = match t.owner_user_id {
        Some(id) => users::get_for_token(&state.db, id).await?,
        None => None,
    }
    .filter(|u| u.site_id == Some(t.site_id))
    .filter(|u| users::status(u) != UserStatus::Disabled)
    .ok_or(ApiError::Unauthorized(
        "The API token's owner is no longer an active user.",
    ))?;
    if token_rules::should_touch(t.last_used_at, now) {
        api_tokens::touch(&state.db, t.id, now).await?;
    }
    Ok(Identity::ApiToken { token: t, owner })
}

pub fn request_addr(req: &HttpRequest, state: &AppState) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let xff = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    client_addr(peer, xff, &state.settings.trusted_proxies)
        .map_or_else(|| "unknown".into(), |ip| ip.to_string())
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
