//! The pages a school reaches without an account, on the platform host:
//! the application form, the confirmation and status links from its mail,
//! and choosing a password with a set-up or reset link. Secrets come after
//! `#` in the link (never sent to a server's log) and are dropped from the
//! address bar once read.

use crate::admin::api::{Fail, Session, use_session};
use crate::admin::endpoints::applications::{self as ep, LinkKind};
use crate::admin::ui::{FieldErr, Note, NoteLine, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::applications::{
    ApplicationOptions, ApplicationState, ApplicationStatus, NewApplication,
};

/// The secret after `#`, removed from the address bar.
fn take_fragment() -> String {
    let Some(w) = web_sys::window() else {
        return String::new();
    };
    let hash = w.location().hash().unwrap_or_default();
    if let (Ok(h), Ok(path)) = (w.history(), w.location().pathname()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    hash.trim_start_matches('#').to_string()
}

/// The frame of every public page: one centred card.
#[component]
fn Card(screen: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="adm-center">
            <main id="main" class="adm-card wide" tabindex="-1" data-screen=screen>
                {children()}
            </main>
        </div>
    }
}

fn err_of(fail: RwSignal<Option<Fail>>, k: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
}

/// One labelled text field of the form.
#[component]
fn Field(
    id: &'static str,
    field: &'static str,
    zh: &'static str,
    en: &'static str,
    value: RwSignal<String>,
    fail: RwSignal<Option<Fail>>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(optional)] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let err_id: &'static str = Box::leak(format!("{id}-err").into_boxed_str());
    let hint_id: &'static str = Box::leak(format!("{id}-hint").into_boxed_str());
    let described = if hint.is_some() {
        format!("{hint_id} {err_id}")
    } else {
        err_id.to_string()
    };
    view! {
        <label for=id>{move || tr(zh, en)}</label>
        {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()}</p> })}
        <input
            id=id
            name=field
            type=if kind.is_empty() { "text" } else { kind }
            autocomplete=if autocomplete.is_empty() { "off" } else { autocomplete }
            aria-describedby=described
            aria-invalid=move || if err_of(fail, field).get().is_some() { "true" } else { "false" }
            prop:value=move || value.get()
            on:input=move |ev| value.set(val(&ev))
        />
        <FieldErr id=err_id msg=err_of(fail, field) />
    }
}

