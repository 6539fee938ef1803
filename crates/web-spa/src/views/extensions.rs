//! The phone extension directory with one-tap call buttons.

use crate::api;
use crate::i18n::use_t;
use crate::views::common::{Loading, Trouble, TroubleView, set_title, use_site};
use leptos::prelude::*;
use yass_shared_types::content::Extension;

/// A table of offices; the call link is exactly the API's `tel_uri`
/// (`tel:+886…,123`: the comma makes the phone pause, then dial the extension).
#[component]
pub fn ExtensionTable(items: Vec<Extension>) -> impl IntoView {
    let t = use_t();
    let rows = items
        .into_iter()
        .map(|e| {
            let call = e.tel_uri.clone().map(|uri| {
                let what = format!("{} {}", e.title, e.extension);
                view! {
                    <a class="call" href=uri data-extension-id=e.id.to_string()>
                        {move || t.get().call}
                        <span class="visually-hidden">" " {what}</span>
                    </a>
                }
            });
            view! {
                <tr>
                    <th scope="row">{e.title.clone()}</th>
                    <td>{e.extension.clone()}</td>
                    <td>{call}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="ext-table">
            <thead>
                <tr>
                    <th scope="col">{move || t.get().office}</th>
                    <th scope="col">{move || t.get().extension}</th>
                    <th scope="col">{move || t.get().call}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub fn ExtensionsScreen() -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let urls = ctx.urls.clone();
    let site_name = ctx.home.site.name.clone();
    Effect::new(move |_| set_title(&[t.get().extensions, &site_name]));
    let slug = ctx.slug.clone();
    let exts = LocalResource::new(move || api::extensions(slug.clone()));
    let body = move || match exts.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <TroubleView trouble=Trouble::from(&e) home=urls.home() /> }.into_any()
        }
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted">{move || t.get().nothing_yet}</p> }.into_any()
        }
        Some(Ok(list)) => view! { <ExtensionTable items=list /> }.into_any(),
    };
    view! {
        <section class="extensions-index">
            <h1>{move || t.get().extensions}</h1>
            {body}
        </section>
    }
}
