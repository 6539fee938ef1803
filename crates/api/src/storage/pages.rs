//! Pages and their edit/read groups. Page routes build on this; the nav tree,
//! sitemap, head tags and attachment downloads use `restricted_of` to leave
//! restricted pages out for whoever may not read them.

use super::SiteId;
use super::entities::{page_edit_groups, page_read_groups, pages};
use crate::error::ApiResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;
use yass_shared_types::content::PageVisibility;

pub use pages::Model as PageRow;

pub fn visibility(p: &PageRow) -> PageVisibility {
    PageVisibility::parse(&p.visibility)
}

/// Of `page_ids` (pages of the site), the restricted ones with their read
/// groups — possibly none, which leaves the page to site admins. A page not
/// in the answer is public. Two queries whatever the number of pages.
pub async fn restricted_of(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if page_ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Anything but `public` is restricted: an unknown value never publishes.
    let restricted: Vec<i64> = pages::Entity::find()
        .select_only()
        .column(pages::Column::Id)
        .filter(pages::Column::SiteId.eq(site_id))
        .filter(pages::Column::Id.is_in(page_ids.iter().copied()))
        .filter(pages::Column::Visibility.ne(PageVisibility::Public.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let mut groups = read_groups_of(db, &restricted).await?;
    Ok(restricted
        .into_iter()
        .map(|id| (id, groups.remove(&id).unwrap_or_default()))
        .collect())
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

/// Read groups of each of `page_ids` (absent = none), in one query. Whether
/// they restrict the page is its `visibility`. The page ids must already be
/// known to belong to the site.
pub async fn read_groups_of(
    db: &impl ConnectionTrait,
    page_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if page_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = page_read_groups::Entity::find()
        .filter(page_read_groups::Column::PageId.is_in(page_ids.iter().copied()))
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.page_id).or_default().push(r.group_id);
    }
    Ok(out)
}

/// Edit groups of each of `page_ids`, in one query.
pub async fn edit_groups_of(
    db: &impl ConnectionTrait,
    page_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if page_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = page_edit_groups::Entity::find()
        .filter(page_edit_groups::Column::PageId.is_in(page_ids.iter().copied()))
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.page_id).or_default().push(r.group_id);
    }
    Ok(out)
}

/// Replaces a page's edit or read groups (caller checked they are the site's).
pub async fn set_groups(
    db: &impl ConnectionTrait,
    page_id: i64,
    group_ids: &[i64],
    read: bool,
) -> ApiResult<()> {
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

/// Deletes a page with its group lists and tags (attachments: see
/// `attachments::delete_of_owner`). `false` when no such page.
pub async fn delete(db: &impl ConnectionTrait, site_id: SiteId, id: i64) -> ApiResult<bool> {
    use super::entities::page_tags;
    if get(db, site_id, id).await?.is_none() {
        return Ok(false);
    }
    page_tags::Entity::delete_many()
        .filter(page_tags::Column::PageId.eq(id))
        .exec(db)
        .await?;
    set_groups(db, id, &[], true).await?;
    set_groups(db, id, &[], false).await?;
    let res = pages::Entity::delete_many()
        .filter(pages::Column::SiteId.eq(site_id))
        .filter(pages::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
