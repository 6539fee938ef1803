//! The trash (垃圾桶): deleted items this user may restore, until they are
//! purged; restore says where an item went when its place is gone.

use crate::admin::api::use_session;
use crate::admin::audit_text::kind_label;
use crate::admin::endpoints::trash;
use crate::admin::ui::{confirm, lang_now, tr};
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::trash::TrashNote;

/// What a restore note says, in both languages.
pub fn note_text(n: &TrashNote) -> (String, String) {
    match n {
        TrashNote::CategoryGone => (
            "原分類已刪除，這則消息目前沒有分類。".into(),
            "Its category is gone; the item has none now.".into(),
        ),
        TrashNote::MovedToDefaultCategory => (
            "原分類已刪除，連結移到預設分類。".into(),
            "Its category is gone; the link is in the default category now.".into(),
        ),
        TrashNote::OwnerGroupGone { now_group } => (
            format!("原所屬單位已刪除，現屬於「{now_group}」。"),
            format!("Its owning group is gone; it belongs to \"{now_group}\" now."),
        ),
        TrashNote::OwnerGroupGoneSiteAdminsOnly => (
            "原所屬單位已刪除，現在只有網站管理員可編輯。".into(),
            "Its owning group is gone; only site admins edit it now.".into(),
        ),
        TrashNote::EditGroupsGone => (
            "部分可編輯群組已刪除，其餘群組與網站管理員仍可編輯。".into(),
            "Some edit groups are gone; the others and site admins still edit the page.".into(),
        ),
        TrashNote::ParentGone => (
            "原上層選單已刪除，項目放在最上層。".into(),
            "Its submenu is gone; the item is at the top level.".into(),
        ),
        TrashNote::PageGone => (
            "連到的頁面已刪除，選單項目先隱藏。".into(),
            "The page it linked to is gone; the item is hidden.".into(),
        ),
        TrashNote::ReadGroupsGone => (
            "部分可閱讀群組已刪除，頁面仍限其餘群組閱讀。".into(),
            "Some read groups are gone; the page stays restricted to the others.".into(),
        ),
    }
}

fn pick((zh, en): (String, String)) -> String {
    if lang_now() == Lang::Zh { zh } else { en }
}

#[component]
pub fn Trash() -> impl IntoView {
    let s = use_session();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        async move { trash::list(&s).await }
    });
    let message = RwSignal::new(None::<Result<Vec<String>, String>>);
    let restore = move |id: i64| {
        spawn_local(async move {
            match trash::restore(&s, id).await {
                Ok(out) => {
                    message.set(Some(Ok(out
                        .notes
                        .iter()
                        .map(|n| pick(note_text(n)))
                        .collect())));
                    reload.update(|r| *r += 1);
                }
                Err(f) => message.set(Some(Err(f.message()))),
            }
        });
    };
    let purge = move |id: i64| {
        if !confirm(tr(
            "確定要永久刪除嗎？項目與附件將無法再還原。",
            "Delete for good? The item and its files cannot be restored afterwards.",
        )) {
            return;
        }
        spawn_local(async move {
            match trash::purge(&s, id).await {
                Ok(()) => {
                    message.set(None);
                    reload.update(|r| *r += 1);
                }
                Err(f) => message.set(Some(Err(f.message()))),
            }
        });
    };
    view! {
        <section class="adm-section" data-screen="trash">
            <h1>{move || tr("垃圾桶", "Trash")}</h1>
            <p>{move || tr("刪除的項目會在這裡保留一段時間，期間可以還原；到期後連同附件永久刪除。", "Deleted items stay here for a while and can be restored; then they are deleted for good with their files.")}</p>
            {move || message.get().map(|m| match m {
                Ok(notes) => view! {
                    <div class="adm-note ok" role="status" data-restored>
                        <p>{tr("已還原。", "Restored.")}</p>
                        {notes.into_iter().map(|n| view! { <p data-note>{n}</p> }).collect_view()}
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="adm-note err" role="alert">{e}</p> }.into_any(),
            })}
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! { <p data-empty>{tr("垃圾桶是空的。", "The trash is empty.")}</p> }.into_any(),
                Some(Ok(items)) => view! {
                    <table class="adm-table" data-list="trash">
                        <thead><tr>
                            <th scope="col">{tr("項目", "Item")}</th>
                            <th scope="col">{tr("刪除時間", "Deleted")}</th>
                            <th scope="col">{tr("刪除者", "Deleted by")}</th>
                            <th scope="col">{tr("永久刪除於", "Purged on")}</th>
                            <th scope="col"><span class="visually-hidden">{tr("動作", "Actions")}</span></th>
                        </tr></thead>
                        <tbody>
                            {items.into_iter().map(|t| {
                                let id = t.id;
                                let kind = pick(kind_label(&t.kind));
                                let label = format!("{kind}：{}", t.label);
                                view! {
                                    <tr data-kind=t.kind.clone() data-item=t.item_id>
                                        <td>{label.clone()}</td>
                                        <td>{crate::time::date_time(&t.deleted_at)}</td>
                                        <td>{t.deleted_by.clone()}</td>
                                        <td>{crate::time::date(&t.purge_at)}</td>
                                        <td>
                                            <button type="button" class="btn small" data-action="restore" aria-label=format!("{} {label}", tr("還原", "Restore")) on:click=move |_| restore(id)>{tr("還原", "Restore")}</button>
                                            " "
                                            <button type="button" class="btn small danger" data-action="purge" aria-label=format!("{} {label}", tr("永久刪除", "Delete for good")) on:click=move |_| purge(id)>{tr("永久刪除", "Delete for good")}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_reads_in_both_languages() {
        let (zh, en) = note_text(&TrashNote::OwnerGroupGone {
            now_group: "網站管理員".into(),
        });
        assert!(zh.contains("網站管理員") && en.contains("網站管理員"));
        for n in [
            TrashNote::CategoryGone,
            TrashNote::MovedToDefaultCategory,
            TrashNote::OwnerGroupGoneSiteAdminsOnly,
            TrashNote::EditGroupsGone,
            TrashNote::ParentGone,
            TrashNote::PageGone,
            TrashNote::ReadGroupsGone,
        ] {
            let (zh, en) = note_text(&n);
            assert!(!zh.is_empty() && !en.is_empty());
        }
    }
}
