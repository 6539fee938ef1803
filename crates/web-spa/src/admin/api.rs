//! The admin session: the access token lives in a signal only (never in
//! storage), is refreshed silently before it expires and after a 401, and
//! every admin request goes through [`Session::send`].

use crate::admin::ui::tr;
use crate::routes::encode;
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;
use yass_shared_types::auth::{LoginRequest, TokenResponse};
use yass_shared_types::problem::{Problem, codes};
use yass_shared_types::users::{EffectiveRights, Me, User};

/// Where the dashboard is in its sign-in life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Trying the refresh cookie on load.
    Checking,
    SignedOut,
    /// Signed in, but the password must be changed before anything else.
    MustChange,
    /// Was signed in; the session ended. The screens stay mounted (unsaved
    /// forms are kept) under a sign-in dialog.
    Expired,
    In,
}

/// A failed request, as the forms need it.
#[derive(Clone, Debug, PartialEq)]
pub enum Fail {
    Problem(Problem),
    Network,
    Status(u16),
}

impl Fail {
    pub fn code(&self) -> Option<&str> {
        match self {
            Fail::Problem(p) => Some(p.code.as_str()),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Fail::Problem(p) => p.status,
            Fail::Network => 0,
            Fail::Status(s) => *s,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self.status(), 404 | 405)
    }

    /// The API's messages for one field of a 422, joined.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            Fail::Problem(p) => p.errors.get(name).map(|v| v.join(" ")),
            _ => None,
        }
    }

    /// One line for the user, in the current language.
    pub fn message(&self) -> String {
        match self {
            Fail::Network => tr(
                "無法連線到伺服器，資料尚未儲存，請稍後再試。",
                "Cannot reach the server; nothing was saved. Please try again.",
            )
            .into(),
            Fail::Status(s) => format!("{} (HTTP {s})", tr("伺服器錯誤", "Server error")),
            Fail::Problem(p) => match p.code.as_str() {
                codes::INVALID_CREDENTIALS => {
                    tr("帳號或密碼不正確。", "Wrong account or password.").into()
                }
                codes::TOO_MANY_ATTEMPTS => lockout_message(p.retry_after.unwrap_or(60)),
                codes::VALIDATION_FAILED => {
                    let mut s = String::from(tr(
                        "有欄位需要修正，請看各欄位下方的說明。",
                        "Some fields need fixing; see the notes below them.",
                    ));
                    if let Some(v) = p.errors.get("") {
                        s.push(' ');
                        s.push_str(&v.join(" "));
                    }
                    s
                }
                codes::FORBIDDEN => tr(
                    "您沒有執行這個動作的權限。",
                    "You are not allowed to do this.",
                )
                .into(),
                codes::NOT_FOUND => tr(
                    "找不到這筆資料，可能已被刪除。",
                    "Not found; it may have been deleted.",
                )
                .into(),
                codes::CONFLICT => format!(
                    "{} {}",
                    tr("資料衝突：", "Conflict:"),
                    p.detail.clone().unwrap_or_default()
                ),
                codes::PAYLOAD_TOO_LARGE => tr("檔案太大。", "The file is too large.").into(),
                codes::UNSUPPORTED_MEDIA_TYPE => {
                    tr("不支援這種檔案格式。", "This file type is not supported.").into()
                }
                _ => match &p.detail {
                    Some(d) => format!("{} {d}", p.title),
                    None => p.title.clone(),
                },
            },
        }
    }
}

