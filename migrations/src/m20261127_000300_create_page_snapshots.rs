//! Built public responses (homepage, menu) shared by every instance, so a
//! freshly started instance serves them with one read instead of rebuilding
//! each from a dozen queries. Valid for one content version until an expiry
//! (docs/decisions/0007-shared-snapshots.md).

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
                .table(PageSnapshots::Table)
                .col(fk(PageSnapshots::SiteId))
                .col(text_len(PageSnapshots::Name, 40))
                .col(big(PageSnapshots::ContentVersion, 0))
                .col(time(PageSnapshots::ValidUntil))
                .col(text_len(PageSnapshots::Etag, 80))
                .col(long_text(PageSnapshots::Body))
                .col(time(PageSnapshots::BuiltAt))
                .primary_key(
                    Index::create()
                        .col(PageSnapshots::SiteId)
                        .col(PageSnapshots::Name),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PageSnapshots::Table, PageSnapshots::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PageSnapshots::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PageSnapshots {
    Table,
    SiteId,
    Name,
    ContentVersion,
    ValidUntil,
    Etag,
    Body,
    BuiltAt,
}
