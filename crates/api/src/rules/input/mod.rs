//! Request bodies turned into validated values: per-field messages, no I/O.
//! Handlers call these and map the `FieldErrors` to a 422; checks that need
//! the database (does this group exist on the site?) stay with the caller,
//! which passes what it found.

pub mod announcements;
pub mod applications;
pub mod branding;
pub mod calendar;
pub mod content;
pub mod extensions;
pub mod groups;
pub mod links;
pub mod nav;
pub mod queries;
pub mod sites;
pub mod users;

use crate::error::FieldErrors;

/// The errors of one field.
fn one(field: &str, message: impl Into<String>) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add(field, message);
    e
}

pub const MAX_CATEGORY_NAME: usize = 100;

/// A category name (of news or of links; creating, or renaming).
pub fn category_name(raw: &str) -> Result<String, FieldErrors> {
    crate::rules::validate::name(raw, MAX_CATEGORY_NAME).map_err(|m| one("name", m))
}

/// A category's new name, if the change gives one.
pub fn category_rename(raw: Option<&str>) -> Result<Option<String>, FieldErrors> {
    raw.map(category_name).transpose()
}

/// Whether `asked` names every id of `have` exactly once, in any order: a
/// reorder request must neither drop nor repeat an item.
pub fn each_once(asked: &[i64], have: &[i64]) -> bool {
    let mut a = asked.to_vec();
    let mut b = have.to_vec();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_needs_a_name() {
        assert_eq!(category_name(" 常用連結 "), Ok("常用連結".into()));
        assert!(category_name("  ").unwrap_err().0.contains_key("name"));
        assert!(category_name(&"字".repeat(MAX_CATEGORY_NAME + 1)).is_err());
        assert_eq!(category_rename(None), Ok(None));
        assert_eq!(category_rename(Some(" 校園 ")), Ok(Some("校園".into())));
        assert!(category_rename(Some(" ")).is_err());
    }

    #[test]
    fn a_reorder_lists_every_item_once() {
        assert!(each_once(&[3, 1, 2], &[1, 2, 3]));
        assert!(each_once(&[], &[]));
        assert!(!each_once(&[1, 2], &[1, 2, 3]), "one missing");
        assert!(!each_once(&[1, 2, 2], &[1, 2, 3]), "one twice, one missing");
        assert!(!each_once(&[1, 2, 3, 3], &[1, 2, 3]), "one twice");
        assert!(!each_once(&[1, 2, 4], &[1, 2, 3]), "a stranger");
    }
}
