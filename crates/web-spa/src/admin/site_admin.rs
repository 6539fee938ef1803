//! Smaller site-admin screens: phone extensions (with the exact tap-to-call
//! link), calendar settings, API tokens and the sign-in log.

use crate::admin::api::{Fail, use_session};
use crate::admin::dashboard::event_label;
use crate::admin::endpoints::{api_tokens, auth_log, calendar, extensions, site};
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::auth::{ApiToken, AuthEventKind, CreateApiToken, TokenScope};
use yass_shared_types::content::{CalendarSettingsInput, Extension, ExtensionInput};

fn err_of(fail: RwSignal<Option<Fail>>, k: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
}

/// `tel:+886223456789,123` from the site's `tel:` URI and an extension.
pub fn tel_preview(phone_uri: &str, ext: &str) -> String {
    let ext: String = ext.chars().filter(|c| c.is_ascii_digit()).collect();
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
        })
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

fn scope_label(s: TokenScope) -> &'static str {
    match s {
        TokenScope::Read => tr("唯讀", "Read"),
        TokenScope::ContentWrite => tr("內容讀寫", "Content write"),
        TokenScope::SiteAdmin => tr("網站管理（含帳號、群組）", "Site admin (users, groups)"),
    }
}

#[component]
pub fn Tokens() -> impl IntoView {
    let s = use_session();
    let items = RwSignal::new(Vec::<ApiToken>::new());
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::Read);
    let days = RwSignal::new(String::from("90"));
    let secret = RwSignal::new(None::<String>);
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let reload = move || {
        spawn_local(async move {
            match api_tokens::list(&s).await {
                Ok(v) => items.set(v),
                Err(f) => note.set(Note::Err(f.message())),
            }
        })
    };
    reload();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateApiToken {
            name: name.get_untracked(),
            scope: scope.get_untracked(),
            // Anything unreadable goes to the server as is (0), which says why.
            expires_in_days: Some(days.get_untracked().trim().parse().unwrap_or(0)),
        };
        spawn_local(async move {
            match api_tokens::create(&s, &body).await {
                Ok(c) => {
                    fail.set(None);
                    name.set(String::new());
                    secret.set(Some(c.secret));
                    reload();
                    crate::admin::ui::focus_later("token-secret");
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };
    view! {
        <section class="adm-section" data-screen="tokens">
            <h1>{move || tr("API 權杖", "API tokens")}</h1>
            <NoteLine note=note />
            {move || secret.get().map(|sec| view! {
                <div class="adm-note warn" role="alert">
                    <p>{tr("請立即複製這個權杖，關閉後將無法再次查看：", "Copy this token now; it will not be shown again:")}</p>
                    <p class="secret" id="token-secret" tabindex="-1" data-secret>{sec}</p>
                    <button class="btn" on:click=move |_| secret.set(None)>{tr("我已複製", "I have copied it")}</button>
                </div>
            })}
            <table class="adm-table" data-list="tokens">
                <thead><tr>
                    <th scope="col">{move || tr("名稱", "Name")}</th>
                    <th scope="col">{move || tr("權限", "Scope")}</th>
                    <th scope="col">{move || tr("建立時間", "Created")}</th>
                    <th scope="col">{move || tr("到期時間", "Expires")}</th>
                    <th scope="col">{move || tr("最後使用", "Last used")}</th>
                    <th scope="col">{move || tr("動作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().map(|t| {
                        let (id, n) = (t.id, t.name.clone());
                        view! {
                            <tr data-token=t.name.clone()>
                                <td>{t.name.clone()}</td>
                                <td>{scope_label(t.scope)}</td>
                                <td>{crate::time::date_time(&t.created_at)}</td>
                                <td>{t.expires_at.as_ref().map(crate::time::date_time).unwrap_or_default()}</td>
                                <td>{t.last_used_at.as_ref().map(crate::time::date_time).unwrap_or_default()}</td>
                                <td>{if t.revoked { view! { <span class="badge expired">{tr("已撤銷", "Revoked")}</span> }.into_any() } else { view! {
                                    <button class="btn small" on:click=move |_| {
                                        if !confirm(&format!("{}「{}」？", tr("確定要撤銷權杖", "Revoke the token"), n)) { return; }
                                        spawn_local(async move {
                                            match api_tokens::revoke(&s, id).await {
                                                Ok(()) => reload(),
                                                Err(f) => note.set(Note::Err(f.message())),
                                            }
                                        });
                                    }>{tr("撤銷", "Revoke")}</button>
                                }.into_any() }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=submit data-form="token">
                <h2>{move || tr("建立權杖", "New token")}</h2>
                <label for="tok-name">{move || tr("名稱（用途）", "Name (purpose)")}</label>
                <input id="tok-name" aria-describedby="tok-name-err" prop:value=move || name.get() on:input=move |ev| name.set(val(&ev)) />
                <FieldErr id="tok-name-err" msg=err_of(fail, "name") />
                <label for="tok-scope">{move || tr("權限", "Scope")}</label>
                <select id="tok-scope" on:change=move |ev| scope.set(TokenScope::parse(&val(&ev)))>
                    <option value="read">{move || scope_label(TokenScope::Read)}</option>
                    <option value="content_write">{move || scope_label(TokenScope::ContentWrite)}</option>
                    <option value="site_admin">{move || scope_label(TokenScope::SiteAdmin)}</option>
                </select>
                <p class="hint">{move || tr("權杖的權限不會超過建立者目前的權限；建立者停用或刪除時權杖隨即失效。", "A token never has more rights than its creator has now; it stops when the creator is disabled or deleted.")}</p>
                <label for="tok-days">{move || tr("有效天數（1–365）", "Valid for days (1–365)")}</label>
                <input id="tok-days" type="number" min="1" max="365" aria-describedby="tok-days-err" prop:value=move || days.get() on:input=move |ev| days.set(val(&ev)) />
                <FieldErr id="tok-days-err" msg=err_of(fail, "expires_in_days") />
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("建立", "Create")}</button></div>
            </form>
        </section>
    }
}

#[component]
pub fn AuthLog() -> impl IntoView {
    let s = use_session();
    let kind = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let list = LocalResource::new(move || {
        let (kind, page) = (kind.get(), page.get());
        async move { auth_log::list(&s, page, &kind).await }
    });
    view! {
        <section class="adm-section" data-screen="auth-log">
            <h1>{move || tr("登入紀錄", "Sign-in log")}</h1>
            <div class="toolbar">
                <label>{move || tr("事件", "Event")}
                    <select id="log-kind" on:change=move |ev| { kind.set(val(&ev)); page.set(1); }>
                        <option value="">{move || tr("全部", "All")}</option>
                        {AuthEventKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{move || event_label(k)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) => {
                    let pages = p.pages;
                    view! {
                        <table class="adm-table" data-list="auth-log">
                            <thead><tr>
                                <th scope="col">{tr("時間", "Time")}</th>
                                <th scope="col">{tr("帳號", "Account")}</th>
                                <th scope="col">{tr("事件", "Event")}</th>
                                <th scope="col">{tr("來源位址", "Address")}</th>
                            </tr></thead>
                            <tbody>
                                {p.items.into_iter().map(|e| { let k = e.kind; view! {
                                    <tr data-kind=k.as_str()><td>{crate::time::date_time(&e.at)}</td><td>{e.account}</td><td>{event_label(k)}</td><td>{e.client_addr}</td></tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager" aria-label=tr("分頁", "Pagination")>
                            <button class="btn" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{tr("上一頁", "Previous")}</button>
                            <span>{move || format!("{} / {pages}", page.get())}</span>
                            <button class="btn" disabled=move || { page.get() >= pages } on:click=move |_| page.update(|p| *p += 1)>{tr("下一頁", "Next")}</button>
                        </nav>
                    }.into_any()
                }
            }}
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
