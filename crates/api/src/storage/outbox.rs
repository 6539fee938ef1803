//! The mail outbox: a message is a row written in the same transaction as
//! the change it tells about (an application, a decision, a set-up link),
//! so no mail is lost when the sender is down and none goes out for a change
//! that was rolled back. Any instance sends: it claims a due row with one
//! conditional update (only one instance can win it), sends, and marks it
//! sent — or puts it back with a later attempt time when SMTP fails.

use super::entities::mail_outbox as outbox;
use crate::error::ApiResult;
use chrono::{NaiveDateTime, TimeDelta};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

pub type OutboxRow = outbox::Model;

/// A message to send: what it is, to whom, and both bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Queues a message (on the transaction of the change it belongs to).
pub async fn enqueue(db: &impl ConnectionTrait, m: Mail, now: NaiveDateTime) -> ApiResult<i64> {
    let row = outbox::ActiveModel {
        kind: Set(m.kind.into()),
        to_address: Set(m.to),
        subject: Set(m.subject),
        body_text: Set(Some(m.text)),
        body_html: Set(Some(m.html)),
        created_at: Set(now),
        next_attempt_at: Set(now),
        attempts: Set(0),
        claimed_until: Set(None),
        claimed_by: Set(None),
        sent_at: Set(None),
        gave_up_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Neither sent nor given up, due now, and held by no live claim.
fn claimable(now: NaiveDateTime) -> Condition {
    Condition::all()
        .add(outbox::Column::SentAt.is_null())
        .add(outbox::Column::GaveUpAt.is_null())
        .add(outbox::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now)),
        )
}

/// Claims up to `max` due messages for `instance` until `now + lease`.
/// Each claim is one conditional update: when two instances race for a row,
/// one updates it and the other sees no row changed and skips it.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    instance: &str,
    now: NaiveDateTime,
    lease: TimeDelta,
    max: u64,
) -> ApiResult<Vec<OutboxRow>> {
    let ids: Vec<i64> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(claimable(now))
        .order_by_asc(outbox::Column::Id)
        .limit(max)
        .into_tuple()
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for id in ids {
        let res = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + lease))
            .col_expr(outbox::Column::ClaimedBy, Expr::value(instance))
            .filter(outbox::Column::Id.eq(id))
            .filter(claimable(now))
            .exec(db)
            .await?;
        if res.rows_affected == 1
            && let Some(row) = outbox::Entity::find_by_id(id).one(db).await?
            && row.claimed_by.as_deref() == Some(instance)
        {
            claimed.push(row);
        }
    }
    Ok(claimed)
}

/// Marks a claimed message sent and forgets its bodies (they carry links).
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i64,
    instance: &str,
    now: NaiveDateTime,
) -> ApiResult<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::BodyText,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::BodyHtml,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<NaiveDateTime>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimedBy.eq(instance))
        .exec(db)
        .await?;
    Ok(())
}

/// Puts a claimed message back after a failed attempt: tried again at
/// `retry_at`, or given up (bodies forgotten) when that is `None`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    row: &OutboxRow,
    instance: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let error: String = error.chars().take(500).collect();
    let mut q = outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(row.attempts + 1))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<NaiveDateTime>::None),
        )
        .col_expr(outbox::Column::LastError, Expr::value(error));
    q = match retry_at {
        Some(at) => q.col_expr(outbox::Column::NextAttemptAt, Expr::value(at)),
        None => q
            .col_expr(outbox::Column::GaveUpAt, Expr::value(now))
            .col_expr(
                outbox::Column::BodyText,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                outbox::Column::BodyHtml,
                Expr::value(Option::<String>::None),
            ),
    };
    q.filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::ClaimedBy.eq(instance))
        .exec(db)
        .await?;
    Ok(())
}

/// Messages waiting to be sent (for the operators' metrics and the UI).
pub async fn waiting(db: &impl ConnectionTrait) -> ApiResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::GaveUpAt.is_null())
        .count(db)
        .await?)
}

/// Drops sent or abandoned messages' rows older than `cutoff`.
pub async fn purge(db: &impl ConnectionTrait, cutoff: NaiveDateTime) -> ApiResult<u64> {
    let res = outbox::Entity::delete_many()
        .filter(
            Condition::any()
                .add(outbox::Column::SentAt.lt(cutoff))
                .add(outbox::Column::GaveUpAt.lt(cutoff)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
