//! Startup: pick the language, find out which school this hostname is, then route.

use crate::api::{self, ApiError};
use crate::i18n;
use crate::routes::{self, Mode, Screen, Urls};
use crate::views::common::{Loading, StandaloneTrouble, Trouble};
use crate::views::layout::SiteShell;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    i18n::provide();
    let host = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    let resolved = LocalResource::new(move || api::resolve(host.clone()));
    move || match resolved.get() {
        None => view! { <main id="main" class="boot"><Loading /></main> }.into_any(),
        Some(Ok(r)) => view! { <Routed mode=Mode::OwnHost { slug: r.slug } /> }.into_any(),
        Some(Err(ApiError::SiteNotFound)) => view! { <Routed mode=Mode::Platform /> }.into_any(),
        Some(Err(e)) => view! { <StandaloneTrouble trouble=Trouble::from(&e) /> }.into_any(),
    }
}

/// One catch-all route: `Dispatch` parses the path itself (two URL schemes
/// share every screen), while `<Routes>` completes each navigation (pushes the
/// URL) once the new view is in place.
#[component]
fn Routed(mode: Mode) -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| ()>
                <Route path=path!("/*any") view=move || view! { <Dispatch mode=mode.clone() /> } />
            </Routes>
        </Router>
    }
}

/// Maps the current path to a school and a screen. The school's layout is
/// kept while only the screen changes.
#[component]
fn Dispatch(mode: Mode) -> impl IntoView {
    let loc = use_location();
    let m = mode.clone();
    let route = Memo::new(move |_| routes::parse(&m, &loc.pathname.get()));
    let slug = Memo::new(move |_| route.with(|r| r.slug.clone()));
    let screen = Memo::new(move |_| route.with(|r| r.screen.clone()));
    move || match slug.get() {
        // The admin dashboard has its own frame (issue 5).
        Some(slug) if screen.with(|s| *s == Screen::Admin) => {
            let site_base = routes::base(&mode, &slug);
            view! { <crate::admin::AdminApp slug=Some(slug) site_base=site_base /> }.into_any()
        }
        Some(slug) => {
            let urls = Urls {
                base: routes::base(&mode, &slug),
            };
            view! { <SiteShell slug=slug urls=urls screen=screen /> }.into_any()
        }
        None => match screen.get() {
            Screen::Admin => {
                view! { <crate::admin::AdminApp slug=None site_base=String::new() /> }.into_any()
            }
            Screen::Home => view! { <PlatformLanding /> }.into_any(),
            _ => view! { <StandaloneTrouble trouble=Trouble::NotFound /> }.into_any(),
        },
    }
}

/// `/` on the platform host: there is no school here.
#[component]
fn PlatformLanding() -> impl IntoView {
    let t = i18n::use_t();
    crate::views::common::set_title(&[t.get_untracked().platform_title]);
    view! {
        <div class="standalone">
            <main id="main" tabindex="-1">
                <section class="trouble" data-trouble="platform">
                    <h1>{move || t.get().platform_title}</h1>
                    <p>{move || t.get().platform_body}</p>
                </section>
            </main>
        </div>
    }
}
