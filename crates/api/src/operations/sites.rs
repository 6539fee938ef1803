//! Creating a site, and the checks of its settings that creation and the
//! settings screen share.

use crate::error::{ApiResult, FieldErrors};
use crate::rules::{phone, validate};
use crate::state::AppState;
use crate::storage::{groups, sites as store};
use yass_shared_types::site::{CreateSite, Site};
use yass_shared_types::users::GroupKind;

/// Validates and creates a site with its hostnames and its administrators'
/// group (網站管理員), in one transaction: the API, the CLI and the demo all
/// provision a site this way, so every site can be given a webmaster.
/// Returns the stored row and the site as the API shows it.
pub async fn provision(state: &AppState, b: CreateSite) -> ApiResult<(store::SiteRow, Site)> {
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
    let new_site = store::NewSite {
        slug: b.slug,
        name: name.unwrap_or_default(),
        slogan,
        address,
        zip,
        phone,
        fax,
        email,
        map_link,
        map_embed_url,
    };
    let site = store::create(&state.db, new_site, &hosts, state.clock.now_naive()).await?;
    let hosts = store::hosts(&state.db, site.site_id()).await?;
    let dto = crate::views::sites::to_dto(&site, &hosts);
    Ok((site, dto))
}

/// Checks the optional contact fields; returns them cleaned.
pub fn check_optional(field: &str, value: Option<&str>, e: &mut FieldErrors) -> Option<String> {
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
        && matches!(u.host_str(), Some("www.google.com" | "maps.google.com"))
        && u.path().starts_with("/maps/embed");
    if ok {
        Ok(v.to_string())
    } else {
        Err("Use a Google Maps embed URL (https://www.google.com/maps/embed?...).".into())
    }
}

pub fn check_hosts(hosts: &[String], e: &mut FieldErrors) -> Vec<String> {
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

pub async fn ensure_hosts_free(
    state: &AppState,
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

/// The site's administrators' group; created when a site from before
/// provisioning did so lacks one.
pub async fn admin_group(state: &AppState, site_id: crate::storage::SiteId) -> ApiResult<i64> {
    let existing = groups::list(&state.db, site_id).await?;
    if let Some(g) = existing
        .iter()
        .find(|g| groups::kind(g) == GroupKind::Admin)
    {
        return Ok(g.id);
    }
    groups::insert_admin_group(&state.db, site_id, state.clock.now_naive()).await
}
