//! Links (好站連結) and link categories. Every site has one default category,
//! created on first use; it takes the links of a deleted category.

use super::entities::{link_categories as cats, links};
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use crate::rules::ordering;
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use yass_shared_types::trash::TrashNote;

pub use cats::Model as CategoryRow;
pub use links::Model as LinkRow;

/// Name of the default category as created; admins may rename it.
pub const DEFAULT_CATEGORY_NAME: &str = "常用連結";

pub async fn categories(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<CategoryRow>> {
    Ok(cats::Entity::find()
        .filter(cats::Column::SiteId.eq(site_id))
        .order_by_asc(cats::Column::SortOrder)
        .order_by_asc(cats::Column::Id)
        .all(db)
        .await?)
}

pub async fn category(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<CategoryRow>> {
    super::of_site::find_of_site::<cats::Entity>(db, site_id, id).await
}

async fn find_default(
    db: &impl ConnectionTrait,
    site_id: SiteId,
) -> ApiResult<Option<CategoryRow>> {
    Ok(cats::Entity::find()
        .filter(cats::Column::SiteId.eq(site_id))
        .filter(cats::Column::IsDefault.eq(true))
        .one(db)
        .await?)
}

/// The site's default category, created if missing. Two instances creating
/// it at once meet at the unique index; the loser reads the winner's row.
pub async fn default_category(tx: &SiteTx) -> ApiResult<CategoryRow> {
    if let Some(c) = find_default(tx.conn(), tx.site()).await? {
        return Ok(c);
    }
    // The insert runs in a savepoint: on PostgreSQL a failed statement
    // aborts the whole transaction, and the loser could not read on.
    let savepoint = tx.conn().begin().await?;
    let inserted = cats::ActiveModel {
        site_id: Set(tx.site().get()),
        name: Set(DEFAULT_CATEGORY_NAME.into()),
        sort_order: Set(0),
        is_default: Set(Some(true)),
        ..Default::default()
    }
    .insert(&savepoint)
    .await;
    match inserted {
        Ok(c) => {
            savepoint.commit().await?;
            tx.record(super::audit::created("link_category", &c).side_effect());
            // Visitors see the categories, even an empty one.
            tx.public_content_changed();
            Ok(c)
        }
        Err(e) => {
            savepoint.rollback().await?;
            match find_default(tx.conn(), tx.site()).await? {
                Some(c) => Ok(c),
                None => Err(e.into()),
            }
        }
    }
}

pub async fn all_links(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::SiteId.eq(site_id))
        .order_by_asc(links::Column::SortOrder)
        .order_by_asc(links::Column::Id)
        .all(db)
        .await?)
}

pub async fn homepage_links(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::SiteId.eq(site_id))
        .filter(links::Column::OnHomepage.eq(true))
        .order_by_asc(links::Column::HomepageOrder)
        .order_by_asc(links::Column::Id)
        .all(db)
        .await?)
}

pub async fn link(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<LinkRow>> {
    super::of_site::find_of_site::<links::Entity>(db, site_id, id).await
}

pub async fn links_in(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    category_id: i64,
) -> ApiResult<Vec<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::SiteId.eq(site_id))
        .filter(links::Column::CategoryId.eq(category_id))
        .order_by_asc(links::Column::SortOrder)
        .order_by_asc(links::Column::Id)
        .all(db)
        .await?)
}

/// Next `sort_order` after the last link of a category.
async fn next_order(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    category_id: i64,
) -> ApiResult<i32> {
    Ok(crate::rules::ordering::next_order(
        links_in(db, site_id, category_id)
            .await?
            .iter()
            .map(|l| l.sort_order),
    ))
}

/// A link as an editor saves it: checked fields, the owner group, and where
/// it goes (`None` = the default category, or the place it has).
pub struct LinkEdit<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub icon_url: Option<&'a str>,
    pub group_id: Option<i64>,
    /// A category of this site; `None` = the default.
    pub category_id: Option<i64>,
    /// `None`: last in its category, or the current place if it stays there.
    pub order: Option<i32>,
    pub on_homepage: bool,
    /// `None`: last on the homepage for a new link, else unchanged.
    pub homepage_order: Option<i32>,
    pub at: NaiveDateTime,
}

