//! Audit entries as admins read them.

use crate::storage::audit::AuditRow;
use crate::storage::utc;
use yass_shared_types::audit::AuditEntry;

/// `site_slug` is the slug of the entry's site (looked up by the handler),
/// `None` for a platform action.
pub fn to_dto(r: &AuditRow, site_slug: Option<String>) -> AuditEntry {
    AuditEntry {
        id: r.id,
        at: utc(r.at),
        site_slug,
        user_id: r.user_id,
        token_id: r.token_id,
        actor_name: r.actor_name.clone(),
        client_addr: r.client_addr.clone(),
        kind: r.kind.clone(),
        entity_id: r.entity_id,
        action: r.action.clone(),
        label: r.label.clone(),
        changes: serde_json::from_str(&r.changes).unwrap_or(serde_json::Value::Null),
    }
}
