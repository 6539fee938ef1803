//! The dashboard's frame: sign-in states, then the top bar, the side
//! navigation and the current screen (which screens exist, their paths and
//! rights: `screens`).

use crate::admin::api::{Phase, Session, use_session};
use crate::admin::login::{ChangePassword, ExpiredDialog, ForcedChangePage, LoginPage};
use crate::admin::screens::{self, Screen};
use crate::admin::ui::tr;
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

/// Where the dashboard and the public site live.
#[derive(Clone, Debug)]
pub struct AdminCtx {
    /// `/admin` or `/s/{slug}/admin`.
    pub base: String,
    /// `` or `/s/{slug}`: the public site's prefix.
    pub site_base: String,
}

impl AdminCtx {
    pub fn href(&self, rest: &str) -> String {
        format!("{}{rest}", self.base)
    }
}

pub fn use_admin() -> AdminCtx {
    expect_context::<AdminCtx>()
}

const STYLE: &str = include_str!("admin.css");

fn inject_style() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("yass-admin-style").is_some() {
        return;
    }
    if let (Ok(el), Some(head)) = (doc.create_element("style"), doc.head()) {
        el.set_id("yass-admin-style");
        el.set_text_content(Some(STYLE));
        let _ = head.append_child(&el);
    }
}

/// The dashboard. `slug` is `None` on the platform host's `/admin`.
#[component]
pub fn AdminApp(slug: Option<String>, site_base: String) -> impl IntoView {
    inject_style();
    let ctx = AdminCtx {
        base: format!("{site_base}/admin"),
        site_base,
    };
    provide_context(ctx.clone());
    let session = Session::new(slug.clone());
    provide_context(session);
    spawn_local(async move { session.boot().await });

    let site_name = RwSignal::new(slug.clone().unwrap_or_default());
    if let Some(sl) = slug.clone() {
        spawn_local(async move {
            if let Some(name) = crate::admin::endpoints::site::public_name(&sl).await {
                site_name.set(name);
            }
        });
    }
    provide_context(site_name);
    Effect::new(move |_| {
        let title = format!("{} – {}", tr("管理後台", "Admin"), site_name.get());
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&title);
        }
    });

    let loc = use_location();
    let base = ctx.base.clone();
    let screen = Memo::new(move |_| {
        let p = loc.pathname.get();
        Screen::parse(p.strip_prefix(base.as_str()).unwrap_or(""))
    });
    let is_platform = slug.is_none();

    // Only what is drawn, not the phase itself, decides when to rebuild: the
    // frame (and any unsaved form in it) stays mounted while the session is
    // Expired and after signing in again from the dialog.
    let shown = Memo::new(move |_| match session.phase.get() {
        Phase::Expired => Phase::In,
        p => p,
    });
    let public = Memo::new(move |_| screen.with(|s| s.is_public().then(|| s.clone())));
    move || {
        if let Some(p) = public.get() {
            return untrack(move || screens::public_view(p));
        }
        match shown.get() {
        Phase::Checking => view! {
            <div class="adm-center">
                <main id="main" class="adm-card">
                    <p class="loading" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {tr("載入中…", "Loading…")}
                    </p>
                </main>
            </div>
        }
        .into_any(),
        Phase::SignedOut if is_platform => {
            view! {
                <LoginPage
                    platform=true
                    site_name=Signal::derive(move || {
                        tr(
                            "平台管理員登入。學校管理者請由學校網址的 /admin 登入。",
                            "Platform administrators sign in here. School staff sign in at their school's /admin.",
                        )
                        .to_string()
                    })
                />
            }
                .into_any()
        }
        Phase::SignedOut => view! { <LoginPage site_name=site_name.into() slug=slug.clone().unwrap_or_default() /> }.into_any(),
        Phase::MustChange => view! { <ForcedChangePage /> }.into_any(),
        Phase::In | Phase::Expired => view! { <Frame screen=screen /> }.into_any(),
    }
    }
}

#[component]
fn Frame(screen: Memo<Screen>) -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let lang = expect_context::<RwSignal<Lang>>();
    let site_name = expect_context::<RwSignal<String>>();
    let loc = use_location();
    let menu_open = RwSignal::new(false);
    let base = ctx.base.clone();
    let nav_items = move || {
        let path = loc.pathname.get();
        screens::nav_entries(&s)
            .map(|e| {
                let href = format!("{}{}", base, e.path);
                let current = if e.path.is_empty() {
                    path.trim_end_matches('/') == base
                } else {
                    path == href || path.starts_with(&format!("{href}/"))
                };
                let (zh, en) = (e.zh, e.en);
                view! {
                    <li>
                        <a
                            href=href
                            aria-current=current.then_some("page")
                            on:click=move |_| menu_open.set(false)
                        >
                            {move || tr(zh, en)}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    let user_name = move || {
        s.me.with(|m| {
            m.as_ref()
                .map(|m| m.user.display_name.clone())
                .unwrap_or_default()
        })
    };
    let public_home = format!("{}/", ctx.site_base);
    // The screen is rebuilt only when it or the right to see it changes, not
    // whenever `me` is reloaded (signing in again after the session ended
    // must not wipe the form being edited).
    let shown = Memo::new(move |_| {
        let sc = screen.get();
        let ok = screens::allowed(&s, &sc);
        (sc, ok)
    });
    // A keyboard user who opens another screen continues in its main area
    // (not back at the side navigation). A screen that focuses a field of its
    // own does so after this, and wins.
    Effect::new(move |prev: Option<Screen>| {
        let sc = screen.get();
        if prev.is_some_and(|p| p != sc && !p.continues_as(&sc)) {
            crate::views::common::focus_id("main");
        }
        sc
    });
    view! {
        <div class="adm" class:menu-open=move || menu_open.get()>
            <a
                class="skip-link"
                href="#main"
                on:click=|ev| {
                    ev.prevent_default();
                    crate::views::common::focus_id("main");
                }
            >
                {move || tr("跳到主要內容", "Skip to main content")}
            </a>
            <header class="adm-top">
                <button
                    class="btn adm-menu-btn"
                    aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                    aria-controls="adm-side"
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    {move || tr("選單", "Menu")}
                </button>
                <p class="adm-brand">
                    <strong>{move || site_name.get()}</strong>
                    " · "
                    {move || tr("管理後台", "Admin")}
                </p>
                <a class="adm-view-site" href=public_home target="_blank" rel="noopener">
                    {move || tr("檢視網站", "View site")}
                </a>
                <span class="adm-user" data-user>{user_name}</span>
                <button
                    class="btn"
                    lang=move || lang.get().other().tag()
                    on:click=move |_| lang.update(|l| *l = l.other())
                >
                    {move || if lang.get() == Lang::Zh { "English" } else { "中文" }}
                </button>
                <button class="btn" on:click=move |_| spawn_local(async move { s.logout().await })>
                    {move || tr("登出", "Sign out")}
                </button>
            </header>
            <nav id="adm-side" class="adm-side" aria-label=move || tr("管理選單", "Admin menu")>
                <ul>{nav_items}</ul>
            </nav>
            <main id="main" class="adm-main" tabindex="-1">
                {move || {
                    let (sc, ok) = shown.get();
                    untrack(move || screens::view(sc, ok))
                }}
            </main>
            {move || (s.phase.get() == Phase::Expired).then(|| view! { <ExpiredDialog /> })}
        </div>
    }
}

/// Kept for the profile screen.
#[component]
pub fn PasswordPanel() -> impl IntoView {
    view! { <ChangePassword forced=false /> }
}
