//! The navigation tree as editors see it (hidden items too).

use crate::admin::api::{Res, Session};
use yass_shared_types::content::{NavItem, NavItemInput, NavItemPatch, NavMove};

pub async fn tree(s: &Session) -> Res<Vec<NavItem>> {
    s.get(&s.url("/manage/nav")).await
}

pub async fn create(s: &Session, input: &NavItemInput) -> Res<NavItem> {
    s.post(&s.url("/nav"), input).await
}

pub async fn update(s: &Session, id: i64, patch: &NavItemPatch) -> Res<NavItem> {
    s.patch(&s.url(&format!("/nav/{id}")), patch).await
}

/// Moves an item; the answer is the whole new tree.
pub async fn move_item(s: &Session, id: i64, to: &NavMove) -> Res<Vec<NavItem>> {
    s.post(&s.url(&format!("/nav/{id}/move")), to).await
}

/// What happens to the sub-items of a deleted item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Children {
    /// They move up to the deleted item's place.
    Lift,
    /// They are deleted with it.
    Delete,
}

impl Children {
    fn as_query(self) -> &'static str {
        match self {
            Children::Lift => "lift",
            Children::Delete => "delete",
        }
    }
}

/// Deletes an item without sub-items.
pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/nav/{id}")), None).await
}

/// Deletes an item that has sub-items, saying what becomes of them.
pub async fn delete_with(s: &Session, id: i64, children: Children) -> Res<()> {
    let url = s.url(&format!("/nav/{id}?children={}", children.as_query()));
    s.exec("DELETE", &url, None).await
}
