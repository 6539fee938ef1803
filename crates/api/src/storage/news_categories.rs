//! News categories of a site (ordered).

use super::entities::news_categories;
use super::{SiteId, SiteTx};
use crate::error::ApiResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub use news_categories::Model as CategoryRow;

pub async fn list(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<CategoryRow>> {
    Ok(news_categories::Entity::find()
        .filter(news_categories::Column::SiteId.eq(site_id))
        .order_by_asc(news_categories::Column::SortOrder)
        .order_by_asc(news_categories::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<CategoryRow>> {
    super::of_site::find_of_site::<news_categories::Entity>(db, site_id, id).await
}

/// Adds a category at `order`.
pub async fn create(tx: &SiteTx, name: String, order: i32) -> ApiResult<CategoryRow> {
    let c = news_categories::ActiveModel {
        site_id: Set(tx.site().get()),
        name: Set(name),
        sort_order: Set(order),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record(super::audit::created("news_category", &c));
    tx.public_content_changed();
    Ok(c)
}

/// Renames and/or moves a category (`None` keeps the field).
pub async fn update(
    tx: &SiteTx,
    c: &CategoryRow,
    name: Option<String>,
    order: Option<i32>,
) -> ApiResult<CategoryRow> {
    super::site_tx::rename_or_move::<news_categories::Entity, _>(
        tx,
        "news_category",
        c,
        name,
        order,
    )
    .await
}

/// Deletes a category; its news items stay, without a category.
pub async fn delete(tx: &SiteTx, id: i64) -> ApiResult<()> {
    super::news::clear_category(tx, id).await?;
    super::site_tx::delete_public_row::<news_categories::Entity>(tx, "news_category", id)
        .await
        .map(drop)
}
