//! Schools applying (public pages on the platform host), the platform
//! admins' review queue, and passwords chosen through one-time links.

use crate::admin::api::{Res, Session};
use crate::routes::encode;
use yass_shared_types::Paged;
use yass_shared_types::applications::{
    Application, ApplicationOptions, ApplicationReceived, ApplicationStatus, ForgotPassword,
    LinkAccount, LinkSecret, NewApplication, RejectApplication, SetPasswordWithLink,
};

pub async fn options(s: &Session) -> Res<ApplicationOptions> {
    s.get("/api/v1/applications/options").await
}

pub async fn submit(s: &Session, form: &NewApplication) -> Res<ApplicationReceived> {
    s.post("/api/v1/applications", form).await
}

pub async fn confirm(s: &Session, token: String) -> Res<ApplicationStatus> {
    s.post("/api/v1/applications/confirm", &LinkSecret { token })
        .await
}

pub async fn status(s: &Session, token: String) -> Res<ApplicationStatus> {
    s.post("/api/v1/applications/status", &LinkSecret { token })
        .await
}

/// The review queue: `state` is `confirmed`, `approved`, `rejected` or ``.
pub async fn queue(s: &Session, state: &str, page: u64) -> Res<Paged<Application>> {
    s.get(&format!(
        "/api/v1/manage/applications?state={}&page={page}&per_page=20",
        encode(state)
    ))
    .await
}

pub async fn approve(s: &Session, id: i64) -> Res<Application> {
    s.post(
        &format!("/api/v1/manage/applications/{id}/approve"),
        &serde_json::Value::Null,
    )
    .await
}

pub async fn reject(s: &Session, id: i64, reason: String) -> Res<Application> {
    s.post(
        &format!("/api/v1/manage/applications/{id}/reject"),
        &RejectApplication { reason },
    )
    .await
}

/// Which link: a new webmaster's set-up link, or a password reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    SetUp,
    Reset,
}

impl LinkKind {
    fn path(self) -> &'static str {
        match self {
            LinkKind::SetUp => "/api/v1/account/set-up",
            LinkKind::Reset => "/api/v1/account/reset",
        }
    }
}

pub async fn check_link(s: &Session, kind: LinkKind, token: String) -> Res<LinkAccount> {
    s.post(&format!("{}/check", kind.path()), &LinkSecret { token })
        .await
}

pub async fn set_password(
    s: &Session,
    kind: LinkKind,
    token: String,
    password: String,
) -> Res<LinkAccount> {
    s.post(kind.path(), &SetPasswordWithLink { token, password })
        .await
}

/// Asks for a password-reset link for an account of the site `slug` (a
/// platform admin's when `slug` is empty).
pub async fn forgot_password(s: &Session, slug: &str, account_or_email: String) -> Res<()> {
    let url = if slug.is_empty() {
        "/api/v1/auth/forgot-password".to_string()
    } else {
        format!("/api/v1/sites/{}/forgot-password", encode(slug))
    };
    s.exec(
        "POST",
        &url,
        Some(crate::admin::api::to_value(&ForgotPassword {
            account_or_email,
        })),
    )
    .await
}
