//! Platform announcements: shown on every school's homepage while visible.

use super::audit::{self, Author};
use super::entities::announcements as ann;
use super::utc;
use crate::error::{ApiError, ApiResult};
use crate::rules::window;
use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

pub use ann::Model as AnnouncementRow;

pub async fn all(db: &impl ConnectionTrait) -> ApiResult<Vec<AnnouncementRow>> {
    Ok(ann::Entity::find()
        .order_by_desc(ann::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<AnnouncementRow>> {
    Ok(ann::Entity::find_by_id(id).one(db).await?)
}

/// The announcements visible at `now`, newest first, and when that set next
/// changes (one appears or goes): one statement, for the copy every
/// homepage shares.
pub async fn visible_and_next_change(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> ApiResult<(Vec<AnnouncementRow>, Option<DateTime<Utc>>)> {
    let rows = ann::Entity::find()
        .filter(
            Condition::any()
                .add(ann::Column::VisibleUntil.is_null())
                .add(ann::Column::VisibleUntil.gt(now.naive_utc())),
        )
        .order_by_desc(ann::Column::Id)
        .all(db)
        .await?;
    let next = window::next_change(
        rows.iter()
            .map(|r| (r.visible_from.map(utc), r.visible_until.map(utc))),
        now,
    );
    let visible = rows
        .into_iter()
        .filter(|a| window::is_open(a.visible_from.map(utc), a.visible_until.map(utc), now))
        .collect();
    Ok((visible, next))
}

/// An announcement as a platform admin writes it (checked and sanitised).
pub struct Edit {
    pub title: String,
    pub body: String,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
    pub at: NaiveDateTime,
}

// Platform writes have no site transaction: each writes its row and its
// audit entry (of no site) in a transaction of its own. No school's content
// version moves: homepages take the announcements from one platform-wide
// copy when served (`cache::Notices`), so a typhoon-day notice does not
// make 300 schools rebuild their homepages at once.

/// Publishes an announcement on every school's homepage.
pub async fn create(
    db: &DatabaseConnection,
    e: Edit,
    author: &Author,
) -> ApiResult<AnnouncementRow> {
    let txn = db.begin().await?;
    let row = ann::ActiveModel {
        title: Set(e.title),
        body: Set(e.body),
        visible_from: Set(e.visible_from.map(|t| t.naive_utc())),
        visible_until: Set(e.visible_until.map(|t| t.naive_utc())),
        created_at: Set(e.at),
        updated_at: Set(e.at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::insert(
        &txn,
        None,
        author,
        vec![audit::created("announcement", &row)],
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    current: AnnouncementRow,
    e: Edit,
    author: &Author,
) -> ApiResult<AnnouncementRow> {
    let txn = db.begin().await?;
    let mut row = ann::ActiveModel::from(current.clone());
    row.title = Set(e.title);
    row.body = Set(e.body);
    row.visible_from = Set(e.visible_from.map(|t| t.naive_utc()));
    row.visible_until = Set(e.visible_until.map(|t| t.naive_utc()));
    row.updated_at = Set(e.at);
    let updated = row.update(&txn).await?;
    let change = audit::updated("announcement", &current, &updated);
    audit::insert(&txn, None, author, vec![change]).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Deletes an announcement; `NotFound` when there is none.
pub async fn delete(db: &DatabaseConnection, id: i64, author: &Author) -> ApiResult<()> {
    let txn = db.begin().await?;
    let Some(row) = ann::Entity::find_by_id(id).one(&txn).await? else {
        return Err(ApiError::NotFound);
    };
    ann::Entity::delete_by_id(id).exec(&txn).await?;
    audit::insert(
        &txn,
        None,
        author,
        vec![audit::deleted("announcement", &row)],
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
