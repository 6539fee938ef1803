//! Onboarding (issue 15): schools apply, confirm their e-mail address and
//! are reviewed; e-mail goes out through an outbox any instance may send
//! from; one-time links (confirm, set up, reset) are stored hashed; the
//! operators may load the Ministry of Education's list of school codes.

use crate::columns::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SchoolApplications::Table)
                .col(id(SchoolApplications::Id))
                .col(text_len(SchoolApplications::State, 20))
                .col(text_len(SchoolApplications::SchoolName, 200))
                .col(text_len(SchoolApplications::SchoolCode, 6))
                .col(text_len(SchoolApplications::Level, 20))
                .col(text_len(SchoolApplications::District, 20))
                .col(text_len(SchoolApplications::ContactName, 100))
                .col(text_len(SchoolApplications::Email, 254))
                .col(text_len(SchoolApplications::Phone, 60))
                .col(text_len(SchoolApplications::Slug, 60))
                .col(text_len_null(SchoolApplications::Hostname, 253))
                .col(text_len(SchoolApplications::Account, 64))
                .col(long_text(SchoolApplications::Note))
                .col(text_len_null(SchoolApplications::ClientAddr, 64))
                .col(text_len(SchoolApplications::StatusKeyHash, 64))
                // Set while the application is pending (submitted or
                // confirmed), NULL once decided: a unique index then refuses
                // a second pending application for the same school or slug
                // even when two arrive at once, and lets a rejected school
                // apply again.
                .col(text_len_null(SchoolApplications::PendingCode, 6))
                .col(text_len_null(SchoolApplications::PendingSlug, 60))
                .col(time(SchoolApplications::CreatedAt))
                .col(time_null(SchoolApplications::ConfirmedAt))
                .col(time_null(SchoolApplications::DecidedAt))
                .col(fk_null(SchoolApplications::DecidedBy))
                .col(text_len_null(SchoolApplications::DecidedByName, 200))
                .col(long_text_null(SchoolApplications::Reason))
                .col(fk_null(SchoolApplications::SiteId))
                .to_owned(),
        )
        .await?;
        for (name, col, unique) in [
            (
                "ux_applications_pending_code",
                SchoolApplications::PendingCode,
                true,
            ),
            (
                "ux_applications_pending_slug",
                SchoolApplications::PendingSlug,
                true,
            ),
            (
                "ux_applications_status_key",
                SchoolApplications::StatusKeyHash,
                true,
            ),
            (
                "ix_applications_client",
                SchoolApplications::ClientAddr,
                false,
            ),
            ("ix_applications_email", SchoolApplications::Email, false),
            ("ix_applications_state", SchoolApplications::State, false),
        ] {
            m.create_index(index(
                name,
                SchoolApplications::Table,
                vec![col.into_iden()],
                unique,
            ))
            .await?;
        }

        m.create_table(
            Table::create()
                .table(OneTimeLinks::Table)
                .col(id(OneTimeLinks::Id))
                .col(text_len(OneTimeLinks::Purpose, 20))
                .col(text_len(OneTimeLinks::TokenHash, 64))
                .col(fk_null(OneTimeLinks::UserId))
                .col(fk_null(OneTimeLinks::ApplicationId))
                .col(time(OneTimeLinks::CreatedAt))
                .col(time(OneTimeLinks::ExpiresAt))
                .col(time_null(OneTimeLinks::UsedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ux_one_time_links_hash",
            OneTimeLinks::Table,
            vec![OneTimeLinks::TokenHash.into_iden()],
            true,
        ))
        .await?;
        m.create_index(index(
            "ix_one_time_links_expires",
            OneTimeLinks::Table,
            vec![OneTimeLinks::ExpiresAt.into_iden()],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(MailOutbox::Table)
                .col(id(MailOutbox::Id))
                .col(text_len(MailOutbox::Kind, 40))
                .col(text_len(MailOutbox::ToAddress, 254))
                .col(text_len(MailOutbox::Subject, 300))
                // Bodies hold one-time links (credentials): emptied once sent.
                .col(long_text_null(MailOutbox::BodyText))
                .col(long_text_null(MailOutbox::BodyHtml))
                .col(time(MailOutbox::CreatedAt))
                .col(time(MailOutbox::NextAttemptAt))
                .col(int(MailOutbox::Attempts, 0))
                .col(time_null(MailOutbox::ClaimedUntil))
                .col(text_len_null(MailOutbox::ClaimedBy, 40))
                .col(time_null(MailOutbox::SentAt))
                .col(time_null(MailOutbox::GaveUpAt))
                .col(text_len_null(MailOutbox::LastError, 500))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_mail_outbox_due",
            MailOutbox::Table,
            vec![
                MailOutbox::SentAt.into_iden(),
                MailOutbox::NextAttemptAt.into_iden(),
            ],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(SchoolCodes::Table)
                .col(
                    ColumnDef::new(SchoolCodes::Code)
                        .string_len(6)
                        .not_null()
                        .primary_key(),
                )
                .col(text_len(SchoolCodes::Name, 200))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SchoolApplications::Table.into_iden(),
            OneTimeLinks::Table.into_iden(),
            MailOutbox::Table.into_iden(),
            SchoolCodes::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SchoolApplications {
    Table,
    Id,
    State,
    SchoolName,
    SchoolCode,
    Level,
    District,
    ContactName,
    Email,
    Phone,
    Slug,
    Hostname,
    Account,
    Note,
    ClientAddr,
    StatusKeyHash,
    PendingCode,
    PendingSlug,
    CreatedAt,
    ConfirmedAt,
    DecidedAt,
    DecidedBy,
    DecidedByName,
    Reason,
    SiteId,
}

#[derive(DeriveIden)]
enum OneTimeLinks {
    Table,
    Id,
    Purpose,
    TokenHash,
    UserId,
    ApplicationId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Kind,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    CreatedAt,
    NextAttemptAt,
    Attempts,
    ClaimedUntil,
    ClaimedBy,
    SentAt,
    GaveUpAt,
    LastError,
}

#[derive(DeriveIden)]
enum SchoolCodes {
    Table,
    Code,
    Name,
}
