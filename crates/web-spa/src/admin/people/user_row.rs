//! One user in the list: account, name, groups, status, last sign-in and
//! the Edit, Rights and Delete buttons.

use super::status_label;
use super::users::UsersPage;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::users::User;

pub(super) fn user_row(p: UsersPage, u: User) -> impl IntoView {
    let (u1, u2, u3) = (u.clone(), u.clone(), u.clone());
    let gnames = u
        .group_ids
        .iter()
        .map(|g| p.group_name(*g))
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <tr data-account=u.account.clone()>
            <td>{u.account.clone()}</td>
            <td>{u.display_name.clone()}</td>
            <td>{gnames}</td>
            <td data-status=u.status.as_str()>{status_label(u.status)}</td>
            <td>{u.last_login_at.as_ref().map(crate::time::date_time).unwrap_or_default()}</td>
            <td>
                <button class="btn small" data-action="edit" on:click=move |_| { p.creating.set(false); p.editing.set(Some(u1.clone())); crate::admin::ui::focus_later("usr-name"); }>{tr("編輯", "Edit")}</button>
                " "
                <button class="btn small" data-action="rights" on:click=move |_| p.show_rights(u2.clone())>{tr("權限", "Rights")}</button>
                " "
                <button class="btn small" data-action="delete" on:click=move |_| p.remove(u3.clone())>{tr("刪除", "Delete")}</button>
            </td>
        </tr>
    }
}
