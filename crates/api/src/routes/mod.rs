//! HTTP handlers: thin, one module per resource.

pub mod account_links;
pub mod announcements;
pub mod api_tokens;
pub mod applications;
pub mod attachments;
pub mod audit_log;
pub mod auth;
pub mod auth_log;
pub mod branding;
pub mod calendar;
pub mod dashboard;
pub mod extensions;
pub mod groups;
pub mod health;
pub mod homepage;
pub mod images;
pub mod links;
pub mod me;
pub mod metrics;
pub mod nav;
pub mod news;
pub mod news_categories;
pub mod news_feeds;
pub mod pages;
pub mod platform_admins;
pub mod resolve;
pub mod revisions;
pub mod site_archives;
pub mod sitemap;
pub mod sites;
pub mod trash;
pub mod users;

use utoipa_actix_web::scope::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Every API route, for the server and for the OpenAPI document alike.
pub fn configure(cfg: &mut ServiceConfig) {
    // Everything of one school sits under one scope, so a request is
    // matched against `/api/v1/sites/{site}` once and then only against the
    // school's own routes: actix tries routes in registration order, and a
    // route behind a hundred others paid for every one of them.
    cfg.service(scope("/api/v1/sites/{site}").configure(site_configure))
        .configure(sitemap::configure)
        .configure(resolve::configure)
        .configure(auth::configure)
        .configure(account_links::configure)
        .configure(applications::configure)
        .configure(sites::configure)
        .configure(site_archives::configure)
        .configure(platform_admins::configure)
        .configure(audit_log::configure)
        .configure(announcements::configure);
}

/// The routes of one school (`/api/v1/sites/{site}/…`, the handlers' paths
/// relative to it).
fn site_configure(cfg: &mut ServiceConfig) {
    // Within the scope, too, the public reads (homepage, menu, news,
    // pages, links, extensions, calendar, sitemap) come first so they are
    // matched soonest.
    cfg.configure(homepage::configure)
        .configure(nav::configure)
        .configure(news_feeds::configure)
        .configure(news_categories::configure)
        .configure(news::configure)
        .configure(pages::configure)
        .configure(links::configure)
        .configure(extensions::configure)
        .configure(calendar::configure)
        .configure(sitemap::configure_site)
        .configure(auth::configure_site)
        .configure(account_links::configure_site)
        .configure(sites::configure_site)
        .configure(me::configure)
        .configure(groups::configure)
        .configure(users::configure)
        .configure(api_tokens::configure)
        .configure(auth_log::configure)
        .configure(audit_log::configure_site)
        .configure(revisions::configure)
        .configure(trash::configure)
        .configure(attachments::configure)
        .configure(images::configure)
        .configure(branding::configure)
        .configure(dashboard::configure);
}

/// Health checks live outside `/api/v1` but are documented too.
pub fn health_configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}
