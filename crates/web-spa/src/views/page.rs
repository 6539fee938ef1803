//! A page by id (also reached through menu items of type page). Restricted
//! pages answer 404 to those who may not read them: the not-found view.

use crate::api;
use crate::html_sink::RichHtml;
use crate::i18n::use_t;
use crate::views::common::{Attachments, Loading, Trouble, TroubleView, When, set_title, use_site};
use leptos::prelude::*;

#[component]
pub fn PageScreen(id: i64) -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let urls = ctx.urls.clone();
    let site_name = ctx.home.site.name.clone();
    let slug = ctx.slug.clone();
    let page = LocalResource::new(move || api::page(slug.clone(), id));
    move || match page.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <TroubleView trouble=Trouble::from(&e) home=urls.home() /> }.into_any()
        }
        Some(Ok(p)) => {
            set_title(&[&p.title, &site_name]);
            view! {
                <article class="page">
                    <h1>{p.title.clone()}</h1>
                    <RichHtml html=p.body.clone() />
                    <Attachments items=p.attachments.clone() />
                    <p class="muted updated">
                        {move || t.get().updated}
                        " "
                        <When at=p.updated_at />
                    </p>
                </article>
            }
            .into_any()
        }
    }
}
