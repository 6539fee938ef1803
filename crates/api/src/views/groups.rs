//! Groups as the API shows them.

use crate::storage::groups::{GroupRow, kind};
use yass_shared_types::users::Group;

pub fn to_dto(g: &GroupRow, members: u64) -> Group {
    Group {
        id: g.id,
        name: g.name.clone(),
        kind: kind(g),
        parent_id: g.parent_id,
        order: g.sort_order,
        member_count: members,
        archived: g.archived_at.is_some(),
    }
}
