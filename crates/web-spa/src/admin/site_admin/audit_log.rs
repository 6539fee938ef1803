//! The site's change log (異動紀錄): who changed what, filtered by kind,
//! person and dates, paged, newest first; each entry links to its item.

use crate::admin::api::use_session;
use crate::admin::audit_text::{
    KINDS, PLATFORM_KINDS, action_label, item_path, kind_label, summary,
};
use crate::admin::endpoints::{audit_log, users};
use crate::admin::shell::use_admin;
use crate::admin::ui::{tr, val};
use leptos::prelude::*;

/// The log of the signed-in user's site, or with `platform` (platform
/// admins, on the platform's own host) of every site and of the platform.
#[component]
pub fn AuditLog(#[prop(optional)] platform: bool) -> impl IntoView {
    let s = use_session();
    let admin = use_admin();
    let filter = RwSignal::new(audit_log::Filter::default());
    let page = RwSignal::new(1u64);
    let list = LocalResource::new(move || {
        let (f, page) = (filter.get(), page.get());
        async move {
            if platform {
                audit_log::list_platform(&s, page, &f).await
            } else {
                audit_log::list(&s, page, &f).await
            }
        }
    });
    // The people to filter by: every user of the site.
    let people = LocalResource::new(move || async move {
        if platform {
            None
        } else {
            users::all(&s).await.ok()
        }
    });
    let set = move |apply: fn(&mut audit_log::Filter, String)| {
        move |ev: leptos::ev::Event| {
            let v = val(&ev);
            filter.update(|f| apply(f, v));
            page.set(1);
        }
    };
    view! {
        <section class="adm-section" data-screen=if platform { "platform-log" } else { "audit-log" }>
            {if platform {
                view! { <h2>{move || tr("平臺異動紀錄", "Platform change log")}</h2> }.into_any()
            } else {
                view! { <h1>{move || tr("異動紀錄", "Change log")}</h1> }.into_any()
            }}
            <div class="toolbar">
                <label>{move || tr("項目", "Kind")}
                    <select id="audit-kind" on:change=set(|f, v| f.kind = v)>
                        <option value="">{move || tr("全部", "All")}</option>
                        {KINDS.into_iter().chain(PLATFORM_KINDS.into_iter().filter(move |_| platform)).map(|(k, zh, en)| view! { <option value=k>{move || tr(zh, en)}</option> }).collect_view()}
                    </select>
                </label>
                <label hidden=platform>{move || tr("人員", "Person")}
                    <select id="audit-user" on:change=set(|f, v| f.user = v.parse().ok())>
                        <option value="">{move || tr("全部", "All")}</option>
                        {move || people.get().flatten().map(|p| p.into_iter().map(|u| view! {
                            <option value=u.id.to_string()>{format!("{}（{}）", u.display_name, u.account)}</option>
                        }).collect_view())}
                    </select>
                </label>
                <label>{move || tr("起日", "From")}
                    <input id="audit-from" type="date" on:change=set(|f, v| f.from = v) />
                </label>
                <label>{move || tr("迄日", "Until")}
                    <input id="audit-until" type="date" on:change=set(|f, v| f.until = v) />
                </label>
            </div>
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <p>{tr("沒有符合的紀錄。", "No matching entries.")}</p> }.into_any(),
                Some(Ok(p)) => {
                    let pages = p.pages;
                    let admin = admin.clone();
                    view! {
                        <table class="adm-table" data-list="audit-log">
                            <thead><tr>
                                <th scope="col">{tr("時間", "Time")}</th>
                                <th scope="col">{tr("網站", "Site")}</th>
                                <th scope="col">{tr("人員", "Person")}</th>
                                <th scope="col">{tr("動作", "Action")}</th>
                                <th scope="col">{tr("項目", "Item")}</th>
                                <th scope="col">{tr("異動內容", "What changed")}</th>
                            </tr></thead>
                            <tbody>
                                {p.items.into_iter().map(|e| {
                                    let (kzh, ken) = kind_label(&e.kind);
                                    let (azh, aen) = action_label(&e.action);
                                    let kind = if crate::admin::ui::lang_now() == crate::i18n::Lang::Zh { kzh } else { ken };
                                    let name = if e.label.is_empty() { kind.clone() } else { format!("{kind}：{}", e.label) };
                                    // Items link to their screen on their own site's dashboard.
                                    let link = (!platform).then(|| item_path(&e.kind, e.entity_id, &e.action)).flatten();
                                    let item = match link {
                                        Some(path) => view! { <a href=admin.href(&path)>{name}</a> }.into_any(),
                                        None => view! { <span>{name}</span> }.into_any(),
                                    };
                                    let via = e.token_id.map(|_| tr("（API 權杖）", " (API token)"));
                                    view! {
                                        <tr data-kind=e.kind.clone() data-action=e.action.clone()>
                                            <td>{crate::time::date_time(&e.at)}</td>
                                            <td>{e.site_slug.clone().unwrap_or_else(|| tr("（平臺）", "(platform)").to_string())}</td>
                                            <td>{e.actor_name.clone()}{via}</td>
                                            <td>{tr(azh, aen)}</td>
                                            <td>{item}</td>
                                            <td><ul class="adm-changes">{summary(&e.changes).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></td>
                                        </tr>
                                    }
                                }).collect_view()}
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
