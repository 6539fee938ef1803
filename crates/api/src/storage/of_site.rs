//! A row of a school by its id, on any tenant table (every one has
//! `site_id` and `id` columns): one way to read it, so another school's row
//! is never one filter away from being returned.

use super::SiteId;
use crate::error::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

/// "Row `id` of the site", on any tenant table: every one has `site_id`
/// and `id` columns.
pub(in crate::storage) fn row_of_site<E>(site: SiteId, id: i64) -> ApiResult<Condition>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    let (Ok(site_col), Ok(id_col)) = ("site_id".parse::<E::Column>(), "id".parse::<E::Column>())
    else {
        return Err(ApiError::internal("a tenant table without site_id or id"));
    };
    Ok(Condition::all().add(site_col.eq(site)).add(id_col.eq(id)))
}

/// Row `id` of table `E` when it belongs to `site`; another school's row is
/// none, as a missing one is.
pub(in crate::storage) async fn find_of_site<E>(
    db: &impl ConnectionTrait,
    site: SiteId,
    id: i64,
) -> ApiResult<Option<E::Model>>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    Ok(E::find()
        .filter(row_of_site::<E>(site, id)?)
        .one(db)
        .await?)
}
