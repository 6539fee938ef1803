//! The audit log: who changed what, as site and platform admins read it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One committed change (one request), newest first in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The school's site; absent for platform actions (sites,
    /// announcements, platform admins).
    pub site_slug: Option<String>,
    pub user_id: Option<i64>,
    /// The API token the change came through, if any.
    pub token_id: Option<i64>,
    /// The account as it was named then, the tool (`demo`, `yass command
    /// line`), an applicant (`name <address>`), or nobody signed in.
    pub actor_name: String,
    /// Kept as long as the auth log keeps addresses, then dropped.
    pub client_addr: Option<String>,
    /// What was changed: `news`, `page`, `link`, `link_category`,
    /// `extension`, `calendar_event`, `nav_item`, `attachment`, `group`,
    /// `user`, `api_token`, `news_category`, `site`, `announcement`,
    /// `platform_admin`, `application`, `site_host`, `school_codes`,
    /// `image`.
    pub kind: String,
    pub entity_id: Option<i64>,
    /// `create`, `update`, `delete`, `reorder`, `move`, `restore`, `purge`
    /// (deleted for good from the trash), `export`, `import`; of an
    /// application `submit`, `confirm`, `approve`, `reject`; `reset_link`
    /// (a "forgot password" link was mailed; by nobody signed in);
    /// `replace` (the school codes).
    pub action: String,
    /// The item's title or name then.
    pub label: String,
    /// `{"before": {...}, "after": {...}}` of the fields that changed (never
    /// a password or secret); other rows changed by the same request under
    /// `also`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: serde_json::Value,
}
