//! Site archives (platform admins): export a school to one file, or make a
//! new school of one. Both run as jobs on the server.

use crate::admin::api::{Res, Session};
use crate::admin::upload::upload as send_file;
use crate::routes::encode;
use yass_shared_types::archives::{ArchiveJob, StartExport, StartedExport};

pub async fn list(s: &Session) -> Res<Vec<ArchiveJob>> {
    s.get("/api/v1/site-archives").await
}

pub async fn get(s: &Session, id: i64) -> Res<ArchiveJob> {
    s.get(&format!("/api/v1/site-archives/{id}")).await
}

/// Starts an export; its `download_url` serves the file once done.
pub async fn export(s: &Session, slug: &str) -> Res<StartedExport> {
    s.post(
        "/api/v1/site-archives/exports",
        &StartExport {
            slug: slug.to_string(),
        },
    )
    .await
}

/// Uploads an archive (`progress(loaded, total)` follows the bytes sent)
/// and starts making the site `slug` of it (empty: the archive's own).
pub async fn import(
    s: &Session,
    slug: &str,
    file: &web_sys::File,
    progress: impl Fn(f64, f64) + Clone + 'static,
) -> Res<ArchiveJob> {
    let url = if slug.is_empty() {
        "/api/v1/site-archives/imports".to_string()
    } else {
        format!("/api/v1/site-archives/imports?slug={}", encode(slug))
    };
    send_file(s, &url, file, progress).await
}
