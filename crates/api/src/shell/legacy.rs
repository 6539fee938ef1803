//! A moved school's old addresses answer 301 to their yass pages (issue
//! 17), before the SPA fallback. Only requests shaped like a yascms address
//! cost a lookup.

use super::request_site::site_of_request;
use crate::error::ApiError;
use crate::rules::legacy_urls;
use crate::state::State;
use crate::storage::{attachments, legacy_redirects};
use actix_web::HttpRequest;

/// Where an old address now is, if the request is one of its site's.
pub async fn redirect(state: &State, req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let path = req.path();
    // On the platform host a site's pages are under /s/{slug}.
    let (base, tail) = match path.strip_prefix("/s/") {
        Some(rest) => match rest.split_once('/') {
            Some((slug, tail)) => (format!("/s/{slug}"), format!("/{tail}")),
            None => return Ok(None),
        },
        None => (String::new(), path.to_string()),
    };
    let Some(key) = legacy_urls::key(&tail, req.query_string()) else {
        return Ok(None);
    };
    let Some((site, _)) = site_of_request(state, req).await? else {
        return Ok(None);
    };
    let Some(row) = legacy_redirects::find(&state.db, site.site_id(), &key).await? else {
        return Ok(None);
    };
    let file_name = match (row.target_kind.as_str(), row.target_id) {
        ("attachment", Some(id)) => attachments::get(&state.db, site.site_id(), id)
            .await?
            .map(|a| a.file_name),
        _ => None,
    };
    Ok(legacy_urls::target(
        &base,
        &site.slug,
        &row.target_kind,
        row.target_id,
        file_name.as_deref(),
    ))
}
