//! The history panel of the news and page editors (版本紀錄): every saved
//! version, a readable comparison of any two (the visible text, deletions
//! struck through, additions marked), and "restore this version", which
//! saves it as a new version and says what could not come back.

use crate::admin::api::use_session;
use crate::admin::endpoints::revisions::{self, Item};
use crate::admin::ui::{confirm, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::revisions::{DiffOp, RestoreNote, RevisionDiff};

/// What a restore note says, in both languages.
pub fn note_text(n: &RestoreNote) -> (String, String) {
    match n {
        RestoreNote::KeptCurrentRights => (
            "閱讀與編輯權限維持目前設定（舊版本的群組已不存在、會擴大可閱讀範圍，或您無權變更）。".into(),
            "Who may read and edit stays as it is now (a group of the old version is gone, the old lists would let more people in, or you may not change them).".into(),
        ),
        RestoreNote::CategoryGone => (
            "舊版本的分類已刪除，這則消息目前沒有分類。".into(),
            "The old version's category was deleted; the item now has none.".into(),
        ),
        RestoreNote::KeptCurrentGroup => (
            "舊版本的所屬單位已不存在或您無權指定，維持目前單位。".into(),
            "The old owning group is gone or not yours to give; the current one stays.".into(),
        ),
        RestoreNote::AttachmentsGone { file_names } => (
            format!("這些附件已刪除，沒有一起還原：{}", file_names.join("、")),
            format!("These attachments were deleted and did not come back: {}", file_names.join(", ")),
        ),
    }
}

/// The class of a part of a comparison.
fn part_class(op: DiffOp) -> &'static str {
    match op {
        DiffOp::Equal => "same",
        DiffOp::Delete => "del",
        DiffOp::Insert => "ins",
    }
}

/// A comparison as paragraphs of marked runs: `<del>` and `<ins>` carry
/// the meaning for screen readers, the class the colour.
fn diff_view(parts: Vec<yass_shared_types::revisions::DiffPart>) -> impl IntoView {
    let mut paragraphs: Vec<Vec<yass_shared_types::revisions::DiffPart>> = vec![vec![]];
    for p in parts {
        let ends = p.break_after;
        if let Some(last) = paragraphs.last_mut() {
            last.push(p);
        }
        if ends {
            paragraphs.push(vec![]);
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|runs| {
            view! {
                <p>
                    {runs.into_iter().map(|r| match r.op {
                        DiffOp::Equal => view! { <span class=part_class(r.op)>{r.text}</span> }.into_any(),
                        DiffOp::Delete => view! { <del class=part_class(r.op)>{r.text}</del> }.into_any(),
                        DiffOp::Insert => view! { <ins class=part_class(r.op)>{r.text}</ins> }.into_any(),
                    }).collect_view()}
                </p>
            }
        })
        .collect_view()
}

fn show_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) if a.is_empty() => "—".into(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), String::from))
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    }
}

