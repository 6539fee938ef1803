//! Platform announcements (e.g. a typhoon day off): public while visible;
//! written by platform admins only.

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::responses::public_json_until;
use crate::http::responses::{found, private_json};
use crate::rules::{html, validate};
use crate::state::State;
use crate::storage::announcements as store;
use crate::storage::entities::announcements as entity;
use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
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
    let now = state.clock.now();
    let items = store::visible_announcements(&state.db, now).await?;
    let next = store::next_change(&state.db, now).await?;
    Ok(public_json_until(&req, &state, &items, next))
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
    let out: Vec<Announcement> = rows.iter().map(store::to_dto).collect();
    Ok(private_json(&out))
}

fn check(body: &AnnouncementInput) -> ApiResult<(String, String)> {
    let mut e = FieldErrors::new();
    let title = validate::name(&body.title, 200).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    // The body is rich text shown as HTML on every school's homepage: it is
    // sanitised with the news allow-list (no one school's uploads) before
    // it is stored. The length limit applies to what was sent.
    let text = body.body.trim();
    if text.chars().count() > 2000 {
        e.add("body", "At most 2000 characters.");
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        e.add("body", "Control characters are not allowed.");
    }
    if let (Some(f), Some(u)) = (body.visible_from, body.visible_until)
        && u <= f
    {
        e.add("visible_until", "The end must come after the start.");
    }
    e.into_result()?;
    Ok((title, html::sanitize_platform(text)))
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
    let (title, text) = check(&body)?;
    let now = state.clock.now_naive();
    let row = entity::ActiveModel {
        title: Set(title),
        body: Set(text),
        visible_from: Set(body.visible_from.map(|t| t.naive_utc())),
        visible_until: Set(body.visible_until.map(|t| t.naive_utc())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    // Every homepage shows announcements: their caches must notice.
    crate::storage::sites::bump_all_content_versions(&state.db).await?;
    Ok(HttpResponse::Created().json(store::to_dto(&row)))
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
    let (title, text) = check(&body)?;
    let mut row: entity::ActiveModel = current.into();
    row.title = Set(title);
    row.body = Set(text);
    row.visible_from = Set(body.visible_from.map(|t| t.naive_utc()));
    row.visible_until = Set(body.visible_until.map(|t| t.naive_utc()));
    row.updated_at = Set(state.clock.now_naive());
    let updated = row.update(&state.db).await?;
    crate::storage::sites::bump_all_content_versions(&state.db).await?;
    Ok(private_json(&store::to_dto(&updated)))
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
    let res = entity::Entity::delete_by_id(*id).exec(&state.db).await?;
    crate::storage::sites::bump_all_content_versions(&state.db).await?;
    if res.rows_affected != 1 {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}
