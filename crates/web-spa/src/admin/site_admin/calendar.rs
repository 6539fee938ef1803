//! The calendar settings: the Google Calendar embed and the iCal address.

use super::err_of;
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::calendar;
use crate::admin::ui::{FieldErr, Note, NoteLine, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::CalendarSettingsInput;

#[component]
pub fn Calendar() -> impl IntoView {
    let s = use_session();
    let value = RwSignal::new(String::new());
    let ics = RwSignal::new(String::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    spawn_local(async move {
        if let Ok(c) = calendar::settings(&s).await {
            value.set(c.google_embed_url.unwrap_or_default());
            ics.set(c.ics_url);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = value.get_untracked().trim().to_string();
        let body = CalendarSettingsInput {
            google_calendar: (!v.is_empty()).then_some(v),
        };
        spawn_local(async move {
            match calendar::update_settings(&s, &body).await {
                Ok(c) => {
                    fail.set(None);
                    value.set(c.google_embed_url.unwrap_or_default());
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };
    view! {
        <section class="adm-section" data-screen="calendar">
            <h1>{move || tr("行事曆設定", "Calendar settings")}</h1>
            <form class="adm-form narrow" on:submit=submit>
                <label for="cal-google">{move || tr("Google 行事曆嵌入網址或日曆 ID（留空表示不使用）", "Google Calendar embed URL or calendar id (empty = none)")}</label>
                <input id="cal-google" aria-describedby="cal-google-err" prop:value=move || value.get() on:input=move |ev| value.set(val(&ev)) />
                <FieldErr id="cal-google-err" msg=err_of(fail, "google_calendar") />
                <p class="muted">{move || format!("{} {}", tr("iCal 訂閱網址：", "iCal subscription:"), ics.get())}</p>
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button></div>
                <NoteLine note=note />
            </form>
        </section>
    }
}
