//! One schema for SQLite, MariaDB/MySQL and PostgreSQL.
//!
//! One migration per file: `DeriveMigrationName` names a migration after its file.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261127_000001_create_sites;
mod m20261127_000002_create_users_groups;
mod m20261127_000003_create_auth;
mod m20261127_000010_create_pages_and_categories;
mod m20261127_000100_create_news;
mod m20261127_000101_create_tags;
mod m20261127_000102_create_news_search_tokens;
mod m20261127_000103_create_attachments;
mod m20261127_000104_index_news_schedule;
mod m20261127_000200_create_links;
mod m20261127_000201_create_extensions;
mod m20261127_000202_create_calendar_events;
mod m20261127_000203_create_nav_items;
mod m20261127_000204_create_announcements;
mod m20261127_000300_create_page_snapshots;
mod m20261203_000100_normalise_accounts;
pub mod m20261203_000200_page_visibility;
pub mod m20261203_000201_api_token_owner_expiry;
mod m20261203_000400_resanitize_announcements;
mod m20261204_000100_create_audit_log;
mod m20261204_000200_create_revisions;
mod m20261204_000300_create_trash;
mod m20261204_000400_archive_groups;
mod m20261205_000100_onboarding;
mod m20261205_000200_host_tls;
mod m20261206_000100_site_archive_jobs;
mod m20261206_000200_legacy_redirects;

/// The data step of the announcement migration, for tests (issue 12, item 7).
pub use m20261203_000400_resanitize_announcements::resanitize_announcements;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_sites::Migration),
            Box::new(m20261127_000002_create_users_groups::Migration),
            Box::new(m20261127_000003_create_auth::Migration),
            Box::new(m20261127_000010_create_pages_and_categories::Migration),
            Box::new(m20261127_000100_create_news::Migration),
            Box::new(m20261127_000101_create_tags::Migration),
            Box::new(m20261127_000102_create_news_search_tokens::Migration),
            Box::new(m20261127_000103_create_attachments::Migration),
            Box::new(m20261127_000104_index_news_schedule::Migration),
            Box::new(m20261127_000200_create_links::Migration),
            Box::new(m20261127_000201_create_extensions::Migration),
            Box::new(m20261127_000202_create_calendar_events::Migration),
            Box::new(m20261127_000203_create_nav_items::Migration),
            Box::new(m20261127_000204_create_announcements::Migration),
            Box::new(m20261127_000300_create_page_snapshots::Migration),
            Box::new(m20261203_000100_normalise_accounts::Migration),
            Box::new(m20261203_000200_page_visibility::Migration),
            Box::new(m20261203_000201_api_token_owner_expiry::Migration),
            Box::new(m20261203_000400_resanitize_announcements::Migration),
            Box::new(m20261204_000100_create_audit_log::Migration),
            Box::new(m20261204_000200_create_revisions::Migration),
            Box::new(m20261204_000300_create_trash::Migration),
            Box::new(m20261204_000400_archive_groups::Migration),
            Box::new(m20261205_000100_onboarding::Migration),
            Box::new(m20261205_000200_host_tls::Migration),
            Box::new(m20261206_000100_site_archive_jobs::Migration),
            Box::new(m20261206_000200_legacy_redirects::Migration),
        ]
    }
}

/// The account-name rule as of m20261203_000100, frozen here so that
/// migration keeps doing what it did even if the live rule
/// (`yass_api::rules::account`) changes; a unit test there checks they agree.
pub mod account_rule_v1 {
    use unicode_normalization::UnicodeNormalization;

    pub fn normalise(raw: &str) -> String {
        let folded: String = raw.nfkc().collect();
        folded.trim().to_lowercase().nfkc().collect()
    }
}
