//! Native calendar events. All-day events keep dates (DATE columns), timed
//! events UTC datetimes: a date is not a UTC midnight (Taipei is +08:00).

use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CalendarEvents::Table)
                .col(id(CalendarEvents::Id))
                .col(fk(CalendarEvents::SiteId))
                .col(text_len(CalendarEvents::Title, 200))
                .col(flag(CalendarEvents::AllDay, false))
                .col(ColumnDef::new(CalendarEvents::StartDate).date().null())
                // Inclusive last day.
                .col(ColumnDef::new(CalendarEvents::EndDate).date().null())
                .col(time_null(CalendarEvents::StartAt))
                .col(time_null(CalendarEvents::EndAt))
                .col(text_len_null(CalendarEvents::Location, 200))
                .col(long_text_null(CalendarEvents::Description))
                .col(time(CalendarEvents::CreatedAt))
                .col(time(CalendarEvents::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CalendarEvents::Table, CalendarEvents::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_calendar_events_site_date",
            CalendarEvents::Table,
            vec![
                CalendarEvents::SiteId.into_iden(),
                CalendarEvents::StartDate.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_calendar_events_site_time",
            CalendarEvents::Table,
            vec![
                CalendarEvents::SiteId.into_iden(),
                CalendarEvents::StartAt.into_iden(),
            ],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CalendarEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CalendarEvents {
    Table,
    Id,
    SiteId,
    Title,
    AllDay,
    StartDate,
    EndDate,
    StartAt,
    EndAt,
    Location,
    Description,
    CreatedAt,
    UpdatedAt,
}
