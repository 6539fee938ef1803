//! School homepages built ahead of visitors (issue 18, docs/decisions/0023).
//!
//! A homepage built on a visitor's request costs ~1 ms of CPU and a dozen
//! statements; 300 of them at once (a new build's first minutes, a cache
//! flush) queue behind each other for tens of milliseconds. So each
//! instance builds and shares (as snapshots, `http::public_cache`) every
//! homepage a visitor could not take as it is:
//!
//! - before it reports ready: a new build shares no snapshot with the old
//!   one, so a rolling deploy would otherwise meet every school cold;
//! - right after a request that may have written a school's content, on the
//!   instance that took it;
//! - every `YASS_PREBUILD_EVERY_MS` for what another instance wrote, what
//!   a schedule expired, or what expires within the next few seconds.
//!
//! One statement finds what needs building (one key probe per school); the
//! builds run one at a time, so the chore takes at most one database
//! connection and leaves the CPU to visitors. Every instance may run it at
//! once: a build is an upsert of the same snapshot, and a school another
//! instance has just built is found fresh and skipped.

use crate::error::ApiResult;
use crate::homepage_build::{HOMEPAGE, prebuild};
use crate::state::AppState;
use crate::storage::snapshots;
use actix_web::web;
use chrono::TimeDelta;
use std::time::{Duration, Instant};

/// Schools looked up per statement.
const BATCH: u64 = 200;

/// Least time between two passes, however many writes wake the chore (a
/// sign-in is a write request too).
const MIN_GAP: Duration = Duration::from_millis(250);

/// How long `yass serve` may spend building before it reports ready; the
/// rest is built by the first passes after.
const BEFORE_READY: Duration = Duration::from_secs(30);

/// A homepage expiring within this is rebuilt now, so visitors never find
/// it expired.
fn margin(every: Duration) -> TimeDelta {
    TimeDelta::from_std(every * 2 + Duration::from_secs(1)).unwrap_or(TimeDelta::seconds(5))
}

/// Builds every homepage that needs it, in school id order, until `stop`.
/// Returns how many were built. A school whose build fails is logged and
/// left to its visitors (who get the same error the build met).
pub async fn pass(state: &AppState, stop: Option<Instant>) -> ApiResult<usize> {
    let name = snapshots::name_of(HOMEPAGE);
    let margin = margin(every(state));
    let (mut after, mut built) = (0, 0);
    loop {
        let now = state.clock.now();
        let sites = snapshots::sites_needing(&state.db, &name, now, margin, after, BATCH).await?;
        for site in &sites {
            after = site.id;
            if stop.is_some_and(|t| Instant::now() >= t) {
                return Ok(built);
            }
            // Kept here though not shared (a body too large to store): this
            // instance's visitors are served; do not build it every pass.
            let now = state.clock.now();
            if state
                .cache
                .get(site.id, HOMEPAGE, site.content_version, now + margin)
                .is_some()
            {
                continue;
            }
            match prebuild(state, site).await {
                Ok(()) => built += 1,
                Err(e) => {
                    tracing::warn!(site = site.id, error = %e, "building a homepage ahead failed");
                }
            }
        }
        if (sites.len() as u64) < BATCH {
            return Ok(built);
        }
    }
}

fn every(state: &AppState) -> Duration {
    Duration::from_millis(state.settings.prebuild_every_ms.max(100))
}

/// The pass `yass serve` runs before it takes requests (bounded by
/// `BEFORE_READY`).
pub async fn before_ready(state: &AppState) {
    let started = Instant::now();
    match pass(state, Some(started + BEFORE_READY)).await {
        Ok(n) => tracing::info!(
            homepages = n,
            ms = started.elapsed().as_millis() as u64,
            "homepages built before ready"
        ),
        Err(e) => tracing::warn!(error = %e, "building homepages before ready failed"),
    }
}

/// The chore: a pass after each write this instance took (at most one per
/// `MIN_GAP`), and at least one per `YASS_PREBUILD_EVERY_MS`.
pub fn spawn(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let every = every(&state);
        loop {
            let _ = tokio::time::timeout(every, state.content_written.notified()).await;
            if let Err(e) = pass(&state, None).await {
                tracing::warn!(error = %e, "building homepages ahead failed");
            }
            actix_web::rt::time::sleep(MIN_GAP).await;
        }
    });
}
