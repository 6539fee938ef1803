//! yass SPA: a Leptos client-side-rendered app, served by the API.
//!
//! Built as two bundles from this library (docs/decisions/0006-spa-two-bundles.md):
//! `yass-web-spa` (src/bin/site.rs) draws the visitor site and
//! `yass-web-admin` (src/bin/admin.rs) the admin dashboard. Each binary
//! names only its own half, so the linker leaves the other half out; a path
//! of the other half is a full page load away.

pub mod admin;
pub mod api;
pub mod app;
pub mod html_sink;
pub mod i18n;
pub mod routes;
pub mod time;
pub mod views;

pub use app::{AdminView, Screens, SiteView};

/// Mounts the app with the screens this bundle can draw.
pub fn start(screens: Screens) {
    console_error_panic_hook::set_once();
    // index.html shows a static "loading" line until the app takes over.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(move || leptos::view! { <app::App screens=screens /> });
}
