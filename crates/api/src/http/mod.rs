//! What HTTP handlers share: finding the site a request names, paging
//! parameters, response builders with their caching headers, the
//! public-response cache, and the steps of reordering a list. Nothing here knows a particular resource, and
//! nothing here imports from `routes`.

pub mod drain;
pub mod evict_after_writes;
pub mod file_download;
pub mod paging;
pub mod public_cache;
pub mod query_count;
pub mod reorder;
pub mod responses;
pub mod retry_conflicts;
pub mod running;
pub mod site_context;
pub mod site_lookup;
