//! A user's effective rights (site admin or not, groups with their
//! ancestors, the groups they may publish for, the allowed actions), so
//! admin rights never leak unnoticed.

use super::users::UsersPage;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::users::{EffectiveRights, User};

pub(super) fn rights_panel(p: UsersPage, u: User, r: EffectiveRights) -> impl IntoView {
    let principals = r
        .principal_group_ids
        .iter()
        .map(|g| p.group_name(*g))
        .collect::<Vec<_>>()
        .join("、");
    let staff = r
        .staff_group_ids
        .iter()
        .map(|g| p.group_name(*g))
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <div class="adm-section" data-rights>
            <h2 id="rights-title" tabindex="-1">{format!("{}：{}", tr("有效權限", "Effective rights"), u.display_name)}</h2>
            <dl>
                <dt>{tr("網站管理員", "Site admin")}</dt>
                <dd data-site-admin=r.site_admin.to_string()>{if r.site_admin { tr("是（可管理整個網站）", "Yes (the whole site)") } else { tr("否", "No") }}</dd>
                <dt>{tr("所屬群組（含上層）", "Groups (with ancestors)")}</dt>
                <dd>{principals}</dd>
                <dt>{tr("可代表發布的單位", "May publish for")}</dt>
                <dd>{staff}</dd>
                <dt>{tr("可執行的動作", "Allowed actions")}</dt>
                <dd>{r.actions.join(", ")}</dd>
            </dl>
            <button class="btn" on:click=move |_| p.rights.set(None)>{tr("關閉", "Close")}</button>
        </div>
    }
}
