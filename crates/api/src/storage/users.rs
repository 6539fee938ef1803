//! Users of a site (and platform admins, whose site is none).

use super::SiteId;
use super::entities::{groups, user_groups, users};
use super::{json_list, utc};
use crate::error::ApiResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use yass_shared_types::users::{User, UserStatus};

pub use users::Model as UserRow;

/// The key that makes accounts unique: the site id, or 0 for platform admins.
pub fn tenant_key(site_id: Option<i64>) -> i64 {
    site_id.unwrap_or(0)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<UserRow>> {
    Ok(users::Entity::find_by_id(id)
        .filter(users::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

/// Any user by id, site or platform; only for verifying a token's subject,
/// whose site is then compared with the token's.
pub async fn get_for_token(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<UserRow>> {
    Ok(users::Entity::find_by_id(id).one(db).await?)
}

pub async fn by_account(
    db: &impl ConnectionTrait,
    site_id: Option<i64>,
    account: &str,
) -> ApiResult<Option<UserRow>> {
    Ok(users::Entity::find()
        .filter(users::Column::TenantKey.eq(tenant_key(site_id)))
        .filter(users::Column::Account.eq(account))
        .one(db)
        .await?)
}

pub async fn list(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page: u64,
    per_page: u64,
) -> ApiResult<(Vec<UserRow>, u64)> {
    let q = users::Entity::find()
        .filter(users::Column::SiteId.eq(site_id))
        .order_by_asc(users::Column::Account);
    let total = q.clone().count(db).await?;
    let rows = q
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

pub async fn count(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<u64> {
    Ok(users::Entity::find()
        .filter(users::Column::SiteId.eq(site_id))
        .count(db)
        .await?)
}

/// Direct group ids of each user, in one query.
pub async fn group_ids_of(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = user_groups::Entity::find()
        .filter(user_groups::Column::UserId.is_in(user_ids.iter().copied()))
        .order_by_asc(user_groups::Column::GroupId)
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.user_id).or_default().push(r.group_id);
    }
    Ok(out)
}

/// Replaces a user's groups. The caller checked that every id is a group of
/// the user's site.
pub async fn set_groups(
    db: &impl ConnectionTrait,
    user_id: i64,
    group_ids: &[i64],
) -> ApiResult<()> {
    user_groups::Entity::delete_many()
        .filter(user_groups::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let mut ids = group_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for g in ids {
        user_groups::ActiveModel {
            user_id: Set(user_id),
            group_id: Set(g),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Of `ids`, those that are not groups of the site.
pub async fn foreign_group_ids(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    ids: &[i64],
) -> ApiResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let found: Vec<i64> = groups::Entity::find()
        .select_only()
        .column(groups::Column::Id)
        .filter(groups::Column::SiteId.eq(site_id))
        .filter(groups::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.iter().copied().filter(|i| !found.contains(i)).collect())
}

/// Ends every access token of the user now (the JWT carries the version and
/// every request compares it): one atomic increment, so concurrent bumps
/// are never lost.
pub async fn bump_token_version(db: &impl ConnectionTrait, user_id: i64) -> ApiResult<()> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    users::Entity::update_many()
        .col_expr(
            users::Column::TokenVersion,
            Expr::col(users::Column::TokenVersion).add(1),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub fn status(u: &UserRow) -> UserStatus {
    UserStatus::parse(&u.status).unwrap_or(UserStatus::Disabled)
}

pub fn to_dto(u: &UserRow, group_ids: Vec<i64>) -> User {
    User {
        id: u.id,
        account: u.account.clone(),
        display_name: u.display_name.clone(),
        emails: json_list(&u.emails),
        status: status(u),
        group_ids,
        created_at: utc(u.created_at),
        last_login_at: u.last_login_at.map(utc),
    }
}

pub fn active(u: &UserRow) -> users::ActiveModel {
    let a: users::ActiveModel = u.clone().into();
    a
}
