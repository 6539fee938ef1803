//! Platform announcements (e.g. a typhoon day off): not tenant-owned, shown
//! on every school's homepage.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Announcements::Table)
                .col(id(Announcements::Id))
                .col(text_len(Announcements::Title, 200))
                .col(long_text(Announcements::Body))
                .col(time_null(Announcements::VisibleFrom))
                .col(time_null(Announcements::VisibleUntil))
                .col(time(Announcements::CreatedAt))
                .col(time(Announcements::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_announcements_window",
            Announcements::Table,
            vec![
                Announcements::VisibleFrom.into_iden(),
                Announcements::VisibleUntil.into_iden(),
            ],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Announcements::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Announcements {
    Table,
    Id,
    Title,
    Body,
    VisibleFrom,
    VisibleUntil,
    CreatedAt,
    UpdatedAt,
}
