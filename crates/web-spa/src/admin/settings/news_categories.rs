//! News categories: add, rename, reorder, delete.

use super::err_of;
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::news_categories;
use crate::admin::shell::use_admin;
use crate::admin::ui::{FieldErr, Note, NoteLine, confirm, prompt, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{Category, CategoryInput, CategoryPatch};

#[component]
pub fn NewsCategories() -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let items = RwSignal::new(Vec::<Category>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let name = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match news_categories::list(&s).await {
                Ok(mut v) => {
                    v.sort_by_key(|c| c.order);
                    items.set(v);
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    reload();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CategoryInput {
            name: name.get_untracked().trim().to_string(),
            order: None,
        };
        spawn_local(async move {
            match news_categories::create(&s, &body).await {
                Ok(_) => {
                    fail.set(None);
                    name.set(String::new());
                    note.set(Note::Ok(tr("已新增。", "Added.").into()));
                    reload();
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    let patch = move |id: i64, body: CategoryPatch| {
        spawn_local(async move {
            match news_categories::update(&s, id, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    reload();
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let swap = move |i: usize, up: bool| {
        let v = items.get_untracked();
        let j = if up { i.checked_sub(1) } else { Some(i + 1) };
        let (Some(a), Some(b)) = (v.get(i), j.and_then(|j| v.get(j))) else {
            return;
        };
        // Orders may tie; give the pair distinct slots in the new order.
        let (lo, hi) = if a.order == b.order {
            (a.order.min(b.order), a.order.max(b.order) + 1)
        } else {
            (a.order.min(b.order), a.order.max(b.order))
        };
        let (a_ord, b_ord) = if up { (lo, hi) } else { (hi, lo) };
        let (aid, bid) = (a.id, b.id);
        spawn_local(async move {
            let r1 = news_categories::update(
                &s,
                aid,
                &CategoryPatch {
                    name: None,
                    order: Some(a_ord),
                },
            )
            .await;
            let r2 = news_categories::update(
                &s,
                bid,
                &CategoryPatch {
                    name: None,
                    order: Some(b_ord),
                },
            )
            .await;
            if let Err(e) = r1.and(r2) {
                note.set(Note::Err(e.message()));
            }
            reload();
        });
    };
    let back = ctx.href("/news");
    view! {
        <section class="adm-section" data-screen="news-categories">
            <p><a href=back>{move || tr("← 回最新消息", "← Back to news")}</a></p>
            <h1>{move || tr("消息分類", "News categories")}</h1>
            <NoteLine note=note />
            <table class="adm-table" data-list="categories">
                <thead><tr>
                    <th scope="col">{move || tr("名稱", "Name")}</th>
                    <th scope="col">{move || tr("動作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().enumerate().map(|(i, c)| {
                        let (c1, c2) = (c.clone(), c.clone());
                        view! {
                            <tr data-category=c.name.clone()>
                                <td>{c.name.clone()}</td>
                                <td>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), c.name) on:click=move |_| swap(i, true)>"↑"</button>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), c.name) on:click=move |_| swap(i, false)>"↓"</button>
                                    " "
                                    <button type="button" class="btn small" data-action="rename" on:click=move |_| {
                                        if let Some(n) = prompt(tr("新的分類名稱", "New category name"), &c1.name) {
                                            let n = n.trim().to_string();
                                            if !n.is_empty() && n != c1.name {
                                                patch(c1.id, CategoryPatch { name: Some(n), order: None });
                                            }
                                        }
                                    }>{tr("改名", "Rename")}</button>
                                    " "
                                    <button type="button" class="btn small" data-action="delete" on:click=move |_| {
                                        if !confirm(&format!("{}「{}」？", tr("確定要刪除分類", "Delete the category"), c2.name)) { return; }
                                        let id = c2.id;
                                        spawn_local(async move {
                                            match news_categories::delete(&s, id).await {
                                                Ok(()) => { note.set(Note::Ok(tr("已刪除。", "Deleted.").into())); reload(); }
                                                Err(e) => note.set(Note::Err(e.message())),
                                            }
                                        });
                                    }>{tr("刪除", "Delete")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=add data-form="category">
                <h2>{move || tr("新增分類", "New category")}</h2>
                <label for="cat-name">{move || tr("名稱", "Name")}</label>
                <input id="cat-name" aria-describedby="cat-name-err" prop:value=move || name.get() on:input=move |ev| name.set(val(&ev)) />
                <FieldErr id="cat-name-err" msg=err_of(fail, "name") />
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("新增", "Add")}</button></div>
            </form>
        </section>
    }
}
