//! Links (好站連結) and link categories. Every site has one default category,
//! created on first use; it takes the links of a deleted category.

use super::SiteId;
use super::entities::{link_categories as cats, links};
use crate::error::{ApiError, ApiResult};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use yass_shared_types::content::{Link, LinkCategory};

pub use cats::Model as CategoryRow;
pub use links::Model as LinkRow;

/// Name of the default category as created; admins may rename it.
pub const DEFAULT_CATEGORY_NAME: &str = "常用連結";

pub async fn categories(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<CategoryRow>> {
    Ok(cats::Entity::find()
        .filter(cats::Column::SiteId.eq(site_id))
        .order_by_asc(cats::Column::SortOrder)
        .order_by_asc(cats::Column::Id)
        .all(db)
        .await?)
}

pub async fn category(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<CategoryRow>> {
    Ok(cats::Entity::find_by_id(id)
        .filter(cats::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

async fn find_default(
    db: &impl ConnectionTrait,
    site_id: SiteId,
) -> ApiResult<Option<CategoryRow>> {
    Ok(cats::Entity::find()
        .filter(cats::Column::SiteId.eq(site_id))
        .filter(cats::Column::IsDefault.eq(true))
        .one(db)
        .await?)
}

/// The site's default category, created if missing. Two instances creating
/// it at once meet at the unique index; the loser reads the winner's row.
pub async fn default_category(
    db: &impl ConnectionTrait,
    site_id: SiteId,
) -> ApiResult<CategoryRow> {
    if let Some(c) = find_default(db, site_id).await? {
        return Ok(c);
    }
    let inserted = cats::ActiveModel {
        site_id: Set(site_id.get()),
        name: Set(DEFAULT_CATEGORY_NAME.into()),
        sort_order: Set(0),
        is_default: Set(Some(true)),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(c) => Ok(c),
        Err(e) => match find_default(db, site_id).await? {
            Some(c) => Ok(c),
            None => Err(e.into()),
        },
    }
}

pub async fn all_links(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::SiteId.eq(site_id))
        .order_by_asc(links::Column::SortOrder)
        .order_by_asc(links::Column::Id)
        .all(db)
        .await?)
}

pub async fn homepage_links(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::SiteId.eq(site_id))
        .filter(links::Column::OnHomepage.eq(true))
        .order_by_asc(links::Column::HomepageOrder)
        .order_by_asc(links::Column::Id)
        .all(db)
        .await?)
}

pub async fn link(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<LinkRow>> {
    Ok(links::Entity::find_by_id(id)
        .filter(links::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

pub async fn links_in(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    category_id: i64,
) -> ApiResult<Vec<LinkRow>> {
    Ok(links::Entity::find()
        .filter(links::Column::SiteId.eq(site_id))
        .filter(links::Column::CategoryId.eq(category_id))
        .order_by_asc(links::Column::SortOrder)
        .order_by_asc(links::Column::Id)
        .all(db)
        .await?)
}

/// Next `sort_order` after the last link of a category.
pub async fn next_order(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    category_id: i64,
) -> ApiResult<i32> {
    Ok(crate::rules::ordering::next_order(
        links_in(db, site_id, category_id)
            .await?
            .iter()
            .map(|l| l.sort_order),
    ))
}

/// Moves every link of `from` to the end of `to` (same site), keeping order.
pub async fn move_links(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    from: i64,
    to: i64,
) -> ApiResult<()> {
    let start = next_order(db, site_id, to).await?;
    let moving = links_in(db, site_id, from).await?;
    for (i, l) in moving.into_iter().enumerate() {
        let order = start + i32::try_from(i).unwrap_or(i32::MAX - start);
        links::Entity::update_many()
            .col_expr(links::Column::CategoryId, Expr::value(to))
            .col_expr(links::Column::SortOrder, Expr::value(order))
            .filter(links::Column::SiteId.eq(site_id))
            .filter(links::Column::Id.eq(l.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Writes `sort_order` 0, 1, 2… for `ids` (checked to be the site's rows of
/// the same list by the caller).
pub async fn set_link_orders(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    ids: &[i64],
) -> ApiResult<()> {
    number_links(db, site_id, links::Column::SortOrder, ids).await
}

/// Numbers the homepage links 0, 1, 2… in the order of `ids`.
pub async fn set_homepage_orders(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    ids: &[i64],
) -> ApiResult<()> {
    number_links(db, site_id, links::Column::HomepageOrder, ids).await
}

/// Writes 0, 1, 2… into `column` of the site's links `ids`, in that order.
async fn number_links(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    column: links::Column,
    ids: &[i64],
) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        links::Entity::update_many()
            .col_expr(column, Expr::value(i32::try_from(i).unwrap_or(i32::MAX)))
            .filter(links::Column::SiteId.eq(site_id))
            .filter(links::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn set_category_orders(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    ids: &[i64],
) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        cats::Entity::update_many()
            .col_expr(
                cats::Column::SortOrder,
                Expr::value(i32::try_from(i).unwrap_or(i32::MAX)),
            )
            .filter(cats::Column::SiteId.eq(site_id))
            .filter(cats::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn delete_link(db: &impl ConnectionTrait, site_id: SiteId, id: i64) -> ApiResult<()> {
    let res = links::Entity::delete_many()
        .filter(links::Column::SiteId.eq(site_id))
        .filter(links::Column::Id.eq(id))
        .exec(db)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

pub async fn delete_category(db: &impl ConnectionTrait, site_id: SiteId, id: i64) -> ApiResult<()> {
    cats::Entity::delete_many()
        .filter(cats::Column::SiteId.eq(site_id))
        .filter(cats::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub fn to_dto(l: &LinkRow) -> Link {
    Link {
        id: l.id,
        title: l.title.clone(),
        url: l.url.clone(),
        icon_url: l.icon_url.clone(),
        category_id: l.category_id,
        group_id: l.group_id,
        order: l.sort_order,
        on_homepage: l.on_homepage,
        homepage_order: l.homepage_order,
    }
}

/// Categories in order, each with its links in order (rows come sorted).
pub fn nested(categories: &[CategoryRow], links: &[LinkRow]) -> Vec<LinkCategory> {
    categories
        .iter()
        .map(|c| LinkCategory {
            id: c.id,
            name: c.name.clone(),
            order: c.sort_order,
            is_default: c.is_default == Some(true),
            links: links
                .iter()
                .filter(|l| l.category_id == c.id)
                .map(to_dto)
                .collect(),
        })
        .collect()
}
