//! Phone extensions (常用分機) of a site.

use super::entities::extensions;
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use crate::rules::ordering;
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

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
    super::of_site::find_of_site::<extensions::Entity>(db, site_id, id).await
}

/// An extension as an admin saves it (fields already validated).
pub struct Edit<'a> {
    pub title: &'a str,
    pub extension: &'a str,
    /// `None`: a new extension goes last, an existing one keeps its place.
    pub order: Option<i32>,
    pub on_homepage: bool,
    pub at: NaiveDateTime,
}

/// Stores an extension (a new one when `existing` is `None`). An existing
/// row of another site is `NotFound`.
pub async fn save(
    tx: &SiteTx,
    existing: Option<&ExtensionRow>,
    e: Edit<'_>,
) -> ApiResult<ExtensionRow> {
    let mut row = match existing {
        Some(x) if x.site_id != tx.site().get() => return Err(ApiError::NotFound),
        Some(x) => extensions::ActiveModel::from(x.clone()),
        None => extensions::ActiveModel {
            site_id: Set(tx.site().get()),
            created_at: Set(e.at),
            ..Default::default()
        },
    };
    let order = match (e.order, existing) {
        (Some(o), _) => o,
        (None, Some(x)) => x.sort_order,
        (None, None) => last_order(tx).await?,
    };
    row.title = Set(e.title.into());
    row.extension = Set(e.extension.into());
    row.sort_order = Set(order);
    row.on_homepage = Set(e.on_homepage);
    row.updated_at = Set(e.at);
    let saved = super::site_tx::write_public_row(tx, "extension", existing, row).await?;
    tx.public_content_changed();
    Ok(saved)
}

/// The order after the site's last extension, read inside the transaction.
async fn last_order(tx: &SiteTx) -> ApiResult<i32> {
    let current = list(tx.conn(), tx.site()).await?;
    Ok(ordering::next_order(current.iter().map(|e| e.sort_order)))
}

/// Deletes an extension; one of another site, or none, is `NotFound`.
pub async fn delete(tx: &SiteTx, id: i64) -> ApiResult<()> {
    let row = super::site_tx::delete_public_row::<extensions::Entity>(tx, "extension", id).await?;
    let (id, label) = (row.id, row.title.clone());
    let payload = super::trash_bin::Payload::Extension { row };
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry::admins_only(id, &label, payload),
    )
    .await
}

/// Numbers the site's extensions `ids` 0, 1, 2… in that order (ids of
/// another site match no row).
pub async fn set_orders(tx: &SiteTx, ids: &[i64]) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        extensions::Entity::update_many()
            .col_expr(
                extensions::Column::SortOrder,
                Expr::value(i32::try_from(i).unwrap_or(i32::MAX)),
            )
            .filter(extensions::Column::SiteId.eq(tx.site()))
            .filter(extensions::Column::Id.eq(*id))
            .exec(tx.conn())
            .await?;
    }
    tx.record(super::audit::reordered("extension", "", ids));
    tx.public_content_changed();
    Ok(())
}
