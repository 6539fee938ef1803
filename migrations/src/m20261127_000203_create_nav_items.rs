//! The navigation tree (導覽列): one row per item, `parent_id` gives the tree.

use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use crate::m20261127_000010_create_pages_and_categories::{NewsCategories, Pages};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(NavItems::Table)
                .col(id(NavItems::Id))
                .col(fk(NavItems::SiteId))
                .col(fk_null(NavItems::ParentId))
                .col(text_len(NavItems::Name, 100))
                .col(text_len_null(NavItems::AccessibleName, 200))
                // submenu | link | page | news | module | divider
                .col(text_len(NavItems::TargetType, 16))
                .col(text_len_null(NavItems::Url, 2000))
                .col(flag(NavItems::NewTab, false))
                .col(fk_null(NavItems::PageId))
                .col(fk_null(NavItems::CategoryId))
                .col(text_len_null(NavItems::Module, 16))
                .col(int(NavItems::SortOrder, 0))
                .col(flag(NavItems::Visible, true))
                .foreign_key(
                    ForeignKey::create()
                        .from(NavItems::Table, NavItems::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                // The code deletes or lifts children itself; the cascade is a
                // safety net so no item can point at a missing parent.
                .foreign_key(
                    ForeignKey::create()
                        .from(NavItems::Table, NavItems::ParentId)
                        .to(NavItems::Table, NavItems::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                // `storage::nav::on_page_deleted` removes page items first;
                // the cascade covers any other way a page disappears.
                .foreign_key(
                    ForeignKey::create()
                        .from(NavItems::Table, NavItems::PageId)
                        .to(Pages::Table, Pages::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                // A deleted news category turns the item into "all news".
                .foreign_key(
                    ForeignKey::create()
                        .from(NavItems::Table, NavItems::CategoryId)
                        .to(NewsCategories::Table, NewsCategories::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_nav_items_site_parent",
            NavItems::Table,
            vec![
                NavItems::SiteId.into_iden(),
                NavItems::ParentId.into_iden(),
                NavItems::SortOrder.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_nav_items_site_page",
            NavItems::Table,
            vec![NavItems::SiteId.into_iden(), NavItems::PageId.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NavItems::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum NavItems {
    Table,
    Id,
    SiteId,
    ParentId,
    Name,
    AccessibleName,
    TargetType,
    Url,
    NewTab,
    PageId,
    CategoryId,
    Module,
    SortOrder,
    Visible,
}
