//! Tables that several content modules refer to: pages (nav targets, page
//! rights) and news categories (nav targets, news).

use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use crate::m20261127_000002_create_users_groups::Groups;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Pages::Table)
                .col(id(Pages::Id))
                .col(fk(Pages::SiteId))
                .col(text_len(Pages::Title, 200))
                .col(long_text(Pages::Body))
                .col(fk_null(Pages::CreatedBy))
                .col(fk_null(Pages::UpdatedBy))
                .col(time(Pages::CreatedAt))
                .col(time(Pages::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Pages::Table, Pages::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_pages_site",
            Pages::Table,
            vec![Pages::SiteId.into_iden()],
            false,
        ))
        .await?;
        for (table, name) in [
            (PageEditGroups::Table.into_iden(), "page_edit_groups"),
            (PageReadGroups::Table.into_iden(), "page_read_groups"),
        ] {
            m.create_table(
                Table::create()
                    .table(table.clone())
                    .col(fk(PageGroupCols::PageId))
                    .col(fk(PageGroupCols::GroupId))
                    .primary_key(
                        Index::create()
                            .col(PageGroupCols::PageId)
                            .col(PageGroupCols::GroupId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(table.clone(), PageGroupCols::PageId)
                            .to(Pages::Table, Pages::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(table.clone(), PageGroupCols::GroupId)
                            .to(Groups::Table, Groups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                &format!("ix_{name}_group"),
                table,
                vec![PageGroupCols::GroupId.into_iden()],
                false,
            ))
            .await?;
        }
        m.create_table(
            Table::create()
                .table(NewsCategories::Table)
                .col(id(NewsCategories::Id))
                .col(fk(NewsCategories::SiteId))
                .col(text_len(NewsCategories::Name, 100))
                .col(int(NewsCategories::SortOrder, 0))
                .foreign_key(
                    ForeignKey::create()
                        .from(NewsCategories::Table, NewsCategories::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_news_categories_site",
            NewsCategories::Table,
            vec![NewsCategories::SiteId.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            NewsCategories::Table.into_iden(),
            PageReadGroups::Table.into_iden(),
            PageEditGroups::Table.into_iden(),
            Pages::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Pages {
    Table,
    Id,
    SiteId,
    Title,
    Body,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PageEditGroups {
    Table,
}

#[derive(DeriveIden)]
enum PageReadGroups {
    Table,
}

#[derive(DeriveIden)]
enum PageGroupCols {
    PageId,
    GroupId,
}

#[derive(DeriveIden)]
pub enum NewsCategories {
    Table,
    Id,
    SiteId,
    Name,
    SortOrder,
}
