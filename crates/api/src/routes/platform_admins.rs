//! Platform admins: the city's administrators, users of no site. They list,
//! add and disable each other (never themselves, never the last one) and
//! change their own password.

use crate::auth::caller::Caller;
use crate::auth::session;
use crate::error::{ApiError, ApiResult};
use crate::http::responses::private_json;
use crate::rules::platform_admins as rule;
use crate::state::State;
use crate::storage::users::{self as store, PlatformEdit};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::auth::{ChangePasswordRequest, TokenResponse};
use yass_shared_types::problem::Problem;
use yass_shared_types::users::{CreateUser, UpdatePlatformAdmin, User};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_platform_admins)
        .service(create_platform_admin)
        .service(update_platform_admin)
        .service(change_own_platform_password);
}

/// Every platform admin (platform admins).
#[utoipa::path(tag = "users", security(("bearer" = [])), responses(
    (status = 200, description = "OK", body = Vec<User>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/platform-admins")]
pub async fn list_platform_admins(state: State, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let out: Vec<User> = store::platform_list(&state.db)
        .await?
        .iter()
        .map(|u| crate::views::users::to_dto(u, vec![]))
        .collect();
    Ok(private_json(&out))
}

/// Adds a platform admin (platform admins).
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = CreateUser, responses(
    (status = 201, description = "Created", body = User),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Every password worker is busy; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/platform-admins")]
pub async fn create_platform_admin(
    state: State,
    caller: Caller,
    body: web::Json<CreateUser>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let author = caller.author(&state);
    let u = crate::operations::users::create(&state, None, body.into_inner(), author).await?;
    Ok(HttpResponse::Created().json(crate::views::users::to_dto(&u, vec![])))
}

/// Renames, disables or enables a platform admin (platform admins). Nobody
/// can disable themselves or the last active platform admin (409).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path, description = "User id")), request_body = UpdatePlatformAdmin, responses(
    (status = 200, description = "OK", body = User),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Would disable yourself or the last active platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/api/v1/platform-admins/{id}")]
pub async fn update_platform_admin(
    state: State,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<UpdatePlatformAdmin>,
) -> ApiResult<HttpResponse> {
    let me = caller.require_platform_admin()?.id;
    let display_name = crate::rules::input::users::profile(body.display_name.as_deref(), None)
        .map_err(ApiError::Validation)?
        .display_name;
    let status = body.status;
    let edit = PlatformEdit {
        display_name,
        status,
    };
    let updated = store::platform_update(
        &state.db,
        id.into_inner(),
        edit,
        &caller.author(&state),
        |target, others_active| match status {
            Some(st) => rule::status_change(me, target.id, st, others_active)
                .map_err(|m| ApiError::Conflict(m.into())),
            None => Ok(()),
        },
    )
    .await?;
    Ok(private_json(&crate::views::users::to_dto(&updated, vec![])))
}

/// A platform admin changes their own password: every other session ends,
/// new tokens are returned.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = ChangePasswordRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many wrong passwords (the sign-in throttle); see Retry-After", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Every password worker is busy; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/auth/me/password")]
pub async fn change_own_platform_password(
    state: State,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    // Not `require_platform_admin`: this is the route a platform admin
    // whose password must be changed first may use.
    if matches!(caller.identity, crate::auth::caller::Identity::Anonymous) {
        return Err(ApiError::Unauthorized("Sign in first."));
    }
    let u = caller.platform_admin().ok_or(ApiError::Forbidden)?.clone();
    crate::routes::me::check_current_password(
        &state,
        &req,
        &caller.addr,
        None,
        &u,
        &body.current_password,
    )
    .await?;
    crate::rules::input::users::new_own_password(&body.current_password, &body.new_password)
        .map_err(ApiError::Validation)?;
    let hash = state.passwords.hash(&body.new_password).await?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let updated = store::platform_set_own_password(&txn, &u, hash, &caller.author(&state)).await?;
    txn.commit().await?;
    let tokens: TokenResponse = session::issue(&state, &updated).await?;
    Ok(private_json(&tokens))
}
