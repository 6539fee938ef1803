//! The site's trash (`/trash`).

use crate::admin::api::{Res, Session};
use yass_shared_types::trash::{TrashItem, TrashRestored};

/// What this user may restore, most recently deleted first.
pub async fn list(s: &Session) -> Res<Vec<TrashItem>> {
    s.get(&s.url("/trash")).await
}

pub async fn restore(s: &Session, id: i64) -> Res<TrashRestored> {
    s.post(
        &s.url(&format!("/trash/{id}/restore")),
        &serde_json::json!({}),
    )
    .await
}

/// Deletes an entry for good, with its files.
pub async fn purge(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/trash/{id}")), None)
        .await
}
