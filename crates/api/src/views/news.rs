//! News items as the API shows them: a list entry, an editor's entry, the
//! whole item.

use crate::rules::html::SanitizedHtml;
use crate::storage::attachments::AttachmentRow;
use crate::storage::news::{NewsRow, schedule};
use crate::storage::utc;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use yass_shared_types::content::{ManagedNews, News, NewsList, NewsSummary};

/// What a batch of items shows besides its own columns, read with them or
/// in one more statement (`storage::news_names`).
pub struct Names {
    pub categories: HashMap<i64, String>,
    pub groups: HashMap<i64, String>,
    pub tags: HashMap<i64, Vec<String>>,
    pub attachments: HashMap<i64, u64>,
}

impl From<crate::storage::news_names::NewsNames> for Names {
    fn from(n: crate::storage::news_names::NewsNames) -> Self {
        Names {
            categories: n.categories,
            groups: n.groups,
            tags: n.tags,
            attachments: n.attachments,
        }
    }
}

/// Where a page of the visitor list stands among all of it.
pub struct ListCounts {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub pages: u64,
    pub search_capped: bool,
}

impl Names {
    /// One page of the visitor list: the items pinned now, then the page.
    pub fn visitor_list(
        &self,
        [pinned, items]: [&[NewsRow]; 2],
        now: DateTime<Utc>,
        c: ListCounts,
    ) -> NewsList {
        NewsList {
            pinned: pinned.iter().map(|r| self.summary(r, now)).collect(),
            items: items.iter().map(|r| self.summary(r, now)).collect(),
            total: c.total,
            page: c.page,
            per_page: c.per_page,
            pages: c.pages,
            search_capped: c.search_capped,
        }
    }

    pub fn summary(&self, r: &NewsRow, now: DateTime<Utc>) -> NewsSummary {
        NewsSummary {
            id: r.id,
            title: r.title.clone(),
            category_id: r.category_id,
            category_name: r.category_id.and_then(|c| self.categories.get(&c).cloned()),
            group_id: r.group_id,
            group_name: self.groups.get(&r.group_id).cloned().unwrap_or_default(),
            display_at: utc(r.display_at),
            pinned_now: schedule(r).pinned_now(now),
            tags: self.tags.get(&r.id).cloned().unwrap_or_default(),
            attachment_count: self.attachments.get(&r.id).copied().unwrap_or(0),
        }
    }

    pub fn managed(&self, r: &NewsRow, now: DateTime<Utc>) -> ManagedNews {
        let s = schedule(r);
        ManagedNews {
            id: r.id,
            title: r.title.clone(),
            category_id: r.category_id,
            category_name: r.category_id.and_then(|c| self.categories.get(&c).cloned()),
            group_id: r.group_id,
            group_name: self.groups.get(&r.group_id).cloned().unwrap_or_default(),
            display_at: utc(r.display_at),
            visible_from: s.visible_from,
            visible_until: s.visible_until,
            pinned: r.pinned,
            pinned_from: s.pinned_from,
            pinned_until: s.pinned_until,
            draft: r.draft,
            state: s.state(now),
            pin_state: s.pin_state(now),
            tags: self.tags.get(&r.id).cloned().unwrap_or_default(),
            attachment_count: self.attachments.get(&r.id).copied().unwrap_or(0),
            updated_at: utc(r.updated_at),
        }
    }

    /// The whole item, with its attachments.
    pub fn full(
        &self,
        r: &NewsRow,
        files: &[AttachmentRow],
        slug: &str,
        now: DateTime<Utc>,
    ) -> News {
        let s = schedule(r);
        News {
            id: r.id,
            title: r.title.clone(),
            body: SanitizedHtml::from_stored(r.body.clone()),
            category_id: r.category_id,
            category_name: r.category_id.and_then(|c| self.categories.get(&c).cloned()),
            group_id: r.group_id,
            group_name: self.groups.get(&r.group_id).cloned().unwrap_or_default(),
            tags: self.tags.get(&r.id).cloned().unwrap_or_default(),
            attachments: files
                .iter()
                .map(|a| super::attachments::to_dto(slug, a))
                .collect(),
            display_at: utc(r.display_at),
            visible_from: s.visible_from,
            visible_until: s.visible_until,
            pinned: r.pinned,
            pinned_from: s.pinned_from,
            pinned_until: s.pinned_until,
            pinned_now: s.pinned_now(now),
            draft: r.draft,
            state: s.state(now),
            created_by: r.created_by,
            updated_by: r.updated_by,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

/// List entries for several sets of rows (the homepage's pinned and latest
/// news) and the names read with them.
pub fn summaries<const N: usize>(
    names: crate::storage::news_names::NewsNames,
    sets: [&[NewsRow]; N],
    now: DateTime<Utc>,
) -> [Vec<NewsSummary>; N] {
    let lk = Names::from(names);
    sets.map(|rows| rows.iter().map(|r| lk.summary(r, now)).collect())
}
