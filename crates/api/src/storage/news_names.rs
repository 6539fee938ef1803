//! What a news list or item shows besides its own row — category and group
//! names, tag names, attachment counts — in one statement: a `UNION ALL` of
//! four small selects in one shape `(kind, owner, label, n)`. A cold list
//! or item costs one round trip for all of it instead of five (issue 18).

use super::SiteId;
use super::entities::{attachments, groups, news_categories, news_tags, tags};
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait};
use std::collections::HashMap;

/// Names and counts for a batch of news items.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NewsNames {
    pub categories: HashMap<i64, String>,
    pub groups: HashMap<i64, String>,
    /// Tag names per item, sorted.
    pub tags: HashMap<i64, Vec<String>>,
    pub attachments: HashMap<i64, u64>,
}

/// One branch of the union: a constant kind, an owner id, a label and a
/// number. Constants are written into the SQL (not bound): PostgreSQL
/// cannot type a bound parameter that only a `UNION` gives a column.
fn branch(kind: &str, owner: Expr, label: Expr, n: Expr) -> SelectStatement {
    Query::select()
        .expr_as(Expr::cust(format!("'{kind}'")), Alias::new("kind"))
        .expr_as(owner, Alias::new("owner"))
        .expr_as(label, Alias::new("label"))
        .expr_as(n, Alias::new("n"))
        .to_owned()
}

/// Category and group names of the site, and the tags and attachment counts
/// of `news_ids`, in one statement.
pub async fn of_news(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    news_ids: &[i64],
) -> ApiResult<NewsNames> {
    let zero = || Expr::cust("0");
    let mut q = branch(
        "c",
        Expr::col((news_categories::Entity, news_categories::Column::Id)),
        Expr::col((news_categories::Entity, news_categories::Column::Name)),
        zero(),
    )
    .from(news_categories::Entity)
    .and_where(news_categories::Column::SiteId.eq(site_id))
    .to_owned();
    q.union(
        UnionType::All,
        branch(
            "g",
            Expr::col((groups::Entity, groups::Column::Id)),
            Expr::col((groups::Entity, groups::Column::Name)),
            zero(),
        )
        .from(groups::Entity)
        .and_where(groups::Column::SiteId.eq(site_id))
        .to_owned(),
    );
    if !news_ids.is_empty() {
        let ids = || news_ids.iter().copied();
        q.union(
            UnionType::All,
            branch(
                "t",
                Expr::col((news_tags::Entity, news_tags::Column::NewsId)),
                Expr::col((tags::Entity, tags::Column::Name)),
                zero(),
            )
            .from(news_tags::Entity)
            .inner_join(
                tags::Entity,
                Expr::col((tags::Entity, tags::Column::Id))
                    .equals((news_tags::Entity, news_tags::Column::TagId)),
            )
            .and_where(Expr::col((tags::Entity, tags::Column::SiteId)).eq(Expr::val(site_id)))
            .and_where(Expr::col((news_tags::Entity, news_tags::Column::NewsId)).is_in(ids()))
            .to_owned(),
        );
        q.union(
            UnionType::All,
            branch(
                "a",
                Expr::col((attachments::Entity, attachments::Column::OwnerId)),
                Expr::cust("''"),
                Expr::col((attachments::Entity, attachments::Column::Id)).count(),
            )
            .from(attachments::Entity)
            .and_where(attachments::Column::SiteId.eq(site_id))
            .and_where(attachments::Column::OwnerKind.eq(super::attachments::NEWS))
            .and_where(attachments::Column::OwnerId.is_in(ids()))
            .group_by_col((attachments::Entity, attachments::Column::OwnerId))
            .to_owned(),
        );
    }
    let mut out = NewsNames::default();
    for row in db.query_all(&q).await? {
        let kind: String = row.try_get("", "kind")?;
        let owner: i64 = row.try_get("", "owner")?;
        let label: String = row.try_get("", "label")?;
        // A count is BIGINT everywhere; a bare `0` is INTEGER on PostgreSQL
        // when no count branch ran.
        let n: i64 = row
            .try_get::<i64>("", "n")
            .or_else(|_| row.try_get::<i32>("", "n").map(i64::from))?;
        match kind.as_str() {
            "c" => {
                out.categories.insert(owner, label);
            }
            "g" => {
                out.groups.insert(owner, label);
            }
            "t" => out.tags.entry(owner).or_default().push(label),
            _ => {
                out.attachments.insert(owner, u64::try_from(n).unwrap_or(0));
            }
        }
    }
    for v in out.tags.values_mut() {
        v.sort();
    }
    Ok(out)
}
