//! Images uploaded into the site (logo, banners, link icons, images in
//! rich text).

use crate::admin::api::{Res, Session};
use crate::admin::upload::upload as send_file;
use yass_shared_types::content::UploadedImage;

/// Sends one image; `progress(loaded, total)` follows the bytes sent.
pub async fn upload(
    s: &Session,
    file: &web_sys::File,
    progress: impl Fn(f64, f64) + Clone + 'static,
) -> Res<UploadedImage> {
    send_file(s, &s.url("/images"), file, progress).await
}
