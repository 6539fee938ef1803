//! A school's frame: skip link, `:::` accesskey anchors, header with the
//! menu and language switch, the screen in `<main>`, and the contact footer.

use crate::api;
use crate::i18n::{Lang, use_t};
use crate::routes::{Screen, Urls};
use crate::views::admin::AdminPlaceholder;
use crate::views::calendar::CalendarScreen;
use crate::views::common::{
    Loading, SiteCtx, StandaloneTrouble, Trouble, TroubleView, focus_id, focus_main,
};
use crate::views::extensions::ExtensionsScreen;
use crate::views::home::HomeScreen;
use crate::views::links::LinksScreen;
use crate::views::nav::MainNav;
use crate::views::news::{NewsDetailScreen, NewsListScreen};
use crate::views::page::PageScreen;
use leptos::prelude::*;
use std::sync::Arc;

/// Loads the school's homepage data (name, menu, contact) once, then shows the layout.
#[component]
pub fn SiteShell(slug: String, urls: Urls, screen: Memo<Screen>) -> impl IntoView {
    let s = slug.clone();
    let home = LocalResource::new(move || api::homepage(s.clone()));
    move || match home.get() {
        None => view! {
            <div class="standalone">
                <main id="main" tabindex="-1">
                    <Loading />
                </main>
            </div>
        }
        .into_any(),
        Some(Ok(h)) => {
            let ctx = SiteCtx {
                slug: slug.clone(),
                urls: urls.clone(),
                home: Arc::new(h),
            };
            view! { <Layout ctx=ctx screen=screen /> }.into_any()
        }
        Some(Err(e)) => view! { <StandaloneTrouble trouble=Trouble::from(&e) /> }.into_any(),
    }
}

/// An accesskey anchor of the customary Taiwanese kind (`:::`), which also
/// names its region for screen readers through `title`.
#[component]
fn AccessKey(key: &'static str, title: Signal<&'static str>) -> impl IntoView {
    view! {
        <a
            class="accesskey"
            accesskey=key
            href=format!("#{key}")
            id=key
            title=move || title.get()
            on:click=move |ev| {
                ev.prevent_default();
                focus_id(key);
            }
        >
            ":::"
        </a>
    }
}

#[component]
fn Layout(ctx: SiteCtx, screen: Memo<Screen>) -> impl IntoView {
    provide_context(ctx.clone());
    let t = use_t();
    let lang = expect_context::<RwSignal<Lang>>();
    let site = ctx.home.site.clone();
    let urls = ctx.urls.clone();
    let name = site.name.clone();
    let home_url = urls.home();
    let logo = site.logo_url.clone().map(|src| {
        let school = site.name.clone();
        view! {
            <img
                class="logo"
                src=src
                alt=move || format!("{school} {}", t.get().logo)
                width="56"
                height="56"
            />
        }
    });
    let slogan = site
        .slogan
        .clone()
        .map(|s| view! { <p class="slogan">{s}</p> });
    let brand = move || {
        let inner = view! { <a href=home_url.clone()>{name.clone()}</a> };
        if screen.get() == Screen::Home {
            view! { <h1 class="site-name">{inner}</h1> }.into_any()
        } else {
            view! { <p class="site-name">{inner}</p> }.into_any()
        }
    };
    let main_view = {
        let urls = urls.clone();
        move || match screen.get() {
            Screen::Home => view! { <HomeScreen /> }.into_any(),
            Screen::NewsList => view! { <NewsListScreen /> }.into_any(),
            Screen::NewsDetail(id) => view! { <NewsDetailScreen id=id /> }.into_any(),
            Screen::Page(id) => view! { <PageScreen id=id /> }.into_any(),
            Screen::Links => view! { <LinksScreen /> }.into_any(),
            Screen::Extensions => view! { <ExtensionsScreen /> }.into_any(),
            Screen::Calendar => view! { <CalendarScreen /> }.into_any(),
            Screen::Admin => view! { <AdminPlaceholder /> }.into_any(),
            Screen::NotFound => {
                view! { <TroubleView trouble=Trouble::NotFound home=urls.home() /> }.into_any()
            }
        }
    };
    // After moving to another screen, put keyboard and screen-reader focus at
    // the start of the new content instead of leaving it on a vanished link.
    Effect::new(move |prev: Option<Screen>| {
        let now = screen.get();
        if prev.is_some_and(|p| p != now) {
            focus_main();
        }
        now
    });
    view! {
        <a
            class="skip-link"
            href="#main"
            on:click=|ev| {
                ev.prevent_default();
                focus_id("main");
            }
        >
            {move || t.get().skip_to_main}
        </a>
        <header class="site-header">
            <div class="header-inner">
                <AccessKey key="U" title=Signal::derive(move || t.get().ak_top) />
                <div class="brand">
                    {logo}
                    <div class="brand-text">{brand} {slogan}</div>
                </div>
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || lang.get().other().tag()
                    title=move || t.get().switch_to_label
                    on:click=move |_| lang.update(|l| *l = l.other())
                >
                    {move || t.get().switch_to}
                </button>
            </div>
            <MainNav items=ctx.home.nav.clone() />
        </header>
        <main id="main" tabindex="-1">
            <AccessKey key="C" title=Signal::derive(move || t.get().ak_centre) />
            {main_view}
        </main>
        <Footer />
    }
}

