//! News categories of a site (ordered).

use super::SiteId;
use super::entities::news_categories;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use yass_shared_types::content::Category;

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
    Ok(news_categories::Entity::find_by_id(id)
        .filter(news_categories::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

pub fn to_dto(c: &CategoryRow) -> Category {
    Category {
        id: c.id,
        name: c.name.clone(),
        order: c.sort_order,
    }
}
