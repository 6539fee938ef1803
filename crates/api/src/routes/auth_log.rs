//! The auth log of a site (site admins), filterable by user, kind and time.

use crate::error::{ApiResult, FieldErrors};
use crate::http::paging::{PageQuery, paged};
use crate::http::responses::private_json;
use crate::http::site_context::SiteActor;
use crate::state::State;
use crate::storage::auth::{self as store, EventFilter};
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Paged;
use yass_shared_types::auth::{AuthEvent, AuthEventKind};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth_log);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// Only this user's events.
    pub user: Option<i64>,
    /// Only this kind (`login`, `logout`, `wrong_password`, `unknown_account`, `locked`, ...).
    pub kind: Option<String>,
    /// From this time (inclusive, RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Until this time (exclusive, RFC 3339).
    pub until: Option<DateTime<Utc>>,
}

/// Logins, logouts and failures, newest first.
#[utoipa::path(tag = "auth", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), LogQuery, PageQuery), responses(
    (status = 200, description = "OK", body = Paged<AuthEvent>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/auth-log")]
pub async fn auth_log(
    state: State,
    ctx: SiteActor,
    q: web::Query<LogQuery>,
    p: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_see_access() {
        return Err(actor.denied());
    }
    let (page, per_page) = p.resolve()?;
    let kind = match &q.kind {
        None => None,
        Some(k) => Some(
            AuthEventKind::parse(k)
                .ok_or_else(|| FieldErrors::single("kind", format!("Unknown kind \"{k}\".")))?,
        ),
    };
    let filter = EventFilter {
        user_id: q.user,
        kind,
        from: q.from.map(|t| t.naive_utc()),
        until: q.until.map(|t| t.naive_utc()),
    };
    let (rows, total) = store::events(&state.db, s.site_id(), &filter, page, per_page).await?;
    let items = crate::views::auth_log::to_dtos(rows);
    Ok(private_json(&paged(items, total, page, per_page)))
}
