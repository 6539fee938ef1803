//! The phone extension list (分機表), with the exact tap-to-call link each
//! entry dials.

use super::err_of;
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::{extensions, site};
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{Extension, ExtensionInput};

/// `tel:+886223456789,123` from the site's `tel:` URI and an extension.
pub fn tel_preview(phone_uri: &str, ext: &str) -> String {
    let ext: String = ext.chars().filter(char::is_ascii_digit).collect();
    if ext.is_empty() {
        phone_uri.to_string()
    } else {
        format!("{phone_uri},{ext}")
    }
}

#[component]
pub fn Extensions() -> impl IntoView {
    let s = use_session();
    let items = RwSignal::new(Vec::<Extension>::new());
    let phone_uri = RwSignal::new(None::<String>);
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let title = RwSignal::new(String::new());
    let ext = RwSignal::new(String::new());
    let on_home = RwSignal::new(false);
    let editing = RwSignal::new(None::<i64>);
    let reload = move || {
        spawn_local(async move {
            match extensions::list(&s).await {
                Ok(v) => items.set(v),
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    reload();
    spawn_local(async move {
        if let Ok(public) = site::public(&s).await {
            phone_uri.set(public.phone_uri);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ExtensionInput {
            title: title.get_untracked(),
            extension: ext.get_untracked(),
            order: None,
            on_homepage: on_home.get_untracked(),
        };
        spawn_local(async move {
            let r = match editing.get_untracked() {
                None => extensions::create(&s, &body).await,
                Some(id) => extensions::update(&s, id, &body).await,
            };
            match r {
                Ok(_) => {
                    fail.set(None);
                    title.set(String::new());
                    ext.set(String::new());
                    editing.set(None);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    reload();
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };
    view! {
        <section class="adm-section" data-screen="extensions">
            <h1>{move || tr("分機表", "Phone extensions")}</h1>
            <NoteLine note=note />
            <table class="adm-table" data-list="extensions">
                <thead><tr>
                    <th scope="col">{move || tr("單位", "Office")}</th>
                    <th scope="col">{move || tr("分機", "Extension")}</th>
                    <th scope="col">{move || tr("撥號連結", "Tap-to-call link")}</th>
                    <th scope="col">{move || tr("動作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().map(|e| {
                        let (e1, e2) = (e.clone(), e.clone());
                        view! {
                            <tr data-extension=e.extension.clone()>
                                <td>{e.title.clone()}</td>
                                <td>{e.extension.clone()}</td>
                                <td>{e.tel_uri.clone().map(|u| view! { <a href=u.clone() data-tel>{u.clone()}</a> })}</td>
                                <td>
                                    <button class="btn small" on:click=move |_| { editing.set(Some(e1.id)); title.set(e1.title.clone()); ext.set(e1.extension.clone()); on_home.set(e1.on_homepage); crate::admin::ui::focus_later("ext-title"); }>{tr("編輯", "Edit")}</button>
                                    " "
                                    <button class="btn small" on:click=move |_| {
                                        if !confirm(&format!("{}「{}」？", tr("確定要刪除分機", "Delete the extension"), e2.title)) { return; }
                                        let id = e2.id;
                                        spawn_local(async move {
                                            match extensions::delete(&s, id).await {
                                                Ok(()) => reload(),
                                                Err(f) => note.set(Note::Err(f.message())),
                                            }
                                        });
                                    }>{tr("刪除", "Delete")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=submit data-form="extension">
                <h2>{move || if editing.get().is_some() { tr("編輯分機", "Edit extension") } else { tr("新增分機", "New extension") }}</h2>
                <label for="ext-title">{move || tr("單位", "Office")}</label>
                <input id="ext-title" aria-describedby="ext-title-err" prop:value=move || title.get() on:input=move |ev| title.set(val(&ev)) />
                <FieldErr id="ext-title-err" msg=err_of(fail, "title") />
                <label for="ext-number">{move || tr("分機號碼", "Extension number")}</label>
                <input id="ext-number" inputmode="numeric" aria-describedby="ext-number-err ext-preview" prop:value=move || ext.get() on:input=move |ev| ext.set(val(&ev)) />
                <FieldErr id="ext-number-err" msg=err_of(fail, "extension") />
                <p id="ext-preview" class="muted" data-preview>
                    {move || match phone_uri.get() {
                        Some(p) => format!("{} {}", tr("撥號連結預覽：", "Tap-to-call preview:"), tel_preview(&p, &ext.get())),
                        None => tr("網站尚未設定電話，無法產生撥號連結。", "The site has no phone number, so there is no tap-to-call link.").to_string(),
                    }}
                </p>
                <label class="check"><input type="checkbox" prop:checked=move || on_home.get() on:change=move |ev| on_home.set(checked(&ev)) />{move || tr("顯示在首頁", "Show on the homepage")}</label>
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button></div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::tel_preview;

    #[test]
    fn tel_links_pause_then_dial() {
        assert_eq!(
            tel_preview("tel:+886223456789", "123"),
            "tel:+886223456789,123"
        );
        assert_eq!(
            tel_preview("tel:+886223456789", " 1-2 "),
            "tel:+886223456789,12"
        );
        assert_eq!(tel_preview("tel:+886223456789", ""), "tel:+886223456789");
    }
}
