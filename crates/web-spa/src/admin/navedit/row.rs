//! One row of the tree: the item's name and target, and its buttons (move
//! up, down, in, out; edit; add a sub-item; delete). Rows are also drag
//! sources and drop targets: dropping an item on a row puts it in that
//! row's place.

use super::editor::Editor;
use super::tree::Row;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::content::{NavModule, NavTarget};

fn target_label(t: &NavTarget) -> String {
    match t {
        NavTarget::Submenu => tr("子選單", "Submenu").into(),
        NavTarget::Link { url, .. } => format!("{} {url}", tr("連結", "Link")),
        NavTarget::Page { page_id } => format!("{} #{page_id}", tr("頁面", "Page")),
        NavTarget::News { .. } => tr("最新消息", "News").into(),
        NavTarget::Module { module } => match module {
            NavModule::Extensions => tr("分機表", "Extensions").into(),
            NavModule::Links => tr("網站連結", "Links").into(),
            NavModule::Calendar => tr("行事曆", "Calendar").into(),
        },
        NavTarget::Divider => tr("分隔線", "Divider").into(),
    }
}

pub(super) fn row(ed: Editor, r: Row) -> impl IntoView {
    let Editor {
        rows,
        dragging,
        drop_over,
        ..
    } = ed;
    let do_move = move |id: i64, parent: Option<i64>, position: usize, focus: String| {
        ed.move_to(id, parent, position, focus);
    };
    let open_add = move |parent: Option<i64>| ed.open_add(parent);
    let id = r.item.id;
    let it = r.item.clone();
    let it2 = r.item.clone();
    let name = r.item.name.clone();
    let name_for_labels = name.clone();
    let lab =
        move |zh: &'static str, en: &'static str| format!("{}：{}", tr(zh, en), name_for_labels);
    let (parent, index, siblings, prev, parent_pos) =
        (r.parent, r.index, r.siblings, r.prev, r.parent_pos);
    let is_submenu = matches!(r.item.target, NavTarget::Submenu);
    let hidden = !r.item.visible;
    let target = target_label(&r.item.target);
    let pad = format!("margin-left: {}rem", r.depth as f32 * 1.75);
    view! {
        <li
            class="tree-row"
            class:drop-target=move || drop_over.get() == Some(id)
            style=pad
            draggable="true"
            data-nav-id=id
            data-nav-name=name.clone()
            data-depth=r.depth
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                dragging.set_value(Some(id));
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &id.to_string());
                    dt.set_effect_allowed("move");
                }
            }
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                drop_over.set(Some(id));
            }
            on:dragleave=move |_| drop_over.set(None)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                drop_over.set(None);
                let Some(src) = dragging.get_value() else { return };
                dragging.set_value(None);
                if src == id {
                    return;
                }
                // Dropped on a row: take that row's place among its siblings.
                let rows_now = rows.get_untracked();
                let src_row = rows_now.iter().find(|x| x.item.id == src);
                let pos = match src_row {
                    Some(sr) if sr.parent == parent && sr.index < index => index - 1,
                    _ => index,
                };
                do_move(src, parent, pos, format!("nav-{src}-edit"));
            }
        >
            // Name over target, buttons kept together: on a tablet the
            // row stays one line instead of wrapping buttons under the name.
            <span class="label">
                <span class="name">
                    {name.clone()}
                    {hidden.then(|| view! { <span class="hidden-item">{move || tr("（隱藏）", " (hidden)")}</span> })}
                </span>
                <span class="muted">{target}</span>
            </span>
            <span class="row-actions">
            <button
                type="button"
                class="btn small"
                id=format!("nav-{id}-up")
                aria-label=lab("上移", "Move up")
                disabled=index == 0
                on:click=move |_| do_move(id, parent, index - 1, format!("nav-{id}-up"))
            >
                "↑"
            </button>
            <button
                type="button"
                class="btn small"
                id=format!("nav-{id}-down")
                aria-label=lab("下移", "Move down")
                disabled={ index + 1 >= siblings }
                on:click=move |_| do_move(id, parent, index + 1, format!("nav-{id}-down"))
            >
                "↓"
            </button>
            <button
                type="button"
                class="btn small"
                id=format!("nav-{id}-in")
                aria-label=lab("移入上一項的子選單", "Indent under the item above")
                disabled=prev.is_none()
                on:click=move |_| {
                    if let Some(p) = prev {
                        do_move(id, Some(p), usize::MAX >> 1, format!("nav-{id}-in"));
                    }
                }
            >
                "→"
            </button>
            <button
                type="button"
                class="btn small"
                id=format!("nav-{id}-out")
                aria-label=lab("移出到上一層", "Outdent one level")
                disabled=parent.is_none()
                on:click=move |_| {
                    if let Some((gp, ppos)) = parent_pos {
                        do_move(id, gp, ppos + 1, format!("nav-{id}-out"));
                    }
                }
            >
                "←"
            </button>
            <button type="button" class="btn small" id=format!("nav-{id}-edit") on:click=move |_| ed.open_edit(it.clone())>
                {move || tr("編輯", "Edit")}
            </button>
            {is_submenu
                .then(|| {
                    view! {
                        <button type="button" class="btn small" data-action="add-child" on:click=move |_| open_add(Some(id))>
                            {move || tr("＋子項目", "+ Sub-item")}
                        </button>
                    }
                })}
            <button type="button" class="btn small" data-action="delete" on:click=move |_| ed.remove(it2.clone())>
                {move || tr("刪除", "Delete")}
            </button>
            </span>
        </li>
    }
}
