//! Middleware: the instance that took a write forgets its copy of the
//! written site's row at once (other instances within `site_cache_ms`), and
//! wakes its homepage prebuild.

use crate::metrics::KnownSite;
use crate::state::State;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// Read-your-writes on the instance that took a write: once a request that
/// may change data has finished, its site's row (every site's, for a
/// platform-wide write) is read afresh by the next public request here.
pub async fn evict_after_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let method = res.request().method();
    let writes = !(method.is_safe() || method == actix_web::http::Method::OPTIONS);
    let state = res.request().app_data::<State>();
    if let (true, Some(state)) = (writes, state) {
        if let Some(KnownSite(slug)) = res.request().extensions().get::<KnownSite>() {
            state.site_rows.evict(slug);
        } else {
            // A platform-wide write: every site, and the announcements.
            state.site_rows.clear();
            state.notices.clear();
        }
        // Build the written school's homepage now, before a visitor must.
        state.content_written.notify_one();
    }
    Ok(res)
}