/// Stores a link (a new one when `existing` is `None`). An existing row or a
/// category of another site is `NotFound`.
pub async fn save_link(
    tx: &SiteTx,
    existing: Option<&LinkRow>,
    e: LinkEdit<'_>,
) -> ApiResult<LinkRow> {
    let mut row = match existing {
        Some(x) if x.site_id != tx.site().get() => return Err(ApiError::NotFound),
        Some(x) => links::ActiveModel::from(x.clone()),
        None => links::ActiveModel {
            site_id: Set(tx.site().get()),
            created_at: Set(e.at),
            ..Default::default()
        },
    };
    let category_id = match e.category_id {
        // Checked again inside the transaction: a link must never point at
        // another school's category, nor at one deleted since the caller looked.
        Some(c) => {
            category(tx.conn(), tx.site(), c)
                .await?
                .ok_or(ApiError::NotFound)?
                .id
        }
        None => default_category(tx).await?.id,
    };
    let order = match (e.order, existing) {
        (Some(o), _) => o,
        (None, Some(x)) if x.category_id == category_id => x.sort_order,
        (None, _) => next_order(tx.conn(), tx.site(), category_id).await?,
    };
    let homepage_order = match (e.homepage_order, existing) {
        (Some(o), _) => o,
        (None, Some(x)) => x.homepage_order,
        (None, None) => next_homepage_order(tx).await?,
    };
    row.title = Set(e.title.into());
    row.url = Set(e.url.into());
    row.icon_url = Set(e.icon_url.map(String::from));
    row.group_id = Set(e.group_id);
    row.category_id = Set(category_id);
    row.sort_order = Set(order);
    row.on_homepage = Set(e.on_homepage);
    row.homepage_order = Set(homepage_order);
    row.updated_at = Set(e.at);
    let saved = super::site_tx::write_public_row(tx, "link", existing, row).await?;
    tx.public_content_changed();
    Ok(saved)
}

/// The homepage order after the last homepage link.
async fn next_homepage_order(tx: &SiteTx) -> ApiResult<i32> {
    let shown = homepage_links(tx.conn(), tx.site()).await?;
    Ok(ordering::next_order(shown.iter().map(|l| l.homepage_order)))
}

/// Deletes a link; one of another site, or none, is `NotFound`.
pub async fn delete_link(tx: &SiteTx, id: i64) -> ApiResult<()> {
    let row = super::site_tx::delete_public_row::<links::Entity>(tx, "link", id).await?;
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry {
            item_id: row.id,
            label: row.title.clone(),
            owner_group_id: row.group_id,
            edit_group_ids: vec![],
            files: vec![],
            payload: super::trash_bin::Payload::Link { row },
        },
    )
    .await
}

/// Puts a link from the trash back under its id, in its category (or the
/// default one when that is gone) at its old place; an owning group that is
/// gone leaves it to the site admins.
pub(in crate::storage) async fn put_back(
    tx: &SiteTx,
    mut row: LinkRow,
) -> ApiResult<Vec<TrashNote>> {
    let mut notes = vec![];
    let cats = categories(tx.conn(), tx.site()).await?;
    if !cats.iter().any(|c| c.id == row.category_id) {
        row.category_id = default_category(tx).await?.id;
        row.sort_order = next_order(tx.conn(), tx.site(), row.category_id).await?;
        notes.push(TrashNote::MovedToDefaultCategory);
    }
    if let Some(g) = row.group_id
        && super::groups::get(tx.conn(), tx.site(), g).await?.is_none()
    {
        row.group_id = None;
        notes.push(TrashNote::OwnerGroupGoneSiteAdminsOnly);
    }
    let saved = super::trash_bin::insert_again(tx, row).await?;
    tx.record(super::audit::created("link", &saved));
    tx.public_content_changed();
    Ok(notes)
}

