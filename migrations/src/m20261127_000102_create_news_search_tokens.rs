//! Keyword search tokens of news (bigrams; see
//! docs/decisions/0003-news-search-bigrams.md). Not unique: MariaDB's
//! accent-insensitive collations may treat two distinct tokens as equal.

use crate::columns::*;
use crate::m20261127_000100_create_news::News;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(NewsSearchTokens::Table)
                .col(id(NewsSearchTokens::Id))
                .col(fk(NewsSearchTokens::SiteId))
                .col(fk(NewsSearchTokens::NewsId))
                .col(text_len(NewsSearchTokens::Token, 32))
                .foreign_key(
                    ForeignKey::create()
                        .from(NewsSearchTokens::Table, NewsSearchTokens::NewsId)
                        .to(News::Table, News::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_news_search_tokens_lookup",
            NewsSearchTokens::Table,
            vec![
                NewsSearchTokens::SiteId.into_iden(),
                NewsSearchTokens::Token.into_iden(),
                NewsSearchTokens::NewsId.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_news_search_tokens_news",
            NewsSearchTokens::Table,
            vec![NewsSearchTokens::NewsId.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NewsSearchTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum NewsSearchTokens {
    Table,
    Id,
    SiteId,
    NewsId,
    Token,
}
