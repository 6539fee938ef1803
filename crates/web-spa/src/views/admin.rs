//! `/admin` is reserved for the admin dashboard (a later issue).

use crate::i18n::use_t;
use crate::views::common::set_title;
use leptos::prelude::*;

#[component]
pub fn AdminPlaceholder() -> impl IntoView {
    let t = use_t();
    set_title(&[t.get_untracked().admin_title]);
    view! {
        <section class="trouble" data-screen="admin">
            <h1>{move || t.get().admin_title}</h1>
            <p>{move || t.get().admin_body}</p>
        </section>
    }
}
