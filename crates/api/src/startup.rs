//! Building the application, separate from `main` so tests start the very
//! same server on a free port.

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Passwords;
use crate::clock::Clock;
use crate::config::Settings;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{db, housekeeping, metrics, openapi, prebuild, routes, shell};
use actix_web::dev::Server;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::sync::Arc;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub struct Application {
    port: u16,
    server: Server,
    pub state: web::Data<AppState>,
}

impl Application {
    /// Connects, migrates and binds, as `yass serve` does.
    pub async fn build(settings: Settings) -> Result<Self, BoxError> {
        let db = db::connect(&settings).await?;
        db::migrate(&db).await?;
        Self::build_with(settings, db, Clock::default()).await
    }

    /// Builds on an existing connection and clock (tests move the clock).
    pub async fn build_with(
        settings: Settings,
        db: DatabaseConnection,
        clock: Clock,
    ) -> Result<Self, BoxError> {
        let state = web::Data::new(state(settings, db, clock)?);
        if state.settings.demo {
            crate::demo::seed(&state).await?;
        }
        // Hash the executable now rather than on the first cache miss.
        actix_web::rt::task::spawn_blocking(crate::build::id).await?;
        if state.settings.prebuild_homepages {
            // Before the listener exists, so `/readyz` (and a rolling
            // deploy) waits for it.
            prebuild::before_ready(&state).await;
            prebuild::spawn(state.clone());
        }
        let listener = TcpListener::bind(&state.settings.bind)?;
        let port = listener.local_addr()?.port();
        metrics::handle();
        housekeeping::spawn(state.clone());
        if state.settings.mail_sender {
            crate::mail_sender::spawn(state.clone());
        }
        let server = run(listener, state.clone())?;
        Ok(Self {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// Runs until SIGTERM or SIGINT, as `yass serve` does: SIGTERM drains
    /// first (`http::drain`).
    pub async fn run_until_signalled(self) -> std::io::Result<()> {
        let signals = crate::http::drain::StopSignals::listen()?;
        let drain = std::time::Duration::from_millis(self.state.settings.shutdown_drain_ms);
        actix_web::rt::spawn(signals.stop_server(self.server.handle(), self.state, drain));
        self.server.await
    }
}

/// The shared state, with the signing key and password hasher ready.
pub fn state(
    settings: Settings,
    db: DatabaseConnection,
    clock: Clock,
) -> Result<AppState, BoxError> {
    let secret = crate::keys::jwt_secret(&settings)?;
    let workers = match settings.password_workers {
        0 => crate::auth::password::default_workers(),
        n => n,
    };
    let passwords = Passwords::new(settings.argon2_memory_kib, settings.argon2_iterations)?
        .with_pool(
            workers,
            std::time::Duration::from_millis(settings.password_wait_ms),
        );
    let site_ttl = std::time::Duration::from_millis(settings.site_cache_ms);
    let cache_bytes = settings.cache_bytes;
    let mailer = crate::mail::Mailer::from_settings(&settings)?;
    let files = crate::file_store::FileStore::from_settings(&settings)?;
    Ok(AppState {
        db,
        settings: Arc::new(settings),
        jwt: JwtKeys::from_secret(&secret),
        passwords,
        clock,
        cache: crate::cache::ResponseCache::new(cache_bytes),
        counts: crate::cache::CountCache::new(1 << 20),
        flights: crate::cache::Flights::default(),
        site_rows: crate::cache::SiteRows::new(site_ttl, 4096),
        notices: crate::cache::Notices::new(site_ttl),
        image_decodes: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        )),
        mailer,
        mail_queued: tokio::sync::Notify::new(),
        content_written: tokio::sync::Notify::new(),
        files,
        drain: crate::http::running::Drain::default(),
    })
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge { limit }
        }
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("Send the body as application/json.".into())
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            crate::error::FieldErrors::single("body", e.to_string())
        }
        JsonPayloadError::Deserialize(e) => ApiError::MalformedJson(e.to_string()),
        other => ApiError::BadRequest(other.to_string()),
    }
}

fn query_error(err: QueryPayloadError) -> ApiError {
    match err {
        QueryPayloadError::Deserialize(e) => {
            crate::error::FieldErrors::single("query", e.to_string())
        }
        other => ApiError::BadRequest(other.to_string()),
    }
}

fn path_error(_: PathError) -> ApiError {
    // `/users/abc` names nothing that can exist.
    ApiError::NotFound
}

fn run(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    let doc = openapi::document();
    let json_limit = state.settings.json_limit_bytes;
    let kept_bodies = crate::http::retry_conflicts::BodyBudget::new(
        crate::http::retry_conflicts::HELD_BODIES_BUDGET,
    );
    let server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .configure(routes::configure)
            .configure(routes::health_configure)
            .split_for_parts();
        app.app_data(state.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(json_limit)
                    .error_handler(|e, _| json_error(e).into()),
            )
            .app_data(web::QueryConfig::default().error_handler(|e, _| query_error(e).into()))
            .app_data(web::PathConfig::default().error_handler(|e, _| path_error(e).into()))
            .app_data(web::PayloadConfig::default().limit(json_limit))
            .service(
                web::resource("/metrics")
                    .route(web::get().to(crate::routes::metrics::metrics_endpoint)),
            )
            .service(web::resource("/api/v1/openapi.json").route(web::get().to({
                let body = serde_json::to_string(&doc).unwrap_or_default();
                move || {
                    let body = body.clone();
                    async move {
                        actix_web::HttpResponse::Ok()
                            .content_type("application/json")
                            .body(body)
                    }
                }
            })))
            .service(
                SwaggerUi::new("/api/v1/docs/{_:.*}").url("/api/v1/docs/openapi.json", doc.clone()),
            )
            .default_service(web::to(shell::serve::fallback))
            .wrap(crate::http::retry_conflicts::RetryConflicts(
                kept_bodies.clone(),
            ))
            .wrap(from_fn(crate::http::evict_after_writes::evict_after_writes))
            .wrap(from_fn(crate::http::query_count::count_queries))
            .wrap(Compress::default())
            .wrap(from_fn(metrics::track))
            .wrap(from_fn(crate::http::drain::track))
    })
    .workers(
        std::thread::available_parallelism()
            .map_or(2, std::num::NonZero::get)
            .min(4),
    )
    .shutdown_timeout(20)
    // Longer than nginx's `keepalive_timeout` for its pooled connections
    // (2 s): nginx, the side that sends, closes an idle connection first,
    // never yass under a request nginx is sending (decision 0022).
    .keep_alive(std::time::Duration::from_secs(15))
    // `yass serve` handles SIGTERM itself, draining first (`http::drain`).
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}
