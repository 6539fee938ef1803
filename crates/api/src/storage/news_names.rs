//! What a news list or item shows besides its own row — category and group
//! names, tag names, attachment counts. Either as columns of the rows' own
//! select (`with_names`: four correlated scalar subqueries, no statement of
//! their own — the visitor list, the homepage, an item), or for a batch of
//! rows already read in one statement (`of_news`: a `UNION ALL` of four
//! small selects in one shape `(kind, owner, label, n)`) (issue 18).

use super::SiteId;
use super::entities::{attachments, groups, news, news_categories, news_tags, tags};
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryResult, QuerySelect};
use std::collections::HashMap;

/// Column names of the names `with_names` adds to a row.
const CATEGORY: &str = "names_category";
const GROUP: &str = "names_group";
const TAGS: &str = "names_tags";
const FILES: &str = "names_files";

/// `q`, a select of news rows, with what each row shows besides itself as
/// four more columns: its category's and group's names, its tags joined by
/// a newline, and its attachment count. Each is a scalar subquery of one
/// index probe (or range) per row; read back with `add_row`.
pub fn with_names(
    q: sea_orm::Select<news::Entity>,
    backend: DbBackend,
) -> sea_orm::Select<news::Entity> {
    let category = name_by_id(
        news_categories::Entity,
        [
            news_categories::Column::Name,
            news_categories::Column::Id,
            news_categories::Column::SiteId,
        ],
        news::Column::CategoryId,
    );
    let group = name_by_id(
        groups::Entity,
        [
            groups::Column::Name,
            groups::Column::Id,
            groups::Column::SiteId,
        ],
        news::Column::GroupId,
    );
    // Joined by a newline: tags never hold control characters
    // (`rules::input::content::tags`). MariaDB's separator must be a
    // literal (its `group_concat_max_len` is 1 MB, far above 20 tags).
    let name = || Expr::col((tags::Entity, tags::Column::Name));
    let joined: Expr = match backend {
        DbBackend::MySql => Expr::cust("GROUP_CONCAT(`tags`.`name` SEPARATOR '\n')"),
        DbBackend::Postgres => Func::cust(Alias::new("string_agg"))
            .arg(name())
            .arg(Expr::cust("chr(10)"))
            .into(),
        _ => Func::cust(Alias::new("group_concat"))
            .arg(name())
            .arg(Expr::cust("char(10)"))
            .into(),
    };
    let tag_names = Query::select()
        .expr(joined)
        .from(news_tags::Entity)
        .inner_join(
            tags::Entity,
            Expr::col((tags::Entity, tags::Column::Id))
                .equals((news_tags::Entity, news_tags::Column::TagId)),
        )
        .and_where(
            Expr::col((news_tags::Entity, news_tags::Column::NewsId))
                .equals((news::Entity, news::Column::Id)),
        )
        .and_where(
            Expr::col((tags::Entity, tags::Column::SiteId))
                .equals((news::Entity, news::Column::SiteId)),
        )
        .to_owned();
    let files = Query::select()
        .expr(Expr::col((attachments::Entity, attachments::Column::Id)).count())
        .from(attachments::Entity)
        .and_where(
            Expr::col((attachments::Entity, attachments::Column::SiteId))
                .equals((news::Entity, news::Column::SiteId)),
        )
        .and_where(
            Expr::col((attachments::Entity, attachments::Column::OwnerKind))
                .eq(super::attachments::NEWS),
        )
        .and_where(
            Expr::col((attachments::Entity, attachments::Column::OwnerId))
                .equals((news::Entity, news::Column::Id)),
        )
        .to_owned();
    q.expr_as(Expr::from(category), CATEGORY)
        .expr_as(Expr::from(group), GROUP)
        .expr_as(Expr::from(tag_names), TAGS)
        .expr_as(Expr::from(files), FILES)
}

/// `SELECT table.name FROM table WHERE table.id = news.<of> AND
/// table.site_id = news.site_id`: the name of what a news row points at, as
/// a correlated scalar subquery — never another school's, whatever the row
/// holds. `[name, id, site_id]` are the table's columns.
fn name_by_id<E: sea_orm::EntityTrait>(
    table: E,
    [name, id, site]: [E::Column; 3],
    of: news::Column,
) -> SelectStatement {
    Query::select()
        .column((table, name))
        .from(table)
        .and_where(Expr::col((table, id)).equals((news::Entity, of)))
        .and_where(Expr::col((table, site)).equals((news::Entity, news::Column::SiteId)))
        .to_owned()
}

/// Adds what one row read `with_names` shows to `out`.
pub fn add_row(out: &mut NewsNames, row: &QueryResult, news: &news::Model) -> ApiResult<()> {
    if let (Some(id), Some(name)) = (
        news.category_id,
        row.try_get::<Option<String>>("", CATEGORY)?,
    ) {
        out.categories.insert(id, name);
    }
    if let Some(name) = row.try_get::<Option<String>>("", GROUP)? {
        out.groups.insert(news.group_id, name);
    }
    if let Some(joined) = row.try_get::<Option<String>>("", TAGS)? {
        let mut names: Vec<String> = joined
            .split('\n')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        names.sort();
        out.tags.insert(news.id, names);
    }
    let files: i64 = row.try_get("", FILES)?;
    if files > 0 {
        out.attachments
            .insert(news.id, u64::try_from(files).unwrap_or(0));
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{EntityTrait, QueryTrait};

    #[test]
    fn names_are_columns_of_the_rows_select_on_every_engine() {
        for (backend, joined) in [
            (
                DbBackend::Sqlite,
                r#"group_concat("tags"."name", char(10))"#,
            ),
            (DbBackend::Postgres, r#"string_agg("tags"."name", chr(10))"#),
            (
                DbBackend::MySql,
                "GROUP_CONCAT(`tags`.`name` SEPARATOR '\n')",
            ),
        ] {
            let sql = with_names(news::Entity::find(), backend)
                .build(backend)
                .to_string();
            assert!(sql.contains(joined), "{backend:?}: {sql}");
            for column in [CATEGORY, GROUP, TAGS, FILES] {
                assert!(sql.contains(column), "{backend:?}: {sql}");
            }
        }
    }
}
