//! Sites: platform admins create, list, update and disable them; site admins
//! edit their own site's settings (not hostnames or enabled).

use super::{State, private_json, site, site_allowing_disabled};
use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::rules::{phone, validate};
use crate::storage::entities::sites as site_entity;
use crate::storage::sites as store;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use sea_orm::{ActiveModelTrait, Set, TransactionTrait};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Patch;
use yass_shared_types::problem::Problem;
use yass_shared_types::site::{CreateSite, Site, SitePublic, UpdateSite};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_sites)
        .service(create_site)
        .service(get_site)
        .service(manage_site)
        .service(update_site);
}

/// Checks the optional contact fields; returns them cleaned.
fn check_optional(field: &str, value: Option<&str>, e: &mut FieldErrors) -> Option<String> {
    let max = match field {
        "zip" => 16,
        "phone" | "fax" => 40,
        "email" => 254,
        "map_link" | "map_embed_url" => 2000,
        _ => 500,
    };
    let v = match validate::optional_text(value, max) {
        Ok(v) => v?,
        Err(m) => {
            e.add(field, m);
            return None;
        }
    };
    let checked = match field {
        "phone" | "fax" => phone::to_e164(&v).map(|_| v.clone()).map_err(String::from),
        "email" => validate::email(&v),
        "map_link" => validate::url(&v, &["https", "http"]),
        "map_embed_url" => map_embed(&v),
        _ => Ok(v.clone()),
    };
    match checked {
        Ok(v) => Some(v),
        Err(m) => {
            e.add(field, m);
            None
        }
    }
}

/// Only Google Maps embed URLs may be framed.
pub fn map_embed(v: &str) -> Result<String, String> {
    let u = url::Url::parse(v).map_err(|_| "Not a valid URL.".to_string())?;
    let ok = u.scheme() == "https"
        && matches!(
            u.host_str(),
            Some("www.google.com") | Some("maps.google.com")
        )
        && u.path().starts_with("/maps/embed");
    if ok {
        Ok(v.to_string())
    } else {
        Err("Use a Google Maps embed URL (https://www.google.com/maps/embed?...).".into())
    }
}

fn check_hosts(hosts: &[String], e: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in hosts {
        match validate::hostname(h) {
            Ok(h) if out.contains(&h) => e.add("hostnames", format!("\"{h}\" is listed twice.")),
            Ok(h) => out.push(h),
            Err(m) => e.add("hostnames", m),
        }
    }
    out
}

async fn ensure_hosts_free(
    state: &crate::state::AppState,
    site_id: Option<i64>,
    hosts: &[String],
) -> ApiResult<()> {
    let taken = store::hosts_taken_elsewhere(&state.db, site_id, hosts).await?;
    if taken.is_empty() {
        return Ok(());
    }
    Err(FieldErrors::single(
        "hostnames",
        format!("Already used by another site: {}", taken.join(", ")),
    ))
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
            store::to_dto(s, &mine)
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
    let site = create(&state, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(site))
}

