//! Navigation items. A site's whole menu is read in one query and assembled
//! by `rules::nav_tree`; writes keep sibling orders dense (0, 1, 2…).

use super::entities::nav_items as nav;
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use crate::rules::nav_tree::{self, Node};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use yass_shared_types::content::{NavModule, NavTarget};
use yass_shared_types::trash::TrashNote;

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
fn set_target(row: &mut nav::ActiveModel, t: &NavTarget) {
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

/// What an item shows and where it leads.
pub struct ItemFields {
    pub name: String,
    pub accessible_name: Option<String>,
    pub target: NavTarget,
    pub visible: bool,
}

/// Adds an item under `parent` at `position` among its siblings (past the
/// end: last). `rows` are the site's items as read in this transaction.
pub async fn insert(
    tx: &SiteTx,
    rows: &[NavRow],
    parent: Option<i64>,
    position: usize,
    f: ItemFields,
) -> ApiResult<NavRow> {
    let mut row = nav::ActiveModel {
        site_id: Set(tx.site().get()),
        parent_id: Set(parent),
        name: Set(f.name),
        accessible_name: Set(f.accessible_name),
        sort_order: Set(i32::MAX),
        visible: Set(f.visible),
        ..Default::default()
    };
    set_target(&mut row, &f.target);
    let row = row.insert(tx.conn()).await?;
    tx.record(super::audit::created("nav_item", &row));
    let siblings = nav_tree::siblings(&nodes(rows), parent);
    let ordered = nav_tree::insert_at(&siblings, row.id, position);
    let mut all = rows.to_vec();
    all.push(row.clone());
    place(tx, &all, parent, &ordered).await?;
    tx.public_content_changed();
    Ok(row)
}

/// Changes to an item; `None` keeps a field.
#[derive(Default)]
pub struct ItemChanges {
    pub name: Option<String>,
    pub accessible_name: Option<Option<String>>,
    pub target: Option<NavTarget>,
    pub visible: Option<bool>,
}

pub async fn update(tx: &SiteTx, current: &NavRow, c: ItemChanges) -> ApiResult<()> {
    if current.site_id != tx.site().get() {
        return Err(ApiError::NotFound);
    }
    let mut row = nav::ActiveModel::from(current.clone());
    if let Some(n) = c.name {
        row.name = Set(n);
    }
    if let Some(a) = c.accessible_name {
        row.accessible_name = Set(a);
    }
    if let Some(t) = &c.target {
        set_target(&mut row, t);
    }
    if let Some(v) = c.visible {
        row.visible = Set(v);
    }
    let updated = row.update(tx.conn()).await?;
    tx.record(super::audit::updated("nav_item", current, &updated));
    tx.public_content_changed();
    Ok(())
}

/// Moves an item (its sub-items travel with it) under `parent` at
/// `position`, closing the gap it leaves. The caller checked the place.
pub async fn move_item(
    tx: &SiteTx,
    rows: &[NavRow],
    current: &NavRow,
    parent: Option<i64>,
    position: usize,
) -> ApiResult<()> {
    let ns = nodes(rows);
    let changes = serde_json::json!({
        "before": {"parent_id": current.parent_id, "sort_order": current.sort_order},
        "after": {"parent_id": parent, "position": position},
    });
    tx.record(super::audit::other(
        "nav_item",
        Some(current.id),
        "move",
        current.name.clone(),
        changes,
    ));
    if current.parent_id != parent {
        let old: Vec<i64> = nav_tree::siblings(&ns, current.parent_id)
            .into_iter()
            .filter(|&x| x != current.id)
            .collect();
        place(tx, rows, current.parent_id, &old).await?;
    }
    let siblings = nav_tree::siblings(&ns, parent);
    let ordered = nav_tree::insert_at(&siblings, current.id, position);
    place(tx, rows, parent, &ordered).await?;
    tx.public_content_changed();
    Ok(())
}

/// Moves an item to the trash; its sub-items move up into its place, in
/// their order.
pub async fn delete_lifting_children(
    tx: &SiteTx,
    rows: &[NavRow],
    current: &NavRow,
) -> ApiResult<()> {
    remove_lifting_children(tx, rows, current).await?;
    to_trash(tx, vec![current.clone()]).await
}

/// Removes an item, its sub-items moving up into its place.
async fn remove_lifting_children(tx: &SiteTx, rows: &[NavRow], current: &NavRow) -> ApiResult<()> {
    let ns = nodes(rows);
    let children = nav_tree::siblings(&ns, Some(current.id));
    let siblings = nav_tree::siblings(&ns, current.parent_id);
    let ordered = nav_tree::lift(&siblings, current.id, &children);
    place(tx, rows, current.parent_id, &ordered).await?;
    delete_items(tx, rows, &[current.id]).await
}

/// Moves an item with all its sub-items to the trash.
pub async fn delete_with_descendants(
    tx: &SiteTx,
    rows: &[NavRow],
    current: &NavRow,
) -> ApiResult<()> {
    let ns = nodes(rows);
    let mut doomed = vec![current.id];
    doomed.extend(nav_tree::descendants(&ns, current.id));
    delete_items(tx, rows, &doomed).await?;
    let kept: Vec<NavRow> = doomed
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id).cloned())
        .collect();
    to_trash(tx, kept).await?;
    let rest: Vec<i64> = nav_tree::siblings(&ns, current.parent_id)
        .into_iter()
        .filter(|&x| x != current.id)
        .collect();
    place(tx, rows, current.parent_id, &rest).await
}

