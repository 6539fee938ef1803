//! The group tree flattened in display order (pure).

use yass_shared_types::users::Group;

/// Groups in tree order with their depth.
pub fn group_rows(groups: &[Group]) -> Vec<(Group, usize)> {
    fn walk(all: &[Group], parent: Option<i64>, depth: usize, out: &mut Vec<(Group, usize)>) {
        let mut kids: Vec<&Group> = all.iter().filter(|g| g.parent_id == parent).collect();
        kids.sort_by_key(|g| (g.order, g.id));
        for g in kids {
            out.push((g.clone(), depth));
            if depth < 32 {
                walk(all, Some(g.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(groups, None, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::group_rows;
    use yass_shared_types::users::{Group, GroupKind};

    fn group(id: i64, parent_id: Option<i64>, order: i32) -> Group {
        Group {
            id,
            name: format!("g{id}"),
            kind: GroupKind::Staff,
            parent_id,
            order,
            member_count: 0,
            archived: false,
        }
    }

    #[test]
    fn children_follow_their_parent_in_order() {
        let gs = [
            group(1, None, 1),
            group(2, None, 0),
            group(3, Some(1), 1),
            group(4, Some(1), 0),
        ];
        let rows: Vec<(i64, usize)> = group_rows(&gs)
            .into_iter()
            .map(|(g, d)| (g.id, d))
            .collect();
        assert_eq!(rows, vec![(2, 0), (1, 0), (4, 1), (3, 1)]);
    }
}
