//! Nav as the API shows them.

use crate::rules::nav_tree::{self, Tree};
use crate::storage::nav::{self as store, NavRow, target};
use yass_shared_types::content::NavItem;

/// Assembled trees as DTOs; rows without a showable target are dropped.
pub fn to_dtos(trees: Vec<Tree<NavRow>>) -> Vec<NavItem> {
    trees
        .into_iter()
        .filter_map(|t| {
            Some(NavItem {
                id: t.item.id,
                name: t.item.name.clone(),
                accessible_name: t.item.accessible_name.clone(),
                target: target(&t.item)?,
                order: t.item.sort_order,
                visible: t.item.visible,
                children: to_dtos(t.children),
            })
        })
        .collect()
}

/// One item of the site's menu (rows: the whole menu), with its sub-items.
pub fn item(rows: Vec<NavRow>, id: i64) -> Option<NavItem> {
    fn find(items: Vec<NavItem>, id: i64) -> Option<NavItem> {
        for i in items {
            if i.id == id {
                return Some(i);
            }
            if let Some(f) = find(i.children, id) {
                return Some(f);
            }
        }
        None
    }
    find(to_dtos(nav_tree::build(rows, store::node)), id)
}
