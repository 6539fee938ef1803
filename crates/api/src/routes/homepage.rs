//! Everything a school's homepage needs, in one request, served from the
//! in-process cache while the site's content version and schedule allow.

use crate::error::ApiResult;
use crate::http::public_cache::cached_public_json;
use crate::http::site_lookup::public_site;
use crate::rules::homepage_layout;
use crate::rules::permissions::Rights;
use crate::state::AppState;
use crate::state::State;
use crate::storage::sites::SiteRow;
use crate::storage::{announcements, calendar_events, extensions, links, news};
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, TimeDelta, Utc};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{Homepage, HomepageBlockKind};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(homepage);
}

/// Site settings, announcements, menu, pinned and latest news, homepage links
/// and extensions, calendar — for the SPA's first paint.
#[utoipa::path(tag = "sites", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "The homepage", body = Homepage),
    (status = 304, description = "Not modified (If-None-Match)"),
    (status = 404, description = "Unknown (`site_not_found`) or disabled (`site_disabled`) site", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/sites/{site}/homepage")]
pub async fn homepage(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public_json(&req, &state, &s, "homepage", || build(&state, &s)).await
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Next midnight in Taipei: "upcoming events" change then.
fn next_taipei_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tz = yass_shared_types::time::TAIPEI;
    let tomorrow = now.with_timezone(&tz).date_naive() + TimeDelta::days(1);
    tomorrow
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(tz).single())
        .map_or(now + TimeDelta::hours(1), |t| t.with_timezone(&Utc))
}

/// The homepage and the moment it next changes without any write.
pub async fn build(state: &AppState, s: &SiteRow) -> ApiResult<(Homepage, Option<DateTime<Utc>>)> {
    let db = &state.db;
    let now = state.clock.now();
    let layout = homepage_layout::from_stored(&s.homepage_layout);
    let count = |kind: HomepageBlockKind| {
        layout
            .blocks
            .iter()
            .find(|b| b.kind == kind && b.enabled)
            .map_or(0, |b| u64::from(b.count))
    };
    let hosts = crate::storage::sites::hosts(db, s.site_id()).await?;
    let public = crate::views::sites::to_public(
        s,
        crate::storage::sites::serving_host(&hosts).map(str::to_string),
    );

    let shown_announcements = if count(HomepageBlockKind::Announcements) > 0 {
        announcements::visible_announcements(db, now)
            .await?
            .iter()
            .map(crate::views::announcements::to_dto)
            .collect()
    } else {
        vec![]
    };
    let news_count = count(HomepageBlockKind::News);
    let (pinned_news, latest_news) = if news_count > 0 {
        let (pinned, latest) = news::pinned_and_latest(db, s.site_id(), now, news_count).await?;
        let [pinned, latest] =
            super::news::summaries(db, s.site_id(), [&pinned, &latest], now).await?;
        (pinned, latest)
    } else {
        (vec![], vec![])
    };
    let link_rows = links::homepage_links(db, s.site_id()).await?;
    let shown_links = link_rows
        .iter()
        .take(count(HomepageBlockKind::Links) as usize)
        .map(crate::views::links::to_dto)
        .collect();
    let shown_extensions = extensions::on_homepage(db, s.site_id())
        .await?
        .iter()
        .take(count(HomepageBlockKind::Extensions) as usize)
        .map(|e| crate::views::extensions::to_dto(e, s.phone.as_deref()))
        .collect();
    let events_count = count(HomepageBlockKind::Calendar);
    let upcoming_events = if events_count > 0 {
        let today = now
            .with_timezone(&yass_shared_types::time::TAIPEI)
            .date_naive();
        calendar_events::overlapping(
            db,
            s.site_id(),
            today,
            today + TimeDelta::days(60),
            now,
            now + TimeDelta::days(60),
        )
        .await?
        .iter()
        .take(events_count as usize)
        .map(crate::views::calendar_events::to_dto)
        .collect()
    } else {
        vec![]
    };
    // The menu as every visitor sees it (restricted pages left out).
    let nav = super::nav::visible_tree(db, s.site_id(), &Rights::default()).await?;
    let until = earliest(
        earliest(
            news::next_transition(db, s.site_id(), now).await?,
            announcements::next_change(db, now).await?,
        ),
        Some(next_taipei_midnight(now)),
    );
    let body = Homepage {
        site: public,
        announcements: shown_announcements,
        nav,
        pinned_news,
        latest_news,
        links: shown_links,
        extensions: shown_extensions,
        calendar: super::calendar::settings_of(state, s).await?,
        upcoming_events,
        layout,
    };
    Ok((body, until))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn taipei_midnight_is_16_utc() {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 59, 0).unwrap();
        assert_eq!(
            next_taipei_midnight(now),
            Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap()
        );
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
        assert_eq!(
            next_taipei_midnight(now),
            Utc.with_ymd_and_hms(2026, 11, 28, 16, 0, 0).unwrap()
        );
    }

    #[test]
    fn earliest_of_optional_times() {
        let a = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let b = a + TimeDelta::hours(1);
        assert_eq!(earliest(Some(b), Some(a)), Some(a));
        assert_eq!(earliest(None, Some(b)), Some(b));
        assert_eq!(earliest(None, None), None);
    }
}
