//! Tags of a site, shared by news and pages.

use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use crate::m20261127_000010_create_pages_and_categories::Pages;
use crate::m20261127_000100_create_news::News;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tags::Table)
                .col(id(Tags::Id))
                .col(fk(Tags::SiteId))
                .col(text_len(Tags::Name, 30))
                .foreign_key(
                    ForeignKey::create()
                        .from(Tags::Table, Tags::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_tags_site_name",
            Tags::Table,
            vec![Tags::SiteId.into_iden(), Tags::Name.into_iden()],
            true,
        ))
        .await?;
        for (table, owner_col, owner_table, owner_id, name) in [
            (
                NewsTags::Table.into_iden(),
                TagLinks::NewsId.into_iden(),
                News::Table.into_iden(),
                News::Id.into_iden(),
                "news_tags",
            ),
            (
                PageTags::Table.into_iden(),
                TagLinks::PageId.into_iden(),
                Pages::Table.into_iden(),
                Pages::Id.into_iden(),
                "page_tags",
            ),
        ] {
            m.create_table(
                Table::create()
                    .table(table.clone())
                    .col(fk(owner_col.clone()))
                    .col(fk(TagLinks::TagId))
                    .primary_key(Index::create().col(owner_col.clone()).col(TagLinks::TagId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(table.clone(), owner_col.clone())
                            .to(owner_table, owner_id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(table.clone(), TagLinks::TagId)
                            .to(Tags::Table, Tags::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
            m.create_index(index(
                &format!("ix_{name}_tag"),
                table,
                vec![TagLinks::TagId.into_iden(), owner_col],
                false,
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PageTags::Table.into_iden(),
            NewsTags::Table.into_iden(),
            Tags::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Tags {
    Table,
    Id,
    SiteId,
    Name,
}

#[derive(DeriveIden)]
enum NewsTags {
    Table,
}

#[derive(DeriveIden)]
enum PageTags {
    Table,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)] // column names, spelled as in SQL
enum TagLinks {
    NewsId,
    PageId,
    TagId,
}
