//! Phone extensions (常用分機): public list with ready tap-to-call URIs;
//! writes by site admins.

use crate::error::{ApiError, ApiResult};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::reorder::reorder;
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::public_site;
use crate::rules::input::extensions::{self as input, ValidExtension};
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::extensions as store;
use crate::storage::sites::SiteRow;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
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

/// What to store from a checked body: the order is only set when asked for.
fn edit<'a>(body: &ExtensionInput, v: &'a ValidExtension, state: &State) -> store::Edit<'a> {
    store::Edit {
        title: &v.title,
        extension: &v.extension,
        order: body.order,
        on_homepage: body.on_homepage,
        at: state.clock.now_naive(),
    }
}

/// The site's extensions in order, each with its `tel:` URI.
#[utoipa::path(tag = "extensions", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "Extensions in order", body = Vec<Extension>),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/extensions")]
pub async fn list_extensions(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public(&req, &state, &s, "extensions", "extensions", || async {
        Fresh::json(&in_order(&state, &s).await?, None)
    })
    .await
}

/// The site's extensions in order, as the API shows them.
async fn in_order(state: &State, s: &SiteRow) -> ApiResult<Vec<Extension>> {
    let rows = store::list(&state.db, s.site_id()).await?;
    Ok(rows
        .iter()
        .map(|e| crate::views::extensions::to_dto(e, s.phone.as_deref()))
        .collect())
}

/// Adds an extension (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = ExtensionInput, responses(
    (status = 201, description = "Created", body = Extension),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/extensions")]
pub async fn create_extension(
    state: State,
    ctx: SiteActor,
    body: web::Json<ExtensionInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let v = input::extension(&body).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let row = store::save(&tx, None, edit(&body, &v, &state)).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::extensions::to_dto(&row, s.phone.as_deref())))
}

/// Replaces an extension (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Extension id")), request_body = ExtensionInput, responses(
    (status = 200, description = "Updated", body = Extension),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/extensions/{id}")]
pub async fn update_extension(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<ExtensionInput>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let current = found(store::get(&state.db, s.site_id(), id).await?)?;
    let v = input::extension(&body).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::save(&tx, Some(&current), edit(&body, &v, &state)).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::extensions::to_dto(
        &updated,
        s.phone.as_deref(),
    )))
}

/// Puts the extensions in the given order (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = IdOrder, responses(
    (status = 200, description = "Extensions in their new order", body = Vec<Extension>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The list is not every extension exactly once", body = Problem, content_type = "application/problem+json"),
))]
#[put("/extensions/order")]
pub async fn order_extensions(
    state: State,
    ctx: SiteActor,
    body: web::Json<IdOrder>,
) -> ApiResult<HttpResponse> {
    let s = &ctx.site;
    reorder(
        &state,
        &ctx,
        &body.ids,
        async |tx| {
            let rows = store::list(tx.reads(), s.site_id()).await?;
            Ok(rows.iter().map(|e| e.id).collect())
        },
        input::order,
        store::set_orders,
        async || in_order(&state, s).await,
    )
    .await
}

/// Deletes an extension (site admins).
#[utoipa::path(tag = "extensions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Extension id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/extensions/{id}")]
pub async fn delete_extension(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    ctx.admin_changes(&state, async |tx| store::delete(tx, id).await)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
