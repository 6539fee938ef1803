//! Deleting an item that has sub-items asks what happens to them: keep
//! them (they move up one level) or delete them too.

use super::editor::Editor;
use crate::admin::endpoints::nav::Children;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::content::NavItem;

/// The question about `it`'s sub-items, with its three answers.
pub(super) fn delete_choice(ed: Editor, it: NavItem) -> impl IntoView {
    let deleting = ed.deleting;
    view! {
        <div class="adm-note warn" role="group" aria-labelledby="nav-del-title" data-delete-choice>
            <p id="nav-del-title" tabindex="-1">
                {format!(
                    "{}「{}」{}",
                    tr("要刪除的", "The item "),
                    it.name,
                    tr("有子項目，子項目要怎麼處理？", " has sub-items. What should happen to them?"),
                )}
            </p>
            <div class="form-actions">
                <button type="button" class="btn" data-choice="lift" on:click=move |_| ed.remove_with(Children::Lift)>
                    {tr("保留子項目（往上移一層）", "Keep them (move up one level)")}
                </button>
                <button type="button" class="btn danger" data-choice="delete" on:click=move |_| ed.remove_with(Children::Delete)>
                    {tr("一併刪除子項目", "Delete them too")}
                </button>
                <button type="button" class="btn link" on:click=move |_| deleting.set(None)>
                    {tr("取消", "Cancel")}
                </button>
            </div>
        </div>
    }
}
