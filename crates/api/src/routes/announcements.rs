//! Platform announcements (e.g. a typhoon day off): public while visible;
//! written by platform admins only.

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::http::responses::{found, private_json};
use crate::rules::input::announcements::{self as input, ValidAnnouncement};
use crate::state::State;
use crate::storage::announcements as store;
use actix_web::{HttpResponse, delete, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{Announcement, AnnouncementInput};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(visible)
        .service(manage_list)
        .service(create)
        .service(update)
        .service(remove);
}

/// Announcements visible now. The cache lifetime ends at the next time one
/// appears or disappears.
#[utoipa::path(tag = "announcements", responses(
    (status = 200, description = "Visible announcements, newest first", body = Vec<Announcement>),
))]
#[get("/api/v1/announcements")]
pub async fn visible(state: State, req: actix_web::HttpRequest) -> ApiResult<HttpResponse> {
    let n = crate::http::public_cache::visible_notices(&state).await?;
    Ok(crate::http::responses::public_response(
        &req,
        &state,
        n.body,
        &n.etag,
        n.content_type,
        n.until,
    ))
}

/// Every announcement, scheduled and expired too (platform admins).
#[utoipa::path(tag = "announcements", security(("bearer" = [])), responses(
    (status = 200, description = "All announcements, newest first", body = Vec<Announcement>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/manage/announcements")]
pub async fn manage_list(state: State, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let rows = store::all(&state.db).await?;
    let out: Vec<Announcement> = rows
        .iter()
        .map(crate::views::announcements::to_dto)
        .collect();
    Ok(private_json(&out))
}

/// The stored form of a checked body.
fn edit(v: ValidAnnouncement, at: chrono::NaiveDateTime) -> store::Edit {
    store::Edit {
        title: v.title,
        body: v.body,
        visible_from: v.visible_from,
        visible_until: v.visible_until,
        at,
    }
}

/// Publishes an announcement on every school's homepage (platform admins).
#[utoipa::path(tag = "announcements", security(("bearer" = [])), request_body = AnnouncementInput, responses(
    (status = 201, description = "Created", body = Announcement),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/announcements")]
pub async fn create(
    state: State,
    caller: Caller,
    body: web::Json<AnnouncementInput>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let v = input::announcement(&body).map_err(ApiError::Validation)?;
    let author = caller.author(&state);
    let row = store::create(&state.db, edit(v, author.at), &author).await?;
    Ok(HttpResponse::Created().json(crate::views::announcements::to_dto(&row)))
}

/// Replaces an announcement (platform admins).
#[utoipa::path(tag = "announcements", security(("bearer" = [])), params(("id" = i64, Path, description = "Announcement id")), request_body = AnnouncementInput, responses(
    (status = 200, description = "Updated", body = Announcement),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/api/v1/announcements/{id}")]
pub async fn update(
    state: State,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<AnnouncementInput>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let current = found(store::get(&state.db, *id).await?)?;
    let v = input::announcement(&body).map_err(ApiError::Validation)?;
    let author = caller.author(&state);
    let updated = store::update(&state.db, current, edit(v, author.at), &author).await?;
    Ok(private_json(&crate::views::announcements::to_dto(&updated)))
}

/// Deletes an announcement (platform admins).
#[utoipa::path(tag = "announcements", security(("bearer" = [])), params(("id" = i64, Path, description = "Announcement id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/api/v1/announcements/{id}")]
pub async fn remove(state: State, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    store::delete(&state.db, *id, &caller.author(&state)).await?;
    Ok(HttpResponse::NoContent().finish())
}
