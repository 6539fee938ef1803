//! The site's trash. A delete of a news item, page, link, extension,
//! calendar event, menu item or attachment removes its rows (so no read,
//! cache or snapshot can show it: the delete bumps the content version like
//! any public write) and keeps them here, with its files left on disk.
//! Restore inserts the same rows under the same ids (ids are never reused:
//! SQLite AUTOINCREMENT, sequences, InnoDB's persisted counter), so links to
//! them, their history and their log entries hold again. Purge (after
//! `YASS_TRASH_DAYS`, or "delete forever") removes the entry, the item's
//! versions and its files.

use super::entities::{revisions, trash_items as trash};
use super::trash_bin::{Payload, insert_again};
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use chrono::NaiveDateTime;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use yass_shared_types::trash::TrashNote;

pub type TrashRow = trash::Model;

/// The site's trash, most recently deleted first.
pub async fn list(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<TrashRow>> {
    Ok(trash::Entity::find()
        .filter(trash::Column::SiteId.eq(site_id))
        .order_by_desc(trash::Column::DeletedAt)
        .order_by_desc(trash::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<TrashRow>> {
    super::of_site::find_of_site::<trash::Entity>(db, site_id, id).await
}

pub fn edit_group_ids(r: &TrashRow) -> Vec<i64> {
    serde_json::from_str(&r.edit_group_ids).unwrap_or_default()
}

pub fn files(r: &TrashRow) -> Vec<String> {
    serde_json::from_str(&r.files).unwrap_or_default()
}

/// The owner an attachment in the trash belongs to (`news`/`page`, id).
pub fn attachment_owner(r: &TrashRow) -> Option<(String, i64)> {
    match serde_json::from_str::<Payload>(&r.payload).ok()? {
        Payload::Attachment { row } => Some((row.owner_kind, row.owner_id)),
        _ => None,
    }
}

/// Puts an item back where it was (or says where it went instead), records
/// the restore, and takes it out of the trash.
pub async fn restore(tx: &SiteTx, r: &TrashRow) -> ApiResult<Vec<TrashNote>> {
    if r.site_id != tx.site().get() {
        return Err(ApiError::NotFound);
    }
    let payload: Payload = serde_json::from_str(&r.payload).map_err(ApiError::internal)?;
    let notes = match payload {
        Payload::News { row, tags, files } => super::news::put_back(tx, row, &tags, files).await?,
        Payload::Page {
            row,
            tags,
            edit_groups,
            read_groups,
            files,
            nav,
        } => super::pages::put_back(tx, row, &tags, &edit_groups, &read_groups, files, nav).await?,
        Payload::Link { row } => super::links::put_back(tx, row).await?,
        Payload::Extension { row } => {
            insert_again(tx, row.clone()).await?;
            tx.record(super::audit::created("extension", &row));
            vec![]
        }
        Payload::CalendarEvent { row } => {
            insert_again(tx, row.clone()).await?;
            tx.record(super::audit::created("calendar_event", &row));
            vec![]
        }
        Payload::NavItems { rows } => super::nav::put_back(tx, rows).await?,
        Payload::Attachment { row } => {
            let owner_exists = match row.owner_kind.as_str() {
                super::attachments::NEWS => super::news::get(tx.conn(), tx.site(), row.owner_id)
                    .await?
                    .is_some(),
                _ => super::pages::get(tx.conn(), tx.site(), row.owner_id)
                    .await?
                    .is_some(),
            };
            if !owner_exists {
                return Err(ApiError::Conflict(
                    "The item this file belongs to is in the trash too: restore it first.".into(),
                ));
            }
            super::attachments::put_back(tx, row).await?
        }
    };
    tx.mark_restored(&r.kind, r.item_id);
    let res = trash::Entity::delete_by_id(r.id).exec(tx.conn()).await?;
    if res.rows_affected != 1 {
        // Restored or purged by someone else meanwhile: this one rolls back.
        return Err(ApiError::NotFound);
    }
    tx.public_content_changed();
    Ok(notes)
}

/// Removes an entry for good: the entry, the item's versions (news and
/// pages), and returns the files to delete once the transaction committed.
/// Recorded as `purge`.
pub async fn purge(tx: &SiteTx, r: &TrashRow) -> ApiResult<Vec<String>> {
    if r.site_id != tx.site().get() {
        return Err(ApiError::NotFound);
    }
    let res = trash::Entity::delete_by_id(r.id).exec(tx.conn()).await?;
    if res.rows_affected != 1 {
        return Err(ApiError::NotFound);
    }
    let item_kind = match r.kind.as_str() {
        "news" => Some(super::revisions::NEWS),
        "page" => Some(super::revisions::PAGE),
        _ => None,
    };
    if let Some(k) = item_kind {
        revisions::Entity::delete_many()
            .filter(revisions::Column::SiteId.eq(tx.site()))
            .filter(revisions::Column::ItemKind.eq(k))
            .filter(revisions::Column::ItemId.eq(r.item_id))
            .exec(tx.conn())
            .await?;
    }
    let kind: &'static str = match r.kind.as_str() {
        "news" => "news",
        "page" => "page",
        "link" => "link",
        "extension" => "extension",
        "calendar_event" => "calendar_event",
        "nav_item" => "nav_item",
        _ => "attachment",
    };
    tx.record(super::audit::other(
        kind,
        Some(r.item_id),
        "purge",
        r.label.clone(),
        serde_json::json!({"before": {"deleted_at": r.deleted_at.and_utc().to_rfc3339(), "deleted_by": r.actor_name}}),
    ));
    Ok(files(r))
}

/// Entries deleted before `before`, of every site (housekeeping purges
/// them one by one, each in its site's transaction).
pub async fn expired(db: &impl ConnectionTrait, before: NaiveDateTime) -> ApiResult<Vec<TrashRow>> {
    Ok(trash::Entity::find()
        .filter(trash::Column::DeletedAt.lt(before))
        .order_by_asc(trash::Column::Id)
        .all(db)
        .await?)
}
