//! Purging the trash: an entry and its item's versions in the site's
//! transaction, then its files once that committed. Used by "delete
//! forever" and by housekeeping; every instance may purge at once (the
//! entry's delete decides who removes the files).

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::audit::Author;
use crate::storage::trash::{self, TrashRow};
use crate::storage::{SiteId, SiteTx, sites};
use chrono::TimeDelta;

/// Purges one entry of `site`'s trash.
pub async fn purge(
    state: &AppState,
    site: SiteId,
    row: &TrashRow,
    author: Author,
) -> ApiResult<()> {
    let tx = SiteTx::begin(&state.db, site, author).await?;
    let files = trash::purge(&tx, row).await?;
    tx.commit().await?;
    state.files.remove_attachments(site, &files).await;
    Ok(())
}

/// Purges every entry older than the trash's days; returns how many this
/// instance purged (another may have taken some).
pub async fn purge_expired(state: &AppState) -> ApiResult<u64> {
    let now = state.clock.now();
    let before = now - TimeDelta::days(i64::from(state.settings.trash_days));
    let mut purged = 0;
    for row in trash::expired(&state.db, before.naive_utc()).await? {
        let Some(site) = sites::by_id(&state.db, row.site_id).await? else {
            continue;
        };
        let author = Author::system("housekeeping", now.naive_utc());
        match purge(state, site.site_id(), &row, author).await {
            Ok(()) => purged += 1,
            Err(ApiError::NotFound) => {} // purged or restored meanwhile
            Err(e) => return Err(e),
        }
    }
    Ok(purged)
}
