//! Connecting to the database and keeping its schema current.

use crate::config::Settings;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;
use yass_migrations::{Migrator, MigratorTrait};

/// The URL in use: the configured one, or a SQLite file in the data directory.
pub fn database_url(settings: &Settings) -> std::io::Result<String> {
    if let Some(url) = settings.database_url.as_deref().filter(|u| !u.is_empty()) {
        Ok(url.to_string())
    } else {
        std::fs::create_dir_all(&settings.data_dir)?;
        let path = settings.data_dir.join("yass.db");
        Ok(format!("sqlite://{}?mode=rwc", path.display()))
    }
}

/// SQLite commits one write at a time, and every pooled connection is a
/// thread with its own page cache (2 MB): past a few connections more only
/// cost memory.
const SQLITE_MAX_CONNECTIONS: u32 = 4;

/// Connections per instance: as configured, at most 4 on SQLite.
pub fn pool_size(settings: &Settings) -> u32 {
    let n = settings.db_max_connections.max(1);
    if is_sqlite(settings) {
        n.min(SQLITE_MAX_CONNECTIONS)
    } else {
        n
    }
}

fn is_sqlite(settings: &Settings) -> bool {
    settings
        .database_url
        .as_deref()
        .is_none_or(|u| u.is_empty() || u.starts_with("sqlite:"))
}

/// Connections opened at start and kept: the whole pool on a database
/// server, so a fresh instance's first burst (a rolling deploy) does not also
/// wait for connection handshakes; none on SQLite, where opening is cheap and
/// each connection is a thread with its own page cache.
fn pool_min(settings: &Settings) -> u32 {
    if is_sqlite(settings) {
        0
    } else {
        pool_size(settings)
    }
}

pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let url = database_url(settings).map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(pool_size(settings))
        .min_connections(pool_min(settings))
        .acquire_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        // InnoDB's default REPEATABLE READ takes gap locks that make concurrent
        // inserts checking the same unique index deadlock; READ COMMITTED (what
        // PostgreSQL does by default) avoids that and suffices for our writes.
        // Every acquisition reports its wait (see `metrics::pool_wait_layer`).
        .map_sqlx_sqlite_pool_opts(|p| {
            p.acquire_time_level(log::LevelFilter::Trace)
                .after_connect(|conn, _| Box::pin(sqlite_stable_plans(conn)))
        })
        .map_sqlx_postgres_pool_opts(|p| p.acquire_time_level(log::LevelFilter::Trace))
        .map_sqlx_mysql_pool_opts(|p| {
            p.acquire_time_level(log::LevelFilter::Trace)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        use sea_orm::sqlx::Executor;
                        conn.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
                            .await
                            .map(|_| ())
                    })
                })
        });
    let mut db = Database::connect(opts).await?;
    db.set_metric_callback(|_| crate::http::query_count::count_one());
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers run while a writer commits; the setting sticks to the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        drop_sqlite_stat4_samples(&db).await?;
    }
    Ok(db)
}

/// Turns on SQLite's query planner stability guarantee for a connection.
/// Without it, a statement whose plan looked at a bound value — every
/// `LIMIT ?`/`OFFSET ?` does (`sqlite3ExprIsInteger`) — is marked expired
/// whenever a new value is bound, and SQLite prepares it again on every run:
/// the statement cache bought nothing, and re-preparing was a quarter of an
/// uncached news list's instructions (docs/decisions/0005, fourth round).
async fn sqlite_stable_plans(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<(), sea_orm::sqlx::Error> {
    sqlite_qpsg(conn, 1).await.map(|_| ())
}

/// Sets the connection's planner stability guarantee (1 on, 0 off, -1
/// leaves it) and returns it as it is afterwards.
async fn sqlite_qpsg(
    conn: &mut sea_orm::sqlx::SqliteConnection,
    set: std::ffi::c_int,
) -> Result<std::ffi::c_int, sea_orm::sqlx::Error> {
    use libsqlite3_sys::{SQLITE_DBCONFIG_ENABLE_QPSG, SQLITE_OK, sqlite3_db_config};
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    let mut now: std::ffi::c_int = -1;
    // SAFETY: `db` is this connection's open handle, held locked by `handle`
    // for the call; SQLITE_DBCONFIG_ENABLE_QPSG takes an int (1 on, 0 off,
    // negative: unchanged) and an int* that receives the state afterwards.
    #[allow(unsafe_code)]
    let rc = unsafe { sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, set, &raw mut now) };
    if rc == SQLITE_OK {
        Ok(now)
    } else {
        Err(sea_orm::sqlx::Error::Configuration(
            format!("sqlite3_db_config(ENABLE_QPSG) returned {rc}").into(),
        ))
    }
}

