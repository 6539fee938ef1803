//! The audit log: who changed what, one entry per committed change (issue
//! 14). `site_id` is null for platform actions (sites, announcements,
//! platform admins). No foreign keys: an entry outlives what it names.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditEntries::Table)
                .col(id(AuditEntries::Id))
                .col(time(AuditEntries::At))
                .col(fk_null(AuditEntries::SiteId))
                .col(fk_null(AuditEntries::UserId))
                .col(fk_null(AuditEntries::TokenId))
                .col(text_len(AuditEntries::ActorName, 200))
                .col(text_len_null(AuditEntries::ClientAddr, 64))
                .col(text_len(AuditEntries::Kind, 40))
                .col(fk_null(AuditEntries::EntityId))
                .col(text_len(AuditEntries::Action, 40))
                .col(text_len(AuditEntries::Label, 300))
                .col(long_text(AuditEntries::Changes))
                .to_owned(),
        )
        .await?;
        // The log screen reads one site newest first, filtered by person or
        // kind; housekeeping purges by time over all sites.
        m.create_index(index(
            "ix_audit_site_at",
            AuditEntries::Table,
            vec![
                AuditEntries::SiteId.into_iden(),
                AuditEntries::At.into_iden(),
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_audit_at",
            AuditEntries::Table,
            vec![AuditEntries::At.into_iden()],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_audit_entity",
            AuditEntries::Table,
            vec![
                AuditEntries::SiteId.into_iden(),
                AuditEntries::Kind.into_iden(),
                AuditEntries::EntityId.into_iden(),
            ],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditEntries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEntries {
    Table,
    Id,
    At,
    SiteId,
    UserId,
    TokenId,
    ActorName,
    ClientAddr,
    Kind,
    EntityId,
    Action,
    Label,
    Changes,
}
