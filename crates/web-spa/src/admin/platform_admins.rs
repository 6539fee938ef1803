//! The platform admins' screen: who administers the city's platform, adding
//! one, disabling or enabling one (never yourself, never the last one:
//! the API refuses and says why), and changing your own password.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::platform_admins as ep;
use crate::admin::ui::{FieldErr, Note, NoteLine, confirm, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::users::{CreateUser, UpdatePlatformAdmin, User, UserStatus};

#[component]
pub fn PlatformAdmins() -> impl IntoView {
    let s = use_session();
    let items = RwSignal::new(Vec::<User>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let account = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match ep::list(&s).await {
                Ok(v) => items.set(v),
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    reload();
    let me = move || s.me.with(|m| m.as_ref().map(|m| m.user.id));
    let toggle = move |u: User| {
        let disable = u.status != UserStatus::Disabled;
        if disable
            && !confirm(&format!(
                "{}「{}」？",
                tr("確定要停用平台管理員", "Disable the platform admin"),
                u.account
            ))
        {
            return;
        }
        let change = UpdatePlatformAdmin {
            status: Some(if disable {
                UserStatus::Disabled
            } else {
                UserStatus::Active
            }),
            ..Default::default()
        };
        spawn_local(async move {
            match ep::update(&s, u.id, &change).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    reload();
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateUser {
            account: account.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            display_name: Some(name.get_untracked().trim().to_string()).filter(|n| !n.is_empty()),
            emails: vec![],
            group_ids: vec![],
            status: Some(UserStatus::MustChangePassword),
        };
        spawn_local(async move {
            match ep::create(&s, &input).await {
                Ok(u) => {
                    fail.set(None);
                    account.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    note.set(Note::Ok(format!(
                        "{}{}",
                        tr("已新增：", "Added: "),
                        u.account
                    )));
                    reload();
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };
    view! {
        <section class="adm-section" data-screen="platform-admins">
            <h1>{move || tr("平台管理員", "Platform admins")}</h1>
            <NoteLine note=note />
            <table class="adm-table" data-list="platform-admins">
                <thead><tr>
                    <th scope="col">{move || tr("帳號", "Account")}</th>
                    <th scope="col">{move || tr("名稱", "Name")}</th>
                    <th scope="col">{move || tr("最後登入", "Last sign-in")}</th>
                    <th scope="col">{move || tr("狀態", "State")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().map(|u| {
                        let mine = me() == Some(u.id);
                        let disabled = u.status == UserStatus::Disabled;
                        let u2 = u.clone();
                        view! {
                            <tr data-admin=u.account.clone()>
                                <td>{u.account.clone()} {mine.then(|| view! { " " <span class="badge visible">{move || tr("你", "you")}</span> })}</td>
                                <td>{u.display_name.clone()}</td>
                                <td>{u.last_login_at.map(|t| crate::time::date_time(&t)).unwrap_or_default()}</td>
                                <td>
                                    <span data-enabled=(!disabled).to_string()>{move || if disabled { tr("已停用", "Disabled") } else { tr("啟用中", "Active") }}</span>
                                    " "
                                    {(!mine).then(|| view! {
                                        <button type="button" class="btn small" data-action="toggle" on:click=move |_| toggle(u2.clone())>
                                            {move || if disabled { tr("啟用", "Enable") } else { tr("停用", "Disable") }}
                                        </button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=add novalidate data-form="platform-admin-new">
                <h2>{move || tr("新增平台管理員", "Add a platform admin")}</h2>
                <label for="pa-account">{move || tr("帳號", "Account")}</label>
                <input id="pa-account" autocomplete="off" aria-describedby="pa-account-err" prop:value=move || account.get() on:input=move |ev| account.set(val(&ev)) />
                <FieldErr id="pa-account-err" msg=err("account") />
                <label for="pa-name">{move || tr("名稱", "Name")}</label>
                <input id="pa-name" autocomplete="off" aria-describedby="pa-name-err" prop:value=move || name.get() on:input=move |ev| name.set(val(&ev)) />
                <FieldErr id="pa-name-err" msg=err("display_name") />
                <label for="pa-password">{move || tr("初始密碼（首次登入須變更）", "First password (must be changed at first sign-in)")}</label>
                <input id="pa-password" type="password" autocomplete="new-password" aria-describedby="pa-password-err" prop:value=move || password.get() on:input=move |ev| password.set(val(&ev)) />
                <FieldErr id="pa-password-err" msg=err("password") />
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("新增", "Add")}</button></div>
            </form>
            <h2>{move || tr("變更我的密碼", "Change my password")}</h2>
            <crate::admin::shell::PasswordPanel />
        </section>
    }
}
