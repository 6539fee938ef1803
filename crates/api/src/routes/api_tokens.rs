//! Named API tokens for integrators: shown once, stored hashed, revocable.

use super::{State, found, private_json, site};
use crate::auth::caller::Caller;
use crate::auth::secrets::{new_api_token, token_hash};
use crate::error::{ApiResult, FieldErrors};
use crate::rules::validate;
use crate::storage::auth as store;
use crate::storage::entities::api_tokens as entity;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use sea_orm::{ActiveModelTrait, Set};
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
#[get("/api/v1/sites/{site}/api-tokens")]
pub async fn list_tokens(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    caller.actor(&state, &s).await?.require_admin()?;
    let out: Vec<ApiToken> = store::api_tokens_of(&state.db, s.id)
        .await?
        .iter()
        .map(store::api_token_dto)
        .collect();
    Ok(private_json(&out))
}

/// Creates a token; the secret is in this response only.
#[utoipa::path(tag = "api tokens", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CreateApiToken, responses(
    (status = 201, description = "Created", body = CreatedApiToken),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/sites/{site}/api-tokens")]
pub async fn create_token(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<CreateApiToken>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let actor = caller.actor(&state, &s).await?;
    actor.require_admin()?;
    let name = validate::name(&body.name, 100).map_err(|m| FieldErrors::single("name", m))?;
    let secret = new_api_token();
    let row = entity::ActiveModel {
        site_id: Set(s.id),
        name: Set(name),
        scope: Set(store::scope_str(body.scope).into()),
        token_hash: Set(token_hash(&secret)),
        created_by: Set(actor.user_id()),
        created_at: Set(state.clock.now_naive()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(CreatedApiToken {
            token: store::api_token_dto(&row),
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
#[delete("/api/v1/sites/{site}/api-tokens/{id}")]
pub async fn revoke_token(
    state: State,
    req: HttpRequest,
    caller: Caller,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let s = site(&state, &req, &slug).await?;
    caller.actor(&state, &s).await?.require_admin()?;
    let t = found(store::api_token(&state.db, s.id, id).await?)?;
    let mut row: entity::ActiveModel = t.into();
    row.revoked_at = Set(Some(state.clock.now_naive()));
    row.update(&state.db).await?;
    Ok(HttpResponse::NoContent().finish())
}
