//! Creating a site, and the hostname check creation and the settings
//! screen share.

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::rules::input::sites as input;
use crate::state::AppState;
use crate::storage::audit::Author;
use crate::storage::{groups, sites as store};
use yass_shared_types::site::{CreateSite, Site};
use yass_shared_types::users::GroupKind;

/// Validates and creates a site with its hostnames and its administrators'
/// group (網站管理員), in one transaction: the API, the CLI and the demo all
/// provision a site this way, so every site can be given a webmaster.
/// Returns the stored row and the site as the API shows it.
pub async fn provision(
    state: &AppState,
    b: CreateSite,
    author: &Author,
) -> ApiResult<(store::SiteRow, Site)> {
    let v = input::new_site(&b).map_err(ApiError::Validation)?;
    if store::by_slug(&state.db, &v.slug).await?.is_some() {
        return Err(FieldErrors::single("slug", "This slug is taken."));
    }
    ensure_hosts_free(state, None, &v.hostnames).await?;
    let new_site = store::NewSite {
        slogan: v.get("slogan"),
        address: v.get("address"),
        zip: v.get("zip"),
        phone: v.get("phone"),
        fax: v.get("fax"),
        email: v.get("email"),
        map_link: v.get("map_link"),
        map_embed_url: v.get("map_embed_url"),
        slug: v.slug,
        name: v.name,
    };
    let site = store::create(&state.db, new_site, &v.hostnames, author).await?;
    let hosts = store::hosts(&state.db, site.site_id()).await?;
    let dto = crate::views::sites::to_dto(&site, &hosts);
    Ok((site, dto))
}

/// Refuses hostnames another site already has.
pub async fn ensure_hosts_free(
    state: &AppState,
    site_id: Option<i64>,
    hosts: &[String],
) -> ApiResult<()> {
    let taken = store::hosts_taken_elsewhere(&state.db, site_id, hosts).await?;
    if taken.is_empty() {
        return Ok(());
    }
    Err(FieldErrors::single(
        "hostnames",
        format!("Already used by another site: {}", taken.join(", ")),
    ))
}

/// The site's administrators' group; created when a site from before
/// provisioning did so lacks one.
pub async fn admin_group(state: &AppState, site_id: crate::storage::SiteId) -> ApiResult<i64> {
    let existing = groups::list(&state.db, site_id).await?;
    if let Some(g) = existing
        .iter()
        .find(|g| groups::kind(g) == GroupKind::Admin)
    {
        return Ok(g.id);
    }
    groups::insert_admin_group(&state.db, site_id, state.clock.now_naive()).await
}
