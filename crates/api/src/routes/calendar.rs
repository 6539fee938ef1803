//! Calendar (行事曆): the site's Google Calendar embed, native events and
//! their iCalendar feed.

use crate::error::{ApiError, ApiResult};
use crate::http::public_cache::{Fresh, cached_public};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::public_site;
use crate::rules::ics;
use crate::rules::input::calendar::{self as input, ValidEvent};
use crate::state::State;
use crate::storage::calendar_events as store;
use crate::storage::sites::{self as site_store, SiteRow};
use crate::storage::{SiteTx, utc};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use chrono::{Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{
    CalendarEvent, CalendarEventInput, CalendarSettings, CalendarSettingsInput, EventWhen,
};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_settings)
        .service(put_settings)
        .service(list_events)
        .service(create_event)
        .service(update_event)
        .service(delete_event)
        .service(ics_feed);
}

fn taipei() -> FixedOffset {
    yass_shared_types::time::TAIPEI
}

pub async fn settings_of(
    state: &crate::state::AppState,
    s: &SiteRow,
) -> ApiResult<CalendarSettings> {
    let hosts = site_store::hosts(&state.db, s.site_id()).await?;
    Ok(crate::views::calendar_events::settings(s, &hosts))
}

/// The Google Calendar embed URL and the iCalendar feed URL.
#[utoipa::path(tag = "calendar", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "Calendar settings", body = CalendarSettings),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/calendar")]
pub async fn get_settings(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public(&req, &state, &s, "calendar", "calendar", || async {
        Fresh::json(&settings_of(&state, &s).await?, None)
    })
    .await
}

/// Sets the Google Calendar (an embed URL or a calendar id; `null` removes
/// it). HTML snippets and other hosts are refused (site admins).
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CalendarSettingsInput, responses(
    (status = 200, description = "Updated", body = CalendarSettings),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a Google Calendar embed URL or id", body = Problem, content_type = "application/problem+json"),
))]
#[put("/calendar")]
pub async fn put_settings(
    state: State,
    ctx: SiteActor,
    body: web::Json<CalendarSettingsInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let url =
        input::google_calendar(body.google_calendar.as_deref()).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::set_google_calendar(&tx, url, state.clock.now_naive()).await?;
    tx.commit().await?;
    Ok(private_json(&settings_of(&state, &updated).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventRange {
    /// First day (YYYY-MM-DD, Taipei); default today.
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD); default 31 days after `from`.
    pub to: Option<String>,
}

/// Events overlapping the days `from`..=`to` (Taipei days), in time order.
#[utoipa::path(tag = "calendar", params(("site" = String, Path, description = "Site slug"), EventRange), responses(
    (status = 200, description = "Events in time order", body = Vec<CalendarEvent>),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid dates or range", body = Problem, content_type = "application/problem+json"),
))]
#[get("/calendar/events")]
pub async fn list_events(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
    q: web::Query<EventRange>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    let today = state.clock.now().with_timezone(&taipei()).date_naive();
    let (from, to) = input::day_range(q.from.as_deref(), q.to.as_deref(), today)
        .map_err(ApiError::Validation)?;
    let day_start = |d: NaiveDate| {
        taipei()
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    // The key holds the resolved days: the default range moves at midnight.
    let key = format!("calendar/events?from={from}&to={to}");
    cached_public(&req, &state, &s, "calendar_events", &key, || async {
        let rows = store::overlapping(
            &state.db,
            s.site_id(),
            from,
            to,
            day_start(from),
            day_start(to + Duration::days(1)),
        )
        .await?;
        let out: Vec<CalendarEvent> = rows
            .iter()
            .map(crate::views::calendar_events::to_dto)
            .collect();
        if crate::rules::public_cache::event_range_is_kept(from, to, today) {
            Fresh::json(&out, None)
        } else {
            Ok(Fresh::Pass(crate::http::responses::public_json(
                &req, &state, &out,
            )))
        }
    })
    .await
}

/// What to store from a checked event.
fn edit<'a>(v: &'a ValidEvent, when: &'a EventWhen, state: &State) -> store::Edit<'a> {
    store::Edit {
        title: &v.title,
        location: v.location.as_deref(),
        description: v.description.as_deref(),
        when,
        at: state.clock.now_naive(),
    }
}

/// Adds an event (site admins). All-day `end` is inclusive.
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CalendarEventInput, responses(
    (status = 201, description = "Created", body = CalendarEvent),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/calendar/events")]
pub async fn create_event(
    state: State,
    ctx: SiteActor,
    body: web::Json<CalendarEventInput>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let v = input::event(&body).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let row = store::save(&tx, None, edit(&v, &body.when, &state)).await?;
    tx.commit().await?;
    Ok(HttpResponse::Created().json(crate::views::calendar_events::to_dto(&row)))
}

/// Replaces an event (site admins).
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Event id")), request_body = CalendarEventInput, responses(
    (status = 200, description = "Updated", body = CalendarEvent),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/calendar/events/{id}")]
pub async fn update_event(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<CalendarEventInput>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_admin()?;
    let current = found(store::get(&state.db, s.site_id(), id).await?)?;
    let v = input::event(&body).map_err(ApiError::Validation)?;
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::save(&tx, Some(&current), edit(&v, &body.when, &state)).await?;
    tx.commit().await?;
    Ok(private_json(&crate::views::calendar_events::to_dto(
        &updated,
    )))
}

/// Deletes an event (site admins).
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Event id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/calendar/events/{id}")]
pub async fn delete_event(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    ctx.admin_changes(&state, async |tx| store::delete(tx, id).await)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every native event as an iCalendar feed for phones and calendar apps.
#[utoipa::path(tag = "calendar", params(("site" = String, Path, description = "Site slug")), responses(
    (status = 200, description = "iCalendar (RFC 5545) feed", body = String, content_type = "text/calendar"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/calendar.ics")]
pub async fn ics_feed(
    state: State,
    req: HttpRequest,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let s = public_site(&state, &req, &slug).await?;
    cached_public(&req, &state, &s, "calendar_ics", "calendar.ics", || async {
        let rows = store::all(&state.db, s.site_id()).await?;
        let whens: Vec<EventWhen> = rows.iter().map(store::when).collect();
        let events: Vec<ics::IcsEvent<'_>> = rows
            .iter()
            .zip(&whens)
            .map(|(r, w)| ics::IcsEvent {
                uid: format!("{}@{}.yass", r.id, s.slug),
                title: &r.title,
                when: w,
                location: r.location.as_deref(),
                description: r.description.as_deref(),
                stamp: utc(r.updated_at),
            })
            .collect();
        let body = ics::calendar(&format!("{} 行事曆", s.name), &events);
        Ok(Fresh::Public {
            body: body.into_bytes(),
            content_type: "text/calendar; charset=utf-8",
            until: None,
        })
    })
    .await
}
