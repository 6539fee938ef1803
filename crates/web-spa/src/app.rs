//! Startup: pick the language, find out which school this hostname is, then route.
//!
//! The router is shared by both bundles; each passes the [`Screens`] it can
//! draw. A path of the other bundle (by [`bundle_for_path`], the rule the
//! server uses to pick the HTML shell) is a full page load away.

use crate::api::{self, ApiError};
use crate::i18n;
use crate::routes::{self, Mode, Screen, Urls};
use crate::views::common::{Loading, StandaloneTrouble, Trouble};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use yass_shared_types::spa::{Bundle, bundle_for_path};

/// What a school's site screen needs.
pub struct SiteView {
    pub slug: String,
    pub urls: Urls,
    pub screen: Memo<Screen>,
}

/// What the admin dashboard needs: the school (`None` on the platform
/// host's `/admin`) and the public site's path prefix.
pub struct AdminView {
    pub slug: Option<String>,
    pub site_base: String,
}

/// The screens one bundle draws. The visitor bundle has `site`, the admin
/// bundle `admin`; naming only one keeps the other out of the wasm.
#[derive(Clone, Copy)]
pub struct Screens {
    pub bundle: Bundle,
    pub site: Option<fn(SiteView) -> AnyView>,
    pub admin: Option<fn(AdminView) -> AnyView>,
}

#[component]
pub fn App(screens: Screens) -> impl IntoView {
    i18n::provide();
    let host = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    let resolved = LocalResource::new(move || api::resolve(host.clone()));
    move || match resolved.get() {
        None => view! { <main id="main" class="boot"><Loading /></main> }.into_any(),
        Some(Ok(r)) => {
            view! { <Routed mode=Mode::OwnHost { slug: r.slug } screens=screens /> }.into_any()
        }
        Some(Err(ApiError::SiteNotFound)) => {
            view! { <Routed mode=Mode::Platform screens=screens /> }.into_any()
        }
        Some(Err(e)) => view! { <StandaloneTrouble trouble=Trouble::from(&e) /> }.into_any(),
    }
}

/// One catch-all route: `Dispatch` parses the path itself (two URL schemes
/// share every screen), while `<Routes>` completes each navigation (pushes the
/// URL) once the new view is in place.
#[component]
fn Routed(mode: Mode, screens: Screens) -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| ()>
                <Route path=path!("/*any") view=move || view! { <Dispatch mode=mode.clone() screens=screens /> } />
            </Routes>
        </Router>
    }
}

/// Maps the current path to a school and a screen. The school's layout is
/// kept while only the screen changes.
#[component]
fn Dispatch(mode: Mode, screens: Screens) -> impl IntoView {
    let loc = use_location();
    let path = loc.pathname;
    let m = mode.clone();
    let route = Memo::new(move |_| routes::parse(&m, &path.get()));
    let slug = Memo::new(move |_| route.with(|r| r.slug.clone()));
    let screen = Memo::new(move |_| route.with(|r| r.screen.clone()));
    let is_admin = Memo::new(move |_| screen.with(|s| *s == Screen::Admin));
    let bundle = Memo::new(move |_| bundle_for_path(&path.get()));
    // The path the page was loaded with is this bundle's (the server chose
    // the shell by it); only a later, client-side move can leave it.
    let first = StoredValue::new(true);
    move || {
        let initial = first.get_value();
        first.set_value(false);
        if bundle.get() != screens.bundle {
            return elsewhere(initial, &loc);
        }
        match slug.get() {
            // The admin dashboard has its own frame (issue 5).
            Some(slug) if is_admin.get() => match screens.admin {
                Some(admin) => admin(AdminView {
                    site_base: routes::base(&mode, &slug),
                    slug: Some(slug),
                }),
                None => not_found(),
            },
            Some(slug) => match screens.site {
                Some(site) => site(SiteView {
                    urls: Urls {
                        base: routes::base(&mode, &slug),
                    },
                    slug,
                    screen,
                }),
                None => not_found(),
            },
            None => match (screen.get(), screens.admin) {
                (Screen::Admin, Some(admin)) => admin(AdminView {
                    slug: None,
                    site_base: String::new(),
                }),
                (Screen::Home, _) => view! { <PlatformLanding /> }.into_any(),
                _ => not_found(),
            },
        }
    }
}

fn not_found() -> AnyView {
    view! { <StandaloneTrouble trouble=Trouble::NotFound /> }.into_any()
}

/// The path belongs to the other bundle: load it with a full page load. The
/// router has pushed the new URL by the time the timer fires, so `replace`
/// swaps that history entry for the real page. On the first render the
/// server sent the wrong shell (a broken deploy); reloading would loop.
fn elsewhere(initial: bool, loc: &leptos_router::location::Location) -> AnyView {
    if initial {
        return view! { <StandaloneTrouble trouble=Trouble::Other /> }.into_any();
    }
    let search = loc.search.get_untracked();
    let url = format!(
        "{}{}{}{}",
        loc.pathname.get_untracked(),
        if search.is_empty() { "" } else { "?" },
        search,
        loc.hash.get_untracked()
    );
    set_timeout(
        move || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().replace(&url);
            }
        },
        std::time::Duration::ZERO,
    );
    view! {
        <main id="main" class="boot">
            <Loading />
        </main>
    }
    .into_any()
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
