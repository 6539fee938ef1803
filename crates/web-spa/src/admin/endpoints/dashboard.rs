//! The overview's figures (`/manage/dashboard`).

use crate::admin::api::{Res, Session};
use yass_shared_types::users::DashboardStats;

pub async fn stats(s: &Session) -> Res<DashboardStats> {
    s.get(&s.url("/manage/dashboard")).await
}
