//! Prometheus metrics. Label values are bounded: the route is the template
//! actix matched (never the raw URL) and the site is a slug only once a
//! handler has found that site in the database.

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide recorder (installed once, shared by every app in a
/// test process).
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let buckets = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ];
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &buckets)
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "histogram buckets refused; using the defaults");
                PrometheusBuilder::new()
            });
        // Installing fails only if another recorder is in place (this runs
        // once per process): metrics then go unrecorded, the server serves.
        let handle = builder.install_recorder().unwrap_or_else(|e| {
            tracing::error!(error = %e, "metrics recorder not installed");
            PrometheusBuilder::new().build_recorder().handle()
        });
        metrics::gauge!(
            "yass_build_info",
            "version" => env!("CARGO_PKG_VERSION"),
            "commit" => option_env!("YASS_GIT_COMMIT").unwrap_or("unknown"),
            "release" => crate::build::release()
        )
        .set(1.0);
        // Counters an alert takes the rate of start at 0, so the series
        // exists (and the alert can be evaluated) before the first event.
        for outcome in ["succeeded", "gave_up"] {
            metrics::counter!("yass_request_retries_total", "outcome" => outcome).increment(0);
        }
        crate::file_store::zero_metrics();
        describe();
        handle
    })
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "yass_http_requests_total",
        "HTTP requests by site, route template and status"
    );
    describe_histogram!(
        "yass_http_request_duration_seconds",
        Unit::Seconds,
        "HTTP request duration"
    );
    describe_histogram!(
        "yass_homepage_duration_seconds",
        Unit::Seconds,
        "Homepage request duration per site"
    );
    describe_histogram!(
        "yass_login_duration_seconds",
        Unit::Seconds,
        "Login request duration"
    );
    describe_counter!("yass_login_failures_total", "Failed logins by reason");
    describe_counter!(
        "yass_request_retries_total",
        "Requests run again because the database aborted a write (a conflict, a Galera node not ready) or lost a read's connection: succeeded, or gave_up (503)"
    );
    describe_counter!(
        "yass_file_store_requests_total",
        "Requests to the file store (uploads directory or S3 object store) by operation (put, get, delete, list) and outcome: ok, missing (a file a row names is not there: 404), error (the store failed: 503)"
    );
    describe_gauge!("yass_active_lockouts", "Login keys locked right now");
    describe_gauge!(
        "yass_db_pool_connections",
        "Database pool connections by state"
    );
    describe_gauge!(
        "yass_db_pool_max_connections",
        "Configured maximum pool size"
    );
    describe_histogram!(
        "yass_db_pool_acquire_wait_seconds",
        Unit::Seconds,
        "Time a query waited for a pool connection; the rate of its sum is the average number waiting"
    );
    describe_gauge!(
        "yass_build_info",
        "Version, git commit and deployed release (the RELEASE file next to the binary) of this build"
    );
    describe_counter!(
        "yass_mail_total",
        "Outbox messages by kind and outcome: sent, retry (SMTP failed, tried again later), given_up"
    );
    describe_gauge!(
        "yass_mail_waiting",
        "Outbox messages neither sent nor given up"
    );
    describe_counter!(
        "yass_public_cache_total",
        "Cached public responses by response and where they came from: hit (this instance), snapshot (shared, in the database), built"
    );
    describe_gauge!(
        "yass_public_cache_bytes",
        Unit::Bytes,
        "Bytes held by this instance's public response cache (YASS_CACHE_BYTES bounds it)"
    );
}

/// Put into request extensions by handlers once the site is known to exist.
#[derive(Clone)]
pub struct KnownSite(pub String);

pub const PLATFORM: &str = "_platform";
pub const UNKNOWN: &str = "_unknown";

pub fn login_failure(site: &str, reason: &'static str) {
    metrics::counter!("yass_login_failures_total", "site" => site.to_string(), "reason" => reason)
        .increment(1);
}

