//! Which site an HTML page request is for.

use crate::error::ApiError;
use crate::state::State;
use crate::storage::sites as site_store;
use actix_web::HttpRequest;

/// The site a page request is for: `/s/{slug}/…` on the platform host, or
/// the school's own hostname.
pub async fn site_of_request(
    state: &State,
    req: &HttpRequest,
) -> Result<Option<(site_store::SiteRow, String)>, ApiError> {
    let path = req.path();
    if let Some(rest) = path.strip_prefix("/s/") {
        let (slug, tail) = rest.split_once('/').unwrap_or((rest, ""));
        return Ok(site_store::by_slug(&state.db, slug)
            .await?
            .filter(|s| s.enabled)
            .map(|s| (s, format!("/{tail}"))));
    }
    let host = req.connection_info().host().to_string();
    let host = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(h, _)| h)
        .to_ascii_lowercase();
    Ok(site_store::by_host(&state.db, &host)
        .await?
        .map(|(s, _)| s)
        .filter(|s| s.enabled)
        .map(|s| (s, path.to_string())))
}
