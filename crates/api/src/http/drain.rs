//! Stopping an instance without failing a request in flight.
//!
//! Two things fail a request when an instance simply stops:
//!
//! - nginx keeps connections to every instance open and sends the next
//!   request on whichever is free. If the instance closed its idle
//!   connections at once, nginx could send a write on one of them as it
//!   closes; nginx never sends a POST it has already sent to another
//!   instance, so the webmaster would get a 502.
//! - Each actix worker thread runs its own runtime, and a worker with
//!   nothing to do stops at once, taking its runtime with it. Database and
//!   object-store connections belong to the runtime that opened them, and
//!   they are shared by every worker: a request still running on another
//!   worker that uses one of them fails ("Tokio context … being shutdown",
//!   a 503).
//!
//! So on SIGTERM an instance first *drains* for `YASS_SHUTDOWN_DRAIN_MS`: it
//! goes on serving, `/readyz` says 503, and every response closes its
//! connection (`Connection: close`), which nginx then never reuses. Then it
//! waits for a moment when no request is running (response bodies still
//! streaming count), and only then stops accepting (nginx gets "connection
//! refused", which it retries on another instance for every method) and
//! lets its workers go. Ctrl-C (SIGINT) skips the drain: that is a
//! developer.

use crate::http::running::Counted;
use crate::state::State;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use std::time::Duration;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// Counts every request while it runs; while the instance drains, each
/// response closes its connection.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(state) = req.app_data::<State>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let running = state.drain.enter();
    let mut res = next.call(req).await?;
    if state.drain.is_draining() {
        res.response_mut()
            .head_mut()
            .set_connection_type(ConnectionType::Close);
    }
    Ok(res.map_body(|_, body| BoxBody::new(Counted::new(BoxBody::new(body), running))))
}

/// How long the stop waits, after the drain, for a moment with no request
/// running before it stops anyway (an upload of minutes must not hold a
/// deploy; actix's own timeout then gives it 20 s more).
const QUIET_WAIT: Duration = Duration::from_secs(10);

/// The signals that stop `yass serve`, taken over from actix's defaults.
pub struct StopSignals {
    terminate: Signal,
    interrupt: Signal,
}

impl StopSignals {
    /// Listens for SIGTERM and SIGINT from now on.
    pub fn listen() -> std::io::Result<Self> {
        Ok(Self {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for a signal; on SIGTERM drains, then waits for no request to
    /// be running; then stops the server gracefully.
    pub async fn stop_server(mut self, server: ServerHandle, state: State, drain: Duration) {
        tokio::select! {
            _ = self.terminate.recv() => {
                tracing::info!(drain_ms = drain.as_millis(), "SIGTERM: draining, then stopping");
                state.drain.start();
                tokio::time::sleep(drain).await;
                let quiet = tokio::time::timeout(QUIET_WAIT, async {
                    while state.drain.running() > 0 {
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                })
                .await;
                if quiet.is_err() {
                    tracing::warn!(running = state.drain.running(), "stopping with requests still running");
                }
            }
            _ = self.interrupt.recv() => tracing::info!("SIGINT: stopping"),
        }
        server.stop(true).await;
    }
}
