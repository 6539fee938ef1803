//! News items: the visitor list, the editors' list, keyword search tokens.
//!
//! Visibility is decided in SQL from `now` with the same rule as
//! `rules::visibility` (start inclusive, end exclusive, empty = open).

use super::attachments::AttachmentRow;
use super::entities::{news, news_search_tokens, news_tags};
use super::news_names::{self, NewsNames};
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use crate::rules::input::content::ValidNews;
use crate::rules::search;
use crate::rules::visibility::Schedule;
use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query, UnionType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use yass_shared_types::content::NewsState;
use yass_shared_types::revisions::RevisionFields;
use yass_shared_types::trash::TrashNote;

pub use news::Model as NewsRow;

/// Filters of both lists. `None` = no filter; `Some(empty)` = nothing matches.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub category: Option<i64>,
    pub tag_ids: Option<Vec<i64>>,
    /// The items a keyword matched.
    pub matching: Option<Matching>,
    pub group: Option<i64>,
    /// Only items owned by these groups (an editor's own).
    pub groups_in: Option<Vec<i64>>,
    pub state: Option<NewsState>,
}

pub fn schedule(r: &NewsRow) -> Schedule {
    Schedule {
        draft: r.draft,
        visible_from: r.visible_from.map(|t| t.and_utc()),
        visible_until: r.visible_until.map(|t| t.and_utc()),
        pinned: r.pinned,
        pinned_from: r.pinned_from.map(|t| t.and_utc()),
        pinned_until: r.pinned_until.map(|t| t.and_utc()),
    }
}

fn window(from: news::Column, until: news::Column, now: NaiveDateTime) -> Condition {
    Condition::all()
        .add(Condition::any().add(from.is_null()).add(from.lte(now)))
        .add(Condition::any().add(until.is_null()).add(until.gt(now)))
}

/// `rules::visibility::Schedule::visible` in SQL.
pub fn visible(now: NaiveDateTime) -> Condition {
    Condition::all()
        .add(news::Column::Draft.eq(false))
        .add(window(
            news::Column::VisibleFrom,
            news::Column::VisibleUntil,
            now,
        ))
}

/// `Schedule::pinned_now` in SQL (for rows already known visible).
fn pinned_now(now: NaiveDateTime) -> Condition {
    Condition::all()
        .add(news::Column::Pinned.eq(true))
        .add(window(
            news::Column::PinnedFrom,
            news::Column::PinnedUntil,
            now,
        ))
}

/// The negation of `pinned_now`, written so NULLs cannot hide a row.
fn not_pinned_now(now: NaiveDateTime) -> Condition {
    Condition::any()
        .add(news::Column::Pinned.eq(false))
        .add(news::Column::PinnedFrom.gt(now))
        .add(news::Column::PinnedUntil.lte(now))
}

fn state_cond(state: NewsState, now: NaiveDateTime) -> Condition {
    match state {
        NewsState::Draft => Condition::all().add(news::Column::Draft.eq(true)),
        NewsState::Scheduled => Condition::all()
            .add(news::Column::Draft.eq(false))
            .add(news::Column::VisibleFrom.gt(now)),
        NewsState::Expired => Condition::all()
            .add(news::Column::Draft.eq(false))
            .add(news::Column::VisibleUntil.lte(now)),
        NewsState::Visible => visible(now),
    }
}

fn filtered(site_id: SiteId, f: &Filter, now: NaiveDateTime) -> sea_orm::Select<news::Entity> {
    let mut q = news::Entity::find().filter(news::Column::SiteId.eq(site_id));
    if let Some(c) = f.category {
        q = q.filter(news::Column::CategoryId.eq(c));
    }
    if let Some(g) = f.group {
        q = q.filter(news::Column::GroupId.eq(g));
    }
    if let Some(gs) = &f.groups_in {
        q = q.filter(news::Column::GroupId.is_in(gs.iter().copied()));
    }
    match &f.matching {
        Some(Matching::Ids(ids)) => q = q.filter(news::Column::Id.is_in(ids.iter().copied())),
        Some(Matching::Carrying { token, cap }) => {
            q = q.filter(news::Column::Id.in_subquery(newest_carrying_one(site_id, token, *cap)));
        }
        None => {}
    }
    if let Some(tags) = &f.tag_ids {
        q = q.filter(
            news::Column::Id.in_subquery(
                Query::select()
                    .column(news_tags::Column::NewsId)
                    .from(news_tags::Entity)
                    .and_where(news_tags::Column::TagId.is_in(tags.iter().copied()))
                    .to_owned(),
            ),
        );
    }
    if let Some(s) = f.state {
        q = q.filter(state_cond(s, now));
    }
    q
}

