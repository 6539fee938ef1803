//! Tags of a site, attached to news items and pages.

use super::entities::{news_tags, page_tags, tags};
use super::{SiteId, SiteTx};
use crate::error::ApiResult;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// Ids of `names`, creating the missing ones. Matches ignore case, as
/// MariaDB's collation does, so all databases agree on what already exists.
async fn ensure(tx: &SiteTx, names: &[String]) -> ApiResult<Vec<i64>> {
    let (db, site_id) = (tx.conn(), tx.site());
    if names.is_empty() {
        return Ok(vec![]);
    }
    let existing = tags::Entity::find()
        .filter(tags::Column::SiteId.eq(site_id))
        .filter(tags::Column::Name.is_in(names.iter().cloned()))
        .all(db)
        .await?;
    let mut ids = Vec::with_capacity(names.len());
    for n in names {
        let found = existing.iter().find(|t| t.name == *n).or_else(|| {
            existing
                .iter()
                .find(|t| t.name.to_lowercase() == n.to_lowercase())
        });
        let id = match found {
            Some(t) => t.id,
            None => {
                tags::ActiveModel {
                    site_id: Set(site_id.get()),
                    name: Set(n.clone()),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Records a change of an item's tags, when there is one.
fn record_tags(tx: &SiteTx, kind: &'static str, id: i64, mut old: Vec<String>, new: &[String]) {
    let mut new = new.to_vec();
    old.sort();
    new.sort();
    new.dedup();
    if old != new {
        let changes = serde_json::json!({"before": {"tags": old}, "after": {"tags": new}});
        tx.record(super::audit::other(kind, Some(id), "update", "", changes).side_effect());
    }
}

/// Replaces a news item's tags.
pub async fn set_for_news(tx: &SiteTx, news_id: i64, names: &[String]) -> ApiResult<()> {
    let old = of_news(tx.conn(), tx.site(), &[news_id])
        .await?
        .remove(&news_id)
        .unwrap_or_default();
    record_tags(tx, "news", news_id, old, names);
    news_tags::Entity::delete_many()
        .filter(news_tags::Column::NewsId.eq(news_id))
        .exec(tx.conn())
        .await?;
    for tag_id in ensure(tx, names).await? {
        news_tags::ActiveModel {
            news_id: Set(news_id),
            tag_id: Set(tag_id),
        }
        .insert(tx.conn())
        .await?;
    }
    tx.public_content_changed();
    Ok(())
}

/// Replaces a page's tags.
pub async fn set_for_page(tx: &SiteTx, page_id: i64, names: &[String]) -> ApiResult<()> {
    let old = of_page(tx.conn(), tx.site(), page_id).await?;
    record_tags(tx, "page", page_id, old, names);
    page_tags::Entity::delete_many()
        .filter(page_tags::Column::PageId.eq(page_id))
        .exec(tx.conn())
        .await?;
    for tag_id in ensure(tx, names).await? {
        page_tags::ActiveModel {
            page_id: Set(page_id),
            tag_id: Set(tag_id),
        }
        .insert(tx.conn())
        .await?;
    }
    tx.public_content_changed();
    Ok(())
}

async fn names_by_id(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    tag_ids: Vec<i64>,
) -> ApiResult<HashMap<i64, String>> {
    if tag_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(tags::Entity::find()
        .filter(tags::Column::SiteId.eq(site_id))
        .filter(tags::Column::Id.is_in(tag_ids))
        .order_by_asc(tags::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

/// Tag names of each of `news_ids`, in two queries.
pub async fn of_news(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    news_ids: &[i64],
) -> ApiResult<HashMap<i64, Vec<String>>> {
    if news_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let links = news_tags::Entity::find()
        .filter(news_tags::Column::NewsId.is_in(news_ids.iter().copied()))
        .all(db)
        .await?;
    let names = names_by_id(db, site_id, links.iter().map(|l| l.tag_id).collect()).await?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for l in links {
        if let Some(n) = names.get(&l.tag_id) {
            out.entry(l.news_id).or_default().push(n.clone());
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    Ok(out)
}

/// Tag names of one page.
pub async fn of_page(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    page_id: i64,
) -> ApiResult<Vec<String>> {
    let links = page_tags::Entity::find()
        .filter(page_tags::Column::PageId.eq(page_id))
        .all(db)
        .await?;
    let names = names_by_id(db, site_id, links.iter().map(|l| l.tag_id).collect()).await?;
    let mut out: Vec<String> = names.into_values().collect();
    out.sort();
    Ok(out)
}

/// Ids of the site's tags called `name` (one, or none).
pub async fn ids_named(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    name: &str,
) -> ApiResult<Vec<i64>> {
    Ok(tags::Entity::find()
        .filter(tags::Column::SiteId.eq(site_id))
        .filter(tags::Column::Name.eq(name.trim()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect())
}
