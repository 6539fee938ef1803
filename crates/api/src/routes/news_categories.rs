//! News categories: listed publicly, managed by site admins.

use crate::error::{ApiError, ApiResult};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::public_site;
use crate::rules::input;
use crate::rules::ordering::next_order;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::news_categories as store;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{Category, CategoryInput, CategoryPatch};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_categories)
        .service(create_category)
        .service(update_category)
        .service(delete_category);
}

/// The site's news categories, in order.
#[utoipa::path(tag = "news", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Vec<Category>),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/categories")]
pub async fn list_categories(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public(
        &req,
        &state,
        &s,
        "news_categories",
        "news/categories",
        || async {
            let out: Vec<Category> = store::list(&state.db, s.site_id())
                .await?
                .iter()
                .map(crate::views::news_categories::to_dto)
                .collect();
            Fresh::json(&out, None)
        },
    )
    .await
}

/// Creates a category (site admins). Without `order` it goes last.
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CategoryInput, responses(
    (status = 201, description = "Created", body = Category),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/news/categories")]
pub async fn create_category(
    state: State,
    ctx: SiteActor,
    body: web::Json<CategoryInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let name = input::category_name(&body.name).map_err(ApiError::Validation)?;
    let existing = store::list(&state.db, s.site_id()).await?;
    let order = body
        .order
        .unwrap_or_else(|| next_order(existing.iter().map(|c| c.sort_order)));
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let c = store::create(&tx, name, order).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::news_categories::to_dto(&c)))
}

/// Renames or reorders a category (site admins).
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), request_body = CategoryPatch, responses(
    (status = 200, description = "OK", body = Category),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/news/categories/{id}")]
pub async fn update_category(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<CategoryPatch>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let c = found(store::get(&state.db, s.site_id(), id).await?)?;
    let name = input::category_rename(body.name.as_deref()).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::update(&tx, &c, name, body.order).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::news_categories::to_dto(
        &updated,
    )))
}

/// Deletes a category; its news items stay, without a category.
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/news/categories/{id}")]
pub async fn delete_category(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    ctx.admin_changes(&state, async |tx| store::delete(tx, id).await)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
