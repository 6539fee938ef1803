//! Liveness and readiness for load balancers and deploys.

use crate::state::State;
use actix_web::{HttpResponse, get};

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, description = "Up")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .body("ok")
}

/// The database answers and the instance is not stopping.
#[utoipa::path(tag = "health", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "Database unreachable, or the instance is draining before it stops")
))]
#[get("/readyz")]
pub async fn readyz(state: State) -> HttpResponse {
    let answer = if state.drain.is_draining() {
        Err("stopping")
    } else if crate::db::ping(&state.db).await {
        Ok("ready")
    } else {
        Err("database unreachable")
    };
    let mut res = if answer.is_ok() {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    res.insert_header(("Cache-Control", "no-store"))
        .body(answer.unwrap_or_else(|e| e))
}
