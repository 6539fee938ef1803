//! The extractor a site-scoped handler takes: the site its path names
//! (`{site}`), and who asks with their rights on that site.
//!
//! Taking [`SiteActor`] as an argument replaces three steps every handler
//! used to repeat by hand — authenticate, load the site, resolve the actor —
//! in the order they always ran: a missing or bad token is 401 first, an
//! unknown or disabled site 404, a token of another site 401.

use crate::auth::caller::{Actor, Caller};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::SiteTx;
use crate::storage::sites::SiteRow;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::Future;
use std::pin::Pin;

pub struct SiteActor {
    pub site: SiteRow,
    pub actor: Actor,
}

impl SiteActor {
    /// A transaction on this site's data, for this actor's writes.
    pub async fn begin(&self, state: &AppState) -> ApiResult<SiteTx> {
        SiteTx::begin(&state.db, self.site.site_id(), self.actor.author()).await
    }

    /// A site admin's change in one transaction of this site: anyone else
    /// gets 403 before anything runs; `change` gets the transaction, and
    /// its result comes back once the commit (with its audit entry and
    /// content version) is done.
    pub async fn admin_changes<T>(
        &self,
        state: &AppState,
        change: impl AsyncFnOnce(&SiteTx) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.actor.require_admin()?;
        let tx = self.begin(state).await?;
        let out = change(&tx).await?;
        tx.commit().await?;
        Ok(out)
    }
}

impl FromRequest for SiteActor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = ApiResult<Self>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let caller = caller.await?;
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("state missing"))?
                .clone();
            let slug = req
                .match_info()
                .get("site")
                .ok_or_else(|| ApiError::internal("a site route without {site}"))?
                .to_owned();
            let site = super::site_lookup::site(&state, &req, &slug).await?;
            let actor = caller.actor(&state, &site).await?;
            Ok(SiteActor { site, actor })
        })
    }
}
