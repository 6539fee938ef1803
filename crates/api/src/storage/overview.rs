//! Figures of every school at once, for the platform admins' overview: one
//! grouped query per figure, not one per school.

use super::entities::{
    attachments, audit_entries, calendar_events, extensions, links, news, pages, users,
};
use crate::error::ApiResult;
use chrono::NaiveDateTime;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Per site id: items, upload bytes, last sign-in, last change.
#[derive(Default)]
pub struct Figures {
    pub items: HashMap<i64, u64>,
    pub upload_bytes: HashMap<i64, u64>,
    pub last_sign_in: HashMap<i64, NaiveDateTime>,
    pub last_change: HashMap<i64, NaiveDateTime>,
}

async fn count_by_site<E: EntityTrait>(
    db: &impl ConnectionTrait,
    site_col: E::Column,
) -> ApiResult<Vec<(i64, i64)>>
where
    E::Column: ColumnTrait,
{
    Ok(E::find()
        .select_only()
        .column(site_col)
        .column_as(Expr::col(site_col).count(), "n")
        .group_by(site_col)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?)
}

pub async fn figures(db: &impl ConnectionTrait) -> ApiResult<Figures> {
    let mut f = Figures::default();
    let counts = [
        count_by_site::<news::Entity>(db, news::Column::SiteId).await?,
        count_by_site::<pages::Entity>(db, pages::Column::SiteId).await?,
        count_by_site::<links::Entity>(db, links::Column::SiteId).await?,
        count_by_site::<extensions::Entity>(db, extensions::Column::SiteId).await?,
        count_by_site::<calendar_events::Entity>(db, calendar_events::Column::SiteId).await?,
    ];
    for (site, n) in counts.into_iter().flatten() {
        *f.items.entry(site).or_default() += u64::try_from(n).unwrap_or(0);
    }
    // SUM of a BIGINT is NUMERIC on PostgreSQL and DECIMAL on MariaDB: cast
    // back to a 64-bit integer each engine's way.
    let int = match db.get_database_backend() {
        DbBackend::MySql => "SIGNED",
        DbBackend::Postgres => "BIGINT",
        _ => "INTEGER",
    };
    let sums: Vec<(i64, i64)> = attachments::Entity::find()
        .select_only()
        .column(attachments::Column::SiteId)
        .column_as(
            Expr::cust(format!("CAST(COALESCE(SUM(size), 0) AS {int})")),
            "bytes",
        )
        .group_by(attachments::Column::SiteId)
        .into_tuple()
        .all(db)
        .await?;
    f.upload_bytes = sums
        .into_iter()
        .map(|(s, b)| (s, u64::try_from(b).unwrap_or(0)))
        .collect();
    let logins: Vec<(Option<i64>, Option<NaiveDateTime>)> = users::Entity::find()
        .select_only()
        .column(users::Column::SiteId)
        .column_as(Expr::col(users::Column::LastLoginAt).max(), "at")
        .filter(users::Column::SiteId.is_not_null())
        .group_by(users::Column::SiteId)
        .into_tuple()
        .all(db)
        .await?;
    f.last_sign_in = logins
        .into_iter()
        .filter_map(|(s, at)| Some((s?, at?)))
        .collect();
    let changes: Vec<(Option<i64>, Option<NaiveDateTime>)> = audit_entries::Entity::find()
        .select_only()
        .column(audit_entries::Column::SiteId)
        .column_as(Expr::col(audit_entries::Column::At).max(), "at")
        .filter(audit_entries::Column::SiteId.is_not_null())
        .group_by(audit_entries::Column::SiteId)
        .into_tuple()
        .all(db)
        .await?;
    f.last_change = changes
        .into_iter()
        .filter_map(|(s, at)| Some((s?, at?)))
        .collect();
    Ok(f)
}
