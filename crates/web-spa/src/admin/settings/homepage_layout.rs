//! The homepage layout: which blocks show, in what order, how many items.

use super::{err_of, shift};
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::site;
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{HomepageBlock, HomepageBlockKind, HomepageLayout};

pub fn block_label(k: HomepageBlockKind) -> &'static str {
    match k {
        HomepageBlockKind::Announcements => tr("公告", "Announcements"),
        HomepageBlockKind::News => tr("最新消息", "News"),
        HomepageBlockKind::Links => tr("網站連結", "Links"),
        HomepageBlockKind::Extensions => tr("分機表", "Extensions"),
        HomepageBlockKind::Calendar => tr("行事曆", "Calendar"),
    }
}

fn block_key(k: HomepageBlockKind) -> &'static str {
    match k {
        HomepageBlockKind::Announcements => "announcements",
        HomepageBlockKind::News => "news",
        HomepageBlockKind::Links => "links",
        HomepageBlockKind::Extensions => "extensions",
        HomepageBlockKind::Calendar => "calendar",
    }
}

#[component]
pub(super) fn LayoutForm() -> impl IntoView {
    let s = use_session();
    let blocks = RwSignal::new(Vec::<HomepageBlock>::new());
    let fail = RwSignal::new(None::<Fail>);
    let note = RwSignal::new(Note::None);
    spawn_local(async move {
        match site::homepage_layout(&s).await {
            Ok(l) => blocks.set(l.blocks),
            Err(e) => note.set(Note::Err(e.message())),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = HomepageLayout {
            blocks: blocks.get_untracked(),
        };
        spawn_local(async move {
            match site::update_homepage_layout(&s, &body).await {
                Ok(l) => {
                    fail.set(None);
                    blocks.set(l.blocks);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="adm-form narrow" on:submit=save data-form="layout">
            <h2>{move || tr("首頁版面", "Homepage layout")}</h2>
            <NoteLine note=note />
            <table class="adm-table" data-list="blocks">
                <thead><tr>
                    <th scope="col">{move || tr("區塊", "Block")}</th>
                    <th scope="col">{move || tr("顯示", "Shown")}</th>
                    <th scope="col">{move || tr("筆數", "Items")}</th>
                    <th scope="col">{move || tr("順序", "Order")}</th>
                </tr></thead>
                <tbody>
                    {move || blocks.get().into_iter().enumerate().map(|(i, b)| {
                        let label = block_label(b.kind);
                        let key = block_key(b.kind);
                        let cid = format!("block-{key}-count");
                        view! {
                            <tr data-block=key>
                                <td>{label}</td>
                                <td><input type="checkbox" aria-label=format!("{}：{}", tr("顯示", "Show"), label) prop:checked=b.enabled on:change=move |ev| { let c = checked(&ev); blocks.update(|v| if let Some(x) = v.get_mut(i) { x.enabled = c; }); } /></td>
                                <td><input id=cid type="number" min="1" max="50" style="width:5rem" aria-label=format!("{}：{}", tr("筆數", "Items"), label) prop:value=b.count.to_string() on:change=move |ev| { let n = val(&ev).parse().unwrap_or(1); blocks.update(|v| if let Some(x) = v.get_mut(i) { x.count = n; }); } /></td>
                                <td>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), label) on:click=move |_| blocks.update(|v| shift(v, i, true))>"↑"</button>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), label) on:click=move |_| blocks.update(|v| shift(v, i, false))>"↓"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <FieldErr id="layout-err" msg=err_of(fail, "blocks") />
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存版面", "Save layout")}</button>
            </div>
        </form>
    }
}
