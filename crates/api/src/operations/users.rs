//! Creating a user (site user or platform admin).

use crate::error::{ApiResult, FieldErrors};
use crate::rules::validate;
use crate::state::AppState;
use crate::storage::users::{self as store, NewUser};
use crate::storage::{SiteId, SiteTx};
use yass_shared_types::users::{CreateUser, UserStatus};

/// The valid addresses of a list; each invalid one is a field error.
pub fn clean_emails(list: &[String], e: &mut FieldErrors) -> Vec<String> {
    list.iter()
        .filter_map(|x| validate::email(x).map_err(|m| e.add("emails", m)).ok())
        .collect()
}

/// Validates and inserts a user of `site_id` (None = platform admin), with
/// their groups, in one transaction. Used by the API, the CLI and the demo.
pub async fn create(
    state: &AppState,
    site: Option<SiteId>,
    b: CreateUser,
) -> ApiResult<store::UserRow> {
    let mut e = FieldErrors::new();
    let account = validate::account(&b.account)
        .map_err(|m| e.add("account", m))
        .ok();
    if let Err(m) = validate::password(&b.password) {
        e.add("password", m);
    }
    let display = match &b.display_name {
        Some(n) => validate::name(n, 100)
            .map_err(|m| e.add("display_name", m))
            .ok(),
        None => account.clone(),
    };
    let emails = clean_emails(&b.emails, &mut e);
    e.into_result()?;
    let account = account.unwrap_or_default();
    match site {
        Some(sid) => {
            let foreign = store::foreign_group_ids(&state.db, sid, &b.group_ids).await?;
            if !foreign.is_empty() {
                return Err(FieldErrors::single(
                    "group_ids",
                    format!("No such groups on this site: {foreign:?}"),
                ));
            }
        }
        // Groups belong to a site; a platform admin's rights come from
        // being one, and a group id here would be another school's.
        None if !b.group_ids.is_empty() => {
            return Err(FieldErrors::single(
                "group_ids",
                "A platform admin belongs to no site's groups.",
            ));
        }
        None => {}
    }
    let site_id = site.map(SiteId::get);
    if store::by_account(&state.db, site_id, &account)
        .await?
        .is_some()
    {
        return Err(FieldErrors::single(
            "account",
            "This account already exists.",
        ));
    }
    let new = NewUser {
        account,
        display_name: display.unwrap_or_default(),
        emails,
        password_hash: state.passwords.hash(&b.password).await?,
        status: b.status.unwrap_or(UserStatus::MustChangePassword),
        at: state.clock.now_naive(),
    };
    match site {
        Some(sid) => {
            let tx = SiteTx::begin(&state.db, sid).await?;
            let u = store::create(&tx, new, &b.group_ids).await?;
            tx.commit().await?;
            Ok(u)
        }
        None => store::platform_create(&state.db, new).await,
    }
}
