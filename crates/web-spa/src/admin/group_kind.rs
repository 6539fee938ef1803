//! Choosing a group's kind (admin, staff, normal), for a new group and for
//! an existing one, with a confirmation when site-admin rights change hands.

use crate::admin::ui::{confirm, tr, val};
use leptos::prelude::*;
use yass_shared_types::users::GroupKind;

const KINDS: [GroupKind; 3] = [GroupKind::Staff, GroupKind::Normal, GroupKind::Admin];

/// The kind with what it lets members do.
pub fn kind_help(k: GroupKind) -> &'static str {
    match k {
        GroupKind::Staff => tr(
            "處室（可發布消息與連結）",
            "Staff (may publish news and links)",
        ),
        GroupKind::Normal => tr(
            "一般（可登入、編輯指定頁面）",
            "Normal (may edit assigned pages)",
        ),
        GroupKind::Admin => tr("管理員（整個網站）", "Admin (the whole site)"),
    }
}

/// Asks before members gain or lose site-admin rights; other changes need no question.
pub fn confirm_change(group: &str, from: GroupKind, to: GroupKind) -> bool {
    if from == to {
        return false;
    }
    let msg = if to == GroupKind::Admin {
        tr(
            "這個群組（含子群組）的所有成員都會成為網站管理員，可以管理整個網站。確定嗎？",
            "Every member of this group (and of its sub-groups) becomes a site admin of the whole site. Continue?",
        )
    } else if from == GroupKind::Admin {
        tr(
            "這個群組的成員將失去網站管理權限（若您的管理權限來自這個群組，您也會失去）。確定嗎？",
            "Members of this group lose site-admin rights (so do you, if yours come from this group). Continue?",
        )
    } else {
        return true;
    };
    confirm(&format!("「{group}」：{msg}"))
}

/// A `<select>` of the kinds. `on_pick` gets the chosen kind and answers
/// whether it was taken; if not, the select shows `selected` again.
#[component]
pub fn KindSelect(
    id: String,
    selected: GroupKind,
    on_pick: Callback<GroupKind, bool>,
) -> impl IntoView {
    view! {
        <select id=id data-action="kind" on:change=move |ev| {
            let taken = GroupKind::parse(&val(&ev)).is_some_and(|k| on_pick.run(k));
            if !taken {
                event_target::<web_sys::HtmlSelectElement>(&ev).set_value(selected.as_str());
            }
        }>
            {KINDS.into_iter().map(|k| view! {
                <option value=k.as_str() selected=k == selected>{move || kind_help(k)}</option>
            }).collect_view()}
        </select>
    }
}
