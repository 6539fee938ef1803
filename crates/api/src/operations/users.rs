//! Creating a user (site user or platform admin).

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::rules::input::users as user_input;
use crate::state::AppState;
use crate::storage::audit::Author;
use crate::storage::users::{self as store, NewUser};
use crate::storage::{SiteId, SiteTx};
use yass_shared_types::users::CreateUser;

/// Validates and inserts a user of `site` (None = platform admin), with
/// their groups, in one transaction. Used by the API, the CLI and the demo.
pub async fn create(
    state: &AppState,
    site: Option<SiteId>,
    b: CreateUser,
    author: Author,
) -> ApiResult<store::UserRow> {
    let v = user_input::new_user(&b).map_err(ApiError::Validation)?;
    refuse_groups_of_others(state, site, &b.group_ids).await?;
    if store::by_account(&state.db, site, &v.account)
        .await?
        .is_some()
    {
        return Err(FieldErrors::single(
            "account",
            "This account already exists.",
        ));
    }
    let new = NewUser {
        account: v.account,
        display_name: v.display_name,
        emails: v.emails,
        password_hash: state.passwords.hash(&b.password).await?,
        status: v.status,
        at: state.clock.now_naive(),
    };
    match site {
        Some(sid) => {
            let tx = SiteTx::begin(&state.db, sid, author).await?;
            let u = store::create(&tx, new, &b.group_ids).await?;
            tx.commit().await?;
            Ok(u)
        }
        None => store::platform_create(&state.db, new, &author).await,
    }
}

/// A user joins only groups of their own site, and a platform admin none
/// (their rights come from being one; any group id would be a school's).
async fn refuse_groups_of_others(
    state: &AppState,
    site: Option<SiteId>,
    group_ids: &[i64],
) -> ApiResult<()> {
    match site {
        Some(sid) => {
            let foreign = store::foreign_group_ids(&state.db, sid, group_ids).await?;
            if !foreign.is_empty() {
                return Err(FieldErrors::single(
                    "group_ids",
                    format!("No such groups on this site: {foreign:?}"),
                ));
            }
            Ok(())
        }
        None if !group_ids.is_empty() => Err(FieldErrors::single(
            "group_ids",
            "A platform admin belongs to no site's groups.",
        )),
        None => Ok(()),
    }
}
