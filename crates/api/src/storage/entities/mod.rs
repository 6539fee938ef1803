//! sea-orm entities, one table each. Only `storage` uses them directly.

pub mod announcements;
pub mod api_tokens;
pub mod attachments;
pub mod auth_events;
pub mod calendar_events;
pub mod extensions;
pub mod groups;
pub mod link_categories;
pub mod links;
pub mod login_throttles;
pub mod nav_items;
pub mod news;
pub mod news_categories;
pub mod news_search_tokens;
pub mod news_tags;
pub mod page_edit_groups;
pub mod page_read_groups;
pub mod page_snapshots;
pub mod page_tags;
pub mod pages;
pub mod refresh_tokens;
pub mod site_hosts;
pub mod sites;
pub mod tags;
pub mod user_groups;
pub mod users;