/// SQLite as bundled here is built with STAT4: when `sqlite_stat4` holds
/// samples (after an `ANALYZE` or `PRAGMA optimize`), every statement whose
/// plan might depend on a bound value is prepared again on each run — a
/// quarter of a homepage build's CPU in a profile (docs/decisions/0005).
/// yass's indexes need no samples, so the table-size statistics
/// (`sqlite_stat1`) stay and the samples go.
async fn drop_sqlite_stat4_samples(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::Statement;
    let exists = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT 1 FROM sqlite_stat4 LIMIT 1",
        ))
        .await
        .ok()
        .flatten()
        .is_some();
    if exists {
        db.execute_unprepared("DELETE FROM sqlite_stat4").await?;
        // Makes this connection read the statistics again; later ones read them fresh.
        db.execute_unprepared("ANALYZE sqlite_schema").await?;
        tracing::info!(
            "dropped SQLite's stat4 samples (statements would be re-prepared on every run)"
        );
    }
    Ok(())
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers a trivial query (readiness).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

#[cfg(test)]
mod tests {

    #[tokio::test]
    async fn sqlite_connections_keep_their_plans_whatever_is_bound() {
        let dir = std::env::temp_dir().join(format!("yass-qpsg-{}", std::process::id()));
        let db = connect(&Settings::for_data_dir(dir.clone()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut conn = db
            .get_sqlite_connection_pool()
            .acquire()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sqlite_qpsg(&mut conn, -1).await.ok(), Some(1));
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }
    use super::*;

    #[actix_web::test]
    async fn sqlite_stat4_samples_are_dropped_and_table_statistics_kept() {
        let dir = std::env::temp_dir().join(format!("yass-stat4-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let settings = Settings::for_data_dir(dir.clone());
        let db = connect(&settings).await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE t (a INTEGER); CREATE INDEX ix_t_a ON t (a);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
             INSERT INTO t SELECT i % 7 FROM n; ANALYZE;",
        )
        .await
        .unwrap();
        let count = |db: DatabaseConnection, table: &'static str| async move {
            let row = db
                .query_one_raw(sea_orm::Statement::from_string(
                    DbBackend::Sqlite,
                    format!("SELECT COUNT(*) AS n FROM {table}"),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        };
        assert!(
            count(db.clone(), "sqlite_stat4").await > 0,
            "ANALYZE made samples"
        );
        db.close().await.unwrap();
        let db = connect(&settings).await.unwrap();
        assert_eq!(count(db.clone(), "sqlite_stat4").await, 0);
        assert!(count(db.clone(), "sqlite_stat1").await > 0);
        db.close().await.unwrap();
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn sqlite_pools_stay_small_and_servers_get_what_is_configured() {
        let mut s = Settings::for_data_dir("/tmp/yass-pool-test".into());
        s.db_max_connections = 16;
        assert_eq!(pool_size(&s), SQLITE_MAX_CONNECTIONS);
        s.database_url = Some("sqlite:///tmp/x.db".into());
        assert_eq!(pool_size(&s), SQLITE_MAX_CONNECTIONS);
        s.database_url = Some("mysql://root@127.0.0.1/test".into());
        assert_eq!(pool_size(&s), 16);
        s.db_max_connections = 0;
        assert_eq!(pool_size(&s), 1);
    }
}
