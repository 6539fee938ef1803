//! A school's journey onto the platform: apply, confirm the address, be
//! reviewed; an approval provisions the site and its first webmaster in
//! one transaction, with the set-up link and the mail that carries it.

use crate::auth::secrets::{random_token, token_hash};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::mail::messages;
use crate::operations::sites::{Webmaster, provision_in};
use crate::rules::input::applications::{self as input, ApplicationRules};
use crate::rules::school_defaults::SchoolFacts;
use crate::state::AppState;
use crate::storage::applications::{self as store, ApplicationRow, Decision};
use crate::storage::audit::Author;
use crate::storage::one_time_links::{self as links, Purpose, Subject};
use crate::storage::outbox;
use crate::storage::sites::NewHosts;
use chrono::TimeDelta;
use sea_orm::TransactionTrait;
use yass_shared_types::applications::{
    ApplicationReceived, ApplicationState, ApplicationStatus, NewApplication,
};
use yass_shared_types::site::CreateSite;

/// Applications one client address (or to one e-mail address) per hour.
pub const PER_HOUR: u64 = 5;
/// How long a confirmation link works.
pub const CONFIRM_HOURS: u32 = 24;
/// How long a new webmaster's set-up link works.
pub const SET_UP_HOURS: i64 = 72;

/// Links in mail open these pages of the SPA (the dashboard bundle); the secret goes after `#`,
/// so it never reaches a server's access log.
fn link(state: &AppState, path: &str, secret: &str) -> String {
    format!(
        "{}{path}#{secret}",
        state.settings.public_url.trim_end_matches('/')
    )
}

pub fn site_path(slug: &str) -> String {
    format!("/s/{slug}/")
}

/// Checks and stores an application, and queues the confirmation mail,
/// in one transaction. A filled honeypot gets the same answer and nothing
/// is stored or sent.
pub async fn submit(
    state: &AppState,
    b: &NewApplication,
    client_addr: &str,
) -> ApiResult<ApplicationReceived> {
    let rules = ApplicationRules {
        email_domains: &state.settings.application_email_domains,
        hostname_suffixes: &state.settings.hostname_suffixes,
    };
    let v = input::application(b, &rules).map_err(ApiError::Validation)?;
    let received = ApplicationReceived {
        email: v.email.clone(),
        confirm_within_hours: CONFIRM_HOURS,
    };
    if input::is_bot(b) {
        tracing::info!(addr = client_addr, "application honeypot filled; dropped");
        return Ok(received);
    }
    let now = state.clock.now_naive();
    let (from_addr, to_email) = store::recent(
        &state.db,
        Some(client_addr),
        &v.email,
        now - TimeDelta::hours(1),
    )
    .await?;
    if from_addr >= PER_HOUR || to_email >= PER_HOUR {
        return Err(ApiError::TooManyAttempts { retry_after: 3600 });
    }
    refuse_taken(state, &v.school_code, &v.slug, v.hostname.as_deref()).await?;

    let status_key = random_token(24);
    let confirm = random_token(32);
    let txn = state.db.begin().await?;
    let row = store::insert(
        &txn,
        store::NewApplication {
            school_name: v.school_name,
            school_code: v.school_code,
            level: v.level,
            district: v.district,
            contact_name: v.contact_name,
            email: v.email,
            phone: v.phone,
            slug: v.slug,
            hostname: v.hostname,
            account: v.account,
            note: v.note,
            client_addr: Some(client_addr.chars().take(64).collect()),
            status_key_hash: token_hash(&status_key),
            at: now,
        },
    )
    .await
    .map_err(|e| match e {
        // Two pending applications for one school or slug arrived at once.
        ApiError::Conflict(_) => pending_conflict(),
        e => e,
    })?;
    links::insert(
        &txn,
        Purpose::ConfirmEmail,
        token_hash(&confirm),
        Subject::Application(row.id),
        now,
        now + TimeDelta::hours(i64::from(CONFIRM_HOURS)),
    )
    .await?;
    let mail = messages::application_confirm(
        &row.email,
        &row.school_name,
        &link(state, "/admin/apply/confirm", &confirm),
        &link(state, "/admin/apply/status", &status_key),
    );
    outbox::enqueue(&txn, mail, now).await?;
    txn.commit().await?;
    state.mail_queued.notify_one();
    Ok(received)
}

