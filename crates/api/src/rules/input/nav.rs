//! Navigation item bodies. Whether a page or news category a target names
//! is this site's, and where an item may go, need the stored tree: the
//! caller checks those and adds to the same `FieldErrors`.

use crate::error::FieldErrors;
use crate::rules::{nav_tree, validate};
use yass_shared_types::Patch;
use yass_shared_types::content::NavTarget;

pub const MAX_NAME: usize = 100;
pub const MAX_ACCESSIBLE_NAME: usize = 200;
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// An item's name, checked (messages go to `e`).
pub fn name(raw: &str, e: &mut FieldErrors) -> String {
    validate::name(raw, MAX_NAME).unwrap_or_else(|m| {
        e.add("name", m);
        String::new()
    })
}

/// The name screen readers announce instead, if any.
pub fn accessible_name(raw: Option<&str>, e: &mut FieldErrors) -> Option<String> {
    validate::optional_text(raw, MAX_ACCESSIBLE_NAME).unwrap_or_else(|m| {
        e.add("accessible_name", m);
        None
    })
}

/// Where an item (`id`, or a new one) may go: under no parent, or under an
/// existing submenu (`submenus` are the ids of those), within the depth
/// limit and never under itself (messages go to `e`).
pub fn parent(
    tree: &[nav_tree::Node],
    submenus: &[i64],
    id: Option<i64>,
    parent: Option<i64>,
    e: &mut FieldErrors,
) {
    if let Err(err) = nav_tree::check_place(tree, id, parent, nav_tree::MAX_DEPTH) {
        e.add("parent_id", err.message());
        return;
    }
    if let Some(p) = parent
        && !submenus.contains(&p)
    {
        e.add("parent_id", "Only a submenu can hold items.");
    }
}

/// A change of the accessible name: `None` keeps it, `Some(None)` clears it.
pub fn accessible_name_change(p: &Patch<String>, e: &mut FieldErrors) -> Option<Option<String>> {
    match p {
        Patch::Keep => None,
        Patch::Clear => Some(None),
        Patch::Set(a) => match validate::optional_text(Some(a), MAX_ACCESSIBLE_NAME) {
            Ok(a) => Some(a),
            Err(m) => {
                e.add("accessible_name", m);
                None
            }
        },
    }
}

/// A target with its link checked (only web, mail and phone links).
pub fn target(t: &NavTarget, e: &mut FieldErrors) -> NavTarget {
    match t {
        NavTarget::Link { url, new_tab } => match validate::url(url, LINK_SCHEMES) {
            Ok(url) => NavTarget::Link {
                url,
                new_tab: *new_tab,
            },
            Err(m) => {
                e.add("target.url", m);
                t.clone()
            }
        },
        _ => t.clone(),
    }
}

/// A new target of an item: one with sub-items must stay a submenu.
pub fn retarget(t: &NavTarget, has_children: bool, e: &mut FieldErrors) {
    if has_children && !matches!(t, NavTarget::Submenu) {
        e.add(
            "target",
            "The item has sub-items: only a submenu can hold them. Move or delete them first.",
        );
    }
}

/// What to do with the sub-items of a deleted item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildrenChoice {
    /// Delete them too.
    Delete,
    /// Move them up into the deleted item's place, keeping their order.
    Lift,
}

/// The `children` choice of a delete; required when the item has sub-items.
pub fn children_choice(
    raw: Option<&str>,
    has_children: bool,
) -> Result<Option<ChildrenChoice>, FieldErrors> {
    let choice = match raw {
        None | Some("") => None,
        Some("delete") => Some(ChildrenChoice::Delete),
        Some("lift") => Some(ChildrenChoice::Lift),
        Some(_) => {
            return Err(super::one(
                "children",
                "Use children=delete or children=lift.",
            ));
        }
    };
    if has_children && choice.is_none() {
        return Err(super::one(
            "children",
            "This item has sub-items: say what happens to them with children=delete or children=lift.",
        ));
    }
    Ok(choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_goes_under_nothing_or_under_a_submenu_only() {
        // 1 is a submenu holding 2 (a page link); 3 is a top-level link.
        let node = |id, parent_id| nav_tree::Node {
            id,
            parent_id,
            order: 0,
        };
        let tree = [node(1, None), node(2, Some(1)), node(3, None)];
        let problem = |id: Option<i64>, under: Option<i64>| {
            let mut e = FieldErrors::new();
            parent(&tree, &[1], id, under, &mut e);
            e.0.get("parent_id").map(|m| m.join(" "))
        };
        assert_eq!(problem(None, None), None);
        assert_eq!(problem(None, Some(1)), None);
        assert_eq!(problem(Some(3), Some(1)), None);
        assert_eq!(
            problem(None, Some(3)).as_deref(),
            Some("Only a submenu can hold items.")
        );
        assert!(problem(None, Some(99)).is_some(), "no such parent");
        assert!(problem(Some(1), Some(1)).is_some(), "never under itself");
    }

    #[test]
    fn names_are_trimmed_and_required() {
        let mut e = FieldErrors::new();
        assert_eq!(name(" 認識我們 ", &mut e), "認識我們");
        assert_eq!(accessible_name(Some("  "), &mut e), None);
        assert!(e.is_empty());
        name(" ", &mut e);
        accessible_name(Some(&"字".repeat(MAX_ACCESSIBLE_NAME + 1)), &mut e);
        assert_eq!(e.0.keys().collect::<Vec<_>>(), ["accessible_name", "name"]);
    }

    #[test]
    fn an_accessible_name_can_be_kept_cleared_or_set() {
        let mut e = FieldErrors::new();
        assert_eq!(accessible_name_change(&Patch::Keep, &mut e), None);
        assert_eq!(accessible_name_change(&Patch::Clear, &mut e), Some(None));
        assert_eq!(
            accessible_name_change(&Patch::Set(" 首頁 ".into()), &mut e),
            Some(Some("首頁".into()))
        );
        assert!(e.is_empty());
    }

    #[test]
    fn only_safe_link_schemes() {
        let mut e = FieldErrors::new();
        let ok = NavTarget::Link {
            url: "tel:+886223456789".into(),
            new_tab: false,
        };
        assert_eq!(target(&ok, &mut e), ok);
        assert!(e.is_empty());
        let bad = NavTarget::Link {
            url: "javascript:alert(1)".into(),
            new_tab: true,
        };
        target(&bad, &mut e);
        assert!(e.0.contains_key("target.url"));
    }

    #[test]
    fn a_parent_stays_a_submenu() {
        let mut e = FieldErrors::new();
        retarget(&NavTarget::Submenu, true, &mut e);
        retarget(&NavTarget::Divider, false, &mut e);
        assert!(e.is_empty());
        retarget(&NavTarget::Divider, true, &mut e);
        assert!(e.0.contains_key("target"));
    }

    #[test]
    fn sub_items_need_a_choice() {
        assert_eq!(children_choice(None, false), Ok(None));
        assert_eq!(
            children_choice(Some("lift"), true),
            Ok(Some(ChildrenChoice::Lift))
        );
        assert!(children_choice(None, true).is_err());
        assert!(children_choice(Some("keep"), false).is_err());
    }
}
