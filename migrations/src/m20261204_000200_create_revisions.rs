//! Saved versions of news items and pages (issue 14): every save adds one,
//! numbered per item; a restore adds one more. Kept while the item is in
//! the trash, removed with it when it is purged.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Revisions::Table)
                .col(id(Revisions::Id))
                .col(fk(Revisions::SiteId))
                .col(text_len(Revisions::ItemKind, 10))
                .col(fk(Revisions::ItemId))
                .col(int(Revisions::Number, 1))
                .col(time(Revisions::At))
                .col(fk_null(Revisions::UserId))
                .col(text_len(Revisions::ActorName, 200))
                .col(text_len(Revisions::Title, 300))
                .col(long_text(Revisions::Body))
                .col(long_text(Revisions::Fields))
                .col(ColumnDef::new(Revisions::RestoredFrom).integer().null())
                .to_owned(),
        )
        .await?;
        // One number per item: two saves of one item never share it.
        m.create_index(index(
            "ux_revisions_item_number",
            Revisions::Table,
            vec![
                Revisions::ItemKind.into_iden(),
                Revisions::ItemId.into_iden(),
                Revisions::Number.into_iden(),
            ],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Revisions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Revisions {
    Table,
    Id,
    SiteId,
    ItemKind,
    ItemId,
    Number,
    At,
    UserId,
    ActorName,
    Title,
    Body,
    Fields,
    RestoredFrom,
}
