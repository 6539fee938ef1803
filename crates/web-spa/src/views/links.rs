//! Links by category.

use crate::api;
use crate::i18n::use_t;
use crate::views::common::{Loading, Trouble, TroubleView, set_title, use_site};
use leptos::prelude::*;
use yass_shared_types::content::Link;

/// One link; web links open in a new tab and say so.
#[component]
pub fn LinkItem(link: Link) -> impl IntoView {
    let t = use_t();
    let external = link.url.starts_with("http://") || link.url.starts_with("https://");
    let icon = link
        .icon_url
        .clone()
        .map(|src| view! { <img class="link-icon" src=src alt="" width="20" height="20" /> });
    view! {
        <li>
            <a
                href=link.url.clone()
                target=external.then_some("_blank")
                rel=external.then_some("noopener noreferrer")
            >
                {icon}
                {link.title.clone()}
                {external
                    .then(|| {
                        view! { <span class="visually-hidden">{move || t.get().new_window}</span> }
                    })}
            </a>
        </li>
    }
}

#[component]
pub fn LinksScreen() -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let urls = ctx.urls.clone();
    let site_name = ctx.home.site.name.clone();
    Effect::new(move |_| set_title(&[t.get().links, &site_name]));
    let slug = ctx.slug.clone();
    let cats = LocalResource::new(move || api::links(slug.clone()));
    let body = move || match cats.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <TroubleView trouble=Trouble::from(&e) home=urls.home() /> }.into_any()
        }
        Some(Ok(cats)) => {
            let cats: Vec<_> = cats.into_iter().filter(|c| !c.links.is_empty()).collect();
            if cats.is_empty() {
                return view! { <p class="muted">{move || t.get().nothing_yet}</p> }.into_any();
            }
            cats.into_iter()
                .map(|c| {
                    let hid = format!("link-cat-{}", c.id);
                    let labelled_by = hid.clone();
                    view! {
                        <section class="card" aria-labelledby=labelled_by>
                            <h2 id=hid>{c.name}</h2>
                            <ul class="link-list">
                                {c
                                    .links
                                    .into_iter()
                                    .map(|l| view! { <LinkItem link=l /> })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    view! {
        <section class="links-index">
            <h1>{move || t.get().links}</h1>
            <div class="card-grid">{body}</div>
        </section>
    }
}
