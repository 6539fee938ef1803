//! A moved school's old addresses (`rules::legacy_urls`), looked up on the
//! page requests that look like one.

use super::SiteId;
use super::entities::legacy_redirects as redirects;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub use redirects::Model as RedirectRow;

pub async fn find(
    db: &impl ConnectionTrait,
    site: SiteId,
    key: &str,
) -> ApiResult<Option<RedirectRow>> {
    Ok(redirects::Entity::find()
        .filter(redirects::Column::SiteId.eq(site))
        .filter(redirects::Column::OldPath.eq(key))
        .one(db)
        .await?)
}
