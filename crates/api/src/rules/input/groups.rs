//! Validation of group input (create, edit): per-field messages, no I/O.
//! The caller passes the site's group tree.

use crate::error::FieldErrors;
use crate::rules::group_tree::Tree;
use crate::rules::validate;
use yass_shared_types::users::{CreateGroup, GroupKind, UpdateGroup};

/// Deeper trees are a sign of a mistake, and they make menus unusable.
pub const MAX_DEPTH: usize = 8;
pub const MAX_NAME: usize = 100;

const NO_SUCH_GROUP: &str = "No such group on this site.";
const UNDER_ITSELF: &str = "A group cannot move under itself or one of its own sub-groups.";

fn too_deep() -> String {
    format!("Groups nest at most {MAX_DEPTH} deep.")
}

/// A new group ready to store; without an order it goes after its siblings.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNewGroup {
    pub name: String,
    pub kind: GroupKind,
    pub parent_id: Option<i64>,
    pub order: Option<i32>,
}

/// The first problem only (the name, then the parent), as the API always
/// answered for a new group.
pub fn new_group(input: &CreateGroup, tree: &Tree) -> Result<ValidNewGroup, FieldErrors> {
    let only = |field: &str, message: String| {
        let mut e = FieldErrors::new();
        e.add(field, message);
        e
    };
    let name = validate::name(&input.name, MAX_NAME).map_err(|m| only("name", m))?;
    if let Some(p) = input.parent_id {
        if !tree.contains(p) {
            return Err(only("parent_id", NO_SUCH_GROUP.into()));
        }
        if tree.depth(p) >= MAX_DEPTH {
            return Err(only("parent_id", too_deep()));
        }
    }
    Ok(ValidNewGroup {
        name,
        kind: input.kind,
        parent_id: input.parent_id,
        order: input.order,
    })
}

/// What an edit of a group changes (`None` keeps the field; `parent_id:
/// Some(None)` makes it a top-level group).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupChanges {
    pub name: Option<String>,
    pub kind: Option<GroupKind>,
    pub order: Option<i32>,
    pub parent_id: Option<Option<i64>>,
    /// `Some(true)` archives, `Some(false)` brings back.
    pub archived: Option<bool>,
}

/// The administrators' group cannot be archived: the site would have no
/// administrator left but the platform's.
pub fn archive_allowed(kind: GroupKind, archived: Option<bool>) -> Result<(), FieldErrors> {
    if archived == Some(true) && kind == GroupKind::Admin {
        Err(super::one(
            "archived",
            "The administrators' group cannot be archived.",
        ))
    } else {
        Ok(())
    }
}

/// Every problem of an edit of group `id`: the name, and a move to a group
/// that is not on the site, under the group itself or one of its
/// descendants, or too deep.
pub fn group_changes(
    id: i64,
    input: &UpdateGroup,
    tree: &Tree,
) -> Result<GroupChanges, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut out = GroupChanges {
        kind: input.kind,
        order: input.order,
        archived: input.archived,
        ..Default::default()
    };
    if let Some(n) = &input.name {
        match validate::name(n, MAX_NAME) {
            Ok(n) => out.name = Some(n),
            Err(m) => e.add("name", m),
        }
    }
    if !input.parent_id.is_keep() {
        let p = input.parent_id.clone().apply_to(None);
        match p {
            Some(pid) if !tree.contains(pid) => e.add("parent_id", NO_SUCH_GROUP),
            _ if tree.move_makes_cycle(id, p) => e.add("parent_id", UNDER_ITSELF),
            Some(pid) if tree.depth(pid) >= MAX_DEPTH => e.add("parent_id", too_deep()),
            _ => out.parent_id = Some(p),
        }
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::group_tree::Node;
    use yass_shared_types::Patch;

    /// 1 ── 2 ── … ── 8 (a chain MAX_DEPTH deep), and 20 on its own.
    fn tree() -> Tree {
        let chain = (1..=8).map(|id| Node {
            id,
            parent_id: (id > 1).then(|| id - 1),
        });
        Tree::new(chain.chain([Node {
            id: 20,
            parent_id: None,
        }]))
    }

    fn create(name: &str, parent_id: Option<i64>) -> CreateGroup {
        CreateGroup {
            name: name.into(),
            kind: GroupKind::Staff,
            parent_id,
            order: None,
        }
    }

    #[test]
    fn a_new_group_keeps_its_fields_with_a_trimmed_name() {
        let v = new_group(&create("  教務處 ", Some(20)), &tree()).unwrap();
        assert_eq!(v.name, "教務處");
        assert_eq!(v.kind, GroupKind::Staff);
        assert_eq!(v.parent_id, Some(20));
        assert_eq!(v.order, None);
    }

    #[test]
    fn a_new_group_needs_a_name_first() {
        let e = new_group(&create(" ", Some(99)), &tree()).unwrap_err();
        assert!(e.0.keys().eq(["name"]));
    }

    #[test]
    fn a_new_group_nests_under_a_group_of_the_site_not_too_deep() {
        let e = new_group(&create("x", Some(99)), &tree()).unwrap_err();
        assert_eq!(e.0["parent_id"], vec![NO_SUCH_GROUP]);
        let e = new_group(&create("x", Some(8)), &tree()).unwrap_err();
        assert_eq!(e.0["parent_id"], vec![too_deep()]);
        assert!(new_group(&create("x", Some(7)), &tree()).is_ok());
    }

    #[test]
    fn the_administrators_group_stays() {
        assert!(archive_allowed(GroupKind::Admin, Some(true)).is_err());
        assert!(archive_allowed(GroupKind::Admin, Some(false)).is_ok());
        assert!(archive_allowed(GroupKind::Staff, Some(true)).is_ok());
    }

    fn edit(parent_id: Patch<i64>) -> UpdateGroup {
        UpdateGroup {
            parent_id,
            ..Default::default()
        }
    }

    #[test]
    fn an_edit_keeps_what_it_does_not_send() {
        let c = group_changes(2, &UpdateGroup::default(), &tree()).unwrap();
        assert_eq!(c, GroupChanges::default());
    }

    #[test]
    fn an_edit_moves_to_the_top_level_or_under_another_group() {
        let c = group_changes(2, &edit(Patch::Clear), &tree()).unwrap();
        assert_eq!(c.parent_id, Some(None));
        let c = group_changes(2, &edit(Patch::Set(20)), &tree()).unwrap();
        assert_eq!(c.parent_id, Some(Some(20)));
    }

    #[test]
    fn an_edit_refuses_a_cycle_a_stranger_and_too_deep_a_move() {
        let e = group_changes(2, &edit(Patch::Set(5)), &tree()).unwrap_err();
        assert_eq!(e.0["parent_id"], vec![UNDER_ITSELF]);
        let e = group_changes(2, &edit(Patch::Set(2)), &tree()).unwrap_err();
        assert_eq!(e.0["parent_id"], vec![UNDER_ITSELF]);
        let e = group_changes(2, &edit(Patch::Set(99)), &tree()).unwrap_err();
        assert_eq!(e.0["parent_id"], vec![NO_SUCH_GROUP]);
        let e = group_changes(20, &edit(Patch::Set(8)), &tree()).unwrap_err();
        assert_eq!(e.0["parent_id"], vec![too_deep()]);
    }

    #[test]
    fn an_edit_reports_the_name_and_the_move_together() {
        let input = UpdateGroup {
            name: Some(String::new()),
            parent_id: Patch::Set(99),
            ..Default::default()
        };
        let e = group_changes(2, &input, &tree()).unwrap_err();
        assert!(e.0.contains_key("name") && e.0.contains_key("parent_id"));
    }
}
