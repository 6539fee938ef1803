//! A small rich-text editor: a `contenteditable` region driven by
//! `document.execCommand`. The API sanitizes whatever arrives, so this only
//! has to produce the allowed elements (headings, lists, links, tables, images).
//! HTML goes in and out through `html_sink` only: the stored body (sanitised
//! by the server) is loaded once, inserted markup is built there.

use crate::admin::api::use_session;
use crate::admin::ui::{prompt, tr};
use crate::html_sink::{EditorMarkup, editor_markup, insert_at_caret, load_editor};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use yass_shared_types::html::SanitizedHtml;

fn exec(cmd: &str, value: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let doc: web_sys::HtmlDocument = doc.unchecked_into();
        let _ = doc.exec_command_with_show_ui_and_value(cmd, false, value);
    }
}

/// A toolbar button's accessible name: its meaning, and its visible text
/// too when that has letters or digits (`H2`), so speech input users can
/// say what they see (WCAG 2.5.3).
fn spoken_name(meaning: &str, visible: &str) -> String {
    if visible.chars().any(char::is_alphanumeric) {
        format!("{meaning} {visible}")
    } else {
        meaning.to_string()
    }
}

/// `initial` is the stored body the editor starts from (read when the editor
/// appears, and when a different body is loaded); `html` follows the editor's content, to be sent on save;
/// `label` names the region for screen readers.
#[component]
pub fn RichText(
    initial: RwSignal<SanitizedHtml>,
    html: RwSignal<String>,
    label: &'static str,
    described_by: &'static str,
) -> impl IntoView {
    let s = use_session();
    let editor = NodeRef::<html::Div>::new();
    let file_input = NodeRef::<html::Input>::new();
    let saved = StoredValue::new_local(None::<web_sys::Range>);
    let upload_note = RwSignal::new(None::<String>);
    let upload_pct = RwSignal::new(None::<f64>);

    // Loads the stored body when the editor appears, and again when another
    // body is loaded over it (a version restored from the history); a save
    // that stores what is shown leaves the editor (and the caret) alone.
    Effect::new(move |_| {
        let stored = initial.get();
        if let Some(el) = editor.get() {
            if editor_markup(&el) != stored.as_str() {
                load_editor(&el, &stored);
            }
            // What is shown is what will be saved.
            html.set(editor_markup(&el));
        }
    });
    let sync = move || {
        if let Some(el) = editor.get_untracked() {
            html.set(editor_markup(&el));
        }
    };
    let remember = move || {
        if let Some(sel) = web_sys::window().and_then(|w| w.get_selection().ok().flatten())
            && sel.range_count() > 0
            && let Ok(r) = sel.get_range_at(0)
        {
            saved.set_value(Some(r));
        }
    };
    // Toolbar buttons take focus (keyboard users): give the selection back first.
    let restore = move || {
        if let Some(el) = editor.get_untracked() {
            let _ = el.focus();
            if let (Some(r), Some(sel)) = (
                saved.get_value(),
                web_sys::window().and_then(|w| w.get_selection().ok().flatten()),
            ) {
                let _ = sel.remove_all_ranges();
                let _ = sel.add_range(&r);
            }
        }
    };
    let run = move |cmd: &'static str, value: &'static str| {
        restore();
        exec(cmd, value);
        sync();
    };
    let button = move |zh: &'static str,
                       en: &'static str,
                       text: &'static str,
                       cmd: &'static str,
                       value: &'static str| {
        view! {
            <button
                type="button"
                class="btn small"
                title=move || tr(zh, en)
                aria-label=move || spoken_name(tr(zh, en), text)
                on:mousedown=|ev| ev.prevent_default()
                on:click=move |_| run(cmd, value)
            >
                {text}
            </button>
        }
    };
    let add_link = move |_| {
        let Some(url) = prompt(
            tr(
                "連結網址（https://…、mailto:…、tel:…）",
                "Link address (https://…, mailto:…, tel:…)",
            ),
            "https://",
        ) else {
            return;
        };
        let url = url.trim().to_string();
        if url.is_empty() || url == "https://" {
            return;
        }
        restore();
        let has_text = web_sys::window()
            .and_then(|w| w.get_selection().ok().flatten())
            .is_some_and(|s| !s.is_collapsed());
        if has_text {
            exec("createLink", &url);
        } else {
            insert_at_caret(EditorMarkup::link(&url));
        }
        sync();
    };
    let add_table = move |_| {
        restore();
        insert_at_caret(EditorMarkup::table());
        sync();
    };
    let pick_image = move |_| {
        remember();
        if let Some(i) = file_input.get_untracked() {
            i.click();
        }
    };
    let on_file = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let alt = prompt(
            tr(
                "圖片說明（給視障讀者）",
                "Image description (for screen readers)",
            ),
            "",
        )
        .unwrap_or_default();
        upload_pct.set(Some(0.0));
        upload_note.set(None);
        spawn_local(async move {
            let r = crate::admin::endpoints::images::upload(&s, &file, move |l, t| {
                upload_pct.set(Some(if t > 0.0 { l / t * 100.0 } else { 0.0 }));
            })
            .await;
            upload_pct.set(None);
            match r {
                Ok(image) => {
                    let url = image.url;
                    restore();
                    insert_at_caret(EditorMarkup::image(&url, &alt));
                    sync();
                }
                Err(f) => upload_note.set(Some(f.message())),
            }
        });
    };
    view! {
        <div class="rte-wrap">
            <div class="rte-toolbar" role="toolbar" aria-label=move || tr("編輯工具列", "Formatting")>
                {button("大標題", "Heading", "H2", "formatBlock", "h2")}
                {button("小標題", "Subheading", "H3", "formatBlock", "h3")}
                {button("段落", "Paragraph", "¶", "formatBlock", "p")}
                {button("粗體", "Bold", "B", "bold", "")}
                {button("斜體", "Italic", "I", "italic", "")}
                {button("項目清單", "Bulleted list", "• ≡", "insertUnorderedList", "")}
                {button("編號清單", "Numbered list", "1. ≡", "insertOrderedList", "")}
                {button("引言", "Quote", "❝", "formatBlock", "blockquote")}
                <button
                    type="button"
                    class="btn small"
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=add_link
                >
                    {move || tr("連結", "Link")}
                </button>
                <button
                    type="button"
                    class="btn small"
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=add_table
                >
                    {move || tr("表格", "Table")}
                </button>
                <button type="button" class="btn small" on:click=pick_image data-rte="image">
                    {move || tr("插入圖片", "Image")}
                </button>
                {button("清除格式", "Clear formatting", "⌫", "removeFormat", "")}
                <input
                    type="file"
                    accept="image/*"
                    hidden
                    node_ref=file_input
                    on:change=on_file
                    data-rte="image-file"
                />
            </div>
            <div
                class="rte"
                contenteditable="true"
                role="textbox"
                aria-multiline="true"
                aria-label=move || tr(label, label)
                aria-describedby=described_by
                node_ref=editor
                data-rte="body"
                on:input=move |_| sync()
                on:blur=move |_| {
                    remember();
                    sync();
                }
                on:keyup=move |_| remember()
                on:mouseup=move |_| remember()
            ></div>
            {move || {
                upload_pct
                    .get()
                    .map(|p| {
                        view! {
                            <label class="upload-progress">
                                {tr("圖片上傳中", "Uploading image")}
                                <progress max="100" value=p></progress>
                            </label>
                        }
                    })
            }}
            {move || upload_note.get().map(|m| view! { <p class="adm-note err" role="alert">{m}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::spoken_name;

    #[test]
    fn a_button_is_named_by_what_it_does_and_shows() {
        assert_eq!(spoken_name("大標題", "H2"), "大標題 H2");
        assert_eq!(spoken_name("段落", "¶"), "段落");
    }
}