fn comparison(d: RevisionDiff) -> impl IntoView {
    let fields = d.fields;
    view! {
        <div class="adm-diff" data-diff=format!("{}-{}", d.from, d.to)>
            <h3>{move || tr("標題", "Title")}</h3>
            <div class="diff-text" data-part="title">{diff_view(d.title)}</div>
            <h3>{move || tr("內容", "Body")}</h3>
            <div class="diff-text" data-part="body">{diff_view(d.body)}</div>
            {(!fields.is_empty()).then(|| view! {
                <h3>{move || tr("其他欄位", "Other fields")}</h3>
                <ul data-part="fields">
                    {fields.into_iter().map(|f| view! {
                        <li>{format!("{}：{} → {}", f.field, show_value(&f.before), show_value(&f.after))}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The panel. `on_restored` reloads the editor with the restored version.
#[component]
pub fn History(item: Item, on_restored: Callback<()>) -> impl IntoView {
    let s = use_session();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        async move { revisions::list(&s, item).await }
    });
    let from = RwSignal::new(None::<u32>);
    let to = RwSignal::new(None::<u32>);
    let shown = RwSignal::new(None::<RevisionDiff>);
    let message = RwSignal::new(None::<Result<Vec<RestoreNote>, String>>);
    let compare = move |_| {
        let (Some(a), Some(b)) = (from.get_untracked(), to.get_untracked()) else {
            return;
        };
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        spawn_local(async move {
            match revisions::diff(&s, item, a, b).await {
                Ok(d) => shown.set(Some(d)),
                Err(f) => message.set(Some(Err(f.message()))),
            }
        });
    };
    let restore = move |n: u32| {
        if !confirm(tr(
            "確定要還原這個版本嗎？目前的內容會保留在版本紀錄中；編輯器中尚未儲存的修改會被取代。",
            "Restore this version? The current one stays in the history; unsaved changes in the editor are replaced.",
        )) {
            return;
        }
        spawn_local(async move {
            match revisions::restore(&s, item, n).await {
                Ok(out) => {
                    message.set(Some(Ok(out.notes)));
                    shown.set(None);
                    reload.update(|r| *r += 1);
                    on_restored.run(());
                }
                Err(f) => message.set(Some(Err(f.message()))),
            }
        });
    };
    view! {
        <section class="adm-history" data-history aria-labelledby="history-title">
            <h2 id="history-title">{move || tr("版本紀錄", "History")}</h2>
            {move || message.get().map(|m| match m {
                Ok(notes) => view! {
                    <div class="adm-note ok" role="status" data-restored>
                        <p>{tr("已還原為新的版本。", "Restored as a new version.")}</p>
                        {notes.iter().map(|n| { let (zh, en) = note_text(n); view! { <p data-note>{if crate::admin::ui::lang_now() == crate::i18n::Lang::Zh { zh } else { en }}</p> } }).collect_view()}
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="adm-note err" role="alert">{e}</p> }.into_any(),
            })}
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(versions)) => {
                    let newest = versions.first().map(|v| v.number);
                    view! {
                        <table class="adm-table" data-list="revisions">
                            <thead><tr>
                                <th scope="col">{tr("版本", "Version")}</th>
                                <th scope="col">{tr("時間", "Time")}</th>
                                <th scope="col">{tr("儲存者", "Saved by")}</th>
                                <th scope="col">{tr("標題", "Title")}</th>
                                <th scope="col">{tr("比較：從", "Compare: from")}</th>
                                <th scope="col">{tr("到", "to")}</th>
                                <th scope="col"><span class="visually-hidden">{tr("動作", "Actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {versions.into_iter().map(|v| {
                                    let n = v.number;
                                    let note = v.restored_from.map(|r| format!(" ({} {r})", tr("還原自", "restored from")));
                                    view! {
                                        <tr data-version=n>
                                            <td>{n}{note}</td>
                                            <td>{crate::time::date_time(&v.at)}</td>
                                            <td>{v.actor_name.clone()}</td>
                                            <td>{v.title.clone()}</td>
                                            <td><input type="radio" name="diff-from" aria-label=format!("{} {n}", tr("從版本", "From version")) on:change=move |_| from.set(Some(n)) /></td>
                                            <td><input type="radio" name="diff-to" aria-label=format!("{} {n}", tr("到版本", "To version")) on:change=move |_| to.set(Some(n)) /></td>
                                            <td>{(Some(n) != newest).then(|| view! {
                                                <button type="button" class="btn small" data-action="restore" on:click=move |_| restore(n)>{tr("還原此版本", "Restore this version")}</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p><button type="button" class="btn" data-action="compare" on:click=compare>{move || tr("比較選取的版本", "Compare the chosen versions")}</button></p>
                    }.into_any()
                }
            }}
            {move || shown.get().map(comparison)}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_reads_in_both_languages() {
        let gone = RestoreNote::AttachmentsGone {
            file_names: vec!["簡章.pdf".into(), "表格.odt".into()],
        };
        let (zh, en) = note_text(&gone);
        assert!(zh.ends_with("簡章.pdf、表格.odt"));
        assert!(en.ends_with("簡章.pdf, 表格.odt"));
        for n in [
            RestoreNote::KeptCurrentRights,
            RestoreNote::CategoryGone,
            RestoreNote::KeptCurrentGroup,
        ] {
            let (zh, en) = note_text(&n);
            assert!(!zh.is_empty() && !en.is_empty());
        }
    }

    #[test]
    fn values_read_plainly() {
        assert_eq!(show_value(&serde_json::json!(null)), "—");
        assert_eq!(
            show_value(&serde_json::json!(["招生", "公告"])),
            "招生、公告"
        );
        assert_eq!(show_value(&serde_json::json!(true)), "true");
        assert_eq!(part_class(DiffOp::Insert), "ins");
    }
}
