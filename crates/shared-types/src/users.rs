//! Users, nested groups and effective rights.

use crate::Patch;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a group's members may do (DESIGN.md "Groups and permissions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Members are site admins.
    Admin,
    /// Members may publish news and links owned by this group.
    Staff,
    /// Members may log in and edit pages attached to this group.
    Normal,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Admin => "admin",
            GroupKind::Staff => "staff",
            GroupKind::Normal => "normal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(GroupKind::Admin),
            "staff" => Some(GroupKind::Staff),
            "normal" => Some(GroupKind::Normal),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub kind: GroupKind,
    pub parent_id: Option<i64>,
    pub order: i32,
    /// Number of direct members.
    pub member_count: u64,
    /// An archived group grants nothing; pages restricted to it stay
    /// restricted.
    #[serde(default)]
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateGroup {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    pub kind: GroupKind,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub order: Option<i32>,
}

/// `PATCH` body: rename, change kind, reorder or move (`parent_id: null` = top level).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<GroupKind>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Patch<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
    /// `true` archives the group (its members lose what it granted; what it
    /// restricted stays restricted), `false` brings it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    /// May log in, but must change the password before anything else.
    MustChangePassword,
    Disabled,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::MustChangePassword => "must_change_password",
            UserStatus::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(UserStatus::Active),
            "must_change_password" => Some(UserStatus::MustChangePassword),
            "disabled" => Some(UserStatus::Disabled),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub account: String,
    pub display_name: String,
    pub emails: Vec<String>,
    pub status: UserStatus,
    /// Ids of the groups the user belongs to directly.
    pub group_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Compared once normalised (NFKC, trimmed, lowercased): 1 to 64
    /// characters, no spaces or control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 64,
            pattern = r"^[^\s\x00-\x1F\x7F-\x9F]+$"
        )
    )]
    pub account: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 256))]
    pub password: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub display_name: Option<String>,
    // rules::validate::email, for each address (also at most 254 bytes).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@.\s\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@.\s\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub emails: Vec<String>,
    #[serde(default)]
    pub group_ids: Vec<i64>,
    /// Defaults to `must_change_password`, so a temporary password is replaced.
    #[serde(default)]
    pub status: Option<UserStatus>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@.\s\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@.\s\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub emails: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<i64>>,
    /// A site admin resetting a password; the user must change it at next login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 256))]
    pub password: Option<String>,
}

/// What a user may do on a site, derived from their groups and every ancestor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectiveRights {
    pub site_admin: bool,
    pub platform_admin: bool,
    /// The user's groups plus all their ancestors.
    pub principal_group_ids: Vec<i64>,
    /// Groups that may own news and links this user writes.
    pub staff_group_ids: Vec<i64>,
    /// Human-readable list of what the rights allow, e.g. `news.create`.
    pub actions: Vec<String>,
}

/// `GET /api/v1/sites/{site}/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: User,
    pub groups: Vec<Group>,
    pub rights: EffectiveRights,
}

/// `GET /api/v1/sites/{site}/manage/dashboard`: the admin dashboard's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardStats {
    pub users: u64,
    pub groups: u64,
    pub news: u64,
    pub pages: u64,
    pub links: u64,
    pub extensions: u64,
    /// Successful logins since midnight, Asia/Taipei.
    pub logins_today: u64,
    /// Failed logins (wrong password, unknown account, locked) since midnight, Asia/Taipei.
    pub failed_logins_today: u64,
    /// The newest auth log entries.
    pub recent_auth_events: Vec<crate::auth::AuthEvent>,
}

/// A change of a platform admin (`None` keeps a field). Nobody can disable
/// themselves or the last active platform admin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePlatformAdmin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
}
