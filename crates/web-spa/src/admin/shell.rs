//! The signed-in frame: top bar, side navigation filtered by rights, and the
//! screen picked from the path after `/admin`.

use crate::admin::api::{Phase, Session, use_session};
use crate::admin::dashboard::Dashboard;
use crate::admin::login::{ChangePassword, ExpiredDialog, ForcedChangePage, LoginPage};
use crate::admin::ui::tr;
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

/// Which admin screen a path shows (the part after `/admin`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminScreen {
    Dashboard,
    News,
    NewsNew,
    NewsCategories,
    NewsEdit(i64),
    Nav,
    Users,
    Groups,
    Pages,
    PageNew,
    PageEdit(i64),
    Links,
    Extensions,
    Calendar,
    Settings,
    Tokens,
    AuthLog,
    Profile,
    NotFound,
}

pub fn parse_admin(rest: &str) -> AdminScreen {
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        [] => AdminScreen::Dashboard,
        ["news"] => AdminScreen::News,
        ["news", "new"] => AdminScreen::NewsNew,
        ["news", "categories"] => AdminScreen::NewsCategories,
        ["news", id] => id
            .parse()
            .ok()
            .filter(|i| *i > 0)
            .map_or(AdminScreen::NotFound, AdminScreen::NewsEdit),
        ["nav"] => AdminScreen::Nav,
        ["users"] => AdminScreen::Users,
        ["groups"] => AdminScreen::Groups,
        ["pages"] => AdminScreen::Pages,
        ["pages", "new"] => AdminScreen::PageNew,
        ["pages", id] => id
            .parse()
            .ok()
            .filter(|i| *i > 0)
            .map_or(AdminScreen::NotFound, AdminScreen::PageEdit),
        ["links"] => AdminScreen::Links,
        ["extensions"] => AdminScreen::Extensions,
        ["calendar"] => AdminScreen::Calendar,
        ["settings"] => AdminScreen::Settings,
        ["tokens"] => AdminScreen::Tokens,
        ["auth-log"] => AdminScreen::AuthLog,
        ["profile"] => AdminScreen::Profile,
        _ => AdminScreen::NotFound,
    }
}

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
        parse_admin(p.strip_prefix(base.as_str()).unwrap_or(""))
    });
    let is_platform = slug.is_none();

    // Only what is drawn, not the phase itself, decides when to rebuild: the
    // frame (and any unsaved form in it) stays mounted while the session is
    // Expired and after signing in again from the dialog.
    let shown = Memo::new(move |_| match session.phase.get() {
        Phase::Expired => Phase::In,
        p => p,
    });
    move || {
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
        Phase::SignedOut => view! { <LoginPage site_name=site_name.into() /> }.into_any(),
        Phase::MustChange => view! { <ForcedChangePage /> }.into_any(),
        Phase::In | Phase::Expired => view! { <Frame screen=screen /> }.into_any(),
    }
    }
}

struct Entry {
    path: &'static str,
    zh: &'static str,
    en: &'static str,
    /// `None`: everyone signed in; otherwise the action needed (site admins have all).
    needs: Option<&'static [&'static str]>,
}

const ENTRIES: &[Entry] = &[
    Entry {
        path: "",
        zh: "總覽",
        en: "Overview",
        needs: None,
    },
    Entry {
        path: "/news",
        zh: "最新消息",
        en: "News",
        needs: Some(&["news.create", "news.edit_any"]),
    },
    Entry {
        path: "/pages",
        zh: "頁面",
        en: "Pages",
        needs: Some(&["pages.edit_any", "pages.edit_attached"]),
    },
    Entry {
        path: "/nav",
        zh: "選單",
        en: "Navigation",
        needs: Some(&["nav.manage"]),
    },
    Entry {
        path: "/links",
        zh: "網站連結",
        en: "Links",
        needs: Some(&["links.create", "links.edit_any"]),
    },
    Entry {
        path: "/extensions",
        zh: "分機表",
        en: "Extensions",
        needs: Some(&["site.admin"]),
    },
    Entry {
        path: "/calendar",
        zh: "行事曆",
        en: "Calendar",
        needs: Some(&["site.admin"]),
    },
    Entry {
        path: "/users",
        zh: "使用者",
        en: "Users",
        needs: Some(&["users.manage"]),
    },
    Entry {
        path: "/groups",
        zh: "群組",
        en: "Groups",
        needs: Some(&["groups.manage"]),
    },
    Entry {
        path: "/settings",
        zh: "網站設定",
        en: "Site settings",
        needs: Some(&["site.admin"]),
    },
    Entry {
        path: "/tokens",
        zh: "API 權杖",
        en: "API tokens",
        needs: Some(&["api_tokens.manage"]),
    },
    Entry {
        path: "/auth-log",
        zh: "登入紀錄",
        en: "Sign-in log",
        needs: Some(&["auth_log.read"]),
    },
    Entry {
        path: "/profile",
        zh: "個人資料",
        en: "My profile",
        needs: None,
    },
];

