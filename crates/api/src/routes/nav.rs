//! Navigation (導覽列). Visitors get the visible tree minus pages they may
//! not read; site admins manage the whole tree under `/manage/nav`.

use crate::auth::caller::{Actor, Caller};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::rules::input::nav::{self as input, ChildrenChoice};
use crate::rules::nav_tree;
use crate::rules::permissions::Rights;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::nav::{self as store, NavRow};
use crate::storage::sites::SiteRow;
use crate::storage::{news_categories, pages};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{NavItem, NavItemInput, NavItemPatch, NavMove, NavTarget};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(public_nav)
        .service(manage_nav)
        .service(create_item)
        .service(update_item)
        .service(move_item)
        .service(delete_item);
}

fn require_site_admin(actor: &Actor) -> ApiResult<()> {
    // Hidden items are editor data: any site admin (also a read-only
    // integrator token) may see them.
    if actor.rights.site_admin {
        Ok(())
    } else {
        Err(actor.denied())
    }
}

/// The visible menu for this caller, nested, from one query of the items.
#[utoipa::path(tag = "nav", security((), ("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "The visible menu; restricted pages only for those who may read them", body = Vec<NavItem>),
    (status = 401, description = "The token is invalid or belongs to another site", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/nav")]
pub async fn public_nav(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = crate::http::site_lookup::public_site(&state, &req, &slug).await?;
    let actor = caller.actor(&state, &s).await?;
    // What an anonymous visitor sees is the same for all of them (and cached);
    // anything signed in may include restricted pages and must stay private.
    if actor.user.is_none() && !actor.rights.site_admin {
        let db = &state.db;
        let site_id = s.site_id();
        let mut res =
            crate::http::public_cache::cached_public_json(&req, &state, &s, "nav", || async move {
                Ok((visible_tree(db, site_id, &Rights::default()).await?, None))
            })
            .await?;
        res.headers_mut().insert(
            actix_web::http::header::VARY,
            actix_web::http::header::HeaderValue::from_static("Authorization"),
        );
        Ok(res)
    } else {
        Ok(private_json(
            &visible_tree(&state.db, s.site_id(), &actor.rights).await?,
        ))
    }
}

/// The menu as `rights` may see it, as the API shows it.
pub async fn visible_tree(
    db: &impl sea_orm::ConnectionTrait,
    site_id: crate::storage::SiteId,
    rights: &Rights,
) -> ApiResult<Vec<NavItem>> {
    Ok(crate::views::nav::to_dtos(
        crate::storage::menu::visible_to(db, site_id, rights).await?,
    ))
}

/// The whole tree, hidden items included (site admins).
#[utoipa::path(tag = "nav", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "The whole tree", body = Vec<NavItem>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/manage/nav")]
pub async fn manage_nav(state: State, ctx: SiteActor) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    require_site_admin(&actor)?;
    let rows = store::all(&state.db, s.site_id()).await?;
    Ok(private_json(&crate::views::nav::to_dtos(nav_tree::build(
        rows,
        store::node,
    ))))
}

/// Checks a target: its link (a rule), and that a page or news category
/// it names is this site's.
async fn check_target(
    state: &State,
    s: &SiteRow,
    t: &NavTarget,
    e: &mut FieldErrors,
) -> ApiResult<NavTarget> {
    let t = input::target(t, e);
    Ok(match &t {
        NavTarget::Page { page_id } => {
            if pages::existing_ids(&state.db, s.site_id(), &[*page_id])
                .await?
                .is_empty()
            {
                e.add("target.page_id", "No such page on this site.");
            }
            t
        }
        NavTarget::News {
            category_id: Some(c),
        } => {
            if news_categories::get(&state.db, s.site_id(), *c)
                .await?
                .is_none()
            {
                e.add("target.category_id", "No such news category on this site.");
            }
            t
        }
        _ => t,
    })
}

/// Where an item may go, checked against the stored tree.
fn check_parent(rows: &[NavRow], id: Option<i64>, parent: Option<i64>, e: &mut FieldErrors) {
    let submenus: Vec<i64> = rows
        .iter()
        .filter(|r| r.target_type == "submenu")
        .map(|r| r.id)
        .collect();
    input::parent(&store::nodes(rows), &submenus, id, parent, e);
}

