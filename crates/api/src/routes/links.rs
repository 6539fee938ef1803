//! Links (好站連結): public lists, and writes by site admins or by staff for
//! links owned by their groups. Categories and order: site admins.

use crate::auth::caller::Actor;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::reorder::reorder;
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::public_site;
use crate::rules::input::links::{self as input, LinkFields};
use crate::rules::permissions::GroupInfo;
use crate::state::State;
use crate::storage::sites::SiteRow;
use crate::storage::{SiteTx, groups, links as store};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{
    IdOrder, Link, LinkCategory, LinkCategoryInput, LinkCategoryPatch, LinkInput,
};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_links)
        .service(homepage_links)
        .service(order_homepage_links)
        .service(create_link)
        .service(update_link)
        .service(delete_link)
        .service(create_link_category)
        .service(order_categories)
        .service(update_link_category)
        .service(delete_link_category)
        .service(order_links);
}

/// Every category, in order, with its links in order.
#[utoipa::path(tag = "links", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "Categories with their links", body = Vec<LinkCategory>),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/links")]
pub async fn list_links(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public(&req, &state, &s, "links", "links", || async {
        Fresh::json(&categories_with_links(&state, s.site_id()).await?, None)
    })
    .await
}

/// Every category of the site in order, each with its links in order.
async fn categories_with_links(
    state: &State,
    site_id: crate::storage::SiteId,
) -> ApiResult<Vec<LinkCategory>> {
    let cats = store::categories(&state.db, site_id).await?;
    let links = store::all_links(&state.db, site_id).await?;
    Ok(crate::views::links::nested(&cats, &links))
}

/// Links shown on the homepage, in homepage order.
#[utoipa::path(tag = "links", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "Homepage links", body = Vec<Link>),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/links/homepage")]
pub async fn homepage_links(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public(&req, &state, &s, "links", "links/homepage", || async {
        Fresh::json(&on_homepage(&state, s.site_id()).await?, None)
    })
    .await
}

/// The links shown on the site's homepage, in homepage order.
async fn on_homepage(state: &State, site_id: crate::storage::SiteId) -> ApiResult<Vec<Link>> {
    let rows = store::homepage_links(&state.db, site_id).await?;
    Ok(rows.iter().map(crate::views::links::to_dto).collect())
}

/// The ids of a list of links, for checking an asked order against.
fn ids_of(links: &[store::LinkRow]) -> Vec<i64> {
    links.iter().map(|l| l.id).collect()
}

/// May the actor change a link owned by `owner` (None = admins only)?
fn require_edit(actor: &Actor, owner: Option<i64>) -> ApiResult<()> {
    let ok = match owner {
        Some(g) => actor.rights.can_edit_owned(g),
        None => actor.rights.can_administer(),
    };
    if ok { Ok(()) } else { Err(actor.denied()) }
}

/// Positions in the link lists and on the homepage are the site admins'
/// to give: otherwise any staff member could put their own links first.
const ORDER_IS_FOR_ADMINS: ApiError = ApiError::Forbidden;

/// An explicit order other than the current one needs a site admin.
fn require_order_right(actor: &Actor, asked: Option<i32>, current: i32) -> ApiResult<()> {
    match asked {
        Some(o) if o != current && !actor.rights.can_administer() => Err(ORDER_IS_FOR_ADMINS),
        _ => Ok(()),
    }
}

/// The site's groups, for the owner checks.
async fn site_groups(state: &State, s: &SiteRow) -> ApiResult<Vec<GroupInfo>> {
    Ok(groups::infos(&groups::list(&state.db, s.site_id()).await?))
}

/// What to store: the checked fields with the body's placement.
fn edit<'a>(
    f: &'a LinkFields,
    body: &LinkInput,
    group_id: Option<i64>,
    state: &State,
) -> store::LinkEdit<'a> {
    store::LinkEdit {
        title: &f.title,
        url: &f.url,
        icon_url: f.icon_url.as_deref(),
        group_id,
        category_id: body.category_id,
        order: body.order,
        on_homepage: body.on_homepage,
        homepage_order: body.homepage_order,
        at: state.clock.now_naive(),
    }
}

/// Creates a link (site admins, or staff for a group of theirs).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = LinkInput, responses(
    (status = 201, description = "Created", body = Link),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/links")]
pub async fn create_link(
    state: State,
    ctx: SiteActor,
    body: web::Json<LinkInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_create_owned() {
        return Err(actor.denied());
    }
    if !actor.rights.can_administer() && (body.order.is_some() || body.homepage_order.is_some()) {
        return Err(ORDER_IS_FOR_ADMINS);
    }
    let mut e = FieldErrors::new();
    let f = input::fields(&body, &s.slug, &mut e);
    let site_groups = site_groups(&state, &s).await?;
    let group_id = input::new_owner(&actor.rights, body.group_id, &site_groups, &mut e);
    if let Some(cid) = body.category_id
        && store::category(&state.db, s.site_id(), cid)
            .await?
            .is_none()
    {
        e.add("category_id", "No such link category on this site.");
    }
    e.into_result()?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let row = store::save_link(&tx, None, edit(&f, &body, group_id, &state)).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::links::to_dto(&row)))
}

/// Replaces a link (its owner group's members, or site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Link id")), request_body = LinkInput, responses(
    (status = 200, description = "Updated", body = Link),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/links/{id}")]
