//! The menu as a visitor (or a signed-in reader) sees it: the site's items
//! and its pages' read rights, read together (apart from `nav` and `pages`,
//! which each write the other's rows on a delete).

use super::SiteId;
use super::nav::{self, NavRow};
use super::pages;
use crate::error::ApiResult;
use crate::rules::nav_tree::{self, Tree};
use crate::rules::permissions::Rights;
use sea_orm::ConnectionTrait;
use yass_shared_types::content::PageVisibility;

/// The menu as `rights` may see it: visible items, no pages they may not
/// read, no submenus left empty. One query for the items, two for the pages'
/// visibility and read groups.
pub async fn visible_to(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    rights: &Rights,
) -> ApiResult<Vec<Tree<NavRow>>> {
    let rows = nav::all(db, site_id).await?;
    let page_ids: Vec<i64> = rows.iter().filter_map(|r| r.page_id).collect();
    let restricted = pages::restricted_of(db, site_id, &page_ids).await?;
    let keep = |r: &NavRow| {
        r.visible
            && r.page_id.is_none_or(|p| {
                restricted
                    .get(&p)
                    .is_none_or(|g| rights.can_read_page(PageVisibility::Restricted, g))
            })
    };
    let is_container = |r: &NavRow| r.target_type == "submenu";
    Ok(nav_tree::prune(
        nav_tree::build(rows, nav::node),
        &keep,
        &is_container,
    ))
}
