//! The history of news items and pages: every saved version, the
//! difference between two of them (visible text, not HTML), and "restore
//! this version", which saves a new version (history is never rewritten)
//! and never widens access. Whoever may edit the item may use them.

use crate::auth::caller::Actor;
use crate::error::ApiResult;
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::rules::revisions::{self as rule, PageRights};
use crate::state::State;
use crate::storage::revisions as store;
use crate::storage::sites::SiteRow;
use crate::storage::{attachments, groups, news_categories, pages};
use crate::views::revisions as views;
use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{NewsInput, PageVisibility};
use yass_shared_types::problem::Problem;
use yass_shared_types::revisions::{
    RestoreNote, RestoreOutcome, Revision, RevisionDiff, RevisionSummary,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(news_history)
        .service(news_diff)
        .service(news_version)
        .service(news_restore)
        .service(page_history)
        .service(page_diff)
        .service(page_version)
        .service(page_restore);
}

#[derive(Clone, Copy)]
enum Kind {
    News,
    Page,
}

impl Kind {
    fn store(self) -> &'static str {
        match self {
            Kind::News => store::NEWS,
            Kind::Page => store::PAGE,
        }
    }
}

/// 401/403/404 unless `actor` may edit the item (which must exist).
async fn require_editor(
    state: &State,
    s: &SiteRow,
    actor: &Actor,
    kind: Kind,
    id: i64,
) -> ApiResult<()> {
    match kind {
        Kind::News => super::news::editable(state, s, actor, id).await.map(drop),
        Kind::Page => {
            if actor.user.is_none() && !actor.rights.site_admin {
                return Err(actor.denied());
            }
            found(pages::get(&state.db, s.site_id(), id).await?)?;
            let edit = pages::edit_groups_of(&state.db, s.site_id(), &[id])
                .await?
                .remove(&id)
                .unwrap_or_default();
            if actor.rights.can_edit_page(&edit) {
                Ok(())
            } else {
                Err(actor.denied())
            }
        }
    }
}

async fn history(state: &State, ctx: SiteActor, kind: Kind, id: i64) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    require_editor(state, &s, &actor, kind, id).await?;
    let rows = store::list(&state.db, s.site_id(), kind.store(), id).await?;
    Ok(private_json(
        &rows.iter().map(views::summary).collect::<Vec<_>>(),
    ))
}

async fn version(
    state: &State,
    ctx: SiteActor,
    kind: Kind,
    id: i64,
    number: u32,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    require_editor(state, &s, &actor, kind, id).await?;
    let r = found(store::get(&state.db, s.site_id(), kind.store(), id, number).await?)?;
    Ok(private_json(&views::version(&r)))
}

async fn diff(
    state: &State,
    ctx: SiteActor,
    kind: Kind,
    id: i64,
    from: u32,
    to: u32,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    require_editor(state, &s, &actor, kind, id).await?;
    let a = found(store::get(&state.db, s.site_id(), kind.store(), id, from).await?)?;
    let b = found(store::get(&state.db, s.site_id(), kind.store(), id, to).await?)?;
    Ok(private_json(&views::diff(&a, &b)))
}

/// The number of the item's newest version (the one a restore just saved).
async fn newest(state: &State, s: &SiteRow, kind: Kind, id: i64) -> ApiResult<u32> {
    Ok(store::list(&state.db, s.site_id(), kind.store(), id)
        .await?
        .first()
        .map_or(0, |h| h.number))
}

async fn restore_news(
    state: &State,
    ctx: SiteActor,
    id: i64,
    number: u32,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    let row = super::news::editable(state, &s, &actor, id).await?;
    let r = found(store::get(&state.db, s.site_id(), store::NEWS, id, number).await?)?;
    let f = store::fields(&r);
    let mut notes = vec![];
    let category_exists = match f.category_id {
        Some(c) => news_categories::get(&state.db, s.site_id(), c)
            .await?
            .is_some(),
        None => true,
    };
    let (category_id, category_gone) = rule::category(f.category_id, category_exists);
    if category_gone {
        notes.push(RestoreNote::CategoryGone);
    }
    let site_groups = groups::infos(&groups::list(&state.db, s.site_id()).await?);
    let old_allowed = f.group_id.is_some_and(|g| {
        site_groups.iter().any(|x| x.id == g)
            && actor
                .rights
                .may_move_owner(Some(row.group_id), Some(g), &site_groups)
    });
    let (group_id, kept_group) = rule::news_group(f.group_id, row.group_id, old_allowed);
    if kept_group {
        notes.push(RestoreNote::KeptCurrentGroup);
    }
    let current: Vec<i64> = attachments::of_owner(&state.db, s.site_id(), attachments::NEWS, id)
        .await?
        .iter()
        .map(|a| a.id)
        .collect();
    let gone = rule::attachments_gone(&f.attachments, &current);
    if !gone.is_empty() {
        notes.push(RestoreNote::AttachmentsGone { file_names: gone });
    }
    let input = NewsInput {
        title: r.title.clone(),
        body: r.body.clone(),
        category_id,
        group_id: Some(group_id),
        tags: f.tags.clone(),
        display_at: f.display_at,
        visible_from: f.visible_from,
        visible_until: f.visible_until,
        pinned: f.pinned,
        pinned_from: f.pinned_from,
        pinned_until: f.pinned_until,
        draft: f.draft,
    };
    super::news::update(state, &s, &actor, &row, &input, Some(number)).await?;
    Ok(private_json(&RestoreOutcome {
        number: newest(state, &s, Kind::News, id).await?,
        restored_from: number,
        notes,
    }))
}

