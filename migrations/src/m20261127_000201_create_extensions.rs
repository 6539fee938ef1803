//! Phone extensions (常用分機).

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
                .table(Extensions::Table)
                .col(id(Extensions::Id))
                .col(fk(Extensions::SiteId))
                .col(text_len(Extensions::Title, 100))
                .col(text_len(Extensions::Extension, 16))
                .col(int(Extensions::SortOrder, 0))
                .col(flag(Extensions::OnHomepage, false))
                .col(time(Extensions::CreatedAt))
                .col(time(Extensions::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Extensions::Table, Extensions::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_extensions_site_order",
            Extensions::Table,
            vec![
                Extensions::SiteId.into_iden(),
                Extensions::SortOrder.into_iden(),
            ],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Extensions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Extensions {
    Table,
    Id,
    SiteId,
    Title,
    Extension,
    SortOrder,
    OnHomepage,
    CreatedAt,
    UpdatedAt,
}
