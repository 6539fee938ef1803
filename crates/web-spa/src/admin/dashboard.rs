//! The overview (figures, recent sign-ins, the user's own rights) and the
//! user's own profile.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints;
use crate::admin::shell::PasswordPanel;
use crate::admin::ui::{FieldErr, Note, NoteLine, split_list, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::auth::AuthEventKind;
use yass_shared_types::users::{DashboardStats, GroupKind, Me};

pub fn kind_label(k: GroupKind) -> &'static str {
    match k {
        GroupKind::Admin => tr("管理員", "Admin"),
        GroupKind::Staff => tr("處室", "Staff"),
        GroupKind::Normal => tr("一般", "Normal"),
    }
}

pub fn event_label(k: AuthEventKind) -> &'static str {
    match k {
        AuthEventKind::Login => tr("登入", "Sign-in"),
        AuthEventKind::Logout => tr("登出", "Sign-out"),
        AuthEventKind::WrongPassword => tr("密碼錯誤", "Wrong password"),
        AuthEventKind::UnknownAccount => tr("帳號不存在", "Unknown account"),
        AuthEventKind::Locked => tr("暫時鎖定", "Locked"),
        AuthEventKind::Throttled => tr("嘗試過多", "Throttled"),
        AuthEventKind::Disabled => tr("帳號停用", "Disabled account"),
        AuthEventKind::PasswordChanged => tr("變更密碼", "Password changed"),
    }
}

