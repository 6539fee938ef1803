//! Users as the API shows them.

use crate::storage::users::{UserRow, status};
use crate::storage::{json_list, utc};
use yass_shared_types::users::User;

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
