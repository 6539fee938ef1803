//! The navigation tree as pure functions: assembling it from flat rows,
//! pruning what a caller may not see, and checking moves (no cycles, a depth
//! limit) and sibling order. The storage loads every item of a site in one
//! query; everything else happens here, in memory.

use std::collections::{HashMap, HashSet};

/// Menus deeper than this are unusable on a phone.
pub const MAX_DEPTH: usize = 4;

/// Where an item sits: enough to reason about the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub order: i32,
}

/// An assembled item with its children, ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree<T> {
    pub item: T,
    pub children: Vec<Tree<T>>,
}

/// Assembles flat rows into ordered trees (by `order`, then id). Rows whose
/// parent is missing, or that sit on a cycle, are unreachable from a root and
/// are left out rather than looping.
pub fn build<T>(items: Vec<T>, node: impl Fn(&T) -> Node) -> Vec<Tree<T>> {
    let ids: HashSet<i64> = items.iter().map(|i| node(i).id).collect();
    let mut by_parent: HashMap<Option<i64>, Vec<(Node, T)>> = HashMap::new();
    for item in items {
        let n = node(&item);
        // A dangling parent makes the row an orphan, not a root.
        let parent = match n.parent_id {
            Some(p) if ids.contains(&p) => Some(p),
            Some(_) => continue,
            None => None,
        };
        by_parent.entry(parent).or_default().push((n, item));
    }
    for list in by_parent.values_mut() {
        list.sort_by_key(|(n, _)| (n.order, n.id));
    }
    fn take<T>(
        parent: Option<i64>,
        map: &mut HashMap<Option<i64>, Vec<(Node, T)>>,
    ) -> Vec<Tree<T>> {
        let Some(list) = map.remove(&parent) else {
            return vec![];
        };
        list.into_iter()
            .map(|(n, item)| Tree {
                item,
                children: take(Some(n.id), map),
            })
            .collect()
    }
    // `remove` visits each parent once, so a cycle can never recurse forever.
    take(None, &mut by_parent)
}

/// Keeps the items for which `keep` holds (a dropped item takes its subtree
/// with it), then drops containers left without children.
pub fn prune<T>(
    trees: Vec<Tree<T>>,
    keep: &impl Fn(&T) -> bool,
    is_container: &impl Fn(&T) -> bool,
) -> Vec<Tree<T>> {
    trees
        .into_iter()
        .filter(|t| keep(&t.item))
        .filter_map(|t| {
            let container = is_container(&t.item);
            let children = prune(t.children, keep, is_container);
            if container && children.is_empty() {
                None
            } else {
                Some(Tree {
                    item: t.item,
                    children,
                })
            }
        })
        .collect()
}

fn parent_map(nodes: &[Node]) -> HashMap<i64, Option<i64>> {
    nodes.iter().map(|n| (n.id, n.parent_id)).collect()
}

/// Depth of an item: 1 at the top level.
pub fn depth(nodes: &[Node], id: i64) -> usize {
    let parents = parent_map(nodes);
    let mut d = 0;
    let mut cur = Some(id);
    let mut seen = HashSet::new();
    while let Some(c) = cur {
        if !seen.insert(c) {
            break;
        }
        d += 1;
        cur = parents.get(&c).copied().flatten();
    }
    d
}

/// Every item below `id` (not `id` itself), parents before children.
pub fn descendants(nodes: &[Node], id: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut seen = HashSet::from([id]);
    let mut frontier = vec![id];
    while let Some(p) = frontier.pop() {
        for n in nodes.iter().filter(|n| n.parent_id == Some(p)) {
            if seen.insert(n.id) {
                out.push(n.id);
                frontier.push(n.id);
            }
        }
    }
    out
}

