//! The one error type of the API and its single mapping to HTTP
//! (`application/problem+json`, RFC 9457).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::{DbErr, SqlErr};
use std::collections::BTreeMap;
use yass_shared_types::problem::{Problem, Reference, codes};

/// Per-field validation messages, keyed by JSON field name.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was wrong, else the 422 error.
    pub fn into_result(self) -> Result<(), ApiError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self))
        }
    }

    pub fn single(field: &str, message: impl Into<String>) -> ApiError {
        let mut e = Self::new();
        e.add(field, message);
        ApiError::Validation(e)
    }
}

/// What is busy when sign-ins and password checks wait too long for an
/// argon2 worker (its own problem code, `password_workers_busy`).
pub const PASSWORD_CHECKS: &str = "password checks";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("payload too large (limit {limit} bytes)")]
    PayloadTooLarge { limit: usize },
    #[error("not found")]
    NotFound,
    #[error("site not found")]
    SiteNotFound,
    #[error("site disabled")]
    SiteDisabled,
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    #[error("invalid account or password")]
    InvalidCredentials,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(String),
    /// A group that pages, content, members or sub-groups still refer to.
    #[error("group in use ({} references)", .0.len())]
    GroupInUse(Vec<Reference>),
    #[error("too many attempts, retry after {retry_after} s")]
    TooManyAttempts { retry_after: u64 },
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("database unavailable")]
    Unavailable,
    /// A bounded pool stayed full for longer than a request may wait.
    #[error("busy ({what}), retry after {retry_after} s")]
    Busy {
        what: &'static str,
        retry_after: u64,
    },
    /// A one-time link that is unknown, used or expired.
    #[error("link invalid")]
    LinkInvalid,
    /// The database aborted the transaction to break a deadlock or a
    /// serialization failure with a concurrent write; nothing was written
    /// and the same request may simply be sent again.
    #[error("write conflict")]
    WriteConflict,
    /// Anything we did not expect. The cause is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }

    /// The database aborted the whole transaction before it committed, so
    /// the same request may run again at once (`http::retry_conflicts`).
    pub fn is_retryable_abort(&self) -> bool {
        matches!(self, ApiError::WriteConflict)
    }

    /// The database went away while a write ran: its commit may have landed
    /// before the connection broke. A file written for the row is then
    /// kept (at worst an orphan file, never a row without its file).
    pub fn may_have_committed(&self) -> bool {
        matches!(self, ApiError::Unavailable)
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        use ApiError::{
            BadRequest, Busy, Conflict, Forbidden, GroupInUse, Internal, InvalidCredentials,
            LinkInvalid, MalformedJson, MethodNotAllowed, NotFound, PasswordChangeRequired,
            PayloadTooLarge, SiteDisabled, SiteNotFound, TooManyAttempts, Unauthorized,
            Unavailable, UnsupportedMediaType, Validation, WriteConflict,
        };
        match self {
            Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::VALIDATION_FAILED,
                "Validation failed",
            ),
            BadRequest(_) => (StatusCode::BAD_REQUEST, codes::BAD_REQUEST, "Bad request"),
            MalformedJson(_) => (
                StatusCode::BAD_REQUEST,
                codes::MALFORMED_JSON,
                "Malformed JSON",
            ),
            UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
            ),
            PayloadTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::PAYLOAD_TOO_LARGE,
                "Payload too large",
            ),
            NotFound => (StatusCode::NOT_FOUND, codes::NOT_FOUND, "Not found"),
            SiteNotFound => (
                StatusCode::NOT_FOUND,
                codes::SITE_NOT_FOUND,
                "Site not found",
            ),
            SiteDisabled => (StatusCode::NOT_FOUND, codes::SITE_DISABLED, "Site disabled"),
            Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                codes::UNAUTHORIZED,
                "Authentication required",
            ),
            InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                codes::INVALID_CREDENTIALS,
                "Invalid account or password",
            ),
            PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                codes::PASSWORD_CHANGE_REQUIRED,
                "Password change required",
            ),
            Forbidden => (StatusCode::FORBIDDEN, codes::FORBIDDEN, "Forbidden"),
            Conflict(_) => (StatusCode::CONFLICT, codes::CONFLICT, "Conflict"),
            GroupInUse(_) => (StatusCode::CONFLICT, codes::GROUP_IN_USE, "Group in use"),
            TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                codes::TOO_MANY_ATTEMPTS,
                "Too many attempts",
            ),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                codes::METHOD_NOT_ALLOWED,
                "Method not allowed",
            ),
            Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                codes::UNAVAILABLE,
                "Service unavailable",
            ),
            Busy { what, .. } if *what == PASSWORD_CHECKS => (
                StatusCode::SERVICE_UNAVAILABLE,
                codes::PASSWORD_WORKERS_BUSY,
                "Busy",
            ),
            Busy { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                codes::SERVER_BUSY,
                "Server busy",
            ),
            LinkInvalid => (StatusCode::GONE, codes::LINK_INVALID, "Link invalid"),
            WriteConflict => (
                StatusCode::SERVICE_UNAVAILABLE,
                codes::WRITE_CONFLICT,
                "Write conflict",
            ),
            Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "Internal server error",
            ),
        }
    }

    fn detail(&self) -> Option<String> {
        use ApiError::{
            BadRequest, Busy, Conflict, GroupInUse, LinkInvalid, MalformedJson, PayloadTooLarge,
            TooManyAttempts, Unauthorized, UnsupportedMediaType, WriteConflict,
        };
        match self {
            BadRequest(d) | MalformedJson(d) | UnsupportedMediaType(d) | Conflict(d) => {
                Some(d.clone())
            }
            Unauthorized(d) => Some((*d).to_string()),
            GroupInUse(_) => Some(
                "Pages, content, members or sub-groups still refer to this group; \
                 move them to another group first (see references)."
                    .into(),
            ),
            PayloadTooLarge { limit } => Some(format!("The body is larger than {limit} bytes.")),
            TooManyAttempts { retry_after } => Some(format!(
                "Too many failed attempts. Try again in {} minute(s).",
                retry_after.div_ceil(60)
            )),
            Busy { what, retry_after } => Some(format!(
                "Too many {what} are running. Try again in {retry_after} s."
            )),
            LinkInvalid => Some(
                "This link is unknown, already used or expired. 這個連結無效、已使用過或已過期。"
                    .into(),
            ),
            WriteConflict => Some(
                "Another change was being saved at the same moment; nothing was saved. \
                 Send the same request again."
                    .into(),
            ),
            _ => None,
        }
    }

    /// Seconds after which the same request may succeed, when it may.
    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::TooManyAttempts { retry_after } | ApiError::Busy { retry_after, .. } => {
                Some(*retry_after)
            }
            ApiError::WriteConflict | ApiError::Unavailable => Some(1),
            _ => None,
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, code, title) = self.parts();
        Problem {
            type_uri: format!("tag:yass,2026:problem:{code}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: self.detail(),
            code: code.to_string(),
            errors: match self {
                ApiError::Validation(f) => f.0.clone(),
                _ => BTreeMap::new(),
            },
            retry_after: self.retry_after(),
            references: match self {
                ApiError::GroupInUse(r) => r.clone(),
                _ => vec![],
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        res.insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(retry_after) = self.retry_after() {
            res.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        if matches!(
            self,
            ApiError::Unauthorized(_) | ApiError::InvalidCredentials
        ) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<DbErr> for ApiError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ApiError::Conflict("An item with the same unique value already exists.".into())
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                ApiError::Conflict("The item refers to, or is referred to by, another item.".into())
            }
            _ if is_write_conflict(&e) => ApiError::WriteConflict,
            _ => match e {
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                    tracing::error!(error = %e, "database unavailable");
                    ApiError::Unavailable
                }
                _ if is_connection_lost(&e) => {
                    tracing::error!(error = %e, "database unavailable");
                    ApiError::Unavailable
                }
                other => ApiError::Internal(other.to_string()),
            },
        }
    }
}

