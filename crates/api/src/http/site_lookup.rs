//! The site a request's path names, with the request's metrics labelled by
//! it; and the rights of whoever reads that site's public content.

use crate::error::ApiResult;
use crate::metrics::KnownSite;
use crate::state::AppState;
use crate::storage::sites::{self as site_store, SiteRow};
use actix_web::{HttpMessage, HttpRequest};

/// Loads the site named in the path and labels the request's metrics with it.
pub async fn site(state: &AppState, req: &HttpRequest, slug: &str) -> ApiResult<SiteRow> {
    site_allowing_disabled(state, req, slug, false).await
}

/// Like `site`, for public reads: the row may be a local copy up to
/// `site_cache_ms` old (see `cache`), so a cached response costs no query.
pub async fn public_site(state: &AppState, req: &HttpRequest, slug: &str) -> ApiResult<SiteRow> {
    let s = match state.site_rows.get(slug) {
        Some(s) if s.enabled => s,
        _ => {
            let s = site_store::load(&state.db, slug, false).await?;
            state.site_rows.put(&s);
            s
        }
    };
    req.extensions_mut().insert(KnownSite(s.slug.clone()));
    Ok(s)
}

pub async fn site_allowing_disabled(
    state: &AppState,
    req: &HttpRequest,
    slug: &str,
    allow_disabled: bool,
) -> ApiResult<SiteRow> {
    let s = site_store::load(&state.db, slug, allow_disabled).await?;
    req.extensions_mut().insert(KnownSite(s.slug.clone()));
    Ok(s)
}

/// The rights of a reader of public content. A missing, expired or foreign
/// token reads as a visitor: public pages must not fail on a stale token.
pub async fn reader_rights(
    state: &AppState,
    site: &SiteRow,
    caller: Option<crate::auth::caller::Caller>,
) -> crate::rules::permissions::Rights {
    match caller {
        Some(c) => c
            .actor(state, site)
            .await
            .map(|a| a.rights)
            .unwrap_or_default(),
        None => crate::rules::permissions::Rights::default(),
    }
}

/// Where the site's public pages live (`rules::site_urls::public_base`).
pub async fn public_base_url(state: &AppState, site: &SiteRow) -> ApiResult<String> {
    let hosts = site_store::hosts(&state.db, site.site_id()).await?;
    Ok(crate::rules::site_urls::public_base(
        site_store::serving_host(&hosts),
        &site.slug,
    ))
}
