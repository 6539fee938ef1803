//! HTTP handlers: thin, one module per resource.

pub mod announcements;
pub mod api_tokens;
pub mod attachments;
pub mod auth;
pub mod auth_log;
pub mod branding;
pub mod calendar;
pub mod dashboard;
pub mod extensions;
pub mod groups;
pub mod health;
pub mod homepage;
pub mod images;
pub mod links;
pub mod me;
pub mod nav;
pub mod news;
pub mod news_categories;
pub mod news_feeds;
pub mod pages;
pub mod resolve;
pub mod sitemap;
pub mod sites;
pub mod users;

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::metrics::KnownSite;
use crate::state::AppState;
use crate::storage::sites::{self as site_store, SiteRow};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub type State = actix_web::web::Data<AppState>;

/// Every API route, for the server and for the OpenAPI document alike.
pub fn configure(cfg: &mut ServiceConfig) {
    // actix tries routes in registration order: the hot public reads
    // (homepage, menu, news) come first so they are matched soonest.
    cfg.configure(homepage::configure)
        .configure(nav::configure)
        .configure(news_feeds::configure)
        .configure(news_categories::configure)
        .configure(news::configure)
        .configure(resolve::configure)
        .configure(auth::configure)
        .configure(sites::configure)
        .configure(me::configure)
        .configure(groups::configure)
        .configure(users::configure)
        .configure(api_tokens::configure)
        .configure(auth_log::configure)
        .configure(pages::configure)
        .configure(attachments::configure)
        .configure(images::configure)
        .configure(links::configure)
        .configure(extensions::configure)
        .configure(calendar::configure)
        .configure(announcements::configure)
        .configure(branding::configure)
        .configure(dashboard::configure)
        .configure(sitemap::configure);
}

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

/// `?page=&per_page=` of every list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u64>,
}

impl PageQuery {
    pub fn resolve(&self) -> ApiResult<(u64, u64)> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(20);
        let mut e = FieldErrors::new();
        if page == 0 || page > 1_000_000 {
            e.add("page", "Pages start at 1.");
        }
        if !(1..=100).contains(&per_page) {
            e.add("per_page", "Between 1 and 100 items per page.");
        }
        e.into_result()?;
        Ok((page, per_page))
    }
}

pub fn pages(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page).max(1)
}

/// A row of another site, or none: both are the same 404.
pub fn found<T>(row: Option<T>) -> ApiResult<T> {
    row.ok_or(ApiError::NotFound)
}

/// A response that depends on who asks: never cached by shared caches.
pub fn private_json<T: serde::Serialize>(body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .insert_header(("Vary", "Authorization"))
        .json(body)
}

/// Health checks live outside `/api/v1` but are documented too.
pub fn health_configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}

/// Prometheus scrape: only from allowed addresses or with the scrape token.
pub async fn metrics_endpoint(req: HttpRequest, state: State) -> Result<HttpResponse, ApiError> {
    let addr = crate::auth::caller::request_addr(&req, &state);
    let allowed_addr = addr
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| state.settings.metrics_allow.iter().any(|n| n.contains(&ip)));
    let token_ok = state.settings.metrics_token.as_deref().is_some_and(|t| {
        let sent = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        !t.is_empty()
            && crate::auth::secrets::token_hash(sent) == crate::auth::secrets::token_hash(t)
    });
    if !allowed_addr && !token_ok {
        return Err(ApiError::NotFound);
    }
    crate::housekeeping::pool_gauges(&state.db, crate::db::pool_size(&state.settings));
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .insert_header(("Cache-Control", "no-store"))
        .body(crate::metrics::handle().render()))
}

/// A public response: the same for everyone, cached by browsers and proxies
/// for `public_max_age` seconds, with an ETag so a revalidation costs no body.
pub fn public_json<T: serde::Serialize>(
    req: &HttpRequest,
    state: &AppState,
    body: &T,
) -> HttpResponse {
    public_json_until(req, state, body, None)
}