fn newest_first(q: sea_orm::Select<news::Entity>) -> sea_orm::Select<news::Entity> {
    q.order_by_desc(news::Column::DisplayAt)
        .order_by_desc(news::Column::Id)
}

pub struct VisitorPage {
    pub pinned: Vec<NewsRow>,
    pub items: Vec<NewsRow>,
    /// What the rows show besides themselves (read with them).
    pub names: NewsNames,
}

/// The visitor list: items pinned now (page 1 only), then one page of the
/// others, newest first, with the names they show: one statement whatever
/// the page; the totals come from `totals_and_next_transition`.
pub async fn visitor_page(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    f: &Filter,
    now: DateTime<Utc>,
    page: u64,
    per_page: u64,
) -> ApiResult<VisitorPage> {
    let now = now.naive_utc();
    let base = || filtered(site_id, f, now).filter(visible(now));
    let items = newest_first(base().filter(not_pinned_now(now)))
        .offset((page - 1) * per_page)
        .limit(per_page);
    // Page 1 also shows what is pinned now.
    let pinned = (page == 1).then(|| newest_first(base().filter(pinned_now(now))));
    let (items, pinned, names) = newest_first_in_one(db, items, pinned).await?;
    Ok(VisitorPage {
        pinned,
        items,
        names,
    })
}

/// The rows of two newest-first queries, with the names they show, in one
/// statement: each ordered and limited in its own subquery, told apart by a
/// `part` column (text: an integer literal's type differs between the
/// engines).
async fn newest_first_in_one(
    db: &impl ConnectionTrait,
    first: sea_orm::Select<news::Entity>,
    second: Option<sea_orm::Select<news::Entity>>,
) -> ApiResult<(Vec<NewsRow>, Vec<NewsRow>, NewsNames)> {
    let backend = db.get_database_backend();
    let part = |q: sea_orm::Select<news::Entity>, alias: &'static str| {
        Query::select()
            .column((Alias::new(alias), Asterisk))
            .expr_as(Expr::cust(format!("'{alias}'")), Alias::new("part"))
            .from_subquery(
                news_names::with_names(q, backend).into_query(),
                Alias::new(alias),
            )
            .to_owned()
    };
    let mut q = part(first, "first");
    if let Some(second) = second {
        q.union(UnionType::All, part(second, "second"));
    }
    let (mut a, mut b, mut names) = (vec![], vec![], NewsNames::default());
    for row in db.query_all(&q).await? {
        let r = NewsRow::from_query_result(&row, "")?;
        news_names::add_row(&mut names, &row, &r)?;
        let p: String = row.try_get("", "part")?;
        if p == "second" {
            b.push(r);
        } else {
            a.push(r);
        }
    }
    // A union keeps no order of its own.
    for rows in [&mut a, &mut b] {
        rows.sort_by_key(|r| std::cmp::Reverse((r.display_at, r.id)));
    }
    Ok((a, b, names))
}

/// The homepage's news: items pinned now and the newest `limit` others,
/// with the names they show. No counts: the homepage shows no pager, and
/// counting reads every item.
pub async fn pinned_and_latest(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    now: DateTime<Utc>,
    limit: u64,
) -> ApiResult<(Vec<NewsRow>, Vec<NewsRow>, NewsNames)> {
    let now = now.naive_utc();
    let base = || {
        news::Entity::find()
            .filter(news::Column::SiteId.eq(site_id))
            .filter(visible(now))
    };
    let latest = newest_first(base().filter(not_pinned_now(now))).limit(limit);
    let pinned = newest_first(base().filter(pinned_now(now)));
    let (latest, pinned, names) = newest_first_in_one(db, latest, Some(pinned)).await?;
    Ok((pinned, latest, names))
}

