use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Sites::Table)
                .col(id(Sites::Id))
                .col(text_len(Sites::Slug, 64))
                .col(text_len(Sites::Name, 200))
                .col(text_len_null(Sites::Slogan, 500))
                .col(text_len_null(Sites::Address, 500))
                .col(text_len_null(Sites::Zip, 16))
                .col(text_len_null(Sites::Phone, 40))
                .col(text_len_null(Sites::Fax, 40))
                .col(text_len_null(Sites::Email, 254))
                .col(text_len_null(Sites::MapLink, 2000))
                .col(text_len_null(Sites::MapEmbedUrl, 2000))
                .col(text_len_null(Sites::LogoUrl, 500))
                .col(long_text(Sites::BannerUrls))
                .col(text_len_null(Sites::GoogleCalendarUrl, 2000))
                .col(long_text(Sites::HomepageLayout))
                .col(flag(Sites::Enabled, true))
                // Bumped on every write to the site's content; caches compare it.
                .col(big(Sites::ContentVersion, 0))
                .col(time(Sites::CreatedAt))
                .col(time(Sites::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_sites_slug",
            Sites::Table,
            vec![Sites::Slug.into_iden()],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(SiteHosts::Table)
                .col(id(SiteHosts::Id))
                .col(fk(SiteHosts::SiteId))
                .col(text_len(SiteHosts::Hostname, 253))
                .col(flag(SiteHosts::IsPrimary, false))
                .foreign_key(
                    ForeignKey::create()
                        .from(SiteHosts::Table, SiteHosts::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_site_hosts_hostname",
            SiteHosts::Table,
            vec![SiteHosts::Hostname.into_iden()],
            true,
        ))
        .await?;
        m.create_index(index(
            "ix_site_hosts_site",
            SiteHosts::Table,
            vec![SiteHosts::SiteId.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SiteHosts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sites::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Sites {
    Table,
    Id,
    Slug,
    Name,
    Slogan,
    Address,
    Zip,
    Phone,
    Fax,
    Email,
    MapLink,
    MapEmbedUrl,
    LogoUrl,
    BannerUrls,
    GoogleCalendarUrl,
    HomepageLayout,
    Enabled,
    ContentVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SiteHosts {
    Table,
    Id,
    SiteId,
    Hostname,
    IsPrimary,
}
