//! Native calendar events of a site, and the site's Google Calendar embed.

use super::entities::{calendar_events as events, sites};
use super::sites::SiteRow;
use super::{SiteId, SiteTx, utc};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder,
};
use yass_shared_types::content::EventWhen;

pub use events::Model as EventRow;

/// Events overlapping the days `from..=to`: all-day events by date, timed
/// events by the instants `[range_start, range_end)` of those days (in the
/// site's zone, computed by the caller).
pub async fn overlapping(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    from: NaiveDate,
    to: NaiveDate,
    range_start: DateTime<Utc>,
    range_end: DateTime<Utc>,
) -> ApiResult<Vec<EventRow>> {
    let all_day = Condition::all()
        .add(events::Column::AllDay.eq(true))
        .add(events::Column::StartDate.lte(to))
        .add(events::Column::EndDate.gte(from));
    let timed = Condition::all()
        .add(events::Column::AllDay.eq(false))
        .add(events::Column::StartAt.lt(range_end.naive_utc()))
        .add(
            // An instant event at exactly range_start still belongs to the range.
            Condition::any()
                .add(events::Column::EndAt.gt(range_start.naive_utc()))
                .add(events::Column::StartAt.gte(range_start.naive_utc())),
        );
    let mut rows = events::Entity::find()
        .filter(events::Column::SiteId.eq(site_id))
        .filter(Condition::any().add(all_day).add(timed))
        .order_by_asc(events::Column::Id)
        .all(db)
        .await?;
    rows.sort_by_key(sort_key);
    Ok(rows)
}

pub async fn all(db: &impl ConnectionTrait, site_id: SiteId) -> ApiResult<Vec<EventRow>> {
    let mut rows = events::Entity::find()
        .filter(events::Column::SiteId.eq(site_id))
        .all(db)
        .await?;
    rows.sort_by_key(sort_key);
    Ok(rows)
}

pub async fn get(
    db: &impl ConnectionTrait,
    site_id: SiteId,
    id: i64,
) -> ApiResult<Option<EventRow>> {
    super::of_site::find_of_site::<events::Entity>(db, site_id, id).await
}

/// An event as an admin saves it (fields already validated).
pub struct Edit<'a> {
    pub title: &'a str,
    pub location: Option<&'a str>,
    pub description: Option<&'a str>,
    pub when: &'a EventWhen,
    pub at: NaiveDateTime,
}

/// Stores an event (a new one when `existing` is `None`). An existing row
/// of another site is `NotFound`.
pub async fn save(tx: &SiteTx, existing: Option<&EventRow>, e: Edit<'_>) -> ApiResult<EventRow> {
    let mut row = match existing {
        Some(x) if x.site_id != tx.site().get() => return Err(ApiError::NotFound),
        Some(x) => events::ActiveModel::from(x.clone()),
        None => events::ActiveModel {
            site_id: Set(tx.site().get()),
            created_at: Set(e.at),
            ..Default::default()
        },
    };
    row.title = Set(e.title.into());
    row.location = Set(e.location.map(String::from));
    row.description = Set(e.description.map(String::from));
    row.updated_at = Set(e.at);
    set_when(&mut row, e.when);
    let saved = super::site_tx::write_public_row(tx, "calendar_event", existing, row).await?;
    tx.public_content_changed();
    Ok(saved)
}

/// Deletes an event; one of another site, or none, is `NotFound`.
pub async fn delete(tx: &SiteTx, id: i64) -> ApiResult<()> {
    let row = super::site_tx::delete_public_row::<events::Entity>(tx, "calendar_event", id).await?;
    let (id, label) = (row.id, row.title.clone());
    let payload = super::trash_bin::Payload::CalendarEvent { row };
    super::trash_bin::put(
        tx,
        super::trash_bin::Entry::admins_only(id, &label, payload),
    )
    .await
}

/// Sets (or with `None` removes) the transaction's site's Google Calendar
/// embed URL, already checked; returns the site row as stored.
pub async fn set_google_calendar(
    tx: &SiteTx,
    url: Option<String>,
    at: NaiveDateTime,
) -> ApiResult<SiteRow> {
    let before = sites::Entity::find_by_id(tx.site().get())
        .one(tx.conn())
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut row = sites::ActiveModel::from(before.clone());
    row.google_calendar_url = Set(url);
    row.updated_at = Set(at);
    let after = row.update(tx.conn()).await?;
    tx.record(super::audit::updated("site", &before, &after));
    tx.public_content_changed();
    Ok(after)
}

/// Chronological: an all-day event sorts at the start of its (Taipei) day.
fn sort_key(e: &EventRow) -> (chrono::NaiveDateTime, i64) {
    let start = match (e.start_date, e.start_at) {
        (Some(d), _) if e.all_day => {
            yass_shared_types::time::taipei_to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default())
        }
        (_, Some(t)) => t,
        _ => chrono::NaiveDateTime::default(),
    };
    (start, e.id)
}

pub fn when(e: &EventRow) -> EventWhen {
    // Unreachable with rows written by the API; show something sane.
    stored_when(e).unwrap_or(EventWhen::Timed {
        start: utc(e.created_at),
        end: utc(e.created_at),
    })
}

/// The event's time as its row holds it: a whole-day range or a timed one,
/// none when its columns are neither (a row the API never writes; an
/// archive's rows are checked with this).
pub(in crate::storage) fn stored_when(e: &EventRow) -> Option<EventWhen> {
    match (e.all_day, e.start_date, e.end_date, e.start_at, e.end_at) {
        (true, Some(start), Some(end), _, _) => Some(EventWhen::AllDay { start, end }),
        (false, _, _, Some(start), Some(end)) => Some(EventWhen::Timed {
            start: utc(start),
            end: utc(end),
        }),
        _ => None,
    }
}

/// Sets the date/time columns of `row` from `when`, clearing the other kind.
pub(in crate::storage) fn set_when(row: &mut events::ActiveModel, when: &EventWhen) {
    match when {
        EventWhen::AllDay { start, end } => {
            row.all_day = Set(true);
            row.start_date = Set(Some(*start));
            row.end_date = Set(Some(*end));
            row.start_at = Set(None);
            row.end_at = Set(None);
        }
        EventWhen::Timed { start, end } => {
            row.all_day = Set(false);
            row.start_date = Set(None);
            row.end_date = Set(None);
            row.start_at = Set(Some(start.naive_utc()));
            row.end_at = Set(Some(end.naive_utc()));
        }
    }
}