fn pending_conflict() -> ApiError {
    ApiError::Conflict(
        "此學校代碼或網址代稱已有申請在處理中。 An application for this school code or slug is already pending."
            .into(),
    )
}

/// Refuses a school, slug or hostname that is pending, has a site, or (when
/// the operators loaded the list) a code the Ministry does not know.
async fn refuse_taken(
    state: &AppState,
    code: &str,
    slug: &str,
    hostname: Option<&str>,
) -> ApiResult<()> {
    let mut e = FieldErrors::new();
    if store::codes_loaded(&state.db).await? && !store::code_known(&state.db, code).await? {
        e.add(
            "school_code",
            "查無此學校代碼。 This is not a known school code.",
        );
    } else if store::school_has_site(&state.db, code).await? {
        e.add(
            "school_code",
            "此學校已經有網站。 This school already has a site.",
        );
    }
    if crate::storage::sites::by_slug(&state.db, slug)
        .await?
        .is_some()
    {
        e.add("slug", "此網址代稱已被使用。 This slug is taken.");
    }
    if let Some(h) = hostname {
        let taken =
            crate::storage::sites::hosts_taken_elsewhere(&state.db, None, &[h.to_string()]).await?;
        if !taken.is_empty() {
            e.add("hostname", "此網址已被使用。 This hostname is taken.");
        }
    }
    if !e.is_empty() {
        return Err(ApiError::Validation(e));
    }
    let expired = state.clock.now_naive() - TimeDelta::hours(i64::from(CONFIRM_HOURS));
    store::release_unconfirmed(&state.db, expired, Some((code, slug))).await?;
    let (code_pending, slug_pending) = store::pending(&state.db, code, slug).await?;
    if code_pending || slug_pending {
        return Err(pending_conflict());
    }
    Ok(())
}

/// Confirms the applicant's address with the secret of their link: once,
/// within its time. An unknown, used or expired link is `LinkInvalid`.
pub async fn confirm(
    state: &AppState,
    secret: &str,
    client_addr: &str,
) -> ApiResult<ApplicationStatus> {
    let now = state.clock.now_naive();
    let txn = state.db.begin().await?;
    let link = links::consume(&txn, Purpose::ConfirmEmail, &token_hash(secret), now)
        .await?
        .ok_or(ApiError::LinkInvalid)?;
    let id = link.application_id.ok_or(ApiError::LinkInvalid)?;
    let row = match store::confirm(&txn, id, now, client_addr).await? {
        Some(row) => row,
        // Confirmed already (a link is used once, but a released or
        // decided application keeps its state): show it as it is.
        None => store::get(&txn, id).await?.ok_or(ApiError::LinkInvalid)?,
    };
    txn.commit().await?;
    Ok(status_view(&row))
}

/// The applicant's view of their application, by the key in their link.
pub async fn status(state: &AppState, key: &str) -> ApiResult<ApplicationStatus> {
    let row = store::by_status_key(&state.db, &token_hash(key))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(status_view(&row))
}

fn status_view(a: &ApplicationRow) -> ApplicationStatus {
    let state = store::state(a);
    ApplicationStatus {
        school_name: a.school_name.clone(),
        state,
        submitted_at: a.created_at.and_utc(),
        confirmed_at: a.confirmed_at.map(|t| t.and_utc()),
        decided_at: a.decided_at.map(|t| t.and_utc()),
        reason: a.reason.clone(),
        site_path: (state == ApplicationState::Approved).then(|| site_path(&a.slug)),
    }
}

/// Loads a confirmed application for a decision (`Conflict` otherwise).
async fn waiting(state: &AppState, id: i64) -> ApiResult<ApplicationRow> {
    let a = store::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    match store::state(&a) {
        ApplicationState::Confirmed => Ok(a),
        ApplicationState::Submitted => Err(ApiError::Conflict(
            "The applicant has not confirmed the e-mail address yet.".into(),
        )),
        _ => Err(ApiError::Conflict(
            "This application was already decided.".into(),
        )),
    }
}