/// The driver error under a sea-orm error, when a statement failed.
fn sqlx_error(e: &DbErr) -> Option<&sea_orm::sqlx::Error> {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => Some(e),
        _ => None,
    }
}

/// MariaDB's error number of a failed statement.
fn mysql_error_number(e: &sea_orm::sqlx::Error) -> Option<u16> {
    e.as_database_error()?
        .try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>()
        .map(sea_orm::sqlx::mysql::MySqlDatabaseError::number)
}

/// A transaction the database aborted because of a concurrent one: a
/// deadlock, a serialization failure or a Galera certification failure
/// (SQLSTATE 40001 on MariaDB and PostgreSQL, 40P01 on PostgreSQL), or a
/// Galera node that refused the statement because it is not part of the
/// primary component or not synced yet (MariaDB error 1047, `WSREP has not
/// yet prepared node for application use`). Nothing of it was written, so
/// the same work is safe to run again.
pub fn is_write_conflict(e: &DbErr) -> bool {
    if inserted_row_vanished(e) {
        return true;
    }
    sqlx_error(e).is_some_and(|e| {
        let sqlstate = e
            .as_database_error()
            .and_then(sea_orm::sqlx::error::DatabaseError::code);
        sqlstate.is_some_and(|c| c == "40001" || c == "40P01")
            || mysql_error_number(e)
                .is_some_and(|n| n == ER_WSREP_NOT_READY || n == ER_LOCK_WAIT_TIMEOUT)
            || sqlite_busy(e)
    })
}

