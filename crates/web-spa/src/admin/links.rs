//! Links (網站連結) by category. Everyone with link rights adds links and
//! edits or deletes the ones their groups own; site admins also manage the
//! categories and put links, categories and the links shown on the homepage
//! in order with up/down buttons.

use crate::admin::api::{Res, Session, use_session};
use crate::admin::endpoints::links::{self as api, OrderOf};
use crate::admin::link_form::{LinkFields, LinkForm};
use crate::admin::reorder::step;
use crate::admin::ui::{Note, NoteLine, confirm, prompt, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{
    HomepageBlockKind, HomepageLayout, Link, LinkCategory, LinkCategoryInput, LinkCategoryPatch,
};

/// What a Delete button removes (both ask first, then reload the list).
#[derive(Clone, Copy)]
enum Doomed {
    Link(i64),
    Category(i64),
}

impl Doomed {
    async fn delete(self, s: &Session) -> Res<()> {
        match self {
            Doomed::Link(id) => api::delete(s, id).await,
            Doomed::Category(id) => api::delete_category(s, id).await,
        }
    }
}

/// How many links the homepage shows: its layout's links block (none when
/// that block is off), as the API cuts the list.
fn links_shown(layout: &HomepageLayout) -> usize {
    layout
        .blocks
        .iter()
        .find(|b| b.kind == HomepageBlockKind::Links && b.enabled)
        .map_or(0, |b| b.count as usize)
}

/// Whether this user may edit or delete the link (the API decides too).
fn can_edit(s: &Session, l: &Link) -> bool {
    s.is_admin()
        || s.can("links.edit_any")
        || l.group_id.is_some_and(|g| {
            s.me.with_untracked(|m| {
                m.as_ref()
                    .is_some_and(|m| m.rights.principal_group_ids.contains(&g))
            })
        })
}

/// Keeps keyboard focus on the button just used; at the end of the list
/// (where it is disabled) on its twin.
fn refocus(id: String, twin: String) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let doc = web_sys::window().and_then(|w| w.document());
        let get = |i: &str| {
            doc.as_ref()
                .and_then(|d| d.get_element_by_id(i))
                .and_then(|e| e.dyn_into::<web_sys::HtmlButtonElement>().ok())
        };
        match get(&id) {
            Some(b) if !b.disabled() => {
                let _ = b.focus();
            }
            _ => {
                if let Some(b) = get(&twin) {
                    let _ = b.focus();
                }
            }
        }
    });
}

/// Up and down buttons for one item; `key` makes their ids unique.
#[component]
fn UpDown(
    key: String,
    name: String,
    first: bool,
    last: bool,
    on_move: Callback<bool>,
) -> impl IntoView {
    let (up_id, down_id) = (format!("{key}-up"), format!("{key}-down"));
    let (n1, n2) = (name.clone(), name);
    view! {
        <button type="button" class="btn small" id=up_id data-action="up" disabled=first
            aria-label=move || format!("{}：{}", tr("上移", "Move up"), n1)
            on:click=move |_| on_move.run(true)>"↑"</button>
        <button type="button" class="btn small" id=down_id data-action="down" disabled=last
            aria-label=move || format!("{}：{}", tr("下移", "Move down"), n2)
            on:click=move |_| on_move.run(false)>"↓"</button>
    }
}

