//! News items: the visitor list and item, the editors' list, and writes.

use crate::auth::caller::{Actor, Caller};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::paging::{PageQuery, paged, pages as page_count};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::responses::{found, private_json, public_json_until};
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::reader_rights;
use crate::rules::input::content::{self, Known, ValidNews};
use crate::rules::input::queries;
use crate::rules::permissions::Rights;
use crate::rules::public_cache;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::news::{self as store, Filter, NewsRow};
use crate::storage::sites::SiteRow;
use crate::storage::{attachments, groups, news_categories, tags, utc};
use crate::views::news::Names;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Paged;
use yass_shared_types::content::{
    ManagedNews, News, NewsInput, NewsList, NewsPatch, NewsState, TagCount,
};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    // Fixed segments (`tags`) before `{id}`.
    cfg.service(list_news)
        .service(list_tags)
        .service(manage_news)
        .service(get_news)
        .service(create_news)
        .service(replace_news)
        .service(patch_news)
        .service(delete_news);
}

/// `?page=&per_page=&category=&tag=&q=` of the visitor list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NewsQuery {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Items per page, 1 to 100 (default 20); pinned items come on top of these.
    pub per_page: Option<u64>,
    /// A category id.
    pub category: Option<i64>,
    /// A tag name.
    pub tag: Option<String>,
    /// Keyword(s); every whitespace-separated term must occur.
    pub q: Option<String>,
}

/// Filters of the editors' list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ManageQuery {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    #[param(inline)]
    pub state: Option<NewsState>,
    pub category: Option<i64>,
    /// The owning group's id.
    pub group: Option<i64>,
    pub tag: Option<String>,
    pub q: Option<String>,
}

/// A list's filter, and whether a keyword search was capped.
struct Filtered {
    filter: Filter,
    search_capped: bool,
}

impl Filtered {
    /// Only filters with a bounded set of values may key the shared count
    /// cache: a keyword, or an id or tag name that matches nothing, could
    /// otherwise be varied by anyone to fill it and push out every school's
    /// entries.
    fn cacheable(&self, category_known: bool) -> bool {
        self.filter.matching.is_none()
            && category_known
            && self.filter.tag_ids.as_ref().is_none_or(|t| !t.is_empty())
    }
}

async fn filter(
    state: &State,
    site_id: crate::storage::SiteId,
    category: Option<i64>,
    tag: Option<&str>,
    q: Option<&str>,
) -> ApiResult<Filtered> {
    let mut f = Filter {
        category,
        ..Default::default()
    };
    let mut search_capped = false;
    let (tag, q) = (
        queries::words("tag", tag).map_err(ApiError::Validation)?,
        queries::words("q", q).map_err(ApiError::Validation)?,
    );
    if let Some(t) = tag {
        f.tag_ids = Some(tags::ids_named(&state.db, site_id, t).await?);
    }
    if let Some(q) = q {
        let hits = store::search(&state.db, site_id, q, state.settings.search_cap.max(1)).await?;
        search_capped = hits.capped;
        f.matching = Some(hits.matching);
    }
    Ok(Filtered {
        filter: f,
        search_capped,
    })
}

/// Names and counts for a batch of rows, in a fixed number of queries.
async fn lookups(
    db: &impl ConnectionTrait,
    site_id: crate::storage::SiteId,
    rows: &[&NewsRow],
) -> ApiResult<Names> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    Ok(crate::storage::news_names::of_news(db, site_id, &ids)
        .await?
        .into())
}

/// The whole item as its DTO.
pub async fn full(
    db: &impl ConnectionTrait,
    site: &SiteRow,
    r: &NewsRow,
    now: DateTime<Utc>,
) -> ApiResult<News> {
    let lk = lookups(db, site.site_id(), &[r]).await?;
    let files = attachments::of_owner(db, site.site_id(), attachments::NEWS, r.id).await?;
    Ok(lk.full(r, &files, &site.slug, now))
}

/// Editors who may see an item outside its window: its owners and admins
/// (read-only integrator tokens included).
pub fn sees_hidden(rights: &Rights, r: &NewsRow) -> bool {
    rights.site_admin || rights.principals.contains(&r.group_id)
}

/// Visible news: items pinned now first (page 1 only, not counted against
/// `per_page`), then the others newest first. `total` counts every visible match.
#[utoipa::path(tag = "news", params(("site" = String, Path, description = "Site slug"), NewsQuery), responses(
    (status = 200, description = "OK", body = NewsList),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid paging or filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news")]
