//! Named API tokens for integrators: shown once, stored hashed, revocable,
//! expiring, owned by the user who made them (whose current rights cap the
//! token's at every request).

use crate::auth::secrets::{new_api_token, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::rules::api_tokens as rules;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::api_tokens::{self as store, NewToken};
use actix_web::{HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::auth::{ApiToken, CreateApiToken, CreatedApiToken};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_tokens)
        .service(create_token)
        .service(revoke_token);
}

/// The site's API tokens (never their secrets).
#[utoipa::path(tag = "api tokens", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Vec<ApiToken>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api-tokens")]
pub async fn list_tokens(state: State, ctx: SiteActor) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    let out: Vec<ApiToken> = store::of_site(&state.db, s.site_id())
        .await?
        .iter()
        .map(crate::views::api_tokens::to_dto)
        .collect();
    Ok(private_json(&out))
}

/// Creates a token owned by the caller; the secret is in this response only.
/// It expires after `expires_in_days` (default 90, at most 365). Only a
/// user of the site can own one: a platform admin gets 403.
#[utoipa::path(tag = "api tokens", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CreateApiToken, responses(
    (status = 201, description = "Created", body = CreatedApiToken),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api-tokens")]
pub async fn create_token(
    state: State,
    ctx: SiteActor,
    body: web::Json<CreateApiToken>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    // A platform admin belongs to no site, so cannot own a site's token.
    let owner = actor
        .user
        .as_ref()
        .filter(|u| u.site_id == Some(s.id))
        .map(|u| u.id)
        .ok_or(ApiError::Forbidden)?;
    let now = state.clock.now_naive();
    let v =
        rules::new_token(&body.name, body.expires_in_days, now).map_err(ApiError::Validation)?;
    let secret = new_api_token();
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let row = store::insert(
        &tx,
        NewToken {
            name: v.name,
            scope: body.scope,
            token_hash: token_hash(&secret),
            owner_user_id: owner,
            now,
            expires_at: v.expires_at,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(CreatedApiToken {
            token: crate::views::api_tokens::to_dto(&row),
            secret,
        }))
}

/// Revokes a token at once.
#[utoipa::path(tag = "api tokens", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Revoked"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/api-tokens/{id}")]
pub async fn revoke_token(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let revoked = store::revoke(&tx, id, state.clock.now_naive()).await?;
    tx.commit().await?;
    found(revoked.then_some(()))?;
    Ok(HttpResponse::NoContent().finish())
}
