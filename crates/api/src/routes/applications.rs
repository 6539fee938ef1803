//! Schools applying for a site: the public form, the e-mail confirmation
//! and status links, and the platform admins' review queue.

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::http::paging::{PageQuery, paged};
use crate::http::responses::private_json;
use crate::operations::applications as ops;
use crate::state::State;
use crate::storage::applications as store;
use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Paged;
use yass_shared_types::applications::{
    Application, ApplicationOptions, ApplicationReceived, ApplicationState, ApplicationStatus,
    DISTRICTS, LEVELS, LinkSecret, NewApplication, RejectApplication,
};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(application_options)
        .service(submit_application)
        .service(confirm_application)
        .service(application_status)
        .service(application_queue)
        .service(get_application)
        .service(approve_application)
        .service(reject_application);
}

/// The form's choices and the platform's rules (allowed e-mail domains and
/// hostname suffixes).
#[utoipa::path(tag = "applications", responses(
    (status = 200, description = "OK", body = ApplicationOptions),
))]
#[get("/api/v1/applications/options")]
pub async fn application_options(state: State) -> ApiResult<HttpResponse> {
    Ok(private_json(&ApplicationOptions {
        levels: LEVELS.iter().map(ToString::to_string).collect(),
        districts: DISTRICTS.iter().map(ToString::to_string).collect(),
        email_domains: state.settings.application_email_domains.clone(),
        hostname_suffixes: state.settings.hostname_suffixes.clone(),
    }))
}

/// Applies for a school's site. A link to confirm the e-mail address is
/// mailed to it; only confirmed applications are reviewed.
#[utoipa::path(tag = "applications", request_body = NewApplication, responses(
    (status = 202, description = "Received; the confirmation link was mailed", body = ApplicationReceived),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "An application for this school code or slug is pending", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many applications from this address or to this e-mail address in the last hour", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/applications")]
pub async fn submit_application(
    state: State,
    caller: Caller,
    body: web::Json<NewApplication>,
) -> ApiResult<HttpResponse> {
    let received = ops::submit(&state, &body, &caller.addr).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(received))
}

/// Confirms the applicant's e-mail address with the secret of the link
/// mailed to it (once, within 24 hours).
#[utoipa::path(tag = "applications", request_body = LinkSecret, responses(
    (status = 200, description = "Confirmed: the application is in the review queue", body = ApplicationStatus),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 410, description = "The link is unknown, used or expired (`link_invalid`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/applications/confirm")]
pub async fn confirm_application(
    state: State,
    caller: Caller,
    body: web::Json<LinkSecret>,
) -> ApiResult<HttpResponse> {
    Ok(private_json(
        &ops::confirm(&state, &body.token, &caller.addr).await?,
    ))
}

/// Where an application stands, by the key in the applicant's status link.
#[utoipa::path(tag = "applications", request_body = LinkSecret, responses(
    (status = 200, description = "OK", body = ApplicationStatus),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No application has this key", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/applications/status")]
pub async fn application_status(
    state: State,
    body: web::Json<LinkSecret>,
) -> ApiResult<HttpResponse> {
    Ok(private_json(&ops::status(&state, &body.token).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// `confirmed` (waiting for a decision), `approved` or `rejected`; all
    /// three when absent. Unconfirmed applications are never listed.
    pub state: Option<String>,
}

/// The review queue, newest first (platform admins).
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(QueueQuery, PageQuery), responses(
    (status = 200, description = "OK", body = Paged<Application>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/manage/applications")]
pub async fn application_queue(
    state: State,
    caller: Caller,
    q: web::Query<QueueQuery>,
    p: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let (page, per_page) = p.resolve()?;
    let which = match q.state.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            ApplicationState::parse(s)
                .filter(|s| *s != ApplicationState::Submitted)
                .ok_or_else(|| {
                    FieldErrors::single("state", "One of confirmed, approved, rejected.")
                })?,
        ),
    };
    let (rows, total) = store::list(&state.db, which, page, per_page).await?;
    let items = rows
        .iter()
        .map(crate::views::applications::to_dto)
        .collect();
    Ok(private_json(&paged(items, total, page, per_page)))
}

/// One application (platform admins); an unconfirmed one is not shown.
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(("id" = i64, Path, description = "Application id")), responses(
    (status = 200, description = "OK", body = Application),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/manage/applications/{id}")]
pub async fn get_application(
    state: State,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let row = store::get(&state.db, id.into_inner())
        .await?
        .filter(|a| store::state(a) != ApplicationState::Submitted)
        .ok_or(ApiError::NotFound)?;
    Ok(private_json(&crate::views::applications::to_dto(&row)))
}

/// Approves a confirmed application: the site is made with a school's
/// defaults and the applicant as its webmaster, who is mailed a set-up
/// link (platform admins).
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(("id" = i64, Path, description = "Application id")), responses(
    (status = 200, description = "Approved; the site exists", body = Application),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not waiting for a decision, or the slug or hostname was taken since", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/manage/applications/{id}/approve")]
pub async fn approve_application(
    state: State,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let row = ops::approve(&state, id.into_inner(), &caller.author(&state)).await?;
    Ok(private_json(&crate::views::applications::to_dto(&row)))
}

/// Rejects a confirmed application with a reason the applicant is mailed
/// (platform admins). The school may apply again.
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(("id" = i64, Path, description = "Application id")), request_body = RejectApplication, responses(
    (status = 200, description = "Rejected", body = Application),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not waiting for a decision", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/manage/applications/{id}/reject")]
pub async fn reject_application(
    state: State,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<RejectApplication>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let row = ops::reject(
        &state,
        id.into_inner(),
        &body.reason,
        &caller.author(&state),
    )
    .await?;
    Ok(private_json(&crate::views::applications::to_dto(&row)))
}
