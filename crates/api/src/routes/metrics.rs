//! The Prometheus scrape endpoint.

use crate::error::ApiError;
use crate::state::State;
use actix_web::{HttpRequest, HttpResponse};

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
