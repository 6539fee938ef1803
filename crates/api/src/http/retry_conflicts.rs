//! Middleware: a write the database aborted because of a concurrent one,
//! or a read whose database connection broke, is run again here, before
//! the client hears of it.
//!
//! On a Galera cluster a transaction that loses certification at commit
//! (another node wrote the same row first), a deadlock, or a node that is
//! not ready yet all abort the whole transaction: nothing of it was
//! written, so running the same request again is exactly what the client
//! would be told to do. It is done for the client up to [`ATTEMPTS`] times
//! with a short, growing pause; when they run out the client gets the 503
//! `write_conflict` with `Retry-After`. Only such definite aborts are
//! retried ([`ApiError::is_retryable_abort`]): a connection lost during a
//! commit may have committed, and is answered 503 `unavailable` untouched.
//!
//! The body is kept in memory to be sent again, so only requests that
//! declare a length of at most [`RETRY_BODY_BYTES`] are retried, and only
//! while all kept bodies together stay within [`HELD_BODIES_BUDGET`];
//! other uploads stream as before and get the 503.

use crate::error::ApiError;
use actix_web::body::BoxBody;
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Runs of one request in all: the first and the retries. The pauses add
/// up to 1.8–3.6 s: a Galera node that is leaving answers "not ready" on its
/// open connections until HAProxy marks it down and cuts them (up to about
/// a second); the retries must outlast that with room to spare.
pub const ATTEMPTS: u32 = 7;
/// The largest body that is kept to be sent again.
pub const RETRY_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The pause before retry `n` (1-based): 20, 80, 180, 320, 500, 720 ms plus up
/// to as much again at random, so writers that collided do not collide
/// again.
fn pause_before(n: u32) -> Duration {
    let base = 20 * u64::from(n * n);
    Duration::from_millis(base + rand::random_range(0..=base))
}

/// Bytes of write bodies the process keeps for retries at once, across all
/// workers. A body is kept before the handler has checked anything (who is
/// asking included), so a flood of large writes must not make the process
/// hold more than this: past it, a write streams as it would without the
/// middleware and is not retried.
pub const HELD_BODIES_BUDGET: usize = 32 * 1024 * 1024;

/// The share of [`HELD_BODIES_BUDGET`] in use, shared by every worker.
#[derive(Clone)]
pub struct BodyBudget {
    held: Arc<AtomicUsize>,
    limit: usize,
}

impl BodyBudget {
    pub fn new(limit: usize) -> Self {
        BodyBudget {
            held: Arc::new(AtomicUsize::new(0)),
            limit,
        }
    }

    /// Takes `n` bytes of the budget until the returned guard drops, or
    /// `None` when they are not there.
    fn reserve(&self, n: usize) -> Option<Held> {
        self.held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                held.checked_add(n).filter(|total| *total <= self.limit)
            })
            .ok()
            .map(|_| Held(Arc::clone(&self.held), n))
    }
}

/// Bytes of the budget held by one kept body.
struct Held(Arc<AtomicUsize>, usize);

impl Drop for Held {
    fn drop(&mut self) {
        self.0.fetch_sub(self.1, Ordering::AcqRel);
    }
}

/// The declared length of a write whose whole body may be kept.
fn keepable_length(req: &ServiceRequest) -> Option<usize> {
    req.headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n <= RETRY_BODY_BYTES)
}

fn reads_only(req: &actix_web::HttpRequest) -> bool {
    req.method().is_safe()
}

/// Whether the answer is one to run the request again for: a definite
/// abort of a write, or, for a read (which changes nothing, so running it
/// again is always safe), also the database connection lost under it — the
/// pool then opens a new one, through the proxy to the next node.
fn aborted(res: &ServiceResponse<BoxBody>) -> bool {
    let Some(e) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
    else {
        return false;
    };
    e.is_retryable_abort() || (reads_only(res.request()) && e.may_have_committed())
}

/// The middleware; one [`BodyBudget`] is shared by every worker's copy.
pub struct RetryConflicts(pub BodyBudget);

impl<S> Transform<S, ServiceRequest> for RetryConflicts
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = actix_web::Error>
        + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = RetryConflictsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RetryConflictsService {
            service: Rc::new(service),
            budget: self.0.clone(),
        }))
    }
}

pub struct RetryConflictsService<S> {
    service: Rc<S>,
    budget: BodyBudget,
}

