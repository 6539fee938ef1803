//! Links (網站連結) by category. Everyone with link rights adds links and
//! edits or deletes the ones their groups own; site admins also manage the
//! categories and put links, categories and the links shown on the homepage
//! in order with up/down buttons.
//!
//! Parts: [`page`] (state and actions), [`category`] (one category with its
//! toolbar), [`link_row`] (one link), [`homepage_order`], [`up_down`]
//! (the move buttons); the form is `admin/link_form.rs`.

mod category;
mod homepage_order;
mod link_row;
mod page;
mod up_down;

use crate::admin::api::use_session;
use crate::admin::link_form::LinkForm;
use crate::admin::ui::{NoteLine, tr, val};
use category::category_section;
use homepage_order::homepage_order;
use leptos::prelude::*;
use page::LinksPage;

#[component]
pub fn Links() -> impl IntoView {
    let p = LinksPage::new(use_session());
    p.reload();
    if p.admin {
        p.load_cut_off();
    }
    let LinksPage {
        admin,
        cats,
        note,
        fields,
        new_cat,
        ..
    } = p;
    let list = move || {
        let all = cats.get();
        let n = all.len();
        all.into_iter()
            .enumerate()
            .map(|(i, c)| category_section(p, i, n, c))
            .collect_view()
    };
    let home_list = move || homepage_order(p);

    view! {
        <section class="adm-section" data-screen="links">
            <h1>{move || tr("網站連結", "Links")}</h1>
            <NoteLine note=note />
            {list}
            {admin.then(|| view! {
                <section class="link-home" data-homepage-links aria-labelledby="lnk-home-h">
                    <h2 id="lnk-home-h">{move || tr("首頁連結順序", "Order on the homepage")}</h2>
                    {home_list}
                </section>
            })}
            <LinkForm fields=fields cats=cats on_saved=Callback::new(move |()| p.reload()) />
            {admin.then(|| view! {
                <form class="toolbar" on:submit=move |ev| p.add_category(ev) data-form="link-category">
                    <label>{move || tr("新分類名稱", "New category")}<input id="lnk-newcat" prop:value=move || new_cat.get() on:input=move |ev| new_cat.set(val(&ev)) /></label>
                    <button type="submit" class="btn">{move || tr("新增分類", "Add category")}</button>
                </form>
            })}
        </section>
    }
}
