//! One-time links (confirm an e-mail address, set up an account, reset a
//! password): only the SHA-256 of the secret is stored; a link is used by
//! one conditional update, so two clicks at once cannot both succeed.

use super::entities::one_time_links as links;
use crate::error::ApiResult;
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

pub type LinkRow = links::Model;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmEmail,
    SetUp,
    ResetPassword,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmEmail => "confirm_email",
            Purpose::SetUp => "set_up",
            Purpose::ResetPassword => "reset_password",
        }
    }
}

/// Whom a link is about: an application, or a user.
pub enum Subject {
    Application(i64),
    User(i64),
}

pub async fn insert(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    token_hash: String,
    subject: Subject,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> ApiResult<()> {
    let (user_id, application_id) = match subject {
        Subject::Application(id) => (None, Some(id)),
        Subject::User(id) => (Some(id), None),
    };
    links::ActiveModel {
        purpose: Set(purpose.as_str().into()),
        token_hash: Set(token_hash),
        user_id: Set(user_id),
        application_id: Set(application_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The link of this hash and purpose, if it is unused and unexpired.
pub async fn valid(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    token_hash: &str,
    now: NaiveDateTime,
) -> ApiResult<Option<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::TokenHash.eq(token_hash))
        .filter(links::Column::Purpose.eq(purpose.as_str()))
        .filter(links::Column::UsedAt.is_null())
        .filter(links::Column::ExpiresAt.gt(now))
        .one(db)
        .await?)
}

/// Uses the link: `Some` once, for the first caller while it is valid;
/// `None` for an unknown, used or expired one.
pub async fn consume(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    token_hash: &str,
    now: NaiveDateTime,
) -> ApiResult<Option<LinkRow>> {
    let Some(row) = valid(db, purpose, token_hash, now).await? else {
        return Ok(None);
    };
    let res = links::Entity::update_many()
        .col_expr(links::Column::UsedAt, Expr::value(now))
        .filter(links::Column::Id.eq(row.id))
        .filter(links::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((res.rows_affected == 1).then_some(row))
}

/// Ends every unused link of `purpose` for a user (a new one replaces them,
/// or the password they would set was set another way).
pub async fn revoke_for_user(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    user_id: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    links::Entity::update_many()
        .col_expr(links::Column::UsedAt, Expr::value(now))
        .filter(links::Column::UserId.eq(user_id))
        .filter(links::Column::Purpose.eq(purpose.as_str()))
        .filter(links::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Drops links that expired before `cutoff`.
pub async fn purge(db: &impl ConnectionTrait, cutoff: NaiveDateTime) -> ApiResult<u64> {
    Ok(links::Entity::delete_many()
        .filter(links::Column::ExpiresAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
