//! Saved versions of news items and pages: the history an editor reads,
//! compares and restores from.

use crate::html::SanitizedHtml;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One saved version in a history list, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionSummary {
    /// 1 for the first save, then 2, 3… per item.
    pub number: u32,
    pub at: DateTime<Utc>,
    /// Who saved it, as they were named then.
    pub actor_name: String,
    pub title: String,
    /// The version it restored, when it was made by a restore.
    pub restored_from: Option<u32>,
}

/// A file an item had when the version was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionAttachment {
    pub id: i64,
    pub file_name: String,
    pub size: u64,
}

/// Everything of a version besides its title and body. News use the
/// schedule, pin, category and group; pages the visibility and groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionFields {
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub attachments: Vec<RevisionAttachment>,
    #[serde(default)]
    pub category_id: Option<i64>,
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub display_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub visible_from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub visible_until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub pinned_from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub pinned_until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub draft: bool,
    /// `public` or `restricted` (pages).
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub edit_group_ids: Vec<i64>,
    #[serde(default)]
    pub read_group_ids: Vec<i64>,
}

/// One whole version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    /// Sanitized HTML, as saved.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub body: SanitizedHtml,
    pub fields: RevisionFields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

/// A run of visible text in both versions, only the older, or only the
/// newer; `break_after` ends its paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffPart {
    pub op: DiffOp,
    pub text: String,
    pub break_after: bool,
}

/// A field whose value differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub before: serde_json::Value,
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub after: serde_json::Value,
}

/// What changed from version `from` to version `to`: the visible text of
/// the title and body (not the HTML), and the other fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionDiff {
    pub from: u32,
    pub to: u32,
    pub title: Vec<DiffPart>,
    pub body: Vec<DiffPart>,
    pub fields: Vec<FieldChange>,
}

/// Why part of an old version was not brought back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RestoreNote {
    /// Who may read or edit stayed as it is now: a group of the old lists
    /// is gone, the old lists would let more people in, or the restorer may
    /// not change them.
    KeptCurrentRights,
    /// The old news category is gone; the item has none.
    CategoryGone,
    /// The old owning group is gone (or not one the restorer posts for);
    /// the current one stays.
    KeptCurrentGroup,
    /// Files the old version listed that are no longer attached.
    AttachmentsGone { file_names: Vec<String> },
}

/// The result of "restore this version": a new version was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RestoreOutcome {
    /// The new version's number.
    pub number: u32,
    pub restored_from: u32,
    pub notes: Vec<RestoreNote>,
}
