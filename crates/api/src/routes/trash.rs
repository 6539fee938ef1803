//! The site's trash (垃圾桶): deleted items, restorable for
//! `YASS_TRASH_DAYS` days by site admins or whoever may edit the item, then
//! purged with their files; "delete forever" purges one at once.

use crate::error::ApiResult;
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::state::State;
use crate::storage::trash::{self as store, TrashRow};
use actix_web::{HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::problem::Problem;
use yass_shared_types::trash::{TrashItem, TrashRestored};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_trash)
        .service(restore_item)
        .service(purge_item);
}

fn may_restore(actor: &crate::auth::caller::Actor, r: &TrashRow) -> bool {
    actor
        .rights
        .can_restore(&r.kind, r.owner_group_id, &store::edit_group_ids(r))
}

/// What the caller may restore from the site's trash, most recently
/// deleted first.
#[utoipa::path(tag = "trash", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Vec<TrashItem>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/trash")]
pub async fn list_trash(state: State, ctx: SiteActor) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_manage_view()?;
    let items: Vec<TrashItem> = store::list(&state.db, s.site_id())
        .await?
        .iter()
        .filter(|r| may_restore(&actor, r))
        .map(|r| crate::views::trash::to_dto(r, state.settings.trash_days))
        .collect();
    Ok(private_json(&items))
}

/// Puts an item back where it was; `notes` says where it went when its
/// place is gone. A file whose item is in the trash too is 409 (restore
/// the item first).
#[utoipa::path(tag = "trash", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Trash entry id")), responses(
    (status = 200, description = "Restored", body = TrashRestored),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The item a file belongs to is in the trash too", body = Problem, content_type = "application/problem+json"),
))]
#[post("/trash/{id}/restore")]
pub async fn restore_item(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let r = found(store::get(&state.db, ctx.site.site_id(), path.1).await?)?;
    if !may_restore(&ctx.actor, &r) {
        return Err(ctx.actor.denied());
    }
    let tx = ctx.begin(&state).await?;
    let notes = store::restore(&tx, &r).await?;
    tx.commit().await?;
    Ok(private_json(&TrashRestored {
        kind: r.kind,
        item_id: r.item_id,
        notes,
    }))
}

/// Deletes an item for good, with its files and versions.
#[utoipa::path(tag = "trash", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Trash entry id")), responses(
    (status = 204, description = "Purged"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/trash/{id}")]
pub async fn purge_item(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let r = found(store::get(&state.db, ctx.site.site_id(), path.1).await?)?;
    if !may_restore(&ctx.actor, &r) {
        return Err(ctx.actor.denied());
    }
    crate::operations::trash::purge(&state, ctx.site.site_id(), &r, ctx.actor.author()).await?;
    Ok(HttpResponse::NoContent().finish())
}
