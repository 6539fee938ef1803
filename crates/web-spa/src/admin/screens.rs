//! The dashboard's screens in one table: which screen a path shows (the
//! part after `/admin`), the side-navigation entries and the rights each
//! needs, and the component that draws each screen.
//!
//! Adding a screen touches only this file: a variant, its path in
//! [`Screen::parse`], its navigation entry (or the entry whose right it
//! shares, in [`Screen::section`]) and its view in [`view`].

use crate::admin::api::Session;
use crate::admin::ui::tr;
use crate::admin::{
    announcements, dashboard, events, links, navedit, news, news_edit, onboarding, pages, people,
    platform_admins, settings, site_admin,
};
use leptos::prelude::*;

/// Which admin screen a path shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
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
    AuditLog,
    Trash,
    Profile,
    /// Platform admins only: city-wide announcements, and platform admins.
    Announcements,
    PlatformAdmins,
    /// Public (no account): the application form and the pages its mail
    /// and the set-up and reset mails link to.
    Apply,
    ApplyConfirm,
    ApplyStatus,
    SetUp,
    ResetPassword,
    NotFound,
}

impl Screen {
    /// The screen for the path after `/admin` (`""`, `/news/7`, ...).
    pub fn parse(rest: &str) -> Screen {
        let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        match segs.as_slice() {
            [] => Screen::Dashboard,
            ["news"] => Screen::News,
            ["news", "new"] => Screen::NewsNew,
            ["news", "categories"] => Screen::NewsCategories,
            ["news", id] => id
                .parse()
                .ok()
                .filter(|i| *i > 0)
                .map_or(Screen::NotFound, Screen::NewsEdit),
            ["nav"] => Screen::Nav,
            ["users"] => Screen::Users,
            ["groups"] => Screen::Groups,
            ["pages"] => Screen::Pages,
            ["pages", "new"] => Screen::PageNew,
            ["pages", id] => id
                .parse()
                .ok()
                .filter(|i| *i > 0)
                .map_or(Screen::NotFound, Screen::PageEdit),
            ["links"] => Screen::Links,
            ["extensions"] => Screen::Extensions,
            ["calendar"] => Screen::Calendar,
            ["settings"] => Screen::Settings,
            ["tokens"] => Screen::Tokens,
            ["auth-log"] => Screen::AuthLog,
            ["audit-log"] => Screen::AuditLog,
            ["trash"] => Screen::Trash,
            ["profile"] => Screen::Profile,
            ["announcements"] => Screen::Announcements,
            ["platform-admins"] => Screen::PlatformAdmins,
            ["apply"] => Screen::Apply,
            ["apply", "confirm"] => Screen::ApplyConfirm,
            ["apply", "status"] => Screen::ApplyStatus,
            ["account", "set-up"] => Screen::SetUp,
            ["account", "reset"] => Screen::ResetPassword,
            _ => Screen::NotFound,
        }
    }

    /// The side-navigation entry (by path) whose right this screen needs;
    /// `None`: every signed-in user may open it.
    fn section(&self) -> Option<&'static str> {
        Some(match self {
            Screen::Announcements | Screen::PlatformAdmins => "/platform",
            Screen::Dashboard
            | Screen::Profile
            | Screen::NotFound
            | Screen::Apply
            | Screen::ApplyConfirm
            | Screen::ApplyStatus
            | Screen::SetUp
            | Screen::ResetPassword => return None,
            Screen::News | Screen::NewsNew | Screen::NewsEdit(_) => "/news",
            Screen::Nav => "/nav",
            Screen::Users => "/users",
            Screen::Groups => "/groups",
            Screen::Pages | Screen::PageNew | Screen::PageEdit(_) => "/pages",
            Screen::Links => "/links",
            Screen::Extensions => "/extensions",
            Screen::Calendar => "/calendar",
            Screen::Settings | Screen::NewsCategories => "/settings",
            Screen::Tokens => "/tokens",
            Screen::AuthLog => "/auth-log",
            Screen::AuditLog => "/audit-log",
            Screen::Trash => "/trash",
        })
    }

    /// Shown to anyone, signed in or not (no session is needed).
    pub fn is_public(&self) -> bool {
        matches!(
            self,
            Screen::Apply
                | Screen::ApplyConfirm
                | Screen::ApplyStatus
                | Screen::SetUp
                | Screen::ResetPassword
        )
    }

    /// A new item that was just saved gets its own URL: the same form stays
    /// on the screen (and keeps the keyboard focus).
    pub fn continues_as(&self, next: &Screen) -> bool {
        matches!(
            (self, next),
            (Screen::NewsNew, Screen::NewsEdit(_)) | (Screen::PageNew, Screen::PageEdit(_))
        )
    }
}

