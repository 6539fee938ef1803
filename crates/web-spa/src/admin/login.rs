//! Signing in, signing in again after the session ended, and the forced
//! password change.

use crate::admin::api::{Phase, use_session};
use crate::admin::ui::{FieldErr, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The sign-in form. The failure message never says which field was wrong.
#[component]
pub fn LoginForm(#[prop(optional)] account: String) -> impl IntoView {
    let s = use_session();
    let account = RwSignal::new(account);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = s
                .login(
                    account.get_untracked().trim().to_string(),
                    password.get_untracked(),
                )
                .await;
            busy.set(false);
            if let Err(f) = r {
                password.set(String::new());
                error.set(Some(f.message()));
                crate::admin::ui::focus_later("login-error");
            }
        });
    };
    view! {
        <form class="adm-login-form" on:submit=submit novalidate>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="adm-note err" id="login-error" role="alert" tabindex="-1">
                                {e}
                            </p>
                        }
                    })
            }}
            <label for="login-account">{move || tr("帳號", "Account")}</label>
            <input
                id="login-account"
                name="account"
                autocomplete="username"
                required
                prop:value=move || account.get()
                on:input=move |ev| account.set(val(&ev))
            />
            <label for="login-password">{move || tr("密碼", "Password")}</label>
            <input
                id="login-password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                prop:value=move || password.get()
                on:input=move |ev| password.set(val(&ev))
            />
            <button type="submit" class="btn primary" disabled=move || busy.get()>
                {move || if busy.get() { tr("登入中…", "Signing in…") } else { tr("登入", "Sign in") }}
            </button>
        </form>
    }
}

/// `platform`: the platform host's `/admin`, where platform admins sign in
/// (and schools find the application form); a school's `slug` offers
/// "forgot password".
#[component]
pub fn LoginPage(
    site_name: Signal<String>,
    #[prop(optional)] platform: bool,
    #[prop(optional)] slug: String,
) -> impl IntoView {
    let ctx = crate::admin::shell::use_admin();
    let apply = ctx.href("/apply");
    view! {
        <div class="adm-center">
            <main id="main" class="adm-card" tabindex="-1" data-screen="admin">
                <h1>
                    {move || if platform { tr("管理後台", "Admin dashboard") } else { tr("管理後台登入", "Admin sign-in") }}
                </h1>
                <p class="muted">{move || site_name.get()}</p>
                <LoginForm />
                <crate::admin::onboarding::ForgotPassword slug=slug.clone() />
                {platform.then(|| view! {
                    <p class="adm-apply">
                        {move || tr("學校還沒有網站？", "Your school has no site yet?")}
                        " "
                        <a href=apply.clone() data-link="apply">{move || tr("申請學校網站", "Apply for a school website")}</a>
                    </p>
                })}
            </main>
        </div>
    }
}

/// Shown over the dashboard when the session ended: the screen below keeps
/// whatever was being edited, so saving can simply be tried again.
#[component]
pub fn ExpiredDialog() -> impl IntoView {
    let s = use_session();
    let account =
        s.me.with_untracked(|m| m.as_ref().map(|m| m.user.account.clone()))
            .unwrap_or_default();
    view! {
        <div class="adm-overlay">
            <div
                class="adm-card"
                role="dialog"
                aria-modal="true"
                aria-labelledby="expired-title"
            >
                <h2 id="expired-title">{move || tr("登入已逾時", "Your session has ended")}</h2>
                <p>
                    {move || {
                        tr(
                            "請重新登入。您尚未儲存的內容仍保留在畫面上，登入後可再按一次儲存。",
                            "Please sign in again. Unsaved changes are still on the screen; save again after signing in.",
                        )
                    }}
                </p>
                <LoginForm account=account />
                <button class="btn link" on:click=move |_| s.phase.set(Phase::SignedOut)>
                    {move || tr("放棄並回到登入頁", "Discard and go to the sign-in page")}
                </button>
            </div>
        </div>
    }
}

/// Password change; `forced` when the API requires it before anything else.
#[component]
pub fn ChangePassword(forced: bool) -> impl IntoView {
    let s = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let fail = RwSignal::new(None::<crate::admin::api::Fail>);
    let mismatch = RwSignal::new(false);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mismatch.set(new.get_untracked() != again.get_untracked());
        if mismatch.get_untracked() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        fail.set(None);
        spawn_local(async move {
            let r = s
                .change_password(current.get_untracked(), new.get_untracked())
                .await;
            busy.set(false);
            match r {
                Ok(()) => {
                    done.set(true);
                    current.set(String::new());
                    new.set(String::new());
                    again.set(String::new());
                }
                Err(f) => fail.set(Some(f)),
            }
        });
    };
    let field = move |name: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(name))))
    };
    view! {
        <form class="adm-form narrow" on:submit=submit novalidate data-form="password">
            <h2>{move || tr("變更密碼", "Change password")}</h2>
            {forced
                .then(|| {
                    view! {
                        <p class="adm-note warn" role="alert">
                            {move || {
                                tr(
                                    "為了帳號安全，請先設定新密碼才能繼續使用管理後台。",
                                    "For your account's safety, set a new password before continuing.",
                                )
                            }}
                        </p>
                    }
                })}
            {move || {
                done.get()
                    .then(|| {
                        view! {
                            <p class="adm-note ok" role="status">
                                {tr("密碼已變更。", "Password changed.")}
                            </p>
                        }
                    })
            }}
            {move || {
                fail.get()
                    .filter(|f| f.field("current_password").is_none() && f.field("new_password").is_none())
                    .map(|f| view! { <p class="adm-note err" role="alert">{f.message()}</p> })
            }}
            <label for="pw-current">{move || tr("目前密碼", "Current password")}</label>
            <input
                id="pw-current"
                type="password"
                autocomplete="current-password"
                aria-describedby="pw-current-err"
                prop:value=move || current.get()
                on:input=move |ev| current.set(val(&ev))
            />
            <FieldErr id="pw-current-err" msg=field("current_password") />
            <label for="pw-new">{move || tr("新密碼", "New password")}</label>
            <input
                id="pw-new"
                type="password"
                autocomplete="new-password"
                aria-describedby="pw-new-err"
                prop:value=move || new.get()
                on:input=move |ev| new.set(val(&ev))
            />
            <FieldErr id="pw-new-err" msg=field("new_password") />
            <label for="pw-again">{move || tr("再輸入一次新密碼", "New password again")}</label>
            <input
                id="pw-again"
                type="password"
                autocomplete="new-password"
                aria-describedby="pw-again-err"
                prop:value=move || again.get()
                on:input=move |ev| again.set(val(&ev))
            />
            {move || {
                mismatch
                    .get()
                    .then(|| {
                        view! {
                            <p class="field-err" id="pw-again-err">
                                {tr("兩次輸入的新密碼不同。", "The two new passwords differ.")}
                            </p>
                        }
                    })
            }}
            <button type="submit" class="btn primary" disabled=move || busy.get()>
                {move || tr("變更密碼", "Change password")}
            </button>
        </form>
    }
}

/// The whole screen while a password change is required.
#[component]
pub fn ForcedChangePage() -> impl IntoView {
    let s = use_session();
    view! {
        <div class="adm-center">
            <main id="main" class="adm-card" tabindex="-1">
                <ChangePassword forced=true />
                <button class="btn link" on:click=move |_| spawn_local(async move { s.logout().await })>
                    {move || tr("登出", "Sign out")}
                </button>
            </main>
        </div>
    }
}
