//! The admin dashboard under `/admin` (own host) and `/s/{slug}/admin`
//! (platform host): sign-in, then the screens the user's rights allow.

mod api;
mod dashboard;
mod dt;
mod endpoints;
mod event_form;
mod events;
mod group_kind;
mod link_form;
mod links;
mod login;
mod navedit;
mod news;
mod news_edit;
mod pages;
mod people;
mod platform;
mod reorder;
mod rte;
mod settings;
mod shell;
mod site_admin;
mod ui;
mod upload;

pub use shell::AdminApp;

use leptos::prelude::*;
use shell::AdminScreen;

/// The screens behind the side navigation (rights already checked).
fn screens(screen: AdminScreen) -> AnyView {
    match screen {
        AdminScreen::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
        AdminScreen::Groups => view! { <people::Groups /> }.into_any(),
        AdminScreen::Users => view! { <people::Users /> }.into_any(),
        AdminScreen::Extensions => view! { <site_admin::Extensions /> }.into_any(),
        AdminScreen::Links => view! { <links::Links /> }.into_any(),
        AdminScreen::Calendar => view! {
            <site_admin::Calendar />
            <events::Events />
        }
        .into_any(),
        AdminScreen::Tokens => view! { <site_admin::Tokens /> }.into_any(),
        AdminScreen::AuthLog => view! { <site_admin::AuthLog /> }.into_any(),
        AdminScreen::Pages => view! { <pages::PagesList /> }.into_any(),
        AdminScreen::PageNew => view! { <pages::PageEditor id=None /> }.into_any(),
        AdminScreen::PageEdit(id) => view! { <pages::PageEditor id=Some(id) /> }.into_any(),
        AdminScreen::Nav => view! { <navedit::NavEditor /> }.into_any(),
        AdminScreen::News => view! { <news::NewsList /> }.into_any(),
        AdminScreen::NewsNew => view! { <news_edit::NewsEditor id=None /> }.into_any(),
        AdminScreen::Settings => view! { <settings::Settings /> }.into_any(),
        AdminScreen::NewsCategories => view! { <settings::NewsCategories /> }.into_any(),
        AdminScreen::NewsEdit(id) => view! { <news_edit::NewsEditor id=Some(id) /> }.into_any(),
        _ => view! {
            <section class="adm-section">
                <p>{move || ui::tr("這個功能即將推出。", "This feature is coming soon.")}</p>
            </section>
        }
        .into_any(),
    }
}