/// Like `public_json`, but expiring no later than `until` (the next scheduled
/// transition of what the body shows), so no cache outlives a change of
/// visibility that no write announced.
pub fn public_json_until<T: serde::Serialize>(
    req: &HttpRequest,
    state: &AppState,
    body: &T,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> HttpResponse {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    public_body(req, state, bytes, "application/json", until)
}

/// Seconds a public response may be cached: the configured maximum, capped
/// by the time left until `until`.
pub fn public_max_age(state: &AppState, until: Option<chrono::DateTime<chrono::Utc>>) -> u64 {
    let max = state.settings.public_max_age;
    match until {
        Some(t) => {
            let left = (t - state.clock.now()).num_seconds();
            u64::try_from(left).unwrap_or(0).min(max)
        }
        None => max,
    }
}

/// Any public body (JSON, RSS) with Cache-Control, ETag and 304 answers.
pub fn public_body(
    req: &HttpRequest,
    state: &AppState,
    bytes: Vec<u8>,
    content_type: &str,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> HttpResponse {
    let etag = crate::cache::etag_of(&bytes);
    public_response(req, state, bytes.into(), &etag, content_type, until)
}

/// A public body whose ETag is already known (e.g. from the cache).
pub fn public_response(
    req: &HttpRequest,
    state: &AppState,
    bytes: actix_web::web::Bytes,
    etag: &str,
    content_type: &str,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> HttpResponse {
    let cache = format!("public, max-age={}", public_max_age(state, until));
    let matches = req
        .headers()
        .get(actix_web::http::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
    let mut res = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(("Cache-Control", cache))
        .insert_header(("ETag", etag.to_string()));
    if matches {
        res.finish()
    } else {
        res.content_type(content_type).body(bytes)
    }
}

/// Longest an in-process cache entry lives even without a scheduled change.
const CACHE_CAP_SECONDS: i64 = 300;

/// When an in-process entry built `now` must go: at the next scheduled
/// change of what it shows, and within the cap anyway.
pub fn cache_expiry(
    now: chrono::DateTime<chrono::Utc>,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> chrono::DateTime<chrono::Utc> {
    let cap = now + chrono::TimeDelta::seconds(CACHE_CAP_SECONDS);
    until.map_or(cap, |u| u.min(cap))
}

/// A public JSON response served from the in-process cache when the site's
/// content version still matches, else from the snapshot another instance
/// (or an earlier process) stored in the database, else built by `build`
/// (which returns the body and the next scheduled change of what it shows),
/// stored as a snapshot and cached.
pub async fn cached_public_json<T, F, Fut>(
    req: &HttpRequest,
    state: &AppState,
    site: &SiteRow,
    key: &'static str,
    build: F,
) -> ApiResult<HttpResponse>
where
    T: serde::Serialize,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<(T, Option<chrono::DateTime<chrono::Utc>>)>>,
{
    let now = state.clock.now();
    let respond = |entry: crate::cache::Cached| {
        public_response(
            req,
            state,
            entry.body,
            &entry.etag,
            "application/json",
            Some(entry.expires_at),
        )
    };
    if let Some(hit) = state.cache.get(site.id, key, site.content_version, now) {
        crate::metrics::public_cache(key, "hit");
        return Ok(respond(hit));
    }
    // A miss: fetch or build once, while concurrent requests for the same
    // value wait.
    let _building = state.flights.lock(site.id, key).await;
    if let Some(hit) = state.cache.get(site.id, key, site.content_version, now) {
        crate::metrics::public_cache(key, "hit");
        return Ok(respond(hit));
    }
    let entry = match shared_snapshot(state, site, key, now).await {
        Some(entry) => {
            crate::metrics::public_cache(key, "snapshot");
            entry
        }
        None => {
            let (body, until) = build().await?;
            let bytes = serde_json::to_vec(&body).map_err(ApiError::internal)?;
            let entry = crate::cache::Cached {
                etag: crate::cache::etag_of(&bytes),
                body: bytes.into(),
                expires_at: cache_expiry(now, until),
            };
            store_snapshot(state, site, key, &entry, now).await;
            crate::metrics::public_cache(key, "built");
            entry
        }
    };
    state.cache.put(
        site.id,
        key,
        site.content_version,
        entry.expires_at,
        entry.clone(),
    );
    Ok(respond(entry))
}

/// The stored snapshot, if it was built for this content version and has not
/// expired. A failing read is logged and treated as no snapshot: the
/// response can still be built.
async fn shared_snapshot(
    state: &AppState,
    site: &SiteRow,
    key: &'static str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<crate::cache::Cached> {
    use crate::storage::snapshots;
    let name = snapshots::name_of(key);
    match snapshots::current(&state.db, site.id, &name, site.content_version, now).await {
        Ok(found) => found.map(|s| crate::cache::Cached {
            etag: s.etag,
            body: s.body.into_bytes().into(),
            expires_at: s.valid_until,
        }),
        Err(e) => {
            tracing::warn!(site = site.id, key, error = %e, "reading a snapshot failed");
            None
        }
    }
}

/// Shares a freshly built response with every instance. Best effort: a
/// failed write (say, a deadlock with another instance storing the same
/// snapshot) costs a rebuild later, never the response.
async fn store_snapshot(
    state: &AppState,
    site: &SiteRow,
    key: &'static str,
    entry: &crate::cache::Cached,
    now: chrono::DateTime<chrono::Utc>,
) {
    use crate::storage::snapshots;
    if entry.body.len() > snapshots::MAX_BODY_BYTES {
        return;
    }
    let Ok(body) = std::str::from_utf8(&entry.body) else {
        return;
    };
    let snapshot = snapshots::Snapshot {
        etag: entry.etag.clone(),
        body: body.to_string(),
        valid_until: entry.expires_at,
    };
    let name = snapshots::name_of(key);
    let stored = snapshots::store(
        &state.db,
        site.id,
        &name,
        site.content_version,
        snapshot,
        now,
    )
    .await;
    if let Err(e) = stored {
        tracing::warn!(site = site.id, key, error = %e, "storing a snapshot failed");
    }
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
