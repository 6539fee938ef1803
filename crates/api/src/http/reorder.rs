//! Putting one of a site's lists in a new order (the extensions, the link
//! categories, a category's links, the homepage links). Every list is
//! reordered the same way, so a handler only says which list it is.

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::responses::private_json;
use crate::http::site_context::SiteActor;
use crate::state::AppState;
use crate::storage::SiteTx;
use actix_web::HttpResponse;
use serde::Serialize;

/// Stores the order `asked` for a list of the site and answers with the
/// list as it now is (`answer`, private JSON):
///
/// - 403 unless the caller is a site admin: positions are theirs to give;
/// - 422 from `check` unless `asked` names each id the list holds exactly
///   once. The ids are read by `ids_now` inside the write's transaction, so
///   an item added or deleted meanwhile cannot be left out of the order;
/// - `set_orders` writes the order (storage records it and marks public
///   content changed); the commit then writes the audit entry and bumps the
///   site's content version.
pub async fn reorder<T: Serialize>(
    state: &AppState,
    ctx: &SiteActor,
    asked: &[i64],
    ids_now: impl AsyncFnOnce(&SiteTx) -> ApiResult<Vec<i64>>,
    check: impl FnOnce(&[i64], &[i64]) -> Result<(), FieldErrors>,
    set_orders: impl AsyncFnOnce(&SiteTx, &[i64]) -> ApiResult<()>,
    answer: impl AsyncFnOnce() -> ApiResult<T>,
) -> ApiResult<HttpResponse> {
    ctx.actor.require_admin()?;
    let tx = ctx.begin(state).await?;
    check(asked, &ids_now(&tx).await?).map_err(ApiError::Validation)?;
    set_orders(&tx, asked).await?;
    tx.commit().await?;
    Ok(private_json(&answer().await?))
}
