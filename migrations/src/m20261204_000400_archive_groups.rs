//! Groups can be archived (issue 14): an archived group grants nothing,
//! and what it restricted stays restricted. Added as a nullable column;
//! nothing is removed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Groups::Table)
                .add_column(ColumnDef::new(Groups::ArchivedAt).date_time().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Groups::Table)
                .drop_column(Groups::ArchivedAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    ArchivedAt,
}
