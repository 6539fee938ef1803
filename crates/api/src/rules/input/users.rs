//! Validation of user input: a new user, an admin's edit of a user, one's
//! own profile and one's new password. Per-field messages, no I/O: the
//! caller passes what only the database knows (the group ids that are not
//! the site's).

use crate::error::FieldErrors;
use crate::rules::validate;
use yass_shared_types::users::{CreateUser, UpdateUser, UserStatus};

pub const MAX_NAME: usize = 100;

/// The valid addresses of a list; each invalid one is a field error.
pub fn emails(list: &[String], e: &mut FieldErrors) -> Vec<String> {
    list.iter()
        .filter_map(|x| validate::email(x).map_err(|m| e.add("emails", m)).ok())
        .collect()
}

fn foreign_groups(e: &mut FieldErrors, foreign_group_ids: &[i64]) {
    if !foreign_group_ids.is_empty() {
        e.add(
            "group_ids",
            format!("No such groups on this site: {foreign_group_ids:?}"),
        );
    }
}

/// A new user ready to store (the password is checked, not hashed).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNewUser {
    pub account: String,
    pub display_name: String,
    pub emails: Vec<String>,
    pub status: UserStatus,
}

/// Every problem of a new user's fields. Without a display name the user is
/// shown by account; without a status they must replace the (temporary)
/// password at first sign-in.
pub fn new_user(input: &CreateUser) -> Result<ValidNewUser, FieldErrors> {
    let mut e = FieldErrors::new();
    let account = validate::account(&input.account)
        .map_err(|m| e.add("account", m))
        .ok();
    if let Err(m) = validate::password(&input.password) {
        e.add("password", m);
    }
    let display_name = match &input.display_name {
        Some(n) => validate::name(n, MAX_NAME)
            .map_err(|m| e.add("display_name", m))
            .ok(),
        None => account.clone(),
    };
    let emails = emails(&input.emails, &mut e);
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidNewUser {
        account: account.unwrap_or_default(),
        display_name: display_name.unwrap_or_default(),
        emails,
        status: input.status.unwrap_or(UserStatus::MustChangePassword),
    })
}

/// An admin's edit of a user, checked (`None` keeps the field), and what it
/// ends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidUserUpdate {
    pub display_name: Option<String>,
    pub emails: Option<Vec<String>>,
    pub status: Option<UserStatus>,
    /// A new password, checked, still to hash.
    pub new_password: Option<String>,
    pub group_ids: Option<Vec<i64>>,
    /// Every session of the user ends (disabled, or a new password).
    pub end_sessions: bool,
    /// The user's API tokens are revoked (disabled).
    pub revoke_api_tokens: bool,
}

