//! Small shared pieces: site context, loading and error views, dates,
//! attachments and news rows.

use crate::api::ApiError;
use crate::i18n::use_t;
use crate::routes::Urls;
use crate::time;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;
use yass_shared_types::content::{Attachment, Homepage, NewsSummary};

/// The school being shown, for every screen inside its layout.
#[derive(Clone)]
pub struct SiteCtx {
    pub slug: String,
    pub urls: Urls,
    pub home: Arc<Homepage>,
}

pub fn use_site() -> SiteCtx {
    expect_context::<SiteCtx>()
}

/// Sets `document.title` (the server sets the first one; this keeps it right after navigation).
pub fn set_title(parts: &[&str]) {
    let title = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" - ");
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&title);
    }
}

/// Moves focus to an element by id (skip links and `:::` anchors), without the router.
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.scroll_into_view();
        let _ = el.focus();
    }
}

/// Focuses `<main>` (it has `tabindex="-1"`) without scrolling.
pub fn focus_main() {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let opts = web_sys::FocusOptions::new();
        opts.set_prevent_scroll(true);
        let _ = el.focus_with_options(&opts);
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let t = use_t();
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || t.get().loading}
        </p>
    }
}

/// Which friendly message to show for a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trouble {
    NotFound,
    Disabled,
    Unreachable,
    Other,
}

impl From<&ApiError> for Trouble {
    fn from(e: &ApiError) -> Self {
        match e {
            ApiError::NotFound | ApiError::SiteNotFound => Trouble::NotFound,
            ApiError::SiteDisabled => Trouble::Disabled,
            ApiError::Unreachable => Trouble::Unreachable,
            ApiError::Other(_) => Trouble::Other,
        }
    }
}

/// Picks one label out of the texts.
type Label = fn(&crate::i18n::Texts) -> &'static str;

/// A failure as a page section with its own `h1`. `home` adds a way back.
#[component]
pub fn TroubleView(
    trouble: Trouble,
    #[prop(optional, into)] home: Option<String>,
) -> impl IntoView {
    let t = use_t();
    let (title, body): (Label, Label) = match trouble {
        Trouble::NotFound => (|t| t.not_found_title, |t| t.not_found_body),
        Trouble::Disabled => (|t| t.disabled_title, |t| t.disabled_body),
        Trouble::Unreachable => (|t| t.unreachable_title, |t| t.unreachable_body),
        Trouble::Other => (|t| t.error_title, |t| t.error_body),
    };
    let kind = match trouble {
        Trouble::NotFound => "not-found",
        Trouble::Disabled => "site-disabled",
        Trouble::Unreachable => "unreachable",
        Trouble::Other => "error",
    };
    let retry = matches!(trouble, Trouble::Unreachable | Trouble::Other);
    set_title(&[title(t.get_untracked())]);
    view! {
        <section class="trouble" data-trouble=kind>
            <h1>{move || title(t.get())}</h1>
            <p>{move || body(t.get())}</p>
            <p class="actions">
                {retry
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button"
                                on:click=|_| {
                                    if let Some(w) = web_sys::window() {
                                        let _ = w.location().reload();
                                    }
                                }
                            >
                                {move || t.get().retry}
                            </button>
                        }
                    })}
                {home.map(|h| view! { <a class="button secondary" href=h>{move || t.get().back_home}</a> })}
            </p>
        </section>
    }
}

/// A failure on its own page, outside any school layout.
#[component]
pub fn StandaloneTrouble(trouble: Trouble) -> impl IntoView {
    view! {
        <div class="standalone">
            <main id="main" tabindex="-1">
                <TroubleView trouble=trouble />
            </main>
        </div>
    }
}

/// `<time>` with the Taipei date (and time when `with_time`).
#[component]
pub fn When(at: DateTime<Utc>, #[prop(optional)] with_time: bool) -> impl IntoView {
    let text = if with_time {
        time::date_time(&at)
    } else {
        time::date(&at)
    };
    view! { <time datetime=time::iso(&at)>{text}</time> }
}

fn human_size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K {
        format!("{bytes} B")
    } else if b < K * K {
        format!("{:.0} KB", b / K)
    } else {
        format!("{:.1} MB", b / K / K)
    }
}

/// Download links that keep the original file names.
#[component]
pub fn Attachments(items: Vec<Attachment>) -> impl IntoView {
    let t = use_t();
    (!items.is_empty()).then(|| {
        view! {
            <section class="attachments" aria-labelledby="attachments-h">
                <h2 id="attachments-h">{move || t.get().attachments}</h2>
                <ul>
                    {items
                        .into_iter()
                        .map(|a| {
                            let size = human_size(a.size);
                            view! {
                                <li>
                                    <a href=a.url download=a.file_name.clone()>
                                        {a.file_name.clone()}
                                    </a>
                                    " "
                                    <span class="muted">"(" {size} ")"</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// One news item in a list; pinned ones carry a 置頂 badge.
#[component]
pub fn NewsRow(item: NewsSummary, urls: Urls) -> impl IntoView {
    let t = use_t();
    let pinned = item.pinned_now;
    view! {
        <li class="news-row" class:pinned=pinned data-news-id=item.id.to_string()>
            {pinned.then(|| view! { <span class="badge">{move || t.get().pinned}</span> })}
            <When at=item.display_at />
            <a class="news-title" href=urls.news(item.id)>{item.title.clone()}</a>
            {item.category_name.clone().map(|c| view! { <span class="tag">{c}</span> })}
            <span class="muted group">{item.group_name.clone()}</span>
        </li>
    }
}
