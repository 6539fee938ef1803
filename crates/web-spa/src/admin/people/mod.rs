//! Users and groups (site admins): the group tree with create, move,
//! reorder and delete; users with their groups and status, password reset,
//! and the effective-rights panel.
//!
//! Parts: [`groups`] (the groups screen) with [`group_row`] and
//! [`group_tree`]; [`users`] (the users screen) with [`user_row`],
//! [`rights_panel`] and [`user_form`].

mod group_row;
mod group_tree;
mod groups;
mod rights_panel;
mod user_form;
mod user_row;
mod users;

pub use group_tree::group_rows;
pub use groups::Groups;
pub use users::Users;

use crate::admin::ui::tr;
use yass_shared_types::users::UserStatus;

fn status_label(s: UserStatus) -> &'static str {
    match s {
        UserStatus::Active => tr("啟用", "Active"),
        UserStatus::MustChangePassword => tr("須變更密碼", "Must change password"),
        UserStatus::Disabled => tr("停用", "Disabled"),
    }
}