/// Writes dense orders for `ordered` (siblings under `parent`), touching only
/// rows whose order or parent changes.
async fn place(
    tx: &SiteTx,
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
            .filter(nav::Column::SiteId.eq(tx.site()))
            .filter(nav::Column::Id.eq(id))
            .exec(tx.conn())
            .await?;
        tx.public_content_changed();
    }
    Ok(())
}

/// Deletes `ids` (an item and its descendants), children first so no
/// statement leaves a row pointing at a deleted parent. The first is the
/// item asked for; its descendants are recorded as going with it.
async fn delete_items(tx: &SiteTx, rows: &[NavRow], ids_parents_first: &[i64]) -> ApiResult<()> {
    for (i, id) in ids_parents_first.iter().enumerate() {
        if let Some(r) = rows.iter().find(|r| r.id == *id) {
            let change = super::audit::deleted("nav_item", r);
            tx.record(if i == 0 { change } else { change.side_effect() });
        }
    }
    for id in ids_parents_first.iter().rev() {
        nav::Entity::delete_many()
            .filter(nav::Column::SiteId.eq(tx.site()))
            .filter(nav::Column::Id.eq(*id))
            .exec(tx.conn())
            .await?;
        tx.public_content_changed();
    }
    Ok(())
}

/// Keeps removed items (the one asked for first, parents before children)
/// in the trash.
async fn to_trash(tx: &SiteTx, removed: Vec<NavRow>) -> ApiResult<()> {
    let Some((id, label)) = removed.first().map(|f| (f.id, f.name.clone())) else {
        return Ok(());
    };
    let payload = super::trash_bin::Payload::NavItems { rows: removed };
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry::admins_only(id, &label, payload),
    )
    .await
}

/// Puts menu items from the trash back under their ids: the first where it
/// was among its siblings, its sub-items under it. A submenu that is gone
/// puts it at the top level; an item whose page is gone comes back hidden.
pub(in crate::storage) async fn put_back(
    tx: &SiteTx,
    mut items: Vec<NavRow>,
) -> ApiResult<Vec<TrashNote>> {
    let mut notes = vec![];
    let current = all(tx.conn(), tx.site()).await?;
    let Some(first) = items.first_mut() else {
        return Ok(notes);
    };
    if let Some(p) = first.parent_id
        && !current
            .iter()
            .any(|r| r.id == p && r.target_type == "submenu")
    {
        first.parent_id = None;
        notes.push(TrashNote::ParentGone);
    }
    let (root, parent) = (first.id, first.parent_id);
    let position = usize::try_from(first.sort_order).unwrap_or(usize::MAX);
    let mut page_gone = false;
    for item in &mut items {
        // The page table is read here, not through `storage::pages` (which
        // removes menu items through this module: no import circle).
        if let Some(page) = item.page_id
            && super::entities::pages::Entity::find_by_id(page)
                .filter(super::entities::pages::Column::SiteId.eq(tx.site()))
                .one(tx.conn())
                .await?
                .is_none()
        {
            item.visible = false;
            page_gone = true;
        }
    }
    if page_gone {
        notes.push(TrashNote::PageGone);
    }
    for (i, item) in items.into_iter().enumerate() {
        let saved = super::trash_bin::insert_again(tx, item).await?;
        let change = super::audit::created("nav_item", &saved);
        tx.record(if i == 0 { change } else { change.side_effect() });
    }
    let now = all(tx.conn(), tx.site()).await?;
    let siblings: Vec<i64> = nav_tree::siblings(&nodes(&now), parent)
        .into_iter()
        .filter(|&x| x != root)
        .collect();
    let ordered = nav_tree::insert_at(&siblings, root, position);
    place(tx, &now, parent, &ordered).await?;
    tx.public_content_changed();
    Ok(notes)
}

/// Called by the pages code when a page is deleted, inside its
/// transaction: items pointing at the page go, and so their menus never hold a
/// dangling link. Children of such an item (only submenus hold children, so
/// normally none) are lifted to its place. Sibling orders stay dense.
/// Returns the items removed (they go to the trash with the page).
pub async fn on_page_deleted(tx: &SiteTx, page_id: i64) -> ApiResult<Vec<NavRow>> {
    let mut rows = all(tx.conn(), tx.site()).await?;
    let doomed: Vec<NavRow> = rows
        .iter()
        .filter(|r| r.page_id == Some(page_id))
        .cloned()
        .collect();
    for d in &doomed {
        remove_lifting_children(tx, &rows, d).await?;
        rows = all(tx.conn(), tx.site()).await?;
    }
    Ok(doomed)
}
