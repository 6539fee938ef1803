//! Attachment rows of news items and pages, and their files on disk.

use super::entities::attachments;
use super::{SiteId, SiteTx};
use crate::error::ApiResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub use attachments::Model as AttachmentRow;

pub const NEWS: &str = "news";
pub const PAGE: &str = "page";

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<AttachmentRow>> {
    super::of_site::find_of_site::<attachments::Entity>(db, site_id, id).await
}

pub async fn of_owner(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    kind: &str,
    owner_id: i64,
) -> ApiResult<Vec<AttachmentRow>> {
    Ok(attachments::Entity::find()
        .filter(attachments::Column::SiteId.eq(site_id))
        .filter(attachments::Column::OwnerKind.eq(kind))
        .filter(attachments::Column::OwnerId.eq(owner_id))
        .order_by_asc(attachments::Column::Id)
        .all(db)
        .await?)
}

/// Deletes the rows of an owner; returns them so the caller removes the
/// files once the transaction has committed.
pub async fn delete_of_owner(
    tx: &SiteTx,
    kind: &str,
    owner_id: i64,
) -> ApiResult<Vec<AttachmentRow>> {
    let rows = of_owner(tx.conn(), tx.site(), kind, owner_id).await?;
    attachments::Entity::delete_many()
        .filter(attachments::Column::SiteId.eq(tx.site()))
        .filter(attachments::Column::OwnerKind.eq(kind))
        .filter(attachments::Column::OwnerId.eq(owner_id))
        .exec(tx.conn())
        .await?;
    for r in &rows {
        tx.record(super::audit::deleted("attachment", r).side_effect());
    }
    if !rows.is_empty() {
        tx.public_content_changed();
    }
    Ok(rows)
}

/// Deletes one attachment row of the site (`NotFound` when there is none).
/// `owner_group_id` / `edit_group_ids`: who may restore it (the owner's
/// editors), given by the caller, which checked them.
pub async fn delete(
    tx: &SiteTx,
    id: i64,
    owner_group_id: Option<i64>,
    edit_group_ids: Vec<i64>,
) -> ApiResult<()> {
    let row =
        super::site_tx::delete_public_row::<attachments::Entity>(tx, "attachment", id).await?;
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry {
            item_id: row.id,
            label: row.file_name.clone(),
            owner_group_id,
            edit_group_ids,
            files: vec![row.stored_name.clone()],
            payload: super::trash_bin::Payload::Attachment { row },
        },
    )
    .await
}

/// Puts an attachment from the trash back on its item (the caller checked
/// that the item exists).
pub(in crate::storage) async fn put_back(
    tx: &SiteTx,
    row: AttachmentRow,
) -> ApiResult<Vec<yass_shared_types::trash::TrashNote>> {
    let saved = super::trash_bin::insert_again(tx, row).await?;
    tx.record(super::audit::created("attachment", &saved));
    tx.public_content_changed();
    Ok(vec![])
}

/// The files of an item as a version lists them.
pub fn revision_list(
    rows: &[AttachmentRow],
) -> Vec<yass_shared_types::revisions::RevisionAttachment> {
    rows.iter()
        .map(|a| yass_shared_types::revisions::RevisionAttachment {
            id: a.id,
            file_name: a.file_name.clone(),
            size: u64::try_from(a.size).unwrap_or(0),
        })
        .collect()
}

/// An uploaded file's row, written once its bytes are stored.
pub struct NewAttachment<'a> {
    pub owner_kind: &'a str,
    pub owner_id: i64,
    pub file_name: &'a str,
    pub stored_name: &'a str,
    pub content_type: &'a str,
    pub size: u64,
    pub at: chrono::NaiveDateTime,
}

pub async fn insert(tx: &SiteTx, a: NewAttachment<'_>) -> ApiResult<AttachmentRow> {
    let row = attachments::ActiveModel {
        site_id: Set(tx.site().get()),
        owner_kind: Set(a.owner_kind.into()),
        owner_id: Set(a.owner_id),
        file_name: Set(a.file_name.into()),
        stored_name: Set(a.stored_name.into()),
        content_type: Set(a.content_type.into()),
        size: Set(i64::try_from(a.size).unwrap_or(i64::MAX)),
        created_at: Set(a.at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record(super::audit::created("attachment", &row));
    tx.public_content_changed();
    Ok(row)
}
