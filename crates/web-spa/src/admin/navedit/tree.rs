//! The nav tree flattened into rows in display order, each with what its
//! move buttons need (pure, unit-tested).

use yass_shared_types::content::NavItem;

/// One row of the flattened tree, with what the move buttons need.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub item: NavItem,
    pub depth: usize,
    pub parent: Option<i64>,
    /// Index among its siblings.
    pub index: usize,
    pub siblings: usize,
    /// The sibling just above (the new parent when indenting).
    pub prev: Option<i64>,
    /// Where the parent sits among its own siblings (for outdenting).
    pub parent_pos: Option<(Option<i64>, usize)>,
}

pub fn flatten(items: &[NavItem]) -> Vec<Row> {
    fn walk(
        items: &[NavItem],
        depth: usize,
        parent: Option<i64>,
        parent_pos: Option<(Option<i64>, usize)>,
        out: &mut Vec<Row>,
    ) {
        for (i, it) in items.iter().enumerate() {
            out.push(Row {
                item: it.clone(),
                depth,
                parent,
                index: i,
                siblings: items.len(),
                prev: i.checked_sub(1).map(|p| items[p].id),
                parent_pos,
            });
            walk(&it.children, depth + 1, Some(it.id), Some((parent, i)), out);
        }
    }
    let mut out = Vec::new();
    walk(items, 0, None, None, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use yass_shared_types::content::NavTarget;

    fn item(id: i64, children: Vec<NavItem>) -> NavItem {
        NavItem {
            id,
            name: format!("n{id}"),
            accessible_name: None,
            target: NavTarget::Submenu,
            order: 0,
            visible: true,
            children,
        }
    }

    #[test]
    fn flatten_keeps_positions() {
        let t = vec![
            item(1, vec![item(2, vec![]), item(3, vec![])]),
            item(4, vec![]),
        ];
        let f = flatten(&t);
        let ids: Vec<i64> = f.iter().map(|r| r.item.id).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
        assert_eq!(f[2].parent, Some(1));
        assert_eq!(f[2].index, 1);
        assert_eq!(f[2].prev, Some(2));
        assert_eq!(f[2].parent_pos, Some((None, 0)));
        assert_eq!(f[3].prev, Some(1));
        assert_eq!(f[1].depth, 1);
    }
}
