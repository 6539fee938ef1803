//! Named API tokens of a site: stored hashed, owned by the user who made
//! them, expiring, revocable.

use super::entities::api_tokens::{self, Column as C};
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use yass_shared_types::auth::TokenScope;

pub use api_tokens::Model as TokenRow;

pub fn scope(t: &TokenRow) -> TokenScope {
    TokenScope::parse(&t.scope)
}

/// A token of the transaction's site; API tokens are not public content, so
/// none of these writes empties the caches.
pub struct NewToken {
    pub name: String,
    pub scope: TokenScope,
    pub token_hash: String,
    pub owner_user_id: i64,
    pub now: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Stores a new token owned by a user of the site (`NotFound` for anyone
/// else: a token never outlives its site's boundary).
pub async fn insert(tx: &SiteTx, t: NewToken) -> ApiResult<TokenRow> {
    if !is_user_of_site(tx, t.owner_user_id).await? {
        return Err(ApiError::NotFound);
    }
    let row = api_tokens::ActiveModel {
        site_id: Set(tx.site().get()),
        name: Set(t.name),
        scope: Set(t.scope.as_str().into()),
        token_hash: Set(t.token_hash),
        created_by: Set(Some(t.owner_user_id)),
        owner_user_id: Set(Some(t.owner_user_id)),
        created_at: Set(t.now),
        expires_at: Set(Some(t.expires_at)),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.record(super::audit::created("api_token", &row));
    Ok(row)
}

/// Read on the entity, not through `storage::users`, which revokes tokens
/// itself (no import circle).
async fn is_user_of_site(tx: &SiteTx, user_id: i64) -> ApiResult<bool> {
    use super::entities::users;
    Ok(users::Entity::find_by_id(user_id)
        .filter(users::Column::SiteId.eq(tx.site()))
        .one(tx.conn())
        .await?
        .is_some())
}

/// An unrevoked token by the hash of its secret (any site: the caller checks
/// the site, the owner and the expiry).
pub async fn by_hash(db: &impl ConnectionTrait, token_hash: &str) -> ApiResult<Option<TokenRow>> {
    Ok(api_tokens::Entity::find()
        .filter(C::TokenHash.eq(token_hash))
        .filter(C::RevokedAt.is_null())
        .one(db)
        .await?)
}

pub async fn of_site(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<TokenRow>> {
    Ok(api_tokens::Entity::find()
        .filter(C::SiteId.eq(site_id))
        .order_by_asc(C::Id)
        .all(db)
        .await?)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<TokenRow>> {
    Ok(api_tokens::Entity::find_by_id(id)
        .filter(C::SiteId.eq(site_id))
        .one(db)
        .await?)
}

/// Revokes one token of the site; `false` when there is no such token.
pub async fn revoke(tx: &SiteTx, id: i64, now: NaiveDateTime) -> ApiResult<bool> {
    let Some(t) = get(tx.conn(), tx.site(), id).await? else {
        return Ok(false);
    };
    if t.revoked_at.is_none() {
        let mut row: api_tokens::ActiveModel = t.clone().into();
        row.revoked_at = Set(Some(now));
        let revoked = row.update(tx.conn()).await?;
        tx.record(super::audit::updated("api_token", &t, &revoked));
    }
    Ok(true)
}

/// Revokes every live token a user owns (the user is being disabled or
/// deleted), in the same transaction as that change.
pub async fn revoke_of_owner(tx: &SiteTx, user_id: i64, now: NaiveDateTime) -> ApiResult<u64> {
    let res = api_tokens::Entity::update_many()
        .col_expr(C::RevokedAt, Expr::value(now))
        .filter(C::SiteId.eq(tx.site()))
        .filter(C::OwnerUserId.eq(user_id))
        .filter(C::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected)
}

/// Records a use (the caller decides how often: `rules::api_tokens::should_touch`).
pub async fn touch(db: &impl ConnectionTrait, id: i64, now: NaiveDateTime) -> ApiResult<()> {
    api_tokens::Entity::update_many()
        .col_expr(C::LastUsedAt, Expr::value(now))
        .filter(C::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
