//! The admin dashboard's figures as the API shows them.

use crate::storage::auth::AuthEventRow;
use crate::storage::counts::SiteCounts;
use yass_shared_types::users::DashboardStats;

/// The site's counts, today's sign-ins and failed sign-ins, and the newest
/// auth log entries.
pub fn stats(
    counts: &SiteCounts,
    [logins_today, failed_logins_today]: [u64; 2],
    recent: Vec<AuthEventRow>,
) -> DashboardStats {
    DashboardStats {
        users: counts.users,
        groups: counts.groups,
        news: counts.news,
        pages: counts.pages,
        links: counts.links,
        extensions: counts.extensions,
        logins_today,
        failed_logins_today,
        recent_auth_events: super::auth_log::to_dtos(recent),
    }
}
