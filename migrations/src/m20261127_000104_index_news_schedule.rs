//! Indexes for "when does the next item appear, disappear, pin or unpin":
//! without them that question reads every item of the site, on every list
//! request and every uncached homepage.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, News); 4] = [
    ("ix_news_visible_from", News::VisibleFrom),
    ("ix_news_visible_until", News::VisibleUntil),
    ("ix_news_pinned_from", News::PinnedFrom),
    ("ix_news_pinned_until", News::PinnedUntil),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, col) in INDEXES {
            m.create_index(index(
                name,
                News::Table,
                vec![News::SiteId.into_iden(), col.into_iden()],
                false,
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(News::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum News {
    Table,
    SiteId,
    VisibleFrom,
    VisibleUntil,
    PinnedFrom,
    PinnedUntil,
}
