//! Platform admins (the city's administrators): list, add, rename,
//! disable or enable. A platform admin's own password change is the
//! session's (`Session::change_password`).

use crate::admin::api::{Res, Session};
use yass_shared_types::users::{CreateUser, UpdatePlatformAdmin, User};

pub async fn list(s: &Session) -> Res<Vec<User>> {
    s.get("/api/v1/platform-admins").await
}

pub async fn create(s: &Session, input: &CreateUser) -> Res<User> {
    s.post("/api/v1/platform-admins", input).await
}

pub async fn update(s: &Session, id: i64, change: &UpdatePlatformAdmin) -> Res<User> {
    s.patch(&format!("/api/v1/platform-admins/{id}"), change)
        .await
}