/// Every problem of an admin's edit of a user. A password set by an admin
/// is a temporary one: the user must change it at next sign-in, and their
/// sessions end; a disabled user's sessions and integrations end.
pub fn user_update(
    input: &UpdateUser,
    foreign_group_ids: &[i64],
) -> Result<ValidUserUpdate, FieldErrors> {
    let mut e = FieldErrors::new();
    let disables = input.status == Some(UserStatus::Disabled);
    let mut out = ValidUserUpdate {
        status: input.status,
        group_ids: input.group_ids.clone(),
        end_sessions: disables,
        revoke_api_tokens: disables,
        ..Default::default()
    };
    if let Some(n) = &input.display_name {
        match validate::name(n, MAX_NAME) {
            Ok(n) => out.display_name = Some(n),
            Err(m) => e.add("display_name", m),
        }
    }
    if let Some(list) = &input.emails {
        out.emails = Some(emails(list, &mut e));
    }
    if let Some(p) = &input.password {
        match validate::password(p) {
            Ok(()) => {
                out.new_password = Some(p.clone());
                // A temporary password, unless the same edit disables the
                // account: a password must never re-open it.
                if !disables {
                    out.status = Some(UserStatus::MustChangePassword);
                }
                out.end_sessions = true;
            }
            Err(m) => e.add("password", m),
        }
    }
    if input.group_ids.is_some() {
        foreign_groups(&mut e, foreign_group_ids);
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// One's own display name and addresses, checked (`None` keeps the field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidProfile {
    pub display_name: Option<String>,
    pub emails: Option<Vec<String>>,
}

pub fn profile(
    display_name: Option<&str>,
    addresses: Option<&[String]>,
) -> Result<ValidProfile, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut out = ValidProfile::default();
    if let Some(n) = display_name {
        match validate::name(n, MAX_NAME) {
            Ok(n) => out.display_name = Some(n),
            Err(m) => e.add("display_name", m),
        }
    }
    if let Some(list) = addresses {
        out.emails = Some(emails(list, &mut e));
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// What someone who forgot their password typed: an account or an e-mail
/// address (the longest an address may be), trimmed.
pub fn account_or_email(raw: &str) -> Result<&str, FieldErrors> {
    let asked = raw.trim();
    if asked.is_empty() || asked.len() > 254 {
        return Err(super::one(
            "account_or_email",
            "Give your account or e-mail address.",
        ));
    }
    Ok(asked)
}

/// One's new password: a valid one, and not the current one again (the
/// first problem only).
pub fn new_own_password(current: &str, new: &str) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if let Err(m) = validate::password(new) {
        e.add("new_password", m);
    } else if new == current {
        e.add("new_password", "Choose a password you have not used here.");
    }
    if e.is_empty() { Ok(()) } else { Err(e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forgotten_password_names_an_account_or_an_address() {
        assert_eq!(account_or_email(" teacher01 ").ok(), Some("teacher01"));
        assert!(account_or_email("  ").is_err());
        assert!(account_or_email(&"a".repeat(255)).is_err());
        assert!(account_or_email(&format!("{}@tp.edu.tw", "a".repeat(244))).is_ok());
    }

    fn create(account: &str, password: &str) -> CreateUser {
        CreateUser {
            account: account.into(),
            password: password.into(),
            display_name: None,
            emails: vec![],
            group_ids: vec![],
            status: None,
        }
    }

    #[test]
    fn a_new_user_is_shown_by_account_and_must_change_the_password() {
        let v = new_user(&create("Teacher01", "long enough")).unwrap();
        assert_eq!(v.account, "teacher01");
        assert_eq!(v.display_name, "teacher01");
        assert_eq!(v.status, UserStatus::MustChangePassword);
    }

    #[test]
    fn a_new_user_keeps_a_given_name_status_and_trimmed_addresses() {
        let input = CreateUser {
            display_name: Some(" 王老師 ".into()),
            emails: vec![" wang@school.example.tw ".into()],
            status: Some(UserStatus::Active),
            ..create("wang", "long enough")
        };
        let v = new_user(&input).unwrap();
        assert_eq!(v.display_name, "王老師");
        assert_eq!(v.emails, vec!["wang@school.example.tw"]);
        assert_eq!(v.status, UserStatus::Active);
    }

    #[test]
    fn a_new_user_reports_every_bad_field() {
        let input = CreateUser {
            display_name: Some(" ".into()),
            emails: vec!["ok@school.example.tw".into(), "nope".into()],
            ..create("has space", "short")
        };
        let e = new_user(&input).unwrap_err();
        assert!(
            e.0.keys()
                .eq(["account", "display_name", "emails", "password"])
        );
        assert_eq!(e.0["emails"], vec!["\"nope\" is not an e-mail address."]);
    }

    #[test]
    fn an_edit_keeps_what_it_does_not_send_and_ends_nothing() {
        let v = user_update(&UpdateUser::default(), &[]).unwrap();
        assert_eq!(v, ValidUserUpdate::default());
    }

    #[test]
    fn disabling_ends_sessions_and_integrations() {
        let input = UpdateUser {
            status: Some(UserStatus::Disabled),
            ..Default::default()
        };
        let v = user_update(&input, &[]).unwrap();
        assert_eq!(v.status, Some(UserStatus::Disabled));
        assert!(v.end_sessions && v.revoke_api_tokens);
    }

    #[test]
    fn a_password_set_by_an_admin_is_temporary_and_ends_sessions() {
        let input = UpdateUser {
            status: Some(UserStatus::Active),
            password: Some("a new password".into()),
            ..Default::default()
        };
        let v = user_update(&input, &[]).unwrap();
        assert_eq!(v.new_password.as_deref(), Some("a new password"));
        assert_eq!(v.status, Some(UserStatus::MustChangePassword));
        assert!(v.end_sessions);
        assert!(!v.revoke_api_tokens);
    }

    #[test]
    fn a_password_sent_with_disabled_does_not_reopen_the_account() {
        let input = UpdateUser {
            status: Some(UserStatus::Disabled),
            password: Some("a new password".into()),
            ..Default::default()
        };
        let v = user_update(&input, &[]).unwrap();
        assert_eq!(v.status, Some(UserStatus::Disabled));
        assert!(v.end_sessions && v.revoke_api_tokens);
    }

    #[test]
    fn an_edit_reports_bad_fields_and_foreign_groups_together() {
        let input = UpdateUser {
            display_name: Some(String::new()),
            password: Some("short".into()),
            group_ids: Some(vec![1, 7]),
            ..Default::default()
        };
        let e = user_update(&input, &[7]).unwrap_err();
        assert!(e.0.keys().eq(["display_name", "group_ids", "password"]));
        assert_eq!(e.0["group_ids"], vec!["No such groups on this site: [7]"]);
    }

    #[test]
    fn a_profile_checks_the_name_and_each_address() {
        let list = vec!["a@b.example".to_string()];
        let v = profile(Some(" 林 "), Some(&list)).unwrap();
        assert_eq!(v.display_name.as_deref(), Some("林"));
        assert_eq!(v.emails, Some(list));
        assert_eq!(profile(None, None).unwrap(), ValidProfile::default());
        let bad = vec!["x".to_string()];
        assert!(
            profile(None, Some(&bad))
                .unwrap_err()
                .0
                .contains_key("emails")
        );
    }

    #[test]
    fn a_new_own_password_is_valid_and_new() {
        assert!(new_own_password("old password", "new password").is_ok());
        let e = new_own_password("same password", "same password").unwrap_err();
        assert_eq!(
            e.0["new_password"],
            vec!["Choose a password you have not used here."]
        );
        let e = new_own_password("short", "short").unwrap_err();
        assert_eq!(
            e.0["new_password"],
            vec!["A password has at least 8 characters."]
        );
    }
}
