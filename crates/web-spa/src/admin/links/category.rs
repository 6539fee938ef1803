//! One category: its name, its toolbar (site admins: up/down, rename,
//! delete unless it is the default one) and its links.

use super::link_row::link_row;
use super::page::{Doomed, LinksPage};
use super::up_down::UpDown;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::content::LinkCategory;

/// Category `c`, the `i`-th of `n`.
pub(super) fn category_section(p: LinksPage, i: usize, n: usize, c: LinkCategory) -> impl IntoView {
    let admin = p.admin;
    let cid = c.id;
    let (c1, cname) = (c.clone(), c.name.clone());
    let count = c.links.len();
    let links = c
        .links
        .into_iter()
        .enumerate()
        .map(|(j, l)| link_row(p, cid, l, j == 0, j + 1 == count))
        .collect_view();
    view! {
        <section class="link-cat" data-category=c.name.clone()>
            <h2>{c.name.clone()}</h2>
            {admin.then(|| view! {
                <p class="toolbar">
                    <UpDown key=format!("cat-{cid}") name=c.name.clone() first=i == 0 last=i + 1 == n
                        on_move=Callback::new(move |up| p.move_cat(cid, up)) />
                    <button type="button" class="btn small" data-action="rename" on:click=move |_| p.rename(c1.clone())>{move || tr("分類更名", "Rename category")}</button>
                    {(!c.is_default).then(|| view! {
                        <button type="button" class="btn small" data-action="delete-category" on:click=move |_| p.delete(Doomed::Category(cid), tr("確定要刪除分類", "Delete the category"), cname.clone())>
                            {move || tr("刪除分類", "Delete category")}
                        </button>
                    })}
                </p>
            })}
            <ul class="att-list">{links}</ul>
        </section>
    }
}
