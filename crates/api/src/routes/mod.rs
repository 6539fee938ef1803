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

use utoipa_actix_web::service_config::ServiceConfig;

/// Every API route, for the server and for the OpenAPI document alike.
pub fn configure(cfg: &mut ServiceConfig) {
    // actix tries routes in registration order: the public reads (homepage,
    // menu, news, pages, links, extensions, calendar, sitemap) come first so
    // they are matched soonest.
    cfg.configure(homepage::configure)
        .configure(nav::configure)
        .configure(news_feeds::configure)
        .configure(news_categories::configure)
        .configure(news::configure)
        .configure(pages::configure)
        .configure(links::configure)
        .configure(extensions::configure)
        .configure(calendar::configure)
        .configure(sitemap::configure)
        .configure(resolve::configure)
        .configure(auth::configure)
        .configure(account_links::configure)
        .configure(applications::configure)
        .configure(sites::configure)
        .configure(site_archives::configure)
        .configure(me::configure)
        .configure(groups::configure)
        .configure(users::configure)
        .configure(platform_admins::configure)
        .configure(api_tokens::configure)
        .configure(auth_log::configure)
        .configure(audit_log::configure)
        .configure(revisions::configure)
        .configure(trash::configure)
        .configure(attachments::configure)
        .configure(images::configure)
        .configure(announcements::configure)
        .configure(branding::configure)
        .configure(dashboard::configure);
}

/// Health checks live outside `/api/v1` but are documented too.
pub fn health_configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}
