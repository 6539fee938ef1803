//! Choosing a password through a one-time link (a new webmaster's set-up
//! link, a "forgot password" link), and asking for the latter.

use crate::auth::caller::Caller;
use crate::error::ApiResult;
use crate::http::responses::private_json;
use crate::http::site_lookup::site;
use crate::operations::accounts as ops;
use crate::state::State;
use crate::storage::one_time_links::Purpose;
use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::applications::{
    ForgotPassword, LinkAccount, LinkSecret, SetPasswordWithLink,
};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(check_set_up_link)
        .service(set_up_account)
        .service(check_reset_link)
        .service(reset_password)
        .service(platform_forgot_password);
}

/// The routes under `/api/v1/sites/{site}` (registered in its scope).
pub fn configure_site(cfg: &mut ServiceConfig) {
    cfg.service(forgot_password);
}

/// Whose account a set-up link is for, without using it.
#[utoipa::path(tag = "auth", request_body = LinkSecret, responses(
    (status = 200, description = "The link is valid", body = LinkAccount),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 410, description = "The link is unknown, used or expired (`link_invalid`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/account/set-up/check")]
pub async fn check_set_up_link(
    state: State,
    body: web::Json<LinkSecret>,
) -> ApiResult<HttpResponse> {
    Ok(private_json(
        &ops::peek(&state, Purpose::SetUp, &body.token).await?,
    ))
}

/// A new webmaster chooses their password with their set-up link (once,
/// within 72 hours), then signs in.
#[utoipa::path(tag = "auth", request_body = SetPasswordWithLink, responses(
    (status = 200, description = "The password is set", body = LinkAccount),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 410, description = "The link is unknown, used or expired (`link_invalid`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Busy; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/account/set-up")]
pub async fn set_up_account(
    state: State,
    caller: Caller,
    body: web::Json<SetPasswordWithLink>,
) -> ApiResult<HttpResponse> {
    let done = ops::set_password(
        &state,
        Purpose::SetUp,
        &body.token,
        &body.password,
        &caller.addr,
    )
    .await?;
    Ok(private_json(&done))
}

/// Whose account a password-reset link is for, without using it.
#[utoipa::path(tag = "auth", request_body = LinkSecret, responses(
    (status = 200, description = "The link is valid", body = LinkAccount),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 410, description = "The link is unknown, used or expired (`link_invalid`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/account/reset/check")]
pub async fn check_reset_link(
    state: State,
    body: web::Json<LinkSecret>,
) -> ApiResult<HttpResponse> {
    Ok(private_json(
        &ops::peek(&state, Purpose::ResetPassword, &body.token).await?,
    ))
}

/// Chooses a new password with a "forgot password" link (once, within an
/// hour); every session of the account ends.
#[utoipa::path(tag = "auth", request_body = SetPasswordWithLink, responses(
    (status = 200, description = "The password is set", body = LinkAccount),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 410, description = "The link is unknown, used or expired (`link_invalid`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Busy; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/account/reset")]
pub async fn reset_password(
    state: State,
    caller: Caller,
    body: web::Json<SetPasswordWithLink>,
) -> ApiResult<HttpResponse> {
    let done = ops::set_password(
        &state,
        Purpose::ResetPassword,
        &body.token,
        &body.password,
        &caller.addr,
    )
    .await?;
    Ok(private_json(&done))
}

/// "Forgot password": mails a one-time link to the account's addresses.
/// The answer is the same whether or not the account exists; requests
/// count against the sign-in throttle.
#[utoipa::path(tag = "auth", params(("site" = String, Path, description = "Site slug")), request_body = ForgotPassword, responses(
    (status = 202, description = "If the account exists and has an address, a link was mailed"),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Site not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
))]
#[post("/forgot-password")]
pub async fn forgot_password(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<ForgotPassword>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    ops::forgot_password(&state, Some(&s), &body.account_or_email, &caller.addr).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// "Forgot password" for a platform admin: the same as a school's, for the
/// accounts of no site.
#[utoipa::path(tag = "auth", request_body = ForgotPassword, responses(
    (status = 202, description = "If the account exists and has an address, a link was mailed"),
    (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/auth/forgot-password")]
pub async fn platform_forgot_password(
    state: State,
    caller: Caller,
    body: web::Json<ForgotPassword>,
) -> ApiResult<HttpResponse> {
    ops::forgot_password(&state, None, &body.account_or_email, &caller.addr).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .finish())
}
