//! Storage: queries behind functions. Every function on tenant-owned data
//! takes the site id, so no row can be read without it.

pub mod announcements;
pub mod api_tokens;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod calendar_events;
pub mod counts;
pub mod entities;
pub mod extensions;
pub mod groups;
pub mod images;
pub mod legacy_redirects;
pub mod links;
pub mod menu;
pub mod nav;
pub mod news;
pub mod news_categories;
pub mod news_names;
mod of_site;
pub mod one_time_links;
pub mod outbox;
pub mod overview;
pub mod pages;
pub mod revisions;
pub mod site_archive;
pub mod site_archive_jobs;
mod site_id;
pub mod site_tx;
pub mod sites;
pub mod snapshots;
pub mod tags;
pub mod trash;
pub mod trash_bin;
pub mod users;
pub mod yascms;

pub use site_id::SiteId;
pub use site_tx::SiteTx;

use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait};

/// `SELECT id FROM <table> WHERE site_id = ?`: the site's rows of a tenant
/// table, for keeping an association table (which has no `site_id` of its
/// own, such as a page's groups or a user's) to the rows of one site.
pub(in crate::storage) fn ids_in_site<E: EntityTrait>(
    id: E::Column,
    site: SiteId,
    site_col: E::Column,
) -> SelectStatement {
    Query::select()
        .column(id)
        .from(E::default())
        .and_where(site_col.eq(site))
        .to_owned()
}

pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// JSON list stored in a text column.
pub fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

pub fn to_json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}
