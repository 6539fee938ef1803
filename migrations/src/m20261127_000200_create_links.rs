//! Links (好站連結) and their categories.

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
                .table(LinkCategories::Table)
                .col(id(LinkCategories::Id))
                .col(fk(LinkCategories::SiteId))
                .col(text_len(LinkCategories::Name, 100))
                .col(int(LinkCategories::SortOrder, 0))
                // `true` on the default category, NULL on the others: the unique
                // index below then allows exactly one default per site on all
                // three databases (NULLs never collide), even when two
                // instances create it at the same moment.
                .col(ColumnDef::new(LinkCategories::IsDefault).boolean().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(LinkCategories::Table, LinkCategories::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_link_categories_default",
            LinkCategories::Table,
            vec![
                LinkCategories::SiteId.into_iden(),
                LinkCategories::IsDefault.into_iden(),
            ],
            true,
        ))
        .await?;
        m.create_index(index(
            "ix_link_categories_site_order",
            LinkCategories::Table,
            vec![
                LinkCategories::SiteId.into_iden(),
                LinkCategories::SortOrder.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Links::Table)
                .col(id(Links::Id))
                .col(fk(Links::SiteId))
                .col(fk(Links::CategoryId))
                .col(text_len(Links::Title, 200))
                .col(text_len(Links::Url, 2000))
                .col(text_len_null(Links::IconUrl, 2000))
                .col(fk_null(Links::GroupId))
                .col(int(Links::SortOrder, 0))
                .col(flag(Links::OnHomepage, false))
                .col(int(Links::HomepageOrder, 0))
                .col(time(Links::CreatedAt))
                .col(time(Links::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Links::Table, Links::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Links::Table, Links::CategoryId)
                        .to(LinkCategories::Table, LinkCategories::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                // The owner is optional: a deleted group leaves its links to
                // the site admins rather than blocking the delete.
                .foreign_key(
                    ForeignKey::create()
                        .from(Links::Table, Links::GroupId)
                        .to(Groups::Table, Groups::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_links_site_category",
            Links::Table,
            vec![
                Links::SiteId.into_iden(),
                Links::CategoryId.into_iden(),
                Links::SortOrder.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_links_site_homepage",
            Links::Table,
            vec![
                Links::SiteId.into_iden(),
                Links::OnHomepage.into_iden(),
                Links::HomepageOrder.into_iden(),
            ],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Links::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(LinkCategories::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LinkCategories {
    Table,
    Id,
    SiteId,
    Name,
    SortOrder,
    IsDefault,
}

#[derive(DeriveIden)]
enum Links {
    Table,
    Id,
    SiteId,
    CategoryId,
    Title,
    Url,
    IconUrl,
    GroupId,
    SortOrder,
    OnHomepage,
    HomepageOrder,
    CreatedAt,
    UpdatedAt,
}
