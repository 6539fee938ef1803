//! The one way to change a school's data: a transaction bound to one site.
//!
//! Storage write functions take a [`SiteTx`] (and no site id: they write to
//! the transaction's site), so a write cannot run outside it or land on
//! another school. A write to public content marks the transaction, and
//! [`SiteTx::commit`] then bumps the site's content version in the same
//! transaction, which every instance's caches compare: no handler can forget
//! to invalidate. Recording a change marks it too, unless the change's kind
//! is one visitors never see (an account, a password, a token:
//! `rules::audit::visitors_may_see`), so those do not empty the caches and
//! every other kind, including one added later, does.
//!
//! Every write function also records what it changed ([`audit::Change`]),
//! and the commit writes them as one audit entry, by the transaction's
//! [`Author`], in the same transaction: an entry cannot exist without its
//! change, nor a committed change without its entry.
//!
//! ```no_run
//! # async fn f(db: &sea_orm::DatabaseConnection, site: &yass_api::storage::sites::SiteRow) -> yass_api::error::ApiResult<()> {
//! use yass_api::storage::{SiteTx, news};
//! # let author = yass_api::storage::audit::Author::system("doc", chrono::NaiveDateTime::default());
//! let tx = SiteTx::begin(db, site.site_id(), author).await?;
//! let _files = news::delete(&tx, 42).await?;
//! tx.commit().await // bumps the content version: a news item is public
//! # }
//! ```
//!
//! ```compile_fail
//! // A write on a bare connection, outside a site transaction: rejected.
//! # async fn f(db: &sea_orm::DatabaseConnection) {
//! let _ = yass_api::storage::news::delete(db, 42).await;
//! # }
//! ```

use super::SiteId;
use super::audit::{self, Author, Change};
use super::entities::sites;
use crate::error::ApiResult;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

pub struct SiteTx {
    txn: DatabaseTransaction,
    site: SiteId,
    author: Author,
    public_content_changed: AtomicBool,
    changes: Mutex<Vec<Change>>,
}

impl SiteTx {
    pub async fn begin(db: &DatabaseConnection, site: SiteId, author: Author) -> ApiResult<Self> {
        let txn = db.begin().await?;
        lock_site_row(&txn, site).await?;
        Ok(SiteTx {
            txn,
            site,
            author,
            public_content_changed: AtomicBool::new(false),
            changes: Mutex::new(Vec::new()),
        })
    }

    /// A site transaction inside a larger one (a savepoint): provisioning
    /// writes a new site's defaults in the transaction that made the site,
    /// and they commit or roll back with it.
    pub async fn begin_within(
        outer: &DatabaseTransaction,
        site: SiteId,
        author: Author,
    ) -> ApiResult<Self> {
        let txn = outer.begin().await?;
        lock_site_row(&txn, site).await?;
        Ok(SiteTx {
            txn,
            site,
            author,
            public_content_changed: AtomicBool::new(false),
            changes: Mutex::new(Vec::new()),
        })
    }

    /// Who the changes of this transaction are recorded as.
    pub fn author(&self) -> &Author {
        &self.author
    }

    /// The site every write of this transaction belongs to.
    pub fn site(&self) -> SiteId {
        self.site
    }

