//! Files attached to news items and pages. The file itself lives under the
//! uploads directory by its generated `stored_name`.

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
                .table(Attachments::Table)
                .col(id(Attachments::Id))
                .col(fk(Attachments::SiteId))
                .col(text_len(Attachments::OwnerKind, 10))
                .col(fk(Attachments::OwnerId))
                .col(text_len(Attachments::FileName, 255))
                .col(text_len(Attachments::StoredName, 64))
                .col(text_len(Attachments::ContentType, 100))
                .col(big(Attachments::Size, 0))
                .col(time(Attachments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Attachments::Table, Attachments::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_attachments_owner",
            Attachments::Table,
            vec![
                Attachments::SiteId.into_iden(),
                Attachments::OwnerKind.into_iden(),
                Attachments::OwnerId.into_iden(),
            ],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    SiteId,
    OwnerKind,
    OwnerId,
    FileName,
    StoredName,
    ContentType,
    Size,
    CreatedAt,
}
