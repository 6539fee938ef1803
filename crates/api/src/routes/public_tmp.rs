//! Temporary public-response helper of the site-content routes; the shared
//! `public_json` (with ETag/304) replaces it when the branches meet.

use crate::state::AppState;
use actix_web::HttpResponse;

/// The same answer for everyone: shared caches may keep it for the
/// configured time.
pub fn public_json_tmp<T: serde::Serialize>(state: &AppState, body: &T) -> HttpResponse {
    public_json_for(body, state.settings.public_max_age)
}

/// As `public_json_tmp` with a shorter lifetime (e.g. until the next
/// scheduled change).
pub fn public_json_for<T: serde::Serialize>(body: &T, max_age: u64) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", format!("public, max-age={max_age}")))
        .json(body)
}
