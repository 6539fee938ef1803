use crate::columns::*;
use crate::m20261127_000001_create_sites::Sites;
use crate::m20261127_000002_create_users_groups::Users;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(id(RefreshTokens::Id))
                .col(fk(RefreshTokens::UserId))
                // SHA-256 of the opaque token, hex.
                .col(text_len(RefreshTokens::TokenHash, 64))
                .col(time(RefreshTokens::ExpiresAt))
                .col(time_null(RefreshTokens::RevokedAt))
                .col(time(RefreshTokens::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_refresh_tokens_hash",
            RefreshTokens::Table,
            vec![RefreshTokens::TokenHash.into_iden()],
            true,
        ))
        .await?;
        m.create_index(index(
            "ix_refresh_tokens_user",
            RefreshTokens::Table,
            vec![RefreshTokens::UserId.into_iden()],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(id(ApiTokens::Id))
                .col(fk(ApiTokens::SiteId))
                .col(text_len(ApiTokens::Name, 100))
                .col(text_len(ApiTokens::Scope, 16))
                .col(text_len(ApiTokens::TokenHash, 64))
                .col(fk_null(ApiTokens::CreatedBy))
                .col(time(ApiTokens::CreatedAt))
                .col(time_null(ApiTokens::LastUsedAt))
                .col(time_null(ApiTokens::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiTokens::Table, ApiTokens::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_api_tokens_hash",
            ApiTokens::Table,
            vec![ApiTokens::TokenHash.into_iden()],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(AuthEvents::Table)
                .col(id(AuthEvents::Id))
                // NULL for platform logins.
                .col(fk_null(AuthEvents::SiteId))
                .col(time(AuthEvents::At))
                .col(text_len(AuthEvents::Kind, 32))
                .col(text_len(AuthEvents::Account, 64))
                .col(fk_null(AuthEvents::UserId))
                .col(text_len(AuthEvents::ClientAddr, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_auth_events_site_at",
            AuthEvents::Table,
            vec![AuthEvents::SiteId.into_iden(), AuthEvents::At.into_iden()],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_auth_events_at",
            AuthEvents::Table,
            vec![AuthEvents::At.into_iden()],
            false,
        ))
        .await?;

        // Login throttling lives in the database so every instance shares it.
        m.create_table(
            Table::create()
                .table(LoginThrottles::Table)
                .col(
                    ColumnDef::new(LoginThrottles::ThrottleKey)
                        .string_len(200)
                        .not_null()
                        .primary_key(),
                )
                .col(int(LoginThrottles::Failures, 0))
                .col(int(LoginThrottles::Lockouts, 0))
                .col(time(LoginThrottles::LastFailureAt))
                .col(time_null(LoginThrottles::LockedUntil))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            LoginThrottles::Table.into_iden(),
            AuthEvents::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    SiteId,
    Name,
    Scope,
    TokenHash,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuthEvents {
    Table,
    Id,
    SiteId,
    At,
    Kind,
    Account,
    UserId,
    ClientAddr,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    ThrottleKey,
    Failures,
    Lockouts,
    LastFailureAt,
    LockedUntil,
}
