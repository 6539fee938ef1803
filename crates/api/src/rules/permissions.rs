//! The permission engine: what a user may do on a site, from their groups.
//!
//! A user's principals are their groups plus every ancestor; a right granted
//! to a group reaches the members of every group below it.

use super::group_tree::{Node, Tree};
use std::collections::BTreeSet;
use yass_shared_types::auth::TokenScope;
use yass_shared_types::content::PageVisibility;
use yass_shared_types::users::{EffectiveRights, GroupKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupInfo {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: GroupKind,
}

/// Everything needed to answer "may this caller do that".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rights {
    pub platform_admin: bool,
    pub site_admin: bool,
    pub principals: BTreeSet<i64>,
    /// Principals of kind staff: groups that may own what this user writes.
    pub staff_groups: BTreeSet<i64>,
    /// Read-only integrator token: may read manage lists, never write.
    pub read_only: bool,
    /// An API token below the `site_admin` scope: never users, groups or
    /// tokens, whatever its owner may do.
    pub no_access_admin: bool,
}

impl Rights {
    /// Rights of a site user from their direct groups and the site's groups.
    pub fn for_user(direct: &[i64], site_groups: &[GroupInfo]) -> Self {
        let tree = Tree::new(site_groups.iter().map(|g| Node {
            id: g.id,
            parent_id: g.parent_id,
        }));
        let principals = tree.principals(direct);
        let kind_of = |id: i64| site_groups.iter().find(|g| g.id == id).map(|g| g.kind);
        let site_admin = principals
            .iter()
            .any(|&g| kind_of(g) == Some(GroupKind::Admin));
        let staff_groups = principals
            .iter()
            .copied()
            .filter(|&g| kind_of(g) == Some(GroupKind::Staff))
            .collect();
        Rights {
            platform_admin: false,
            site_admin,
            principals,
            staff_groups,
            read_only: false,
            no_access_admin: false,
        }
    }

    pub fn platform_admin() -> Self {
        Rights {
            platform_admin: true,
            site_admin: true,
            ..Default::default()
        }
    }

    /// An integrator's API token: its owner's current rights, capped by its
    /// scope. A token never has more than its owner has now.
    pub fn api_token(owner: Rights, scope: TokenScope) -> Self {
        let limited = Rights {
            no_access_admin: true,
            ..owner.clone()
        };
        match scope {
            TokenScope::Read => Rights {
                read_only: true,
                ..limited
            },
            TokenScope::ContentWrite => limited,
            TokenScope::SiteAdmin => owner,
        }
    }

    fn can_write(&self) -> bool {
        !self.read_only
    }

    /// Users, groups, nav, categories, settings.
    pub fn can_administer(&self) -> bool {
        self.site_admin && self.can_write()
    }

    /// Users, groups, API tokens and the auth log: site admins, and tokens
    /// of the `site_admin` scope whose owner is a site admin.
    pub fn can_manage_access(&self) -> bool {
        self.can_administer() && !self.no_access_admin
    }

    /// See who the users are (lists, rights): as `can_manage_access`, but a
    /// person's own record is decided by the caller.
    pub fn can_see_access(&self) -> bool {
        self.site_admin && !self.no_access_admin
    }

    /// Read editor views (drafts, manage lists).
    pub fn can_view_manage(&self) -> bool {
        self.site_admin || !self.staff_groups.is_empty() || !self.principals.is_empty()
    }

    /// Create news or links at all.
    pub fn can_create_owned(&self) -> bool {
        self.can_write() && (self.site_admin || !self.staff_groups.is_empty())
    }

    /// Whether `group` may be chosen as the owner of a new or edited item.
    pub fn can_assign_owner(&self, group: i64) -> bool {
        self.can_write() && (self.site_admin || self.staff_groups.contains(&group))
    }

    /// Edit or delete a news item or link owned by `owner_group`.
    pub fn can_edit_owned(&self, owner_group: i64) -> bool {
        self.can_write() && (self.site_admin || self.principals.contains(&owner_group))
    }