async fn restore_page(
    state: &State,
    ctx: SiteActor,
    id: i64,
    number: u32,
) -> ApiResult<HttpResponse> {
    require_editor(state, &ctx.site, &ctx.actor, Kind::Page, id).await?;
    let (s, actor) = (&ctx.site, &ctx.actor);
    let p = found(pages::get(&state.db, s.site_id(), id).await?)?;
    let r = found(store::get(&state.db, s.site_id(), store::PAGE, id, number).await?)?;
    let f = store::fields(&r);
    let mut notes = vec![];
    let (edit, read) = pages::group_lists(&state.db, s.site_id(), id).await?;
    let current = PageRights {
        public: pages::visibility(&p) == PageVisibility::Public,
        edit,
        read,
    };
    let old = PageRights {
        public: f.visibility.as_deref() != Some("restricted"),
        edit: f.edit_group_ids.clone(),
        read: f.read_group_ids.clone(),
    };
    let known: Vec<i64> = groups::list(&state.db, s.site_id())
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    let exist = old.edit.iter().chain(&old.read).all(|g| known.contains(g));
    let (rights, kept) =
        rule::page_rights(old, current.clone(), exist, actor.rights.can_administer());
    if kept {
        notes.push(RestoreNote::KeptCurrentRights);
    }
    let files: Vec<i64> = attachments::of_owner(&state.db, s.site_id(), attachments::PAGE, id)
        .await?
        .iter()
        .map(|a| a.id)
        .collect();
    let gone = rule::attachments_gone(&f.attachments, &files);
    if !gone.is_empty() {
        notes.push(RestoreNote::AttachmentsGone { file_names: gone });
    }
    let changes_rights = rights != current;
    let visibility = if rights.public {
        PageVisibility::Public
    } else {
        PageVisibility::Restricted
    };
    let tx = ctx.begin(state).await?;
    pages::save(
        &tx,
        Some(&p),
        pages::Edit {
            title: &r.title,
            body: &r.body,
            visibility,
            edit_groups: changes_rights.then_some(rights.edit.as_slice()),
            read_groups: changes_rights.then_some(rights.read.as_slice()),
            tags: &f.tags,
            by: actor.user_id(),
            at: state.clock.now_naive(),
            restored_from: Some(number),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(private_json(&RestoreOutcome {
        number: newest(state, s, Kind::Page, id).await?,
        restored_from: number,
        notes,
    }))
}

// ---------------------------------------------------------------- news

/// Every saved version of a news item, newest first (its editors).
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = Vec<RevisionSummary>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/{id}/revisions")]
pub async fn news_history(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    history(&state, ctx, Kind::News, path.1).await
}

/// One saved version of a news item.
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("number" = u32, Path)), responses(
    (status = 200, description = "OK", body = Revision),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/{id}/revisions/{number}")]
pub async fn news_version(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64, u32)>,
) -> ApiResult<HttpResponse> {
    version(&state, ctx, Kind::News, path.1, path.2).await
}

/// What changed between two versions of a news item.
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("from" = u32, Path), ("to" = u32, Path)), responses(
    (status = 200, description = "OK", body = RevisionDiff),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/{id}/revisions/{from}/diff/{to}")]
pub async fn news_diff(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64, u32, u32)>,
) -> ApiResult<HttpResponse> {
    diff(&state, ctx, Kind::News, path.1, path.2, path.3).await
}

/// Saves an old version of a news item as its newest. What cannot come
/// back (a deleted category, a group the restorer may not give it to,
/// deleted files) stays as it is now and is listed in `notes`.
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("number" = u32, Path)), responses(
    (status = 200, description = "Restored as a new version", body = RestoreOutcome),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The old version no longer passes today's checks", body = Problem, content_type = "application/problem+json"),
))]
#[post("/news/{id}/revisions/{number}/restore")]
pub async fn news_restore(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64, u32)>,
) -> ApiResult<HttpResponse> {
    restore_news(&state, ctx, path.1, path.2).await
}

// ---------------------------------------------------------------- pages

/// Every saved version of a page, newest first (its editors).
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = Vec<RevisionSummary>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/pages/{id}/revisions")]
pub async fn page_history(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    history(&state, ctx, Kind::Page, path.1).await
}

/// One saved version of a page.
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("number" = u32, Path)), responses(
    (status = 200, description = "OK", body = Revision),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/pages/{id}/revisions/{number}")]
pub async fn page_version(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64, u32)>,
) -> ApiResult<HttpResponse> {
    version(&state, ctx, Kind::Page, path.1, path.2).await
}

/// What changed between two versions of a page.
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("from" = u32, Path), ("to" = u32, Path)), responses(
    (status = 200, description = "OK", body = RevisionDiff),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/pages/{id}/revisions/{from}/diff/{to}")]
pub async fn page_diff(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64, u32, u32)>,
) -> ApiResult<HttpResponse> {
    diff(&state, ctx, Kind::Page, path.1, path.2, path.3).await
}

/// Saves an old version of a page as its newest. Its read and edit groups
/// come back only if that lets nobody in whom today's keep out, every
/// group still exists and the restorer may change them; otherwise they
/// stay as they are and `notes` says so.
#[utoipa::path(tag = "revisions", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("number" = u32, Path)), responses(
    (status = 200, description = "Restored as a new version", body = RestoreOutcome),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/pages/{id}/revisions/{number}/restore")]
pub async fn page_restore(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64, u32)>,
) -> ApiResult<HttpResponse> {
    restore_page(&state, ctx, path.1, path.2).await
}
