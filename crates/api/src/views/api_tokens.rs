//! Api tokens as the API shows them.

use crate::storage::api_tokens::{TokenRow, scope};
use crate::storage::utc;
use yass_shared_types::auth::ApiToken;

pub fn to_dto(t: &TokenRow) -> ApiToken {
    ApiToken {
        id: t.id,
        name: t.name.clone(),
        scope: scope(t),
        owner_user_id: t.owner_user_id,
        created_at: utc(t.created_at),
        expires_at: t.expires_at.map(utc),
        last_used_at: t.last_used_at.map(utc),
        revoked: t.revoked_at.is_some(),
    }
}
