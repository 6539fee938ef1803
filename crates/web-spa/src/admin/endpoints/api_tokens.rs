//! Named API tokens for integrators (`/api-tokens`).

use crate::admin::api::{Res, Session};
use yass_shared_types::auth::{ApiToken, CreateApiToken, CreatedApiToken};

pub async fn list(s: &Session) -> Res<Vec<ApiToken>> {
    s.get(&s.url("/api-tokens")).await
}

/// The answer carries the secret, shown once.
pub async fn create(s: &Session, input: &CreateApiToken) -> Res<CreatedApiToken> {
    s.post(&s.url("/api-tokens"), input).await
}

pub async fn revoke(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/api-tokens/{id}")), None)
        .await
}