    /// For reads that must see this transaction's own writes (checks made
    /// before a write, under the same locks).
    pub fn reads(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The connection storage writes on.
    pub(in crate::storage) fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Called by storage for every write visitors can see.
    pub(in crate::storage) fn public_content_changed(&self) {
        self.public_content_changed.store(true, Ordering::Relaxed);
    }

    /// Called by storage for every change it makes, for the audit entry. A
    /// change of a kind visitors may see marks public content changed by
    /// itself (`rules::audit::visitors_may_see`), so a write that records
    /// its change cannot leave the caches stale by forgetting the mark.
    pub(in crate::storage) fn record(&self, change: Change) {
        if crate::rules::audit::visitors_may_see(change.kind) {
            self.public_content_changed();
        }
        self.changes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(change);
    }

    /// Marks the recorded change of `kind` `id` as a restore of version
    /// `number` (the entry then says "restore", not "update").
    pub(in crate::storage) fn mark_restore(&self, kind: &str, id: i64, number: u32) {
        let mut changes = self.changes.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = changes
            .iter_mut()
            .find(|c| c.kind == kind && c.entity_id == Some(id) && !c.side)
        {
            c.action = "restore";
            if let Some(after) = c
                .changes
                .get_mut("after")
                .and_then(serde_json::Value::as_object_mut)
            {
                after.insert("restored_from".into(), number.into());
            }
        }
    }

    /// Marks the recorded change of `kind` `id` as a restore from the trash.
    pub(in crate::storage) fn mark_restored(&self, kind: &str, id: i64) {
        let mut changes = self.changes.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = changes
            .iter_mut()
            .find(|c| c.kind == kind && c.entity_id == Some(id) && !c.side)
        {
            c.action = "restore";
        }
    }

    /// Whether commit will bump the content version.
    pub fn changes_public_content(&self) -> bool {
        self.public_content_changed.load(Ordering::Relaxed)
    }

    /// Commits, writing the audit entry of what changed and bumping the
    /// content version when public content changed. A visible change that
    /// recorded nothing is refused (rolled back): the log never misses one.
    pub async fn commit(self) -> ApiResult<()> {
        let changes =
            std::mem::take(&mut *self.changes.lock().unwrap_or_else(PoisonError::into_inner));
        if self.changes_public_content() {
            if changes.is_empty() {
                return Err(crate::error::ApiError::internal(
                    "a change of public content recorded no audit entry",
                ));
            }
            bump_content_version(&self.txn, self.site).await?;
        }
        audit::insert(&self.txn, Some(self.site), &self.author, changes).await?;
        self.txn.commit().await?;
        Ok(())
    }

    /// Commits a transaction begun [`within`](Self::begin_within) a
    /// platform action and hands its changes (as side effects) to that
    /// action's one entry instead of writing its own: making a site with
    /// its defaults is one entry, not two.
    pub async fn commit_into_outer(self) -> ApiResult<Vec<Change>> {
        let changes =
            std::mem::take(&mut *self.changes.lock().unwrap_or_else(PoisonError::into_inner));
        if self.changes_public_content() {
            bump_content_version(&self.txn, self.site).await?;
        }
        self.txn.commit().await?;
        Ok(changes.into_iter().map(Change::side_effect).collect())
    }
}

/// Takes the site's row for writing before anything else, so a school's
/// writes queue behind each other and behind a city-wide bump of every
/// site row (an announcement), in one order. Without it, MariaDB's
/// foreign-key checks take a shared lock on the site row when a child row
/// is inserted, and the commit's version bump then needs to upgrade it:
/// two such transactions (or one and an announcement) wait on each other
/// and the database kills one as a deadlock. PostgreSQL's key-share locks
/// do not conflict that way, but one order of writers per site is the same
/// rule everywhere. SQLite locks the whole database for a writer anyway.
async fn lock_site_row(txn: &DatabaseTransaction, site: SiteId) -> ApiResult<()> {
    use sea_orm::sea_query::LockType;
    use sea_orm::{DbBackend, QuerySelect};
    let lock = match txn.get_database_backend() {
        DbBackend::MySql => LockType::Update,
        DbBackend::Postgres => LockType::NoKeyUpdate,
        _ => return Ok(()),
    };
    sites::Entity::find_by_id(site.get())
        .select_only()
        .column(sites::Column::Id)
        .lock(lock)
        .into_tuple::<i64>()
        .one(txn)
        .await?;
    Ok(())
}

/// Marks a site's content as changed; caches on every instance compare this.
/// Only `SiteTx`'s commits call it, so no write can forget or repeat it.
async fn bump_content_version(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<()> {
    sites::Entity::update_many()
        .col_expr(
            sites::Column::ContentVersion,
            Expr::col(sites::Column::ContentVersion).add(1),
        )
        .filter(sites::Column::Id.eq(site_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Writes a row visitors can see — an update of `existing`, or an insert
/// of a new one — records it as `kind`, and marks public content changed.
pub(in crate::storage) async fn write_public_row<A>(
    tx: &SiteTx,
    kind: &'static str,
    existing: Option<&<A::Entity as sea_orm::EntityTrait>::Model>,
    row: A,
) -> ApiResult<<A::Entity as sea_orm::EntityTrait>::Model>
where
    A: sea_orm::ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as sea_orm::EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let saved = match existing {
        None => {
            let saved = row.insert(tx.conn()).await?;
            tx.record(audit::created(kind, &saved));
            saved
        }
        Some(before) => {
            let saved = row.update(tx.conn()).await?;
            tx.record(audit::updated(kind, before, &saved));
            saved
        }
    };
    tx.public_content_changed();
    Ok(saved)
}

/// Deletes the row `id` of table `E` if it belongs to the transaction's
/// site, records it as `kind`, and marks public content changed; none (or
/// another school's) is `NotFound`. Every tenant table has `site_id` and
/// `id` columns.
pub(in crate::storage) async fn delete_public_row<E>(
    tx: &SiteTx,
    kind: &'static str,
    id: i64,
) -> ApiResult<E::Model>
where
    E: sea_orm::EntityTrait,
    E::Column: std::str::FromStr,
{
    use sea_orm::QueryFilter;
    let scope = super::of_site::row_of_site::<E>(tx.site(), id)?;
    let Some(row) = E::find().filter(scope.clone()).one(tx.conn()).await? else {
        return Err(crate::error::ApiError::NotFound);
    };
    let res = E::delete_many().filter(scope).exec(tx.conn()).await?;
    if res.rows_affected != 1 {
        return Err(crate::error::ApiError::NotFound);
    }
    tx.record(audit::deleted(kind, &row));
    tx.public_content_changed();
    Ok(row)
}

/// Renames and/or moves a category row of table `E` (`None` keeps the
/// field): link and news categories alike. A row of another site is
/// `NotFound`. Every category table has `site_id`, `name` and `sort_order`.
pub(in crate::storage) async fn rename_or_move<E, A>(
    tx: &SiteTx,
    kind: &'static str,
    existing: &E::Model,
    name: Option<String>,
    order: Option<i32>,
) -> ApiResult<E::Model>
where
    E: sea_orm::EntityTrait<ActiveModel = A>,
    E::Column: std::str::FromStr,
    E::Model: sea_orm::IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait<Entity = E> + sea_orm::ActiveModelBehavior + Send,
{
    use sea_orm::{IntoActiveModel, ModelTrait};
    let column = |n: &str| {
        n.parse::<E::Column>().map_err(|_| {
            crate::error::ApiError::internal("a category table without site_id, name or sort_order")
        })
    };
    if existing.get(column("site_id")?) != sea_orm::Value::from(tx.site().get()) {
        return Err(crate::error::ApiError::NotFound);
    }
    let mut row: A = existing.clone().into_active_model();
    if let Some(n) = name {
        row.set(column("name")?, n.into());
    }
    if let Some(o) = order {
        row.set(column("sort_order")?, o.into());
    }
    let updated = row.update(tx.conn()).await?;
    tx.record(audit::updated(kind, existing, &updated));
    tx.public_content_changed();
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use crate::storage::entities as e;

    fn has_site_and_id<E: sea_orm::EntityTrait>() -> bool
    where
        E::Column: std::str::FromStr,
    {
        "site_id".parse::<E::Column>().is_ok() && "id".parse::<E::Column>().is_ok()
    }

    #[test]
    fn every_category_table_names_the_columns_a_rename_sets() {
        fn has<E: sea_orm::EntityTrait>() -> bool
        where
            E::Column: std::str::FromStr,
        {
            ["site_id", "name", "sort_order"]
                .iter()
                .all(|c| c.parse::<E::Column>().is_ok())
        }
        assert!(has::<e::link_categories::Entity>());
        assert!(has::<e::news_categories::Entity>());
        assert!(!has::<e::links::Entity>(), "a link has a title, not a name");
    }

    #[test]
    fn every_table_deleted_by_row_names_its_site_and_id_columns() {
        assert!(has_site_and_id::<e::attachments::Entity>());
        assert!(has_site_and_id::<e::calendar_events::Entity>());
        assert!(has_site_and_id::<e::extensions::Entity>());
        assert!(has_site_and_id::<e::groups::Entity>());
        assert!(has_site_and_id::<e::links::Entity>());
        assert!(has_site_and_id::<e::news_categories::Entity>());
        assert!(
            !has_site_and_id::<e::user_groups::Entity>(),
            "a join table has no id"
        );
    }
}