#[component]
pub fn Dashboard() -> AnyView {
    let s = use_session();
    if s.slug.get_value().is_none() {
        return view! {
            <crate::admin::applications::ReviewQueue />
            <crate::admin::overview::SchoolsOverview />
            <crate::admin::platform::Sites />
            <crate::admin::site_admin::AuditLog platform=true />
        }
        .into_any();
    }
    let stats = LocalResource::new(move || async move { endpoints::dashboard::stats(&s).await });
    let name = move || {
        s.me.with(|m| {
            m.as_ref()
                .map(|m| m.user.display_name.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="adm-section" data-screen="dashboard">
            <h1>{move || tr("總覽", "Overview")}</h1>
            <p>{move || tr("歡迎，", "Welcome, ")} {name}</p>
            {move || match stats.get() {
                None => view! {
                    <p class="loading" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {tr("載入中…", "Loading…")}
                    </p>
                }
                .into_any(),
                Some(Ok(st)) => view! {
                    {(s.is_admin() && (st.news == 0 || st.users <= 1)).then(|| view! { <FirstSteps st=st.clone() /> })}
                    <Figures st=st />
                }.into_any(),
                Some(Err(f)) if f.is_not_found() || f.status() == 403 => view! {
                    <p class="adm-note" data-stats="placeholder">
                        {tr(
                            "統計數字即將推出。您可以從左側選單開始管理網站內容。",
                            "Figures are coming soon. Use the menu on the left to manage the site.",
                        )}
                    </p>
                }
                .into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
            }}
            {move || s.me.get().map(|m| view! { <MyRights me=m /> })}
        </section>
    }
    .into_any()
}

/// A new school's first steps, until it has colleagues and news: where to
/// go next, with what is already done ticked.
#[component]
fn FirstSteps(st: DashboardStats) -> impl IntoView {
    let ctx = crate::admin::shell::use_admin();
    let steps: [(&str, &str, String, Option<bool>); 5] = [
        (
            "填寫學校地址、電話，上傳校徽",
            "Fill in the address and phone, upload the logo",
            ctx.href("/settings"),
            None,
        ),
        (
            "檢查「學校簡介」「交通資訊」「聯絡我們」頁面",
            "Check the About, Directions and Contact pages",
            ctx.href("/pages"),
            None,
        ),
        (
            "新增同仁帳號，加入各處室群組",
            "Add your colleagues and put them in their offices' groups",
            ctx.href("/users"),
            Some(st.users > 1),
        ),
        (
            "發布第一則消息",
            "Publish the first news item",
            ctx.href("/news/new"),
            Some(st.news > 0),
        ),
        (
            "看看學校網站",
            "Look at the school's site",
            format!("{}/", ctx.site_base),
            None,
        ),
    ];
    view! {
        <section class="adm-first-steps" data-first-steps aria-labelledby="first-steps-h">
            <h2 id="first-steps-h">{move || tr("開始使用", "First steps")}</h2>
            <ol>
                {steps.into_iter().map(|(zh, en, href, done)| view! {
                    <li data-done=done.unwrap_or(false).to_string()>
                        <a href=href>{move || tr(zh, en)}</a>
                        {done.unwrap_or(false).then(|| view! { " " <span class="badge visible">{move || tr("完成", "done")}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Figures(st: DashboardStats) -> impl IntoView {
    let figure = |n: u64, zh: &'static str, en: &'static str, key: &'static str| {
        view! {
            <div class="fig" data-fig=key>
                <span class="fig-n">{n}</span>
                <span class="fig-l">{move || tr(zh, en)}</span>
            </div>
        }
    };
    let events = st.recent_auth_events.clone();
    view! {
        <div class="figs" data-stats="figures">
            {figure(st.news, "則消息", "news items", "news")}
            {figure(st.pages, "個頁面", "pages", "pages")}
            {figure(st.users, "位使用者", "users", "users")}
            {figure(st.groups, "個群組", "groups", "groups")}
            {figure(st.links, "個連結", "links", "links")}
            {figure(st.extensions, "筆分機", "extensions", "extensions")}
            {figure(st.logins_today, "今日登入", "sign-ins today", "logins")}
            {figure(st.failed_logins_today, "今日登入失敗", "failed sign-ins today", "failed")}
        </div>
        {(!events.is_empty())
            .then(|| {
                view! {
                    <h2>{move || tr("最近登入紀錄", "Recent sign-in activity")}</h2>
                    <table class="adm-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || tr("時間", "Time")}</th>
                                <th scope="col">{move || tr("帳號", "Account")}</th>
                                <th scope="col">{move || tr("事件", "Event")}</th>
                                <th scope="col">{move || tr("來源位址", "Address")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {events
                                .into_iter()
                                .map(|e| {
                                    let k = e.kind;
                                    view! {
                                        <tr>
                                            <td>{crate::time::date_time(&e.at)}</td>
                                            <td>{e.account}</td>
                                            <td>{move || event_label(k)}</td>
                                            <td>{e.client_addr}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
    }
}

/// What the signed-in user may do, so admin rights never surprise anyone.
#[component]
pub fn MyRights(me: Me) -> impl IntoView {
    let groups = me
        .groups
        .iter()
        .map(|g| {
            let k = g.kind;
            let name = g.name.clone();
            view! {
                <li>
                    {name} " (" {move || kind_label(k)} ")"
                </li>
            }
        })
        .collect_view();
    let admin = me.rights.site_admin;
    let actions = me.rights.actions.join(", ");
    view! {
        <details class="adm-rights">
            <summary>{move || tr("我的群組與權限", "My groups and rights")}</summary>
            <ul>{groups}</ul>
            <p>
                {move || {
                    if admin {
                        tr("您是網站管理員，可管理本站所有內容。", "You are a site admin: you may manage everything on this site.")
                    } else {
                        tr("您可使用的功能：", "What you may do: ")
                    }
                }}
                {(!admin).then(|| actions.clone())}
            </p>
        </details>
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    let s = use_session();
    let me = s.me.get_untracked();
    let display = RwSignal::new(
        me.as_ref()
            .map(|m| m.user.display_name.clone())
            .unwrap_or_default(),
    );
    let emails = RwSignal::new(
        me.as_ref()
            .map(|m| m.user.emails.join(", "))
            .unwrap_or_default(),
    );
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        fail.set(None);
        spawn_local(async move {
            let body = endpoints::profile::ProfileUpdate {
                display_name: display.get_untracked(),
                emails: split_list(&emails.get_untracked()),
            };
            match endpoints::profile::update(&s, &body).await {
                Ok(_) => {
                    s.load_me().await;
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };
    let field = move |name: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(name))))
    };
    view! {
        <section class="adm-section" data-screen="profile">
            <h1>{move || tr("個人資料", "My profile")}</h1>
            <form class="adm-form narrow" on:submit=submit novalidate>
                <label for="me-name">{move || tr("顯示名稱", "Display name")}</label>
                <input
                    id="me-name"
                    aria-describedby="me-name-err"
                    prop:value=move || display.get()
                    on:input=move |ev| display.set(val(&ev))
                />
                <FieldErr id="me-name-err" msg=field("display_name") />
                <label for="me-emails">
                    {move || tr("電子郵件（多個以逗號分隔）", "E-mail addresses (comma-separated)")}
                </label>
                <input
                    id="me-emails"
                    aria-describedby="me-emails-err"
                    prop:value=move || emails.get()
                    on:input=move |ev| emails.set(val(&ev))
                />
                <FieldErr id="me-emails-err" msg=field("emails") />
                <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                <NoteLine note=note />
            </form>
            <PasswordPanel />
        </section>
    }
}
