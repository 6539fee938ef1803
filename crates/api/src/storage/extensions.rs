//! Phone extensions (常用分機) of a site.

use super::SiteId;
use super::entities::extensions;
use crate::error::ApiResult;
use crate::rules::phone;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use yass_shared_types::content::Extension;

pub use extensions::Model as ExtensionRow;

pub async fn list(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<ExtensionRow>> {
    Ok(extensions::Entity::find()
        .filter(extensions::Column::SiteId.eq(site_id))
        .order_by_asc(extensions::Column::SortOrder)
        .order_by_asc(extensions::Column::Id)
        .all(db)
        .await?)
}

/// Extensions flagged for the homepage, in order.
pub async fn on_homepage(
    db: &impl ConnectionTrait,
    site_id: SiteId,
) -> ApiResult<Vec<ExtensionRow>> {
    Ok(list(db, site_id)
        .await?
        .into_iter()
        .filter(|e| e.on_homepage)
        .collect())
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<ExtensionRow>> {
    Ok(extensions::Entity::find_by_id(id)
        .filter(extensions::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

pub async fn delete(db: &impl ConnectionTrait, site_id: SiteId, id: i64) -> ApiResult<u64> {
    Ok(extensions::Entity::delete_many()
        .filter(extensions::Column::SiteId.eq(site_id))
        .filter(extensions::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn set_orders(db: &impl ConnectionTrait, site_id: SiteId, ids: &[i64]) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        extensions::Entity::update_many()
            .col_expr(
                extensions::Column::SortOrder,
                Expr::value(i32::try_from(i).unwrap_or(i32::MAX)),
            )
            .filter(extensions::Column::SiteId.eq(site_id))
            .filter(extensions::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The DTO, with the tap-to-call URI built from the site's phone.
pub fn to_dto(e: &ExtensionRow, site_phone: Option<&str>) -> Extension {
    Extension {
        id: e.id,
        title: e.title.clone(),
        extension: e.extension.clone(),
        order: e.sort_order,
        on_homepage: e.on_homepage,
        tel_uri: site_phone.and_then(|p| phone::tel_uri_with_extension(p, &e.extension)),
    }
}