pub async fn list_news(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
    q: web::Query<NewsQuery>,
) -> ApiResult<HttpResponse> {
    let s = crate::http::site_lookup::public_site(&state, &req, &slug).await?;
    let (page, per_page) = PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    if q.q.is_some() {
        // A search is bounded by `search_cap`, not kept: its keys are as
        // many as the words a visitor may type.
        let list = visitor_list(&state, &s, &q, page, per_page).await?;
        return Ok(public_json_until(&req, &state, &list.body, list.until));
    }
    let key = format!(
        "news?page={page}&per_page={per_page}&category={:?}&tag={:?}",
        q.category, q.tag
    );
    cached_public(&req, &state, &s, "news_list", &key, || async {
        let list = visitor_list(&state, &s, &q, page, per_page).await?;
        if list.kept && public_cache::list_page_is_kept(page, per_page, list.body.pages) {
            Fresh::json(&list.body, list.until)
        } else {
            Ok(Fresh::Pass(public_json_until(
                &req, &state, &list.body, list.until,
            )))
        }
    })
    .await
}

/// One page of the visitor list.
struct VisitorList {
    body: NewsList,
    /// The next scheduled change of what it shows.
    until: Option<DateTime<Utc>>,
    /// Its filter is one of a bounded set (no keyword; a category and tag
    /// that exist): the answer and its totals may be kept.
    kept: bool,
}

/// One page of the visitor list: the page (pinned items with it on page 1),
/// the names it shows, and its totals with the next scheduled change — three
/// statements, the totals read from the count cache when it has them.
async fn visitor_list(
    state: &State,
    s: &SiteRow,
    q: &NewsQuery,
    page: u64,
    per_page: u64,
) -> ApiResult<VisitorList> {
    let fd = filter(
        state,
        s.site_id(),
        q.category,
        q.tag.as_deref(),
        q.q.as_deref(),
    )
    .await?;
    let f = &fd.filter;
    let now = state.clock.now();
    let vp = store::visitor_page(&state.db, s.site_id(), f, now, page, per_page).await?;
    let lk = Names::from(vp.names);
    // A category is known to exist when the page shows it; an empty page
    // of a real category is simply not kept (its key could be any id).
    let category_known = q.category.is_none_or(|c| lk.categories.contains_key(&c));
    let kept = fd.cacheable(category_known);
    let ((unpinned_total, pinned_total), until) = totals(state, s, q, &fd, kept).await?;
    let body = lk.visitor_list(
        [&vp.pinned, &vp.items],
        now,
        crate::views::news::ListCounts {
            total: unpinned_total + pinned_total,
            page,
            per_page,
            pages: page_count(unpinned_total, per_page),
            search_capped: fd.search_capped,
        },
    );
    Ok(VisitorList { body, until, kept })
}

/// The totals of a visitor list and the next scheduled change of the site's
/// news. Counting reads every visible match (the page itself does not), so
/// the totals of a filter that may be kept are counted once per content
/// version and schedule window, and the list costs the same at 100 and
/// 100,000 items.
async fn totals(
    state: &State,
    s: &SiteRow,
    q: &NewsQuery,
    fd: &Filtered,
    kept: bool,
) -> ApiResult<((u64, u64), Option<DateTime<Utc>>)> {
    let now = state.clock.now();
    let f = &fd.filter;
    if !kept {
        // Bounded work (a capped candidate set, or nothing matches): counted
        // each time, never stored.
        return store::totals_and_next_transition(&state.db, s.site_id(), f, now).await;
    }
    let key = format!(
        "{:?}|{}|{}",
        q.category,
        q.tag.as_deref().map_or("", str::trim),
        q.q.as_deref().map_or("", str::trim)
    );
    // No lock of `state.flights` here: a kept list is built under its own
    // (cached_public), and a second lock of the same striped set could be
    // the same stripe — a task waiting for itself.
    if let Some(c) = state.counts.get(s.id, &key, s.content_version, now) {
        return Ok((
            c,
            store::next_transition(&state.db, s.site_id(), now).await?,
        ));
    }
    let (c, until) = store::totals_and_next_transition(&state.db, s.site_id(), f, now).await?;
    let expires = crate::http::public_cache::cache_expiry(now, until);
    state.counts.put(s.id, &key, s.content_version, expires, c);
    Ok((c, until))
}

