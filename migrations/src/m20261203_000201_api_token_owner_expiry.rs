//! API tokens get an owner, an expiry and three scopes (issue 12).
//!
//! - `owner_user_id`: the user whose current rights cap the token's. Set to
//!   the token's creator when that user still exists on the token's site;
//!   otherwise to the site's first site admin (lowest id of the users who are
//!   direct members of an `admin` group and not disabled). A token for which
//!   neither is found is revoked: a token nobody answers for must not keep
//!   working (fail closed).
//! - `expires_at`: existing tokens expire 90 days after they were created
//!   (which may already be past: such tokens stop working).
//! - scope `write` becomes `content_write`; the new `site_admin` scope is only
//!   given by creating a new token, so no existing token gains rights.

use crate::columns::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table(ApiTokens::Table)
                .add_column(fk_null(ApiTokens::OwnerUserId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ApiTokens::Table)
                .add_column(time_null(ApiTokens::ExpiresAt))
                .to_owned(),
        )
        .await?;
        convert(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.exec_stmt(
            Query::update()
                .table(ApiTokens::Table)
                .value(ApiTokens::Scope, "write")
                .and_where(Expr::col(ApiTokens::Scope).is_in(["content_write", "site_admin"]))
                .to_owned(),
        )
        .await?;
        for col in [ApiTokens::ExpiresAt, ApiTokens::OwnerUserId] {
            m.alter_table(
                Table::alter()
                    .table(ApiTokens::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

/// Fills owner, expiry and scope of tokens made before those existed. Public
/// so a test can run it on rows written the old way.
pub async fn convert<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    // Scope names.
    db.execute(
        &Query::update()
            .table(ApiTokens::Table)
            .value(ApiTokens::Scope, "content_write")
            .and_where(Expr::col(ApiTokens::Scope).eq("write"))
            .to_owned(),
    )
    .await?;
    // Expiry: created + 90 days, in each database's own date arithmetic.
    let plus_90 = match backend {
        DbBackend::Sqlite => "datetime(created_at, '+90 days')",
        DbBackend::MySql => "DATE_ADD(created_at, INTERVAL 90 DAY)",
        _ => "created_at + INTERVAL '90 days'",
    };
    db.execute(
        &Query::update()
            .table(ApiTokens::Table)
            .value(ApiTokens::ExpiresAt, Expr::cust(plus_90))
            .and_where(Expr::col(ApiTokens::ExpiresAt).is_null())
            .to_owned(),
    )
    .await?;
    // Owner: the creator, if still a user of the token's site.
    let creator_exists = Query::select()
        .expr(Expr::val(1))
        .from(Users::Table)
        .and_where(
            Expr::col((Users::Table, Users::Id)).equals((ApiTokens::Table, ApiTokens::CreatedBy)),
        )
        .and_where(
            Expr::col((Users::Table, Users::SiteId)).equals((ApiTokens::Table, ApiTokens::SiteId)),
        )
        .to_owned();
    db.execute(
        &Query::update()
            .table(ApiTokens::Table)
            .value(ApiTokens::OwnerUserId, Expr::col(ApiTokens::CreatedBy))
            .and_where(Expr::col(ApiTokens::OwnerUserId).is_null())
            .and_where(Expr::exists(creator_exists))
            .to_owned(),
    )
    .await?;
    // Else the site's first site admin, else revoked.
    let orphans = db
        .query_all(
            &Query::select()
                .columns([ApiTokens::Id, ApiTokens::SiteId])
                .from(ApiTokens::Table)
                .and_where(Expr::col(ApiTokens::OwnerUserId).is_null())
                .and_where(Expr::col(ApiTokens::RevokedAt).is_null())
                .to_owned(),
        )
        .await?;
    for row in orphans {
        let id: i64 = row.try_get("", "id")?;
        let site_id: i64 = row.try_get("", "site_id")?;
        let admin = db
            .query_one(
                &Query::select()
                    .column((Users::Table, Users::Id))
                    .from(Users::Table)
                    .inner_join(
                        UserGroups::Table,
                        Expr::col((UserGroups::Table, UserGroups::UserId))
                            .equals((Users::Table, Users::Id)),
                    )
                    .inner_join(
                        Groups::Table,
                        Expr::col((Groups::Table, Groups::Id))
                            .equals((UserGroups::Table, UserGroups::GroupId)),
                    )
                    .and_where(Expr::col((Users::Table, Users::SiteId)).eq(site_id))
                    .and_where(Expr::col((Groups::Table, Groups::Kind)).eq("admin"))
                    .and_where(Expr::col((Users::Table, Users::Status)).ne("disabled"))
                    .order_by((Users::Table, Users::Id), Order::Asc)
                    .limit(1)
                    .to_owned(),
            )
            .await?;
        let update = Query::update()
            .table(ApiTokens::Table)
            .and_where(Expr::col(ApiTokens::Id).eq(id))
            .to_owned();
        let update = match admin {
            Some(a) => {
                let owner: i64 = a.try_get("", "id")?;
                update
                    .clone()
                    .value(ApiTokens::OwnerUserId, owner)
                    .to_owned()
            }
            None => update
                .clone()
                .value(ApiTokens::RevokedAt, Expr::current_timestamp())
                .to_owned(),
        };
        db.execute(&update).await?;
    }
    Ok(())
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiTokens {
    Table,
    Id,
    SiteId,
    Scope,
    CreatedBy,
    RevokedAt,
    OwnerUserId,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SiteId,
    Status,
}

#[derive(DeriveIden)]
enum UserGroups {
    Table,
    UserId,
    GroupId,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
    Kind,
}
