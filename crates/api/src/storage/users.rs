//! Users of a site (and platform admins, whose site is none).

//!
//! None of these writes is public content (visitors never see a user, a
//! password or a session), so none marks the site transaction: a password
//! change must not empty the caches.

use super::auth::{self as auth_store, NewEvent};
use super::entities::{groups, user_groups, users};
use super::to_json_list;
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;
use yass_shared_types::auth::AuthEventKind;
use yass_shared_types::users::UserStatus;

pub use users::Model as UserRow;

/// The key that makes accounts unique: the site id, or 0 for platform admins.
pub fn tenant_key(site_id: Option<i64>) -> i64 {
    site_id.unwrap_or(0)
}

/// [`tenant_key`] of a site (`None`: the platform's admins).
fn tenant_of(site: Option<SiteId>) -> i64 {
    tenant_key(site.map(SiteId::get))
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

/// The account of the site's users, or of the platform's admins (`None`).
pub async fn by_account(
    db: &impl ConnectionTrait,
    site: Option<SiteId>,
    account: &str,
) -> ApiResult<Option<UserRow>> {
    Ok(users::Entity::find()
        .filter(users::Column::TenantKey.eq(tenant_of(site)))
        .filter(users::Column::Account.eq(account))
        .one(db)
        .await?)
}

/// One legacy (yascms) password hash still held by an account of the
/// tenant (the site, or the platform's admins for `None`), if any:
/// sign-ins there check against it too, so every sign-in costs the same
/// (`auth::password::Passwords::verify_evenly`).
pub async fn a_legacy_hash(
    db: &impl ConnectionTrait,
    site: Option<SiteId>,
) -> ApiResult<Option<String>> {
    use sea_orm::{QuerySelect, sea_query::Condition};
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::PasswordHash)
        .filter(users::Column::TenantKey.eq(tenant_of(site)))
        .filter(
            Condition::any()
                .add(users::Column::PasswordHash.starts_with("$5$"))
                .add(users::Column::PasswordHash.starts_with("$6$")),
        )
        .into_tuple::<String>()
        .one(db)
        .await?)
}

/// Replaces a legacy hash by its owner's argon2id one after a sign-in, if
/// it is still the one that was checked (a password change meanwhile wins).
/// Not an audited change: the password is the same; sessions stay.
pub async fn upgrade_legacy_hash(
    db: &impl ConnectionTrait,
    user_id: i64,
    checked: &str,
    new_hash: &str,
) -> ApiResult<()> {
    users::Entity::update_many()
        .col_expr(
            users::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(new_hash.to_string()),
        )
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::PasswordHash.eq(checked))
        .exec(db)
        .await?;
    Ok(())
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

/// Direct group ids of each of the site's `user_ids`, in one query. The
/// user–group table has no `site_id`: the users' own does the scoping, so
/// an id of another school's user finds nothing.
pub async fn group_ids_of(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    user_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<i64>>> {
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let site_users =
        super::ids_in_site::<users::Entity>(users::Column::Id, site_id, users::Column::SiteId);
    let rows = user_groups::Entity::find()
        .filter(user_groups::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(user_groups::Column::UserId.in_subquery(site_users))
        .order_by_asc(user_groups::Column::GroupId)
        .all(db)
        .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.user_id).or_default().push(r.group_id);
    }
    Ok(out)
}

