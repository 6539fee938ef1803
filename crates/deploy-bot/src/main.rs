//! yass-deploy-bot: the deploy pipeline's voice in the team's Mattermost
//! channel (see ops/README.md#the-deploy-pipeline). One instance, on the
//! operations host, next to Buildbot.

mod auth;
mod buildbot;
mod commands;
mod config;
mod confirm;
mod mattermost;
mod messages;
mod routes;
mod state;
mod yass_status;

use actix_web::{App, HttpServer, web};
use tracing_subscriber::EnvFilter;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match config::from_lookup(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("yass-deploy-bot: {e}");
            std::process::exit(2);
        }
    };
    let bind = config.bind.clone();
    let state = web::Data::new(state::AppState::new(config).map_err(std::io::Error::other)?);
    tracing::info!(%bind, "yass-deploy-bot listening");
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(web::JsonConfig::default().limit(64 * 1024))
            .app_data(web::FormConfig::default().limit(16 * 1024))
            .configure(routes::configure)
    })
    .workers(1)
    .bind(bind)?
    .run()
    .await
}
