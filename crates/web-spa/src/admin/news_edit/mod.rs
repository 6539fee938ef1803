//! Writing a news item: rich text, category, owning group, tags, the
//! visible and pin windows in Asia/Taipei time, attachments with progress.
//! A failed save keeps everything on the screen, with the API's messages
//! next to the fields.
//!
//! Parts: [`editor`] (state and loading), [`fields`] (the form's values),
//! [`form`] (the form), [`attachments`] (files of a saved item), and the
//! shared history panel; this container saves, deletes and lays them out.

mod attachments;
mod editor;
mod fields;
mod form;

use crate::admin::api::use_session;
use crate::admin::endpoints;
use crate::admin::endpoints::revisions::Item;
use crate::admin::history::History;
use crate::admin::shell::use_admin;
use crate::admin::ui::{Note, confirm, tr};
use attachments::Attachments;
use editor::Editor;
use form::news_form;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeMap;

#[component]
pub fn NewsEditor(id: Option<i64>) -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let navigate = use_navigate();
    let ed = Editor::new(id);
    ed.load(s);
    let Editor {
        fields: form,
        loaded,
        load_fail,
        attachments,
        fail,
        local_err,
        note,
        saving,
        denied,
        ..
    } = ed;

    let base = ctx.base.clone();
    let nav_save = navigate.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let input = match form.input() {
            Ok(i) => {
                local_err.set(BTreeMap::new());
                i
            }
            Err(bad) => {
                local_err.set(bad);
                note.set(Note::Err(
                    tr(
                        "有欄位需要修正，請看各欄位下方的說明。",
                        "Some fields need fixing; see the notes below them.",
                    )
                    .into(),
                ));
                return;
            }
        };
        saving.set(true);
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        let base = base.clone();
        let navigate = nav_save.clone();
        spawn_local(async move {
            let r = match id {
                None => endpoints::news::create(&s, &input).await,
                Some(id) => endpoints::news::update(&s, id, &input).await,
            };
            saving.set(false);
            match r {
                Ok(n) => {
                    fail.set(None);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    if id.is_none() {
                        // Attachments need the item's id: continue on its own page.
                        navigate(
                            &format!("{base}/news/{}?saved=1", n.id),
                            NavigateOptions::default(),
                        );
                    } else {
                        form.fill(&n);
                        attachments.set(n.attachments);
                    }
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };

    let base = ctx.base.clone();
    let remove = move |_: leptos::ev::MouseEvent| {
        let Some(id) = id else { return };
        if !confirm(tr(
            "確定要刪除這則消息嗎？它會移到垃圾桶，期限內可以還原。",
            "Delete this news item? It goes to the trash and can be restored for a while.",
        )) {
            return;
        }
        let base = base.clone();
        let navigate = navigate.clone();
        note.set(Note::Busy(tr("刪除中…", "Deleting…").into()));
        spawn_local(async move {
            match endpoints::news::delete(&s, id).await {
                Ok(()) => navigate(&format!("{base}/news"), NavigateOptions::default()),
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };

    let justsaved = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("saved=1"));
    if justsaved {
        note.set(Note::Ok(
            tr(
                "已儲存。現在可以加入附件。",
                "Saved. You can add attachments now.",
            )
            .into(),
        ));
    }

    let list_href = ctx.href("/news");
    view! {
        <section class="adm-section" data-screen="news-edit">
            <p>
                <a href=list_href>{move || tr("← 回消息列表", "← Back to the news list")}</a>
            </p>
            <h1>
                {move || if id.is_some() { tr("編輯消息", "Edit news") } else { tr("新增消息", "New news item") }}
            </h1>
            {move || load_fail.get().map(|f| view! { <p class="adm-note err" role="alert">{f.message()}</p> })}
            {move || {
                denied
                    .get()
                    .then(|| {
                        view! {
                            <p class="adm-note warn" role="alert" data-denied>
                                {tr(
                                    "這則消息屬於其他單位，您沒有編輯權限。",
                                    "This item belongs to another group; you may not edit it.",
                                )}
                            </p>
                        }
                    })
            }}
            <Show when=move || loaded.get() && !denied.get()>
                {news_form(ed, save.clone(), remove.clone())}
                {id.map(|nid| view! { <Attachments news_id=nid items=attachments /> })}
                {id.map(|nid| view! { <History item=Item::News(nid) on_restored=Callback::new(move |()| ed.load(s)) /> })}
            </Show>
        </section>
    }
}
