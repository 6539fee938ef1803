//! API integration tests: each starts the real server on a free port against
//! a real database (SQLite file, MariaDB or PostgreSQL: `YASS_TEST_DB`) and
//! talks HTTP to it. One binary, so linking happens once.

mod helpers;

mod announcements;
mod attachments;
mod auth;
mod bad_input;
mod branding;
mod calendar;
mod content_helpers;
mod extensions;
mod groups_users;
mod hardening;
mod homepage;
mod links;
mod metrics;
mod nav;
mod news;
mod pages;
mod site_content_helpers;
mod sitemap;
mod sites;
mod tenant_matrix;
mod throttling;
mod tokens;
