//! Choosing a password through a one-time link: a new webmaster's set-up
//! link (from an approval) or a "forgot password" link. The secret is only
//! in the link; the database holds its hash, and a link works once.

use crate::auth::attempts::{self, Keys};
use crate::auth::secrets::{random_token, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::mail::messages;
use crate::state::AppState;
use crate::storage::audit::Author;
use crate::storage::one_time_links::{self as links, LinkRow, Purpose, Subject};
use crate::storage::users::{self, UserRow};
use crate::storage::{SiteTx, outbox, sites};
use chrono::TimeDelta;
use sea_orm::TransactionTrait;
use yass_shared_types::applications::LinkAccount;
use yass_shared_types::users::UserStatus;

/// How long a "forgot password" link works.
pub const RESET_MINUTES: i64 = 60;

/// The name shown for the platform's own accounts (platform admins).
const PLATFORM_NAME: &str = "臺北市校園網站平臺";

/// The account and site (none for a platform admin) a valid link is for;
/// a link of a disabled or deleted account, or of a site that is gone, is
/// no link.
async fn account_of(
    state: &AppState,
    link: &LinkRow,
) -> ApiResult<(UserRow, Option<sites::SiteRow>)> {
    let user = match link.user_id {
        Some(id) => users::get_for_token(&state.db, id).await?,
        None => None,
    }
    .filter(|u| users::status(u) != UserStatus::Disabled)
    .ok_or(ApiError::LinkInvalid)?;
    let site = match user.site_id {
        Some(id) => Some(
            sites::by_id(&state.db, id)
                .await?
                .ok_or(ApiError::LinkInvalid)?,
        ),
        None => None,
    };
    Ok((user, site))
}

fn view(user: &UserRow, site: Option<&sites::SiteRow>) -> LinkAccount {
    LinkAccount {
        account: user.account.clone(),
        site_slug: site.map(|s| s.slug.clone()).unwrap_or_default(),
        site_name: site.map_or_else(|| PLATFORM_NAME.to_string(), |s| s.name.clone()),
    }
}

/// Whose account a link is for, without using it (the page shows the
/// account before the password is chosen).
pub async fn peek(state: &AppState, purpose: Purpose, secret: &str) -> ApiResult<LinkAccount> {
    let now = state.clock.now_naive();
    let link = links::valid(&state.db, purpose, &token_hash(secret), now)
        .await?
        .ok_or(ApiError::LinkInvalid)?;
    let (user, site) = account_of(state, &link).await?;
    Ok(view(&user, site.as_ref()))
}

/// Sets the password of the link's account and uses the link up, in one
/// transaction: every session of the account ends, and other unused links
/// of the same kind stop working.
pub async fn set_password(
    state: &AppState,
    purpose: Purpose,
    secret: &str,
    password: &str,
    client_addr: &str,
) -> ApiResult<LinkAccount> {
    crate::rules::validate::password(password)
        .map_err(|m| crate::error::FieldErrors::single("password", m))?;
    let now = state.clock.now_naive();
    let hash = token_hash(secret);
    let link = links::valid(&state.db, purpose, &hash, now)
        .await?
        .ok_or(ApiError::LinkInvalid)?;
    let (user, site) = account_of(state, &link).await?;
    let password_hash = state.passwords.hash(password).await?;
    let author = Author {
        user_id: Some(user.id),
        token_id: None,
        name: user.account.clone(),
        client_addr: Some(client_addr.to_string()),
        at: now,
    };
    // The link is used inside the transaction that sets the password: a
    // second use at the same moment finds it used and changes nothing.
    if let Some(site) = &site {
        let tx = SiteTx::begin(&state.db, site.site_id(), author).await?;
        links::consume(tx.reads(), purpose, &hash, now)
            .await?
            .ok_or(ApiError::LinkInvalid)?;
        users::set_own_password(&tx, &user, password_hash, client_addr, now).await?;
        links::revoke_for_user(tx.reads(), purpose, user.id, now).await?;
        tx.commit().await?;
    } else {
        let txn = state.db.begin().await?;
        links::consume(&txn, purpose, &hash, now)
            .await?
            .ok_or(ApiError::LinkInvalid)?;
        users::platform_set_own_password(&txn, &user, password_hash, &author).await?;
        links::revoke_for_user(&txn, purpose, user.id, now).await?;
        txn.commit().await?;
    }
    Ok(view(&user, site.as_ref()))
}

/// "Forgot password": mails a one-time link to the account's addresses
/// when the account (or an address) names an active user of the site (or,
/// with no site, a platform admin). The answer is the same either way, and
/// each request counts as a sign-in attempt of the account from this
/// address (the same throttle).
pub async fn forgot_password(
    state: &AppState,
    site: Option<&sites::SiteRow>,
    account_or_email: &str,
    client_addr: &str,
) -> ApiResult<()> {
    let asked = crate::rules::input::users::account_or_email(account_or_email)
        .map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let user = find_user(state, site, asked).await?;
    let account = user.as_ref().map_or_else(
        || crate::rules::account::normalise(asked),
        |u| u.account.clone(),
    );
    let keys = Keys::stranger(users::tenant_key(site.map(|s| s.id)), &account, client_addr);
    let reservation = match attempts::reserve(state, keys, now).await? {
        Ok(r) => r,
        Err(refused) => return Err(attempts::too_many(&refused)),
    };
    if let Some(retry_after) = reservation.failed(state, now).await? {
        return Err(ApiError::TooManyAttempts { retry_after });
    }
    let Some(user) = user.filter(|u| users::status(u) != UserStatus::Disabled) else {
        return Ok(());
    };
    let addresses = crate::storage::json_list(&user.emails);
    if addresses.is_empty() {
        return Ok(());
    }
    let secret = random_token(32);
    let now = now.naive_utc();
    let url = format!(
        "{}/admin/account/reset#{secret}",
        state.settings.public_url.trim_end_matches('/')
    );
    let site_name = site.map_or(PLATFORM_NAME, |s| s.name.as_str());
    let until = now + TimeDelta::minutes(RESET_MINUTES);
    let author = Author {
        user_id: None,
        token_id: None,
        name: NOT_SIGNED_IN.to_string(),
        client_addr: Some(client_addr.to_string()),
        at: now,
    };
    let mails: Vec<_> = addresses
        .iter()
        .map(|to| messages::password_reset(to, &user.account, site_name, &url))
        .collect();
    // The link, its mail and the entry that says who asked for it from
    // where: all of them or none.
    if let Some(site) = site {
        let tx = SiteTx::begin(&state.db, site.site_id(), author).await?;
        make_reset_link(tx.reads(), &user, &secret, now, until, mails).await?;
        users::note_reset_link(&tx, &user, until, addresses.len())?;
        tx.commit().await?;
    } else {
        let txn = state.db.begin().await?;
        make_reset_link(&txn, &user, &secret, now, until, mails).await?;
        users::platform_note_reset_link(&txn, &user, until, addresses.len(), &author).await?;
        txn.commit().await?;
    }
    state.mail_queued.notify_one();
    Ok(())
}

/// Who asks for a "forgot password" link, in the audit log: nobody signed
/// in (the entry has the address the request came from).
const NOT_SIGNED_IN: &str = "未登入者 (not signed in)";

/// A user's new "forgot password" link (the earlier ones stop working) and
/// the mails that carry it.
async fn make_reset_link(
    txn: &sea_orm::DatabaseTransaction,
    user: &UserRow,
    secret: &str,
    now: chrono::NaiveDateTime,
    until: chrono::NaiveDateTime,
    mails: Vec<outbox::Mail>,
) -> ApiResult<()> {
    links::revoke_for_user(txn, Purpose::ResetPassword, user.id, now).await?;
    links::insert(
        txn,
        Purpose::ResetPassword,
        token_hash(secret),
        Subject::User(user.id),
        now,
        until,
    )
    .await?;
    for mail in mails {
        outbox::enqueue(txn, mail, now).await?;
    }
    Ok(())
}

/// The user named by account (of the site, or a platform admin), or else
/// the one with this address.
async fn find_user(
    state: &AppState,
    site: Option<&sites::SiteRow>,
    asked: &str,
) -> ApiResult<Option<UserRow>> {
    let account = crate::rules::account::normalise(asked);
    if let Some(u) =
        users::by_account(&state.db, site.map(sites::SiteRow::site_id), &account).await?
    {
        return Ok(Some(u));
    }
    if !asked.contains('@') {
        return Ok(None);
    }
    let wanted = asked.to_lowercase();
    let all = match site {
        Some(s) => users::list(&state.db, s.site_id(), 1, 10_000).await?.0,
        None => users::platform_list(&state.db).await?,
    };
    Ok(all.into_iter().find(|u| {
        crate::storage::json_list(&u.emails)
            .iter()
            .any(|e| e.to_lowercase() == wanted)
    }))
}
