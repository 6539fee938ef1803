//! The admin dashboard's figures.

use crate::error::ApiResult;
use crate::http::responses::private_json;
use crate::http::site_context::SiteActor;
use crate::state::State;
use crate::storage::auth::{self as auth_store, EventFilter};
use actix_web::{HttpResponse, get};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::auth::AuthEventKind;
use yass_shared_types::problem::Problem;
use yass_shared_types::users::DashboardStats;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(dashboard);
}

/// Counts of the site's content and people, today's logins and failures
/// (Asia/Taipei), and the newest auth log entries (site admins).
#[utoipa::path(tag = "sites", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "OK", body = DashboardStats),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/manage/dashboard")]
pub async fn dashboard(state: State, ctx: SiteActor) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.site_admin {
        return Err(actor.denied());
    }
    let db = &state.db;
    let id = s.site_id();
    let taipei = yass_shared_types::time::TAIPEI;
    let midnight = state
        .clock
        .now()
        .with_timezone(&taipei)
        .date_naive()
        .and_time(chrono::NaiveTime::MIN)
        - chrono::TimeDelta::seconds(i64::from(taipei.local_minus_utc()));
    let failures = [
        AuthEventKind::WrongPassword,
        AuthEventKind::UnknownAccount,
        AuthEventKind::Locked,
        AuthEventKind::Throttled,
        AuthEventKind::Disabled,
    ];
    let (recent, _) = auth_store::events(db, id, &EventFilter::default(), 1, 10).await?;
    let counts = crate::storage::counts::of_site(db, id).await?;
    let logins_today =
        auth_store::count_events_since(db, id, &[AuthEventKind::Login], midnight).await?;
    let failed_logins_today = auth_store::count_events_since(db, id, &failures, midnight).await?;
    Ok(private_json(&crate::views::dashboard::stats(
        &counts,
        [logins_today, failed_logins_today],
        recent,
    )))
}