/// MariaDB answered an `INSERT … RETURNING` with no row: seen on a Galera
/// node when a replicated write aborts the transaction under the insert
/// (a brute-force abort) instead of the deadlock error. The error comes
/// before any commit, so the transaction rolls back and nothing of it is
/// written: the same as a conflict.
fn inserted_row_vanished(e: &DbErr) -> bool {
    matches!(e, DbErr::RecordNotFound(m) if m == "Failed to find inserted item")
}

/// SQLite's "database is locked" (SQLITE_BUSY, 5, and its extended codes
/// such as BUSY_SNAPSHOT, 517): another connection held the write lock past
/// the busy timeout. The statement did not run, and a refused COMMIT leaves
/// the transaction uncommitted (it rolls back when dropped), so nothing of
/// it was written: the same as a conflict.
fn sqlite_busy(e: &sea_orm::sqlx::Error) -> bool {
    let Some(d) = e.as_database_error() else {
        return false;
    };
    d.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
        .is_some()
        && d.code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| c & 0xff == 5)
}

/// `ER_UNKNOWN_COM_ERROR`, which Galera returns for every statement on a
/// node that may not serve them (not synced, not in the primary component).
const ER_WSREP_NOT_READY: u16 = 1047;

/// `ER_LOCK_WAIT_TIMEOUT`: a statement waited too long for a row lock (seen
/// on a Galera node that is leaving while it holds the hot rows). MariaDB
/// rolls back the statement; yass then drops the transaction, so nothing
/// of the request was written and it may run again.
const ER_LOCK_WAIT_TIMEOUT: u16 = 1205;

/// The database went away under a statement: the connection broke, the
/// server is shutting down (1053) or killed the connection (1927), or a
/// PostgreSQL server is in recovery or shutting down (SQLSTATE class 57P,
/// 25006 read-only after a switchover). Answered 503 `unavailable`, not
/// retried here: a connection lost during a commit may have committed.
pub fn is_connection_lost(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as X;
    let Some(e) = sqlx_error(e) else {
        return false;
    };
    match e {
        X::Io(_)
        | X::Tls(_)
        | X::Protocol(_)
        | X::PoolTimedOut
        | X::PoolClosed
        | X::WorkerCrashed => true,
        X::Database(d) => {
            matches!(mysql_error_number(e), Some(1053 | 1927 | 2006 | 2013))
                || d.code()
                    .is_some_and(|c| c.starts_with("57P") || c == "25006")
        }
        _ => false,
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_insert_whose_row_did_not_come_back_is_a_conflict_to_retry() {
        let e = DbErr::RecordNotFound("Failed to find inserted item".into());
        assert!(is_write_conflict(&e));
        assert!(ApiError::from(e).is_retryable_abort());
        let other = DbErr::RecordNotFound("news 7".into());
        assert!(!is_write_conflict(&other));
        assert!(!ApiError::from(DbErr::Custom("x".into())).is_retryable_abort());
    }
}
