//! Link and link-category bodies, and a link's owner group. The handler
//! passes the site's groups; whether a category exists it checks itself.

use super::{each_once, one};
use crate::error::FieldErrors;
use crate::rules::permissions::{GroupInfo, Rights};
use crate::rules::{site_urls, validate};
use yass_shared_types::content::LinkInput;

pub const MAX_TITLE: usize = 200;
const SCHEMES: &[&str] = &["http", "https"];

/// The text fields of a link, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkFields {
    pub title: String,
    pub url: String,
    /// An http(s) URL or an image of the site's own; `None` when blank.
    pub icon_url: Option<String>,
}

/// Checks the text fields, adding messages to `e` so that the caller's own
/// checks (owner group, category) answer in the same 422.
pub fn fields(input: &LinkInput, site_slug: &str, e: &mut FieldErrors) -> LinkFields {
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    let url = validate::url(&input.url, SCHEMES).unwrap_or_else(|m| {
        e.add("url", m);
        String::new()
    });
    let icon_url = icon_url(input.icon_url.as_deref(), site_slug).unwrap_or_else(|m| {
        e.add("icon_url", m);
        None
    });
    LinkFields {
        title,
        url,
        icon_url,
    }
}

fn icon_url(raw: Option<&str>, site_slug: &str) -> Result<Option<String>, String> {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(i) => site_urls::image_url(i, site_slug, SCHEMES).map(Some),
    }
}

/// The owner group of a new link: the one asked for, which must be a group
/// of the site the caller may assign; else none for site admins (the site's
/// administrators own it) and the caller's first staff group for others.
pub fn new_owner(
    rights: &Rights,
    asked: Option<i64>,
    site_groups: &[GroupInfo],
    e: &mut FieldErrors,
) -> Option<i64> {
    match asked {
        Some(g) => {
            if !site_groups.iter().any(|s| s.id == g) {
                e.add("group_id", "No such group on this site.");
            } else if !rights.can_assign_owner(g) {
                e.add(
                    "group_id",
                    "You may only choose one of your own staff groups.",
                );
            }
            Some(g)
        }
        None if rights.site_admin => None,
        None => rights.staff_groups.iter().next().copied(),
    }
}

/// The owner group of an edited link owned by `current`. Editors other than
/// site admins who send no owner keep the current one; a change must be one
/// `Rights::may_move_owner` allows, which is only judged once everything
/// else in `e` is right (a bad group has its own message already).
pub fn edited_owner(
    rights: &Rights,
    asked: Option<i64>,
    current: Option<i64>,
    site_groups: &[GroupInfo],
    e: &mut FieldErrors,
) -> Option<i64> {
    match asked {
        g if g == current => current,
        None if !rights.site_admin => current,
        asked => {
            let to = new_owner(rights, asked, site_groups, e);
            if e.is_empty() && !rights.may_move_owner(current, to, site_groups) {
                e.add(
                    "group_id",
                    "Only site administrators give a link to another group (others may only hand it to a group above its owner).",
                );
            }
            to
        }
    }
}

