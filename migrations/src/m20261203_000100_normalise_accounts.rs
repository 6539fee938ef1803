//! Account names become normalised (NFKC, trimmed, lowercase), so lookup,
//! uniqueness and throttling see one name per account. Two existing accounts
//! of one site that fold to the same name are not merged: the migration stops
//! and lists them, and an operator renames one (`yass` then starts).

use crate::account_rule_v1::normalise;
use crate::m20261127_000002_create_users_groups::Users;
use sea_orm_migration::prelude::*;
use std::collections::BTreeMap;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let rows = db
            .query_all(
                &Query::select()
                    .columns([Users::Id, Users::TenantKey, Users::Account])
                    .from(Users::Table)
                    .order_by(Users::Id, Order::Asc)
                    .to_owned(),
            )
            .await?;
        let mut by_name: BTreeMap<(i64, String), Vec<(i64, String)>> = BTreeMap::new();
        for r in rows {
            let id: i64 = r.try_get("", "id")?;
            let tenant: i64 = r.try_get("", "tenant_key")?;
            let account: String = r.try_get("", "account")?;
            by_name
                .entry((tenant, normalise(&account)))
                .or_default()
                .push((id, account));
        }
        let collisions: Vec<String> = by_name
            .iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|((tenant, name), v)| {
                let list: Vec<String> =
                    v.iter().map(|(id, a)| format!("{a:?} (id {id})")).collect();
                format!("site {tenant}: {} all become {name:?}", list.join(", "))
            })
            .collect();
        if !collisions.is_empty() {
            return Err(DbErr::Migration(format!(
                "account names would collide after normalisation; rename all but one of each \
                 and run again (nothing was changed): {}",
                collisions.join("; ")
            )));
        }
        for ((_, name), v) in by_name {
            let (id, account) = &v[0];
            if *account != name {
                db.execute(
                    &Query::update()
                        .table(Users::Table)
                        .value(Users::Account, name)
                        .and_where(Expr::col(Users::Id).eq(*id))
                        .to_owned(),
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // The original spellings are not kept; normalised names still work.
        Ok(())
    }
}