/// Validates and inserts a site (also used by the CLI and the demo).
pub async fn create(state: &crate::state::AppState, b: CreateSite) -> ApiResult<Site> {
    let mut e = FieldErrors::new();
    if let Err(m) = validate::slug(&b.slug) {
        e.add("slug", m);
    }
    let name = validate::name(&b.name, 200)
        .map_err(|m| e.add("name", m))
        .ok();
    let slogan = check_optional("slogan", b.slogan.as_deref(), &mut e);
    let address = check_optional("address", b.address.as_deref(), &mut e);
    let zip = check_optional("zip", b.zip.as_deref(), &mut e);
    let phone = check_optional("phone", b.phone.as_deref(), &mut e);
    let fax = check_optional("fax", b.fax.as_deref(), &mut e);
    let email = check_optional("email", b.email.as_deref(), &mut e);
    let map_link = check_optional("map_link", b.map_link.as_deref(), &mut e);
    let map_embed_url = check_optional("map_embed_url", b.map_embed_url.as_deref(), &mut e);
    let hosts = check_hosts(&b.hostnames, &mut e);
    e.into_result()?;
    if store::by_slug(&state.db, &b.slug).await?.is_some() {
        return Err(FieldErrors::single("slug", "This slug is taken."));
    }
    ensure_hosts_free(state, None, &hosts).await?;
    let now = state.clock.now_naive();
    let row = site_entity::ActiveModel {
        slug: Set(b.slug),
        name: Set(name.unwrap_or_default()),
        slogan: Set(slogan),
        address: Set(address),
        zip: Set(zip),
        phone: Set(phone),
        fax: Set(fax),
        email: Set(email),
        map_link: Set(map_link),
        map_embed_url: Set(map_embed_url),
        logo_url: Set(None),
        banner_urls: Set("[]".into()),
        google_calendar_url: Set(None),
        homepage_layout: Set("{}".into()),
        enabled: Set(true),
        content_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let site = store::insert(&state.db, row, &hosts).await?;
    let hosts = store::hosts(&state.db, site.id).await?;
    Ok(store::to_dto(&site, &hosts))
}

/// What visitors may know about a site.
#[utoipa::path(tag = "sites", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = SitePublic),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/sites/{site}")]
pub async fn get_site(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let hosts = store::hosts(&state.db, s.id).await?;
    let public = store::to_public(&s, hosts.first().map(|h| h.hostname.clone()));
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
#[get("/api/v1/sites/{site}/manage/site")]
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
    let hosts = store::hosts(&state.db, s.id).await?;
    Ok(private_json(&store::to_dto(&s, &hosts)))
}

/// Updates a site. Hostnames and `enabled` are for platform admins only.
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = UpdateSite, responses(
    (status = 200, description = "OK", body = Site),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/api/v1/sites/{site}")]
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
    let mut e = FieldErrors::new();
    let mut row: site_entity::ActiveModel = s.clone().into();
    if let Some(n) = &b.name {
        match validate::name(n, 200) {
            Ok(n) => row.name = Set(n),
            Err(m) => e.add("name", m),
        }
    }
    let fields: [(&str, &Patch<String>); 8] = [
        ("slogan", &b.slogan),
        ("address", &b.address),
        ("zip", &b.zip),
        ("phone", &b.phone),
        ("fax", &b.fax),
        ("email", &b.email),
        ("map_link", &b.map_link),
        ("map_embed_url", &b.map_embed_url),
    ];
    for (field, p) in fields {
        let value = match p {
            Patch::Keep => continue,
            Patch::Clear => None,
            Patch::Set(v) => check_optional(field, Some(v), &mut e),
        };
        let target = match field {
            "slogan" => &mut row.slogan,
            "address" => &mut row.address,
            "zip" => &mut row.zip,
            "phone" => &mut row.phone,
            "fax" => &mut row.fax,
            "email" => &mut row.email,
            "map_link" => &mut row.map_link,
            _ => &mut row.map_embed_url,
        };
        *target = Set(value);
    }
    let hosts = b.hostnames.as_ref().map(|h| check_hosts(h, &mut e));
    e.into_result()?;
    if let Some(h) = &hosts {
        ensure_hosts_free(&state, Some(s.id), h).await?;
    }
    if let Some(en) = b.enabled {
        row.enabled = Set(en);
    }
    row.updated_at = Set(state.clock.now_naive());
    let txn = state.db.begin().await?;
    row.update(&txn).await?;
    if let Some(h) = &hosts {
        store::set_hosts(&txn, s.id, h).await?;
    }
    // An atomic increment: `old + 1` written from the row read earlier
    // would lose a concurrent write's bump (its caches would then stay).
    store::bump_content_version(&txn, s.id).await?;
    let updated = store::by_id(&txn, s.id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    let hosts = store::hosts(&state.db, s.id).await?;
    Ok(private_json(&store::to_dto(&updated, &hosts)))
}