/// Adds a category at `order`, or after the last one. The default category
/// is made first, so that it stays first unless an order says otherwise.
pub async fn create_category(
    tx: &SiteTx,
    name: String,
    order: Option<i32>,
) -> ApiResult<CategoryRow> {
    default_category(tx).await?;
    let order = if let Some(o) = order {
        o
    } else {
        let current = categories(tx.conn(), tx.site()).await?;
        ordering::next_order(current.iter().map(|c| c.sort_order))
    };
    let c = cats::ActiveModel {
        site_id: Set(tx.site().get()),
        name: Set(name),
        sort_order: Set(order),
        is_default: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record(super::audit::created("link_category", &c));
    tx.public_content_changed();
    Ok(c)
}

/// Renames and/or moves a category (`None` keeps the field).
pub async fn update_category(
    tx: &SiteTx,
    c: &CategoryRow,
    name: Option<String>,
    order: Option<i32>,
) -> ApiResult<CategoryRow> {
    super::site_tx::rename_or_move::<cats::Entity, _>(tx, "link_category", c, name, order).await
}

/// Deletes a category, its links moving to the end of the default one,
/// which itself cannot be deleted (409). One of another site is `NotFound`.
pub async fn delete_category(tx: &SiteTx, c: &CategoryRow) -> ApiResult<()> {
    if c.site_id != tx.site().get() {
        return Err(ApiError::NotFound);
    }
    if c.is_default == Some(true) {
        return Err(ApiError::Conflict(
            "The default link category cannot be deleted; rename it instead.".into(),
        ));
    }
    let default = default_category(tx).await?;
    move_links(tx, c.id, default.id).await?;
    cats::Entity::delete_many()
        .filter(cats::Column::SiteId.eq(tx.site()))
        .filter(cats::Column::Id.eq(c.id))
        .exec(tx.conn())
        .await?;
    tx.record(super::audit::deleted("link_category", c));
    tx.public_content_changed();
    Ok(())
}

/// Moves every link of `from` to the end of `to` (same site), keeping order.
async fn move_links(tx: &SiteTx, from: i64, to: i64) -> ApiResult<()> {
    let start = next_order(tx.conn(), tx.site(), to).await?;
    let moving = links_in(tx.conn(), tx.site(), from).await?;
    for (i, l) in moving.into_iter().enumerate() {
        let order = start + i32::try_from(i).unwrap_or(i32::MAX - start);
        links::Entity::update_many()
            .col_expr(links::Column::CategoryId, Expr::value(to))
            .col_expr(links::Column::SortOrder, Expr::value(order))
            .filter(links::Column::SiteId.eq(tx.site()))
            .filter(links::Column::Id.eq(l.id))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}

/// Writes `sort_order` 0, 1, 2… for `ids` (checked to be the rows of one
/// category by the caller; ids of another site match no row).
pub async fn set_link_orders(tx: &SiteTx, ids: &[i64]) -> ApiResult<()> {
    tx.record(super::audit::reordered("link", "", ids));
    number_links(tx, links::Column::SortOrder, ids).await
}

/// Numbers the homepage links 0, 1, 2… in the order of `ids`.
pub async fn set_homepage_orders(tx: &SiteTx, ids: &[i64]) -> ApiResult<()> {
    tx.record(super::audit::reordered("link", "homepage", ids));
    number_links(tx, links::Column::HomepageOrder, ids).await
}

/// Writes 0, 1, 2… into `column` of the site's links `ids`, in that order.
async fn number_links(tx: &SiteTx, column: links::Column, ids: &[i64]) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        links::Entity::update_many()
            .col_expr(column, Expr::value(position(i)))
            .filter(links::Column::SiteId.eq(tx.site()))
            .filter(links::Column::Id.eq(*id))
            .exec(tx.conn())
            .await?;
    }
    tx.public_content_changed();
    Ok(())
}

/// Numbers the categories 0, 1, 2… in the order of `ids` (ids of another
/// site match no row).
pub async fn set_category_orders(tx: &SiteTx, ids: &[i64]) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        cats::Entity::update_many()
            .col_expr(cats::Column::SortOrder, Expr::value(position(i)))
            .filter(cats::Column::SiteId.eq(tx.site()))
            .filter(cats::Column::Id.eq(*id))
            .exec(tx.conn())
            .await?;
    }
    tx.record(super::audit::reordered("link_category", "", ids));
    tx.public_content_changed();
    Ok(())
}

/// A list index as an order value (lists never come near `i32::MAX`).
fn position(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}