fn allowed(s: &Session, e: &Entry) -> bool {
    // Platform admins belong to no site: only their overview (the sites
    // screen) applies; site screens and the site profile would fail.
    if s.slug.get_value().is_none() {
        return e.path.is_empty();
    }
    match e.needs {
        None => true,
        Some(list) => list.iter().any(|a| s.can(a)),
    }
}

#[component]
fn Frame(screen: Memo<AdminScreen>) -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let lang = expect_context::<RwSignal<Lang>>();
    let site_name = expect_context::<RwSignal<String>>();
    let loc = use_location();
    let menu_open = RwSignal::new(false);
    let base = ctx.base.clone();
    let nav_items = move || {
        let path = loc.pathname.get();
        ENTRIES
            .iter()
            .filter(|e| allowed(&s, e))
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
        let ok = screen_allowed(&s, &sc);
        (sc, ok)
    });
    // A keyboard user who opens another screen continues in its main area
    // (not back at the side navigation). A screen that focuses a field of its
    // own does so after this, and wins.
    Effect::new(move |prev: Option<AdminScreen>| {
        let sc = screen.get();
        // (A new item that was just saved gets its own URL: same form, focus stays.)
        let same_form = |p: &AdminScreen| {
            matches!(
                (p, &sc),
                (AdminScreen::NewsNew, AdminScreen::NewsEdit(_))
                    | (AdminScreen::PageNew, AdminScreen::PageEdit(_))
            )
        };
        if prev.is_some_and(|p| p != sc && !same_form(&p)) {
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
                    untrack(move || screen_view(sc, ok))
                }}
            </main>
            {move || (s.phase.get() == Phase::Expired).then(|| view! { <ExpiredDialog /> })}
        </div>
    }
}

/// The side-navigation entry whose right a screen needs (`None`: every
/// signed-in user).
fn gate_path(screen: &AdminScreen) -> Option<&'static str> {
    Some(match screen {
        AdminScreen::Dashboard | AdminScreen::Profile | AdminScreen::NotFound => return None,
        AdminScreen::News | AdminScreen::NewsNew | AdminScreen::NewsEdit(_) => "/news",
        AdminScreen::Nav => "/nav",
        AdminScreen::Users => "/users",
        AdminScreen::Groups => "/groups",
        AdminScreen::Pages | AdminScreen::PageNew | AdminScreen::PageEdit(_) => "/pages",
        AdminScreen::Links => "/links",
        AdminScreen::Extensions => "/extensions",
        AdminScreen::Calendar => "/calendar",
        AdminScreen::Settings | AdminScreen::NewsCategories => "/settings",
        AdminScreen::Tokens => "/tokens",
        AdminScreen::AuthLog => "/auth-log",
    })
}

/// Whether the signed-in user may open the screen (reactive on `me`).
fn screen_allowed(s: &Session, screen: &AdminScreen) -> bool {
    if s.slug.get_value().is_none() {
        return matches!(screen, AdminScreen::Dashboard | AdminScreen::NotFound);
    }
    match gate_path(screen) {
        None => true,
        Some(path) => ENTRIES
            .iter()
            .find(|e| e.path == path)
            .is_some_and(|e| allowed(s, e)),
    }
}

fn screen_view(screen: AdminScreen, allowed: bool) -> AnyView {
    if !allowed {
        return view! {
            <section class="adm-section">
                <h1>{move || tr("沒有權限", "Not allowed")}</h1>
                <p>{move || tr("您沒有使用這個功能的權限。", "You may not use this feature.")}</p>
            </section>
        }
        .into_any();
    }
    match screen {
        AdminScreen::Dashboard => view! { <Dashboard /> }.into_any(),
        AdminScreen::Profile => view! { <crate::admin::dashboard::Profile /> }.into_any(),
        AdminScreen::NotFound => view! {
            <section class="adm-section">
                <h1>{move || tr("找不到頁面", "Page not found")}</h1>
            </section>
        }
        .into_any(),
        other => crate::admin::screens(other),
    }
}

/// Kept for the profile screen.
#[component]
pub fn PasswordPanel() -> impl IntoView {
    view! { <ChangePassword forced=false /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths() {
        assert_eq!(parse_admin(""), AdminScreen::Dashboard);
        assert_eq!(parse_admin("/"), AdminScreen::Dashboard);
        assert_eq!(parse_admin("/news"), AdminScreen::News);
        assert_eq!(parse_admin("/news/new"), AdminScreen::NewsNew);
        assert_eq!(parse_admin("/news/7"), AdminScreen::NewsEdit(7));
        assert_eq!(parse_admin("/news/categories"), AdminScreen::NewsCategories);
        assert_eq!(parse_admin("/news/x"), AdminScreen::NotFound);
        assert_eq!(parse_admin("/auth-log"), AdminScreen::AuthLog);
    }
}