/// A password check refused because every password worker stayed busy.
/// A request run again (`http::retry_conflicts`): `succeeded` on a later
/// attempt, or `gave_up` (the client got the 503).
pub fn request_retried(outcome: &'static str) {
    metrics::counter!("yass_request_retries_total", "outcome" => outcome).increment(1);
}

pub fn password_pool_busy() {
    metrics::counter!("yass_password_pool_busy_total").increment(1);
}

pub fn login_duration(site: &str, seconds: f64) {
    metrics::histogram!("yass_login_duration_seconds", "site" => site.to_string()).record(seconds);
}

pub fn set_active_lockouts(site: &str, n: u64) {
    metrics::gauge!("yass_active_lockouts", "site" => site.to_string()).set(n as f64);
}

/// One attempt to send an outbox message: `sent`, `retry` or `given_up`.
pub fn mail_sent(kind: &str, outcome: &'static str) {
    metrics::counter!("yass_mail_total", "kind" => kind.to_string(), "outcome" => outcome)
        .increment(1);
}

pub fn set_mail_waiting(n: u64) {
    metrics::gauge!("yass_mail_waiting").set(n as f64);
}

/// Where a cached public response came from: `hit`, `snapshot` or `built`.
pub fn public_cache_bytes(bytes: usize) {
    metrics::gauge!("yass_public_cache_bytes").set(bytes as f64);
}

pub fn public_cache(response: &'static str, outcome: &'static str) {
    metrics::counter!("yass_public_cache_total", "response" => response, "outcome" => outcome)
        .increment(1);
}

pub fn set_pool(in_use: u32, idle: u32, max: u32) {
    metrics::gauge!("yass_db_pool_connections", "state" => "in_use").set(f64::from(in_use));
    metrics::gauge!("yass_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("yass_db_pool_max_connections").set(f64::from(max));
}

fn status_class(code: u16) -> &'static str {
    match code {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Middleware: counts and times every request.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let method = req.method().as_str().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "_unmatched".to_string());
    let site = match res.request().extensions().get::<KnownSite>() {
        Some(k) => k.0.clone(),
        None if route.contains("{site}") => UNKNOWN.to_string(),
        None => PLATFORM.to_string(),
    };
    let code = res.status().as_u16();
    let method = match method.as_str() {
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => method,
        _ => "OTHER".to_string(),
    };
    let elapsed = start.elapsed().as_secs_f64();
    metrics::counter!(
        "yass_http_requests_total",
        "site" => site.clone(),
        "route" => route.clone(),
        "method" => method,
        "status_class" => status_class(code),
        "status" => code.to_string()
    )
    .increment(1);
    metrics::histogram!(
        "yass_http_request_duration_seconds",
        "site" => site.clone(),
        "route" => route.clone()
    )
    .record(elapsed);
    if route == "/api/v1/sites/{site}/homepage" {
        metrics::histogram!("yass_homepage_duration_seconds", "site" => site).record(elapsed);
    }
    Ok(res)
}

/// sqlx reports each pool acquisition as a trace event (target
/// `sqlx::pool::acquire`, field `acquired_after_secs`) when `db::connect`
/// asks it to; this layer turns those into `yass_db_pool_acquire_wait_seconds`.
/// sqlx exposes no count of waiting tasks, but by Little's law
/// `rate(yass_db_pool_acquire_wait_seconds_sum[1m])` is the average number of
/// queries waiting for a connection over that minute.
pub fn pool_wait_layer<S>() -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    use tracing_subscriber::Layer;
    PoolWait.with_filter(tracing_subscriber::filter::filter_fn(|m| {
        m.target() == POOL_ACQUIRE_TARGET
    }))
}

const POOL_ACQUIRE_TARGET: &str = "sqlx::pool::acquire";

struct PoolWait;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for PoolWait {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Waited(Option<f64>);
        impl tracing::field::Visit for Waited {
            fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
                if field.name() == "acquired_after_secs" {
                    self.0 = Some(value);
                }
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        let mut waited = Waited(None);
        event.record(&mut waited);
        if let Some(secs) = waited.0 {
            metrics::histogram!("yass_db_pool_acquire_wait_seconds").record(secs);
        }
    }
}
