//! The JSON API, same origin. Every shape comes from `yass-shared-types`.

use crate::routes::{NewsQuery, encode};
use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use yass_shared_types::content::{
    CalendarEvent, Category, Extension, Homepage, LinkCategory, News, NewsList, Page,
};
use yass_shared_types::problem::{Problem, codes};
use yass_shared_types::site::Resolved;

/// What went wrong, as far as a visitor needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 404 for this resource (includes restricted pages and unknown sites).
    NotFound,
    /// `resolve` says the hostname is no school's: we are on the platform host.
    SiteNotFound,
    /// The school's site is switched off.
    SiteDisabled,
    /// No answer (network down, server not running, gateway error).
    Unreachable,
    /// Any other failure, with the HTTP status (0 = unreadable body).
    Other(u16),
}

pub type ApiResult<T> = Result<T, ApiError>;

async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    let resp = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Unreachable)?;
    let status = resp.status();
    if resp.ok() {
        return resp.json::<T>().await.map_err(|_| ApiError::Other(0));
    }
    // Only a problem+json body is the API speaking; anything else (an HTML 404
    // from a static server, a proxy's 502 page) means the API is not there.
    let problem = resp.json::<Problem>().await.ok();
    Err(match (status, problem) {
        (_, Some(p)) if p.code == codes::SITE_DISABLED => ApiError::SiteDisabled,
        (_, Some(p)) if p.code == codes::SITE_NOT_FOUND => ApiError::SiteNotFound,
        (404 | 410, Some(_)) => ApiError::NotFound,
        (502..=504, _) | (_, None) => ApiError::Unreachable,
        (s, Some(_)) => ApiError::Other(s),
    })
}

fn site(slug: &str, rest: &str) -> String {
    format!("/api/v1/sites/{}{rest}", encode(slug))
}

pub async fn resolve(host: String) -> ApiResult<Resolved> {
    get(&format!("/api/v1/resolve?host={}", encode(&host))).await
}

pub async fn homepage(slug: String) -> ApiResult<Homepage> {
    get(&site(&slug, "/homepage")).await
}

pub async fn news_list(slug: String, q: NewsQuery) -> ApiResult<NewsList> {
    get(&format!("{}?{}", site(&slug, "/news"), q.to_query(true))).await
}

pub async fn news(slug: String, id: i64) -> ApiResult<News> {
    get(&site(&slug, &format!("/news/{id}"))).await
}

pub async fn categories(slug: String) -> ApiResult<Vec<Category>> {
    get(&site(&slug, "/news/categories")).await
}

pub async fn page(slug: String, id: i64) -> ApiResult<Page> {
    get(&site(&slug, &format!("/pages/{id}"))).await
}

pub async fn links(slug: String) -> ApiResult<Vec<LinkCategory>> {
    get(&site(&slug, "/links")).await
}

pub async fn extensions(slug: String) -> ApiResult<Vec<Extension>> {
    get(&site(&slug, "/extensions")).await
}

pub async fn events(slug: String, from: String, to: String) -> ApiResult<Vec<CalendarEvent>> {
    get(&site(
        &slug,
        &format!("/calendar/events?from={from}&to={to}"),
    ))
    .await
}

/// The RSS feed of a school (linked from the footer).
pub fn rss_url(slug: &str) -> String {
    site(slug, "/news.rss")
}
