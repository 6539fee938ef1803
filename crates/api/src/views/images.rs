//! Uploaded images as the API shows them.

use yass_shared_types::content::UploadedImage;

/// An image just stored, with its thumbnail: the addresses the editor puts
/// in a body, and its size.
pub fn uploaded(slug: &str, name: &str, thumbnail: &str, width: u32, height: u32) -> UploadedImage {
    let base = format!("/api/v1/sites/{slug}/images");
    UploadedImage {
        url: format!("{base}/{name}"),
        width,
        height,
        thumbnail_url: format!("{base}/{thumbnail}"),
    }
}