/// Levels of the subtree rooted at `id`: 1 for a leaf.
pub fn height(nodes: &[Node], id: i64) -> usize {
    let below = descendants(nodes, id);
    let base = depth(nodes, id);
    below
        .iter()
        .map(|&d| depth(nodes, d) - base + 1)
        .max()
        .unwrap_or(1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    UnknownParent,
    IntoItself,
    TooDeep { max: usize },
}

impl MoveError {
    pub fn message(&self) -> String {
        match self {
            MoveError::UnknownParent => "No such navigation item on this site.".into(),
            MoveError::IntoItself => {
                "An item cannot move under itself or one of its own sub-items.".into()
            }
            MoveError::TooDeep { max } => format!("Menus nest at most {max} levels deep."),
        }
    }
}

/// Whether `id` (with its subtree) may move under `new_parent`.
/// `id` is None for a new item (a single leaf).
pub fn check_place(
    nodes: &[Node],
    id: Option<i64>,
    new_parent: Option<i64>,
    max_depth: usize,
) -> Result<(), MoveError> {
    let Some(p) = new_parent else {
        let h = id.map_or(1, |i| height(nodes, i));
        return if h > max_depth {
            Err(MoveError::TooDeep { max: max_depth })
        } else {
            Ok(())
        };
    };
    if !nodes.iter().any(|n| n.id == p) {
        return Err(MoveError::UnknownParent);
    }
    if let Some(i) = id
        && (p == i || descendants(nodes, i).contains(&p))
    {
        return Err(MoveError::IntoItself);
    }
    let h = id.map_or(1, |i| height(nodes, i));
    if depth(nodes, p) + h > max_depth {
        return Err(MoveError::TooDeep { max: max_depth });
    }
    Ok(())
}

/// The ids under `parent`, in their current order.
pub fn siblings(nodes: &[Node], parent: Option<i64>) -> Vec<i64> {
    let mut s: Vec<&Node> = nodes.iter().filter(|n| n.parent_id == parent).collect();
    s.sort_by_key(|n| (n.order, n.id));
    s.into_iter().map(|n| n.id).collect()
}

/// `siblings` without `id`, then `id` inserted at `position` (clamped).
pub fn insert_at(siblings: &[i64], id: i64, position: usize) -> Vec<i64> {
    let mut out: Vec<i64> = siblings.iter().copied().filter(|&s| s != id).collect();
    out.insert(position.min(out.len()), id);
    out
}

/// `siblings` with `removed` replaced, in place, by `children` (in order):
/// what "lift the children" means for a deleted item.
pub fn lift(siblings: &[i64], removed: i64, children: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(siblings.len() + children.len());
    for &s in siblings {
        if s == removed {
            out.extend_from_slice(children);
        } else {
            out.push(s);
        }
    }
    out
}

/// The `(id, order)` pairs that change when `ordered` gets orders 0, 1, 2…
/// so a write touches only the rows that moved.
pub fn renumber(nodes: &[Node], ordered: &[i64]) -> Vec<(i64, i32)> {
    let current: HashMap<i64, i32> = nodes.iter().map(|n| (n.id, n.order)).collect();
    ordered
        .iter()
        .enumerate()
        .filter_map(|(i, &id)| {
            let want = i32::try_from(i).unwrap_or(i32::MAX);
            (current.get(&id) != Some(&want)).then_some((id, want))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: i64, parent_id: Option<i64>, order: i32) -> Node {
        Node {
            id,
            parent_id,
            order,
        }
    }

    /// 1 ─┬ 2 ─ 3 ─ 4
    ///    └ 5
    /// 6
    fn sample() -> Vec<Node> {
        vec![
            n(6, None, 1),
            n(1, None, 0),
            n(2, Some(1), 0),
            n(3, Some(2), 0),
            n(4, Some(3), 0),
            n(5, Some(1), 1),
        ]
    }

    fn ids(t: &[Tree<Node>]) -> Vec<(i64, Vec<i64>)> {
        t.iter()
            .map(|t| (t.item.id, t.children.iter().map(|c| c.item.id).collect()))
            .collect()
    }

    #[test]
    fn builds_ordered_nested_trees() {
        let t = build(sample(), |n| *n);
        assert_eq!(ids(&t), vec![(1, vec![2, 5]), (6, vec![])]);
        assert_eq!(t[0].children[0].children[0].children[0].item.id, 4);
    }

    #[test]
    fn equal_orders_fall_back_to_ids() {
        let t = build(vec![n(9, None, 0), n(3, None, 0)], |n| *n);
        assert_eq!(ids(&t), vec![(3, vec![]), (9, vec![])]);
    }

    #[test]
    fn orphans_and_cycles_are_left_out() {
        let rows = vec![
            n(1, None, 0),
            n(2, Some(99), 0),
            n(3, Some(4), 0),
            n(4, Some(3), 0),
        ];
        let t = build(rows, |n| *n);
        assert_eq!(ids(&t), vec![(1, vec![])]);
    }

    #[test]
    fn pruning_drops_subtrees_and_empty_containers() {
        // 1 and 2 are containers; hiding 4 empties 3? No: 3 is a leaf kept.
        let t = build(sample(), |n| *n);
        let containers = [1, 2, 3];
        let keep_not_3 = prune(t.clone(), &|n: &Node| n.id != 3, &|n: &Node| {
            containers.contains(&n.id)
        });
        // 2 lost its only child 3, so it goes; 1 keeps 5.
        assert_eq!(ids(&keep_not_3), vec![(1, vec![5]), (6, vec![])]);
        let keep_none_below = prune(t, &|n: &Node| n.id == 1 || n.id == 6, &|n: &Node| {
            containers.contains(&n.id)
        });
        assert_eq!(ids(&keep_none_below), vec![(6, vec![])]);
    }

    #[test]
    fn depth_height_descendants() {
        let s = sample();
        assert_eq!(depth(&s, 1), 1);
        assert_eq!(depth(&s, 4), 4);
        assert_eq!(height(&s, 1), 4);
        assert_eq!(height(&s, 5), 1);
        assert_eq!(height(&s, 2), 3);
        let mut d = descendants(&s, 1);
        d.sort_unstable();
        assert_eq!(d, vec![2, 3, 4, 5]);
        assert!(descendants(&s, 6).is_empty());
    }

    #[test]
    fn moves_under_itself_or_a_descendant_are_refused() {
        let s = sample();
        assert_eq!(
            check_place(&s, Some(1), Some(1), 9),
            Err(MoveError::IntoItself)
        );
        assert_eq!(
            check_place(&s, Some(1), Some(4), 9),
            Err(MoveError::IntoItself)
        );
        assert_eq!(
            check_place(&s, Some(2), Some(3), 9),
            Err(MoveError::IntoItself)
        );
        assert_eq!(check_place(&s, Some(5), Some(2), 9), Ok(()));
        assert_eq!(check_place(&s, Some(4), None, 9), Ok(()));
        assert_eq!(
            check_place(&s, Some(1), Some(99), 9),
            Err(MoveError::UnknownParent)
        );
    }

    #[test]
    fn depth_limit_counts_the_moved_subtree() {
        let s = sample();
        // 2 has height 3; under 6 (depth 1) it would reach depth 4.
        assert_eq!(check_place(&s, Some(2), Some(6), 4), Ok(()));
        assert_eq!(
            check_place(&s, Some(2), Some(5), 4),
            Err(MoveError::TooDeep { max: 4 })
        );
        // A new leaf under 4 (depth 4) would be depth 5.
        assert_eq!(
            check_place(&s, None, Some(4), 4),
            Err(MoveError::TooDeep { max: 4 })
        );
        assert_eq!(check_place(&s, None, Some(3), 4), Ok(()));
        assert_eq!(check_place(&s, None, None, 4), Ok(()));
        assert!(MoveError::TooDeep { max: 4 }.message().contains('4'));
    }

    #[test]
    fn sibling_order_insert_and_lift() {
        let s = sample();
        assert_eq!(siblings(&s, None), vec![1, 6]);
        assert_eq!(siblings(&s, Some(1)), vec![2, 5]);
        assert_eq!(insert_at(&[1, 2, 3], 3, 0), vec![3, 1, 2]);
        assert_eq!(insert_at(&[1, 2, 3], 1, 99), vec![2, 3, 1]);
        assert_eq!(insert_at(&[1, 2], 7, 1), vec![1, 7, 2]);
        assert_eq!(lift(&[1, 2, 3], 2, &[8, 9]), vec![1, 8, 9, 3]);
        assert_eq!(lift(&[1, 2], 2, &[]), vec![1]);
    }

    #[test]
    fn renumbering_touches_only_changed_rows() {
        let s = vec![n(1, None, 0), n(2, None, 5), n(3, None, 2)];
        assert_eq!(renumber(&s, &[1, 3, 2]), vec![(3, 1), (2, 2)]);
        assert_eq!(renumber(&s, &[1]), vec![]);
    }
}
