//! Database statements per request, counted where sea-orm reports each one
//! and sent back as `X-Yass-Queries` when `YASS_QUERY_COUNT_HEADER` is on, so
//! tests can hold the public reads to a number of queries (issue 18) without
//! timing anything.

use crate::state::State;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use std::cell::Cell;

pub const HEADER: &str = "x-yass-queries";

tokio::task_local! {
    static QUERIES: Cell<u32>;
}

/// Called by the database connection after each statement: counts it for
/// the request running in this task, if any is being counted.
pub fn count_one() {
    let _ = QUERIES.try_with(|n| n.set(n.get().saturating_add(1)));
}

/// Statements run so far by the request in this task (None outside one).
pub fn so_far() -> Option<u32> {
    QUERIES.try_with(Cell::get).ok()
}

pub async fn count_queries(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let on = req
        .app_data::<State>()
        .is_some_and(|s| s.settings.query_count_header);
    if !on {
        return next.call(req).await;
    }
    QUERIES
        .scope(Cell::new(0), async move {
            let mut res = next.call(req).await?;
            let n = so_far().unwrap_or(0);
            res.headers_mut()
                .insert(HeaderName::from_static(HEADER), HeaderValue::from(n));
            Ok(res)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn statements_are_counted_per_task_and_not_outside_one() {
        count_one();
        assert_eq!(so_far(), None, "no request, nothing counted");
        let n = QUERIES
            .scope(Cell::new(0), async {
                count_one();
                tokio::task::yield_now().await;
                count_one();
                so_far()
            })
            .await;
        assert_eq!(n, Some(2));
    }
}
