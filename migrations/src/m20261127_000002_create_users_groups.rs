use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Groups::Table)
                .col(id(Groups::Id))
                .col(fk(Groups::SiteId))
                .col(text_len(Groups::Name, 100))
                .col(text_len(Groups::Kind, 16))
                .col(fk_null(Groups::ParentId))
                .col(int(Groups::SortOrder, 0))
                .col(time(Groups::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Groups::Table, Groups::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_groups_site",
            Groups::Table,
            vec![Groups::SiteId.into_iden(), Groups::ParentId.into_iden()],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                // NULL for platform admins, who belong to no site.
                .col(fk_null(Users::SiteId))
                // site id, or 0 for platform admins: makes (tenant, account) unique
                // on every database (NULLs never collide in a unique index).
                .col(fk(Users::TenantKey))
                .col(text_len(Users::Account, 64))
                .col(text_len(Users::DisplayName, 100))
                .col(long_text(Users::Emails))
                .col(text_len(Users::PasswordHash, 255))
                .col(text_len(Users::Status, 32))
                .col(int(Users::TokenVersion, 0))
                .col(time(Users::CreatedAt))
                .col(time(Users::UpdatedAt))
                .col(time_null(Users::LastLoginAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_users_tenant_account",
            Users::Table,
            vec![Users::TenantKey.into_iden(), Users::Account.into_iden()],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(UserGroups::Table)
                .col(fk(UserGroups::UserId))
                .col(fk(UserGroups::GroupId))
                .primary_key(
                    Index::create()
                        .col(UserGroups::UserId)
                        .col(UserGroups::GroupId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserGroups::Table, UserGroups::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserGroups::Table, UserGroups::GroupId)
                        .to(Groups::Table, Groups::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_user_groups_group",
            UserGroups::Table,
            vec![UserGroups::GroupId.into_iden()],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            UserGroups::Table.into_iden(),
            Users::Table.into_iden(),
            Groups::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Groups {
    Table,
    Id,
    SiteId,
    Name,
    Kind,
    ParentId,
    SortOrder,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    SiteId,
    TenantKey,
    Account,
    DisplayName,
    Emails,
    PasswordHash,
    Status,
    TokenVersion,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum UserGroups {
    Table,
    UserId,
    GroupId,
}
