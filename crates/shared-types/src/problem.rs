//! RFC 9457 problem details, as every error of the API is sent.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `application/problem+json` body. `code` is stable and machine-readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` style tag URI).
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine code, e.g. `validation_failed`, `site_disabled`.
    pub code: String,
    /// Per-field messages for `validation_failed` (422).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    /// Seconds to wait, for `too_many_attempts` (429), `server_busy` and
    /// `write_conflict` (503).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// What still refers to the item, for `group_in_use` (409).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
}

/// One thing that refers to an item that cannot be deleted yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reference {
    /// `page_read`, `page_edit`, `news`, `link`, `member`, `sub_group`.
    pub kind: String,
    pub id: i64,
    pub title: String,
}

/// The stable problem codes.
pub mod codes {
    pub const VALIDATION_FAILED: &str = "validation_failed";
    pub const BAD_REQUEST: &str = "bad_request";
    pub const MALFORMED_JSON: &str = "malformed_json";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const NOT_FOUND: &str = "not_found";
    pub const SITE_NOT_FOUND: &str = "site_not_found";
    pub const SITE_DISABLED: &str = "site_disabled";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    pub const PASSWORD_CHANGE_REQUIRED: &str = "password_change_required";
    pub const FORBIDDEN: &str = "forbidden";
    pub const CONFLICT: &str = "conflict";
    pub const GROUP_IN_USE: &str = "group_in_use";
    pub const TOO_MANY_ATTEMPTS: &str = "too_many_attempts";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const INTERNAL: &str = "internal_error";
    pub const UNAVAILABLE: &str = "service_unavailable";
    /// Every password worker stayed busy for the whole wait; retry later.
    pub const PASSWORD_WORKERS_BUSY: &str = "password_workers_busy";
    /// A bounded pool (e.g. image decoding) stayed full: retry later.
    pub const SERVER_BUSY: &str = "server_busy";
    /// The database gave up on the write because of a concurrent one (a
    /// deadlock or serialization failure); nothing was written: retry.
    pub const WRITE_CONFLICT: &str = "write_conflict";
    /// A one-time link (confirmation, set-up, reset) that is unknown, used
    /// or expired.
    pub const LINK_INVALID: &str = "link_invalid";
}