/// The editors' list, newest first.
pub async fn manage_page(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    f: &Filter,
    now: DateTime<Utc>,
    page: u64,
    per_page: u64,
) -> ApiResult<(Vec<NewsRow>, u64)> {
    let now = now.naive_utc();
    let items = newest_first(filtered(site_id, f, now))
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let total = filtered(site_id, f, now).count(db).await?;
    Ok((items, total))
}

/// Latest visible items (feeds).
pub async fn latest_visible(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    category: Option<i64>,
    now: DateTime<Utc>,
    limit: u64,
) -> ApiResult<Vec<NewsRow>> {
    let f = Filter {
        category,
        ..Default::default()
    };
    let now = now.naive_utc();
    Ok(
        newest_first(filtered(site_id, &f, now).filter(visible(now)))
            .limit(limit)
            .all(db)
            .await?,
    )
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<NewsRow>> {
    super::of_site::find_of_site::<news::Entity>(db, site_id, id).await
}

/// Prefix of an item's attachment columns in `get_full`.
const FILE: &str = "file_";

/// An item with what it shows besides itself — the names (`with_names`)
/// and its files — in one statement: the row joined to its attachments,
/// one row per file (or one with none), oldest file first.
pub async fn get_full(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<(NewsRow, NewsNames, Vec<AttachmentRow>)>> {
    use super::entities::attachments::{self, Column as A};
    use sea_orm::{IdenStatic, Iterable};
    let item = news::Entity::find()
        .filter(news::Column::SiteId.eq(site_id))
        .filter(news::Column::Id.eq(id));
    let mut q = news_names::with_names(item, db.get_database_backend()).into_query();
    for c in A::iter() {
        q.expr_as(
            Expr::col((attachments::Entity, c)),
            Alias::new(format!("{FILE}{}", c.as_str())),
        );
    }
    q.left_join(
        attachments::Entity,
        Condition::all()
            .add(
                Expr::col((attachments::Entity, A::SiteId))
                    .equals((news::Entity, news::Column::SiteId)),
            )
            .add(Expr::col((attachments::Entity, A::OwnerKind)).eq(super::attachments::NEWS))
            .add(
                Expr::col((attachments::Entity, A::OwnerId))
                    .equals((news::Entity, news::Column::Id)),
            ),
    )
    .order_by((attachments::Entity, A::Id), Order::Asc);
    let rows = db.query_all(&q).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let item = NewsRow::from_query_result(first, "")?;
    let mut names = NewsNames::default();
    news_names::add_row(&mut names, first, &item)?;
    let mut files = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i64>>(FILE, A::Id.as_str())?.is_some() {
            files.push(AttachmentRow::from_query_result(row, FILE)?);
        }
    }
    Ok(Some((item, names, files)))
}

/// The earliest future moment when any of the site's published items
/// appears, disappears, pins or unpins: public caches expire by then.
/// One round trip: four scalar subqueries, each an index probe on
/// `(site_id, <column>)` that stops at the first future value.
pub async fn next_transition(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    now: DateTime<Utc>,
) -> ApiResult<Option<DateTime<Utc>>> {
    let mut q = Query::select();
    for e in next_transition_exprs(site_id, now) {
        q.expr(e);
    }
    let Some(row) = db.query_one(&q).await? else {
        return Ok(None);
    };
    earliest_of(&row, 0)
}

/// The earliest of the four times from column `first` on.
fn earliest_of(row: &sea_orm::QueryResult, first: usize) -> ApiResult<Option<DateTime<Utc>>> {
    let mut best: Option<NaiveDateTime> = None;
    for i in first..first + 4 {
        if let Some(t) = row.try_get_by_index::<Option<NaiveDateTime>>(i)? {
            best = Some(best.map_or(t, |b| Ord::min(b, t)));
        }
    }
    Ok(best.map(|t| t.and_utc()))
}

/// A visitor list's totals — (not pinned now, pinned now) — and the next
/// scheduled change of the site's news, in one statement.
pub async fn totals_and_next_transition(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    f: &Filter,
    now: DateTime<Utc>,
) -> ApiResult<((u64, u64), Option<DateTime<Utc>>)> {
    let n = now.naive_utc();
    let count = |pinned: Condition| {
        Expr::from(
            filtered(site_id, f, n)
                .filter(visible(n))
                .filter(pinned)
                .select_only()
                .expr(Expr::col((news::Entity, news::Column::Id)).count())
                .into_query(),
        )
    };
    let mut q = Query::select();
    q.expr(count(not_pinned_now(n))).expr(count(pinned_now(n)));
    for e in next_transition_exprs(site_id, now) {
        q.expr(e);
    }
    let Some(row) = db.query_one(&q).await? else {
        return Ok(((0, 0), None));
    };
    let total = |i: usize| -> ApiResult<u64> {
        Ok(u64::try_from(row.try_get_by_index::<i64>(i)?).unwrap_or(0))
    };
    Ok(((total(0)?, total(1)?), earliest_of(&row, 2)?))
}

/// The next time any item of the site appears, goes, or starts or stops
/// being pinned: four scalar subqueries, each one index probe.
fn next_transition_exprs(site_id: SiteId, now: DateTime<Utc>) -> [Expr; 4] {
    let n = now.naive_utc();
    let next_of = |col: news::Column, pinned_only: bool| {
        let mut q = Query::select();
        q.column(col)
            .from(news::Entity)
            .and_where(news::Column::SiteId.eq(site_id))
            .and_where(news::Column::Draft.eq(false))
            .and_where(col.gt(n))
            .order_by(col, Order::Asc)
            .limit(1);
        if pinned_only {
            q.and_where(news::Column::Pinned.eq(true));
        }
        Expr::from(q)
    };
    [
        next_of(news::Column::VisibleFrom, false),
        next_of(news::Column::VisibleUntil, false),
        next_of(news::Column::PinnedFrom, true),
        next_of(news::Column::PinnedUntil, true),
    ]
}

/// The items a keyword matched, as a list filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matching {
    /// Confirmed by reading them (a keyword of several tokens).
    Ids(Vec<i64>),
    /// The newest `cap` items carrying `token`, a keyword that is one whole
    /// token: the index says it all, and as a subquery the list's
    /// statements read the same whatever it matches (prepared once, no
    /// thousand-id `IN` list built, sent and parsed twice per search).
    Carrying { token: String, cap: usize },
}

