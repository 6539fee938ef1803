//! Groups of a site and memberships.

use super::entities::{groups, user_groups};
use crate::error::ApiResult;
use crate::rules::permissions::GroupInfo;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use yass_shared_types::users::{Group, GroupKind};

pub use groups::Model as GroupRow;

pub async fn list(db: &impl ConnectionTrait, site_id: i64) -> ApiResult<Vec<GroupRow>> {
    Ok(groups::Entity::find()
        .filter(groups::Column::SiteId.eq(site_id))
        .order_by_asc(groups::Column::SortOrder)
        .order_by_asc(groups::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, site_id: i64, id: i64) -> ApiResult<Option<GroupRow>> {
    Ok(groups::Entity::find_by_id(id)
        .filter(groups::Column::SiteId.eq(site_id))
        .one(db)
        .await?)
}

pub fn kind(row: &GroupRow) -> GroupKind {
    GroupKind::parse(&row.kind).unwrap_or(GroupKind::Normal)
}

pub fn infos(rows: &[GroupRow]) -> Vec<GroupInfo> {
    rows.iter()
        .map(|g| GroupInfo {
            id: g.id,
            parent_id: g.parent_id,
            kind: kind(g),
        })
        .collect()
}

/// Direct members per group of the site.
pub async fn member_counts(
    db: &impl ConnectionTrait,
    site_id: i64,
) -> ApiResult<HashMap<i64, u64>> {
    let rows: Vec<(i64, i64)> = user_groups::Entity::find()
        .select_only()
        .column(user_groups::Column::GroupId)
        .column_as(Expr::col(user_groups::Column::UserId).count(), "n")
        .inner_join_groups()
        .filter(groups::Column::SiteId.eq(site_id))
        .group_by(user_groups::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(g, n)| (g, n as u64)).collect())
}

pub fn to_dto(g: &GroupRow, members: u64) -> Group {
    Group {
        id: g.id,
        name: g.name.clone(),
        kind: kind(g),
        parent_id: g.parent_id,
        order: g.sort_order,
        member_count: members,
    }
}

/// Joins without a declared relation (entities stay one table each).
trait JoinGroups {
    fn inner_join_groups(self) -> Self;
}

impl JoinGroups for sea_orm::Select<user_groups::Entity> {
    fn inner_join_groups(self) -> Self {
        self.join(
            sea_orm::JoinType::InnerJoin,
            sea_orm::RelationDef::from(
                user_groups::Entity::belongs_to(groups::Entity)
                    .from(user_groups::Column::GroupId)
                    .to(groups::Column::Id),
            ),
        )
    }
}
