//! The group tree of a site.

use crate::error::{ApiError, ApiResult};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::rules::group_tree::{Node, Tree};
use crate::rules::input::groups as group_input;
use crate::rules::ordering::next_order;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::groups::{self as store, NewGroup};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::problem::Problem;
use yass_shared_types::users::{CreateGroup, Group, UpdateGroup};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_groups)
        .service(create_group)
        .service(update_group)
        .service(delete_group);
}

fn tree(rows: &[store::GroupRow]) -> Tree {
    Tree::new(rows.iter().map(|g| Node {
        id: g.id,
        parent_id: g.parent_id,
    }))
}

/// The site's groups, flat, ordered; `parent_id` gives the tree.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Vec<Group>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/groups")]
pub async fn list_groups(state: State, ctx: SiteActor) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_manage_view()?;
    let rows = store::list(&state.db, s.site_id()).await?;
    let counts = store::member_counts(&state.db, s.site_id()).await?;
    let out: Vec<Group> = rows
        .iter()
        .map(|g| crate::views::groups::to_dto(g, counts.get(&g.id).copied().unwrap_or(0)))
        .collect();
    Ok(private_json(&out))
}

/// Creates a group (site admins).
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CreateGroup, responses(
    (status = 201, description = "Created", body = Group),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/groups")]
pub async fn create_group(
    state: State,
    ctx: SiteActor,
    body: web::Json<CreateGroup>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    let rows = store::list(&state.db, s.site_id()).await?;
    let v = group_input::new_group(&body, &tree(&rows)).map_err(ApiError::Validation)?;
    let order = v.order.unwrap_or_else(|| {
        next_order(
            rows.iter()
                .filter(|g| g.parent_id == v.parent_id)
                .map(|g| g.sort_order),
        )
    });
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let g = store::create(
        &tx,
        NewGroup {
            name: v.name,
            kind: v.kind,
            parent_id: v.parent_id,
            order,
            at: state.clock.now_naive(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::groups::to_dto(&g, 0)))
}

/// Renames, changes the kind, reorders or moves a group. A move under the
/// group itself or one of its descendants is refused.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), request_body = UpdateGroup, responses(
    (status = 200, description = "OK", body = Group),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/groups/{id}")]
pub async fn update_group(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<UpdateGroup>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    let rows = store::list(&state.db, s.site_id()).await?;
    let g = found(rows.iter().find(|g| g.id == id).cloned())?;
    let changes =
        group_input::group_changes(id, &body, &tree(&rows)).map_err(ApiError::Validation)?;
    group_input::archive_allowed(store::kind(&g), changes.archived)
        .map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::update(&tx, &g, changes).await?;
    tx.commit().await?;
    let counts = store::member_counts(&state.db, s.site_id()).await?;
    Ok(private_json(&crate::views::groups::to_dto(
        &updated,
        counts.get(&id).copied().unwrap_or(0),
    )))
}

/// Deletes a group that nothing refers to. A group still in a page's read
/// or edit list, owning news or links, with members or sub-groups is 409
/// `group_in_use` with the references listed: deleting it would silently
/// change who may read or edit.
#[utoipa::path(tag = "groups", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Still referred to (`group_in_use`, with `references`)", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/groups/{id}")]
pub async fn delete_group(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    found(store::get(&state.db, s.site_id(), id).await?)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::delete(&tx, id).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
