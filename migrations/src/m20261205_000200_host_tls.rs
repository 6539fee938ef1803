//! A school's own hostname is served only once the operators' deploy has
//! rendered nginx and its certificate (issue 15): until then it "waits for
//! TLS" and the school is reached at `/s/{slug}/`. Hostnames that exist
//! now were served before: they start ready.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SiteHosts::Table)
                .add_column(
                    ColumnDef::new(SiteHosts::TlsReady)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SiteHosts::Table)
                .drop_column(SiteHosts::TlsReady)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum SiteHosts {
    Table,
    TlsReady,
}
