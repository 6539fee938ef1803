//! API integration tests: each starts the real server on a free port against
//! a real database (SQLite file, MariaDB or PostgreSQL: `YASS_TEST_DB`) and
//! talks HTTP to it. One binary, so linking happens once.

mod helpers;

mod auth;
mod bad_input;
mod groups_users;
mod sites;
mod throttling;
mod tokens;
mod attachments;
mod content_helpers;
mod news;
mod pages;
