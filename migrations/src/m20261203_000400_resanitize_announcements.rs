//! Platform announcements were stored as sent (issue 12, item 7): a body
//! such as `<img src=x onerror=…>` reached every school's homepage. They are
//! now sanitised on write with the rich-text allow-list; this re-sanitises
//! the rows stored before, with the same list (yass-shared-types, feature
//! `sanitize`; docs/decisions/0009-sanitized-html.md). Sanitising is
//! idempotent, so running it over clean rows changes nothing.
//!
//! When a row changed, built homepages that still hold the old body are
//! dropped: the shared snapshots are deleted and every site's content
//! version moves on (instances' own caches key on it).

use crate::m20261127_000001_create_sites::Sites;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use yass_shared_types::html::sanitize;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        resanitize_announcements(m.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // What was removed was unsafe to show; there is nothing to restore.
        Ok(())
    }
}

/// Re-sanitises every stored announcement; returns how many changed.
/// Public so a test can run it over a row stored the old way.
pub async fn resanitize_announcements<C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
    let rows = db
        .query_all(
            &Query::select()
                .columns([Announcements::Id, Announcements::Body])
                .from(Announcements::Table)
                .to_owned(),
        )
        .await?;
    let mut changed = 0usize;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let body: String = row.try_get("", "body")?;
        // Announcements belong to no school: no site's uploads as images.
        let clean = sanitize(&body, None).into_string();
        if clean != body {
            db.execute(
                &Query::update()
                    .table(Announcements::Table)
                    .value(Announcements::Body, clean)
                    .and_where(Expr::col(Announcements::Id).eq(id))
                    .to_owned(),
            )
            .await?;
            changed += 1;
        }
    }
    if changed > 0 {
        db.execute(&Query::delete().from_table(PageSnapshots::Table).to_owned())
            .await?;
        db.execute(
            &Query::update()
                .table(Sites::Table)
                .value(
                    Sites::ContentVersion,
                    Expr::col(Sites::ContentVersion).add(1),
                )
                .to_owned(),
        )
        .await?;
    }
    Ok(changed)
}

#[derive(DeriveIden)]
enum Announcements {
    Table,
    Id,
    Body,
}

#[derive(DeriveIden)]
enum PageSnapshots {
    Table,
}
