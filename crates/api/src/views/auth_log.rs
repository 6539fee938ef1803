//! Sign-in events (登入紀錄) as the API shows them.

use crate::storage::auth::AuthEventRow;
use crate::storage::utc;
use yass_shared_types::auth::{AuthEvent, AuthEventKind};

pub fn to_dto(r: AuthEventRow) -> AuthEvent {
    AuthEvent {
        id: r.id,
        at: utc(r.at),
        kind: AuthEventKind::parse(&r.kind).unwrap_or(AuthEventKind::Login),
        account: r.account,
        user_id: r.user_id,
        client_addr: r.client_addr,
    }
}

/// Events in the order storage read them.
pub fn to_dtos(rows: Vec<AuthEventRow>) -> Vec<AuthEvent> {
    rows.into_iter().map(to_dto).collect()
}
