//! The phone extension list (分機表).

use crate::admin::api::{Res, Session};
use yass_shared_types::content::{Extension, ExtensionInput};

pub async fn list(s: &Session) -> Res<Vec<Extension>> {
    s.get(&s.url("/extensions")).await
}

pub async fn create(s: &Session, input: &ExtensionInput) -> Res<Extension> {
    s.post(&s.url("/extensions"), input).await
}

pub async fn update(s: &Session, id: i64, input: &ExtensionInput) -> Res<Extension> {
    s.put(&s.url(&format!("/extensions/{id}")), input).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/extensions/{id}")), None)
        .await
}
