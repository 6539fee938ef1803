//! News categories (the list is public; changes are for site admins).

use crate::admin::api::{Res, Session};
use yass_shared_types::content::{Category, CategoryInput, CategoryPatch};

pub async fn list(s: &Session) -> Res<Vec<Category>> {
    s.get(&s.url("/news/categories")).await
}

pub async fn create(s: &Session, input: &CategoryInput) -> Res<Category> {
    s.post(&s.url("/news/categories"), input).await
}

/// Renames or re-orders one category.
pub async fn update(s: &Session, id: i64, patch: &CategoryPatch) -> Res<Category> {
    s.patch(&s.url(&format!("/news/categories/{id}")), patch)
        .await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/news/categories/{id}")), None)
        .await
}