/// The items matching a keyword: the newest `cap` candidates at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHits {
    pub matching: Matching,
    /// More items carried every token than were looked at: the results are
    /// the newest matches, and totals count only those.
    pub capped: bool,
}

/// The site's token index entries for `token`, newest item first (one
/// index range, (site_id, token, news_id) walked backwards), news ids only.
fn newest_carrying(site_id: SiteId, token: &str) -> sea_orm::Select<news_search_tokens::Entity> {
    news_search_tokens::Entity::find()
        .select_only()
        .column(news_search_tokens::Column::NewsId)
        .filter(news_search_tokens::Column::SiteId.eq(site_id))
        .filter(news_search_tokens::Column::Token.eq(token))
        .order_by_desc(news_search_tokens::Column::NewsId)
}

/// The newest `cap` items carrying `token`, as a subquery (wrapped in a
/// derived table: MariaDB takes no `LIMIT` directly inside `IN (…)`).
fn newest_carrying_one(
    site_id: SiteId,
    token: &str,
    cap: usize,
) -> sea_orm::sea_query::SelectStatement {
    let newest = newest_carrying(site_id, token)
        .limit(cap as u64)
        .into_query();
    Query::select()
        .column(news_search_tokens::Column::NewsId)
        .from_subquery(newest, Alias::new("newest"))
        .to_owned()
}

