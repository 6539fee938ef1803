//! The group tree of a site: ancestors and cycle checks.

use std::collections::{BTreeSet, HashMap};

/// The part of a group the tree rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub id: i64,
    pub parent_id: Option<i64>,
}

/// Parent lookup built once per request from the site's groups.
pub struct Tree {
    parent: HashMap<i64, Option<i64>>,
}

impl Tree {
    pub fn new(nodes: impl IntoIterator<Item = Node>) -> Self {
        Self {
            parent: nodes.into_iter().map(|n| (n.id, n.parent_id)).collect(),
        }
    }

    pub fn contains(&self, id: i64) -> bool {
        self.parent.contains_key(&id)
    }

    /// `id` and every group above it. Stops on a broken chain or a cycle
    /// (neither should exist, but stored data is not trusted to loop forever).
    pub fn with_ancestors(&self, id: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut cur = Some(id);
        while let Some(g) = cur {
            if !self.parent.contains_key(&g) || !seen.insert(g) {
                break;
            }
            out.push(g);
            cur = self.parent[&g];
        }
        out
    }

    /// A user's principals: their groups plus all ancestors of those groups.
    pub fn principals(&self, direct: &[i64]) -> BTreeSet<i64> {
        direct
            .iter()
            .flat_map(|&g| self.with_ancestors(g))
            .collect()
    }

    /// Whether putting `group` under `new_parent` would make a cycle
    /// (the new parent is the group itself or one of its descendants).
    pub fn move_makes_cycle(&self, group: i64, new_parent: Option<i64>) -> bool {
        match new_parent {
            None => false,
            Some(p) => self.with_ancestors(p).contains(&group),
        }
    }

    /// Depth of a group (top level = 1).
    pub fn depth(&self, id: i64) -> usize {
        self.with_ancestors(id).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 1 ─┬─ 2 ── 4
    //    └─ 3
    // 5 (separate root)
    fn tree() -> Tree {
        Tree::new([
            Node {
                id: 1,
                parent_id: None,
            },
            Node {
                id: 2,
                parent_id: Some(1),
            },
            Node {
                id: 3,
                parent_id: Some(1),
            },
            Node {
                id: 4,
                parent_id: Some(2),
            },
            Node {
                id: 5,
                parent_id: None,
            },
        ])
    }

    #[test]
    fn ancestors_walk_up_to_the_root() {
        let t = tree();
        assert_eq!(t.with_ancestors(4), vec![4, 2, 1]);
        assert_eq!(t.with_ancestors(1), vec![1]);
        assert_eq!(t.with_ancestors(99), Vec::<i64>::new());
    }

    #[test]
    fn principals_flow_upward_not_downward() {
        let t = tree();
        assert_eq!(t.principals(&[4]), BTreeSet::from([1, 2, 4]));
        // A member of the parent gets nothing from the children.
        assert_eq!(t.principals(&[1]), BTreeSet::from([1]));
        assert_eq!(t.principals(&[3, 5]), BTreeSet::from([1, 3, 5]));
        assert!(t.principals(&[]).is_empty());
    }

    #[test]
    fn moves_under_self_or_descendants_are_cycles() {
        let t = tree();
        assert!(t.move_makes_cycle(1, Some(1)));
        assert!(t.move_makes_cycle(1, Some(4)));
        assert!(t.move_makes_cycle(2, Some(4)));
        assert!(!t.move_makes_cycle(4, Some(3)));
        assert!(!t.move_makes_cycle(2, None));
        assert!(!t.move_makes_cycle(5, Some(4)));
    }

    #[test]
    fn corrupt_cycles_do_not_loop_forever() {
        let t = Tree::new([
            Node {
                id: 1,
                parent_id: Some(2),
            },
            Node {
                id: 2,
                parent_id: Some(1),
            },
        ]);
        assert_eq!(t.with_ancestors(1), vec![1, 2]);
        assert_eq!(t.depth(4), 0);
    }
}
