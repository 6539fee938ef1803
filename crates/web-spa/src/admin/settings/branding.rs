//! Branding: the logo and the banner images (uploaded, ordered, removed).

use super::{err_of, shift};
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::{images, site};
use crate::admin::ui::{FieldErr, Note, NoteLine, tr, val};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::Branding;

#[component]
pub(super) fn BrandingForm(
    logo: RwSignal<String>,
    banners: RwSignal<Vec<String>>,
) -> impl IntoView {
    let s = use_session();
    let fail = RwSignal::new(None::<Fail>);
    let note = RwSignal::new(Note::None);
    let logo_in = NodeRef::<html::Input>::new();
    let banner_in = NodeRef::<html::Input>::new();
    let send = move |input: NodeRef<html::Input>, is_logo: bool| {
        let Some(file) = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        note.set(Note::Busy(format!(
            "{} {}",
            tr("上傳中：", "Uploading:"),
            file.name()
        )));
        spawn_local(async move {
            match images::upload(&s, &file, |_, _| {}).await {
                Ok(image) => {
                    let url = image.url;
                    if is_logo {
                        logo.set(url);
                    } else {
                        banners.update(|b| b.push(url));
                    }
                    note.set(Note::Ok(
                        tr(
                            "已上傳，按「儲存圖片」後生效。",
                            "Uploaded; press “Save images” to apply.",
                        )
                        .into(),
                    ));
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = logo.get_untracked();
        let body = Branding {
            logo_url: (!l.trim().is_empty()).then(|| l.trim().to_string()),
            banner_urls: banners.get_untracked(),
        };
        spawn_local(async move {
            match site::update_branding(&s, &body).await {
                Ok(b) => {
                    fail.set(None);
                    logo.set(b.logo_url.unwrap_or_default());
                    banners.set(b.banner_urls);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="adm-form narrow" on:submit=save data-form="branding">
            <h2>{move || tr("標誌與橫幅", "Logo and banners")}</h2>
            <NoteLine note=note />
            <label for="brand-logo">{move || tr("標誌網址", "Logo URL")}</label>
            <input id="brand-logo" aria-describedby="brand-logo-err" prop:value=move || logo.get() on:input=move |ev| logo.set(val(&ev)) />
            <FieldErr id="brand-logo-err" msg=err_of(fail, "logo_url") />
            {move || (!logo.get().is_empty()).then(|| view! { <img class="adm-thumb" src=logo.get() alt=tr("目前的標誌", "Current logo") style="max-height:4rem" /> })}
            <label for="brand-logo-file">{move || tr("上傳標誌圖片", "Upload a logo image")}</label>
            <input id="brand-logo-file" type="file" accept="image/*" node_ref=logo_in on:change=move |_| send(logo_in, true) />
            <fieldset>
                <legend>{move || tr("首頁橫幅", "Homepage banners")}</legend>
                <ul data-list="banners">
                    {move || banners.get().into_iter().enumerate().map(|(i, u)| view! {
                        <li>
                            <img src=u.clone() alt="" style="max-height:3rem" />
                            " " <span>{u.clone()}</span> " "
                            <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), i + 1) on:click=move |_| banners.update(|b| shift(b, i, true))>"↑"</button>
                            <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), i + 1) on:click=move |_| banners.update(|b| shift(b, i, false))>"↓"</button>
                            <button type="button" class="btn small" on:click=move |_| banners.update(|b| { if i < b.len() { b.remove(i); } })>{tr("移除", "Remove")}</button>
                        </li>
                    }).collect_view()}
                </ul>
                <FieldErr id="brand-banners-err" msg=err_of(fail, "banner_urls") />
                <label for="brand-banner-file">{move || tr("新增橫幅圖片", "Add a banner image")}</label>
                <input id="brand-banner-file" type="file" accept="image/*" node_ref=banner_in on:change=move |_| send(banner_in, false) />
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存圖片", "Save images")}</button>
            </div>
        </form>
    }
}
