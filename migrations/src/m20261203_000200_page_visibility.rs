//! Pages say explicitly whether they are public or restricted (issue 12).
//!
//! Before, "no read group" meant public, so a page whose read groups all went
//! away became readable by everyone. Now a `restricted` page with no read
//! group left is readable by site admins only. Pages that have read groups
//! today become `restricted`, every other page `public`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Pages::Table)
                .add_column(
                    ColumnDef::new(Pages::Visibility)
                        .string_len(16)
                        .not_null()
                        .default("public"),
                )
                .to_owned(),
        )
        .await?;
        mark_restricted(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Pages::Table)
                .drop_column(Pages::Visibility)
                .to_owned(),
        )
        .await
    }
}

/// Pages with read groups become `restricted`. Public so a test can run it
/// on rows written the old way.
pub async fn mark_restricted<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let with_readers = Query::select()
        .column(PageReadGroups::PageId)
        .from(PageReadGroups::Table)
        .to_owned();
    db.execute(
        &Query::update()
            .table(Pages::Table)
            .value(Pages::Visibility, "restricted")
            .and_where(Expr::col(Pages::Id).in_subquery(with_readers))
            .to_owned(),
    )
    .await?;
    Ok(())
}

#[derive(DeriveIden)]
enum Pages {
    Table,
    Id,
    Visibility,
}

#[derive(DeriveIden)]
enum PageReadGroups {
    Table,
    PageId,
}
