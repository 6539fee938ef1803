//! Groups of a site and memberships.

use super::entities::{groups, user_groups};
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use crate::rules::input::groups::GroupChanges;
use crate::rules::permissions::GroupInfo;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;
use yass_shared_types::problem::Reference;
use yass_shared_types::users::GroupKind;

pub use groups::Model as GroupRow;

/// The name every site's administrators' group starts with.
pub const ADMIN_GROUP_NAME: &str = "網站管理員";

/// Creates a site's administrators' group; returns its id.
pub(in crate::storage) async fn insert_admin_group(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    now: chrono::NaiveDateTime,
) -> ApiResult<i64> {
    let g = groups::ActiveModel {
        site_id: Set(site_id.get()),
        name: Set(ADMIN_GROUP_NAME.into()),
        kind: Set(GroupKind::Admin.as_str().into()),
        parent_id: Set(None),
        sort_order: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(g.id)
}

pub async fn list(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<GroupRow>> {
    Ok(groups::Entity::find()
        .filter(groups::Column::SiteId.eq(site_id))
        .order_by_asc(groups::Column::SortOrder)
        .order_by_asc(groups::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<GroupRow>> {
    super::of_site::find_of_site::<groups::Entity>(db, site_id, id).await
}

/// A group to add; the caller checked the name and that the parent is a
/// group of the site shallow enough to nest under.
pub struct NewGroup {
    pub name: String,
    pub kind: GroupKind,
    pub parent_id: Option<i64>,
    pub order: i32,
    pub at: chrono::NaiveDateTime,
}

/// Adds a group to the site. A new group has no news, links or members yet,
/// so visitors see nothing new: the caches stay (as before the write path).
pub async fn create(tx: &SiteTx, g: NewGroup) -> ApiResult<GroupRow> {
    require_parent_in_site(tx, g.parent_id).await?;
    let row = groups::ActiveModel {
        site_id: Set(tx.site().get()),
        name: Set(g.name),
        kind: Set(g.kind.as_str().into()),
        parent_id: Set(g.parent_id),
        sort_order: Set(g.order),
        created_at: Set(g.at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record(super::audit::created("group", &row));
    Ok(row)
}

/// Renames, re-kinds, reorders or moves a group of the site. Public: news
/// items show their group's name, and rights derive from the tree.
/// The changes were validated by `rules::input::groups::group_changes`.
pub async fn update(tx: &SiteTx, existing: &GroupRow, e: GroupChanges) -> ApiResult<GroupRow> {
    if existing.site_id != tx.site().get() {
        return Err(ApiError::NotFound);
    }
    let mut row = groups::ActiveModel::from(existing.clone());
    if let Some(n) = e.name {
        row.name = Set(n);
    }
    if let Some(k) = e.kind {
        row.kind = Set(k.as_str().into());
    }
    if let Some(o) = e.order {
        row.sort_order = Set(o);
    }
    if let Some(p) = e.parent_id {
        require_parent_in_site(tx, p).await?;
        row.parent_id = Set(p);
    }
    // Archiving again keeps the first time it was archived.
    match (e.archived, existing.archived_at) {
        (Some(true), None) => row.archived_at = Set(Some(tx.author().at)),
        (Some(false), Some(_)) => row.archived_at = Set(None),
        _ => {}
    }
    let updated = row.update(tx.conn()).await?;
    tx.record(super::audit::updated("group", existing, &updated));
    tx.public_content_changed();
    Ok(updated)
}

/// Deletes a group nothing refers to (`GroupInUse` with the references
/// otherwise, `NotFound` when the site has no such group). The references
/// are read inside the transaction, so the check and the delete agree.
pub async fn delete(tx: &SiteTx, id: i64) -> ApiResult<()> {
    let refs = references(tx.conn(), tx.site(), id).await?;
    if !refs.is_empty() {
        return Err(ApiError::GroupInUse(refs));
    }
    // Public: rights derive from groups, so every cached view built with
    // the old tree must go.
    super::site_tx::delete_public_row::<groups::Entity>(tx, "group", id)
        .await
        .map(drop)
}

/// The site's administrators' group (made if a site from before
/// provisioning lacks one): where an item whose owning group is gone goes.
pub(in crate::storage) async fn admin_group_of(tx: &SiteTx) -> ApiResult<(i64, String)> {
    let all = list(tx.conn(), tx.site()).await?;
    if let Some(g) = all.iter().find(|g| kind(g) == GroupKind::Admin) {
        return Ok((g.id, g.name.clone()));
    }
    let id = insert_admin_group(tx.conn(), tx.site(), tx.author().at).await?;
    Ok((id, ADMIN_GROUP_NAME.to_string()))
}

/// The site's administrators' group, made (and recorded) when a site from
/// before provisioning did so lacks one.
pub async fn ensure_admin_group(tx: &SiteTx) -> ApiResult<i64> {
    let all = list(tx.conn(), tx.site()).await?;
    if let Some(g) = all.iter().find(|g| kind(g) == GroupKind::Admin) {
        return Ok(g.id);
    }
    let id = insert_admin_group(tx.conn(), tx.site(), tx.author().at).await?;
    if let Some(row) = get(tx.conn(), tx.site(), id).await? {
        tx.record(super::audit::created("group", &row));
    }
    // Rights derive from groups: cached views built without it must go.
    tx.public_content_changed();
    Ok(id)
}

/// A parent must be a group of the transaction's own site: a tree never
/// spans two schools.
async fn require_parent_in_site(tx: &SiteTx, parent_id: Option<i64>) -> ApiResult<()> {
    match parent_id {
        Some(p) if get(tx.conn(), tx.site(), p).await?.is_none() => Err(ApiError::NotFound),
        _ => Ok(()),
    }
}

pub fn kind(row: &GroupRow) -> GroupKind {
    GroupKind::parse(&row.kind).unwrap_or(GroupKind::Normal)
}

pub fn infos(rows: &[GroupRow]) -> Vec<GroupInfo> {
    rows.iter()
        .map(|g| GroupInfo {
            id: g.id,
            parent_id: g.parent_id,
            kind: kind(g),
        })
        .collect()
}

/// Direct members per group of the site.
pub async fn member_counts(
    db: &impl ConnectionTrait,
    site_id: SiteId,
) -> ApiResult<HashMap<i64, u64>> {
    let rows: Vec<(i64, i64)> = user_groups::Entity::find()
        .select_only()
        .column(user_groups::Column::GroupId)
        .column_as(Expr::col(user_groups::Column::UserId).count(), "n")
        .inner_join_groups()
        .filter(groups::Column::SiteId.eq(site_id))
        .group_by(user_groups::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(g, n)| (g, n as u64)).collect())
}

/// Joins without a declared relation (entities stay one table each).
trait JoinGroups {
    fn inner_join_groups(self) -> Self;
}

impl JoinGroups for sea_orm::Select<user_groups::Entity> {
    fn inner_join_groups(self) -> Self {
        self.join(
            sea_orm::JoinType::InnerJoin,
            sea_orm::RelationDef::from(
                user_groups::Entity::belongs_to(groups::Entity)
                    .from(user_groups::Column::GroupId)
                    .to(groups::Column::Id),
            ),
        )
    }
}

/// At most this many references of each kind are listed: enough to act on,
/// bounded however much a group owns.
pub const MAX_REFERENCES_PER_KIND: u64 = 50;

/// Everything on the site that refers to `group_id`: read and edit lists of
/// pages, owners of news and links, members and sub-groups. A group that is
/// referred to must not be deleted: its disappearance would silently change
/// who may read or edit (issue 12).
pub async fn references(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    group_id: i64,
) -> ApiResult<Vec<Reference>> {
    use super::entities::{links, news, page_edit_groups, page_read_groups, pages, users};
    use sea_orm::{JoinType, RelationDef, Select};
    const N: u64 = MAX_REFERENCES_PER_KIND;
    let mut out = vec![];
    let mut push = |kind: &str, rows: Vec<(i64, String)>| {
        out.extend(rows.into_iter().map(|(id, title)| Reference {
            kind: kind.into(),
            id,
            title,
        }));
    };
    fn page_titles(rel: RelationDef, site_id: SiteId) -> Select<pages::Entity> {
        pages::Entity::find()
            .select_only()
            .column(pages::Column::Id)
            .column(pages::Column::Title)
            .join(JoinType::InnerJoin, rel)
            .filter(pages::Column::SiteId.eq(site_id))
            .order_by_asc(pages::Column::Id)
    }
    let read_rel = pages::Entity::belongs_to(page_read_groups::Entity)
        .from(pages::Column::Id)
        .to(page_read_groups::Column::PageId)
        .into();
    push(
        "page_read",
        page_titles(read_rel, site_id)
            .filter(page_read_groups::Column::GroupId.eq(group_id))
            .limit(N)
            .into_tuple()
            .all(db)
            .await?,
    );
    let edit_rel = pages::Entity::belongs_to(page_edit_groups::Entity)
        .from(pages::Column::Id)
        .to(page_edit_groups::Column::PageId)
        .into();
    push(
        "page_edit",
        page_titles(edit_rel, site_id)
            .filter(page_edit_groups::Column::GroupId.eq(group_id))
            .limit(N)
            .into_tuple()
            .all(db)
            .await?,
    );
    push(
        "news",
        news::Entity::find()
            .select_only()
            .column(news::Column::Id)
            .column(news::Column::Title)
            .filter(news::Column::SiteId.eq(site_id))
            .filter(news::Column::GroupId.eq(group_id))
            .order_by_asc(news::Column::Id)
            .limit(N)
            .into_tuple()
            .all(db)
            .await?,
    );
    push(
        "link",
        links::Entity::find()
            .select_only()
            .column(links::Column::Id)
            .column(links::Column::Title)
            .filter(links::Column::SiteId.eq(site_id))
            .filter(links::Column::GroupId.eq(group_id))
            .order_by_asc(links::Column::Id)
            .limit(N)
            .into_tuple()
            .all(db)
            .await?,
    );
    let member_rel = users::Entity::belongs_to(user_groups::Entity)
        .from(users::Column::Id)
        .to(user_groups::Column::UserId)
        .into();
    push(
        "member",
        users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .column(users::Column::Account)
            .join(JoinType::InnerJoin, member_rel)
            .filter(users::Column::SiteId.eq(site_id))
            .filter(user_groups::Column::GroupId.eq(group_id))
            .order_by_asc(users::Column::Id)
            .limit(N)
            .into_tuple()
            .all(db)
            .await?,
    );
    push(
        "sub_group",
        groups::Entity::find()
            .select_only()
            .column(groups::Column::Id)
            .column(groups::Column::Name)
            .filter(groups::Column::SiteId.eq(site_id))
            .filter(groups::Column::ParentId.eq(group_id))
            .order_by_asc(groups::Column::Id)
            .limit(N)
            .into_tuple()
            .all(db)
            .await?,
    );
    Ok(out)
}
