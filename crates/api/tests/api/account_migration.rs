//! m20261203_000100 normalises stored account names and refuses to merge
//! two accounts that would fold to one name. Runs on a SQLite file of its own
//! whatever `YASS_TEST_DB` says: it needs the schema as it was before that
//! migration, which the shared MariaDB/PostgreSQL databases are already past;
//! the migration itself is portable Rust (select, compare, update by id).

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use yass_migrations::{Migrator, MigratorTrait};

const MINE: &str = "m20261203_000100_normalise_accounts";

async fn before_mine() -> (
    DatabaseConnection,
    std::sync::Arc<crate::helpers::ScratchDir>,
) {
    let dir = crate::helpers::ScratchDir::new("yass-mig-");
    let db = Database::connect(format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("m.db").display()
    ))
    .await
    .unwrap();
    let earlier = Migrator::migrations()
        .iter()
        .take_while(|m| m.name() != MINE)
        .count();
    Migrator::up(&db, Some(earlier as u32)).await.unwrap();
    (db, dir)
}

async fn add_user(db: &DatabaseConnection, tenant: i64, account: &str) {
    db.execute_unprepared(&format!(
        "INSERT INTO users (site_id, tenant_key, account, display_name, emails, password_hash, \
         status, token_version, created_at, updated_at) VALUES (NULL, {tenant}, '{account}', 'x', \
         '[]', 'x', 'active', 0, '2026-12-01 00:00:00', '2026-12-01 00:00:00')"
    ))
    .await
    .unwrap();
}

async fn accounts(db: &DatabaseConnection) -> Vec<String> {
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT account FROM users ORDER BY id",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get::<String>("", "account").unwrap())
    .collect()
}

#[actix_web::test]
async fn existing_accounts_are_normalised() {
    let (db, _dir) = before_mine().await;
    add_user(&db, 0, "  Admin").await;
    add_user(&db, 0, "ｔｅａｃｈｅｒ０１").await;
    add_user(&db, 0, "王小明").await;
    // The same name on another tenant is no collision.
    add_user(&db, 7, "ADMIN").await;
    Migrator::up(&db, None).await.unwrap();
    assert_eq!(
        accounts(&db).await,
        ["admin", "teacher01", "王小明", "admin"]
    );
}

#[actix_web::test]
async fn accounts_that_would_collide_stop_the_migration_and_are_listed() {
    let (db, _dir) = before_mine().await;
    add_user(&db, 0, "Admin").await;
    add_user(&db, 0, "ａｄｍｉｎ").await;
    add_user(&db, 0, "Teacher").await;
    let err = Migrator::up(&db, None).await.unwrap_err().to_string();
    assert!(
        err.contains("\"Admin\"") && err.contains("\"ａｄｍｉｎ\""),
        "{err}"
    );
    assert!(err.contains("\"admin\""), "{err}");
    // Nothing was changed, not even the account that had no twin.
    assert_eq!(accounts(&db).await, ["Admin", "ａｄｍｉｎ", "Teacher"]);
    // Once an operator renames one, it goes through.
    db.execute_unprepared("UPDATE users SET account = 'admin2' WHERE account = 'ａｄｍｉｎ'")
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();
    assert_eq!(accounts(&db).await, ["admin", "admin2", "teacher"]);
}
