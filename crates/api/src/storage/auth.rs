//! Refresh tokens, the auth log and login throttles (API tokens: `api_tokens`).

use super::entities::{auth_events, login_throttles, refresh_tokens};
use super::utc;
use crate::error::ApiResult;
use crate::rules::throttle;
use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use yass_shared_types::auth::{AuthEvent, AuthEventKind};

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
    site_id: i64,
    f: &EventFilter,
    page: u64,
    per_page: u64,
) -> ApiResult<(Vec<AuthEvent>, u64)> {
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
    let items = rows
        .into_iter()
        .map(|r| AuthEvent {
            id: r.id,
            at: utc(r.at),
            kind: AuthEventKind::parse(&r.kind).unwrap_or(AuthEventKind::Login),
            account: r.account,
            user_id: r.user_id,
            client_addr: r.client_addr,
        })
        .collect();
    Ok((items, total))
}

/// Counts of one kind of event since `from` (dashboard figures).
pub async fn count_events_since(
    db: &impl ConnectionTrait,
    site_id: i64,
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

pub async fn throttle_states(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> ApiResult<Vec<(String, throttle::State)>> {
    let rows = login_throttles::Entity::find()
        .filter(login_throttles::Column::ThrottleKey.is_in(keys.iter().cloned()))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.throttle_key.clone(), to_state(r)))
        .collect())
}

/// Writes a throttle row, inserting or updating in one statement so two
/// instances failing at once on a new key do not collide.
pub async fn save_throttle(
    db: &impl ConnectionTrait,
    key: &str,
    s: &throttle::State,
) -> ApiResult<()> {
    use login_throttles::Column as C;
    let m = login_throttles::ActiveModel {
        throttle_key: Set(key.to_string()),
        failures: Set(s.failures),
        lockouts: Set(s.lockouts),
        last_failure_at: Set(s.last_failure_at.naive_utc()),
        locked_until: Set(s.locked_until.map(|t| t.naive_utc())),
    };
    login_throttles::Entity::insert(m)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(C::ThrottleKey)
                .update_columns([C::Failures, C::Lockouts, C::LastFailureAt, C::LockedUntil])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

pub async fn clear_throttles(db: &impl ConnectionTrait, keys: &[String]) -> ApiResult<()> {
    login_throttles::Entity::delete_many()
        .filter(login_throttles::Column::ThrottleKey.is_in(keys.iter().cloned()))
        .filter(login_throttles::Column::LockedUntil.is_null())
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
