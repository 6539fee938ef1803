//! A school's homepage: announcements, banner, news, calendar, links and
//! the phone extension directory, all from one `homepage` request.

use crate::html_sink::RichHtml;
use crate::i18n::use_t;
use crate::views::calendar::{EventList, GoogleCalendar};
use crate::views::common::{NewsRow, set_title, use_site};
use crate::views::extensions::ExtensionTable;
use crate::views::links::LinkItem;
use leptos::prelude::*;

#[component]
pub fn HomeScreen() -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let h = ctx.home.clone();
    let urls = ctx.urls.clone();
    set_title(&[&h.site.name]);

    let announcements = (!h.announcements.is_empty()).then(|| {
        let items = h
            .announcements
            .iter()
            .map(|a| {
                view! {
                    <article class="announcement">
                        <h3>{a.title.clone()}</h3>
                        <RichHtml html=a.body.clone() />
                    </article>
                }
            })
            .collect_view();
        view! {
            <section class="announcements" aria-labelledby="ann-h">
                <h2 id="ann-h">{move || t.get().announcements}</h2>
                {items}
            </section>
        }
    });

    let banner = (!h.site.banner_urls.is_empty()).then(|| {
        let school = h.site.name.clone();
        let imgs = h
            .site
            .banner_urls
            .iter()
            .enumerate()
            .map(|(i, src)| {
                let school = school.clone();
                view! {
                    <img
                        src=src.clone()
                        alt=move || format!("{school} {} {}", t.get().banner, i + 1)
                        loading=if i == 0 { "eager" } else { "lazy" }
                    />
                }
            })
            .collect_view();
        // Several images scroll sideways: the strip must be reachable by keyboard.
        let scrolls = h.site.banner_urls.len() > 1;
        view! {
            <div
                class="banner"
                tabindex=scrolls.then_some("0")
                role=scrolls.then_some("region")
                aria-label=move || scrolls.then(|| t.get().banner)
            >
                {imgs}
            </div>
        }
    });

    let pinned_ids: Vec<i64> = h.pinned_news.iter().map(|n| n.id).collect();
    let news_rows = h
        .pinned_news
        .iter()
        .chain(h.latest_news.iter().filter(|n| !pinned_ids.contains(&n.id)))
        .map(|n| view! { <NewsRow item=n.clone() urls=urls.clone() /> })
        .collect_view();
    let no_news = (h.pinned_news.is_empty() && h.latest_news.is_empty())
        .then(|| view! { <p class="muted">{move || t.get().no_news}</p> });

    let calendar = {
        let embed = h
            .calendar
            .google_embed_url
            .clone()
            .map(|u| view! { <GoogleCalendar url=u /> });
        view! {
            <section class="card calendar-card" aria-labelledby="home-cal-h">
                <h2 id="home-cal-h">{move || t.get().calendar}</h2>
                <h3>{move || t.get().upcoming}</h3>
                <EventList events=h.upcoming_events.clone() />
                {embed}
                <p class="more">
                    <a href=urls.path("/calendar")>{move || t.get().calendar} " →"</a>
                </p>
            </section>
        }
    };

    let links = (!h.links.is_empty()).then(|| {
        let items = h
            .links
            .iter()
            .map(|l| view! { <LinkItem link=l.clone() /> })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="home-links-h">
                <h2 id="home-links-h">{move || t.get().homepage_links}</h2>
                <ul class="link-list">{items}</ul>
                <p class="more">
                    <a href=urls.path("/links")>{move || t.get().links} " →"</a>
                </p>
            </section>
        }
    });

    let extensions = (!h.extensions.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="home-ext-h">
                <h2 id="home-ext-h">{move || t.get().extensions}</h2>
                <ExtensionTable items=h.extensions.clone() />
                <p class="more">
                    <a href=urls.path("/extensions")>{move || t.get().all_extensions} " →"</a>
                </p>
            </section>
        }
    });

    let map = h.site.map_embed_url.clone().map(|src| {
        let address = h.site.address.clone().map(|a| view! { <p>{a}</p> });
        let link = h.site.map_link.clone().map(|m| {
            view! {
                <p class="more">
                    <a href=m target="_blank" rel="noopener noreferrer">
                        {move || t.get().view_map}
                        <span class="visually-hidden">{move || t.get().new_window}</span>
                    </a>
                </p>
            }
        });
        view! {
            <section class="card" aria-labelledby="home-map-h">
                <h2 id="home-map-h">{move || t.get().map}</h2>
                {address}
                <div class="map-embed">
                    <iframe src=src title=move || t.get().map></iframe>
                </div>
                {link}
            </section>
        }
    });

    view! {
        <div class="home">
            {announcements}
            {banner}
            <div class="home-grid">
                <section class="card news-card" aria-labelledby="home-news-h">
                    <h2 id="home-news-h">{move || t.get().latest_news}</h2>
                    <ul class="news-list">{news_rows}</ul>
                    {no_news}
                    <p class="more">
                        <a href=urls.path("/news")>{move || t.get().more_news} " →"</a>
                    </p>
                </section>
                {calendar}
                {links}
                {extensions}
                {map}
            </div>
        </div>
    }
}