/// The newest `cap + 1` items carrying every one of `tokens`: the first
/// token's index range walked backwards, each row kept when the others'
/// entries for the same item exist (one index probe each). It stops at the
/// cap: a common word costs about `cap` probes per token, not a pass over
/// every entry of every token, as grouping them all first would.
fn newest_carrying_all(
    site_id: SiteId,
    tokens: &[String],
    cap: usize,
) -> sea_orm::sea_query::SelectStatement {
    use news_search_tokens::Column as T;
    let first = Alias::new("t0");
    let mut q = Query::select();
    q.column((first.clone(), T::NewsId))
        .from_as(news_search_tokens::Entity, first.clone())
        .and_where(Expr::col((first.clone(), T::SiteId)).eq(site_id.get()))
        .and_where(Expr::col((first.clone(), T::Token)).eq(tokens[0].as_str()));
    for (i, token) in tokens.iter().enumerate().skip(1) {
        let other = Alias::new(format!("t{i}"));
        let mut probe = Query::select();
        probe
            .expr(Expr::val(1))
            .from_as(news_search_tokens::Entity, other.clone())
            .and_where(Expr::col((other.clone(), T::SiteId)).eq(site_id.get()))
            .and_where(Expr::col((other.clone(), T::Token)).eq(token.as_str()))
            .and_where(Expr::col((other, T::NewsId)).equals((first.clone(), T::NewsId)));
        q.and_where(Expr::exists(probe));
    }
    q.order_by((first, T::NewsId), Order::Desc)
        .limit(cap as u64 + 1);
    q
}

/// Ids of the site's items containing every term of `keyword`: the newest
/// candidates from the token index (all tokens present), confirmed by a
/// substring check. The candidate set is capped so that a one-character
/// query on a 100,000-item site reads a bounded number of rows and never
/// builds an `IN (…)` list past the databases' bind-parameter limits.
pub async fn search(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    keyword: &str,
    cap: usize,
) -> ApiResult<SearchHits> {
    let tokens = search::query_tokens(keyword);
    let none = SearchHits {
        matching: Matching::Ids(vec![]),
        capped: false,
    };
    if tokens.is_empty() {
        return Ok(none);
    }
    if search::token_is_exact(keyword) {
        // One token that is the keyword: the list takes the newest items
        // carrying it straight from the index ((site_id, token, news_id)
        // backwards), no bodies read. Capped when an entry lies past the cap.
        let token = tokens.into_iter().next().unwrap_or_default();
        let past_cap: Option<i64> = newest_carrying(site_id, &token)
            .offset(cap as u64)
            .limit(1)
            .into_tuple()
            .one(db)
            .await?;
        return Ok(SearchHits {
            matching: Matching::Carrying { token, cap },
            capped: past_cap.is_some(),
        });
    }
    let mut candidates = Vec::with_capacity(cap + 1);
    for row in db
        .query_all(&newest_carrying_all(site_id, &tokens, cap))
        .await?
    {
        candidates.push(row.try_get_by_index::<i64>(0)?);
    }
    let capped = candidates.len() > cap;
    candidates.truncate(cap);
    if candidates.is_empty() {
        return Ok(none);
    }
    let terms = search::terms(keyword);
    let rows: Vec<(i64, String, String)> = news::Entity::find()
        .select_only()
        .columns([news::Column::Id, news::Column::Title, news::Column::Body])
        .filter(news::Column::SiteId.eq(site_id))
        .filter(news::Column::Id.is_in(candidates))
        .into_tuple()
        .all(db)
        .await?;
    let ids = rows
        .into_iter()
        .filter(|(_, title, body)| search::matches(&searchable(title, body), &terms))
        .map(|(id, _, _)| id)
        .collect();
    Ok(SearchHits {
        matching: Matching::Ids(ids),
        capped,
    })
}

fn searchable(title: &str, body: &str) -> String {
    format!("{title}\n{}", crate::rules::text::plain_text(body))
}

/// An item as an editor saves it: the validated fields, the owner group,
/// who saves it and when.
pub struct Edit<'a> {
    pub fields: &'a ValidNews,
    pub group_id: i64,
    pub by: Option<i64>,
    pub at: NaiveDateTime,
    /// The version this save brings back ("restore this version").
    pub restored_from: Option<u32>,
}

