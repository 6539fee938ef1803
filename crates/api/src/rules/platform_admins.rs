//! Who may change a platform admin's status: nobody changes their own
//! (disabling themselves would lock them out mid-session; "must change
//! password" is set by another admin), and the platform always keeps one
//! active admin.

use yass_shared_types::users::UserStatus;

/// Why a status change is refused, if it is.
pub fn status_change(
    actor_id: i64,
    target_id: i64,
    new_status: UserStatus,
    others_active: usize,
) -> Result<(), &'static str> {
    if actor_id == target_id {
        return Err("You cannot change your own status; ask another platform admin.");
    }
    if new_status != UserStatus::Disabled {
        return Ok(());
    }
    if others_active == 0 {
        return Err("The last active platform admin cannot be disabled.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_changes_their_own_status_or_disables_the_last_admin() {
        assert!(status_change(1, 1, UserStatus::Disabled, 3).is_err());
        assert!(status_change(1, 2, UserStatus::Disabled, 0).is_err());
        assert!(status_change(1, 2, UserStatus::Disabled, 1).is_ok());
        assert!(status_change(1, 1, UserStatus::MustChangePassword, 3).is_err());
        assert!(status_change(1, 2, UserStatus::Active, 0).is_ok());
    }
}
