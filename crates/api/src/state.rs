//! What every handler shares. Nothing here is needed for correctness across
//! instances: all state that matters lives in the database.

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Passwords;
use crate::cache::{CountCache, Flights, ResponseCache, SiteRows};
use crate::clock::Clock;
use crate::config::Settings;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What every handler takes: the shared state, as actix hands it out.
pub type State = actix_web::web::Data<AppState>;

pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: JwtKeys,
    pub passwords: Passwords,
    pub clock: Clock,
    /// Public responses, keyed by the site's content version.
    pub cache: ResponseCache,
    /// Visible-news counts per filter, keyed like `cache`.
    pub counts: CountCache,
    /// One builder per cached value at a time.
    pub flights: Flights,
    /// Site rows for public reads, kept `site_cache_ms`.
    pub site_rows: SiteRows,
    /// The visible platform announcements, kept like site rows.
    pub notices: crate::cache::Notices,
    /// One permit per image decode running at once (one per CPU), so a
    /// burst of uploads cannot multiply the decoder's memory cap.
    pub image_decodes: Arc<Semaphore>,
    /// Sends the outbox's mail (SMTP, or files when none is configured).
    pub mailer: crate::mail::Mailer,
    /// Wakes this instance's mail sender when a request queued mail.
    pub mail_queued: tokio::sync::Notify,
    /// Wakes this instance's homepage prebuild after a request that may
    /// have changed a school's content (`crate::prebuild`).
    pub content_written: tokio::sync::Notify,
    /// Uploaded files: a directory, or the shared object store.
    pub files: crate::file_store::FileStore,
    /// Requests running now, and whether the instance is about to stop
    /// (`http::drain`).
    pub drain: crate::http::running::Drain,
}
