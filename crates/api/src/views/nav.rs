//! Nav as the API shows them.

use crate::rules::nav_tree::Tree;
use crate::storage::nav::{NavRow, target};
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