#[component]
pub fn Links() -> impl IntoView {
    let s = use_session();
    let admin = s.is_admin();
    let cats = RwSignal::new(Vec::<LinkCategory>::new());
    let note = RwSignal::new(Note::None);
    let fields = LinkFields::new();
    let new_cat = RwSignal::new(String::new());
    let load = move || async move {
        match api::list(&s).await {
            Ok(v) => cats.set(v),
            Err(f) => note.set(Note::Err(f.message())),
        }
    };
    let reload = move || spawn_local(load());
    reload();
    // The homepage's cut-off, to mark the links past it in the homepage order.
    let shown = RwSignal::new(None::<usize>);
    if admin {
        spawn_local(async move {
            if let Ok(l) = crate::admin::endpoints::site::homepage_layout(&s).await {
                shown.set(Some(links_shown(&l)));
            }
        });
    }
    // Sends a whole new order, shows what the API stored, and keeps the
    // keyboard focus on the moved item's button (`key`).
    let put_order = move |of: OrderOf, ids: Vec<i64>, key: String, up: bool| {
        note.set(Note::Busy(tr("移動中…", "Moving…").into()));
        spawn_local(async move {
            match api::set_order(&s, of, ids).await {
                Ok(_) => note.set(Note::Ok(tr("已移動。", "Moved.").into())),
                Err(f) => note.set(Note::Err(f.message())),
            }
            load().await;
            let (pressed, twin) = if up { ("up", "down") } else { ("down", "up") };
            refocus(format!("{key}-{pressed}"), format!("{key}-{twin}"));
        });
    };
    let move_cat = move |id: i64, up: bool| {
        let ids: Vec<i64> = cats.with_untracked(|c| c.iter().map(|c| c.id).collect());
        if let Some(ids) = step(&ids, id, up) {
            put_order(OrderOf::Categories, ids, format!("cat-{id}"), up);
        }
    };
    let move_link = move |cid: i64, id: i64, up: bool| {
        let ids: Vec<i64> = cats.with_untracked(|c| {
            c.iter()
                .find(|c| c.id == cid)
                .map(|c| c.links.iter().map(|l| l.id).collect())
                .unwrap_or_default()
        });
        if let Some(ids) = step(&ids, id, up) {
            put_order(OrderOf::LinksIn(cid), ids, format!("lnk-{id}"), up);
        }
    };
    // The links shown on the homepage, in homepage order (as the API sorts them).
    let home_links = move || {
        let mut v: Vec<Link> = cats.with(|c| {
            c.iter()
                .flat_map(|c| c.links.iter().filter(|l| l.on_homepage).cloned())
                .collect()
        });
        v.sort_by_key(|l| (l.homepage_order, l.id));
        v
    };
    let move_home = move |id: i64, up: bool| {
        let ids: Vec<i64> = untrack(home_links).iter().map(|l| l.id).collect();
        if let Some(ids) = step(&ids, id, up) {
            put_order(OrderOf::Homepage, ids, format!("home-{id}"), up);
        }
    };
    let delete = move |doomed: Doomed, what: &'static str, name: String| {
        if !confirm(&format!("{what}「{name}」？")) {
            return;
        }
        spawn_local(async move {
            match doomed.delete(&s).await {
                Ok(()) => {
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    let rename = move |c: LinkCategory| {
        let Some(name) = prompt(tr("新的分類名稱", "New category name"), &c.name) else {
            return;
        };
        let body = LinkCategoryPatch {
            name: Some(name),
            order: None,
        };
        spawn_local(async move {
            match api::update_category(&s, c.id, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已更名。", "Renamed.").into()));
                    reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    let add_cat = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = LinkCategoryInput {
            name: new_cat.get_untracked(),
            order: None,
        };
        spawn_local(async move {
            match api::create_category(&s, &body).await {
                Ok(_) => {
                    new_cat.set(String::new());
                    note.set(Note::Ok(tr("分類已建立。", "Category created.").into()));
                    reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };

    let link_row = move |cid: i64, l: Link, first: bool, last: bool| {
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
                        on_move=Callback::new(move |up| move_link(cid, id, up)) />
                })}
                {editable.then(|| view! {
                    <button type="button" class="btn small" data-action="edit" on:click=move |_| fields.fill(&l1)>{move || tr("編輯", "Edit")}</button>
                    <button type="button" class="btn small" data-action="delete" on:click=move |_| delete(Doomed::Link(id), tr("確定要刪除連結", "Delete the link"), title.clone())>
                        {move || tr("刪除", "Delete")}
                    </button>
                })}
            </li>
        }
    };

    let list = move || {
        let all = cats.get();
        let n = all.len();
        all.into_iter()
            .enumerate()
            .map(|(i, c)| {
                let cid = c.id;
                let (c1, cname) = (c.clone(), c.name.clone());
                let count = c.links.len();
                let links = c
                    .links
                    .into_iter()
                    .enumerate()
                    .map(|(j, l)| link_row(cid, l, j == 0, j + 1 == count))
                    .collect_view();
                view! {
                    <section class="link-cat" data-category=c.name.clone()>
                        <h2>{c.name.clone()}</h2>
                        {admin.then(|| view! {
                            <p class="toolbar">
                                <UpDown key=format!("cat-{cid}") name=c.name.clone() first=i == 0 last=i + 1 == n
                                    on_move=Callback::new(move |up| move_cat(cid, up)) />
                                <button type="button" class="btn small" data-action="rename" on:click=move |_| rename(c1.clone())>{move || tr("分類更名", "Rename category")}</button>
                                {(!c.is_default).then(|| view! {
                                    <button type="button" class="btn small" data-action="delete-category" on:click=move |_| delete(Doomed::Category(cid), tr("確定要刪除分類", "Delete the category"), cname.clone())>
                                        {move || tr("刪除分類", "Delete category")}
                                    </button>
                                })}
                            </p>
                        })}
                        <ul class="att-list">{links}</ul>
                    </section>
                }
            })
            .collect_view()
    };

    let home_list = move || {
        let all = home_links();
        let n = all.len();
        if n == 0 {
            return view! {
                <p class="hint">{move || tr("目前沒有勾選「顯示在首頁」的連結。", "No link is set to show on the homepage.")}</p>
            }
            .into_any();
        }
        let limit = shown.get();
        let rows = all
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let id = l.id;
                let hidden = limit.is_some_and(|k| i >= k);
                view! {
                    <li data-home-link=l.title.clone() data-past-limit=hidden.then_some("")>
                        <span>{l.title.clone()}</span> " "
                        {hidden.then(|| view! { <span class="badge">{move || tr("首頁不顯示", "Not on the homepage")}</span> " " })}
                        <UpDown key=format!("home-{id}") name=l.title.clone() first=i == 0 last=i + 1 == n
                            on_move=Callback::new(move |up| move_home(id, up)) />
                    </li>
                }
            })
            .collect_view();
        let hint = limit.filter(|&k| k < n).map(|k| {
            view! {
                <p class="hint" data-home-limit=k>
                    {move || format!(
                        "{} {k} {}",
                        tr("首頁只顯示前", "The homepage shows the first"),
                        tr("個連結（可在「網站設定」的首頁版面調整）；之後的連結不會出現在首頁。",
                            "links (set in Settings, homepage layout); the ones after them do not appear there."),
                    )}
                </p>
            }
        });
        view! { {hint} <ol class="att-list">{rows}</ol> }.into_any()
    };

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
            <LinkForm fields=fields cats=cats on_saved=Callback::new(move |_| reload()) />
            {admin.then(|| view! {
                <form class="toolbar" on:submit=add_cat data-form="link-category">
                    <label>{move || tr("新分類名稱", "New category")}<input id="lnk-newcat" prop:value=move || new_cat.get() on:input=move |ev| new_cat.set(val(&ev)) /></label>
                    <button type="submit" class="btn">{move || tr("新增分類", "Add category")}</button>
                </form>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yass_shared_types::content::HomepageBlock;

    fn layout(enabled: bool, count: u32) -> HomepageLayout {
        HomepageLayout {
            blocks: vec![
                HomepageBlock {
                    kind: HomepageBlockKind::News,
                    enabled: true,
                    count: 8,
                },
                HomepageBlock {
                    kind: HomepageBlockKind::Links,
                    enabled,
                    count,
                },
            ],
        }
    }

    #[test]
    fn the_cut_off_is_the_links_block_count_or_none_when_it_is_off() {
        assert_eq!(links_shown(&layout(true, 12)), 12);
        assert_eq!(links_shown(&layout(false, 12)), 0);
        assert_eq!(links_shown(&HomepageLayout::empty()), 0);
    }
}