/// Approves: in one transaction, the site with a school's defaults and the
/// applicant as its webmaster (no password yet), the decision, the set-up
/// link and the mail that carries it.
pub async fn approve(state: &AppState, id: i64, author: &Author) -> ApiResult<ApplicationRow> {
    let a = waiting(state, id).await?;
    let txn = state.db.begin().await?;
    let facts = SchoolFacts {
        name: a.school_name.clone(),
        level: a.level.clone(),
        district: a.district.clone(),
        contact_name: a.contact_name.clone(),
        email: a.email.clone(),
        phone: a.phone.clone(),
        address: String::new(),
    };
    let site = CreateSite {
        slug: a.slug.clone(),
        name: a.school_name.clone(),
        hostnames: a.hostname.iter().cloned().collect(),
        ..CreateSite::default()
    };
    let webmaster = Webmaster {
        account: a.account.clone(),
        display_name: a.contact_name.clone(),
        email: a.email.clone(),
    };
    // The school's own hostname waits for the operators' deploy (nginx and
    // its certificate); the school is on line at /s/{slug}/ at once.
    let made = provision_in(
        &txn,
        site,
        facts,
        Some(webmaster),
        NewHosts::WaitForTls,
        author,
    )
    .await
    .map_err(|e| match e {
        // The slug or hostname was taken since the application came in.
        ApiError::Validation(f) => ApiError::Conflict(format!(
            "The site cannot be made as asked: {}",
            f.0.iter()
                .map(|(k, v)| format!("{k}: {}", v.join(" ")))
                .collect::<Vec<_>>()
                .join("; ")
        )),
        e => e,
    })?;
    let decided = store::decide(
        &txn,
        id,
        Decision::Approved {
            site_id: made.row.id,
        },
        author,
        made.changes,
    )
    .await?
    .ok_or_else(|| ApiError::Conflict("This application was already decided.".into()))?;
    let user = made
        .webmaster
        .ok_or_else(|| ApiError::internal("an approval made no webmaster"))?;
    let secret = random_token(32);
    links::insert(
        &txn,
        Purpose::SetUp,
        token_hash(&secret),
        Subject::User(user.id),
        author.at,
        author.at + TimeDelta::hours(SET_UP_HOURS),
    )
    .await?;
    let site_url = format!(
        "{}{}",
        state.settings.public_url.trim_end_matches('/'),
        site_path(&made.row.slug)
    );
    let mail = messages::application_approved(
        &decided.email,
        &decided.school_name,
        &user.account,
        &site_url,
        &link(state, "/admin/account/set-up", &secret),
    );
    outbox::enqueue(&txn, mail, author.at).await?;
    txn.commit().await?;
    state.mail_queued.notify_one();
    Ok(decided)
}

/// Rejects with a reason, which the applicant is mailed and sees on their
/// status page; the school may apply again.
pub async fn reject(
    state: &AppState,
    id: i64,
    reason: &str,
    author: &Author,
) -> ApiResult<ApplicationRow> {
    let reason = input::reason(reason).map_err(ApiError::Validation)?;
    waiting(state, id).await?;
    let txn = state.db.begin().await?;
    let decided = store::decide(&txn, id, Decision::Rejected { reason }, author, vec![])
        .await?
        .ok_or_else(|| ApiError::Conflict("This application was already decided.".into()))?;
    // The status link's key is not stored, so the mail cannot repeat it;
    // it points to the form, and the applicant's first mail keeps the link.
    let apply_url = format!(
        "{}/admin/apply",
        state.settings.public_url.trim_end_matches('/')
    );
    let mail = messages::application_rejected(
        &decided.email,
        &decided.school_name,
        decided.reason.as_deref().unwrap_or_default(),
        &apply_url,
    );
    outbox::enqueue(&txn, mail, author.at).await?;
    txn.commit().await?;
    state.mail_queued.notify_one();
    Ok(decided)
}

/// Replaces the list of known school codes (the operators load the
/// Ministry of Education's list); an empty list switches the check off.
pub async fn load_school_codes(
    state: &AppState,
    list: &[(String, String)],
    author: &Author,
) -> ApiResult<usize> {
    let mut clean = Vec::with_capacity(list.len());
    for (i, (code, name)) in list.iter().enumerate() {
        let code = input::school_code(code)
            .map_err(|m| ApiError::BadRequest(format!("line {}: {m}", i + 1)))?;
        let name = crate::rules::validate::name(name, input::MAX_SCHOOL_NAME)
            .map_err(|m| ApiError::BadRequest(format!("line {}: {m}", i + 1)))?;
        clean.push((code, name));
    }
    clean.sort();
    clean.dedup_by(|a, b| a.0 == b.0);
    let txn = state.db.begin().await?;
    store::replace_codes(&txn, &clean, author).await?;
    txn.commit().await?;
    Ok(clean.len())
}
