//! Navigation items. A site's whole menu is read in one query and assembled
//! by `rules::nav_tree`; writes keep sibling orders dense (0, 1, 2…).

use super::entities::nav_items as nav;
use super::{SiteId, SiteTx};
use crate::error::ApiResult;
use crate::rules::nav_tree::{self, Node, Tree};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use yass_shared_types::content::{NavItem, NavModule, NavTarget};

pub use nav::Model as NavRow;

/// Every item of the site, in one query.
pub async fn all(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<NavRow>> {
    Ok(nav::Entity::find()
        .filter(nav::Column::SiteId.eq(site_id))
        .order_by_asc(nav::Column::SortOrder)
        .order_by_asc(nav::Column::Id)
        .all(db)
        .await?)
}

pub fn node(r: &NavRow) -> Node {
    Node {
        id: r.id,
        parent_id: r.parent_id,
        order: r.sort_order,
    }
}

pub fn nodes(rows: &[NavRow]) -> Vec<Node> {
    rows.iter().map(node).collect()
}

pub fn module_str(m: NavModule) -> &'static str {
    match m {
        NavModule::Extensions => "extensions",
        NavModule::Links => "links",
        NavModule::Calendar => "calendar",
    }
}

fn module_of(s: Option<&str>) -> Option<NavModule> {
    match s? {
        "extensions" => Some(NavModule::Extensions),
        "links" => Some(NavModule::Links),
        "calendar" => Some(NavModule::Calendar),
        _ => None,
    }
}

/// The typed target of a row; `None` for a row that cannot be shown (a page
/// item without its page, an unknown module).
pub fn target(r: &NavRow) -> Option<NavTarget> {
    Some(match r.target_type.as_str() {
        "submenu" => NavTarget::Submenu,
        "link" => NavTarget::Link {
            url: r.url.clone()?,
            new_tab: r.new_tab,
        },
        "page" => NavTarget::Page {
            page_id: r.page_id?,
        },
        "news" => NavTarget::News {
            category_id: r.category_id,
        },
        "module" => NavTarget::Module {
            module: module_of(r.module.as_deref())?,
        },
        "divider" => NavTarget::Divider,
        _ => return None,
    })
}

pub fn target_type(t: &NavTarget) -> &'static str {
    match t {
        NavTarget::Submenu => "submenu",
        NavTarget::Link { .. } => "link",
        NavTarget::Page { .. } => "page",
        NavTarget::News { .. } => "news",
        NavTarget::Module { .. } => "module",
        NavTarget::Divider => "divider",
    }
}

/// Sets the target columns of `row` from `t`, clearing the others.
pub fn set_target(row: &mut nav::ActiveModel, t: &NavTarget) {
    use sea_orm::ActiveValue::Set;
    row.target_type = Set(target_type(t).into());
    row.url = Set(None);
    row.new_tab = Set(false);
    row.page_id = Set(None);
    row.category_id = Set(None);
    row.module = Set(None);
    match t {
        NavTarget::Link { url, new_tab } => {
            row.url = Set(Some(url.clone()));
            row.new_tab = Set(*new_tab);
        }
        NavTarget::Page { page_id } => row.page_id = Set(Some(*page_id)),
        NavTarget::News { category_id } => row.category_id = Set(*category_id),
        NavTarget::Module { module } => row.module = Set(Some(module_str(*module).into())),
        NavTarget::Submenu | NavTarget::Divider => {}
    }
}

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

/// Writes dense orders for `ordered` (siblings under `parent`), touching only
/// rows whose order or parent changes.
pub async fn place(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    rows: &[NavRow],
    parent: Option<i64>,
    ordered: &[i64],
) -> ApiResult<()> {
    // Rows arriving from another parent are written even if their order matches.
    let nodes: Vec<Node> = nodes(rows)
        .into_iter()
        .map(|mut n| {
            if n.parent_id != parent && ordered.contains(&n.id) {
                n.order = -1;
            }
            n
        })
        .collect();
    for (id, order) in nav_tree::renumber(&nodes, ordered) {
        nav::Entity::update_many()
            .col_expr(nav::Column::SortOrder, Expr::value(order))
            .col_expr(nav::Column::ParentId, Expr::value(parent))
            .filter(nav::Column::SiteId.eq(site_id))
            .filter(nav::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Deletes `ids` (an item and its descendants), children first so no
/// statement leaves a row pointing at a deleted parent.
pub async fn delete_items(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    ids_parents_first: &[i64],
) -> ApiResult<()> {
    for id in ids_parents_first.iter().rev() {
        nav::Entity::delete_many()
            .filter(nav::Column::SiteId.eq(site_id))
            .filter(nav::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Called by the pages code when a page is deleted, inside its
/// transaction: items pointing at the page go, and so their menus never hold a
/// dangling link. Children of such an item (only submenus hold children, so
/// normally none) are lifted to its place. Sibling orders stay dense.
pub async fn on_page_deleted(tx: &SiteTx, page_id: i64) -> ApiResult<()> {
    let (txn, site_id) = (tx.conn(), tx.site());
    let mut rows = all(txn, site_id).await?;
    let doomed: Vec<NavRow> = rows
        .iter()
        .filter(|r| r.page_id == Some(page_id))
        .cloned()
        .collect();
    for d in doomed {
        let ns = nodes(&rows);
        let children = nav_tree::siblings(&ns, Some(d.id));
        let siblings = nav_tree::siblings(&ns, d.parent_id);
        place(
            txn,
            site_id,
            &rows,
            d.parent_id,
            &nav_tree::lift(&siblings, d.id, &children),
        )
        .await?;
        delete_items(txn, site_id, &[d.id]).await?;
        rows = all(txn, site_id).await?;
        tx.public_content_changed();
    }
    Ok(())
}
