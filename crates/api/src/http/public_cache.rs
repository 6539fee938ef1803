//! Public JSON served from the in-process cache, else from a snapshot another
//! instance stored, else built once and shared (docs/decisions/0005).

use super::responses::public_response;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::sites::SiteRow;
use actix_web::{HttpRequest, HttpResponse};

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

fn respond(req: &HttpRequest, state: &AppState, entry: crate::cache::Cached) -> HttpResponse {
    public_response(
        req,
        state,
        entry.body,
        &entry.etag,
        entry.content_type,
        entry.until,
    )
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
    let entry = shared_entry(state, site, key, || async {
        let (body, until) = build().await?;
        let bytes = serde_json::to_vec(&body).map_err(ApiError::internal)?;
        Ok((bytes, until))
    })
    .await?;
    Ok(respond(req, state, entry))
}

/// The cached JSON entry of `key` (in-process, else the shared snapshot,
/// else built once and shared), for a caller that composes the response
/// itself.
pub async fn shared_entry<F, Fut>(
    state: &AppState,
    site: &SiteRow,
    key: &'static str,
    build: F,
) -> ApiResult<crate::cache::Cached>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<(Vec<u8>, Option<chrono::DateTime<chrono::Utc>>)>>,
{
    let now = state.clock.now();
    if let Some(hit) = hit(state, site, key, key, now) {
        return Ok(hit);
    }
    // A miss: fetch or build once, while concurrent requests for the same
    // value wait.
    let _building = state.flights.lock(site.id, key).await;
    if let Some(hit) = hit(state, site, key, key, now) {
        return Ok(hit);
    }
    let entry = if let Some(entry) = shared_snapshot(state, site, key, now).await {
        crate::metrics::public_cache(key, "snapshot");
        entry
    } else {
        let (bytes, until) = build().await?;
        let entry = crate::cache::Cached::new(bytes, JSON, cache_expiry(now, until), until);
        store_snapshot(state, site, key, &entry, now).await;
        crate::metrics::public_cache(key, "built");
        entry
    };
    keep(state, site, key, &entry);
    Ok(entry)
}

/// Builds `key` ahead of visitors (`prebuild`), stores it as the shared
/// snapshot and keeps it here, whatever is cached: the caller found the
/// stored one missing, stale or about to expire. Visitors asking meanwhile
/// wait for it, as for a build of their own.
pub async fn rebuild_shared<F, Fut>(
    state: &AppState,
    site: &SiteRow,
    key: &'static str,
    build: F,
) -> ApiResult<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<(Vec<u8>, Option<chrono::DateTime<chrono::Utc>>)>>,
{
    let _building = state.flights.lock(site.id, key).await;
    let now = state.clock.now();
    let (bytes, until) = build().await?;
    let entry = crate::cache::Cached::new(bytes, JSON, cache_expiry(now, until), until);
    store_snapshot(state, site, key, &entry, now).await;
    keep(state, site, key, &entry);
    crate::metrics::public_cache(key, "prebuilt");
    Ok(())
}

pub const JSON: &str = "application/json";

/// This instance's entry of `key` for the site's current content version,
/// counted as a hit of `kind`.
fn hit(
    state: &AppState,
    site: &SiteRow,
    kind: &'static str,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<crate::cache::Cached> {
    let entry = state.cache.get(site.id, key, site.content_version, now)?;
    crate::metrics::public_cache(kind, "hit");
    Some(entry)
}

/// Keeps `entry` for the site's current content version.
fn keep(state: &AppState, site: &SiteRow, key: &str, entry: &crate::cache::Cached) {
    state.cache.put(
        site.id,
        key,
        site.content_version,
        entry.expires_at,
        entry.clone(),
    );
}

/// What a public read built: a body every visitor may be given (kept), or a
/// response not to keep — for this caller only (a restricted page, an item
/// only its editors see), or public but for a key anyone could vary without
/// limit (`rules::public_cache`).
pub enum Fresh {
    Public {
        body: Vec<u8>,
        content_type: &'static str,
        /// The next scheduled change of what the body shows.
        until: Option<chrono::DateTime<chrono::Utc>>,
    },
    Pass(HttpResponse),
}

impl Fresh {
    pub fn json<T: serde::Serialize>(
        body: &T,
        until: Option<chrono::DateTime<chrono::Utc>>,
    ) -> ApiResult<Self> {
        Ok(Fresh::Public {
            body: serde_json::to_vec(body).map_err(ApiError::internal)?,
            content_type: JSON,
            until,
        })
    }
}

/// A public read served from the in-process cache while the site's content
/// version and the schedule allow, else built once (concurrent requests for
/// the same key wait for it). `kind` names the resource for the metrics;
/// `key` is everything the body depends on besides the site and its
/// version (the item's id, the page, the filter). A `Pass` answer goes out
/// untouched and is not kept.
pub async fn cached_public<F, Fut>(
    req: &HttpRequest,
    state: &AppState,
    site: &SiteRow,
    kind: &'static str,
    key: &str,
    build: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<Fresh>>,
{
    let now = state.clock.now();
    if let Some(hit) = hit(state, site, kind, key, now) {
        return Ok(respond(req, state, hit));
    }
    let _building = state.flights.lock(site.id, key).await;
    if let Some(hit) = hit(state, site, kind, key, now) {
        return Ok(respond(req, state, hit));
    }
    match build().await? {
        Fresh::Public {
            body,
            content_type,
            until,
        } => {
            let entry =
                crate::cache::Cached::new(body, content_type, cache_expiry(now, until), until);
            keep(state, site, key, &entry);
            crate::metrics::public_cache(kind, "built");
            Ok(respond(req, state, entry))
        }
        Fresh::Pass(res) => Ok(res),
    }
}

/// The visible platform announcements as a JSON array: this instance's copy
/// while it is younger than `site_cache_ms` and no window has opened or
/// closed since, else read once (concurrent requests wait for that read).
pub async fn visible_notices(state: &AppState) -> ApiResult<crate::cache::Cached> {
    use crate::storage::announcements;
    let now = state.clock.now();
    if let Some(n) = state.notices.get(now) {
        return Ok(n);
    }
    let _reading = state.flights.lock(0, "announcements").await;
    if let Some(n) = state.notices.get(now) {
        return Ok(n);
    }
    let (rows, until) = announcements::visible_and_next_change(&state.db, now).await?;
    let shown: Vec<_> = rows
        .iter()
        .map(crate::views::announcements::to_dto)
        .collect();
    let bytes = serde_json::to_vec(&shown).map_err(ApiError::internal)?;
    let entry = crate::cache::Cached::new(bytes, JSON, cache_expiry(now, until), until);
    state.notices.put(entry.clone());
    Ok(entry)
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
    match snapshots::current(&state.db, site.site_id(), &name, site.content_version, now).await {
        Ok(found) => found.map(|s| crate::cache::Cached {
            etag: s.etag,
            body: s.body.into_bytes().into(),
            content_type: JSON,
            expires_at: s.valid_until,
            until: Some(s.valid_until),
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
        site.site_id(),
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
