//! API integration tests: each starts the real server on a free port against
//! a real database (SQLite file, MariaDB or PostgreSQL: `YASS_TEST_DB`) and
//! talks HTTP to it. One binary, so linking happens once.

mod helpers;

mod attachments;
mod auth;
mod bad_input;
mod content_helpers;
mod groups_users;
mod news;
mod pages;
mod sites;
mod throttling;
mod tokens;
