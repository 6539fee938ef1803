//! The school's nested menu.
//!
//! Phones: a menu button (`aria-expanded`) shows the list; every level below
//! is a collapsible group with its own toggle button. Desktops: the top level
//! is a bar and groups drop down on hover, keyboard focus or click; Escape
//! closes a group and returns focus to its toggle (both layouts).

use crate::i18n::{Texts, use_t};
use crate::routes::{NewsQuery, Urls};
use crate::views::common::use_site;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;
use yass_shared_types::content::{NavItem, NavModule, NavTarget};

#[component]
pub fn MainNav(items: Vec<NavItem>) -> impl IntoView {
    let t = use_t();
    let urls = use_site().urls;
    let open = RwSignal::new(false);
    let loc = use_location();
    Effect::new(move |_| {
        loc.pathname.track();
        loc.search.track();
        open.set(false);
    });
    let entries = items
        .into_iter()
        .filter(|i| i.visible)
        .map(|i| entry(i, &urls, t))
        .collect_view();
    view! {
        <nav class="main-nav" aria-label=move || t.get().main_nav>
            <button
                type="button"
                class="menu-toggle"
                aria-controls="main-menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="burger" aria-hidden="true"></span>
                {move || t.get().menu}
            </button>
            <ul id="main-menu" class="menu" class:open=move || open.get()>
                <li class="menu-item">
                    <a href=urls.home()>{move || t.get().home}</a>
                </li>
                {entries}
            </ul>
        </nav>
    }
}

/// The desktop bar (same breakpoint as style.css): only there do groups open
/// on hover and focus; on a phone every level opens and closes by tapping.
fn desktop_layout() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(min-width: 900px)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Where a menu item leads, and whether in a new tab.
fn link_of(target: &NavTarget, urls: &Urls) -> Option<(String, bool)> {
    match target {
        NavTarget::Link { url, new_tab } => Some((url.clone(), *new_tab)),
        NavTarget::Page { page_id } => Some((urls.page(*page_id), false)),
        NavTarget::News { category_id } => Some((
            urls.news_list(&NewsQuery {
                page: 1,
                category: *category_id,
                ..Default::default()
            }),
            false,
        )),
        NavTarget::Module { module } => Some((
            urls.path(match module {
                NavModule::Extensions => "/extensions",
                NavModule::Links => "/links",
                NavModule::Calendar => "/calendar",
            }),
            false,
        )),
        NavTarget::Submenu | NavTarget::Divider => None,
    }
}

fn nav_link(
    href: String,
    new_tab: bool,
    name: String,
    accessible_name: Option<String>,
    t: Signal<&'static Texts>,
) -> AnyView {
    view! {
        <a
            href=href
            target=new_tab.then_some("_blank")
            rel=new_tab.then_some("noopener noreferrer")
            aria-label=accessible_name
        >
            {name}
            {new_tab
                .then(|| {
                    view! { <span class="visually-hidden">{move || t.get().new_window}</span> }
                })}
        </a>
    }
    .into_any()
}

/// One menu entry; recursive, hence a plain function returning `AnyView`.
fn entry(item: NavItem, urls: &Urls, t: Signal<&'static Texts>) -> AnyView {
    let NavItem {
        id,
        name,
        accessible_name,
        target,
        children,
        ..
    } = item;
    if matches!(target, NavTarget::Divider) {
        return view! { <li class="divider" aria-hidden="true"></li> }.into_any();
    }
    let kids: Vec<NavItem> = children.into_iter().filter(|c| c.visible).collect();
    let link = link_of(&target, urls);
    if kids.is_empty() {
        return match link {
            Some((href, new_tab)) => view! {
                <li class="menu-item">{nav_link(href, new_tab, name, accessible_name, t)}</li>
            }
            .into_any(),
            // An empty submenu leads nowhere: leave it out.
            None => ().into_any(),
        };
    }

    let expanded = RwSignal::new(false);
    // Opened by hover or focus rather than by a click: the click that follows
    // (mouse down focuses first) must then keep it open instead of toggling.
    let auto = StoredValue::new(false);
    // Escape hands focus back to the toggle; that focus must not reopen the group.
    let hush = StoredValue::new(false);
    let li_ref = NodeRef::<leptos::html::Li>::new();
    let toggle_ref = NodeRef::<leptos::html::Button>::new();
    let loc = use_location();
    Effect::new(move |_| {
        loc.pathname.track();
        expanded.set(false);
    });
    let open_auto = move || {
        if desktop_layout() && !expanded.get_untracked() {
            auto.set_value(true);
            expanded.set(true);
        }
    };
    let close = move || {
        auto.set_value(false);
        expanded.set(false);
    };
    let toggle = move |_| {
        if auto.get_value() {
            auto.set_value(false);
            expanded.set(true);
        } else {
            expanded.update(|e| *e = !*e);
        }
    };
    let sub_id = format!("submenu-{id}");
    let subs = kids.into_iter().map(|k| entry(k, urls, t)).collect_view();
    let aria_expanded = move || expanded.get().to_string();
    let head = match link {
        None => view! {
            <button
                type="button"
                class="submenu-toggle"
                aria-expanded=aria_expanded
                aria-controls=sub_id.clone()
                aria-label=accessible_name
                node_ref=toggle_ref
                on:click=toggle
            >
                {name}
                <span class="caret" aria-hidden="true"></span>
            </button>
        }
        .into_any(),
        Some((href, new_tab)) => {
            let label = name.clone();
            view! {
                {nav_link(href, new_tab, name, accessible_name, t)}
                <button
                    type="button"
                    class="submenu-toggle caret-only"
                    aria-expanded=aria_expanded
                    aria-controls=sub_id.clone()
                    aria-label=move || format!("{label}{}", t.get().submenu_of)
                    node_ref=toggle_ref
                    on:click=toggle
                >
                    <span class="caret" aria-hidden="true"></span>
                </button>
            }
            .into_any()
        }
    };
    view! {
        <li
            class="menu-item has-sub"
            class:expanded=move || expanded.get()
            node_ref=li_ref
            on:mouseenter=move |_| open_auto()
            on:mouseleave=move |_| {
                if desktop_layout() {
                    close();
                }
            }
            on:focusin=move |_| {
                if hush.get_value() {
                    hush.set_value(false);
                } else {
                    open_auto();
                }
            }
            on:focusout=move |ev| {
                let inside = ev
                    .related_target()
                    .and_then(|n| n.dyn_into::<web_sys::Node>().ok())
                    .zip(li_ref.get_untracked())
                    .is_some_and(|(n, li)| li.contains(Some(&n)));
                if !inside {
                    close();
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" && expanded.get_untracked() {
                    ev.stop_propagation();
                    close();
                    if let Some(b) = toggle_ref.get_untracked() {
                        hush.set_value(true);
                        let _ = b.focus();
                        hush.set_value(false);
                    }
                }
            }
        >
            {head}
            <ul class="submenu" id=sub_id>
                {subs}
            </ul>
        </li>
    }
    .into_any()
}
