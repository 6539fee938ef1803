//! Refresh tokens, the auth log and login throttles (API tokens: `api_tokens`).

use super::SiteId;
use super::entities::{auth_events, login_throttles, refresh_tokens};
use super::utc;
use crate::error::ApiResult;
use crate::rules::throttle;
use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use yass_shared_types::auth::AuthEventKind;

pub use auth_events::Model as AuthEventRow;

// ------------------------------------------------------------ refresh tokens

pub async fn insert_refresh(
    db: &impl ConnectionTrait,
    user_id: i64,
    token_hash: String,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> ApiResult<()> {
    refresh_tokens::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn refresh_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> ApiResult<Option<refresh_tokens::Model>> {
    Ok(refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?)
}

/// Revokes one refresh token if still live; returns whether this call did it
/// (so two concurrent refreshes with one token cannot both succeed).
pub async fn revoke_refresh(
    db: &impl ConnectionTrait,
    id: i64,
    now: NaiveDateTime,
) -> ApiResult<bool> {
    let res = refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(refresh_tokens::Column::Id.eq(id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn revoke_all_refresh(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

// ------------------------------------------------------------ auth log

pub struct NewEvent<'a> {
    pub site_id: Option<i64>,
    pub kind: AuthEventKind,
    pub account: &'a str,
    pub user_id: Option<i64>,
    pub client_addr: &'a str,
    pub at: NaiveDateTime,
}

pub async fn log_event(db: &impl ConnectionTrait, e: NewEvent<'_>) -> ApiResult<()> {
    let account: String = e.account.chars().take(64).collect();
    auth_events::ActiveModel {
        site_id: Set(e.site_id),
        at: Set(e.at),
        kind: Set(e.kind.as_str().to_string()),
        account: Set(account),
        user_id: Set(e.user_id),
        client_addr: Set(e.client_addr.chars().take(64).collect()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    pub user_id: Option<i64>,
    pub kind: Option<AuthEventKind>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

pub async fn events(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    f: &EventFilter,
    page: u64,
    per_page: u64,
) -> ApiResult<(Vec<AuthEventRow>, u64)> {
    let mut q = auth_events::Entity::find().filter(auth_events::Column::SiteId.eq(site_id));
    if let Some(u) = f.user_id {
        q = q.filter(auth_events::Column::UserId.eq(u));
    }
    if let Some(k) = f.kind {
        q = q.filter(auth_events::Column::Kind.eq(k.as_str()));
    }
    if let Some(t) = f.from {
        q = q.filter(auth_events::Column::At.gte(t));
    }
    if let Some(t) = f.until {
        q = q.filter(auth_events::Column::At.lt(t));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(auth_events::Column::At)
        .order_by_desc(auth_events::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Counts of one kind of event since `from` (dashboard figures).
pub async fn count_events_since(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    kinds: &[AuthEventKind],
    from: NaiveDateTime,
) -> ApiResult<u64> {
    Ok(auth_events::Entity::find()
        .filter(auth_events::Column::SiteId.eq(site_id))
        .filter(auth_events::Column::Kind.is_in(kinds.iter().map(|k| k.as_str())))
        .filter(auth_events::Column::At.gte(from))
        .count(db)
        .await?)
}

/// Deletes entries older than `before` (retention); returns how many.
pub async fn purge_events(db: &impl ConnectionTrait, before: NaiveDateTime) -> ApiResult<u64> {
    let res = auth_events::Entity::delete_many()
        .filter(auth_events::Column::At.lt(before))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

// ------------------------------------------------------------ throttles

fn to_state(m: &login_throttles::Model) -> throttle::State {
    throttle::State {
        failures: m.failures,
        lockouts: m.lockouts,
        last_failure_at: utc(m.last_failure_at),
        locked_until: m.locked_until.map(utc),
    }
}

/// The row of one key, created first if missing (INSERT … ON CONFLICT DO
/// NOTHING, so instances racing on a new key both see one row).
pub async fn throttle_row(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> ApiResult<throttle::State> {
    use login_throttles::Column as C;
    let m = login_throttles::ActiveModel {
        throttle_key: Set(key.to_string()),
        failures: Set(0),
        lockouts: Set(0),
        last_failure_at: Set(now.naive_utc()),
        locked_until: Set(None),
    };
    login_throttles::Entity::insert(m)
        .on_conflict_do_nothing_on([C::ThrottleKey])
        .exec(db)
        .await?;
    let row = login_throttles::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .ok_or_else(|| crate::error::ApiError::internal("throttle row vanished"))?;
    Ok(to_state(&row))
}

/// Reserves one attempt: one conditional UPDATE that succeeds only while the
/// key is unlocked and below `threshold`, so concurrent attempts (on any
/// instance) cannot over-reserve. Returns whether this call got the slot.
pub async fn reserve_attempt(
    db: &impl ConnectionTrait,
    key: &str,
    threshold: i32,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    use login_throttles::Column as C;
    let res = login_throttles::Entity::update_many()
        .col_expr(C::Failures, Expr::col(C::Failures).add(1))
        .col_expr(C::LastFailureAt, Expr::value(now.naive_utc()))
        .filter(C::ThrottleKey.eq(key))
        .filter(C::Failures.lt(threshold))
        .filter(C::LockedUntil.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Gives a reservation back (the attempt was refused on another key, or it
/// succeeded on a key that counts only failures).
pub async fn release_attempt(db: &impl ConnectionTrait, key: &str) -> ApiResult<()> {
    use login_throttles::Column as C;
    login_throttles::Entity::update_many()
        .col_expr(C::Failures, Expr::col(C::Failures).sub(1))
        .filter(C::ThrottleKey.eq(key))
        .filter(C::Failures.gt(0))
        .filter(C::LockedUntil.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Applies a reset decided by `throttle::before_attempt`. Each update restates
/// why the row was stale, so it does nothing once another instance reset it
/// or reserved on it; the caller reads again either way.
pub async fn reset_throttle(
    db: &impl ConnectionTrait,
    key: &str,
    reset: throttle::Reset,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use login_throttles::Column as C;
    let q = login_throttles::Entity::update_many()
        .col_expr(C::Failures, Expr::value(0))
        .col_expr(C::LastFailureAt, Expr::value(now.naive_utc()))
        .col_expr(C::LockedUntil, Expr::value(Option::<NaiveDateTime>::None))
        .filter(C::ThrottleKey.eq(key));
    let q = match reset {
        throttle::Reset::LockOver {
            seen_lockouts,
            lockouts,
        } => q
            .col_expr(C::Lockouts, Expr::value(lockouts))
            .filter(C::LockedUntil.lte(now.naive_utc()))
            .filter(C::Lockouts.eq(seen_lockouts)),
        throttle::Reset::WindowOver { cutoff, lockouts } => q
            .col_expr(C::Lockouts, Expr::value(lockouts))
            .filter(C::LockedUntil.is_null())
            .filter(C::LastFailureAt.lte(cutoff.naive_utc())),
    };
    q.exec(db).await?;
    Ok(())
}

/// Locks a key that used up its attempts, if it is still unlocked with the
/// `lockouts` that were read (compare-and-set: one lock per round).
pub async fn lock_throttle(
    db: &impl ConnectionTrait,
    key: &str,
    seen_lockouts: i32,
    threshold: i32,
    until: DateTime<Utc>,
) -> ApiResult<()> {
    use login_throttles::Column as C;
    login_throttles::Entity::update_many()
        .col_expr(C::LockedUntil, Expr::value(until.naive_utc()))
        .col_expr(C::Lockouts, Expr::col(C::Lockouts).add(1))
        .filter(C::ThrottleKey.eq(key))
        .filter(C::LockedUntil.is_null())
        .filter(C::Lockouts.eq(seen_lockouts))
        .filter(C::Failures.gte(threshold))
        .exec(db)
        .await?;
    Ok(())
}

/// After a successful sign-in: the counted attempts of these keys are
/// forgotten (their lockout history stays, so back-off keeps growing).
pub async fn clear_throttles(db: &impl ConnectionTrait, keys: &[String]) -> ApiResult<()> {
    use login_throttles::Column as C;
    login_throttles::Entity::update_many()
        .col_expr(C::Failures, Expr::value(0))
        .filter(C::ThrottleKey.is_in(keys.iter().cloned()))
        .filter(C::LockedUntil.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Keys locked at `now` (few at any time).
pub async fn locked_keys(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<Vec<String>> {
    Ok(login_throttles::Entity::find()
        .select_only()
        .column(login_throttles::Column::ThrottleKey)
        .filter(login_throttles::Column::LockedUntil.gt(now.naive_utc()))
        .into_tuple()
        .all(db)
        .await?)
}

pub async fn purge_throttles(db: &impl ConnectionTrait, before: NaiveDateTime) -> ApiResult<()> {
    login_throttles::Entity::delete_many()
        .filter(login_throttles::Column::LastFailureAt.lt(before))
        .exec(db)
        .await?;
    Ok(())
}