/// Replaces the groups of a user of the transaction's site. The caller
/// answered foreign ids with a field error already; checking again here,
/// under the transaction, keeps a user out of another school's groups
/// whatever the caller did (`NotFound`).
async fn set_groups(tx: &SiteTx, user_id: i64, group_ids: &[i64]) -> ApiResult<()> {
    if !foreign_group_ids(tx.conn(), tx.site(), group_ids)
        .await?
        .is_empty()
    {
        return Err(ApiError::NotFound);
    }
    let mut old = group_ids_of(tx.conn(), tx.site(), &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default();
    user_groups::Entity::delete_many()
        .filter(user_groups::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    let mut ids = group_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    old.sort_unstable();
    if old != ids {
        let changes =
            serde_json::json!({"before": {"group_ids": old}, "after": {"group_ids": ids}});
        tx.record(super::audit::other("user", Some(user_id), "update", "", changes).side_effect());
    }
    for g in ids {
        user_groups::ActiveModel {
            user_id: Set(user_id),
            group_id: Set(g),
        }
        .insert(tx.conn())
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

/// A user to add, validated by the caller (`operations::users::create`).
pub struct NewUser {
    pub account: String,
    pub display_name: String,
    pub emails: Vec<String>,
    pub password_hash: String,
    pub status: UserStatus,
    pub at: NaiveDateTime,
}

/// Adds a user to the transaction's site, with their groups.
pub async fn create(tx: &SiteTx, u: NewUser, group_ids: &[i64]) -> ApiResult<UserRow> {
    let row = insert(tx.conn(), Some(tx.site().get()), u).await?;
    tx.record(super::audit::created("user", &row));
    set_groups(tx, row.id, group_ids).await?;
    Ok(row)
}

/// Adds a platform admin: a user of no site, so outside any site's
/// transaction and in no site's groups; recorded as a platform action.
pub async fn platform_create(
    db: &DatabaseConnection,
    u: NewUser,
    author: &super::audit::Author,
) -> ApiResult<UserRow> {
    let txn = db.begin().await?;
    let row = insert(&txn, None, u).await?;
    let change = super::audit::created("platform_admin", &row);
    super::audit::insert(&txn, None, author, vec![change]).await?;
    txn.commit().await?;
    Ok(row)
}

async fn insert(db: &impl ConnectionTrait, site_id: Option<i64>, u: NewUser) -> ApiResult<UserRow> {
    Ok(users::ActiveModel {
        site_id: Set(site_id),
        tenant_key: Set(tenant_key(site_id)),
        account: Set(u.account),
        display_name: Set(u.display_name),
        emails: Set(to_json_list(&u.emails)),
        password_hash: Set(u.password_hash),
        status: Set(u.status.as_str().into()),
        token_version: Set(0),
        created_at: Set(u.at),
        updated_at: Set(u.at),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// What an edit of a user changes (`None` keeps the field), validated by
/// the caller, and what it ends.
#[derive(Default)]
pub struct UserEdit {
    pub display_name: Option<String>,
    pub emails: Option<Vec<String>>,
    pub status: Option<UserStatus>,
    pub password_hash: Option<String>,
    pub group_ids: Option<Vec<i64>>,
    /// Ends every session of the user at once (token version and refresh
    /// tokens).
    pub end_sessions: bool,
    /// Revokes the user's API tokens (a disabled user's integrations stop).
    pub revoke_api_tokens: bool,
}

/// Edits a user of the site, all of it in the transaction.
pub async fn update(
    tx: &SiteTx,
    existing: &UserRow,
    e: UserEdit,
    at: NaiveDateTime,
) -> ApiResult<UserRow> {
    require_in_site(tx, existing)?;
    let mut row = active(existing);
    if let Some(n) = e.display_name {
        row.display_name = Set(n);
    }
    if let Some(list) = e.emails {
        row.emails = Set(to_json_list(&list));
    }
    if let Some(st) = e.status {
        row.status = Set(st.as_str().into());
    }
    let password_set = e.password_hash.is_some();
    if let Some(h) = e.password_hash {
        row.password_hash = Set(h);
    }
    row.updated_at = Set(at);
    let updated = row.update(tx.conn()).await?;
    let mut change = super::audit::updated("user", existing, &updated);
    if password_set {
        note_after(&mut change, "password", "set by an administrator");
    }
    tx.record(change);
    if let Some(g) = &e.group_ids {
        set_groups(tx, existing.id, g).await?;
    }
    if e.end_sessions {
        end_sessions(tx, existing.id, at).await?;
    }
    if e.revoke_api_tokens {
        super::api_tokens::revoke_of_owner(tx, existing.id, at).await?;
    }
    Ok(updated)
}

/// A user's own new password: the account becomes active, every session
/// ends and the change is logged. Returns the row read back inside the
/// transaction, so new tokens carry the bumped token version.
pub async fn set_own_password(
    tx: &SiteTx,
    u: &UserRow,
    password_hash: String,
    client_addr: &str,
    at: NaiveDateTime,
) -> ApiResult<UserRow> {
    require_in_site(tx, u)?;
    let mut row = active(u);
    row.password_hash = Set(password_hash);
    row.status = Set(UserStatus::Active.as_str().into());
    row.updated_at = Set(at);
    let saved = row.update(tx.conn()).await?;
    let mut change = super::audit::updated("user", u, &saved);
    note_after(&mut change, "password", "changed by the user");
    tx.record(change);
    // Atomic, so a concurrent sign-out or disable is never undone.
    bump_token_version(tx.conn(), u.id).await?;
    let updated = get(tx.conn(), tx.site(), u.id)
        .await?
        .ok_or(ApiError::Unauthorized("Your account no longer exists."))?;
    auth_store::revoke_all_refresh(tx.conn(), u.id, at).await?;
    auth_store::log_event(
        tx.conn(),
        NewEvent {
            site_id: Some(tx.site().get()),
            kind: AuthEventKind::PasswordChanged,
            account: &u.account,
            user_id: Some(u.id),
            client_addr,
            at,
        },
    )
    .await?;
    Ok(updated)
}

/// Deletes a user of the site (`NotFound` when there is none); their API
/// tokens are revoked first and kept for the record.
pub async fn delete(tx: &SiteTx, id: i64, at: NaiveDateTime) -> ApiResult<()> {
    let Some(user) = get(tx.conn(), tx.site(), id).await? else {
        return Err(ApiError::NotFound);
    };
    if has_content(tx, id).await? {
        return Err(ApiError::Conflict(
            "This user wrote news or pages that are still on the site, in its trash or in their history: disable the account instead of deleting it.".into(),
        ));
    }
    tx.record(super::audit::deleted("user", &user));
    super::api_tokens::revoke_of_owner(tx, id, at).await?;
    let res = users::Entity::delete_many()
        .filter(users::Column::SiteId.eq(tx.site()))
        .filter(users::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    if res.rows_affected == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// Whether news items or pages of the site name the user as their author
/// or last editor, a kept version of one was saved by them, or they
/// deleted something still in the trash (a user with content is disabled,
/// not deleted, so the record of who wrote what keeps its person).
async fn has_content(tx: &SiteTx, user_id: i64) -> ApiResult<bool> {
    use super::entities::{news, pages, revisions, trash_items};
    let versions = revisions::Entity::find()
        .filter(revisions::Column::SiteId.eq(tx.site()))
        .filter(revisions::Column::UserId.eq(user_id))
        .count(tx.conn())
        .await?;
    let trashed = trash_items::Entity::find()
        .filter(trash_items::Column::SiteId.eq(tx.site()))
        .filter(trash_items::Column::UserId.eq(user_id))
        .count(tx.conn())
        .await?;
    if versions + trashed > 0 {
        return Ok(true);
    }
    let news_count = news::Entity::find()
        .filter(news::Column::SiteId.eq(tx.site()))
        .filter(
            sea_orm::Condition::any()
                .add(news::Column::CreatedBy.eq(user_id))
                .add(news::Column::UpdatedBy.eq(user_id)),
        )
        .count(tx.conn())
        .await?;
    let page_count = pages::Entity::find()
        .filter(pages::Column::SiteId.eq(tx.site()))
        .filter(
            sea_orm::Condition::any()
                .add(pages::Column::CreatedBy.eq(user_id))
                .add(pages::Column::UpdatedBy.eq(user_id)),
        )
        .count(tx.conn())
        .await?;
    Ok(news_count + page_count > 0)
}

/// Ends every session of a user: access tokens by the (atomic) version bump,
/// refresh tokens by revoking them.
async fn end_sessions(tx: &SiteTx, user_id: i64, at: NaiveDateTime) -> ApiResult<()> {
    bump_token_version(tx.conn(), user_id).await?;
    auth_store::revoke_all_refresh(tx.conn(), user_id, at).await
}

/// Adds a fact with no column of its own (a password was set: never its
/// value) to the "after" of a recorded change.
/// What an entry says of a "forgot password" link made for an account:
/// until when it works and to how many addresses it went (never the link).
fn reset_link_change(
    kind: &'static str,
    u: &UserRow,
    until: NaiveDateTime,
    mailed_to: usize,
) -> super::audit::Change {
    super::audit::other(
        kind,
        Some(u.id),
        "reset_link",
        u.account.clone(),
        serde_json::json!({"after": {"reset_link_until": until, "mailed_to": mailed_to}}),
    )
}

/// Records, in the site's log, that a "forgot password" link was mailed
/// for a user of the site: the webmasters see who asked for whom, and
/// from where.
pub fn note_reset_link(
    tx: &SiteTx,
    u: &UserRow,
    until: NaiveDateTime,
    mailed_to: usize,
) -> ApiResult<()> {
    require_in_site(tx, u)?;
    tx.record(reset_link_change("user", u, until, mailed_to));
    Ok(())
}

/// The same for a platform admin, in the platform's log.
pub async fn platform_note_reset_link(
    txn: &sea_orm::DatabaseTransaction,
    u: &UserRow,
    until: NaiveDateTime,
    mailed_to: usize,
    author: &super::audit::Author,
) -> ApiResult<()> {
    if u.site_id.is_some() {
        return Err(ApiError::NotFound);
    }
    super::audit::platform_entry(
        txn,
        author,
        vec![reset_link_change("platform_admin", u, until, mailed_to)],
    )
    .await
}

fn note_after(change: &mut super::audit::Change, field: &str, what: &str) {
    if let Some(after) = change
        .changes
        .get_mut("after")
        .and_then(serde_json::Value::as_object_mut)
    {
        after.insert(field.into(), what.into());
    }
}

/// A row handed to a write must be one of the transaction's site.
fn require_in_site(tx: &SiteTx, u: &UserRow) -> ApiResult<()> {
    if u.site_id == Some(tx.site().get()) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

fn active(u: &UserRow) -> users::ActiveModel {
    u.clone().into()
}

/// When the user last signed in (shown in the people screen). Not content:
/// it changes no cache, and is no audited change of the site.
pub async fn record_login(
    db: &impl ConnectionTrait,
    user_id: i64,
    at: NaiveDateTime,
) -> ApiResult<()> {
    users::Entity::update_many()
        .col_expr(
            users::Column::LastLoginAt,
            sea_orm::sea_query::Expr::value(Some(at)),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Every platform admin (the users of no site), by account.
pub async fn platform_list(db: &impl ConnectionTrait) -> ApiResult<Vec<UserRow>> {
    Ok(users::Entity::find()
        .filter(users::Column::SiteId.is_null())
        .order_by_asc(users::Column::Account)
        .all(db)
        .await?)
}

/// What a change of a platform admin sets (`None` keeps a field).
pub struct PlatformEdit {
    pub display_name: Option<String>,
    pub status: Option<UserStatus>,
}

/// Changes a platform admin, recorded as a platform action, in one
/// transaction that first locks every platform admin's row: `allowed` then
/// sees the other admins as they are, so two admins disabling each other at
/// once cannot leave the platform with none. A disabled admin's sessions
/// end. `allowed(target, others_active)` refuses with its error.
pub async fn platform_update(
    db: &DatabaseConnection,
    id: i64,
    e: PlatformEdit,
    author: &super::audit::Author,
    allowed: impl FnOnce(&UserRow, usize) -> ApiResult<()>,
) -> ApiResult<UserRow> {
    let txn = db.begin().await?;
    let all = users::Entity::find()
        .filter(users::Column::SiteId.is_null())
        .lock_exclusive()
        .all(&txn)
        .await?;
    let existing = all
        .iter()
        .find(|u| u.id == id)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let others_active = all
        .iter()
        .filter(|u| u.id != id && status(u) != UserStatus::Disabled)
        .count();
    allowed(&existing, others_active)?;
    let mut row = active(&existing);
    if let Some(n) = e.display_name {
        row.display_name = Set(n);
    }
    let disabling = e.status == Some(UserStatus::Disabled);
    if let Some(st) = e.status {
        row.status = Set(st.as_str().into());
    }
    row.updated_at = Set(author.at);
    let updated = row.update(&txn).await?;
    if disabling {
        bump_token_version(&txn, id).await?;
        auth_store::revoke_all_refresh(&txn, id, author.at).await?;
    }
    let change = super::audit::updated("platform_admin", &existing, &updated);
    super::audit::platform_entry(&txn, author, vec![change]).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A platform admin's own new password, on the caller's transaction (a
/// reset link is used in the same one): active, every session ended, the
/// change in the auth log and the audit log. Returns the row read back, so
/// new tokens carry the bumped token version.
pub async fn platform_set_own_password(
    txn: &sea_orm::DatabaseTransaction,
    u: &UserRow,
    password_hash: String,
    author: &super::audit::Author,
) -> ApiResult<UserRow> {
    if u.site_id.is_some() {
        return Err(ApiError::NotFound);
    }
    let mut row = active(u);
    row.password_hash = Set(password_hash);
    row.status = Set(UserStatus::Active.as_str().into());
    row.updated_at = Set(author.at);
    let saved = row.update(txn).await?;
    let mut change = super::audit::updated("platform_admin", u, &saved);
    note_after(&mut change, "password", "changed by the user");
    super::audit::platform_entry(txn, author, vec![change]).await?;
    bump_token_version(txn, u.id).await?;
    auth_store::revoke_all_refresh(txn, u.id, author.at).await?;
    auth_store::log_event(
        txn,
        NewEvent {
            site_id: None,
            kind: AuthEventKind::PasswordChanged,
            account: &u.account,
            user_id: Some(u.id),
            client_addr: author.client_addr.as_deref().unwrap_or(""),
            at: author.at,
        },
    )
    .await?;
    get_for_token(txn, u.id).await?.ok_or(ApiError::NotFound)
}
