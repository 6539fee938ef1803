//! yass visitor site: a Leptos client-side-rendered app, served by the API.

mod api;
mod app;
mod i18n;
mod routes;
mod time;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
