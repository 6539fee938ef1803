//! Login, refresh and logout, for platform admins and for site users.
//!
//! The refresh token comes back in the JSON body (API clients) and as an
//! HttpOnly, SameSite=Strict cookie scoped to the auth path (the SPA).

use crate::auth::caller::Caller;
use crate::auth::login::{self, Attempt};
use crate::auth::{device, session};
use crate::error::{ApiError, ApiResult};
use crate::http::site_lookup::site;
use crate::state::State;
use crate::storage::auth::{self as auth_store, NewEvent};
use crate::storage::sites::SiteRow;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::auth::{AuthEventKind, LoginRequest, RefreshRequest, TokenResponse};
use yass_shared_types::problem::Problem;
use yass_shared_types::users::User;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(platform_login)
        .service(platform_refresh)
        .service(platform_logout)
        .service(platform_me);
}

/// The routes under `/api/v1/sites/{site}` (registered in its scope).
pub fn configure_site(cfg: &mut ServiceConfig) {
    cfg.service(site_login)
        .service(site_refresh)
        .service(site_logout);
}

pub const REFRESH_COOKIE: &str = "yass_refresh";

fn cookie_path(site: Option<&SiteRow>) -> String {
    match site {
        Some(s) => format!("/api/v1/sites/{}/auth", s.slug),
        None => "/api/v1/auth".to_string(),
    }
}

fn with_cookie(
    req: &HttpRequest,
    site: Option<&SiteRow>,
    t: &TokenResponse,
    max_age: u64,
) -> HttpResponse {
    let secure = req.connection_info().scheme() == "https";
    let cookie = Cookie::build(REFRESH_COOKIE, t.refresh_token.clone())
        .path(cookie_path(site))
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age as i64))
        .finish();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(cookie)
        .json(t)
}

fn clear_cookie(site: Option<&SiteRow>) -> Cookie<'static> {
    let mut c = Cookie::build(REFRESH_COOKIE, "")
        .path(cookie_path(site))
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    c.make_removal();
    c
}

/// The refresh token from the body, else from the cookie.
fn refresh_token(req: &HttpRequest, body: Option<&RefreshRequest>) -> ApiResult<String> {
    body.and_then(|b| b.refresh_token.clone())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_string()))
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized("No refresh token."))
}

async fn do_login(
    state: &State,
    req: &HttpRequest,
    site: Option<&SiteRow>,
    caller_addr: &str,
    b: LoginRequest,
) -> ApiResult<HttpResponse> {
    let cookie = |name: &str| req.cookie(name).map(|c| c.value().to_string());
    let signed_in = login::login(
        state,
        Attempt {
            site,
            account: &b.account,
            password: &b.password,
            addr: caller_addr,
            cookie: &cookie,
        },
    )
    .await?;
    let mut res = with_cookie(
        req,
        site,
        &signed_in.tokens,
        state.settings.refresh_token_ttl,
    );
    let (name, value) = signed_in.device;
    res.add_cookie(&device_cookie(req, name, value))
        .map_err(ApiError::internal)?;
    Ok(res)
}

/// Proof for the next sign-in that this browser signed in before
/// (auth/device.rs): sent to every API path, never readable by scripts.
fn device_cookie(req: &HttpRequest, name: String, value: String) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/api/v1")
        .http_only(true)
        .secure(req.connection_info().scheme() == "https")
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(device::LIFETIME_SECS))
        .finish()
}

async fn do_logout(
    state: &State,
    req: &HttpRequest,
    site: Option<&SiteRow>,
    addr: &str,
    body: Option<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    if let Ok(token) = refresh_token(req, body.as_ref())
        && let Some(user) = session::logout(state, site.map(|s| s.id), &token).await?
    {
        auth_store::log_event(
            &state.db,
            NewEvent {
                site_id: site.map(|s| s.id),
                kind: AuthEventKind::Logout,
                account: &user.account,
                user_id: Some(user.id),
                client_addr: addr,
                at: state.clock.now_naive(),
            },
        )
        .await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(clear_cookie(site))
        .finish())
}

/// Platform admin login.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 401, description = "Wrong account or password (never says which)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An account or password no account can have (too long, empty); nothing was looked up", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many failures; see Retry-After", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Every password worker is busy; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/auth/login")]
pub async fn platform_login(
    state: State,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    do_login(&state, &req, None, &caller.addr, body.into_inner()).await
}

/// Rotates a platform admin's refresh token.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/auth/refresh")]
pub async fn platform_refresh(
    state: State,
    req: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    let token = refresh_token(&req, body.as_deref())?;
    let t = session::refresh(&state, None, &token).await?;
    Ok(with_cookie(
        &req,
        None,
        &t,
        state.settings.refresh_token_ttl,
    ))
}

/// Ends a platform admin's session.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "Logged out")))]
#[post("/api/v1/auth/logout")]
pub async fn platform_logout(
    state: State,
    req: HttpRequest,
    caller: Caller,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    do_logout(
        &state,
        &req,
        None,
        &caller.addr,
        body.map(actix_web::web::Json::into_inner),
    )
    .await
}

/// The signed-in platform admin.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "OK", body = User),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/auth/me")]
pub async fn platform_me(caller: Caller) -> ApiResult<HttpResponse> {
    let u = caller.require_platform_admin()?;
    Ok(crate::http::responses::private_json(
        &crate::views::users::to_dto(u, vec![]),
    ))
}

/// Site user login.
#[utoipa::path(tag = "auth", params(("site" = String, Path, description = "Site slug")), request_body = LoginRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 401, description = "Wrong account or password (never says which)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An account or password no account can have (too long, empty); nothing was looked up", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many failures; see Retry-After", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Every password worker is busy; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
pub async fn site_login(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    do_login(&state, &req, Some(&s), &caller.addr, body.into_inner()).await
}

/// Rotates a site user's refresh token (body or cookie).
#[utoipa::path(tag = "auth", params(("site" = String, Path, description = "Site slug")), request_body = RefreshRequest, responses(
    (status = 200, description = "OK", body = TokenResponse),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn site_refresh(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let token = refresh_token(&req, body.as_deref())?;
    let t = session::refresh(&state, Some(s.id), &token).await?;
    Ok(with_cookie(
        &req,
        Some(&s),
        &t,
        state.settings.refresh_token_ttl,
    ))
}

/// Ends a site user's session (revokes the refresh token).
#[utoipa::path(tag = "auth", params(("site" = String, Path, description = "Site slug")), request_body = RefreshRequest, responses(
    (status = 204, description = "Logged out"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/logout")]
pub async fn site_logout(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    do_logout(
        &state,
        &req,
        Some(&s),
        &caller.addr,
        body.map(actix_web::web::Json::into_inner),
    )
    .await
}
