//! Login, tokens and the auth log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub account: String,
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
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiToken {
    pub name: String,
    pub scope: TokenScope,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
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
