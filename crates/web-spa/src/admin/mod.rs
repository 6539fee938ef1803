//! The admin dashboard under `/admin` (own host) and `/s/{slug}/admin`
//! (platform host): sign-in, then the screens the user's rights allow
//! (`screens`), each calling the API through `endpoints`.

mod announcements;
mod api;
mod applications;
mod archives;
mod audit_text;
mod dashboard;
mod dt;
mod endpoints;
mod event_form;
mod events;
mod group_kind;
mod history;
mod link_form;
mod links;
mod login;
mod navedit;
mod news;
mod news_edit;
mod onboarding;
mod overview;
mod pages;
mod people;
mod platform;
mod platform_admins;
mod reorder;
mod rte;
mod screens;
mod settings;
mod shell;
mod site_admin;
mod ui;
mod upload;

pub use shell::AdminApp;
