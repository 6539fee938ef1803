//! The editors' news list: state and pin badges, filters, keyword search.

use crate::admin::api::{Session, use_session};
use crate::admin::endpoints;
use crate::admin::endpoints::news::ManagedFilter;
use crate::admin::shell::use_admin;
use crate::admin::ui::{tr, val};
use leptos::prelude::*;
use yass_shared_types::content::{NewsState, PinState};

pub fn state_badge(st: NewsState) -> (&'static str, &'static str) {
    match st {
        NewsState::Draft => ("draft", tr("草稿", "Draft")),
        NewsState::Scheduled => ("scheduled", tr("排程", "Scheduled")),
        NewsState::Visible => ("visible", tr("公告中", "Visible")),
        NewsState::Expired => ("expired", tr("已下架", "Expired")),
    }
}

pub fn pin_badge(p: PinState) -> Option<(&'static str, &'static str)> {
    match p {
        PinState::Unpinned => None,
        PinState::Scheduled => Some(("pin-scheduled", tr("置頂排程", "Pin scheduled"))),
        PinState::Pinned => Some(("pinned", tr("置頂", "Pinned"))),
        PinState::Expired => Some(("pin-expired", tr("置頂結束", "Pin expired"))),
    }
}

/// Whether this user may edit items owned by `group_id` (the API decides too).
pub fn can_edit_group(s: &Session, group_id: i64) -> bool {
    s.is_admin()
        || s.can("news.edit_any")
        || s.me.with_untracked(|m| {
            m.as_ref()
                .is_some_and(|m| m.rights.principal_group_ids.contains(&group_id))
        })
}

#[component]
pub fn NewsList() -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let state = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let q_applied = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let categories = LocalResource::new(move || async move {
        endpoints::news_categories::list(&s)
            .await
            .unwrap_or_default()
    });
    let groups = LocalResource::new(move || async move {
        if s.is_admin() {
            endpoints::groups::list(&s).await.unwrap_or_default()
        } else {
            vec![]
        }
    });
    let list = LocalResource::new(move || {
        // Read the filters here, not in the future, so they are tracked.
        let filter = ManagedFilter {
            page: page.get(),
            state: state.get(),
            category: category.get(),
            group: group.get(),
            q: q_applied.get(),
        };
        async move { endpoints::news::list_managed(&s, &filter).await }
    });
    let base = ctx.base.clone();
    let new_href = ctx.href("/news/new");
    let cats_href = ctx.href("/news/categories");
    let is_admin = s.is_admin();
    let set_filter = move |sig: RwSignal<String>| {
        move |ev: leptos::ev::Event| {
            sig.set(val(&ev));
            page.set(1);
        }
    };
    view! {
        <section class="adm-section" data-screen="news-list">
            <h1>{move || tr("最新消息", "News")}</h1>
            <p>
                <a class="btn primary" href=new_href data-action="new-news">
                    {move || tr("＋ 新增消息", "+ New news item")}
                </a>
                {is_admin.then(|| view! {
                    " "
                    <a class="btn" href=cats_href.clone() data-action="news-categories">
                        {move || tr("管理分類", "Manage categories")}
                    </a>
                })}
            </p>
            <form
                class="toolbar"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    q_applied.set(q.get_untracked());
                    page.set(1);
                }
            >
                <label>
                    {move || tr("狀態", "State")}
                    <select id="f-state" on:change=set_filter(state)>
                        <option value="">{move || tr("全部", "All")}</option>
                        <option value="draft">{move || tr("草稿", "Draft")}</option>
                        <option value="scheduled">{move || tr("排程", "Scheduled")}</option>
                        <option value="visible">{move || tr("公告中", "Visible")}</option>
                        <option value="expired">{move || tr("已下架", "Expired")}</option>
                    </select>
                </label>
                <label>
                    {move || tr("分類", "Category")}
                    <select id="f-category" on:change=set_filter(category)>
                        <option value="">{move || tr("全部", "All")}</option>
                        {move || {
                            categories
                                .get()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                {move || {
                    let gs = groups.get().unwrap_or_default();
                    (!gs.is_empty())
                        .then(|| {
                            view! {
                                <label>
                                    {tr("發布單位", "Group")}
                                    <select id="f-group" on:change=set_filter(group)>
                                        <option value="">{tr("全部", "All")}</option>
                                        {gs
                                            .into_iter()
                                            .map(|g| view! { <option value=g.id.to_string()>{g.name}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                            }
                        })
                }}
                <label>
                    {move || tr("關鍵字", "Keyword")}
                    <input id="f-q" type="search" prop:value=move || q.get() on:input=move |ev| q.set(val(&ev)) />
                </label>
                <button type="submit" class="btn">{move || tr("搜尋", "Search")}</button>
            </form>
            {move || match list.get() {
                None => view! {
                    <p class="loading" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {tr("載入中…", "Loading…")}
                    </p>
                }
                .into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! {
                    <p class="adm-note" role="status">{tr("沒有符合的消息。", "No matching news.")}</p>
                }
                .into_any(),
                Some(Ok(p)) => {
                    let base = base.clone();
                    let pages = p.pages;
                    let total = p.total;
                    view! {
                        <p class="muted" role="status">
                            {format!("{} {total} {}", tr("共", "Total"), tr("則", "items"))}
                        </p>
                        <table class="adm-table" data-list="news">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("標題", "Title")}</th>
                                    <th scope="col">{tr("狀態", "State")}</th>
                                    <th scope="col">{tr("分類", "Category")}</th>
                                    <th scope="col">{tr("發布單位", "Group")}</th>
                                    <th scope="col">{tr("發布日期", "Date")}</th>
                                    <th scope="col">{tr("動作", "Actions")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p
                                    .items
                                    .into_iter()
                                    .map(|n| {
                                        let (cls, label) = state_badge(n.state);
                                        let pin = pin_badge(n.pin_state);
                                        let editable = can_edit_group(&s, n.group_id);
                                        let href = format!("{base}/news/{}", n.id);
                                        view! {
                                            <tr data-news-id=n.id data-title=n.title.clone()>
                                                <td>
                                                    {n.title.clone()}
                                                    {(n.attachment_count > 0)
                                                        .then(|| format!(" 📎{}", n.attachment_count))}
                                                </td>
                                                <td>
                                                    <span class=format!("badge {cls}") data-state=cls>{label}</span>
                                                    {pin.map(|(c, l)| view! { <span class=format!("badge {c}") data-pin=c>{l}</span> })}
                                                </td>
                                                <td>{n.category_name.clone().unwrap_or_default()}</td>
                                                <td>{n.group_name.clone()}</td>
                                                <td>{crate::time::date_time(&n.display_at)}</td>
                                                <td>
                                                    {editable
                                                        .then(|| {
                                                            view! {
                                                                <a class="btn small" href=href data-action="edit">
                                                                    {tr("編輯", "Edit")}
                                                                    <span class="visually-hidden">{format!("：{}", n.title)}</span>
                                                                </a>
                                                            }
                                                        })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager" aria-label=tr("分頁", "Pagination")>
                            <button
                                class="btn"
                                disabled=move || { page.get() <= 1 }
                                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                            >
                                {tr("上一頁", "Previous")}
                            </button>
                            <span>{move || format!("{} / {pages}", page.get())}</span>
                            <button
                                class="btn"
                                disabled=move || { page.get() >= pages }
                                on:click=move |_| page.update(|p| *p += 1)
                            >
                                {tr("下一頁", "Next")}
                            </button>
                        </nav>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
