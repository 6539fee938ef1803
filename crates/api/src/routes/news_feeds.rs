//! RSS 2.0 feeds of visible news, linking to the school's own hostname.

use crate::error::{ApiError, ApiResult};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::site_lookup::public_base_url;
use crate::http::site_lookup::public_site;
use crate::rules::text::{escape, summary};
use crate::state::State;
use crate::storage::sites::SiteRow;
use crate::storage::{news, news_categories};
use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::problem::Problem;

/// Items in a feed.
const FEED_ITEMS: u64 = 50;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(site_feed).service(category_feed);
}

pub async fn feed(
    state: &State,
    req: &HttpRequest,
    s: &SiteRow,
    category: Option<(i64, String)>,
) -> ApiResult<HttpResponse> {
    let key = match &category {
        Some((id, _)) => format!("news/categories/{id}.rss"),
        None => "news.rss".to_string(),
    };
    cached_public(req, state, s, "feed", &key, || {
        build_feed(state, s, category)
    })
    .await
}

async fn build_feed(
    state: &State,
    s: &SiteRow,
    category: Option<(i64, String)>,
) -> ApiResult<Fresh> {
    let now = state.clock.now();
    let rows = news::latest_visible(
        &state.db,
        s.site_id(),
        category.as_ref().map(|c| c.0),
        now,
        FEED_ITEMS,
    )
    .await?;
    let base = public_base_url(state, s).await?;
    let title = match &category {
        Some((_, name)) => format!("{} — {name}", s.name),
        None => s.name.clone(),
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<link>{}/news</link>\n<description>{}</description>\n<language>zh-TW</language>\n",
        escape(&title),
        escape(&base),
        escape(s.slogan.as_deref().unwrap_or(&s.name)),
    ));
    for r in &rows {
        let link = format!("{base}/news/{}", r.id);
        out.push_str(&format!(
            "<item><title>{}</title><link>{}</link><guid isPermaLink=\"true\">{}</guid><pubDate>{}</pubDate><description>{}</description></item>\n",
            escape(&r.title),
            escape(&link),
            escape(&link),
            r.display_at.and_utc().to_rfc2822(),
            escape(&summary(&r.body, 300)),
        ));
    }
    out.push_str("</channel></rss>\n");
    let until = news::next_transition(&state.db, s.site_id(), now).await?;
    Ok(Fresh::Public {
        body: out.into_bytes(),
        content_type: "application/rss+xml; charset=utf-8",
        until,
    })
}

/// RSS 2.0 feed of the site's visible news.
#[utoipa::path(tag = "news", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "RSS 2.0", content_type = "application/rss+xml", body = String),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news.rss")]
pub async fn site_feed(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    feed(&state, &req, &s, None).await
}

/// RSS 2.0 feed of one category's visible news.
#[utoipa::path(tag = "news", params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Category id")), responses(
    (status = 200, description = "RSS 2.0", content_type = "application/rss+xml", body = String),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown site or category", body = Problem, content_type = "application/problem+json"),
))]
#[get("/news/categories/{id}.rss")]
pub async fn category_feed(
    state: State,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let s = public_site(&state, &req, &slug).await?;
    let c = news_categories::get(&state.db, s.site_id(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    feed(&state, &req, &s, Some((c.id, c.name))).await
}
