//! Named API tokens for integrators: create (the secret is shown once),
//! list and revoke.

use super::err_of;
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::api_tokens;
use crate::admin::ui::{FieldErr, Note, NoteLine, confirm, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::auth::{ApiToken, CreateApiToken, TokenScope};

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
        });
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
