//! The site's group tree.

use crate::admin::api::{Res, Session};
use yass_shared_types::users::{CreateGroup, Group, UpdateGroup};

pub async fn list(s: &Session) -> Res<Vec<Group>> {
    s.get(&s.url("/groups")).await
}

pub async fn create(s: &Session, input: &CreateGroup) -> Res<Group> {
    s.post(&s.url("/groups"), input).await
}

/// Changes only the fields set in `patch` (name, kind, parent, order).
pub async fn update(s: &Session, id: i64, patch: &UpdateGroup) -> Res<Group> {
    s.patch(&s.url(&format!("/groups/{id}")), patch).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/groups/{id}")), None)
        .await
}
