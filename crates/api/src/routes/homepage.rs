//! Everything a school's homepage needs, in one request, served from the
//! in-process cache while the site's content version and schedule allow
//! (built by `crate::homepage_build`, usually ahead of the visitor).

use crate::error::ApiResult;
use crate::homepage_build::{HOMEPAGE, compose, notices_slot, stored};
use crate::http::public_cache::{shared_entry, visible_notices};
use crate::http::responses::public_response;
use crate::http::site_lookup::public_site;
use crate::state::State;
use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::Homepage;
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(homepage);
}

/// Site settings, announcements, menu, pinned and latest news, homepage links
/// and extensions, calendar — for the SPA's first paint.
#[utoipa::path(tag = "sites", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "The homepage", body = Homepage),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown (`site_not_found`) or disabled (`site_disabled`) site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/homepage")]
pub async fn homepage(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    let page = shared_entry(&state, &s, HOMEPAGE, || stored(&state, &s)).await?;
    let served = match notices_slot(&page.body) {
        Some(at) => compose(page, at, visible_notices(&state).await?),
        None => page,
    };
    Ok(public_response(
        &req,
        &state,
        served.body,
        &served.etag,
        served.content_type,
        served.until,
    ))
}
