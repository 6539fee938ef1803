//! Rows turned into the shapes the API sends (the types of
//! `yass_shared_types`). Pure mapping, no queries: handlers load what a view
//! needs through storage and call these; storage never builds API shapes.

pub mod announcements;
pub mod api_tokens;
pub mod applications;
pub mod archive_jobs;
pub mod attachments;
pub mod audit;
pub mod auth_log;
pub mod calendar_events;
pub mod dashboard;
pub mod extensions;
pub mod groups;
pub mod images;
pub mod links;
pub mod nav;
pub mod news;
pub mod news_categories;
pub mod pages;
pub mod revisions;
pub mod sites;
pub mod trash;
pub mod users;
