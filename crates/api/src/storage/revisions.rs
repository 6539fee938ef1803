//! Saved versions of news items and pages. The item's own save adds one in
//! its transaction (one insert per save); reads take the site.

use super::entities::revisions as rev;
use super::{SiteId, SiteTx};
use crate::error::ApiResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use yass_shared_types::revisions::RevisionFields;

pub type RevisionRow = rev::Model;

pub const NEWS: &str = "news";
pub const PAGE: &str = "page";

/// A version as the item's save hands it over.
pub struct NewRevision<'a> {
    pub kind: &'static str,
    pub item_id: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub fields: &'a RevisionFields,
    pub restored_from: Option<u32>,
}

/// The next version of a news item or page just saved (`kind` is also its
/// files' owner kind): its files listed as the transaction sees them, added
/// with `fields`, and public content marked changed.
pub(in crate::storage) async fn add_saved(
    tx: &SiteTx,
    kind: &'static str,
    (item_id, title, body): (i64, &str, &str),
    restored_from: Option<u32>,
    mut fields: RevisionFields,
) -> ApiResult<()> {
    let files = super::attachments::of_owner(tx.conn(), tx.site(), kind, item_id).await?;
    fields.attachments = super::attachments::revision_list(&files);
    let version = NewRevision {
        kind,
        item_id,
        title,
        body,
        fields: &fields,
        restored_from,
    };
    add(tx, version).await?;
    tx.public_content_changed();
    Ok(())
}

/// Adds the item's next version in the transaction that saved it, by the
/// transaction's author; returns its number. The item row was written
/// first in the same transaction, so two saves of one item queue on its
/// lock, and the last number is read with a lock of its own (no aggregate:
/// PostgreSQL locks rows, not a MAX).
pub(in crate::storage) async fn add(tx: &SiteTx, r: NewRevision<'_>) -> ApiResult<u32> {
    let last: Option<i32> = rev::Entity::find()
        .select_only()
        .column(rev::Column::Number)
        .filter(rev::Column::ItemKind.eq(r.kind))
        .filter(rev::Column::ItemId.eq(r.item_id))
        .order_by_desc(rev::Column::Number)
        .limit(1)
        .lock_exclusive()
        .into_tuple()
        .one(tx.conn())
        .await?;
    let number = last.unwrap_or(0).saturating_add(1);
    let author = tx.author();
    rev::ActiveModel {
        site_id: Set(tx.site().get()),
        item_kind: Set(r.kind.into()),
        item_id: Set(r.item_id),
        number: Set(number),
        at: Set(author.at),
        user_id: Set(author.user_id),
        actor_name: Set(author.name.chars().take(200).collect()),
        title: Set(r.title.chars().take(300).collect()),
        body: Set(r.body.into()),
        fields: Set(serde_json::to_string(r.fields).unwrap_or_else(|_| "{}".into())),
        restored_from: Set(r.restored_from.and_then(|n| i32::try_from(n).ok())),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    Ok(u32::try_from(number).unwrap_or(0))
}

/// A version as a history list shows it: no body, no fields (an item may
/// have hundreds of versions of a long body; the list reads none of them).
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionHead {
    pub number: u32,
    pub at: chrono::NaiveDateTime,
    pub actor_name: String,
    pub title: String,
    pub restored_from: Option<u32>,
}

/// An item's versions, newest first, without their bodies.
pub async fn list(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    kind: &str,
    item_id: i64,
) -> ApiResult<Vec<RevisionHead>> {
    let rows: Vec<(i32, chrono::NaiveDateTime, String, String, Option<i32>)> = rev::Entity::find()
        .select_only()
        .column(rev::Column::Number)
        .column(rev::Column::At)
        .column(rev::Column::ActorName)
        .column(rev::Column::Title)
        .column(rev::Column::RestoredFrom)
        .filter(rev::Column::SiteId.eq(site_id))
        .filter(rev::Column::ItemKind.eq(kind))
        .filter(rev::Column::ItemId.eq(item_id))
        .order_by_desc(rev::Column::Number)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(number, at, actor_name, title, restored_from)| RevisionHead {
                number: u32::try_from(number).unwrap_or(0),
                at,
                actor_name,
                title,
                restored_from: restored_from.and_then(|n| u32::try_from(n).ok()),
            },
        )
        .collect())
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    kind: &str,
    item_id: i64,
    number: u32,
) -> ApiResult<Option<RevisionRow>> {
    Ok(rev::Entity::find()
        .filter(rev::Column::SiteId.eq(site_id))
        .filter(rev::Column::ItemKind.eq(kind))
        .filter(rev::Column::ItemId.eq(item_id))
        .filter(rev::Column::Number.eq(i32::try_from(number).unwrap_or(-1)))
        .one(db)
        .await?)
}

/// The fields of a stored version (an unreadable one reads as empty).
pub fn fields(r: &RevisionRow) -> RevisionFields {
    serde_json::from_str(&r.fields).unwrap_or_default()
}

pub fn number(r: &RevisionRow) -> u32 {
    u32::try_from(r.number).unwrap_or(0)
}

/// A whole stored version's list entry.
pub fn head(r: &RevisionRow) -> RevisionHead {
    RevisionHead {
        number: number(r),
        at: r.at,
        actor_name: r.actor_name.clone(),
        title: r.title.clone(),
        restored_from: r.restored_from.and_then(|n| u32::try_from(n).ok()),
    }
}
