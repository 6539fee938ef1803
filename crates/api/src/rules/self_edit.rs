//! What a site admin may not do to their own account through the users
//! API: anything that would lock them out of it or out of administering the
//! site (deleting, disabling, or leaving the groups that make them a site
//! admin). Another site admin can; the last one never loses access by a
//! slip of their own hand.

/// The change a site admin asks for on a user record, as far as it matters here.
pub struct SelfChange {
    pub deletes: bool,
    pub disables: bool,
    /// With the requested group list, would they still be a site admin?
    /// `None` when the groups are not changed.
    pub keeps_site_admin: Option<bool>,
}

/// Why the change is refused when the record is the caller's own.
pub fn refusal(change: &SelfChange) -> Option<&'static str> {
    if change.deletes {
        Some("You cannot delete your own account; ask another site admin.")
    } else if change.disables {
        Some("You cannot disable your own account; ask another site admin.")
    } else if change.keeps_site_admin == Some(false) {
        Some("These groups would end your own site administration; ask another site admin.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(deletes: bool, disables: bool, keeps_site_admin: Option<bool>) -> SelfChange {
        SelfChange {
            deletes,
            disables,
            keeps_site_admin,
        }
    }

    #[test]
    fn lockouts_are_refused() {
        assert!(refusal(&change(true, false, None)).is_some());
        assert!(refusal(&change(false, true, None)).is_some());
        assert!(refusal(&change(false, false, Some(false))).is_some());
    }

    #[test]
    fn harmless_changes_pass() {
        assert!(refusal(&change(false, false, None)).is_none());
        assert!(refusal(&change(false, false, Some(true))).is_none());
    }
}
