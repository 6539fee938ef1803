//! Rich text sanitizer: the allow-list of DESIGN.md ("Content rules") lives
//! in yass-shared-types (feature `sanitize`) so the migrations can use it
//! too; this is the API's door to it.

pub use yass_shared_types::html::{FRAME_HOSTS, SanitizedHtml, iframe_allowed, image_allowed};

/// Sanitizes rich text of the site `site_slug` (its own uploads may appear
/// as images), for storing.
pub fn sanitize(html: &str, site_slug: &str) -> String {
    yass_shared_types::html::sanitize(html, Some(site_slug)).into_string()
}

/// Sanitizes platform-wide rich text (announcements): no site's uploads.
pub fn sanitize_platform(html: &str) -> String {
    yass_shared_types::html::sanitize(html, None).into_string()
}
