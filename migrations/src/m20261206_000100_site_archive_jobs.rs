//! Site archive jobs (issue 17): an export or import started from the
//! platform admin screen runs in the background on one instance and writes
//! its progress here, so any instance can report it; an export's file waits
//! here for its download (by a one-time secret) until it expires.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SiteArchiveJobs::Table)
                .col(id(SiteArchiveJobs::Id))
                .col(text_len(SiteArchiveJobs::Kind, 10))
                .col(text_len(SiteArchiveJobs::State, 10))
                .col(text_len(SiteArchiveJobs::SiteSlug, 100))
                .col(fk_null(SiteArchiveJobs::SiteId))
                .col(long_text(SiteArchiveJobs::Message))
                .col(big(SiteArchiveJobs::Bytes, 0))
                .col(text_len_null(SiteArchiveJobs::FileName, 64))
                .col(text_len_null(SiteArchiveJobs::DownloadTokenHash, 64))
                .col(fk_null(SiteArchiveJobs::UserId))
                .col(text_len(SiteArchiveJobs::ActorName, 200))
                .col(time(SiteArchiveJobs::CreatedAt))
                .col(time(SiteArchiveJobs::UpdatedAt))
                .col(time_null(SiteArchiveJobs::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_site_archive_jobs_updated",
            SiteArchiveJobs::Table,
            vec![SiteArchiveJobs::UpdatedAt.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SiteArchiveJobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SiteArchiveJobs {
    Table,
    Id,
    Kind,
    State,
    SiteSlug,
    SiteId,
    Message,
    Bytes,
    FileName,
    DownloadTokenHash,
    UserId,
    ActorName,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}
