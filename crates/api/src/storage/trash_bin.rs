//! Putting a deleted item into its site's trash (the rows it was, its
//! files left on disk) and inserting rows again under their own ids. Item
//! modules use this when they delete; `storage::trash` (which lists,
//! restores and purges) uses the item modules, never the other way round.

use super::SiteTx;
use super::entities::{
    attachments, calendar_events, extensions, links, nav_items, news, pages, trash_items as trash,
};
use crate::error::{ApiError, ApiResult};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde::{Deserialize, Serialize};

/// The rows a deleted item was, as they are put back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    News {
        row: news::Model,
        tags: Vec<String>,
        files: Vec<attachments::Model>,
    },
    Page {
        row: pages::Model,
        tags: Vec<String>,
        edit_groups: Vec<i64>,
        read_groups: Vec<i64>,
        files: Vec<attachments::Model>,
        /// Menu items that pointed at the page (deleted with it).
        nav: Vec<nav_items::Model>,
    },
    Link {
        row: links::Model,
    },
    Extension {
        row: extensions::Model,
    },
    CalendarEvent {
        row: calendar_events::Model,
    },
    /// The deleted item first, then its sub-items (parents before children).
    NavItems {
        rows: Vec<nav_items::Model>,
    },
    Attachment {
        row: attachments::Model,
    },
}

impl Payload {
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::News { .. } => "news",
            Payload::Page { .. } => "page",
            Payload::Link { .. } => "link",
            Payload::Extension { .. } => "extension",
            Payload::CalendarEvent { .. } => "calendar_event",
            Payload::NavItems { .. } => "nav_item",
            Payload::Attachment { .. } => "attachment",
        }
    }
}

/// What goes into the trash with a delete.
pub(in crate::storage) struct Entry {
    pub item_id: i64,
    pub label: String,
    /// Who may restore besides site admins: the owning group …
    pub owner_group_id: Option<i64>,
    /// … or a page's edit groups.
    pub edit_group_ids: Vec<i64>,
    pub payload: Payload,
    /// Stored names of the files that stay on disk until purged.
    pub files: Vec<String>,
}

impl Entry {
    /// An item only site admins restore, with no files (an event, an
    /// extension, menu items).
    pub(in crate::storage) fn admins_only(item_id: i64, label: &str, payload: Payload) -> Self {
        Entry {
            item_id,
            label: label.to_string(),
            owner_group_id: None,
            edit_group_ids: vec![],
            payload,
            files: vec![],
        }
    }
}

/// Keeps a deleted item, in the transaction of its delete, by its author.
pub(in crate::storage) async fn put(tx: &SiteTx, e: Entry) -> ApiResult<()> {
    let author = tx.author();
    trash::ActiveModel {
        site_id: Set(tx.site().get()),
        kind: Set(e.payload.kind().into()),
        item_id: Set(e.item_id),
        label: Set(e.label.chars().take(300).collect()),
        deleted_at: Set(author.at),
        user_id: Set(author.user_id),
        actor_name: Set(author.name.chars().take(200).collect()),
        owner_group_id: Set(e.owner_group_id),
        edit_group_ids: Set(
            serde_json::to_string(&e.edit_group_ids).unwrap_or_else(|_| "[]".into())
        ),
        payload: Set(serde_json::to_string(&e.payload).map_err(ApiError::internal)?),
        files: Set(serde_json::to_string(&e.files).unwrap_or_else(|_| "[]".into())),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}

/// Inserts a row again under its own id (every column set as it was).
pub(in crate::storage) async fn insert_again<M, A>(tx: &SiteTx, row: M) -> ApiResult<M>
where
    M: IntoActiveModel<A> + sea_orm::ModelTrait,
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    A::Entity: EntityTrait<Model = M>,
{
    let am: A = row.into_active_model().reset_all();
    let saved = am.insert(tx.conn()).await.map_err(|e| match e {
        sea_orm::DbErr::RecordNotInserted => ApiError::Conflict("The item's id is taken.".into()),
        other => ApiError::from(other),
    })?;
    Ok(saved)
}
