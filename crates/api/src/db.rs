//! Connecting to the database and keeping its schema current.

use crate::config::Settings;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;
use yass_migrations::{Migrator, MigratorTrait};

/// The URL in use: the configured one, or a SQLite file in the data directory.
pub fn database_url(settings: &Settings) -> std::io::Result<String> {
    match settings.database_url.as_deref().filter(|u| !u.is_empty()) {
        Some(url) => Ok(url.to_string()),
        None => {
            std::fs::create_dir_all(&settings.data_dir)?;
            let path = settings.data_dir.join("yass.db");
            Ok(format!("sqlite://{}?mode=rwc", path.display()))
        }
    }
}

pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let url = database_url(settings).map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(settings.db_max_connections.max(1))
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        // InnoDB's default REPEATABLE READ takes gap locks that make concurrent
        // inserts checking the same unique index deadlock; READ COMMITTED (what
        // PostgreSQL does by default) avoids that and suffices for our writes.
        // Every acquisition reports its wait (see `metrics::pool_wait_layer`).
        .map_sqlx_sqlite_pool_opts(|p| p.acquire_time_level(log::LevelFilter::Trace))
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
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers run while a writer commits; the setting sticks to the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
