//! Platform announcements: shown on every school's homepage while visible.

use super::entities::announcements as ann;
use super::utc;
use crate::error::ApiResult;
use crate::rules::html::SanitizedHtml;
use crate::rules::window;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use yass_shared_types::content::Announcement;

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

/// Visible at `now` (`visible_from <= now < visible_until`), newest first.
pub async fn visible_announcements(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Announcement>> {
    let n = now.naive_utc();
    let rows = ann::Entity::find()
        .filter(
            Condition::all()
                .add(
                    Condition::any()
                        .add(ann::Column::VisibleFrom.is_null())
                        .add(ann::Column::VisibleFrom.lte(n)),
                )
                .add(
                    Condition::any()
                        .add(ann::Column::VisibleUntil.is_null())
                        .add(ann::Column::VisibleUntil.gt(n)),
                ),
        )
        .order_by_desc(ann::Column::Id)
        .all(db)
        .await?;
    // The SQL filter and the rule agree; the rule is the one that is tested.
    Ok(rows
        .iter()
        .map(to_dto)
        .filter(|a| window::is_open(a.visible_from, a.visible_until, now))
        .collect())
}

/// When the set of visible announcements next changes (for cache lifetimes).
pub async fn next_change(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> ApiResult<Option<DateTime<Utc>>> {
    let n = now.naive_utc();
    let rows = ann::Entity::find()
        .filter(
            Condition::any()
                .add(ann::Column::VisibleFrom.gt(n))
                .add(ann::Column::VisibleUntil.gt(n)),
        )
        .all(db)
        .await?;
    Ok(window::next_change(
        rows.iter()
            .map(|r| (r.visible_from.map(utc), r.visible_until.map(utc))),
        now,
    ))
}

pub fn to_dto(a: &AnnouncementRow) -> Announcement {
    Announcement {
        id: a.id,
        title: a.title.clone(),
        body: SanitizedHtml::from_stored(a.body.clone()),
        visible_from: a.visible_from.map(utc),
        visible_until: a.visible_until.map(utc),
    }
}
