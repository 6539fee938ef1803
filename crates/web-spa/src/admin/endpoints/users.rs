//! The site's user accounts and their effective rights.

use crate::admin::api::{Res, Session};
use yass_shared_types::Paged;
use yass_shared_types::users::{CreateUser, EffectiveRights, UpdateUser, User};

/// How many users one page of the list shows.
const PER_PAGE: u32 = 50;

pub async fn list(s: &Session, page: u64) -> Res<Paged<User>> {
    let url = format!("{}?page={page}&per_page={PER_PAGE}", s.url("/users"));
    s.get(&url).await
}

/// Every user of the site, page after page (a filter's list of people).
pub async fn all(s: &Session) -> Res<Vec<User>> {
    let mut first = list(s, 1).await?;
    for page in 2..=first.pages {
        first.items.extend(list(s, page).await?.items);
    }
    Ok(first.items)
}

pub async fn create(s: &Session, input: &CreateUser) -> Res<User> {
    s.post(&s.url("/users"), input).await
}

pub async fn update(s: &Session, id: i64, patch: &UpdateUser) -> Res<User> {
    s.patch(&s.url(&format!("/users/{id}")), patch).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/users/{id}")), None)
        .await
}

/// What the user may do, with the groups that grant it.
pub async fn rights(s: &Session, id: i64) -> Res<EffectiveRights> {
    s.get(&s.url(&format!("/users/{id}/rights"))).await
}
