//! Pages: public, or restricted to chosen groups (a restricted page with no
//! group left is for site admins only); editable by attached groups;
//! created, deleted and re-grouped by site admins.

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::http::paging::{PageQuery, paged};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::{public_site, reader_rights};
use crate::rules::input::content::{self, ValidPage};
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::pages::{self as store, PageRow};
use crate::storage::sites::SiteRow;
use crate::storage::{attachments, groups};
use crate::views::pages::PageParts;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use sea_orm::ConnectionTrait;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Paged;
use yass_shared_types::content::{Page, PageInput, PageSummary, PageVisibility};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(manage_pages)
        .service(get_page)
        .service(create_page)
        .service(replace_page)
        .service(delete_page);
}

/// Loads what the page view shows besides the row.
async fn to_dto(db: &impl ConnectionTrait, s: &SiteRow, p: &PageRow) -> ApiResult<Page> {
    let (edit_group_ids, read_group_ids) = store::group_lists(db, s.site_id(), p.id).await?;
    let files = attachments::of_owner(db, s.site_id(), attachments::PAGE, p.id).await?;
    let parts = PageParts {
        site_slug: &s.slug,
        edit_group_ids,
        read_group_ids,
        tags: crate::storage::tags::of_page(db, s.site_id(), p.id).await?,
        files: &files,
    };
    Ok(crate::views::pages::to_dto(p, parts))
}

/// One page; 404 to anyone who may not read it.
#[utoipa::path(tag = "pages", security((), ("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = Page),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not readable by the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/pages/{id}")]
pub async fn get_page(
    state: State,
    req: HttpRequest,
    caller: Option<Caller>,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let s = public_site(&state, &req, &slug).await?;
    // A public page is the same for everyone; a restricted one is answered
    // per caller and never cached.
    cached_public(&req, &state, &s, "page", &format!("pages/{id}"), || async {
        let p = found(store::get(&state.db, s.site_id(), id).await?)?;
        let dto = to_dto(&state.db, &s, &p).await?;
        if dto.visibility == PageVisibility::Public {
            return Fresh::json(&dto, None);
        }
        let rights = reader_rights(&state, &s, caller).await;
        if !rights.can_read_page(dto.visibility, &dto.read_group_ids) {
            return Err(ApiError::NotFound);
        }
        Ok(Fresh::Pass(private_json(&dto)))
    })
    .await
}

/// Pages the caller may edit (site admins: all).
#[utoipa::path(tag = "pages", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), PageQuery), responses(
    (status = 200, description = "OK", body = Paged<PageSummary>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid paging", body = Problem, content_type = "application/problem+json"),
))]
#[get("/manage/pages")]
pub async fn manage_pages(
    state: State,
    ctx: SiteActor,
    q: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_manage_view()?;
    let (page, per_page) = q.resolve()?;
    let rows = store::list(&state.db, s.site_id()).await?;
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let edit = store::edit_groups_of(&state.db, s.site_id(), &ids).await?;
    let read = store::read_groups_of(&state.db, s.site_id(), &ids).await?;
    let r = &actor.rights;
    let mine: Vec<PageSummary> = rows
        .iter()
        .filter(|p| {
            r.site_admin
                || edit
                    .get(&p.id)
                    .is_some_and(|gs| gs.iter().any(|g| r.principals.contains(g)))
        })
        .map(|p| {
            crate::views::pages::summary(
                p,
                edit.get(&p.id).cloned().unwrap_or_default(),
                read.get(&p.id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let total = mine.len() as u64;
    let items = mine
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .collect();
    Ok(private_json(&paged(items, total, page, per_page)))
}

async fn validated(state: &State, s: &SiteRow, input: &PageInput) -> ApiResult<ValidPage> {
    let known: Vec<i64> = groups::list(&state.db, s.site_id())
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    content::page(input, &s.slug, &known).map_err(ApiError::Validation)
}

/// Creates a page (site admins), with its edit and read groups.
#[utoipa::path(tag = "pages", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = PageInput, responses(
    (status = 201, description = "Created", body = Page),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/pages")]
pub async fn create_page(
    state: State,
    ctx: SiteActor,
    body: web::Json<PageInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let v = validated(&state, &s, &body).await?;
    let now = state.clock.now_naive();
    let visibility = v.visibility_after(None);
    let read = match visibility {
        PageVisibility::Public => vec![],
        PageVisibility::Restricted => v.read_group_ids.clone().unwrap_or_default(),
    };
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let p = store::save(
        &tx,
        None,
        store::Edit {
            title: &v.title,
            body: &v.body,
            visibility,
            edit_groups: Some(v.edit_group_ids.as_deref().unwrap_or_default()),
            read_groups: Some(&read),
            tags: &v.tags,
            by: actor.user_id(),
            at: now,
            restored_from: None,
        },
    )
    .await?;
    let dto = to_dto(tx.reads(), &s, &p).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(dto))
}

/// Replaces a page's title, body and tags (editors of the page). Only site
/// admins may change its edit or read groups: others must send them
/// unchanged, or leave them out.
#[utoipa::path(tag = "pages", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), request_body = PageInput, responses(
    (status = 200, description = "OK", body = Page),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed (or not allowed to change the groups)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/pages/{id}")]
pub async fn replace_page(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<PageInput>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    if actor.user.is_none() && !actor.rights.site_admin {
        return Err(actor.denied());
    }
    let p = found(store::get(&state.db, s.site_id(), id).await?)?;
    let (edit, read) = store::group_lists(&state.db, s.site_id(), p.id).await?;
    if !actor.rights.can_edit_page(&edit) {
        return Err(actor.denied());
    }
    let v = validated(&state, &s, &body).await?;
    let old_visibility = store::visibility(&p);
    let visibility = v.visibility_after(Some(old_visibility));
    // A public page keeps no read groups, so making it restricted later
    // starts from an explicit choice, not from a forgotten list.
    let new_read = match visibility {
        PageVisibility::Public => Some(vec![]),
        PageVisibility::Restricted => v.read_group_ids.clone(),
    };
    let changes_groups = v.edit_group_ids.as_ref().is_some_and(|e| *e != edit)
        || new_read.as_ref().is_some_and(|r| *r != read)
        || visibility != old_visibility;
    if changes_groups && !actor.rights.can_administer() {
        return Err(ApiError::Forbidden);
    }
    let (edit_groups, read_groups) = if changes_groups {
        (v.edit_group_ids.as_deref(), new_read.as_deref())
    } else {
        (None, None)
    };
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let p = store::save(
        &tx,
        Some(&p),
        store::Edit {
            title: &v.title,
            body: &v.body,
            visibility,
            edit_groups,
            read_groups,
            tags: &v.tags,
            by: actor.user_id(),
            at: state.clock.now_naive(),
            restored_from: None,
        },
    )
    .await?;
    let dto = to_dto(tx.reads(), &s, &p).await?;
    tx.commit().await?;
    Ok(private_json(&dto))
}

/// Deletes a page with its attachments (site admins).
#[utoipa::path(tag = "pages", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/pages/{id}")]
pub async fn delete_page(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    ctx.admin_changes(&state, async |tx| store::delete(tx, id).await)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