/// Tags of visible news, most used first.
#[utoipa::path(tag = "news", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Vec<TagCount>),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/tags")]
pub async fn list_tags(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = crate::http::site_lookup::public_site(&state, &req, &slug).await?;
    cached_public(&req, &state, &s, "news_tags", "news/tags", || async {
        let now = state.clock.now();
        let body: Vec<TagCount> = store::visible_tag_counts(&state.db, s.site_id(), now)
            .await?
            .into_iter()
            .map(|(name, count)| TagCount { name, count })
            .collect();
        let until = store::next_transition(&state.db, s.site_id(), now).await?;
        Fresh::json(&body, until)
    })
    .await
}

/// The editors' list: every state, with the pin state. Site admins see all
/// items; other editors the items their groups own.
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ManageQuery), responses(
    (status = 200, description = "OK", body = Paged<ManagedNews>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid paging or filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/manage/news")]
pub async fn manage_news(
    state: State,
    ctx: SiteActor,
    q: web::Query<ManageQuery>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_manage_view()?;
    let (page, per_page) = PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    let mut f = filter(
        &state,
        s.site_id(),
        q.category,
        q.tag.as_deref(),
        q.q.as_deref(),
    )
    .await?
    .filter;
    f.group = q.group;
    f.state = q.state;
    if !actor.rights.site_admin {
        f.groups_in = Some(actor.rights.principals.iter().copied().collect());
    }
    let now = state.clock.now();
    let (rows, total) = store::manage_page(&state.db, s.site_id(), &f, now, page, per_page).await?;
    let refs: Vec<&NewsRow> = rows.iter().collect();
    let lk = lookups(&state.db, s.site_id(), &refs).await?;
    Ok(private_json(&paged(
        rows.iter().map(|r| lk.managed(r, now)).collect(),
        total,
        page,
        per_page,
    )))
}

/// One item. Outside its window (or a draft) it is 404 to visitors; its
/// editors still see it (send their token).
#[utoipa::path(tag = "news", security((), ("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = News),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/{id}")]
pub async fn get_news(
    state: State,
    req: HttpRequest,
    caller: Option<Caller>,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let s = crate::http::site_lookup::public_site(&state, &req, &slug).await?;
    // A visible item is the same for everyone; only its editors see it
    // outside its window, privately.
    cached_public(
        &req,
        &state,
        &s,
        "news_item",
        &format!("news/{id}"),
        || async {
            // The item, its names and its files in one statement.
            let (row, names, files) = found(store::get_full(&state.db, s.site_id(), id).await?)?;
            let now = state.clock.now();
            let sched = store::schedule(&row);
            let body = Names::from(names).full(&row, &files, &s.slug, now);
            if sched.visible(now) {
                return Fresh::json(&body, sched.next_transition(now));
            }
            let rights = reader_rights(&state, &s, caller).await;
            if !sees_hidden(&rights, &row) {
                return Err(ApiError::NotFound);
            }
            Ok(Fresh::Pass(private_json(&body)))
        },
    )
    .await
}

async fn known_ids(
    state: &State,
    site_id: crate::storage::SiteId,
) -> ApiResult<(Vec<i64>, Vec<i64>)> {
    let cats = news_categories::list(&state.db, site_id)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let groups = groups::list(&state.db, site_id)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    Ok((cats, groups))
}

async fn validated(state: &State, site: &SiteRow, input: &NewsInput) -> ApiResult<ValidNews> {
    let (categories, groups) = known_ids(state, site.site_id()).await?;
    content::news(
        input,
        &site.slug,
        &Known {
            categories: &categories,
            groups: &groups,
        },
    )
    .map_err(ApiError::Validation)
}

/// Stores an item in one site transaction (tags, search tokens and the
/// content version with it).
async fn save(
    state: &State,
    site: &SiteRow,
    existing: Option<&NewsRow>,
    v: ValidNews,
    group_id: i64,
    actor: &Actor,
    restored_from: Option<u32>,
) -> ApiResult<NewsRow> {
    let tx = SiteTx::begin(&state.db, site.site_id(), actor.author()).await?;
    let saved = store::save(
        &tx,
        existing,
        store::Edit {
            fields: &v,
            group_id,
            by: actor.user_id(),
            at: state.clock.now_naive(),
            restored_from,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

fn write_denied(actor: &Actor) -> ApiError {
    actor.denied()
}

/// Creates an item (site admins and staff). The owner group must be one of
/// the author's staff groups (any group for site admins).
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = NewsInput, responses(
    (status = 201, description = "Created", body = News),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed (or not allowed to assign that owner group)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/news")]
pub async fn create_news(
    state: State,
    ctx: SiteActor,
    body: web::Json<NewsInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_create_owned() {
        return Err(write_denied(&actor));
    }
    let v = validated(&state, &s, &body).await?;
    let group = match v.group_id {
        Some(g) => g,
        None => actor
            .rights
            .staff_groups
            .iter()
            .next()
            .copied()
            .ok_or_else(|| FieldErrors::single("group_id", "Choose the owning group."))?,
    };
    if !actor.rights.can_assign_owner(group) {
        return Err(ApiError::Forbidden);
    }
    let saved = save(&state, &s, None, v, group, &actor, None).await?;
    let dto = full(&state.db, &s, &saved, state.clock.now()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(dto))
}

/// Saves `input` over `row` as `actor` may (a restore names the version it
/// brings back) and answers with the item.
pub(crate) async fn update(
    state: &State,
    s: &SiteRow,
    actor: &Actor,
    row: &NewsRow,
    input: &NewsInput,
    restored_from: Option<u32>,
) -> ApiResult<HttpResponse> {
    let v = validated(state, s, input).await?;
    let group = v.group_id.unwrap_or(row.group_id);
    if group != row.group_id {
        let site_groups = groups::infos(&groups::list(&state.db, s.site_id()).await?);
        if !actor
            .rights
            .may_move_owner(Some(row.group_id), Some(group), &site_groups)
        {
            return Err(ApiError::Forbidden);
        }
    }
    let saved = save(state, s, Some(row), v, group, actor, restored_from).await?;
    Ok(private_json(
        &full(&state.db, s, &saved, state.clock.now()).await?,
    ))
}

/// The item `id` if `actor` may edit it (401/403/404 otherwise).
pub(crate) async fn editable(
    state: &State,
    s: &SiteRow,
    actor: &Actor,
    id: i64,
) -> ApiResult<NewsRow> {
    if actor.user.is_none() && !actor.rights.site_admin {
        return Err(actor.denied());
    }
    let row = found(store::get(&state.db, s.site_id(), id).await?)?;
    if !actor.rights.can_edit_owned(row.group_id) {
        return Err(actor.denied());
    }
    Ok(row)
}

/// Replaces an item (its owner group's members, and members of groups below it).
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), request_body = NewsInput, responses(
    (status = 200, description = "OK", body = News),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/news/{id}")]
pub async fn replace_news(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<NewsInput>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    let row = editable(&state, &s, &actor, id).await?;
    update(&state, &s, &actor, &row, &body, None).await
}

/// Changes the fields sent; `null` clears an optional field.
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), request_body = NewsPatch, responses(
    (status = 200, description = "OK", body = News),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/news/{id}")]
pub async fn patch_news(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<NewsPatch>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    let row = editable(&state, &s, &actor, id).await?;
    let p = body.into_inner();
    let current_tags = tags::of_news(&state.db, s.site_id(), &[row.id])
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    let sched = store::schedule(&row);
    let input = NewsInput {
        title: p.title.unwrap_or_else(|| row.title.clone()),
        body: p.body.unwrap_or_else(|| row.body.clone()),
        category_id: p.category_id.apply_to(row.category_id),
        group_id: Some(p.group_id.unwrap_or(row.group_id)),
        tags: p.tags.unwrap_or(current_tags),
        display_at: Some(p.display_at.unwrap_or(utc(row.display_at))),
        visible_from: p.visible_from.apply_to(sched.visible_from),
        visible_until: p.visible_until.apply_to(sched.visible_until),
        pinned: p.pinned.unwrap_or(row.pinned),
        pinned_from: p.pinned_from.apply_to(sched.pinned_from),
        pinned_until: p.pinned_until.apply_to(sched.pinned_until),
        draft: p.draft.unwrap_or(row.draft),
    };
    update(&state, &s, &actor, &row, &input, None).await
}

/// Deletes an item with its tags, search tokens and attachments (files too).
#[utoipa::path(tag = "news", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/news/{id}")]
pub async fn delete_news(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    let row = editable(&state, &s, &actor, id).await?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::delete(&tx, row.id).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