/// One entry of the side navigation.
pub struct NavEntry {
    /// After `/admin` (`""`: the overview).
    pub path: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// `None`: everyone signed in; otherwise the actions that open it (any
    /// one of them; site admins have all).
    needs: Option<&'static [&'static str]>,
}

const NAV: &[NavEntry] = &[
    NavEntry {
        path: "",
        zh: "總覽",
        en: "Overview",
        needs: None,
    },
    NavEntry {
        path: "/news",
        zh: "最新消息",
        en: "News",
        needs: Some(&["news.create", "news.edit_any"]),
    },
    NavEntry {
        path: "/pages",
        zh: "頁面",
        en: "Pages",
        needs: Some(&["pages.edit_any", "pages.edit_attached"]),
    },
    NavEntry {
        path: "/nav",
        zh: "選單",
        en: "Navigation",
        needs: Some(&["nav.manage"]),
    },
    NavEntry {
        path: "/links",
        zh: "網站連結",
        en: "Links",
        needs: Some(&["links.create", "links.edit_any"]),
    },
    NavEntry {
        path: "/extensions",
        zh: "分機表",
        en: "Extensions",
        needs: Some(&["site.admin"]),
    },
    NavEntry {
        path: "/calendar",
        zh: "行事曆",
        en: "Calendar",
        needs: Some(&["site.admin"]),
    },
    NavEntry {
        path: "/users",
        zh: "使用者",
        en: "Users",
        needs: Some(&["users.manage"]),
    },
    NavEntry {
        path: "/groups",
        zh: "群組",
        en: "Groups",
        needs: Some(&["groups.manage"]),
    },
    NavEntry {
        path: "/settings",
        zh: "網站設定",
        en: "Site settings",
        needs: Some(&["site.admin"]),
    },
    NavEntry {
        path: "/tokens",
        zh: "API 權杖",
        en: "API tokens",
        needs: Some(&["api_tokens.manage"]),
    },
    NavEntry {
        path: "/auth-log",
        zh: "登入紀錄",
        en: "Sign-in log",
        needs: Some(&["auth_log.read"]),
    },
    NavEntry {
        path: "/trash",
        zh: "垃圾桶",
        en: "Trash",
        needs: Some(&[
            "news.create",
            "news.edit_any",
            "pages.edit_any",
            "pages.edit_attached",
            "links.create",
            "links.edit_any",
        ]),
    },
    NavEntry {
        path: "/audit-log",
        zh: "異動紀錄",
        en: "Change log",
        needs: Some(&["audit_log.read"]),
    },
    NavEntry {
        path: "/profile",
        zh: "個人資料",
        en: "My profile",
        needs: None,
    },
];

/// A platform admin's own screens (they belong to no site: the site
/// screens and the site profile do not apply).
const PLATFORM_NAV: &[NavEntry] = &[
    NavEntry {
        path: "",
        zh: "總覽",
        en: "Overview",
        needs: None,
    },
    NavEntry {
        path: "/announcements",
        zh: "全市公告",
        en: "Announcements",
        needs: None,
    },
    NavEntry {
        path: "/platform-admins",
        zh: "平台管理員",
        en: "Platform admins",
        needs: None,
    },
];

/// The navigation entries the signed-in user may open, in menu order
/// (reactive on `me`).
pub fn nav_entries(s: &Session) -> impl Iterator<Item = &'static NavEntry> + '_ {
    let list = if s.slug.get_value().is_none() {
        PLATFORM_NAV
    } else {
        NAV
    };
    list.iter().filter(move |e| entry_allowed(s, e))
}

fn entry_allowed(s: &Session, e: &NavEntry) -> bool {
    if s.slug.get_value().is_none() {
        return PLATFORM_NAV.iter().any(|p| p.path == e.path);
    }
    match e.needs {
        None => true,
        Some(list) => list.iter().any(|a| s.can(a)),
    }
}

/// Whether the signed-in user may open the screen (reactive on `me`).
pub fn allowed(s: &Session, screen: &Screen) -> bool {
    if screen.is_public() {
        return true;
    }
    if s.slug.get_value().is_none() {
        return matches!(
            screen,
            Screen::Dashboard | Screen::NotFound | Screen::Announcements | Screen::PlatformAdmins
        );
    }
    match screen.section() {
        None => true,
        Some(path) => NAV
            .iter()
            .find(|e| e.path == path)
            .is_some_and(|e| entry_allowed(s, e)),
    }
}

