//! The site a query is scoped to.
//!
//! Every storage function on a school's data takes a [`SiteId`], never a
//! bare integer, so a site id cannot be swapped with a news, page or user id
//! by mistake, and one can only be had from a loaded site row:
//!
//! ```no_run
//! # async fn f(db: &sea_orm::DatabaseConnection, site: &yass_api::storage::sites::SiteRow) {
//! let _ = yass_api::storage::news::get(db, site.site_id(), 42).await;
//! # }
//! ```
//!
//! Outside `storage/` a `SiteId` cannot be made from a number:
//!
//! ```compile_fail
//! # async fn f(db: &sea_orm::DatabaseConnection) {
//! // A bare id where the site belongs: rejected by the compiler.
//! let _ = yass_api::storage::news::get(db, 7, 42).await;
//! # }
//! ```
//!
//! ```compile_fail
//! // Nor can one be made outside storage.
//! let _ = yass_api::storage::SiteId(7);
//! ```
//!
//! ```compile_fail
//! // The item id and the site id swapped: rejected too.
//! # async fn f(db: &sea_orm::DatabaseConnection, site: &yass_api::storage::sites::SiteRow) {
//! let _ = yass_api::storage::news::get(db, 42, site.site_id()).await;
//! # }
//! ```

use super::sites::SiteRow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SiteId(i64);

impl SiteId {
    /// The number, for cache keys, upload folders and log labels.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for SiteId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl SiteRow {
    /// The id to scope queries on this site's data with.
    pub fn site_id(&self) -> SiteId {
        SiteId(self.id)
    }
}

/// Lets a query filter on a `site_id` column with the newtype itself.
impl From<SiteId> for sea_orm::Value {
    fn from(s: SiteId) -> Self {
        sea_orm::Value::BigInt(Some(s.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_row_gives_its_own_id() {
        let row = SiteRow {
            id: 12,
            ..Default::default()
        };
        assert_eq!(row.site_id().get(), 12);
        assert_eq!(
            sea_orm::Value::from(row.site_id()),
            sea_orm::Value::BigInt(Some(12))
        );
    }
}