#[component]
fn Footer() -> impl IntoView {
    let t = use_t();
    let ctx = crate::views::common::use_site();
    let s = ctx.home.site.clone();
    let address = s.address.clone().map(|a| {
        let full = match &s.zip {
            Some(z) => format!("{z} {a}"),
            None => a,
        };
        view! {
            <div>
                <dt>{move || t.get().address}</dt>
                <dd>{full}</dd>
            </div>
        }
    });
    let phone = s.phone.clone().map(|p| {
        let href = s.phone_uri.clone();
        view! {
            <div>
                <dt>{move || t.get().phone}</dt>
                <dd>
                    {match href {
                        Some(h) => view! { <a href=h>{p}</a> }.into_any(),
                        None => p.into_any(),
                    }}
                </dd>
            </div>
        }
    });
    let fax = s.fax.clone().map(|f| {
        view! {
            <div>
                <dt>{move || t.get().fax}</dt>
                <dd>{f}</dd>
            </div>
        }
    });
    let email = s.email.clone().map(|e| {
        view! {
            <div>
                <dt>{move || t.get().email}</dt>
                <dd>
                    <a href=format!("mailto:{e}")>{e.clone()}</a>
                </dd>
            </div>
        }
    });
    let map = s.map_link.clone().map(|m| {
        view! {
            <div>
                <dt>{move || t.get().map}</dt>
                <dd>
                    <a href=m target="_blank" rel="noopener noreferrer">
                        {move || t.get().view_map}
                        <span class="visually-hidden">{move || t.get().new_window}</span>
                    </a>
                </dd>
            </div>
        }
    });
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <AccessKey key="Z" title=Signal::derive(move || t.get().ak_bottom) />
                <h2 class="footer-title">{s.name.clone()}</h2>
                <dl class="contact">{address} {phone} {fax} {email} {map}</dl>
                <ul class="footer-links">
                    <li>
                        <a href=api::rss_url(&ctx.slug) rel="external">
                            {move || t.get().rss}
                        </a>
                    </li>
                    <li>
                        <a href="/sitemap.xml" rel="external">
                            {move || t.get().sitemap}
                        </a>
                    </li>
                    <li>
                        // The dashboard is its own bundle: a full page load.
                        <a href=ctx.urls.path("/admin") rel="external">
                            {move || t.get().admin_title}
                        </a>
                    </li>
                </ul>
            </div>
        </footer>
    }
}
