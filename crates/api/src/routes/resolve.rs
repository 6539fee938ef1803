//! Which site a hostname belongs to (so a school's own domain serves its site).

use crate::error::{ApiError, ApiResult};
use crate::rules::validate;
use crate::state::State;
use crate::storage::sites;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::problem::Problem;
use yass_shared_types::site::Resolved;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(resolve);
}

#[derive(Deserialize, IntoParams)]
pub struct HostQuery {
    /// A hostname, e.g. `www.jhps.tp.edu.tw` (a port is ignored).
    pub host: String,
}

/// Maps a hostname to its site.
#[utoipa::path(tag = "sites", params(HostQuery), responses(
    (status = 200, description = "OK", body = Resolved),
    (status = 404, description = "`site_not_found` or `site_disabled`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/resolve")]
pub async fn resolve(state: State, q: web::Query<HostQuery>) -> ApiResult<HttpResponse> {
    let without_port = q.host.rsplit_once(':').map_or(q.host.as_str(), |(h, p)| {
        if p.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            q.host.as_str()
        }
    });
    let host = validate::hostname(without_port)
        .map_err(|m| crate::error::FieldErrors::single("host", m))?;
    let (site, h) = sites::by_host(&state.db, &host)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    if !site.enabled {
        return Err(ApiError::SiteDisabled);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(Resolved {
            slug: site.slug,
            name: site.name,
            primary: h.is_primary,
        }))
}
