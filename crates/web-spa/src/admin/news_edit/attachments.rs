//! A saved item's attachments: upload with a byte-progress bar, delete.

use crate::admin::api::use_session;
use crate::admin::endpoints;
use crate::admin::ui::{Note, NoteLine, confirm, tr};
use crate::admin::upload::human_size;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::Attachment;

/// Files attached to a saved item: upload with a byte-progress bar, delete.
#[component]
pub(super) fn Attachments(news_id: i64, items: RwSignal<Vec<Attachment>>) -> impl IntoView {
    let s = use_session();
    let input = NodeRef::<html::Input>::new();
    let progress = RwSignal::new(None::<(f64, f64)>);
    let note = RwSignal::new(Note::None);
    let start = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let Some(file) = el.files().and_then(|f| f.get(0)) else {
            note.set(Note::Err(
                tr("請先選擇檔案。", "Choose a file first.").into(),
            ));
            return;
        };
        let total = file.size();
        progress.set(Some((0.0, total)));
        note.set(Note::Busy(format!(
            "{} {}",
            tr("上傳中：", "Uploading:"),
            file.name()
        )));
        spawn_local(async move {
            let r = endpoints::news::upload_attachment(&s, news_id, &file, move |l, t| {
                progress.set(Some((l, t)));
            })
            .await;
            progress.set(None);
            match r {
                Ok(a) => {
                    note.set(Note::Ok(format!(
                        "{} {}",
                        tr("已上傳：", "Uploaded:"),
                        a.file_name
                    )));
                    items.update(|v| v.push(a));
                    if let Some(el) = input.get_untracked() {
                        el.set_value("");
                    }
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    let remove = move |a: Attachment| {
        if !confirm(&format!(
            "{} {}",
            tr("確定要刪除附件？", "Delete the attachment?"),
            a.file_name
        )) {
            return;
        }
        spawn_local(async move {
            match endpoints::news::delete_attachment(&s, a.id).await {
                Ok(()) => {
                    items.update(|v| v.retain(|x| x.id != a.id));
                    note.set(Note::Ok(tr("附件已刪除。", "Attachment deleted.").into()));
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    view! {
        <section class="adm-attachments" aria-labelledby="att-title">
            <h2 id="att-title">{move || tr("附件", "Attachments")}</h2>
            <ul class="att-list">
                <For each=move || items.get() key=|a| a.id let:a>
                    {
                        let a2 = a.clone();
                        view! {
                            <li data-attachment=a.file_name.clone()>
                                <a href=a.url.clone()>{a.file_name.clone()}</a>
                                <span class="muted">{human_size(a.size as f64)}</span>
                                <button type="button" class="btn small" on:click=move |_| remove(a2.clone())>
                                    {move || tr("刪除", "Delete")}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="toolbar">
                <label>
                    {move || tr("選擇檔案", "Choose a file")}
                    <input type="file" node_ref=input id="att-file" />
                </label>
                <button type="button" class="btn" on:click=start disabled=move || progress.get().is_some()>
                    {move || tr("上傳附件", "Upload")}
                </button>
            </div>
            <crate::admin::upload::UploadProgress progress=progress />
            <NoteLine note=note />
        </section>
    }
}
