//! Site archive jobs: started by a platform admin, run in the background on
//! one instance, reported from the database by any.

use super::audit::Author;
use super::entities::site_archive_jobs as jobs;
use crate::error::ApiResult;
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

pub use jobs::Model as JobRow;

pub const EXPORT: &str = "export";
pub const IMPORT: &str = "import";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

pub struct NewJob<'a> {
    pub kind: &'static str,
    pub site_slug: &'a str,
    pub site_id: Option<i64>,
    pub file_name: Option<String>,
    pub download_token_hash: Option<String>,
}

pub async fn start(db: &impl ConnectionTrait, n: NewJob<'_>, author: &Author) -> ApiResult<JobRow> {
    Ok(jobs::ActiveModel {
        kind: Set(n.kind.to_string()),
        state: Set(RUNNING.to_string()),
        site_slug: Set(n.site_slug.chars().take(100).collect()),
        site_id: Set(n.site_id),
        message: Set(String::new()),
        bytes: Set(0),
        file_name: Set(n.file_name),
        download_token_hash: Set(n.download_token_hash),
        user_id: Set(author.user_id),
        actor_name: Set(author.name.chars().take(200).collect()),
        created_at: Set(author.at),
        updated_at: Set(author.at),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A progress line (or only a heartbeat, with `None`): the job still runs.
pub async fn progress(
    db: &impl ConnectionTrait,
    id: i64,
    message: Option<&str>,
    at: NaiveDateTime,
) -> ApiResult<()> {
    let mut q = jobs::Entity::update_many().col_expr(jobs::Column::UpdatedAt, Expr::value(at));
    if let Some(m) = message {
        q = q.col_expr(jobs::Column::Message, Expr::value(m.to_string()));
    }
    q.filter(jobs::Column::Id.eq(id))
        .filter(jobs::Column::State.eq(RUNNING))
        .exec(db)
        .await?;
    Ok(())
}

pub struct Finished<'a> {
    pub ok: bool,
    pub message: &'a str,
    pub site_id: Option<i64>,
    pub bytes: u64,
}

pub async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    f: Finished<'_>,
    at: NaiveDateTime,
) -> ApiResult<()> {
    let mut q = jobs::Entity::update_many()
        .col_expr(
            jobs::Column::State,
            Expr::value(if f.ok { DONE } else { FAILED }),
        )
        .col_expr(jobs::Column::Message, Expr::value(f.message.to_string()))
        .col_expr(
            jobs::Column::Bytes,
            Expr::value(i64::try_from(f.bytes).unwrap_or(i64::MAX)),
        )
        .col_expr(jobs::Column::UpdatedAt, Expr::value(at))
        .col_expr(jobs::Column::FinishedAt, Expr::value(Some(at)));
    if f.site_id.is_some() {
        q = q.col_expr(jobs::Column::SiteId, Expr::value(f.site_id));
    }
    q.filter(jobs::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<JobRow>> {
    Ok(jobs::Entity::find_by_id(id).one(db).await?)
}

/// The newest jobs first.
pub async fn recent(db: &impl ConnectionTrait, limit: u64) -> ApiResult<Vec<JobRow>> {
    Ok(jobs::Entity::find()
        .order_by_desc(jobs::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Jobs that say they run but have not moved since `before`: their
/// instance stopped. They are marked failed (every instance may do this:
/// the update is idempotent).
pub async fn fail_stalled(
    db: &impl ConnectionTrait,
    before: NaiveDateTime,
    at: NaiveDateTime,
) -> ApiResult<u64> {
    Ok(jobs::Entity::update_many()
        .col_expr(jobs::Column::State, Expr::value(FAILED))
        .col_expr(
            jobs::Column::Message,
            Expr::value("The instance running this job stopped; start it again."),
        )
        .col_expr(jobs::Column::FinishedAt, Expr::value(Some(at)))
        .filter(jobs::Column::State.eq(RUNNING))
        .filter(jobs::Column::UpdatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Forgets the files of jobs finished before `files_before` (returning
/// their names, for the caller to remove) and the jobs themselves after
/// `rows_before`.
pub async fn expire(
    db: &impl ConnectionTrait,
    files_before: NaiveDateTime,
    rows_before: NaiveDateTime,
) -> ApiResult<Vec<String>> {
    let old: Vec<JobRow> = jobs::Entity::find()
        .filter(jobs::Column::FinishedAt.lt(files_before))
        .filter(jobs::Column::FileName.is_not_null())
        .all(db)
        .await?;
    let names = old.iter().filter_map(|j| j.file_name.clone()).collect();
    jobs::Entity::update_many()
        .col_expr(jobs::Column::FileName, Expr::value(None::<String>))
        .col_expr(jobs::Column::DownloadTokenHash, Expr::value(None::<String>))
        .filter(jobs::Column::Id.is_in(old.iter().map(|j| j.id)))
        .exec(db)
        .await?;
    jobs::Entity::delete_many()
        .filter(jobs::Column::FinishedAt.lt(rows_before))
        .exec(db)
        .await?;
    Ok(names)
}
