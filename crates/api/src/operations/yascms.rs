//! Importing a school from yascms (issue 17): its database and upload
//! folder become a new yass site through the same checked, all-or-nothing
//! write as a site archive. A dry run reports what would come and every
//! problem without writing.

use crate::error::{ApiError, ApiResult};
use crate::operations::site_archive::Progress;
use crate::state::AppState;
use crate::storage::SiteId;
use crate::storage::audit::Author;
use crate::storage::site_archive::{self as rows_store, Imported, WriteMode};
use crate::storage::yascms::{self as source, Converted};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct YascmsImport {
    /// `mysql://user:password@host/database` of the school's yascms.
    pub mysql_url: String,
    /// yascms's `uploads` folder (holds `news/`, `pages/`).
    pub uploads: PathBuf,
    pub slug: String,
    pub host: Option<String>,
    pub dry_run: bool,
}

/// What an import found, and what it made (none on a dry run).
pub struct Report {
    pub revision: String,
    pub counts: Vec<(&'static str, usize)>,
    pub notes: Vec<String>,
    pub left_out: Vec<String>,
    pub blocking: Vec<String>,
    pub imported: Option<Imported>,
}

/// Every regular file under `dir`, by name (yascms's news folders are by
/// month, and its own code disagrees on which month: names are unique).
fn index_files(dir: &Path, out: &mut HashMap<String, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => index_files(&path, out),
            Ok(t) if t.is_file() => {
                if let Some(n) = path.file_name().and_then(|n| n.to_str()) {
                    out.insert(n.to_string(), path.clone());
                }
            }
            _ => {}
        }
    }
}

/// Copies the attachments' files into `staging` under their new names.
fn stage_files(c: &mut Converted, uploads: &Path, staging: &Path) -> ApiResult<()> {
    let mut news = HashMap::new();
    index_files(&uploads.join("news"), &mut news);
    let mut pages = HashMap::new();
    index_files(&uploads.join("pages"), &mut pages);
    std::fs::create_dir_all(staging).map_err(ApiError::internal)?;
    for f in c.files.clone() {
        let found = if f.dir == "news" {
            news.get(&f.real_name)
        } else {
            pages.get(&f.real_name)
        };
        let Some(path) = found else {
            c.found_file(f.attachment_id, None, "");
            continue;
        };
        let bytes = std::fs::read(path).map_err(ApiError::internal)?;
        let name = c
            .rows
            .attachments
            .iter()
            .find(|a| a.id == f.attachment_id)
            .map(|a| a.file_name.clone())
            .unwrap_or_default();
        let head = &bytes[..bytes.len().min(crate::rules::file_types::HEAD_LEN)];
        let served =
            crate::rules::file_types::decide(&name, head, std::str::from_utf8(&bytes).is_ok());
        std::fs::write(staging.join(&f.stored_name), &bytes).map_err(ApiError::internal)?;
        c.found_file(
            f.attachment_id,
            Some(bytes.len() as u64),
            served.content_type,
        );
    }
    Ok(())
}

/// An image of the old site (a banner, a link icon) made a yass image the
/// way an upload is (decoded within the limits, resized, re-encoded), into
/// `staging/images/`; its URL, or why not.
fn stage_image(
    file: &Path,
    staging: &Path,
    slug: &str,
    bounds: crate::imaging::Bounds,
) -> Result<String, String> {
    let f = std::fs::File::open(file)
        .map_err(|_| "its file is not in the upload folder".to_string())?;
    let done =
        std::panic::catch_unwind(|| crate::imaging::process(std::io::BufReader::new(f), bounds))
            .map_err(|_| "the image could not be read".to_string())?
            .map_err(|r| r.0)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let dir = staging.join("images");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let name = format!("{id}.{}", done.ext);
    std::fs::write(dir.join(&name), &done.full).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(format!("{id}_400.{}", done.ext)), &done.thumb)
        .map_err(|e| e.to_string())?;
    Ok(format!("/api/v1/sites/{slug}/images/{name}"))
}

/// Banners and link icons as yass images.
fn stage_images(
    c: &mut Converted,
    opts: &YascmsImport,
    staging: &Path,
    bounds: crate::imaging::Bounds,
) {
    let mut banner_urls = vec![];
    for b in &c.banners {
        match stage_image(&opts.uploads.join(b), staging, &opts.slug, bounds) {
            Ok(u) => banner_urls.push(u),
            Err(m) => c.notes.push(format!("banner {b}: {m}: left out")),
        }
    }
    c.set_banners(&banner_urls);
    for (link, icon) in c.link_icons.clone() {
        match stage_image(&opts.uploads.join(&icon), staging, &opts.slug, bounds) {
            Ok(u) => c.set_link_icon(link, u),
            Err(m) => c
                .notes
                .push(format!("the icon {icon} of link {link}: {m}: left out")),
        }
    }
}

pub async fn import(
    st: &AppState,
    opts: &YascmsImport,
    author: &Author,
    progress: Progress,
) -> ApiResult<Report> {
    crate::rules::validate::slug(&opts.slug)
        .map_err(|m| crate::error::FieldErrors::single("slug", m))?;
    let db = sea_orm::Database::connect(&opts.mysql_url)
        .await
        .map_err(|e| ApiError::BadRequest(format!("cannot reach the yascms database: {e}")))?;
    progress("reading the yascms database");
    let mut c = source::read(
        &db,
        &opts.slug,
        opts.host.as_deref(),
        st.clock.now_naive(),
        // yascms keeps Taipei wall-clock times without a zone.
        yass_shared_types::time::taipei_ahead_of_utc(),
    )
    .await?;
    let _ = db.close().await;
    progress(&format!(
        "yascms schema {}: {} news, {} pages, {} attachments",
        c.revision,
        c.rows.news.len(),
        c.rows.pages.len(),
        c.rows.attachments.len()
    ));
    let staged = crate::operations::site_archive::Staged::new(&st.files);
    let staging = staged.dir.clone();
    let result = async {
        stage_files(&mut c, &opts.uploads, &staging)?;
        let bounds = crate::imaging::Bounds {
            max_pixels: st.settings.image_max_pixels,
            max_side: st.settings.image_max_side,
        };
        stage_images(&mut c, opts, &staging, bounds);
        let mut report = Report {
            revision: c.revision.clone(),
            counts: c.counts(),
            notes: std::mem::take(&mut c.notes),
            left_out: std::mem::take(&mut c.left_out),
            blocking: std::mem::take(&mut c.blocking),
            imported: None,
        };
        if opts.dry_run {
            // Rehearse the write (rolled back): the dry run then reports what
            // the real import's checks would refuse, not only the reading's.
            if report.blocking.is_empty()
                && let Err(e) = rows_store::write(
                    &st.db,
                    c.rows,
                    &opts.slug,
                    author,
                    WriteMode::Rehearse,
                    async |_| Ok(()),
                )
                .await
            {
                report.blocking.push(e.to_string());
            }
            return Ok(report);
        }
        if !report.blocking.is_empty() {
            return Err(ApiError::BadRequest(format!(
                "the yascms school cannot be imported as it is:\n  {}",
                report.blocking.join("\n  ")
            )));
        }
        progress(&format!("writing the site {}", opts.slug));
        report.imported = Some(
            rows_store::write(
                &st.db,
                c.rows,
                &opts.slug,
                author,
                WriteMode::Commit,
                async |site: SiteId| staged.place(&st.files, site, &progress).await,
            )
            .await?,
        );
        Ok(report)
    }
    .await;
    staged.finish(&st.files, &result).await;
    result
}
