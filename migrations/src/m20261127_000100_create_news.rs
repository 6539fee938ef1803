//! News items. The indexes keep the visitor list flat in cost: the site's
//! published items are walked in display order, and pinned items are found
//! without a scan.

use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use crate::m20261127_000002_create_users_groups::Groups;
use crate::m20261127_000010_create_pages_and_categories::NewsCategories;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(News::Table)
                .col(id(News::Id))
                .col(fk(News::SiteId))
                .col(text_len(News::Title, 200))
                .col(long_text(News::Body))
                .col(fk_null(News::CategoryId))
                .col(fk(News::GroupId))
                .col(time(News::DisplayAt))
                .col(time_null(News::VisibleFrom))
                .col(time_null(News::VisibleUntil))
                .col(flag(News::Pinned, false))
                .col(time_null(News::PinnedFrom))
                .col(time_null(News::PinnedUntil))
                .col(flag(News::Draft, false))
                .col(fk_null(News::CreatedBy))
                .col(fk_null(News::UpdatedBy))
                .col(time(News::CreatedAt))
                .col(time(News::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(News::Table, News::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                // A group that still owns news cannot be deleted (409).
                .foreign_key(
                    ForeignKey::create()
                        .from(News::Table, News::GroupId)
                        .to(Groups::Table, Groups::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(News::Table, News::CategoryId)
                        .to(NewsCategories::Table, NewsCategories::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The visitor list: WHERE site_id = ? AND draft = false ORDER BY display_at DESC, id DESC.
        m.create_index(index(
            "ix_news_list",
            News::Table,
            vec![
                News::SiteId.into_iden(),
                News::Draft.into_iden(),
                News::DisplayAt.into_iden(),
                News::Id.into_iden(),
            ],
            false,
        ))
        .await?;
        // Items pinned now: few rows per site, found by the flag.
        m.create_index(index(
            "ix_news_pinned",
            News::Table,
            vec![
                News::SiteId.into_iden(),
                News::Pinned.into_iden(),
                News::DisplayAt.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_news_category",
            News::Table,
            vec![
                News::SiteId.into_iden(),
                News::CategoryId.into_iden(),
                News::DisplayAt.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_news_group",
            News::Table,
            vec![News::GroupId.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(News::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum News {
    Table,
    Id,
    SiteId,
    Title,
    Body,
    CategoryId,
    GroupId,
    DisplayAt,
    VisibleFrom,
    VisibleUntil,
    Pinned,
    PinnedFrom,
    PinnedUntil,
    Draft,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}
