//! The history of a news item or a page: versions, the difference between
//! two, and "restore this version".

use crate::admin::api::{Res, Session};
use yass_shared_types::revisions::{RestoreOutcome, RevisionDiff, RevisionSummary};

/// Whose history: the path segment of the item's resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    News(i64),
    Page(i64),
}

impl Item {
    fn path(self) -> String {
        match self {
            Item::News(id) => format!("/news/{id}/revisions"),
            Item::Page(id) => format!("/pages/{id}/revisions"),
        }
    }
}

/// Every version, newest first.
pub async fn list(s: &Session, item: Item) -> Res<Vec<RevisionSummary>> {
    s.get(&s.url(&item.path())).await
}

pub async fn diff(s: &Session, item: Item, from: u32, to: u32) -> Res<RevisionDiff> {
    s.get(&s.url(&format!("{}/{from}/diff/{to}", item.path())))
        .await
}

/// Saves version `number` as the newest.
pub async fn restore(s: &Session, item: Item, number: u32) -> Res<RestoreOutcome> {
    s.post(
        &s.url(&format!("{}/{number}/restore", item.path())),
        &serde_json::json!({}),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::Item;

    #[test]
    fn news_and_pages_have_their_own_history() {
        assert_eq!(Item::News(3).path(), "/news/3/revisions");
        assert_eq!(Item::Page(4).path(), "/pages/4/revisions");
    }
}