    /// Whether ownership of an item may pass from `from` to `to` (`None` =
    /// owned by the site's administrators). Site admins move anything.
    /// Others may only hand an item up the tree — to `from` itself or one
    /// of its ancestors that is one of their own staff groups — because a
    /// right granted to a group reaches the members below it: a sub-group
    /// member may edit the parent group's news, but moving it down (into
    /// their own sub-group) or sideways would take it away from the parent
    /// group's other members.
    pub fn may_move_owner(
        &self,
        from: Option<i64>,
        to: Option<i64>,
        site_groups: &[GroupInfo],
    ) -> bool {
        if from == to {
            return true;
        }
        if self.can_administer() {
            return true;
        }
        let (Some(from), Some(to)) = (from, to) else {
            return false;
        };
        let tree = Tree::new(site_groups.iter().map(|g| Node {
            id: g.id,
            parent_id: g.parent_id,
        }));
        self.can_edit_owned(from)
            && self.can_assign_owner(to)
            && tree.with_ancestors(from).contains(&to)
    }

    /// Edit a page attached to `edit_groups`.
    pub fn can_edit_page(&self, edit_groups: &[i64]) -> bool {
        self.can_write()
            && (self.site_admin || edit_groups.iter().any(|g| self.principals.contains(g)))
    }

    /// Whether an item in the trash is this caller's to restore or delete
    /// for good: site admins any; otherwise whoever may edit it — its owning
    /// group (news, links, a news item's files) or a page's edit groups (a
    /// page, a page's files). Extensions, events and menu items are the
    /// site admins'.
    pub fn can_restore(&self, kind: &str, owner_group: Option<i64>, edit_groups: &[i64]) -> bool {
        if self.can_administer() {
            return true;
        }
        match (kind, owner_group) {
            ("news" | "link" | "attachment", Some(g)) => self.can_edit_owned(g),
            ("page" | "attachment", None) => {
                !edit_groups.is_empty() && self.can_edit_page(edit_groups)
            }
            _ => false,
        }
    }

    /// Read a page. A restricted page is readable by members of its read
    /// groups (and below) and site admins; with no read group left, by site
    /// admins only — never by everyone.
    pub fn can_read_page(&self, visibility: PageVisibility, read_groups: &[i64]) -> bool {
        match visibility {
            PageVisibility::Public => true,
            PageVisibility::Restricted => {
                self.site_admin || read_groups.iter().any(|g| self.principals.contains(g))
            }
        }
    }

    /// The actions these rights allow, for people to read.
    pub fn actions(&self) -> Vec<String> {
        let mut out = vec![];
        if self.platform_admin {
            out.push("platform.sites.manage");
        }
        if self.can_manage_access() {
            out.extend(["users.manage", "groups.manage", "api_tokens.manage"]);
        }
        // A read-only site admin reads both logs too (as the API allows).
        if self.can_see_access() {
            out.extend(["auth_log.read", "audit_log.read"]);
        }
        if self.can_administer() {
            out.extend([
                "site.settings.edit",
                "nav.manage",
                "categories.manage",
                "news.edit_any",
                "pages.edit_any",
                "links.edit_any",
            ]);
        }
        if self.can_create_owned() {
            out.extend(["news.create", "links.create"]);
        }
        if !self.principals.is_empty() && self.can_write() {
            out.push("pages.edit_attached");
        }
        if !self.read_only || self.site_admin {
            out.push("profile.edit");
        }
        out.into_iter().map(String::from).collect()
    }

