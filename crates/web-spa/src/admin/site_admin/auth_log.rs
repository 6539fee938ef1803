//! The site's sign-in log, filtered by event kind and paged.

use crate::admin::api::use_session;
use crate::admin::dashboard::event_label;
use crate::admin::endpoints::auth_log;
use crate::admin::ui::{tr, val};
use leptos::prelude::*;
use yass_shared_types::auth::AuthEventKind;

#[component]
pub fn AuthLog() -> impl IntoView {
    let s = use_session();
    let kind = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let list = LocalResource::new(move || {
        let (kind, page) = (kind.get(), page.get());
        async move { auth_log::list(&s, page, &kind).await }
    });
    view! {
        <section class="adm-section" data-screen="auth-log">
            <h1>{move || tr("登入紀錄", "Sign-in log")}</h1>
            <div class="toolbar">
                <label>{move || tr("事件", "Event")}
                    <select id="log-kind" on:change=move |ev| { kind.set(val(&ev)); page.set(1); }>
                        <option value="">{move || tr("全部", "All")}</option>
                        {AuthEventKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || event_label(k)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) => {
                    let pages = p.pages;
                    view! {
                        <table class="adm-table" data-list="auth-log">
                            <thead><tr>
                                <th scope="col">{tr("時間", "Time")}</th>
                                <th scope="col">{tr("帳號", "Account")}</th>
                                <th scope="col">{tr("事件", "Event")}</th>
                                <th scope="col">{tr("來源位址", "Address")}</th>
                            </tr></thead>
                            <tbody>
                                {p.items.into_iter().map(|e| { let k = e.kind; view! {
                                    <tr data-kind=k.as_str()><td>{crate::time::date_time(&e.at)}</td><td>{e.account}</td><td>{event_label(k)}</td><td>{e.client_addr}</td></tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager" aria-label=tr("分頁", "Pagination")>
                            <button class="btn" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{tr("上一頁", "Previous")}</button>
                            <span>{move || format!("{} / {pages}", page.get())}</span>
                            <button class="btn" disabled=move || { page.get() >= pages } on:click=move |_| page.update(|p| *p += 1)>{tr("下一頁", "Next")}</button>
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}
