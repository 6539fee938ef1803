//! Sites: platform admins create, list, update and disable them; site admins
//! edit their own site's settings (not hostnames or enabled).

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::http::responses::private_json;
use crate::http::site_lookup::{site, site_allowing_disabled};
use crate::operations::sites::{self as ops, ensure_hosts_free};
use crate::rules::input::sites as input;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::sites as store;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::problem::Problem;
use yass_shared_types::site::{
    CreateSite, HostnameEntry, MarkTlsReady, PlatformOverview, Site, SitePublic, UpdateSite,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_hostnames)
        .service(mark_hostnames_tls_ready)
        .service(platform_overview)
        .service(list_sites)
        .service(create_site);
}

/// The routes under `/api/v1/sites/{site}` (registered in its scope).
pub fn configure_site(cfg: &mut ServiceConfig) {
    cfg.service(get_site)
        .service(manage_site)
        .service(update_site);
}

/// All sites (platform admins).
#[utoipa::path(tag = "sites", security(("bearer" = [])), responses(
    (status = 200, description = "OK", body = Vec<Site>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/sites")]
pub async fn list_sites(state: State, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let sites = store::list(&state.db).await?;
    let hosts = store::all_hosts(&state.db).await?;
    let out: Vec<Site> = sites
        .iter()
        .map(|s| {
            let mine: Vec<_> = hosts
                .iter()
                .filter(|h| h.site_id == s.id)
                .cloned()
                .collect();
            crate::views::sites::to_dto(s, &mine)
        })
        .collect();
    Ok(private_json(&out))
}

/// Creates a site (platform admins).
#[utoipa::path(tag = "sites", security(("bearer" = [])), request_body = CreateSite, responses(
    (status = 201, description = "Created", body = Site),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/sites")]
pub async fn create_site(
    state: State,
    caller: Caller,
    body: web::Json<CreateSite>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let (_, site) = ops::provision(&state, body.into_inner(), &caller.author(&state)).await?;
    Ok(HttpResponse::Created().json(site))
}

/// What visitors may know about a site.
#[utoipa::path(tag = "sites", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = SitePublic),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("")]
pub async fn get_site(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let hosts = store::hosts(&state.db, s.site_id()).await?;
    let public = crate::views::sites::to_public(
        &s,
        crate::storage::sites::serving_host(&hosts).map(str::to_string),
    );
    Ok(HttpResponse::Ok()
        .insert_header((
            "Cache-Control",
            format!("public, max-age={}", state.settings.public_max_age),
        ))
        .json(public))
}

/// The whole site record, for its admins and platform admins.
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = Site),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/manage/site")]
pub async fn manage_site(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = site_allowing_disabled(&state, &req, &slug, caller.platform_admin().is_some()).await?;
    let actor = caller.actor(&state, &s).await?;
    if !actor.rights.site_admin {
        return Err(actor.denied());
    }
    let hosts = store::hosts(&state.db, s.site_id()).await?;
    Ok(private_json(&crate::views::sites::to_dto(&s, &hosts)))
}

/// Updates a site. Hostnames and `enabled` are for platform admins only.
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = UpdateSite, responses(
    (status = 200, description = "OK", body = Site),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("")]
pub async fn update_site(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<UpdateSite>,
) -> ApiResult<HttpResponse> {
    let platform = caller.platform_admin().is_some();
    let s = site_allowing_disabled(&state, &req, &slug, platform).await?;
    let actor = caller.actor(&state, &s).await?;
    actor.require_admin()?;
    let b = body.into_inner();
    if !platform && (b.hostnames.is_some() || b.enabled.is_some()) {
        return Err(ApiError::Forbidden);
    }
    let v = input::site_changes(&b).map_err(ApiError::Validation)?;
    if let Some(h) = &v.hostnames {
        ensure_hosts_free(&state, Some(s.site_id()), h).await?;
    }
    let mut changes = store::SiteChanges {
        name: v.name,
        enabled: v.enabled,
        hostnames: v.hostnames,
        ..store::SiteChanges::default()
    };
    for (field, value) in v.optional {
        if let Some(slot) = changes.optional_field(field) {
            *slot = Some(value);
        }
    }
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::update(&tx, &s, changes, state.clock.now_naive()).await?;
    tx.commit().await?;
    let hosts = store::hosts(&state.db, s.site_id()).await?;
    Ok(private_json(&crate::views::sites::to_dto(&updated, &hosts)))
}

/// Every school's hostnames and whether each is served with a certificate
/// yet (platform admins; the operators' deploy renders nginx from it).
#[utoipa::path(tag = "sites", security(("bearer" = [])), responses(
    (status = 200, description = "OK", body = Vec<HostnameEntry>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/manage/hostnames")]
pub async fn list_hostnames(state: State, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    Ok(private_json(&ops::hostnames(&state).await?))
}

/// Marks hostnames as served with a certificate, after the deploy (platform
/// admins); visitors are then sent to them instead of `/s/{slug}/`.
#[utoipa::path(tag = "sites", security(("bearer" = [])), request_body = MarkTlsReady, responses(
    (status = 200, description = "Every school's hostnames, as now", body = Vec<HostnameEntry>),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/manage/hostnames/tls-ready")]
pub async fn mark_hostnames_tls_ready(
    state: State,
    caller: Caller,
    body: web::Json<MarkTlsReady>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    ops::mark_tls_ready(&state, &body.hostnames, &caller.author(&state)).await?;
    Ok(private_json(&ops::hostnames(&state).await?))
}

/// Every school at a glance: state, hostnames, last sign-in, last change,
/// items, upload bytes and (with `YASS_PROMETHEUS_URL`) the homepage's p95
/// over the last hour (platform admins).
#[utoipa::path(tag = "sites", security(("bearer" = [])), responses(
    (status = 200, description = "OK", body = PlatformOverview),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/manage/overview")]
pub async fn platform_overview(state: State, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    Ok(private_json(&ops::overview(&state).await?))
}
