//! Calendar: the school's Google Calendar embed, the native events of the
//! coming months, and the iCalendar subscribe link.

use crate::api;
use crate::i18n::use_t;
use crate::time;
use crate::views::common::{Loading, Trouble, TroubleView, set_title, use_site};
use leptos::prelude::*;
use yass_shared_types::content::{CalendarEvent, VISITOR_CALENDAR_DAYS as WINDOW_DAYS};

#[component]
pub fn GoogleCalendar(url: String) -> impl IntoView {
    let t = use_t();
    view! {
        <div class="gcal">
            <iframe src=url title=move || t.get().google_calendar></iframe>
        </div>
    }
}

#[component]
pub fn EventList(events: Vec<CalendarEvent>) -> impl IntoView {
    let t = use_t();
    if events.is_empty() {
        return view! { <p class="muted">{move || t.get().no_events}</p> }.into_any();
    }
    let items = events
        .into_iter()
        .map(|e| {
            let when = e.when.clone();
            view! {
                <li>
                    <span class="when">{move || time::event_when(&when, t.get().all_day)}</span>
                    <span class="event-title">{e.title.clone()}</span>
                    {e.location.clone().map(|l| view! { <span class="muted">{l}</span> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="events">{items}</ul> }.into_any()
}

#[component]
pub fn CalendarScreen() -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let urls = ctx.urls.clone();
    let site_name = ctx.home.site.name.clone();
    Effect::new(move |_| set_title(&[t.get().calendar, &site_name]));
    let today = time::today(js_sys::Date::now());
    let from = time::ymd_of(today);
    let to = time::ymd_of(time::plus_days(today, WINDOW_DAYS));
    let slug = ctx.slug.clone();
    let events = LocalResource::new(move || api::events(slug.clone(), from.clone(), to.clone()));
    // The homepage already carries the calendar settings.
    let settings = ctx.home.calendar.clone();
    let embed = settings
        .google_embed_url
        .clone()
        .map(|u| view! { <GoogleCalendar url=u /> });
    let list = move || match events.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <TroubleView trouble=Trouble::from(&e) home=urls.home() /> }.into_any()
        }
        Some(Ok(ev)) => view! { <EventList events=ev /> }.into_any(),
    };
    view! {
        <section class="calendar-index">
            <h1>{move || t.get().calendar}</h1>
            <p>
                <a class="button secondary" href=settings.ics_url.clone() rel="external">
                    {move || t.get().subscribe}
                </a>
            </p>
            {embed}
            <h2>{move || t.get().upcoming}</h2>
            {list}
        </section>
    }
}
