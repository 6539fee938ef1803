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

/// The database answers.
#[utoipa::path(tag = "health", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "Database unreachable")
))]
#[get("/readyz")]
pub async fn readyz(state: State) -> HttpResponse {
    let ok = crate::db::ping(&state.db).await;
    let mut res = if ok {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    res.insert_header(("Cache-Control", "no-store"))
        .body(if ok { "ready" } else { "database unreachable" })
}