/// A new order of a list (categories, a category's links, the homepage
/// links): every item of it exactly once.
pub fn order(asked: &[i64], have: &[i64]) -> Result<(), FieldErrors> {
    if each_once(asked, have) {
        Ok(())
    } else {
        Err(one("ids", "List every item of the list exactly once."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yass_shared_types::users::GroupKind;

    /// Academic (1, staff) with its sub-group Registry (2, staff), and
    /// Library (3, staff) beside them.
    fn site_groups() -> Vec<GroupInfo> {
        let staff = |id, parent_id| GroupInfo {
            id,
            parent_id,
            kind: GroupKind::Staff,
        };
        vec![staff(1, None), staff(2, Some(1)), staff(3, None)]
    }

    fn admin() -> Rights {
        Rights {
            site_admin: true,
            ..Rights::default()
        }
    }

    fn registry_member() -> Rights {
        Rights::for_user(&[2], &site_groups())
    }

    #[test]
    fn a_new_links_owner_defaults_by_role() {
        let mut e = FieldErrors::new();
        assert_eq!(new_owner(&admin(), None, &site_groups(), &mut e), None);
        let first_staff = registry_member().staff_groups.iter().next().copied();
        assert_eq!(
            new_owner(&registry_member(), None, &site_groups(), &mut e),
            first_staff
        );
        assert!(e.is_empty());
    }

    #[test]
    fn a_new_links_owner_must_be_a_group_of_the_site_and_the_callers() {
        let mut e = FieldErrors::new();
        assert_eq!(
            new_owner(&admin(), Some(99), &site_groups(), &mut e),
            Some(99)
        );
        assert_eq!(e.0["group_id"], ["No such group on this site."]);
        let mut e = FieldErrors::new();
        new_owner(&registry_member(), Some(3), &site_groups(), &mut e);
        assert_eq!(
            e.0["group_id"],
            ["You may only choose one of your own staff groups."]
        );
    }

    #[test]
    fn staff_sending_no_owner_keep_the_current_one() {
        let mut e = FieldErrors::new();
        let kept = edited_owner(&registry_member(), None, Some(2), &site_groups(), &mut e);
        assert_eq!(kept, Some(2));
        assert!(e.is_empty());
    }

    #[test]
    fn staff_hand_a_link_up_the_tree_but_not_down() {
        let mut e = FieldErrors::new();
        let up = edited_owner(&registry_member(), Some(1), Some(2), &site_groups(), &mut e);
        assert_eq!(up, Some(1));
        assert!(e.is_empty(), "{e:?}");
        let down = edited_owner(&registry_member(), Some(2), Some(1), &site_groups(), &mut e);
        assert_eq!(down, Some(2));
        assert!(e.0["group_id"][0].starts_with("Only site administrators"));
    }

    #[test]
    fn a_move_is_judged_only_when_all_else_is_right() {
        let mut e = FieldErrors::new();
        e.add("title", "This field is required.");
        edited_owner(&registry_member(), Some(2), Some(1), &site_groups(), &mut e);
        assert!(!e.0.contains_key("group_id"));
    }

    #[test]
    fn admins_move_links_anywhere_and_may_clear_the_owner() {
        let mut e = FieldErrors::new();
        assert_eq!(
            edited_owner(&admin(), None, Some(2), &site_groups(), &mut e),
            None
        );
        assert_eq!(
            edited_owner(&admin(), Some(3), Some(2), &site_groups(), &mut e),
            Some(3)
        );
        assert!(e.is_empty());
    }

    fn input(title: &str, url: &str, icon: Option<&str>) -> LinkInput {
        LinkInput {
            title: title.into(),
            url: url.into(),
            icon_url: icon.map(String::from),
            category_id: None,
            group_id: None,
            order: None,
            on_homepage: false,
            homepage_order: None,
        }
    }

    #[test]
    fn good_fields_come_back_trimmed() {
        let mut e = FieldErrors::new();
        let f = fields(
            &input(" 教育部 ", "https://www.edu.tw/", Some("  ")),
            "demo",
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(f.title, "教育部");
        assert_eq!(f.url, "https://www.edu.tw/");
        assert_eq!(f.icon_url, None, "a blank icon is no icon");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut e = FieldErrors::new();
        fields(
            &input("", "javascript:alert(1)", Some("ftp://x.example/i.png")),
            "demo",
            &mut e,
        );
        let named: Vec<&str> = e.0.keys().map(String::as_str).collect();
        assert_eq!(named, ["icon_url", "title", "url"]);
    }

    #[test]
    fn an_icon_of_the_site_or_on_the_web_is_kept() {
        assert_eq!(
            icon_url(Some("https://cdn.example/i.png"), "demo"),
            Ok(Some("https://cdn.example/i.png".into()))
        );
        assert!(icon_url(Some("/sites/other/uploads/i.png"), "demo").is_err());
    }

    #[test]
    fn a_reorder_names_every_item_once() {
        assert_eq!(order(&[2, 1], &[1, 2]), Ok(()));
        let e = order(&[1], &[1, 2]).unwrap_err();
        assert_eq!(e.0["ids"], ["List every item of the list exactly once."]);
    }
}
