//! The signed-in user's own profile (`/me`). Reading `me` and changing the
//! password belong to the session (`admin/api.rs`).

use crate::admin::api::{Res, Session};
use serde::Serialize;
use yass_shared_types::users::Me;

/// The fields a user may change about themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileUpdate {
    pub display_name: String,
    pub emails: Vec<String>,
}

pub async fn update(s: &Session, input: &ProfileUpdate) -> Res<Me> {
    s.patch(&s.url("/me"), input).await
}
