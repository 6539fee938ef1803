//! Built public responses shared by every instance (the second level behind
//! each instance's in-process cache). A snapshot is valid for the site's
//! content version it was built from, until the expiry it was built with.

use super::SiteId;
use super::entities::page_snapshots::{self, Column as C};
use super::entities::sites;
use super::sites::SiteRow;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Bodies above this are not stored (MariaDB's TEXT holds 65,535 bytes);
/// such a response is rebuilt on a miss, as without snapshots.
pub const MAX_BODY_BYTES: usize = 60_000;

/// The row name of a response: snapshots are shared by instances of the same
/// build only, since another build may shape or fill the response differently.
pub fn name_of(key: &str) -> String {
    format!("{key}:{}", crate::build::id())
}

pub struct Snapshot {
    pub etag: String,
    pub body: String,
    pub valid_until: DateTime<Utc>,
}

/// The snapshot of `name` built for this content version and still valid at `now`.
pub async fn current(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    name: &str,
    content_version: i64,
    now: DateTime<Utc>,
) -> ApiResult<Option<Snapshot>> {
    let row: Option<(String, String, chrono::NaiveDateTime)> = page_snapshots::Entity::find()
        .select_only()
        .columns([C::Etag, C::Body, C::ValidUntil])
        .filter(C::SiteId.eq(site_id))
        .filter(C::Name.eq(name))
        .filter(C::ContentVersion.eq(content_version))
        .filter(C::ValidUntil.gt(now.naive_utc()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.map(|(etag, body, until)| Snapshot {
        etag,
        body,
        valid_until: until.and_utc(),
    }))
}

/// Stores (or replaces) the snapshot of `name`; one statement, so instances
/// storing the same snapshot at once do not collide.
pub async fn store(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    name: &str,
    content_version: i64,
    snapshot: Snapshot,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let row = page_snapshots::ActiveModel {
        site_id: Set(site_id.get()),
        name: Set(name.to_string()),
        content_version: Set(content_version),
        valid_until: Set(snapshot.valid_until.naive_utc()),
        etag: Set(snapshot.etag),
        body: Set(snapshot.body),
        built_at: Set(now.naive_utc()),
    };
    page_snapshots::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([C::SiteId, C::Name])
                .update_columns([
                    C::ContentVersion,
                    C::ValidUntil,
                    C::Etag,
                    C::Body,
                    C::BuiltAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Enabled sites whose snapshot of `name` a visitor could not use at `now`
/// — none stored, built from another content version, or expiring before
/// `now + margin` — with ids above `after`, up to `limit`, in id order.
/// Across all sites (the prebuild chore, not a tenant read): one
/// primary-key probe per site.
pub async fn sites_needing(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
    margin: chrono::TimeDelta,
    after: i64,
    limit: u64,
) -> ApiResult<Vec<SiteRow>> {
    let usable = Query::select()
        .expr(Expr::val(1))
        .from(page_snapshots::Entity)
        .and_where(
            Expr::col((page_snapshots::Entity, C::SiteId))
                .equals((sites::Entity, sites::Column::Id)),
        )
        .and_where(Expr::col((page_snapshots::Entity, C::Name)).eq(name))
        .and_where(
            Expr::col((page_snapshots::Entity, C::ContentVersion))
                .equals((sites::Entity, sites::Column::ContentVersion)),
        )
        .and_where(
            Expr::col((page_snapshots::Entity, C::ValidUntil)).gt((now + margin).naive_utc()),
        )
        .to_owned();
    Ok(sites::Entity::find()
        .filter(sites::Column::Enabled.eq(true))
        .filter(sites::Column::Id.gt(after))
        .filter(Expr::exists(usable).not())
        .order_by_asc(sites::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Deletes snapshots that expired before `before` (across all sites: this
/// is housekeeping, not a tenant read). Returns how many.
pub async fn purge_expired(db: &impl ConnectionTrait, before: DateTime<Utc>) -> ApiResult<u64> {
    let done = page_snapshots::Entity::delete_many()
        .filter(C::ValidUntil.lt(before.naive_utc()))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
