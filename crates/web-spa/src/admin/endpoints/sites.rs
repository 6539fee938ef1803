//! Platform administration: every school site (platform admins only, so
//! these paths are not under one site).

use crate::admin::api::{Res, Session};
use crate::routes::encode;
use yass_shared_types::site::{CreateSite, Site, UpdateSite};

pub async fn list(s: &Session) -> Res<Vec<Site>> {
    s.get("/api/v1/sites").await
}

pub async fn create(s: &Session, input: &CreateSite) -> Res<Site> {
    s.post("/api/v1/sites", input).await
}

/// Renames, re-hosts, enables or disables one school's site.
pub async fn update(s: &Session, slug: &str, patch: &UpdateSite) -> Res<Site> {
    s.patch(&format!("/api/v1/sites/{}", encode(slug)), patch)
        .await
}

/// Every school at a glance (and homepage times when Prometheus is set).
pub async fn overview(s: &Session) -> Res<yass_shared_types::site::PlatformOverview> {
    s.get("/api/v1/manage/overview").await
}
