//! Demo content (news, pages, links, extensions, calendar, navigation).
//! Filled in as the content modules arrive.

use crate::error::ApiResult;
use crate::routes::State;

pub struct Groups {
    pub academic: i64,
    pub registry: i64,
    pub student: i64,
    pub teachers: i64,
}

pub async fn seed(state: &State, site_id: i64, groups: Groups) -> ApiResult<()> {
    crate::demo_site_content::seed_site_content(state, site_id, &groups).await?;
    Ok(())
}