    pub fn to_dto(&self) -> EffectiveRights {
        EffectiveRights {
            site_admin: self.site_admin,
            platform_admin: self.platform_admin,
            principal_group_ids: self.principals.iter().copied().collect(),
            staff_group_ids: self.staff_groups.iter().copied().collect(),
            actions: self.actions(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GroupKind::*;

    // 1 admins
    // 10 教務處 (staff) ─┬─ 11 註冊組 (staff) ── 12 實習生 (normal)
    //                    └─ 13 設備組 (normal)
    // 20 學務處 (staff)
    fn groups() -> Vec<GroupInfo> {
        let g = |id, parent_id, kind| GroupInfo {
            id,
            parent_id,
            kind,
        };
        vec![
            g(1, None, Admin),
            g(10, None, Staff),
            g(11, Some(10), Staff),
            g(12, Some(11), Normal),
            g(13, Some(10), Normal),
            g(20, None, Staff),
        ]
    }

    #[test]
    fn admin_kind_anywhere_in_the_chain_makes_a_site_admin() {
        let gs = groups();
        assert!(Rights::for_user(&[1], &gs).site_admin);
        let mut nested = gs.clone();
        nested.push(GroupInfo {
            id: 2,
            parent_id: Some(1),
            kind: Normal,
        });
        assert!(Rights::for_user(&[2], &nested).site_admin);
        assert!(!Rights::for_user(&[10], &gs).site_admin);
        assert!(!Rights::for_user(&[], &gs).site_admin);
    }

    #[test]
    fn whoever_may_edit_a_deleted_item_may_restore_it() {
        let gs = groups();
        let registry = Rights::for_user(&[11], &gs);
        assert!(registry.can_restore("news", Some(11), &[]));
        assert!(
            !registry.can_restore("news", Some(20), &[]),
            "another office's"
        );
        assert!(registry.can_restore("page", None, &[11]));
        assert!(
            !registry.can_restore("page", None, &[]),
            "a page only admins edit"
        );
        assert!(
            registry.can_restore("attachment", None, &[11]),
            "a file of their page"
        );
        assert!(
            !registry.can_restore("nav_item", None, &[]),
            "the menu is the admins'"
        );
        assert!(!registry.can_restore("extension", Some(11), &[]));
        let admin = Rights::for_user(&[1], &gs);
        assert!(admin.can_restore("nav_item", None, &[]));
    }

    #[test]
    fn owner_group_members_and_members_below_may_edit() {
        let gs = groups();
        // Owner is 10: members of 10, 11, 12, 13 may edit.
        for direct in [10, 11, 12, 13] {
            assert!(
                Rights::for_user(&[direct], &gs).can_edit_owned(10),
                "{direct}"
            );
        }
        // Owner is 11: a member of the parent 10 may not.
        assert!(!Rights::for_user(&[10], &gs).can_edit_owned(11));
        assert!(Rights::for_user(&[12], &gs).can_edit_owned(11));
        // Unrelated group.
        assert!(!Rights::for_user(&[20], &gs).can_edit_owned(10));
        // No groups at all.
        assert!(!Rights::for_user(&[], &gs).can_edit_owned(10));
        // Site admin edits anything.
        assert!(Rights::for_user(&[1], &gs).can_edit_owned(20));
    }

    #[test]
    fn owners_are_chosen_among_own_staff_groups() {
        let gs = groups();
        let r = Rights::for_user(&[12], &gs);
        assert_eq!(r.staff_groups, BTreeSet::from([10, 11]));
        assert!(r.can_assign_owner(11));
        assert!(r.can_assign_owner(10));
        assert!(!r.can_assign_owner(12)); // normal kind
        assert!(!r.can_assign_owner(20));
        assert!(r.can_create_owned());
        assert!(!Rights::for_user(&[13], &groups()).can_assign_owner(13));
        let normal_only = Rights::for_user(
            &[13],
            &[GroupInfo {
                id: 13,
                parent_id: None,
                kind: Normal,
            }],
        );
        assert!(!normal_only.can_create_owned());
    }

    #[test]
    fn ownership_moves_only_up_the_tree_unless_by_a_site_admin() {
        let gs = groups();
        // A member of 11 (under 10) may edit 10's news, but not take it
        // into 11, nor hand it sideways to 20.
        let sub = Rights::for_user(&[11], &gs);
        assert!(sub.can_edit_owned(10));
        assert!(!sub.may_move_owner(Some(10), Some(11), &gs));
        assert!(!sub.may_move_owner(Some(10), Some(20), &gs));
        // Up the tree is fine: 11's own item handed to 10.
        assert!(sub.may_move_owner(Some(11), Some(10), &gs));
        assert!(sub.may_move_owner(Some(11), Some(11), &gs));
        // Never to or from the administrators' ownership.
        assert!(!sub.may_move_owner(Some(11), None, &gs));
        assert!(!sub.may_move_owner(None, Some(11), &gs));
        // A member of 10 may not touch 11's items at all.
        assert!(!Rights::for_user(&[10], &gs).may_move_owner(Some(11), Some(10), &gs));
        // Site admins move anything anywhere.
        let admin = Rights::for_user(&[1], &gs);
        assert!(admin.may_move_owner(Some(10), Some(20), &gs));
        assert!(admin.may_move_owner(Some(10), None, &gs));
        // A read-only token moves nothing.
        assert!(
            !Rights::api_token(admin.clone(), TokenScope::Read).may_move_owner(
                Some(10),
                Some(20),
                &gs
            )
        );
    }

    #[test]
    fn pages_follow_attached_and_read_groups() {
        let gs = groups();
        let r = Rights::for_user(&[12], &gs);
        assert!(r.can_edit_page(&[10]));
        assert!(!r.can_edit_page(&[20]));
        assert!(!r.can_edit_page(&[]));
        use PageVisibility::{Public, Restricted};
        assert!(r.can_read_page(Public, &[]));
        assert!(r.can_read_page(Restricted, &[11, 20]));
        assert!(!r.can_read_page(Restricted, &[20]));
        assert!(!Rights::default().can_read_page(Restricted, &[20]));
        assert!(Rights::default().can_read_page(Public, &[]));
    }

    #[test]
    fn restricted_pages_without_groups_are_for_site_admins_only() {
        use PageVisibility::Restricted;
        let gs = groups();
        assert!(!Rights::default().can_read_page(Restricted, &[]));
        assert!(!Rights::for_user(&[12], &gs).can_read_page(Restricted, &[]));
        assert!(!Rights::for_user(&[10], &gs).can_read_page(Restricted, &[]));
        assert!(Rights::for_user(&[1], &gs).can_read_page(Restricted, &[]));
        assert!(Rights::platform_admin().can_read_page(Restricted, &[]));
    }

    #[test]
    fn read_only_tokens_never_write() {
        let admin = Rights::for_user(&[1], &groups());
        let r = Rights::api_token(admin.clone(), TokenScope::Read);
        assert!(r.can_view_manage());
        assert!(!r.can_administer());
        assert!(!r.can_manage_access());
        assert!(!r.can_see_access());
        assert!(!r.can_edit_owned(1));
        assert!(!r.can_edit_page(&[1]));
        assert!(!r.can_create_owned());
        let w = Rights::api_token(admin.clone(), TokenScope::ContentWrite);
        assert!(w.can_administer() && w.can_edit_owned(1));
        assert!(!w.can_manage_access() && !w.can_see_access());
        let a = Rights::api_token(admin, TokenScope::SiteAdmin);
        assert!(a.can_manage_access() && a.can_see_access());
    }

    #[test]
    fn tokens_never_exceed_their_owner() {
        let gs = groups();
        let staff = Rights::for_user(&[11], &gs);
        for scope in [
            TokenScope::Read,
            TokenScope::ContentWrite,
            TokenScope::SiteAdmin,
        ] {
            let t = Rights::api_token(staff.clone(), scope);
            assert!(!t.site_admin, "{scope:?}");
            assert!(!t.can_administer() && !t.can_manage_access());
            assert!(!t.can_edit_owned(20));
            assert!(!t.can_assign_owner(20));
        }
        let w = Rights::api_token(staff.clone(), TokenScope::ContentWrite);
        assert!(w.can_edit_owned(11) && w.can_assign_owner(11));
        let nobody = Rights::api_token(Rights::default(), TokenScope::SiteAdmin);
        assert!(!nobody.can_view_manage() && !nobody.can_create_owned());
        assert!(!nobody.can_read_page(PageVisibility::Restricted, &[]));
    }

    #[test]
    fn effective_rights_list_what_is_allowed() {
        let gs = groups();
        let admin = Rights::for_user(&[1], &gs).to_dto();
        assert!(admin.actions.contains(&"users.manage".to_string()));
        assert!(admin.actions.contains(&"audit_log.read".to_string()));
        let staff = Rights::for_user(&[11], &gs).to_dto();
        assert!(!staff.actions.contains(&"users.manage".to_string()));
        assert!(!staff.actions.contains(&"audit_log.read".to_string()));
        assert!(staff.actions.contains(&"news.create".to_string()));
        assert_eq!(staff.principal_group_ids, vec![10, 11]);
    }
}
