//! The one way to change a school's data: a transaction bound to one site.
//!
//! Storage write functions take a [`SiteTx`] (and no site id: they write to
//! the transaction's site), so a write cannot run outside it or land on
//! another school. A write to public content marks the transaction, and
//! [`SiteTx::commit`] then bumps the site's content version in the same
//! transaction, which every instance's caches compare: no handler can forget
//! to invalidate. Writes visitors never see (a password, a token) leave the
//! mark unset, so they do not empty the caches.
//!
//! ```no_run
//! # async fn f(db: &sea_orm::DatabaseConnection, site: &yass_api::storage::sites::SiteRow) -> yass_api::error::ApiResult<()> {
//! use yass_api::storage::{SiteTx, news};
//! let tx = SiteTx::begin(db, site.site_id()).await?;
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
use crate::error::ApiResult;
use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};
use std::sync::atomic::{AtomicBool, Ordering};

pub struct SiteTx {
    txn: DatabaseTransaction,
    site: SiteId,
    public_content_changed: AtomicBool,
}

impl SiteTx {
    pub async fn begin(db: &DatabaseConnection, site: SiteId) -> ApiResult<Self> {
        Ok(SiteTx {
            txn: db.begin().await?,
            site,
            public_content_changed: AtomicBool::new(false),
        })
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

    /// Whether commit will bump the content version.
    pub fn changes_public_content(&self) -> bool {
        self.public_content_changed.load(Ordering::Relaxed)
    }

    /// Commits, bumping the content version first when public content changed.
    pub async fn commit(self) -> ApiResult<()> {
        if self.changes_public_content() {
            super::sites::bump_content_version(&self.txn, self.site).await?;
        }
        self.txn.commit().await?;
        Ok(())
    }
}
