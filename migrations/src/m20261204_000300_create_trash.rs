//! The site's trash (issue 14): a deleted news item, page, link, extension,
//! calendar event, menu item (with its sub-items) or attachment is kept
//! here as the rows it was, with its files left on disk, until it is
//! restored or purged (`YASS_TRASH_DAYS`, default 30).

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TrashItems::Table)
                .col(id(TrashItems::Id))
                .col(fk(TrashItems::SiteId))
                .col(text_len(TrashItems::Kind, 20))
                .col(fk(TrashItems::ItemId))
                .col(text_len(TrashItems::Label, 300))
                .col(time(TrashItems::DeletedAt))
                .col(fk_null(TrashItems::UserId))
                .col(text_len(TrashItems::ActorName, 200))
                .col(fk_null(TrashItems::OwnerGroupId))
                .col(long_text(TrashItems::EditGroupIds))
                .col(long_text(TrashItems::Payload))
                .col(long_text(TrashItems::Files))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_trash_site",
            TrashItems::Table,
            vec![
                TrashItems::SiteId.into_iden(),
                TrashItems::DeletedAt.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_trash_deleted_at",
            TrashItems::Table,
            vec![TrashItems::DeletedAt.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TrashItems::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TrashItems {
    Table,
    Id,
    SiteId,
    Kind,
    ItemId,
    Label,
    DeletedAt,
    UserId,
    ActorName,
    OwnerGroupId,
    EditGroupIds,
    Payload,
    Files,
}