/// 申請學校網站: the application form.
#[component]
pub fn ApplyPage() -> impl IntoView {
    let s = use_session();
    let options = RwSignal::new(None::<ApplicationOptions>);
    spawn_local(async move {
        if let Ok(o) = ep::options(&s).await {
            options.set(Some(o));
        }
    });
    let f: [RwSignal<String>; 13] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [
        name,
        code,
        level,
        district,
        contact,
        email,
        phone,
        slug,
        host,
        account,
        note,
        website,
        _,
    ] = f;
    let fail = RwSignal::new(None::<Fail>);
    let msg = RwSignal::new(Note::None);
    let sent_to = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let opt = |v: RwSignal<String>| {
            Some(v.get_untracked().trim().to_string()).filter(|t| !t.is_empty())
        };
        let form = NewApplication {
            school_name: name.get_untracked(),
            school_code: code.get_untracked(),
            level: level.get_untracked(),
            district: district.get_untracked(),
            contact_name: contact.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            slug: slug.get_untracked().trim().to_lowercase(),
            hostname: opt(host),
            account: account.get_untracked(),
            note: opt(note),
            website: opt(website),
        };
        busy.set(true);
        msg.set(Note::Busy(tr("送出中…", "Sending…").into()));
        spawn_local(async move {
            let r = ep::submit(&s, &form).await;
            busy.set(false);
            match r {
                Ok(got) => {
                    fail.set(None);
                    msg.set(Note::None);
                    sent_to.set(Some(got.email));
                    crate::admin::ui::focus_later("main");
                }
                Err(e) => {
                    msg.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    let domains = Signal::derive(move || {
        options.with(|o| {
            let d = o
                .as_ref()
                .map(|o| o.email_domains.join("、"))
                .unwrap_or_default();
            format!(
                "{}{d}",
                tr("請使用學校的電子郵件地址：", "Use your school address: ")
            )
        })
    });
    let suffixes = Signal::derive(move || {
        options.with(|o| {
            let d = o
                .as_ref()
                .map(|o| {
                    o.hostname_suffixes
                        .iter()
                        .map(|s| format!(".{s}"))
                        .collect::<Vec<_>>()
                        .join("、")
                })
                .unwrap_or_default();
            format!(
                "{}{d}",
                tr("可留空。結尾須為：", "Optional. Must end with: ")
            )
        })
    });
    let choices = move |pick: fn(&ApplicationOptions) -> &Vec<String>| {
        options.with(|o| {
            o.as_ref().map(|o| {
                pick(o)
                    .iter()
                    .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                    .collect_view()
            })
        })
    };
    view! {
        <Card screen="apply">
            <h1>{move || tr("申請學校網站", "Apply for a school website")}</h1>
            {move || match sent_to.get() {
                Some(to) => view! {
                    <div data-applied>
                        <p class="adm-note ok" role="status">
                            {tr("申請已送出。我們寄了一封確認信到 ", "Application received. We sent a confirmation link to ")}
                            <strong>{to}</strong>
                            {tr("，請在 24 小時內點選信中的連結；確認後申請才會送交審核。", "; open it within 24 hours. Only then is the application reviewed.")}
                        </p>
                    </div>
                }.into_any(),
                None => view! {
                    <p>{move || tr(
                        "臺北市的學校可以在這裡申請校園網站。核准後，網站立即開通，並寄送設定密碼的連結給您。",
                        "Taipei schools apply for their website here. Once approved, the site is on line at once and you are mailed a link to choose your password.",
                    )}</p>
                    <NoteLine note=msg />
                    <form class="adm-form" on:submit=submit novalidate data-form="apply">
                        <Field id="ap-name" field="school_name" zh="學校名稱" en="School name" value=name fail=fail autocomplete="organization" />
                        <Field id="ap-code" field="school_code" zh="學校代碼（教育部 6 位數）" en="School code (Ministry of Education, 6 digits)" value=code fail=fail />
                        <label for="ap-level">{move || tr("學制", "Level")}</label>
                        <select id="ap-level" name="level" aria-describedby="ap-level-err" on:change=move |ev| level.set(val(&ev))>
                            <option value="">{move || tr("請選擇", "Choose")}</option>
                            {move || choices(|o| &o.levels)}
                        </select>
                        <FieldErr id="ap-level-err" msg=err_of(fail, "level") />
                        <label for="ap-district">{move || tr("行政區", "District")}</label>
                        <select id="ap-district" name="district" aria-describedby="ap-district-err" on:change=move |ev| district.set(val(&ev))>
                            <option value="">{move || tr("請選擇", "Choose")}</option>
                            {move || choices(|o| &o.districts)}
                        </select>
                        <FieldErr id="ap-district-err" msg=err_of(fail, "district") />
                        <Field id="ap-contact" field="contact_name" zh="聯絡人" en="Contact person" value=contact fail=fail autocomplete="name" />
                        <Field id="ap-email" field="email" zh="聯絡人電子郵件" en="Contact e-mail" value=email fail=fail kind="email" autocomplete="email" hint=domains />
                        <Field id="ap-phone" field="phone" zh="聯絡電話（含分機，例：02-2345-6789#123）" en="Phone with extension (e.g. 02-2345-6789#123)" value=phone fail=fail kind="tel" autocomplete="tel" />
                        <Field id="ap-slug" field="slug" zh="網址代稱（英文小寫、數字、連字號）" en="Address name (lowercase letters, digits, dashes)" value=slug fail=fail />
                        <Field id="ap-host" field="hostname" zh="學校網域名稱" en="School hostname" value=host fail=fail hint=suffixes />
                        <Field id="ap-account" field="account" zh="您想使用的管理帳號" en="The account you want" value=account fail=fail autocomplete="username" />
                        <label for="ap-note">{move || tr("備註（可留空）", "Note (optional)")}</label>
                        <textarea id="ap-note" name="note" rows="3" aria-describedby="ap-note-err" prop:value=move || note.get() on:input=move |ev| note.set(val(&ev))></textarea>
                        <FieldErr id="ap-note-err" msg=err_of(fail, "note") />
                        // Left empty by people (they never see it); bots fill it.
                        <div class="hp" aria-hidden="true">
                            <label for="ap-website">Website</label>
                            <input id="ap-website" name="website" tabindex="-1" autocomplete="off" prop:value=move || website.get() on:input=move |ev| website.set(val(&ev)) />
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn primary" disabled=move || busy.get()>{move || tr("送出申請", "Apply")}</button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </Card>
    }
}

fn state_text(s: ApplicationState) -> &'static str {
    match s {
        ApplicationState::Submitted => tr("待確認電子郵件", "Waiting for the e-mail confirmation"),
        ApplicationState::Confirmed => tr("審核中", "Being reviewed"),
        ApplicationState::Approved => tr("已核准", "Approved"),
        ApplicationState::Rejected => tr("未通過", "Not approved"),
    }
}

/// What an applicant's status link (or a confirmation) shows.
#[component]
fn StatusView(st: ApplicationStatus) -> impl IntoView {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| crate::time::date_time(&t));
    view! {
        <dl class="adm-facts" data-status=format!("{:?}", st.state).to_lowercase()>
            <dt>{tr("學校", "School")}</dt><dd>{st.school_name.clone()}</dd>
            <dt>{tr("狀態", "State")}</dt><dd data-state>{state_text(st.state)}</dd>
            <dt>{tr("送出時間", "Submitted")}</dt><dd>{crate::time::date_time(&st.submitted_at)}</dd>
            {when(st.confirmed_at).map(|t| view! { <dt>{tr("確認時間", "Confirmed")}</dt><dd>{t}</dd> })}
            {when(st.decided_at).map(|t| view! { <dt>{tr("審核時間", "Decided")}</dt><dd>{t}</dd> })}
            {st.reason.clone().map(|r| view! { <dt>{tr("原因", "Reason")}</dt><dd class="pre" data-reason>{r}</dd> })}
            {st.site_path.clone().map(|p| view! {
                <dt>{tr("網站", "Site")}</dt><dd><a href=p.clone()>{p.clone()}</a></dd>
            })}
        </dl>
    }
}

/// The link from the confirmation mail.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let s = use_session();
    let result = RwSignal::new(None::<Result<ApplicationStatus, Fail>>);
    let token = take_fragment();
    spawn_local(async move { result.set(Some(ep::confirm(&s, token).await)) });
    view! {
        <Card screen="apply-confirm">
            <h1>{move || tr("確認電子郵件地址", "Confirm your e-mail address")}</h1>
            {move || result.get().map(|r| match r {
                Ok(st) => view! {
                    <p class="adm-note ok" role="status">{tr("已確認。申請已送交審核，結果會以電子郵件通知您。", "Confirmed. The application is being reviewed; you will be told by e-mail.")}</p>
                    <StatusView st=st />
                }.into_any(),
                Err(e) => view! { <p class="adm-note err" role="alert">{link_failure(&e)}</p> }.into_any(),
            })}
        </Card>
    }
}

fn link_failure(e: &Fail) -> String {
    if e.status() == 410 {
        tr(
            "這個連結無效、已使用過或已過期。",
            "This link is unknown, already used or expired.",
        )
        .into()
    } else {
        e.message()
    }
}

/// The status link from the mail.
#[component]
pub fn StatusPage() -> impl IntoView {
    let s = use_session();
    let result = RwSignal::new(None::<Result<ApplicationStatus, Fail>>);
    let key = take_fragment();
    spawn_local(async move { result.set(Some(ep::status(&s, key).await)) });
    view! {
        <Card screen="apply-status">
            <h1>{move || tr("申請進度", "Application status")}</h1>
            {move || result.get().map(|r| match r {
                Ok(st) => view! { <StatusView st=st /> }.into_any(),
                Err(_) => view! { <p class="adm-note err" role="alert">{tr("找不到這份申請，請確認連結是否完整。", "No application has this link; check that it is complete.")}</p> }.into_any(),
            })}
        </Card>
    }
}

/// Choosing a password with a set-up or reset link; then signed in to the
/// school's dashboard.
#[component]
pub fn LinkPasswordPage(kind: LinkKind) -> impl IntoView {
    let s = use_session();
    let token = StoredValue::new(take_fragment());
    let who = RwSignal::new(None::<Result<yass_shared_types::applications::LinkAccount, Fail>>);
    spawn_local(async move { who.set(Some(ep::check_link(&s, kind, token.get_value()).await)) });
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let fail = RwSignal::new(None::<Fail>);
    let msg = RwSignal::new(Note::None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, a) = (password.get_untracked(), again.get_untracked());
        if p != a {
            msg.set(Note::Err(
                tr("兩次輸入的密碼不一樣。", "The two passwords differ.").into(),
            ));
            return;
        }
        msg.set(Note::Busy(tr("設定中…", "Saving…").into()));
        spawn_local(async move {
            match ep::set_password(&s, kind, token.get_value(), p.clone()).await {
                Ok(acc) => {
                    msg.set(Note::Ok(
                        tr("密碼已設定，正在登入…", "Password set; signing you in…").into(),
                    ));
                    // Signing in here sets the school's refresh cookie: its
                    // dashboard then opens signed in.
                    let site = Session::new(Some(acc.site_slug.clone()));
                    let _ = site.login(acc.account.clone(), p).await;
                    if let Some(w) = web_sys::window() {
                        let _ = w
                            .location()
                            .set_href(&format!("/s/{}/admin?welcome=1", acc.site_slug));
                    }
                }
                Err(e) => {
                    msg.set(Note::Err(link_failure(&e)));
                    fail.set(Some(e));
                }
            }
        });
    };
    let title = match kind {
        LinkKind::SetUp => ("設定密碼", "Choose your password"),
        LinkKind::Reset => ("重設密碼", "Reset your password"),
    };
    view! {
        <Card screen="link-password">
            <h1>{move || tr(title.0, title.1)}</h1>
            {move || who.get().map(|r| match r {
                Err(e) => view! { <p class="adm-note err" role="alert">{link_failure(&e)}</p> }.into_any(),
                Ok(acc) => view! {
                    <p>
                        {tr("學校：", "School: ")}<strong>{acc.site_name.clone()}</strong>
                        " · "
                        {tr("帳號：", "Account: ")}<strong data-account>{acc.account.clone()}</strong>
                    </p>
                    <NoteLine note=msg />
                    <form class="adm-form narrow" on:submit=submit novalidate data-form="link-password">
                        <Field id="lp-password" field="password" zh="新密碼（至少 8 個字元）" en="New password (at least 8 characters)" value=password fail=fail kind="password" autocomplete="new-password" />
                        <label for="lp-again">{move || tr("再輸入一次", "Once more")}</label>
                        <input id="lp-again" type="password" autocomplete="new-password" prop:value=move || again.get() on:input=move |ev| again.set(val(&ev)) />
                        <div class="form-actions">
                            <button type="submit" class="btn primary">{move || tr("設定密碼", "Set the password")}</button>
                        </div>
                    </form>
                }.into_any(),
            })}
        </Card>
    }
}

/// 忘記密碼 on a school's sign-in page: the same answer whether or not
/// the account exists.
#[component]
pub fn ForgotPassword(slug: String) -> impl IntoView {
    let s = use_session();
    let open = RwSignal::new(false);
    let who = RwSignal::new(String::new());
    let msg = RwSignal::new(Note::None);
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let asked = who.get_untracked();
        spawn_local(async move {
            match ep::forgot_password(&s, &slug.get_value(), asked).await {
                Ok(()) => msg.set(Note::Ok(tr(
                    "如果這個帳號存在並有電子郵件地址，我們已寄出重設密碼的連結（1 小時內有效）。",
                    "If the account exists and has an e-mail address, a reset link was sent (valid for 1 hour).",
                ).into())),
                Err(e) => msg.set(Note::Err(e.message())),
            }
        });
    };
    view! {
        <div class="adm-forgot">
            <button type="button" class="btn link" aria-expanded=move || if open.get() { "true" } else { "false" } on:click=move |_| open.update(|o| *o = !*o)>
                {move || tr("忘記密碼？", "Forgot your password?")}
            </button>
            {move || open.get().then(|| view! {
                <form class="adm-form" on:submit=submit novalidate data-form="forgot">
                    <label for="fp-who">{move || tr("帳號或電子郵件", "Account or e-mail address")}</label>
                    <input id="fp-who" autocomplete="username" prop:value=move || who.get() on:input=move |ev| who.set(val(&ev)) />
                    <div class="form-actions"><button type="submit" class="btn">{move || tr("寄送重設連結", "Send a reset link")}</button></div>
                    <NoteLine note=msg />
                </form>
            })}
        </div>
    }
}
