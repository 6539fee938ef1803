//! Creating a user (site user or platform admin).

use crate::error::{ApiResult, FieldErrors};
use crate::rules::validate;
use crate::state::AppState;
use crate::storage::entities::users as user_entity;
use crate::storage::{to_json_list, users as store};
use sea_orm::{ActiveModelTrait, Set, TransactionTrait};
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
    site: Option<crate::storage::SiteId>,
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
    if let Some(sid) = site {
        let foreign = store::foreign_group_ids(&state.db, sid, &b.group_ids).await?;
        if !foreign.is_empty() {
            return Err(FieldErrors::single(
                "group_ids",
                format!("No such groups on this site: {foreign:?}"),
            ));
        }
    }
    let site_id = site.map(crate::storage::SiteId::get);
    if store::by_account(&state.db, site_id, &account)
        .await?
        .is_some()
    {
        return Err(FieldErrors::single(
            "account",
            "This account already exists.",
        ));
    }
    let hash = state.passwords.hash(&b.password).await?;
    let now = state.clock.now_naive();
    let txn = state.db.begin().await?;
    let u = user_entity::ActiveModel {
        site_id: Set(site_id),
        tenant_key: Set(store::tenant_key(site_id)),
        account: Set(account),
        display_name: Set(display.unwrap_or_default()),
        emails: Set(to_json_list(&emails)),
        password_hash: Set(hash),
        status: Set(b
            .status
            .unwrap_or(UserStatus::MustChangePassword)
            .as_str()
            .into()),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    store::set_groups(&txn, u.id, &b.group_ids).await?;
    txn.commit().await?;
    Ok(u)
}
