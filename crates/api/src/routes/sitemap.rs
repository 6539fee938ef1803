//! sitemap.xml, robots.txt and the news feed at a school's own hostname, for
//! search engines and feed readers (which do not run the SPA).

use crate::error::{ApiError, ApiResult};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::site_lookup::public_site;
use crate::rules::text::escape;
use crate::state::State;
use crate::storage::sites::{self as site_store, SiteRow};
use crate::storage::{news, pages};
use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::problem::Problem;

/// Search engines read at most this many URLs of one sitemap file.
const MAX_NEWS: u64 = 5000;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(host_sitemap).service(host_feed).service(robots);
}

/// The routes under `/api/v1/sites/{site}` (registered in its scope).
pub fn configure_site(cfg: &mut ServiceConfig) {
    cfg.service(site_sitemap);
}

/// The site a request to a school's own hostname is for.
async fn site_of_host(state: &State, req: &HttpRequest) -> ApiResult<SiteRow> {
    let host = req.connection_info().host().to_ascii_lowercase();
    let host = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(h, _)| h)
        .to_string();
    match site_store::by_host(&state.db, &host).await? {
        Some((s, _)) if s.enabled => {
            use actix_web::HttpMessage;
            req.extensions_mut()
                .insert(crate::metrics::KnownSite(s.slug.clone()));
            Ok(s)
        }
        Some(_) => Err(ApiError::SiteDisabled),
        None => Err(ApiError::SiteNotFound),
    }
}

async fn sitemap(state: &State, req: &HttpRequest, s: &SiteRow) -> ApiResult<HttpResponse> {
    cached_public(req, state, s, "sitemap", "sitemap.xml", || {
        build_sitemap(state, s)
    })
    .await
}

async fn build_sitemap(state: &State, s: &SiteRow) -> ApiResult<Fresh> {
    let now = state.clock.now();
    let base = crate::http::site_lookup::public_base_url(state, s).await?;
    let mut urls: Vec<(String, Option<String>)> =
        ["", "/news", "/links", "/extensions", "/calendar"]
            .iter()
            .map(|p| (format!("{base}{p}"), None))
            .collect();
    let all_pages = pages::list(&state.db, s.site_id()).await?;
    let ids: Vec<i64> = all_pages.iter().map(|p| p.id).collect();
    let restricted = pages::restricted_of(&state.db, s.site_id(), &ids).await?;
    for p in all_pages.iter().filter(|p| !restricted.contains_key(&p.id)) {
        urls.push((
            format!("{base}/pages/{}", p.id),
            Some(p.updated_at.and_utc().format("%Y-%m-%d").to_string()),
        ));
    }
    for n in news::latest_visible(&state.db, s.site_id(), None, now, MAX_NEWS).await? {
        urls.push((
            format!("{base}/news/{}", n.id),
            Some(n.updated_at.and_utc().format("%Y-%m-%d").to_string()),
        ));
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        out.push_str(&format!("<url><loc>{}</loc>", escape(&loc)));
        if let Some(d) = lastmod {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    let until = news::next_transition(&state.db, s.site_id(), now).await?;
    Ok(Fresh::Public {
        body: out.into_bytes(),
        content_type: "application/xml; charset=utf-8",
        until,
    })
}

/// Public pages and visible news of a site (restricted pages left out).
#[utoipa::path(tag = "sites", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "Sitemap", content_type = "application/xml", body = String),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/sitemap.xml")]
pub async fn site_sitemap(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    sitemap(&state, &req, &s).await
}

/// The sitemap of the school whose hostname was asked.
#[utoipa::path(tag = "sites", responses(
    (status = 200, description = "Sitemap", content_type = "application/xml", body = String),
    (status = 404, description = "The hostname is no school's", body = Problem, content_type = "application/problem+json"),
))]
#[get("/sitemap.xml")]
pub async fn host_sitemap(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    let s = site_of_host(&state, &req).await?;
    sitemap(&state, &req, &s).await
}

/// The news feed of the school whose hostname was asked.
#[utoipa::path(tag = "news", responses(
    (status = 200, description = "RSS 2.0", content_type = "application/rss+xml", body = String),
    (status = 404, description = "The hostname is no school's", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news.rss")]
pub async fn host_feed(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    let s = site_of_host(&state, &req).await?;
    super::news_feeds::feed(&state, &req, &s, None).await
}

/// Lets crawlers in and points them at the sitemap.
#[utoipa::path(tag = "sites", responses((status = 200, description = "robots.txt", content_type = "text/plain", body = String)))]
#[get("/robots.txt")]
pub async fn robots(req: HttpRequest) -> HttpResponse {
    let host = req.connection_info().host().to_string();
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(format!(
            "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/\nSitemap: https://{host}/sitemap.xml\n"
        ))
}
