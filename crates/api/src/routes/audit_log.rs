//! The audit log: a site's admins read their site's entries; platform admins
//! read every entry, platform actions included. Read-only: no API writes,
//! edits or deletes an entry (retention purges them).

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::paging::{PageQuery, paged};
use crate::http::responses::private_json;
use crate::http::site_context::SiteActor;
use crate::state::State;
use crate::storage::audit::{self as store, AuditFilter, AuditScope};
use crate::storage::sites;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Paged;
use yass_shared_types::audit::AuditEntry;
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(platform_log);
}

/// The routes under `/api/v1/sites/{site}` (registered in its scope).
pub fn configure_site(cfg: &mut ServiceConfig) {
    cfg.service(site_log);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this user's changes.
    pub user: Option<i64>,
    /// Only this kind (`news`, `page`, `link`, `user`, ...).
    pub kind: Option<String>,
    /// Only changes of this item (with `kind`).
    pub entity: Option<i64>,
    /// From this time (inclusive, RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Until this time (exclusive, RFC 3339).
    pub until: Option<DateTime<Utc>>,
}

impl AuditQuery {
    fn filter(&self, scope: AuditScope) -> ApiResult<AuditFilter> {
        crate::rules::input::queries::audit_filter(self.kind.as_deref(), self.from, self.until)
            .map_err(ApiError::Validation)?;
        Ok(AuditFilter {
            scope,
            user_id: self.user,
            kind: self.kind.clone(),
            entity_id: self.entity,
            from: self.from.map(|t| t.naive_utc()),
            until: self.until.map(|t| t.naive_utc()),
        })
    }
}

/// Who changed what on this site, newest first (site admins).
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), AuditQuery, PageQuery), responses(
    (status = 200, description = "OK", body = Paged<AuditEntry>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit-log")]
pub async fn site_log(
    state: State,
    ctx: SiteActor,
    q: web::Query<AuditQuery>,
    p: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_see_access() {
        return Err(actor.denied());
    }
    let (page, per_page) = p.resolve()?;
    let filter = q.filter(AuditScope::Site(s.site_id()))?;
    let (rows, total) = store::list(&state.db, &filter, page, per_page).await?;
    let items = rows
        .iter()
        .map(|r| crate::views::audit::to_dto(r, Some(s.slug.clone())))
        .collect();
    Ok(private_json(&paged(items, total, page, per_page)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlatformScope {
    /// Only this site's entries (its slug), or `-` for platform actions
    /// only; every entry when absent.
    pub site: Option<String>,
}

/// Every entry of every site and of the platform, newest first (platform
/// admins only).
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(PlatformScope, AuditQuery, PageQuery), responses(
    (status = 200, description = "OK", body = Paged<AuditEntry>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/audit-log")]
pub async fn platform_log(
    state: State,
    caller: Caller,
    scope: web::Query<PlatformScope>,
    q: web::Query<AuditQuery>,
    p: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let (page, per_page) = p.resolve()?;
    let all_sites = sites::list(&state.db).await?;
    let which = match scope.site.as_deref() {
        None | Some("") => AuditScope::Everything,
        Some("-") => AuditScope::Platform,
        Some(slug) => {
            let s = all_sites
                .iter()
                .find(|s| s.slug == slug)
                .ok_or_else(|| FieldErrors::single("site", format!("No site \"{slug}\".")))?;
            AuditScope::Site(s.site_id())
        }
    };
    let filter = q.filter(which)?;
    let (rows, total) = store::list(&state.db, &filter, page, per_page).await?;
    let slugs: HashMap<i64, &str> = all_sites.iter().map(|s| (s.id, s.slug.as_str())).collect();
    let items = rows
        .iter()
        .map(|r| {
            let slug = r
                .site_id
                .and_then(|id| slugs.get(&id))
                .map(|s| (*s).to_string());
            crate::views::audit::to_dto(r, slug)
        })
        .collect();
    Ok(private_json(&paged(items, total, page, per_page)))
}