pub async fn update_link(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<LinkInput>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    let current = found(store::link(&state.db, s.site_id(), id).await?)?;
    require_edit(&actor, current.group_id)?;
    let mut e = FieldErrors::new();
    let f = input::fields(&body, &s.slug, &mut e);
    let site_groups = site_groups(&state, &s).await?;
    let group_id = input::edited_owner(
        &actor.rights,
        body.group_id,
        current.group_id,
        &site_groups,
        &mut e,
    );
    require_order_right(&actor, body.order, current.sort_order)?;
    require_order_right(&actor, body.homepage_order, current.homepage_order)?;
    if let Some(cid) = body.category_id
        && store::category(&state.db, s.site_id(), cid)
            .await?
            .is_none()
    {
        e.add("category_id", "No such link category on this site.");
    }
    e.into_result()?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::save_link(&tx, Some(&current), edit(&f, &body, group_id, &state)).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::links::to_dto(&updated)))
}

/// Deletes a link (its owner group's members, or site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Link id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/links/{id}")]
pub async fn delete_link(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    let current = found(store::link(&state.db, s.site_id(), id).await?)?;
    require_edit(&actor, current.group_id)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::delete_link(&tx, id).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn category_dto(
    state: &State,
    site_id: crate::storage::SiteId,
    c: &store::CategoryRow,
) -> ApiResult<LinkCategory> {
    let links = store::links_in(&state.db, site_id, c.id).await?;
    Ok(crate::views::links::nested(std::slice::from_ref(c), &links).remove(0))
}

/// Creates a link category (site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = LinkCategoryInput, responses(
    (status = 201, description = "Created", body = LinkCategory),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/link-categories")]
pub async fn create_link_category(
    state: State,
    ctx: SiteActor,
    body: web::Json<LinkCategoryInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let name = crate::rules::input::category_name(&body.name).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let c = store::create_category(&tx, name, body.order).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::links::nested(&[c], &[]).remove(0)))
}

/// Renames or reorders a link category (site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Category id")), request_body = LinkCategoryPatch, responses(
    (status = 200, description = "Updated", body = LinkCategory),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/link-categories/{id}")]
pub async fn update_link_category(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<LinkCategoryPatch>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let current = found(store::category(&state.db, s.site_id(), id).await?)?;
    let name =
        crate::rules::input::category_rename(body.name.as_deref()).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::update_category(&tx, &current, name, body.order).await?;
    tx.commit().await?;
    Ok(private_json(
        &category_dto(&state, s.site_id(), &updated).await?,
    ))
}

/// Deletes a link category; its links move to the default category, which
/// itself cannot be deleted (409).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Category id")), responses(
    (status = 204, description = "Deleted; its links moved to the default category"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The default category cannot be deleted", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/link-categories/{id}")]
pub async fn delete_link_category(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let current = found(store::category(&state.db, s.site_id(), id).await?)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::delete_category(&tx, &current).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Puts the categories in the given order (site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = IdOrder, responses(
    (status = 200, description = "The categories in their new order", body = Vec<LinkCategory>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The list is not every category exactly once", body = Problem, content_type = "application/problem+json"),
))]
#[put("/link-categories/order")]
pub async fn order_categories(
    state: State,
    ctx: SiteActor,
    body: web::Json<IdOrder>,
) -> ApiResult<HttpResponse> {
    let site_id = ctx.site.site_id();
    reorder(
        &state,
        &ctx,
        &body.ids,
        async |tx| {
            let cats = store::categories(tx.reads(), site_id).await?;
            Ok(cats.iter().map(|c| c.id).collect())
        },
        input::order,
        store::set_category_orders,
        async || categories_with_links(&state, site_id).await,
    )
    .await
}

/// Puts the links of a category in the given order (site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Category id")), request_body = IdOrder, responses(
    (status = 200, description = "The category with its links in their new order", body = LinkCategory),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The list is not every link of the category exactly once", body = Problem, content_type = "application/problem+json"),
))]
#[put("/link-categories/{id}/order")]
pub async fn order_links(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<IdOrder>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let site_id = ctx.site.site_id();
    // Rights before the lookup: a caller who may not reorder gets 403, not
    // a 404 telling which categories exist (`reorder` checks them again).
    ctx.actor.require_admin()?;
    let cat = found(store::category(&state.db, site_id, id).await?)?;
    reorder(
        &state,
        &ctx,
        &body.ids,
        async |tx| Ok(ids_of(&store::links_in(tx.reads(), site_id, id).await?)),
        input::order,
        store::set_link_orders,
        async || category_dto(&state, site_id, &cat).await,
    )
    .await
}

/// Puts the links shown on the homepage in the given order (site admins).
#[utoipa::path(tag = "links", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = IdOrder, responses(
    (status = 200, description = "The homepage links in their new order", body = Vec<Link>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The list is not every homepage link exactly once", body = Problem, content_type = "application/problem+json"),
))]
#[put("/links/homepage/order")]
pub async fn order_homepage_links(
    state: State,
    ctx: SiteActor,
    body: web::Json<IdOrder>,
) -> ApiResult<HttpResponse> {
    let site_id = ctx.site.site_id();
    reorder(
        &state,
        &ctx,
        &body.ids,
        async |tx| Ok(ids_of(&store::homepage_links(tx.reads(), site_id).await?)),
        input::order,
        store::set_homepage_orders,
        async || on_homepage(&state, site_id).await,
    )
    .await
}
