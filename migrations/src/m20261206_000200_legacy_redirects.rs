//! Old addresses of a school that moved to yass (issue 17): a yascms news
//! item, page, category or attachment URL answers 301 to its yass page, so
//! links in parents' LINE groups and search engines survive the move. The
//! target is kept as a kind and an id (not a path), so it follows the site
//! to a new slug or platform.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LegacyRedirects::Table)
                .col(id(LegacyRedirects::Id))
                .col(fk(LegacyRedirects::SiteId))
                .col(text_len(LegacyRedirects::OldPath, 300))
                .col(text_len(LegacyRedirects::TargetKind, 20))
                .col(fk_null(LegacyRedirects::TargetId))
                .foreign_key(
                    ForeignKey::create()
                        .from(LegacyRedirects::Table, LegacyRedirects::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_legacy_redirects_site_path",
            LegacyRedirects::Table,
            vec![
                LegacyRedirects::SiteId.into_iden(),
                LegacyRedirects::OldPath.into_iden(),
            ],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LegacyRedirects::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LegacyRedirects {
    Table,
    Id,
    SiteId,
    OldPath,
    TargetKind,
    TargetId,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
}
