//! The navigation editor: the whole tree (hidden items too), add and edit
//! items, reorder and move with keyboard buttons (↑ ↓ → ←) or drag and
//! drop, delete asking what happens to sub-items.
//!
//! Parts: [`editor`] (state and actions), [`row`] (one tree row),
//! [`item_form`] (add/edit form), [`delete_choice`] (the sub-items
//! question), [`tree`] (flattening, pure).

mod delete_choice;
mod editor;
mod item_form;
mod row;
mod tree;

use crate::admin::api::use_session;
use crate::admin::ui::{NoteLine, tr};
use delete_choice::delete_choice;
use editor::Editor;
use item_form::item_form;
use leptos::prelude::*;
use row::row;

#[component]
pub fn NavEditor() -> impl IntoView {
    let ed = Editor::new(use_session());
    ed.reload();
    ed.load_choices();
    let Editor {
        rows,
        loaded,
        note,
        form_open,
        deleting,
        ..
    } = ed;

    view! {
        <section class="adm-section" data-screen="nav">
            <h1>{move || tr("選單管理", "Navigation")}</h1>
            <p class="muted">
                {move || {
                    tr(
                        "可用 ↑ ↓ 調整順序，→ 移入上一項的子選單，← 移出一層；也可以用滑鼠拖曳項目到另一項的位置。",
                        "Use ↑ ↓ to reorder, → to indent under the item above, ← to outdent; or drag an item onto another's place.",
                    )
                }}
            </p>
            <p>
                <button type="button" class="btn primary" data-action="add-top" on:click=move |_| ed.open_add(None)>
                    {move || tr("＋ 新增最上層項目", "+ Add a top-level item")}
                </button>
            </p>
            <NoteLine note=note />
            {move || deleting.get().map(|it| delete_choice(ed, it))}
            {move || form_open.get().then(|| item_form(ed))}
            <Show when=move || loaded.get() fallback=|| view! { <p class="loading" role="status">"…"</p> }>
                <ul class="tree" data-tree="nav">
                    // Re-rendered whole after each change (trees are small);
                    // the moved item's button gets focus back.
                    {move || rows.get().into_iter().map(|r| row(ed, r)).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
