//! Users as the API shows them.

use crate::rules::permissions::Rights;
use crate::storage::groups::GroupRow;
use crate::storage::users::{UserRow, status};
use crate::storage::{json_list, utc};
use yass_shared_types::users::{Me, User};

/// The signed-in user: the account, the groups they are a member of (of
/// the site's `groups`, with their member counts by group id) and what they may do.
pub fn me(
    u: &UserRow,
    direct: Vec<i64>,
    groups: &[GroupRow],
    members: impl Fn(i64) -> u64,
    rights: &Rights,
) -> Me {
    let my_groups = groups
        .iter()
        .filter(|g| direct.contains(&g.id))
        .map(|g| super::groups::to_dto(g, members(g.id)))
        .collect();
    Me {
        user: to_dto(u, direct),
        groups: my_groups,
        rights: rights.to_dto(),
    }
}

pub fn to_dto(u: &UserRow, group_ids: Vec<i64>) -> User {
    User {
        id: u.id,
        account: u.account.clone(),
        display_name: u.display_name.clone(),
        emails: json_list(&u.emails),
        status: status(u),
        group_ids,
        created_at: utc(u.created_at),
        last_login_at: u.last_login_at.map(utc),
    }
}
