//! API integration tests: each starts the real server on a free port against
//! a real database (SQLite file, MariaDB or PostgreSQL: `YASS_TEST_DB`) and
//! talks HTTP to it. One binary, so linking happens once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests: a missing value should fail the test loudly"
)]
#![allow(
    clippy::float_cmp,
    reason = "metrics counters hold whole numbers; an exact count is the point"
)]

mod helpers;

mod account_migration;
mod announcements;
mod archive;
mod attachments;
mod audit;
mod audit_coverage;
mod auth;
mod bad_input;
mod branding;
mod calendar;
mod concurrent_writes;
mod content_helpers;
mod extensions;
mod group_refs;
mod groups_users;
mod hardening;
mod homepage;
mod html_sinks;
mod images;
mod legacy_passwords;
mod links;
mod mail_helpers;
mod metrics;
mod nav;
mod news;
mod onboarding;
mod overview;
mod pages;
mod platform_admins;
mod prebuild;
mod public_reads;
mod revisions;
mod site_archive;
mod site_content_helpers;
mod sitemap;
mod sites;
mod spa_shell;
mod tenant_matrix;
mod throttling;
mod token_owners;
mod tokens;
mod trash;
mod yascms_import;