/// Stores an item (a new one when `existing` is `None`) with its tags and
/// search tokens. Without a display time of its own, an item keeps the one
/// it had, else shows from the start of its window, else from now.
pub async fn save(tx: &SiteTx, existing: Option<&NewsRow>, e: Edit<'_>) -> ApiResult<NewsRow> {
    let v = e.fields;
    let display_at = v
        .display_at
        .map(|t| t.naive_utc())
        .or(existing.map(|x| x.display_at))
        .or(v.visible_from.map(|t| t.naive_utc()))
        .unwrap_or(e.at);
    let mut row = match existing {
        Some(x) if x.site_id != tx.site().get() => return Err(ApiError::NotFound),
        Some(x) => news::ActiveModel::from(x.clone()),
        None => news::ActiveModel {
            site_id: Set(tx.site().get()),
            created_by: Set(e.by),
            created_at: Set(e.at),
            ..Default::default()
        },
    };
    row.title = Set(v.title.clone());
    row.body = Set(v.body.clone());
    row.category_id = Set(v.category_id);
    row.group_id = Set(e.group_id);
    row.display_at = Set(display_at);
    row.visible_from = Set(v.visible_from.map(|t| t.naive_utc()));
    row.visible_until = Set(v.visible_until.map(|t| t.naive_utc()));
    row.pinned = Set(v.pinned);
    row.pinned_from = Set(v.pinned_from.map(|t| t.naive_utc()));
    row.pinned_until = Set(v.pinned_until.map(|t| t.naive_utc()));
    row.draft = Set(v.draft);
    row.updated_by = Set(e.by);
    row.updated_at = Set(e.at);
    let saved = super::site_tx::write_public_row(tx, "news", existing, row).await?;
    if let Some(n) = e.restored_from {
        tx.mark_restore("news", saved.id, n);
    }
    super::tags::set_for_news(tx, saved.id, &v.tags).await?;
    write_tokens(tx, saved.id, &saved.title, &saved.body).await?;
    let fields = RevisionFields {
        tags: v.tags.clone(),
        category_id: saved.category_id,
        group_id: Some(saved.group_id),
        display_at: Some(saved.display_at.and_utc()),
        visible_from: saved.visible_from.map(|t| t.and_utc()),
        visible_until: saved.visible_until.map(|t| t.and_utc()),
        pinned: saved.pinned,
        pinned_from: saved.pinned_from.map(|t| t.and_utc()),
        pinned_until: saved.pinned_until.map(|t| t.and_utc()),
        draft: saved.draft,
        ..RevisionFields::default()
    };
    let item = (saved.id, saved.title.as_str(), saved.body.as_str());
    super::revisions::add_saved(tx, super::revisions::NEWS, item, e.restored_from, fields).await?;
    Ok(saved)
}

/// Rewrites an item's search tokens.
pub(in crate::storage) async fn write_tokens(
    tx: &SiteTx,
    news_id: i64,
    title: &str,
    body: &str,
) -> ApiResult<()> {
    news_search_tokens::Entity::delete_many()
        .filter(news_search_tokens::Column::NewsId.eq(news_id))
        .filter(news_search_tokens::Column::SiteId.eq(tx.site()))
        .exec(tx.conn())
        .await?;
    let tokens: Vec<String> = search::document_tokens(&searchable(title, body))
        .into_iter()
        .collect();
    for chunk in tokens.chunks(500) {
        news_search_tokens::Entity::insert_many(chunk.iter().map(|t| {
            news_search_tokens::ActiveModel {
                site_id: Set(tx.site().get()),
                news_id: Set(news_id),
                token: Set(t.clone()),
                ..Default::default()
            }
        }))
        .exec_without_returning(tx.conn())
        .await?;
    }
    Ok(())
}

