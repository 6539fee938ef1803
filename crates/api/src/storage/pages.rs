//! Pages and their edit/read groups. Page routes build on this; the nav tree,
//! sitemap, head tags and attachment downloads use `restricted_of` to leave
//! restricted pages out for whoever may not read them.

use super::attachments::AttachmentRow;
use super::entities::{page_edit_groups, page_read_groups, pages};
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;
use yass_shared_types::content::PageVisibility;
use yass_shared_types::revisions::RevisionFields;
use yass_shared_types::trash::TrashNote;

pub use pages::Model as PageRow;

pub fn visibility(p: &PageRow) -> PageVisibility {
    PageVisibility::parse(&p.visibility)
}

/// Of `page_ids` (pages of the site), the restricted ones with their read
/// groups — possibly none, which leaves the page to site admins. A page not
/// in the answer is public. One statement whatever the number of pages.
pub async fn restricted_of(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if page_ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Anything but `public` is restricted: an unknown value never publishes.
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let q = Query::select()
        .column((pages::Entity, pages::Column::Id))
        .column((page_read_groups::Entity, page_read_groups::Column::GroupId))
        .from(pages::Entity)
        .left_join(
            page_read_groups::Entity,
            Expr::col((page_read_groups::Entity, page_read_groups::Column::PageId))
                .equals((pages::Entity, pages::Column::Id)),
        )
        .and_where(Expr::col((pages::Entity, pages::Column::SiteId)).eq(Expr::val(site_id)))
        .and_where(Expr::col((pages::Entity, pages::Column::Id)).is_in(page_ids.iter().copied()))
        .and_where(
            Expr::col((pages::Entity, pages::Column::Visibility))
                .ne(PageVisibility::Public.as_str()),
        )
        .to_owned();
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in db.query_all(&q).await? {
        let page: i64 = row.try_get_by_index(0)?;
        let group: Option<i64> = row.try_get_by_index(1)?;
        out.entry(page).or_default().extend(group);
    }
    Ok(out)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<PageRow>> {
    Ok(pages::Entity::find_by_id(id)
        .filter(pages::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

pub async fn list(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<PageRow>> {
    Ok(pages::Entity::find()
        .filter(pages::Column::SiteId.eq(site_id))
        .order_by_asc(pages::Column::Id)
        .all(db)
        .await?)
}

/// Of `ids`, those that are pages of the site.
pub async fn existing_ids(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    ids: &[i64],
) -> ApiResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(pages::Entity::find()
        .select_only()
        .column(pages::Column::Id)
        .filter(pages::Column::SiteId.eq(site_id))
        .filter(pages::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?)
}

/// Read groups of each of the site's `page_ids` (absent = none), in one
/// query. Whether they restrict the page is its `visibility`.
pub async fn read_groups_of(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    use page_read_groups::Column as C;
    groups_of::<page_read_groups::Entity>(db, site_id, page_ids, C::PageId, C::GroupId).await
}

/// Edit groups of each of the site's `page_ids` (absent = none), in one
/// query.
pub async fn edit_groups_of(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    use page_edit_groups::Column as C;
    groups_of::<page_edit_groups::Entity>(db, site_id, page_ids, C::PageId, C::GroupId).await
}

/// One page of the site's edit and read groups, each sorted (as the page
/// view, its rights checks and its revisions show them).
pub async fn group_lists(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_id: i64,
) -> ApiResult<(Vec<i64>, Vec<i64>)> {
    let take = |mut m: HashMap<i64, Vec<i64>>| {
        let mut ids = m.remove(&page_id).unwrap_or_default();
        ids.sort_unstable();
        ids
    };
    let edit = take(edit_groups_of(db, site_id, &[page_id]).await?);
    let read = take(read_groups_of(db, site_id, &[page_id]).await?);
    Ok((edit, read))
}

/// The groups each page holds in one of the two page–group tables. The
/// tables have no `site_id`: the pages' own does the scoping, so an id of
/// another school's page finds nothing.
async fn groups_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_ids: &[i64],
    page_col: E::Column,
    group_col: E::Column,
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if page_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let site_pages =
        super::ids_in_site::<pages::Entity>(pages::Column::Id, site_id, pages::Column::SiteId);
    let rows: Vec<(i64, i64)> = E::find()
        .select_only()
        .column(page_col)
        .column(group_col)
        .filter(page_col.is_in(page_ids.iter().copied()))
        .filter(page_col.in_subquery(site_pages))
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (page, group) in rows {
        out.entry(page).or_default().push(group);
    }
    Ok(out)
}

/// A page as it is saved: text, visibility, who and when. Group lists that
/// are `None` stay as they are; the caller checked every id is the site's.
pub struct Edit<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub visibility: PageVisibility,
    pub edit_groups: Option<&'a [i64]>,
    pub read_groups: Option<&'a [i64]>,
    pub tags: &'a [String],
    pub by: Option<i64>,
    pub at: NaiveDateTime,
    /// The version this save brings back ("restore this version").
    pub restored_from: Option<u32>,
}

/// Stores a page (a new one when `existing` is `None`) with its group lists
/// and tags.
pub async fn save(tx: &SiteTx, existing: Option<&PageRow>, e: Edit<'_>) -> ApiResult<PageRow> {
    let mut row = match existing {
        Some(x) if x.site_id != tx.site().get() => return Err(ApiError::NotFound),
        Some(x) => pages::ActiveModel::from(x.clone()),
        None => pages::ActiveModel {
            site_id: Set(tx.site().get()),
            created_by: Set(e.by),
            created_at: Set(e.at),
            ..Default::default()
        },
    };
    row.title = Set(e.title.into());
    row.body = Set(e.body.into());
    row.visibility = Set(e.visibility.as_str().into());
    row.updated_by = Set(e.by);
    row.updated_at = Set(e.at);
    let saved = super::site_tx::write_public_row(tx, "page", existing, row).await?;
    if let Some(n) = e.restored_from {
        tx.mark_restore("page", saved.id, n);
    }
    if let Some(g) = e.edit_groups {
        record_rights(
            tx,
            saved.id,
            "edit_group_ids",
            edit_groups_of(tx.conn(), tx.site(), &[saved.id]).await?,
            g,
        );
        set_groups(tx, saved.id, g, false).await?;
    }
    if let Some(g) = e.read_groups {
        record_rights(
            tx,
            saved.id,
            "read_group_ids",
            read_groups_of(tx.conn(), tx.site(), &[saved.id]).await?,
            g,
        );
        set_groups(tx, saved.id, g, true).await?;
    }
    super::tags::set_for_page(tx, saved.id, e.tags).await?;
    let (edit_group_ids, read_group_ids) = group_lists(tx.conn(), tx.site(), saved.id).await?;
    let fields = RevisionFields {
        tags: e.tags.to_vec(),
        visibility: Some(saved.visibility.clone()),
        edit_group_ids,
        read_group_ids,
        ..RevisionFields::default()
    };
    let item = (saved.id, saved.title.as_str(), saved.body.as_str());
    super::revisions::add_saved(tx, super::revisions::PAGE, item, e.restored_from, fields).await?;
    Ok(saved)
}

/// Records a change of a page's edit or read groups, when there is one.
fn record_rights(
    tx: &SiteTx,
    page_id: i64,
    field: &str,
    mut old: HashMap<i64, Vec<i64>>,
    new: &[i64],
) {
    let mut old = old.remove(&page_id).unwrap_or_default();
    let mut new = new.to_vec();
    old.sort_unstable();
    new.sort_unstable();
    new.dedup();
    if old != new {
        let changes = serde_json::json!({"before": {field: old}, "after": {field: new}});
        tx.record(super::audit::other("page", Some(page_id), "update", "", changes).side_effect());
    }
}

/// Replaces a page's edit or read groups.
async fn set_groups(tx: &SiteTx, page_id: i64, group_ids: &[i64], read: bool) -> ApiResult<()> {
    let db = tx.conn();
    let mut ids = group_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if read {
        page_read_groups::Entity::delete_many()
            .filter(page_read_groups::Column::PageId.eq(page_id))
            .exec(db)
            .await?;
        for g in ids {
            page_read_groups::ActiveModel {
                page_id: Set(page_id),
                group_id: Set(g),
            }
            .insert(db)
            .await?;
        }
    } else {
        page_edit_groups::Entity::delete_many()
            .filter(page_edit_groups::Column::PageId.eq(page_id))
            .exec(db)
            .await?;
        for g in ids {
            page_edit_groups::ActiveModel {
                page_id: Set(page_id),
                group_id: Set(g),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Moves a page to the trash: its row, group lists, tags, attachment rows
/// and the menu items that link to it go (a menu must not keep a link to a
/// page that is gone), kept in the trash with the files left on disk.
/// `NotFound` when the site has no such page.
pub async fn delete(tx: &SiteTx, id: i64) -> ApiResult<()> {
    use super::entities::page_tags;
    let Some(page) = get(tx.conn(), tx.site(), id).await? else {
        return Err(ApiError::NotFound);
    };
    tx.record(super::audit::deleted("page", &page));
    let take = |mut m: HashMap<i64, Vec<i64>>| m.remove(&id).unwrap_or_default();
    let edit_groups = take(edit_groups_of(tx.conn(), tx.site(), &[id]).await?);
    let read_groups = take(read_groups_of(tx.conn(), tx.site(), &[id]).await?);
    let tags = super::tags::of_page(tx.conn(), tx.site(), id).await?;
    let files = super::attachments::delete_of_owner(tx, super::attachments::PAGE, id).await?;
    let nav = super::nav::on_page_deleted(tx, id).await?;
    page_tags::Entity::delete_many()
        .filter(page_tags::Column::PageId.eq(id))
        .exec(tx.conn())
        .await?;
    set_groups(tx, id, &[], true).await?;
    set_groups(tx, id, &[], false).await?;
    pages::Entity::delete_many()
        .filter(pages::Column::SiteId.eq(tx.site()))
        .filter(pages::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry {
            item_id: id,
            label: page.title.clone(),
            owner_group_id: None,
            edit_group_ids: edit_groups.clone(),
            files: files.iter().map(|f| f.stored_name.clone()).collect(),
            payload: super::trash_bin::Payload::Page {
                row: page,
                tags,
                edit_groups,
                read_groups,
                files,
                nav,
            },
        },
    )
    .await?;
    tx.public_content_changed();
    Ok(())
}

/// Puts a page from the trash back under its id with its groups (those
/// that still exist: a page never opens up because a group is gone), tags,
/// files and the menu items that pointed at it.
pub(in crate::storage) async fn put_back(
    tx: &SiteTx,
    row: PageRow,
    tags: &[String],
    edit_groups: &[i64],
    read_groups: &[i64],
    files: Vec<AttachmentRow>,
    nav: Vec<super::nav::NavRow>,
) -> ApiResult<Vec<TrashNote>> {
    let known: Vec<i64> = super::groups::list(tx.conn(), tx.site())
        .await?
        .iter()
        .map(|g| g.id)
        .collect();
    let keep =
        |ids: &[i64]| -> Vec<i64> { ids.iter().copied().filter(|g| known.contains(g)).collect() };
    let (edit, read) = (keep(edit_groups), keep(read_groups));
    let mut notes = vec![];
    if edit.len() != edit_groups.len() {
        notes.push(TrashNote::EditGroupsGone);
    }
    if read.len() != read_groups.len() {
        notes.push(TrashNote::ReadGroupsGone);
    }
    let saved = super::trash_bin::insert_again(tx, row).await?;
    tx.record(super::audit::created("page", &saved));
    set_groups(tx, saved.id, &edit, false).await?;
    set_groups(tx, saved.id, &read, true).await?;
    super::tags::set_for_page(tx, saved.id, tags).await?;
    for f in files {
        super::trash_bin::insert_again(tx, f).await?;
    }
    for item in nav {
        notes.extend(super::nav::put_back(tx, vec![item]).await?);
    }
    tx.public_content_changed();
    Ok(notes)
}
