//! How much a site holds, for the admin dashboard.

use super::SiteId;
use super::entities::{extensions, groups, links, news, pages, users};
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub struct SiteCounts {
    pub users: u64,
    pub groups: u64,
    pub news: u64,
    pub pages: u64,
    pub links: u64,
    pub extensions: u64,
}

pub async fn of_site(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<SiteCounts> {
    Ok(SiteCounts {
        users: users::Entity::find()
            .filter(users::Column::SiteId.eq(site_id))
            .count(db)
            .await?,
        groups: groups::Entity::find()
            .filter(groups::Column::SiteId.eq(site_id))
            .count(db)
            .await?,
        news: news::Entity::find()
            .filter(news::Column::SiteId.eq(site_id))
            .count(db)
            .await?,
        pages: pages::Entity::find()
            .filter(pages::Column::SiteId.eq(site_id))
            .count(db)
            .await?,
        links: links::Entity::find()
            .filter(links::Column::SiteId.eq(site_id))
            .count(db)
            .await?,
        extensions: extensions::Entity::find()
            .filter(extensions::Column::SiteId.eq(site_id))
            .count(db)
            .await?,
    })
}
