//! Periodic chores. Each is idempotent, so running on every instance at once
//! is harmless (no leader needed).

use crate::state::AppState;
use crate::storage::auth as auth_store;
use crate::{metrics, storage};
use actix_web::web;
use chrono::TimeDelta;
use sea_orm::DatabaseConnection;
use std::time::Duration;

pub fn spawn(state: web::Data<AppState>) {
    let chores = state.clone();
    actix_web::rt::spawn(async move {
        // The first purge waits a minute: a restart storm (a rolling deploy)
        // need not purge at once, and a fresh instance's first requests come first.
        let hour = Duration::from_hours(1);
        let first = actix_web::rt::time::Instant::now() + Duration::from_mins(1);
        let mut tick = actix_web::rt::time::interval_at(first, hour);
        loop {
            tick.tick().await;
            if let Err(e) = purge(&chores).await {
                tracing::warn!(error = %e, "auth log purge failed");
            }
        }
    });
    actix_web::rt::spawn(async move {
        // The recorder keeps every histogram sample until it is drained: by a
        // scrape, or here — without this, an instance nobody scrapes (or one
        // between scrapes under a burst) grows by 8 bytes per sample.
        let mut tick = actix_web::rt::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            metrics::handle().run_upkeep();
        }
    });
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(Duration::from_secs(10));
        loop {
            tick.tick().await;
            pool_gauges(&state.db, crate::db::pool_size(&state.settings));
            metrics::public_cache_bytes(state.cache.bytes());
            if let Err(e) = lockout_gauges(&state).await {
                tracing::debug!(error = %e, "lockout gauge failed");
            }
            match storage::outbox::waiting(&state.db).await {
                Ok(n) => metrics::set_mail_waiting(n),
                Err(e) => tracing::debug!(error = %e, "mail gauge failed"),
            }
        }
    });
}

/// Deletes auth log and audit entries past their retention (and the
/// client addresses of audit entries past the auth log's), trash entries
/// past `YASS_TRASH_DAYS` with their files, stale throttle
/// rows and response snapshots that expired an hour ago (or belong to an
/// old build). Each is a delete or update by time: running it on every
/// instance at once does no harm.
pub async fn purge(state: &AppState) -> Result<u64, crate::error::ApiError> {
    let now = state.clock.now();
    let cutoff = now - TimeDelta::days(i64::from(state.settings.auth_log_retention_days));
    let n = auth_store::purge_events(&state.db, cutoff.naive_utc()).await?;
    storage::audit::forget_addresses(&state.db, cutoff.naive_utc()).await?;
    let audit_cutoff = now - TimeDelta::days(i64::from(state.settings.audit_retention_days));
    storage::audit::purge(&state.db, audit_cutoff.naive_utc()).await?;
    crate::operations::trash::purge_expired(state).await?;
    auth_store::purge_throttles(&state.db, (now - TimeDelta::days(2)).naive_utc()).await?;
    storage::snapshots::purge_expired(&state.db, now - TimeDelta::hours(1)).await?;
    // Sent mail is kept a month for the operators' questions ("did it go
    // out?"); its bodies were emptied when sent.
    storage::outbox::purge(&state.db, (now - TimeDelta::days(30)).naive_utc()).await?;
    storage::one_time_links::purge(&state.db, (now - TimeDelta::days(7)).naive_utc()).await?;
    crate::operations::site_archive::expire_jobs(state).await?;
    let unconfirmed =
        now - TimeDelta::hours(i64::from(crate::operations::applications::CONFIRM_HOURS));
    storage::applications::release_unconfirmed(&state.db, unconfirmed.naive_utc(), None).await?;
    Ok(n)
}

/// Pool sizes now (also read at every scrape, so they are exact there).
pub fn pool_gauges(db: &DatabaseConnection, max: u32) {
    let (size, idle) = match db {
        _ if db.get_database_backend() == sea_orm::DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle() as u32)
        }
        _ if db.get_database_backend() == sea_orm::DbBackend::MySql => {
            let p = db.get_mysql_connection_pool();
            (p.size(), p.num_idle() as u32)
        }
        _ => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle() as u32)
        }
    };
    metrics::set_pool(size.saturating_sub(idle), idle, max);
}

async fn lockout_gauges(state: &AppState) -> Result<(), crate::error::ApiError> {
    let locked = auth_store::locked_keys(&state.db, state.clock.now()).await?;
    for s in storage::sites::list(&state.db).await? {
        let prefixes = [
            format!("p:{}:", s.id),
            format!("a:{}:", s.id),
            format!("d:{}:", s.id),
        ];
        let n = locked
            .iter()
            .filter(|k| prefixes.iter().any(|p| k.starts_with(p.as_str())))
            .count();
        metrics::set_active_lockouts(&s.slug, n as u64);
    }
    Ok(())
}
