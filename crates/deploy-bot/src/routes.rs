//! The bot's HTTP endpoints: Mattermost's slash commands and outgoing
//! webhooks, the git post-receive hook, and Buildbot's status reporter.

use crate::auth::{Caller, bearer_matches};
use crate::buildbot::BUILDERS;
use crate::commands::{self, Command, Lang};
use crate::confirm::{self, NotConfirmed};
use crate::messages::{self, BuildEvent, Push};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use serde_json::json;
use std::fmt::Write as _;
use std::time::Instant;

type State = web::Data<AppState>;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz)
        .service(command)
        .service(push_hook)
        .service(buildbot_hook);
}

#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

/// The fields Mattermost sends with a slash command or an outgoing webhook
/// (form-encoded); the others it sends are ignored.
#[derive(Debug, Deserialize)]
struct CommandForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    channel_id: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    user_name: String,
    #[serde(default)]
    text: String,
    /// Outgoing webhooks only: the word that triggered it.
    #[serde(default)]
    trigger_word: Option<String>,
}

fn reply(text: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "response_type": "in_channel", "text": text }))
}

#[post("/mattermost/command")]
async fn command(state: State, form: web::Form<CommandForm>) -> HttpResponse {
    let f = form.into_inner();
    let caller = Caller {
        token: &f.token,
        channel_id: &f.channel_id,
        user_id: &f.user_id,
    };
    if let Err(why) = state.config.allowed.check(&caller) {
        tracing::warn!(?why, user = %f.user_id, channel = %f.channel_id, "command refused");
        return HttpResponse::Forbidden().json(json!({
            "response_type": "ephemeral",
            "text": messages::not_allowed(state.config.lang),
        }));
    }
    let cmd = commands::parse(&f.text, f.trigger_word.as_deref());
    let lang = state.lang_of(&f.user_id);
    tracing::info!(user = %f.user_name, ?cmd, "command");
    let who = if f.user_name.is_empty() {
        f.user_id.as_str()
    } else {
        f.user_name.as_str()
    };
    match cmd {
        Command::Help => reply(&messages::help(lang)),
        Command::Lang(l) => {
            state.set_lang(&f.user_id, l);
            reply(&messages::lang_set(l))
        }
        Command::Unknown(text) => reply(&messages::unknown(lang, &text)),
        Command::Status => reply(&status(&state, lang).await),
        c if c.needs_confirmation() => {
            let code = confirm::new_code();
            let text = messages::confirm_asked(lang, &c, &code);
            if let Ok(mut pending) = state.confirmations.lock() {
                pending.ask(&f.user_id, c, code, Instant::now());
            }
            reply(&text)
        }
        Command::Confirm(code) => {
            let result = state
                .confirmations
                .lock()
                .map_err(|_| NotConfirmed::NothingPending)
                .and_then(|mut p| p.confirm(&f.user_id, &code, Instant::now()));
            match result {
                Ok(c) => run(&state, lang, &c, who).await,
                Err(NotConfirmed::WrongCode) => reply(&messages::wrong_code(lang)),
                Err(_) => reply(&messages::nothing_pending(lang)),
            }
        }
        c => run(&state, lang, &c, who).await,
    }
}

/// Hands a command to Buildbot; its builds then report back through
/// `/hooks/buildbot`, so the channel hears the start and the end.
async fn run(state: &AppState, lang: Lang, c: &Command, who: &str) -> HttpResponse {
    let (builder, revision) = match c {
        Command::RunTest => ("test", None),
        Command::Sync => ("sync", None),
        Command::Deploy(rev) => ("deploy", rev.as_deref()),
        Command::Rollback => ("rollback", None),
        Command::UpgradeAllSystems => ("upgrade-all-systems", None),
        _ => return reply(&messages::help(lang)),
    };
    let reason = format!("{who} via chat");
    match state.buildbot.force(builder, revision, &reason, who).await {
        Ok(()) => reply(&messages::started(lang, c, who)),
        Err(e) => {
            tracing::warn!(error = %e, builder, "force failed");
            reply(&messages::buildbot_failed(lang, &e.to_string()))
        }
    }
}

/// What runs, the last result of each builder, and each instance's release.
async fn status(state: &AppState, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::from(if zh { "**狀態**\n" } else { "**Status**\n" });
    if let Err(e) = state.buildbot.login().await {
        let _ = writeln!(out, "Buildbot: {e}");
    }
    for (builder, _) in BUILDERS {
        let line = match state.buildbot.last_build(builder).await {
            Ok(None) => (if zh { "尚未執行" } else { "never ran" }).to_string(),
            Ok(Some(b)) if !b.complete => format!(
                "#{} {} ({})",
                b.number,
                if zh { "執行中" } else { "running" },
                b.state_string
            ),
            Ok(Some(b)) => {
                let ok = matches!(b.results, Some(messages::SUCCESS | messages::WARNINGS));
                let word = match (ok, zh) {
                    (true, true) => "成功",
                    (true, false) => "passed",
                    (false, true) => "失敗",
                    (false, false) => "failed",
                };
                format!("#{} {word}", b.number)
            }
            Err(e) => format!("? ({e})"),
        };
        let _ = writeln!(out, "- {builder}: {line}");
    }
    if let Ok(n) = state.buildbot.pending_requests().await
        && n > 0
    {
        let _ = writeln!(
            out,
            "{}",
            if zh {
                format!("排隊中：{n}")
            } else {
                format!("queued: {n}")
            }
        );
    }
    for (name, url) in &state.config.instances {
        let release =
            crate::yass_status::instance_release(&state.http, url, &state.config.metrics_token)
                .await;
        let _ = writeln!(out, "- {name}: {release}");
    }
    out
}

/// The post-receive hook: who pushed what. On the tested branch the
/// countdown restarts (Buildbot's tree-stable timer says nothing per push).
#[post("/hooks/push")]
async fn push_hook(state: State, req: HttpRequest, body: web::Json<Push>) -> HttpResponse {
    if !bearer_matches(&state.config.push_token, authorization(&req)) {
        return HttpResponse::Unauthorized().finish();
    }
    let text = messages::push(
        state.config.lang,
        &body,
        &state.config.branch,
        state.config.tree_stable_seconds,
    );
    state.channel.post(&text).await;
    HttpResponse::NoContent().finish()
}

/// Buildbot's reporter: every build start and end (see ops/ci/master.cfg).
#[post("/hooks/buildbot")]
async fn buildbot_hook(
    state: State,
    req: HttpRequest,
    body: web::Json<BuildEvent>,
) -> HttpResponse {
    if !bearer_matches(&state.config.buildbot_token, authorization(&req)) {
        return HttpResponse::Unauthorized().finish();
    }
    state
        .channel
        .post(&messages::build(state.config.lang, &body))
        .await;
    HttpResponse::NoContent().finish()
}

fn authorization(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
}
