//! Response builders: private JSON (never in a shared cache) and public
//! bodies with Cache-Control, ETag and 304 answers.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse};

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