fn position(order: Option<i32>) -> usize {
    order
        .and_then(|o| usize::try_from(o).ok())
        .unwrap_or(usize::MAX)
}

/// Adds an item (site admins). `order` is its position among its siblings
/// (default last).
#[utoipa::path(tag = "nav", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = NavItemInput, responses(
    (status = 201, description = "Created", body = NavItem),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/nav")]
pub async fn create_item(
    state: State,
    ctx: SiteActor,
    body: web::Json<NavItemInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let mut e = FieldErrors::new();
    let name = input::name(&body.name, &mut e);
    let accessible_name = input::accessible_name(body.accessible_name.as_deref(), &mut e);
    let target = check_target(&state, &s, &body.target, &mut e).await?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let rows = store::all(tx.reads(), s.site_id()).await?;
    check_parent(&rows, None, body.parent_id, &mut e);
    e.into_result()?;
    let row = store::insert(
        &tx,
        &rows,
        body.parent_id,
        position(body.order),
        store::ItemFields {
            name,
            accessible_name,
            target,
            visible: body.visible,
        },
    )
    .await?;
    let rows = store::all(tx.reads(), s.site_id()).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::nav::item(rows, row.id)))
}

/// Renames, retargets, shows or hides an item (site admins).
#[utoipa::path(tag = "nav", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Item id")), request_body = NavItemPatch, responses(
    (status = 200, description = "Updated", body = NavItem),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/nav/{id}")]
pub async fn update_item(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<NavItemPatch>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let rows = store::all(&state.db, s.site_id()).await?;
    let current = found(rows.iter().find(|r| r.id == id).cloned())?;
    let mut changes = store::ItemChanges::default();
    let mut e = FieldErrors::new();
    changes.name = body.name.as_deref().map(|n| input::name(n, &mut e));
    changes.accessible_name = input::accessible_name_change(&body.accessible_name, &mut e);
    if let Some(t) = &body.target {
        let t = check_target(&state, &s, t, &mut e).await?;
        input::retarget(&t, rows.iter().any(|r| r.parent_id == Some(id)), &mut e);
        changes.target = Some(t);
    }
    changes.visible = body.visible;
    e.into_result()?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::update(&tx, &current, changes).await?;
    let rows = store::all(tx.reads(), s.site_id()).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::nav::item(rows, id)))
}

/// Moves an item (with its sub-items) under `parent_id` at `position`.
/// Moving under itself or its own descendant, or past the depth limit, is 422.
#[utoipa::path(tag = "nav", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Item id")), request_body = NavMove, responses(
    (status = 200, description = "The whole tree after the move", body = Vec<NavItem>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A cycle, too deep, or not a submenu", body = Problem, content_type = "application/problem+json"),
))]
#[post("/nav/{id}/move")]
pub async fn move_item(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<NavMove>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let rows = store::all(tx.reads(), s.site_id()).await?;
    let current = found(rows.iter().find(|r| r.id == id).cloned())?;
    let mut e = FieldErrors::new();
    check_parent(&rows, Some(id), body.parent_id, &mut e);
    e.into_result()?;
    let pos = usize::try_from(body.position).unwrap_or(usize::MAX);
    store::move_item(&tx, &rows, &current, body.parent_id, pos).await?;
    let rows = store::all(tx.reads(), s.site_id()).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::nav::to_dtos(nav_tree::build(
        rows,
        store::node,
    ))))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteQuery {
    /// Required when the item has sub-items: `delete` or `lift`.
    pub children: Option<String>,
}

/// Deletes an item. An item with sub-items needs `?children=delete|lift`.
#[utoipa::path(tag = "nav", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Item id"), DeleteQuery), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The item has sub-items and no (or an unknown) `children` choice", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/nav/{id}")]
pub async fn delete_item(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    q: web::Query<DeleteQuery>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let rows = store::all(tx.reads(), s.site_id()).await?;
    let current = found(rows.iter().find(|r| r.id == id).cloned())?;
    let has_children = rows.iter().any(|r| r.parent_id == Some(id));
    let choice = input::children_choice(q.children.as_deref(), has_children)
        .map_err(ApiError::Validation)?;
    match (has_children, choice) {
        (true, Some(ChildrenChoice::Lift)) => {
            store::delete_lifting_children(&tx, &rows, &current).await?;
        }
        _ => store::delete_with_descendants(&tx, &rows, &current).await?,
    }
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
