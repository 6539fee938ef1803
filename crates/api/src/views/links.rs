//! Links as the API shows them.

use crate::storage::links::{CategoryRow, LinkRow};
use yass_shared_types::content::{Link, LinkCategory};

pub fn to_dto(l: &LinkRow) -> Link {
    Link {
        id: l.id,
        title: l.title.clone(),
        url: l.url.clone(),
        icon_url: l.icon_url.clone(),
        category_id: l.category_id,
        group_id: l.group_id,
        order: l.sort_order,
        on_homepage: l.on_homepage,
        homepage_order: l.homepage_order,
    }
}

/// Categories in order, each with its links in order (rows come sorted).
pub fn nested(categories: &[CategoryRow], links: &[LinkRow]) -> Vec<LinkCategory> {
    categories
        .iter()
        .map(|c| LinkCategory {
            id: c.id,
            name: c.name.clone(),
            order: c.sort_order,
            is_default: c.is_default == Some(true),
            links: links
                .iter()
                .filter(|l| l.category_id == c.id)
                .map(to_dto)
                .collect(),
        })
        .collect()
}
