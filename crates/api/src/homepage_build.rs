//! A school's homepage as stored and shared: built from its content (one
//! statement per block), with a slot the platform announcements fill when
//! it is served. The route serves it; `crate::prebuild` builds it ahead of
//! visitors. Apart from `routes/` so that a background job never calls into
//! a handler module.

use crate::cache::Cached;
use crate::error::ApiResult;
use crate::http::public_cache::rebuild_shared;
use crate::rules::homepage_layout;
use crate::rules::permissions::Rights;
use crate::state::AppState;
use crate::storage::sites::SiteRow;
use crate::storage::{calendar_events, extensions, links, menu, news};
use chrono::{DateTime, TimeDelta, Utc};
use yass_shared_types::content::{Homepage, HomepageBlockKind};

/// The cache key (and snapshot name) of a school's homepage.
pub const HOMEPAGE: &str = "homepage";

/// The homepage as kept and shared: built, with the announcements' slot.
pub async fn stored(state: &AppState, s: &SiteRow) -> ApiResult<(Vec<u8>, Option<DateTime<Utc>>)> {
    let (body, until) = build(state, s).await?;
    Ok((with_notices_slot(&body)?, until))
}

/// Builds and shares a school's homepage before any visitor asks for it
/// (`crate::prebuild`).
pub async fn prebuild(state: &AppState, s: &SiteRow) -> ApiResult<()> {
    rebuild_shared(state, s, HOMEPAGE, || stored(state, s)).await
}

/// Where a stored homepage takes the platform announcements when served.
/// `null` is never a homepage's value for the list, so it marks the slot;
/// a homepage whose layout hides announcements keeps its empty list and no
/// slot.
const NOTICES_SLOT: &[u8] = b"\"announcements\":null";

/// The homepage as stored: with the announcements block shown, the list is
/// left as a slot filled at serve time from the platform-wide copy.
fn with_notices_slot(h: &Homepage) -> ApiResult<Vec<u8>> {
    let json = serde_json::to_vec(h).map_err(crate::error::ApiError::internal)?;
    if !homepage_layout::shows(&h.layout, HomepageBlockKind::Announcements) {
        return Ok(json);
    }
    // Serialised as `"announcements":[]`; inside any string the quotes
    // would be escaped, so the first match is the field.
    let empty = b"\"announcements\":[]";
    match find(&json, empty) {
        Some(at) => {
            let mut out = Vec::with_capacity(json.len() + 2);
            out.extend_from_slice(&json[..at]);
            out.extend_from_slice(NOTICES_SLOT);
            out.extend_from_slice(&json[at + empty.len()..]);
            Ok(out)
        }
        None => Ok(json),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The byte offset of the slot's `null`, if the stored homepage has one.
pub fn notices_slot(body: &[u8]) -> Option<usize> {
    find(body, NOTICES_SLOT).map(|at| at + NOTICES_SLOT.len() - b"null".len())
}

/// The stored homepage with the announcements in its slot: a new body, an
/// ETag of both parts, and the earlier of the two expiries.
pub fn compose(page: Cached, at: usize, notices: Cached) -> Cached {
    let mut body = Vec::with_capacity(page.body.len() + notices.body.len());
    body.extend_from_slice(&page.body[..at]);
    body.extend_from_slice(&notices.body);
    body.extend_from_slice(&page.body[at + b"null".len()..]);
    Cached {
        body: body.into(),
        etag: format!(
            "\"{}.{}\"",
            page.etag.trim_matches('"'),
            notices.etag.trim_matches('"')
        ),
        content_type: page.content_type,
        expires_at: page.expires_at.min(notices.expires_at),
        until: earliest(page.until, notices.until),
    }
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
    let count = |kind| u64::from(homepage_layout::shown_count(&layout, kind));
    let hosts = crate::storage::sites::hosts(db, s.site_id()).await?;
    let public = crate::views::sites::to_public(
        s,
        crate::storage::sites::serving_host(&hosts).map(str::to_string),
    );

    let news_count = count(HomepageBlockKind::News);
    let (pinned_news, latest_news) = if news_count > 0 {
        let (pinned, latest, names) =
            news::pinned_and_latest(db, s.site_id(), now, news_count).await?;
        let [pinned, latest] = crate::views::news::summaries(names, [&pinned, &latest], now);
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
    let nav =
        crate::views::nav::to_dtos(menu::visible_to(db, s.site_id(), &Rights::default()).await?);
    // The announcements are not part of it: they come from one platform-wide
    // copy when the homepage is served, with their own expiry.
    let until = earliest(
        news::next_transition(db, s.site_id(), now).await?,
        Some(next_taipei_midnight(now)),
    );
    let body = Homepage {
        site: public,
        announcements: vec![],
        nav,
        pinned_news,
        latest_news,
        links: shown_links,
        extensions: shown_extensions,
        calendar: crate::views::calendar_events::settings(s, &hosts),
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
    fn announcements_go_into_the_slot_with_both_etags_and_the_earlier_expiry() {
        let t = Utc.with_ymd_and_hms(2026, 12, 4, 0, 0, 0).unwrap();
        let stored = br#"{"site":{"name":"\"announcements\":null"},"announcements":null,"nav":[]}"#;
        let at = notices_slot(stored).unwrap();
        let page = Cached::new(stored.to_vec(), "application/json", t, None);
        let notices = Cached::new(
            br#"[{"id":1}]"#.to_vec(),
            "application/json",
            t - TimeDelta::seconds(5),
            Some(t - TimeDelta::seconds(5)),
        );
        let served = compose(page.clone(), at, notices.clone());
        assert_eq!(
            &served.body[..],
            br#"{"site":{"name":"\"announcements\":null"},"announcements":[{"id":1}],"nav":[]}"#
        );
        assert_eq!(
            served.etag,
            format!(
                "\"{}.{}\"",
                page.etag.trim_matches('"'),
                notices.etag.trim_matches('"')
            )
        );
        assert_eq!(served.expires_at, notices.expires_at);
        assert_eq!(served.until, notices.until);
        assert!(
            notices_slot(br#"{"announcements":[]}"#).is_none(),
            "a hidden block"
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
