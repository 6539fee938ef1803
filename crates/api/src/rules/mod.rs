//! Pure rules: no I/O, `now` passed in, unit-tested to exhaustion.

pub mod account;
pub mod api_tokens;
pub mod audit;
pub mod calendar;
pub mod csp;
pub mod file_types;
pub mod group_tree;
pub mod homepage_layout;
pub mod html;
pub mod ics;
pub mod input;
pub mod nav_tree;
pub mod ordering;
pub mod permissions;
pub mod phone;
pub mod revisions;
pub mod search;
pub mod self_edit;
pub mod site_urls;
pub mod text;
pub mod text_diff;
pub mod throttle;
pub mod uploads;
pub mod validate;
pub mod visibility;
pub mod window;
