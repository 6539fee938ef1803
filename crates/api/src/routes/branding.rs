//! A site's logo, banners and homepage layout (site admins).

use crate::error::{ApiError, ApiResult};
use crate::http::responses::private_json;
use crate::http::site_context::SiteActor;
use crate::rules::homepage_layout;
use crate::rules::input::branding as input;
use crate::state::State;
use crate::storage::{SiteTx, sites};
use actix_web::{HttpResponse, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{Branding, HomepageLayout};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(put_branding)
        .service(get_layout)
        .service(put_layout);
}

/// Sets the logo and banners: this site's own image paths or https URLs.
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = Branding, responses(
    (status = 200, description = "Updated", body = Branding),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/branding")]
pub async fn put_branding(
    state: State,
    ctx: SiteActor,
    body: web::Json<Branding>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let v = input::branding(&body, &s.slug).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated =
        sites::set_branding(&tx, &s, v.logo_url, &v.banner_urls, state.clock.now_naive()).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::sites::branding(&updated)))
}

/// The homepage's blocks (the default layout until one is saved).
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "The layout", body = HomepageLayout),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/homepage-layout")]
pub async fn get_layout(ctx: SiteActor) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.site_admin {
        return Err(actor.denied());
    }
    Ok(private_json(&homepage_layout::from_stored(
        &s.homepage_layout,
    )))
}

/// Saves the homepage's blocks: each of the fixed kinds at most once, in
/// order, counts 1 to 50; left-out kinds are stored disabled.
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = HomepageLayout, responses(
    (status = 200, description = "The saved layout", body = HomepageLayout),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/homepage-layout")]
pub async fn put_layout(
    state: State,
    ctx: SiteActor,
    body: web::Json<HomepageLayout>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let layout = homepage_layout::check(&body)
        .map_err(|msgs| ApiError::Validation(input::layout_errors(msgs)))?;
    let json = serde_json::to_string(&layout).map_err(crate::error::ApiError::internal)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    sites::set_homepage_layout(&tx, &s, json, state.clock.now_naive()).await?;
    tx.commit().await?;
    Ok(private_json(&layout))
}
