//! Items in a site's trash as the trash screen lists them.

use crate::storage::trash::TrashRow;
use crate::storage::utc;
use chrono::TimeDelta;
use yass_shared_types::trash::TrashItem;

/// An item in the trash, with the time it is purged after `trash_days`.
pub fn to_dto(r: &TrashRow, trash_days: u32) -> TrashItem {
    TrashItem {
        id: r.id,
        kind: r.kind.clone(),
        item_id: r.item_id,
        label: r.label.clone(),
        deleted_at: utc(r.deleted_at),
        deleted_by: r.actor_name.clone(),
        purge_at: utc(r.deleted_at) + TimeDelta::days(i64::from(trash_days)),
    }
}
