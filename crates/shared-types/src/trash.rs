//! The site's trash: deleted items kept for `YASS_TRASH_DAYS` days.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One deleted item, as the trash screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrashItem {
    pub id: i64,
    /// `news`, `page`, `link`, `extension`, `calendar_event`, `nav_item`,
    /// `attachment`.
    pub kind: String,
    /// The deleted item's id; it comes back under the same id.
    pub item_id: i64,
    /// Its title or name.
    pub label: String,
    pub deleted_at: DateTime<Utc>,
    /// Who deleted it, as they were named then.
    pub deleted_by: String,
    /// When it is purged for good (with its files).
    pub purge_at: DateTime<Utc>,
}

/// Where a restored item went when its old place is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrashNote {
    /// The news item's category is gone: it has none now.
    CategoryGone,
    /// The link's category is gone: it is in the default category now.
    MovedToDefaultCategory,
    /// The owning group is gone: the item belongs to this group now.
    OwnerGroupGone { now_group: String },
    /// The link's owning group is gone: only site admins edit it now.
    OwnerGroupGoneSiteAdminsOnly,
    /// Some of the page's edit groups are gone; the others (and site
    /// admins) still edit it.
    EditGroupsGone,
    /// The menu item's submenu is gone: it is at the top level now.
    ParentGone,
    /// The page a menu item pointed at is gone: the item is hidden.
    PageGone,
    /// Some of the page's read groups are gone; it stays restricted to the
    /// others (or to site admins).
    ReadGroupsGone,
}

/// The answer to a restore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrashRestored {
    pub kind: String,
    pub item_id: i64,
    pub notes: Vec<TrashNote>,
}
