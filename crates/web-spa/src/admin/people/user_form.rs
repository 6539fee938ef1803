//! The form that creates or edits one user.

use super::group_tree::group_rows;
use super::status_label;
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints;
use crate::admin::ui::{FieldErr, checked, split_list, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::users::{CreateUser, Group, UpdateUser, User, UserStatus};

/// Create (`user: None`) or edit a user: name, e-mails, groups, status, password.
#[component]
pub(super) fn UserForm(
    user: Option<User>,
    groups: Vec<Group>,
    done: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let id = user.as_ref().map(|u| u.id);
    let account = RwSignal::new(user.as_ref().map(|u| u.account.clone()).unwrap_or_default());
    let display = RwSignal::new(
        user.as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
    );
    let emails = RwSignal::new(
        user.as_ref()
            .map(|u| u.emails.join(", "))
            .unwrap_or_default(),
    );
    let status = RwSignal::new(
        user.as_ref()
            .map_or(UserStatus::MustChangePassword, |u| u.status),
    );
    let member = RwSignal::new(
        user.as_ref()
            .map(|u| u.group_ids.clone())
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let fail = RwSignal::new(None::<Fail>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let pw = password.get_untracked();
            let r = match id {
                None => {
                    let body = CreateUser {
                        account: account.get_untracked().trim().to_string(),
                        password: pw,
                        display_name: Some(display.get_untracked()),
                        emails: split_list(&emails.get_untracked()),
                        group_ids: member.get_untracked(),
                        status: Some(status.get_untracked()),
                    };
                    endpoints::users::create(&s, &body).await
                }
                Some(id) => {
                    let body = UpdateUser {
                        display_name: Some(display.get_untracked()),
                        emails: Some(split_list(&emails.get_untracked())),
                        status: Some(status.get_untracked()),
                        group_ids: Some(member.get_untracked()),
                        password: (!pw.is_empty()).then_some(pw),
                    };
                    endpoints::users::update(&s, id, &body).await
                }
            };
            match r {
                Ok(_) => done.run(()),
                Err(f) => fail.set(Some(f)),
            }
        });
    };
    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };
    let rows = group_rows(&groups);
    view! {
        <form class="adm-form narrow adm-section" on:submit=submit data-form="user">
            <h2>{move || if id.is_some() { tr("編輯使用者", "Edit user") } else { tr("新增使用者", "New user") }}</h2>
            {move || fail.get().map(|f| view! { <p class="adm-note err" role="alert">{f.message()}</p> })}
            <label for="usr-account">{move || tr("帳號", "Account")}</label>
            <input id="usr-account" aria-describedby="usr-account-err" disabled=id.is_some() prop:value=move || account.get() on:input=move |ev| account.set(val(&ev)) />
            <FieldErr id="usr-account-err" msg=err("account") />
            <label for="usr-name">{move || tr("顯示名稱", "Display name")}</label>
            <input id="usr-name" aria-describedby="usr-name-err" prop:value=move || display.get() on:input=move |ev| display.set(val(&ev)) />
            <FieldErr id="usr-name-err" msg=err("display_name") />
            <label for="usr-emails">{move || tr("電子郵件（逗號分隔）", "E-mails (comma-separated)")}</label>
            <input id="usr-emails" aria-describedby="usr-emails-err" prop:value=move || emails.get() on:input=move |ev| emails.set(val(&ev)) />
            <FieldErr id="usr-emails-err" msg=err("emails") />
            <label for="usr-status">{move || tr("狀態", "Status")}</label>
            <select id="usr-status" on:change=move |ev| if let Some(st) = UserStatus::parse(&val(&ev)) { status.set(st) }>
                {[UserStatus::Active, UserStatus::MustChangePassword, UserStatus::Disabled].into_iter().map(|st| view! {
                    <option value=st.as_str() selected=status.get_untracked() == st>{status_label(st)}</option>
                }).collect_view()}
            </select>
            <fieldset>
                <legend>{move || tr("所屬群組", "Groups")}</legend>
                {rows.into_iter().map(|(g, depth)| {
                    let gid = g.id;
                    view! {
                        <label class="check" style=format!("margin-left: {}rem", depth as f32 * 1.25)>
                            <input type="checkbox" data-group=g.name.clone() prop:checked=move || member.with(|m| m.contains(&gid)) on:change=move |ev| {
                                let on = checked(&ev);
                                member.update(|m| { m.retain(|x| *x != gid); if on { m.push(gid); } });
                            } />
                            {g.name.clone()}
                        </label>
                    }
                }).collect_view()}
                <FieldErr id="usr-groups-err" msg=err("group_ids") />
            </fieldset>
            <label for="usr-password">
                {move || if id.is_some() { tr("重設密碼（留空則不變；使用者下次登入須變更）", "Reset password (empty = unchanged; the user must change it at next sign-in)") } else { tr("臨時密碼", "Temporary password") }}
            </label>
            <input id="usr-password" type="password" autocomplete="new-password" aria-describedby="usr-password-err" prop:value=move || password.get() on:input=move |ev| password.set(val(&ev)) />
            <FieldErr id="usr-password-err" msg=err("password") />
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                <button type="button" class="btn link" on:click=move |_| cancel.run(())>{move || tr("取消", "Cancel")}</button>
            </div>
        </form>
    }
}