/// Moves an item to the trash: its row, tags, search tokens and
/// attachment rows go (visitors no longer see it), kept in the trash with
/// the files left on disk. An item of another site, or none, is `NotFound`.
pub async fn delete(tx: &SiteTx, id: i64) -> ApiResult<()> {
    let Some(item) = get(tx.conn(), tx.site(), id).await? else {
        return Err(ApiError::NotFound);
    };
    tx.record(super::audit::deleted("news", &item));
    let tags = super::tags::of_news(tx.conn(), tx.site(), &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let files = super::attachments::delete_of_owner(tx, super::attachments::NEWS, id).await?;
    news_search_tokens::Entity::delete_many()
        .filter(news_search_tokens::Column::NewsId.eq(id))
        .filter(news_search_tokens::Column::SiteId.eq(tx.site()))
        .exec(tx.conn())
        .await?;
    let res = news::Entity::delete_many()
        .filter(news::Column::SiteId.eq(tx.site()))
        .filter(news::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    if res.rows_affected != 1 {
        return Err(ApiError::NotFound);
    }
    // Tag links of an item of this site only: the item row was just found.
    news_tags::Entity::delete_many()
        .filter(news_tags::Column::NewsId.eq(id))
        .exec(tx.conn())
        .await?;
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry {
            item_id: id,
            label: item.title.clone(),
            owner_group_id: Some(item.group_id),
            edit_group_ids: vec![],
            files: files.iter().map(|f| f.stored_name.clone()).collect(),
            payload: super::trash_bin::Payload::News {
                row: item,
                tags,
                files,
            },
        },
    )
    .await?;
    tx.public_content_changed();
    Ok(())
}

/// Puts a news item from the trash back under its id, with its tags,
/// search tokens and files. A category that is gone becomes none; an
/// owning group that is gone becomes the site's administrators' group.
pub(in crate::storage) async fn put_back(
    tx: &SiteTx,
    mut row: NewsRow,
    tags: &[String],
    files: Vec<AttachmentRow>,
) -> ApiResult<Vec<TrashNote>> {
    let mut notes = vec![];
    // The category table is read here, not through `storage::news_categories`
    // (which clears categories through this module: no import circle).
    if let Some(c) = row.category_id
        && super::entities::news_categories::Entity::find_by_id(c)
            .filter(super::entities::news_categories::Column::SiteId.eq(tx.site()))
            .one(tx.conn())
            .await?
            .is_none()
    {
        row.category_id = None;
        notes.push(TrashNote::CategoryGone);
    }
    if super::groups::get(tx.conn(), tx.site(), row.group_id)
        .await?
        .is_none()
    {
        let (id, name) = super::groups::admin_group_of(tx).await?;
        row.group_id = id;
        notes.push(TrashNote::OwnerGroupGone { now_group: name });
    }
    let saved = super::trash_bin::insert_again(tx, row).await?;
    tx.record(super::audit::created("news", &saved));
    super::tags::set_for_news(tx, saved.id, tags).await?;
    write_tokens(tx, saved.id, &saved.title, &saved.body).await?;
    for f in files {
        super::trash_bin::insert_again(tx, f).await?;
    }
    tx.public_content_changed();
    Ok(notes)
}

/// Un-sets a deleted category on its items.
pub async fn clear_category(tx: &SiteTx, category_id: i64) -> ApiResult<()> {
    news::Entity::update_many()
        .col_expr(news::Column::CategoryId, Expr::value(Option::<i64>::None))
        .filter(news::Column::SiteId.eq(tx.site()))
        .filter(news::Column::CategoryId.eq(category_id))
        .exec(tx.conn())
        .await?;
    // Recorded by the category's delete, which calls this.
    tx.public_content_changed();
    Ok(())
}

/// Tags of visible items with their counts.
pub async fn visible_tag_counts(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    now: DateTime<Utc>,
) -> ApiResult<Vec<(String, u64)>> {
    use super::entities::tags;
    let now = now.naive_utc();
    // A subquery, not a list of ids: a large site's visible ids would pass
    // the databases' bind-parameter limits.
    let visible_ids = Query::select()
        .column(news::Column::Id)
        .from(news::Entity)
        .and_where(news::Column::SiteId.eq(site_id))
        .cond_where(visible(now))
        .to_owned();
    let rows: Vec<(i64, i64)> = news_tags::Entity::find()
        .select_only()
        .column(news_tags::Column::TagId)
        .column_as(Expr::col(news_tags::Column::NewsId).count(), "n")
        .filter(news_tags::Column::NewsId.in_subquery(visible_ids))
        .group_by(news_tags::Column::TagId)
        .into_tuple()
        .all(db)
        .await?;
    let names: std::collections::HashMap<i64, String> = tags::Entity::find()
        .filter(tags::Column::SiteId.eq(site_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut out: Vec<(String, u64)> = rows
        .into_iter()
        .filter_map(|(id, n)| names.get(&id).map(|name| (name.clone(), n as u64)))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}
