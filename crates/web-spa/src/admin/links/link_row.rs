//! One link in its category: icon, title, homepage badge, up/down (site
//! admins), Edit and Delete (when this user may).

use super::page::{Doomed, LinksPage, can_edit};
use super::up_down::UpDown;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::content::Link;

/// `first`/`last`: its place in the category (disables up or down).
pub(super) fn link_row(p: LinksPage, cid: i64, l: Link, first: bool, last: bool) -> impl IntoView {
    let LinksPage {
        s, admin, fields, ..
    } = p;
    let editable = can_edit(&s, &l);
    let (l1, id, title) = (l.clone(), l.id, l.title.clone());
    view! {
        <li data-link=l.title.clone()>
            {l.icon_url.clone().map(|u| view! { <img class="link-icon" src=u alt="" width="20" height="20" /> })}
            <a href=l.url.clone() target="_blank" rel="noopener">{l.title.clone()}</a>
            {l.on_homepage.then(|| view! { <span class="badge visible">{move || tr("首頁", "Homepage")}</span> })}
            " "
            {admin.then(|| view! {
                <UpDown key=format!("lnk-{id}") name=l.title.clone() first=first last=last
                    on_move=Callback::new(move |up| p.move_link(cid, id, up)) />
            })}
            {editable.then(|| view! {
                <button type="button" class="btn small" data-action="edit" on:click=move |_| fields.fill(&l1)>{move || tr("編輯", "Edit")}</button>
                <button type="button" class="btn small" data-action="delete" on:click=move |_| p.delete(Doomed::Link(id), tr("確定要刪除連結", "Delete the link"), title.clone())>
                    {move || tr("刪除", "Delete")}
                </button>
            })}
        </li>
    }
}