impl<S> Service<ServiceRequest> for RetryConflictsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = actix_web::Error>
        + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let service = Rc::clone(&self.service);
        // A write is retried only when its body can be kept: a declared
        // length within the per-request limit and within the budget.
        let held = if reads_only(req.request()) {
            None
        } else {
            match keepable_length(&req).and_then(|n| self.budget.reserve(n)) {
                Some(held) => Some(held),
                None => return Box::pin(service.call(req)),
            }
        };
        Box::pin(async move {
            let _held = held;
            // A read goes first with its payload untouched (no handler
            // reads a GET's body); its retries get none.
            let (body, mut req) = if reads_only(req.request()) {
                (Bytes::new(), req)
            } else {
                let (http, mut payload) = req.into_parts();
                let Ok(body) = read_body(&mut payload).await else {
                    let cut =
                        ApiError::BadRequest("The request body ended before its length.".into());
                    return Ok(ServiceResponse::from_err(cut, http));
                };
                let req = ServiceRequest::from_parts(http, Payload::from(body.clone()));
                (body, req)
            };
            let mut attempt = 1;
            loop {
                let res = service.call(req).await?;
                if attempt >= ATTEMPTS || !aborted(&res) {
                    if attempt > 1 {
                        crate::metrics::request_retried(if aborted(&res) {
                            "gave_up"
                        } else {
                            "succeeded"
                        });
                    }
                    return Ok(res);
                }
                tokio::time::sleep(pause_before(attempt)).await;
                attempt += 1;
                // The routed request comes back with the response; routing
                // starts over on it (the handler and its extractors run
                // again, on the same body).
                let (http, _) = res.into_parts();
                req = ServiceRequest::from_parts(http, Payload::from(body.clone()));
                req.match_info_mut().reset();
            }
        })
    }
}

async fn read_body(payload: &mut Payload) -> Result<Bytes, ()> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ())?;
        if body.len() + chunk.len() > RETRY_BODY_BYTES {
            return Err(());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test as http_test;
    use actix_web::{App, HttpResponse, web};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// An app whose one handler the database "aborts" `$fail` times, then
    /// echoes its path segment and body; `$runs` counts its runs.
    macro_rules! app {
        ($fail:expr, $runs:expr) => {
            app!($fail, $runs, BodyBudget::new(HELD_BODIES_BUDGET))
        };
        ($fail:expr, $runs:expr, $budget:expr) => {{
            let counted = Arc::clone(&$runs);
            let fail: u32 = $fail;
            http_test::init_service(
                App::new()
                    .app_data(web::PayloadConfig::new(4 * RETRY_BODY_BYTES))
                    .wrap(RetryConflicts($budget))
                    .service(web::scope("/s/{slug}").route(
                        "/news",
                        web::post().to(move |slug: web::Path<String>, body: Bytes| {
                            let runs = Arc::clone(&counted);
                            async move {
                                if runs.fetch_add(1, Ordering::SeqCst) < fail {
                                    return Err(ApiError::WriteConflict);
                                }
                                let mut echo = slug.into_inner().into_bytes();
                                echo.extend_from_slice(b":");
                                echo.extend_from_slice(&body);
                                Ok(HttpResponse::Created().body(echo))
                            }
                        }),
                    )),
            )
            .await
        }};
    }

    fn post(body: &'static str) -> http_test::TestRequest {
        http_test::TestRequest::post()
            .uri("/s/demo/news")
            .insert_header((CONTENT_LENGTH, body.len()))
            .set_payload(body)
    }

    #[actix_web::test]
    async fn an_aborted_write_runs_again_with_the_same_route_and_body() {
        let runs = Arc::new(AtomicU32::new(0));
        let app = app!(2, runs);
        let res = http_test::call_service(&app, post("hello").to_request()).await;
        assert_eq!(res.status(), 201);
        assert_eq!(http_test::read_body(res).await, "demo:hello");
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[actix_web::test]
    async fn when_the_attempts_run_out_the_client_gets_503_with_retry_after() {
        let runs = Arc::new(AtomicU32::new(0));
        let app = app!(u32::MAX, runs);
        let res = http_test::call_service(&app, post("x").to_request()).await;
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers().get("retry-after").unwrap(), "1");
        assert_eq!(runs.load(Ordering::SeqCst), ATTEMPTS);
        let body: serde_json::Value = http_test::read_body_json(res).await;
        assert_eq!(body["code"], "write_conflict");
    }

    #[actix_web::test]
    async fn a_write_is_not_retried_when_the_budget_for_kept_bodies_is_spent() {
        let runs = Arc::new(AtomicU32::new(0));
        let budget = BodyBudget::new(10);
        let app = app!(1, runs, budget.clone());
        let spent = budget.reserve(8).expect("8 of 10 bytes");
        let res = http_test::call_service(&app, post("hello").to_request()).await;
        assert_eq!(res.status(), 503, "5 bytes do not fit in the 2 left");
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        drop(spent);
        let res = http_test::call_service(&app, post("hello").to_request()).await;
        assert_eq!(res.status(), 201, "the budget is back: kept and retried");
        assert_eq!(
            budget.held.load(Ordering::SeqCst),
            0,
            "given back after the request"
        );
    }

    #[actix_web::test]
    async fn a_body_too_large_to_keep_is_not_retried() {
        let runs = Arc::new(AtomicU32::new(0));
        let app = app!(1, runs);
        let req = http_test::TestRequest::post()
            .uri("/s/demo/news")
            .insert_header((CONTENT_LENGTH, RETRY_BODY_BYTES + 1))
            .set_payload(vec![b'a'; RETRY_BODY_BYTES + 1])
            .to_request();
        let res = http_test::call_service(&app, req).await;
        assert_eq!(res.status(), 503);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn pauses_grow_and_stay_short() {
        for n in 1..ATTEMPTS {
            let p = pause_before(n).as_millis();
            let base = u128::from(20 * n * n);
            assert!((base..=2 * base).contains(&p), "retry {n}: {p} ms");
        }
    }
}
