//! Login, tokens and the auth log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
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
    /// At most 1024 bytes.
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Opaque; also set as an HttpOnly cookie. Rotated on every refresh.
    pub refresh_token: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
    pub token_type: String,
    /// True when the user must change the password before anything else.
    pub must_change_password: bool,
}

/// Body of refresh and logout; the SPA may send `{}` and rely on the cookie.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// At most 1024 bytes.
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 256))]
    pub new_password: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
/// What an API token may do, always within its owner's current rights.
pub enum TokenScope {
    /// Reads what the owner may read, including editor (manage) views.
    Read,
    /// Also writes content (news, pages, links, …) the owner may write.
    /// Never users, groups or tokens.
    ContentWrite,
    /// Everything the owner may do, including users, groups and tokens,
    /// while the owner is a site admin.
    SiteAdmin,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::ContentWrite => "content_write",
            TokenScope::SiteAdmin => "site_admin",
        }
    }

    /// A stored scope; anything unknown reads only (fails closed).
    pub fn parse(s: &str) -> Self {
        match s {
            "content_write" => TokenScope::ContentWrite,
            "site_admin" => TokenScope::SiteAdmin,
            _ => TokenScope::Read,
        }
    }
}

/// Default lifetime of a new API token, in days.
pub const API_TOKEN_DEFAULT_DAYS: u32 = 90;
/// Longest lifetime of an API token, in days.
pub const API_TOKEN_MAX_DAYS: u32 = 365;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiToken {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    pub scope: TokenScope,
    /// Lifetime in days, 1 to 365; 90 when left out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub expires_in_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub scope: TokenScope,
    /// The user whose current rights cap the token's; none when that user
    /// is gone (the token then no longer works).
    pub owner_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// After this the token no longer works.
    pub expires_at: Option<DateTime<Utc>>,
    /// Updated at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// Returned once, when the token is created; only its hash is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub token: ApiToken,
    /// The secret. Shown this once.
    pub secret: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthEventKind {
    Login,
    Logout,
    WrongPassword,
    UnknownAccount,
    Locked,
    Throttled,
    Disabled,
    PasswordChanged,
}

impl AuthEventKind {
    pub const ALL: [AuthEventKind; 8] = [
        AuthEventKind::Login,
        AuthEventKind::Logout,
        AuthEventKind::WrongPassword,
        AuthEventKind::UnknownAccount,
        AuthEventKind::Locked,
        AuthEventKind::Throttled,
        AuthEventKind::Disabled,
        AuthEventKind::PasswordChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthEventKind::Login => "login",
            AuthEventKind::Logout => "logout",
            AuthEventKind::WrongPassword => "wrong_password",
            AuthEventKind::UnknownAccount => "unknown_account",
            AuthEventKind::Locked => "locked",
            AuthEventKind::Throttled => "throttled",
            AuthEventKind::Disabled => "disabled",
            AuthEventKind::PasswordChanged => "password_changed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: AuthEventKind,
    /// The account name as typed (also for unknown accounts).
    pub account: String,
    pub user_id: Option<i64>,
    pub client_addr: String,
}
