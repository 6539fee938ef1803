//! One group in the tree: name, kind, member count, up/down, parent,
//! rename, archive and delete.

use super::groups::GroupsPage;
use crate::admin::group_kind::{KindSelect, confirm_change};
use crate::admin::ui::{confirm, prompt, tr, val};
use leptos::prelude::*;
use yass_shared_types::users::{Group, UpdateGroup};

/// The row of `g` at `depth`; `all` gives the parents it may move under.
/// (The row keeps nothing borrowed from `all`: `use<>`.)
pub(super) fn group_row(
    page: GroupsPage,
    all: &[Group],
    g: Group,
    depth: usize,
) -> impl IntoView + use<> {
    let id = g.id;
    let k = g.kind;
    let (g1, g2, g3, g4, g5) = (g.clone(), g.clone(), g.clone(), g.clone(), g.clone());
    let others: Vec<(i64, String)> = all
        .iter()
        .filter(|x| x.id != id)
        .map(|x| (x.id, x.name.clone()))
        .collect();
    let cur_parent = g.parent_id;
    view! {
        <li class="tree-row" style=format!("margin-left: {}rem", depth as f32 * 1.75) data-group=g.name.clone() data-depth=depth>
            <span class="name">{g.name.clone()}</span>
            {g.archived.then(|| view! { <span class="badge" data-archived>{tr("已封存", "Archived")}</span> })}
            <label class="visually-hidden" for=format!("grp-kind-{id}")>{format!("{}：{}", tr("種類", "Kind"), g.name)}</label>
            <KindSelect id=format!("grp-kind-{id}") selected=k on_pick=Callback::new(move |to| {
                let ok = confirm_change(&g5.name, k, to);
                if ok {
                    page.change_kind(id, to);
                }
                ok
            }) />
            <span class="muted">{format!("{} {}", g.member_count, tr("人", "members"))}</span>
            <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), g.name) on:click=move |_| page.shift(g1.clone(), true)>"↑"</button>
            <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), g.name) on:click=move |_| page.shift(g2.clone(), false)>"↓"</button>
            <label class="visually-hidden" for=format!("grp-parent-{id}")>{format!("{}：{}", tr("上層群組", "Parent group"), g.name)}</label>
            <select
                id=format!("grp-parent-{id}")
                data-action="move"
                on:change=move |ev| {
                    let v = val(&ev);
                    let body = UpdateGroup {
                        parent_id: match v.parse::<i64>() {
                            Ok(p) => yass_shared_types::Patch::Set(p),
                            Err(_) => yass_shared_types::Patch::Clear,
                        },
                        ..Default::default()
                    };
                    page.patch(id, body, tr("已移動。", "Moved."));
                }
            >
                <option value="" selected=cur_parent.is_none()>{tr("（最上層）", "(top level)")}</option>
                {others
                    .into_iter()
                    .map(|(oid, oname)| view! { <option value=oid.to_string() selected=cur_parent == Some(oid)>{format!("{} {oname}", tr("移到", "under"))}</option> })
                    .collect_view()}
            </select>
            <button
                type="button"
                class="btn small"
                on:click=move |_| {
                    if let Some(n) = prompt(tr("新的群組名稱", "New group name"), &g3.name) {
                        page.patch(id, UpdateGroup { name: Some(n), ..Default::default() }, tr("已更名。", "Renamed."));
                    }
                }
            >
                {tr("更名", "Rename")}
            </button>
            {
                let archived = g.archived;
                let name = g.name.clone();
                view! {
                    <button
                        type="button"
                        class="btn small"
                        data-action=if archived { "unarchive" } else { "archive" }
                        on:click=move |_| {
                            if !archived && !confirm(&format!("{}「{}」？{}", tr("確定要封存群組", "Archive the group"), name, tr("成員將失去這個群組給的權限；限此群組閱讀的頁面仍然受限。", " Its members lose what it grants; pages restricted to it stay restricted."))) {
                                return;
                            }
                            let body = UpdateGroup { archived: Some(!archived), ..Default::default() };
                            page.patch(id, body, if archived { tr("已恢復。", "Brought back.") } else { tr("已封存。", "Archived.") });
                        }
                    >
                        {if archived { tr("恢復", "Bring back") } else { tr("封存", "Archive") }}
                    </button>
                }
            }
            <button
                type="button"
                class="btn small"
                data-action="delete"
                on:click=move |_| {
                    if !confirm(&format!("{}「{}」？{}", tr("確定要刪除群組", "Delete the group"), g4.name, tr("其下的群組會上移一層。", " Its sub-groups move up one level."))) {
                        return;
                    }
                    page.delete(id);
                }
            >
                {tr("刪除", "Delete")}
            </button>
        </li>
    }
}
