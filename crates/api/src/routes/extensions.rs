//! Phone extensions (常用分機): public list with ready tap-to-call URIs;
//! writes by site admins.

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::responses::public_json;
use crate::http::responses::{found, private_json};
use crate::http::site_lookup::site;
use crate::rules::ordering::next_order;
use crate::rules::{phone, validate};
use crate::state::State;
use crate::storage::entities::extensions as entity;
use crate::storage::extensions as store;
use crate::storage::sites::bump_content_version;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use sea_orm::{ActiveModelTrait, Set, TransactionTrait};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{Extension, ExtensionInput, IdOrder};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_extensions)
        .service(create_extension)
        .service(order_extensions)
        .service(update_extension)
        .service(delete_extension);
}

fn check(body: &ExtensionInput) -> ApiResult<(String, String)> {
    let mut e = FieldErrors::new();
    let title = validate::name(&body.title, 100).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    let ext = phone::normalise_extension(&body.extension).unwrap_or_else(|m| {
        e.add("extension", m);
        String::new()
    });
    e.into_result()?;
    Ok((title, ext))
}

/// The site's extensions in order, each with its `tel:` URI.
#[utoipa::path(tag = "extensions", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "Extensions in order", body = Vec<Extension>),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/sites/{site}/extensions")]
pub async fn list_extensions(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let rows = store::list(&state.db, s.site_id()).await?;
    let out: Vec<Extension> = rows
        .iter()
        .map(|e| store::to_dto(e, s.phone.as_deref()))
        .collect();
    Ok(public_json(&req, &state, &out))
}

/// Adds an extension (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = ExtensionInput, responses(
    (status = 201, description = "Created", body = Extension),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/sites/{site}/extensions")]
pub async fn create_extension(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ExtensionInput>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    caller.actor(&state, &s).await?.require_admin()?;
    let (title, ext) = check(&body)?;
    let txn = state.db.begin().await?;
    let order = match body.order {
        Some(o) => o,
        None => next_order(
            store::list(&txn, s.site_id())
                .await?
                .iter()
                .map(|e| e.sort_order),
        ),
    };
    let now = state.clock.now_naive();
    let row = entity::ActiveModel {
        site_id: Set(s.id),
        title: Set(title),
        extension: Set(ext),
        sort_order: Set(order),
        on_homepage: Set(body.on_homepage),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    bump_content_version(&txn, s.site_id()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(store::to_dto(&row, s.phone.as_deref())))
}

/// Replaces an extension (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Extension id")), request_body = ExtensionInput, responses(
    (status = 200, description = "Updated", body = Extension),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/api/v1/sites/{site}/extensions/{id}")]
pub async fn update_extension(
    state: State,
    req: HttpRequest,
    caller: Caller,
    path: web::Path<(String, i64)>,
    body: web::Json<ExtensionInput>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let s = site(&state, &req, &slug).await?;
    caller.actor(&state, &s).await?.require_admin()?;
    let current = found(store::get(&state.db, s.site_id(), id).await?)?;
    let (title, ext) = check(&body)?;
    let mut row: entity::ActiveModel = current.clone().into();
    row.title = Set(title);
    row.extension = Set(ext);
    row.sort_order = Set(body.order.unwrap_or(current.sort_order));
    row.on_homepage = Set(body.on_homepage);
    row.updated_at = Set(state.clock.now_naive());
    let txn = state.db.begin().await?;
    let updated = row.update(&txn).await?;
    bump_content_version(&txn, s.site_id()).await?;
    txn.commit().await?;
    Ok(private_json(&store::to_dto(&updated, s.phone.as_deref())))
}

/// Puts the extensions in the given order (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = IdOrder, responses(
    (status = 200, description = "Extensions in their new order", body = Vec<Extension>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The list is not every extension exactly once", body = Problem, content_type = "application/problem+json"),
))]
#[put("/api/v1/sites/{site}/extensions/order")]
pub async fn order_extensions(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<IdOrder>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    caller.actor(&state, &s).await?.require_admin()?;
    let txn = state.db.begin().await?;
    let mut have: Vec<i64> = store::list(&txn, s.site_id())
        .await?
        .iter()
        .map(|e| e.id)
        .collect();
    let mut asked = body.ids.clone();
    have.sort_unstable();
    asked.sort_unstable();
    if have != asked {
        return Err(FieldErrors::single(
            "ids",
            "List every extension exactly once.",
        ));
    }
    store::set_orders(&txn, s.site_id(), &body.ids).await?;
    bump_content_version(&txn, s.site_id()).await?;
    txn.commit().await?;
    let rows = store::list(&state.db, s.site_id()).await?;
    let out: Vec<Extension> = rows
        .iter()
        .map(|e| store::to_dto(e, s.phone.as_deref()))
        .collect();
    Ok(private_json(&out))
}

/// Deletes an extension (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Extension id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/api/v1/sites/{site}/extensions/{id}")]
pub async fn delete_extension(
    state: State,
    req: HttpRequest,
    caller: Caller,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let s = site(&state, &req, &slug).await?;
    caller.actor(&state, &s).await?.require_admin()?;
    let txn = state.db.begin().await?;
    if store::delete(&txn, s.site_id(), id).await? != 1 {
        return Err(ApiError::NotFound);
    }
    bump_content_version(&txn, s.site_id()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