/// The screen's content, or why it is not shown.
pub fn view(screen: Screen, allowed: bool) -> AnyView {
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
        Screen::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
        Screen::Profile => view! { <dashboard::Profile /> }.into_any(),
        Screen::NotFound => view! {
            <section class="adm-section">
                <h1>{move || tr("找不到頁面", "Page not found")}</h1>
            </section>
        }
        .into_any(),
        Screen::Groups => view! { <people::Groups /> }.into_any(),
        Screen::Users => view! { <people::Users /> }.into_any(),
        Screen::Extensions => view! { <site_admin::Extensions /> }.into_any(),
        Screen::Links => view! { <links::Links /> }.into_any(),
        Screen::Calendar => view! {
            <site_admin::Calendar />
            <events::Events />
        }
        .into_any(),
        Screen::Tokens => view! { <site_admin::Tokens /> }.into_any(),
        Screen::AuthLog => view! { <site_admin::AuthLog /> }.into_any(),
        Screen::AuditLog => view! { <site_admin::AuditLog /> }.into_any(),
        Screen::Trash => view! { <site_admin::Trash /> }.into_any(),
        Screen::Pages => view! { <pages::PagesList /> }.into_any(),
        Screen::PageNew => view! { <pages::PageEditor id=None /> }.into_any(),
        Screen::PageEdit(id) => view! { <pages::PageEditor id=Some(id) /> }.into_any(),
        Screen::Nav => view! { <navedit::NavEditor /> }.into_any(),
        Screen::News => view! { <news::NewsList /> }.into_any(),
        Screen::NewsNew => view! { <news_edit::NewsEditor id=None /> }.into_any(),
        Screen::NewsEdit(id) => view! { <news_edit::NewsEditor id=Some(id) /> }.into_any(),
        Screen::Settings => view! { <settings::Settings /> }.into_any(),
        Screen::NewsCategories => view! { <settings::NewsCategories /> }.into_any(),
        Screen::Announcements => view! { <announcements::Announcements /> }.into_any(),
        Screen::PlatformAdmins => view! { <platform_admins::PlatformAdmins /> }.into_any(),
        Screen::Apply
        | Screen::ApplyConfirm
        | Screen::ApplyStatus
        | Screen::SetUp
        | Screen::ResetPassword => public_view(screen),
    }
}

/// A public screen, drawn whatever the session's state.
pub fn public_view(screen: Screen) -> AnyView {
    use crate::admin::endpoints::applications::LinkKind;
    match screen {
        Screen::ApplyConfirm => view! { <onboarding::ConfirmPage /> }.into_any(),
        Screen::ApplyStatus => view! { <onboarding::StatusPage /> }.into_any(),
        Screen::SetUp => view! { <onboarding::LinkPasswordPage kind=LinkKind::SetUp /> }.into_any(),
        Screen::ResetPassword => {
            view! { <onboarding::LinkPasswordPage kind=LinkKind::Reset /> }.into_any()
        }
        _ => view! { <onboarding::ApplyPage /> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths() {
        assert_eq!(Screen::parse(""), Screen::Dashboard);
        assert_eq!(Screen::parse("/"), Screen::Dashboard);
        assert_eq!(Screen::parse("/news"), Screen::News);
        assert_eq!(Screen::parse("/news/new"), Screen::NewsNew);
        assert_eq!(Screen::parse("/news/7"), Screen::NewsEdit(7));
        assert_eq!(Screen::parse("/news/categories"), Screen::NewsCategories);
        assert_eq!(Screen::parse("/news/x"), Screen::NotFound);
        assert_eq!(Screen::parse("/auth-log"), Screen::AuthLog);
        assert_eq!(Screen::parse("/audit-log"), Screen::AuditLog);
        assert_eq!(Screen::parse("/trash"), Screen::Trash);
        assert_eq!(Screen::parse("/apply"), Screen::Apply);
        assert_eq!(Screen::parse("/apply/confirm"), Screen::ApplyConfirm);
        assert_eq!(Screen::parse("/account/set-up"), Screen::SetUp);
        assert!(Screen::parse("/account/reset").is_public());
        assert!(!Screen::parse("/users").is_public());
    }

    #[test]
    fn every_gated_screen_names_a_navigation_entry() {
        let screens = [
            Screen::News,
            Screen::NewsNew,
            Screen::NewsEdit(1),
            Screen::NewsCategories,
            Screen::Nav,
            Screen::Users,
            Screen::Groups,
            Screen::Pages,
            Screen::PageNew,
            Screen::PageEdit(1),
            Screen::Links,
            Screen::Extensions,
            Screen::Calendar,
            Screen::Settings,
            Screen::Tokens,
            Screen::AuthLog,
            Screen::AuditLog,
            Screen::Trash,
        ];
        for sc in screens {
            let path = sc.section();
            assert!(
                path.is_some_and(|p| NAV.iter().any(|e| e.path == p)),
                "{sc:?} is gated by no navigation entry"
            );
        }
    }
}