/// 「請於 N 分鐘後再試」, rounding the wait up to whole minutes.
pub fn lockout_message(retry_after: u64) -> String {
    let minutes = retry_after.div_ceil(60).max(1);
    match crate::admin::ui::lang_now() {
        crate::i18n::Lang::Zh => format!("登入失敗次數過多，請於 {minutes} 分鐘後再試。"),
        crate::i18n::Lang::En => format!(
            "Too many failed sign-ins. Please try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        ),
    }
}

pub type Res<T> = Result<T, Fail>;

/// Reads a failed response as a problem when the API sent one.
async fn fail_of(resp: Response) -> Fail {
    let status = resp.status();
    match resp.json::<Problem>().await {
        Ok(p) => Fail::Problem(p),
        Err(_) if (502..=504).contains(&status) => Fail::Network,
        Err(_) => Fail::Status(status),
    }
}

fn builder(method: &str, url: &str) -> RequestBuilder {
    match method {
        "POST" => Request::post(url),
        "PUT" => Request::put(url),
        "PATCH" => Request::patch(url),
        "DELETE" => Request::delete(url),
        _ => Request::get(url),
    }
}

async fn raw(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Res<Response> {
    // Public lists answer `Cache-Control: public, max-age`; the dashboard
    // must see its own writes at once, so it always revalidates (a cheap 304).
    let mut b = builder(method, url)
        .cache(web_sys::RequestCache::NoCache)
        .header("Accept", "application/json");
    if let Some(t) = token {
        b = b.header("Authorization", &format!("Bearer {t}"));
    }
    let sent = match body {
        Some(v) => b.json(v).map_err(|_| Fail::Status(0))?.send().await,
        None => b.send().await,
    };
    sent.map_err(|_| Fail::Network)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

#[derive(Clone, Copy)]
pub struct Session {
    /// The school (`None`: platform administration).
    pub slug: StoredValue<Option<String>>,
    pub token: RwSignal<Option<String>>,
    pub phase: RwSignal<Phase>,
    pub me: RwSignal<Option<Me>>,
    /// Bumped whenever tokens change, so an old refresh timer does nothing.
    generation: StoredValue<u64>,
    refreshing: StoredValue<bool>,
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    pub fn new(slug: Option<String>) -> Self {
        Session {
            slug: StoredValue::new(slug),
            token: RwSignal::new(None),
            phase: RwSignal::new(Phase::Checking),
            me: RwSignal::new(None),
            generation: StoredValue::new(0),
            refreshing: StoredValue::new(false),
        }
    }

    pub fn slug_str(&self) -> String {
        self.slug.get_value().unwrap_or_default()
    }

    fn auth_base(&self) -> String {
        match self.slug.get_value() {
            Some(s) => format!("/api/v1/sites/{}/auth", encode(&s)),
            None => "/api/v1/auth".into(),
        }
    }

    /// `/api/v1/sites/{slug}{rest}`.
    pub fn url(&self, rest: &str) -> String {
        format!("/api/v1/sites/{}{rest}", encode(&self.slug_str()))
    }

    /// Rights shortcut: site admins may do everything.
    pub fn can(&self, action: &str) -> bool {
        self.me.with(|m| {
            m.as_ref().is_some_and(|m| {
                m.rights.site_admin || m.rights.actions.iter().any(|a| a == action)
            })
        })
    }

    pub fn is_admin(&self) -> bool {
        self.me
            .with(|m| m.as_ref().is_some_and(|m| m.rights.site_admin))
    }

    /// Keeps new tokens and plans the next silent refresh.
    fn accept(&self, t: &TokenResponse) {
        self.token.set(Some(t.access_token.clone()));
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let me = *self;
        // Refresh a little before expiry (at least 5 s from now).
        let secs = t.expires_in.saturating_sub(30).max(5);
        set_timeout(
            move || {
                if me.generation.get_value() == generation
                    && matches!(me.phase.get_untracked(), Phase::In | Phase::MustChange)
                {
                    leptos::task::spawn_local(async move {
                        if !me.refresh().await {
                            me.phase.set(Phase::Expired);
                        }
                    });
                }
            },
            Duration::from_secs(secs),
        );
    }

    /// Uses the HttpOnly refresh cookie for new tokens. Only one refresh runs at
    /// a time (a refresh token is single-use); others wait for its outcome.
    pub async fn refresh(&self) -> bool {
        if self.refreshing.get_value() {
            for _ in 0..200 {
                sleep(50).await;
                if !self.refreshing.get_value() {
                    break;
                }
            }
            return self.token.get_untracked().is_some();
        }
        self.refreshing.set_value(true);
        let url = format!("{}/refresh", self.auth_base());
        let ok = match raw("POST", &url, None, Some(&serde_json::json!({}))).await {
            Ok(r) if r.ok() => match r.json::<TokenResponse>().await {
                Ok(t) => {
                    self.accept(&t);
                    if t.must_change_password {
                        self.phase.set(Phase::MustChange);
                    }
                    true
                }
                Err(_) => false,
            },
            _ => false,
        };
        if !ok {
            self.token.set(None);
        }
        self.refreshing.set_value(false);
        ok
    }

    /// On page load: a refresh cookie may still be valid.
    pub async fn boot(&self) {
        if self.refresh().await {
            self.load_me().await;
        } else {
            self.phase.set(Phase::SignedOut);
        }
    }

    pub async fn load_me(&self) {
        let got = match self.slug.get_value() {
            Some(_) => self.get::<Me>(&self.url("/me")).await,
            // Platform admins belong to no site: their `me` is a bare user.
            None => self.get::<User>("/api/v1/auth/me").await.map(|user| Me {
                user,
                groups: vec![],
                rights: EffectiveRights {
                    site_admin: false,
                    platform_admin: true,
                    principal_group_ids: vec![],
                    staff_group_ids: vec![],
                    actions: vec![],
                },
            }),
        };
        match got {
            Ok(me) => {
                self.me.set(Some(me));
                self.phase.set(Phase::In);
            }
            Err(f) if f.code() == Some(codes::PASSWORD_CHANGE_REQUIRED) => {
                self.phase.set(Phase::MustChange);
            }
            Err(_) => {
                if self.phase.get_untracked() != Phase::MustChange {
                    self.phase.set(Phase::SignedOut);
                }
            }
        }
    }

    pub async fn login(&self, account: String, password: String) -> Res<()> {
        let url = format!("{}/login", self.auth_base());
        let body = serde_json::to_value(LoginRequest { account, password }).unwrap_or_default();
        let r = raw("POST", &url, None, Some(&body)).await?;
        if !r.ok() {
            return Err(fail_of(r).await);
        }
        let t = r
            .json::<TokenResponse>()
            .await
            .map_err(|_| Fail::Status(0))?;
        self.accept(&t);
        if t.must_change_password {
            self.phase.set(Phase::MustChange);
        } else {
            self.load_me().await;
        }
        Ok(())
    }

    pub async fn logout(&self) {
        let url = format!("{}/logout", self.auth_base());
        let token = self.token.get_untracked();
        let _ = raw("POST", &url, token.as_deref(), Some(&serde_json::json!({}))).await;
        self.generation.set_value(self.generation.get_value() + 1);
        self.token.set(None);
        self.me.set(None);
        self.phase.set(Phase::SignedOut);
    }

    /// `POST …/me/password` (a platform admin's own at `/auth/me/password`);
    /// the answer carries fresh tokens.
    pub async fn change_password(&self, current: String, new: String) -> Res<()> {
        let body = serde_json::json!({ "current_password": current, "new_password": new });
        let url = match self.slug.get_value() {
            Some(_) => self.url("/me/password"),
            None => "/api/v1/auth/me/password".into(),
        };
        let t: TokenResponse = self.send_json("POST", &url, Some(body)).await?;
        self.accept(&t);
        self.load_me().await;
        Ok(())
    }

    /// Sends with the access token; after a 401 refreshes once and retries.
    pub async fn send(
        &self,
        method: &str,
        url: &str,
        body: Option<serde_json::Value>,
    ) -> Res<Response> {
        let token = self.token.get_untracked();
        let mut r = raw(method, url, token.as_deref(), body.as_ref()).await?;
        if r.status() == 401 {
            if self.refresh().await {
                let token = self.token.get_untracked();
                r = raw(method, url, token.as_deref(), body.as_ref()).await?;
            } else {
                self.session_ended();
            }
        }
        if r.ok() {
            return Ok(r);
        }
        let f = fail_of(r).await;
        if f.code() == Some(codes::PASSWORD_CHANGE_REQUIRED) {
            self.phase.set(Phase::MustChange);
        }
        Err(f)
    }

    /// The session is gone: keep the screens (and their unsaved forms) but
    /// ask to sign in again.
    pub fn session_ended(&self) {
        match self.phase.get_untracked() {
            Phase::In => self.phase.set(Phase::Expired),
            Phase::Expired => {}
            _ => self.phase.set(Phase::SignedOut),
        }
    }

    pub async fn send_json<T: DeserializeOwned>(
        &self,
        method: &str,
        url: &str,
        body: Option<serde_json::Value>,
    ) -> Res<T> {
        let r = self.send(method, url, body).await?;
        r.json::<T>().await.map_err(|_| Fail::Status(0))
    }

    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Res<T> {
        self.send_json("GET", url, None).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, url: &str, body: &B) -> Res<T> {
        self.send_json("POST", url, Some(to_value(body))).await
    }

    pub async fn put<B: Serialize, T: DeserializeOwned>(&self, url: &str, body: &B) -> Res<T> {
        self.send_json("PUT", url, Some(to_value(body))).await
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(&self, url: &str, body: &B) -> Res<T> {
        self.send_json("PATCH", url, Some(to_value(body))).await
    }

    /// A request whose answer body is not needed (204, or ignored).
    pub async fn exec(&self, method: &str, url: &str, body: Option<serde_json::Value>) -> Res<()> {
        self.send(method, url, body).await.map(|_| ())
    }
}

pub fn to_value<B: Serialize>(b: &B) -> serde_json::Value {
    serde_json::to_value(b).unwrap_or_default()
}
