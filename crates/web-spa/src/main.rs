//! yass visitor site: a Leptos client-side-rendered app, served by the API.

mod admin;
mod api;
mod app;
mod i18n;
mod routes;
mod time;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    // index.html shows a static "loading" line until the app takes over.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
