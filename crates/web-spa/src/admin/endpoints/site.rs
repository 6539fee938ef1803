//! The signed-in school's own site: its settings, branding and homepage
//! layout.

use crate::admin::api::{Res, Session};
use crate::routes::encode;
use yass_shared_types::content::{Branding, HomepageLayout};
use yass_shared_types::site::{Site, SitePublic, UpdateSite};

/// What visitors see of the site (its name, phone, `tel:` URI).
pub async fn public(s: &Session) -> Res<SitePublic> {
    s.get(&s.url("")).await
}

/// The site's name before anyone signs in (for the sign-in page and the
/// window title); `None` when it cannot be read.
pub async fn public_name(slug: &str) -> Option<String> {
    let url = format!("/api/v1/sites/{}", encode(slug));
    let r = gloo_net::http::Request::get(&url).send().await.ok()?;
    let v = r.json::<serde_json::Value>().await.ok()?;
    v.get("name").and_then(|n| n.as_str()).map(str::to_string)
}

/// Every setting, as site admins edit them.
pub async fn manage(s: &Session) -> Res<Site> {
    s.get(&s.url("/manage/site")).await
}

pub async fn update(s: &Session, patch: &UpdateSite) -> Res<Site> {
    s.patch(&s.url(""), patch).await
}

pub async fn update_branding(s: &Session, input: &Branding) -> Res<Branding> {
    s.put(&s.url("/branding"), input).await
}

pub async fn homepage_layout(s: &Session) -> Res<HomepageLayout> {
    s.get(&s.url("/homepage-layout")).await
}

pub async fn update_homepage_layout(s: &Session, input: &HomepageLayout) -> Res<HomepageLayout> {
    s.put(&s.url("/homepage-layout"), input).await
}
