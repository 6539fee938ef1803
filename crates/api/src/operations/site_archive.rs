//! Site archives (`rules::site_archive` says what one is): writing one of a
//! site, and making a new site of one. An archive is untrusted: its
//! manifest is checked before any member is read, every member against the
//! manifest's size and SHA-256 as it streams in, and nothing is written to
//! the database until every member has passed; its files wait in a staging
//! folder and move into the new site's folder only inside the transaction
//! that makes the site.

use crate::error::{ApiError, ApiResult};
use crate::file_store::{FileKey, FileStore};
use crate::rules::site_archive::{
    self as format, Limits, MANIFEST, MANIFEST_LIMIT, Manifest, ManifestMember, Member,
};
use crate::state::AppState;
use crate::storage::SiteId;
use crate::storage::audit::Author;
use crate::storage::site_archive::{self as rows_store, Imported, SiteRows, WriteMode};
use crate::storage::site_archive_jobs as jobs;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Progress for a person watching (the terminal; later a job's row).
pub type Progress = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// Where one member's bytes come from when writing.
enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((n, hex::encode(h.finalize())))
}

/// Writes the archive of site `slug` to `out` (via `out.partial` and a
/// rename, mode 0600: it holds password hashes and e-mail addresses).
pub async fn export(
    st: &AppState,
    slug: &str,
    out: &Path,
    progress: Progress,
) -> ApiResult<Manifest> {
    let site = crate::storage::sites::by_slug(&st.db, slug)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    let rows = rows_store::read(&st.db, site.site_id()).await?;
    progress(&format!(
        "read {} news, {} pages, {} attachments in one snapshot",
        rows.news.len(),
        rows.pages.len(),
        rows.attachments.len()
    ));
    // The files come out of the store first (they never change once
    // written, so these are the snapshot's), into a folder that goes after.
    let copies = st
        .files
        .incoming_dir()
        .join(format!("export-{}", uuid::Uuid::new_v4().simple()));
    let written = async {
        tokio::fs::create_dir_all(&copies)
            .await
            .map_err(ApiError::internal)?;
        let mut files = vec![];
        let stored = st.files.site_files(site.site_id()).await?;
        let total = stored.len();
        for (n, f) in stored.into_iter().enumerate() {
            let path = copies.join(n.to_string());
            st.files.copy_to(&f.key, &path).await?;
            files.push((f.member, path));
            if (n + 1).is_multiple_of(PROGRESS_EVERY) {
                progress(&format!("copied {} of {total} files", n + 1));
            }
        }
        let out = out.to_path_buf();
        let progress = progress.clone();
        tokio::task::spawn_blocking(move || write_archive(&rows, &files, &out, &progress))
            .await
            .map_err(ApiError::internal)?
            .map_err(|e| ApiError::BadRequest(format!("could not write the archive: {e}")))
    }
    .await;
    let _ = tokio::fs::remove_dir_all(&copies).await;
    let manifest = written?;
    progress(&format!(
        "wrote {} members, {} bytes",
        manifest.members.len() + 1,
        manifest.members.iter().map(|m| m.size).sum::<u64>()
    ));
    Ok(manifest)
}

/// Lines on the terminal (or the job's status) every this many files or
/// members, so a large school's export or import is seen to move.
const PROGRESS_EVERY: usize = 500;

fn write_archive(
    rows: &SiteRows,
    files: &[(String, PathBuf)],
    out: &Path,
    progress: &Progress,
) -> std::io::Result<Manifest> {
    let mut members: Vec<(ManifestMember, Source)> = vec![];
    let tables = serde_json::to_value(rows).map_err(std::io::Error::other)?;
    for t in format::TABLES.iter().chain(format::LATER_TABLES) {
        let bytes = serde_json::to_vec(&tables[*t]).map_err(std::io::Error::other)?;
        members.push((
            ManifestMember {
                name: format!("rows/{t}.json"),
                size: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(&bytes)),
            },
            Source::Bytes(bytes),
        ));
    }
    for (name, path) in files {
        if format::member(name).is_err() {
            continue; // not a file an archive may carry
        }
        let (size, sha256) = sha256_file(path)?;
        members.push((
            ManifestMember {
                name: name.clone(),
                size,
                sha256,
            },
            Source::File(path.clone()),
        ));
    }
    let manifest = Manifest {
        format: format::FORMAT.into(),
        version: format::VERSION,
        written_by: format!("yass {}", env!("CARGO_PKG_VERSION")),
        created_at: chrono::Utc::now().to_rfc3339(),
        source_slug: rows.slug().to_string(),
        source_name: rows.name().to_string(),
        counts: rows
            .counts()
            .into_iter()
            .map(|(k, n)| (k.to_string(), n as u64))
            .collect(),
        members: members.iter().map(|(m, _)| m.clone()).collect(),
    };
    let partial = out.with_extension("partial");
    let file = {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(&partial)?
    };
    let result = (|| {
        let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
        let append = |tar: &mut tar::Builder<_>, name: &str, size: u64, data: &mut dyn Read| {
            let mut h = tar::Header::new_gnu();
            h.set_size(size);
            h.set_mode(0o600);
            h.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut h, name, data)
        };
        let head = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        append(&mut tar, MANIFEST, head.len() as u64, &mut head.as_slice())?;
        let total = members.len();
        for (n, (m, src)) in members.iter().enumerate() {
            if n > 0 && n.is_multiple_of(PROGRESS_EVERY) {
                progress(&format!("wrote {n} of {total} members"));
            }
            match src {
                Source::Bytes(b) => append(&mut tar, &m.name, m.size, &mut b.as_slice())?,
                Source::File(p) => {
                    // The size and hash were taken above; a file that changed
                    // since would fail the import's check, so refuse it now.
                    let mut f = std::fs::File::open(p)?.take(m.size);
                    append(&mut tar, &m.name, m.size, &mut f)?;
                }
            }
        }
        let mut w = tar.into_inner()?;
        w.flush()?;
        w.get_ref().sync_all()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, out)?;
    Ok(manifest)
}

/// What was read from an archive: the rows, checked against the manifest;
/// the files wait in the staging folder.
struct Checked {
    manifest: Manifest,
    tables: HashMap<&'static str, Vec<u8>>,
}

fn refuse(msg: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("the archive is refused: {msg}"))
}

/// Reads and checks every member; files go to `staging` (`images/` for
/// images) under their checked names.
fn read_archive(
    file: &Path,
    staging: &Path,
    limits: Limits,
    progress: Progress,
) -> ApiResult<Checked> {
    let f = std::fs::File::open(file)
        .map_err(|e| refuse(format!("{} cannot be opened: {e}", file.display())))?;
    let mut archive = tar::Archive::new(std::io::BufReader::new(f));
    let corrupt = |e: std::io::Error| refuse(format!("it is truncated or corrupt ({e})"));
    let mut entries = archive.entries().map_err(corrupt)?;
    let mut first = entries
        .next()
        .ok_or_else(|| refuse("it is empty"))?
        .map_err(corrupt)?;
    if first.path_bytes().as_ref() != MANIFEST.as_bytes() {
        return Err(refuse(
            "its first member is not manifest.json (not a yass site archive)",
        ));
    }
    if first.size() > MANIFEST_LIMIT {
        return Err(refuse("its manifest is too large"));
    }
    let mut head = vec![];
    (&mut first)
        .take(MANIFEST_LIMIT)
        .read_to_end(&mut head)
        .map_err(corrupt)?;
    let manifest: Manifest = serde_json::from_slice(&head)
        .map_err(|e| refuse(format!("its manifest does not read ({e})")))?;
    format::check_manifest(&manifest, &limits).map_err(refuse)?;
    let total: u64 = manifest.members.iter().map(|m| m.size).sum();
    progress(&format!(
        "archive of {} ({}), written {}: {} members, {total} bytes",
        manifest.source_name,
        manifest.source_slug,
        manifest.created_at,
        manifest.members.len()
    ));
    let mut expected: HashMap<&str, &ManifestMember> = manifest
        .members
        .iter()
        .map(|m| (m.name.as_str(), m))
        .collect();
    std::fs::create_dir_all(staging.join("images")).map_err(ApiError::internal)?;
    let mut tables = HashMap::new();
    let (mut done, mut bytes) = (0usize, 0u64);
    for entry in entries {
        let mut entry = entry.map_err(corrupt)?;
        let name = String::from_utf8(entry.path_bytes().into_owned())
            .map_err(|_| refuse("a member name is not UTF-8"))?;
        let Some(want) = expected.remove(name.as_str()) else {
            return Err(refuse(format!(
                "member {name:?} is not in its manifest (or comes twice)"
            )));
        };
        if entry.header().entry_type() != tar::EntryType::Regular || entry.size() != want.size {
            return Err(refuse(format!(
                "member {name} is not the {} byte file its manifest lists",
                want.size
            )));
        }
        let mut hasher = Sha256::new();
        let mut limited = (&mut entry).take(want.size);
        let got = match format::member(&name).map_err(refuse)? {
            Member::Rows(t) => {
                let mut buf = Vec::with_capacity(usize::try_from(want.size).unwrap_or(0));
                limited.read_to_end(&mut buf).map_err(corrupt)?;
                hasher.update(&buf);
                let n = buf.len() as u64;
                tables.insert(t, buf);
                n
            }
            Member::File(n) | Member::Image(n) => {
                let sub = if name.starts_with("images/") {
                    "images"
                } else {
                    ""
                };
                let dest = staging.join(sub).join(&n);
                let mut out = std::fs::File::create(&dest).map_err(ApiError::internal)?;
                let mut tee = HashWriter {
                    inner: &mut out,
                    hasher: &mut hasher,
                };
                std::io::copy(&mut limited, &mut tee).map_err(corrupt)?
            }
        };
        if got != want.size {
            return Err(refuse(format!(
                "member {name} is cut short (the archive is truncated)"
            )));
        }
        if hex::encode(hasher.finalize()) != want.sha256 {
            return Err(refuse(format!(
                "member {name} does not match its checksum (damaged or altered)"
            )));
        }
        done += 1;
        bytes += got;
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(&format!("checked {done} members, {bytes} bytes"));
        }
    }
    if let Some(missing) = expected.keys().next() {
        return Err(refuse(format!(
            "member {missing} is missing (the archive is truncated)"
        )));
    }
    progress(&format!(
        "checked {done} members, {bytes} bytes: every checksum matches"
    ));
    Ok(Checked { manifest, tables })
}

/// Writes to a file and a hash at once.
struct HashWriter<'a> {
    inner: &'a mut std::fs::File,
    hasher: &'a mut Sha256,
}

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// An import's files: staged on this instance's disk while rows are
/// checked, stored as the new site's inside its transaction, and taken away
/// again when that transaction does not commit.
pub struct Staged {
    pub dir: PathBuf,
    placed: std::sync::Mutex<Option<SiteId>>,
}

impl Staged {
    pub fn new(files: &FileStore) -> Self {
        Staged {
            dir: files
                .incoming_dir()
                .join(format!("import-{}", uuid::Uuid::new_v4().simple())),
            placed: std::sync::Mutex::new(None),
        }
    }

    /// Stores the staged files as `site`'s (called by the write, before
    /// its commit): attachments at the top, images in `images/`.
    pub async fn place(
        &self,
        files: &FileStore,
        site: SiteId,
        progress: &Progress,
    ) -> ApiResult<()> {
        *self
            .placed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(site);
        let mut stored = 0usize;
        for (sub, key) in [
            ("", FileKey::attachment as fn(SiteId, &str) -> FileKey),
            ("images", FileKey::image),
        ] {
            let mut entries = match tokio::fs::read_dir(self.dir.join(sub)).await {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(ApiError::internal(e)),
            };
            while let Some(e) = entries.next_entry().await.map_err(ApiError::internal)? {
                let is_file = e.file_type().await.map_err(ApiError::internal)?.is_file();
                if let (true, Some(name)) = (is_file, e.file_name().to_str()) {
                    files.put_file(&key(site, name), &e.path()).await?;
                    stored += 1;
                    if stored.is_multiple_of(PROGRESS_EVERY) {
                        progress(&format!("stored {stored} files"));
                    }
                }
            }
        }
        Ok(())
    }

    /// After the import: what is still staged goes; stored files too when
    /// it failed.
    pub async fn finish<T>(self, files: &FileStore, result: &ApiResult<T>) {
        let _ = tokio::fs::remove_dir_all(&self.dir).await;
        let placed = *self
            .placed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if result.is_err()
            && let Some(site) = placed
            && let Err(e) = files.delete_site(site).await
        {
            tracing::error!(site = %site, error = %e, "could not remove a failed import's files");
        }
    }
}

/// Makes a new site of the archive `file`, under `slug` or the archive's
/// own. Everything or nothing: on any failure no row of the site exists and
/// no file of it is left.
pub async fn import(
    st: &AppState,
    file: &Path,
    slug: Option<&str>,
    limits: Limits,
    author: &Author,
    progress: Progress,
) -> ApiResult<Imported> {
    let staged = Staged::new(&st.files);
    let staging = staged.dir.clone();
    let result = async {
        let read = {
            let (file, staging, progress) = (file.to_path_buf(), staging.clone(), progress.clone());
            tokio::task::spawn_blocking(move || read_archive(&file, &staging, limits, progress))
                .await
                .map_err(ApiError::internal)??
        };
        let object: serde_json::Map<String, serde_json::Value> = read
            .tables
            .iter()
            .map(|(t, bytes)| {
                serde_json::from_slice(bytes)
                    .map(|v| ((*t).to_string(), v))
                    .map_err(|e| refuse(format!("rows/{t}.json does not read ({e})")))
            })
            .collect::<ApiResult<_>>()?;
        let rows: SiteRows = serde_json::from_value(serde_json::Value::Object(object))
            .map_err(|e| refuse(format!("its rows do not read ({e})")))?;
        let slug = slug.unwrap_or(&read.manifest.source_slug).to_string();
        progress(&format!("writing the site {slug}"));
        rows_store::write(
            &st.db,
            rows,
            &slug,
            author,
            WriteMode::Commit,
            async |site: SiteId| staged.place(&st.files, site, &progress).await,
        )
        .await
    }
    .await;
    staged.finish(&st.files, &result).await;
    result
}

/// How long an export's download stays (then housekeeping removes it).
pub const DOWNLOAD_HOURS: i64 = 24;
/// A running job that has not moved for this long died with its instance.
pub const STALLED_MINUTES: i64 = 10;
/// Running jobs prove they live this often.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(20);

/// What a finished job reports: its last line, the site, the bytes.
struct Outcome {
    message: String,
    site_id: Option<i64>,
    bytes: u64,
}

/// Runs `work` as job `id`: its progress lines and a heartbeat go to the
/// job's row; then its outcome (or its error, as a person reads it).
fn run_job<F>(
    state: actix_web::web::Data<AppState>,
    id: i64,
    work: impl FnOnce(Progress) -> F + 'static,
) where
    F: std::future::Future<Output = ApiResult<Outcome>> + 'static,
{
    actix_web::rt::spawn(async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        let progress: Progress = std::sync::Arc::new(move |m: &str| {
            let _ = tx.send(m.to_string());
        });
        let work = work(progress);
        tokio::pin!(work);
        let mut beat = tokio::time::interval(HEARTBEAT);
        let result = loop {
            tokio::select! {
                r = &mut work => break r,
                Some(m) = rx.recv() => {
                    let _ = jobs::progress(&state.db, id, Some(&m), state.clock.now_naive()).await;
                }
                _ = beat.tick() => {
                    let _ = jobs::progress(&state.db, id, None, state.clock.now_naive()).await;
                }
            }
        };
        let at = state.clock.now_naive();
        let (ok, message, site_id, bytes) = match result {
            Ok(o) => (true, o.message, o.site_id, o.bytes),
            Err(e) => (false, failure_text(&e), None, 0),
        };
        let done = jobs::Finished {
            ok,
            message: &message,
            site_id,
            bytes,
        };
        if let Err(e) = jobs::finish(&state.db, id, done, at).await {
            tracing::error!(job = id, error = %e, "could not record an archive job's end");
        }
    });
}

/// An error as the platform admin reads it (an internal one says only that).
fn failure_text(e: &ApiError) -> String {
    match e {
        ApiError::Internal(_) => {
            tracing::error!(error = %e, "archive job failed");
            "An internal error stopped the job; the operators' log has the cause.".into()
        }
        other => {
            let p = other.problem();
            p.detail.unwrap_or(p.title)
        }
    }
}

/// Starts an export of `slug` in the background; returns the job and the
/// secret its download needs. Recorded as a platform action: an archive
/// holds the school's password hashes.
pub async fn start_export(
    state: &actix_web::web::Data<AppState>,
    slug: &str,
    author: &Author,
) -> ApiResult<(jobs::JobRow, String)> {
    let site = crate::storage::sites::by_slug(&state.db, slug)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    let secret = crate::auth::secrets::random_token(32);
    let file_name = format!("{}.tar", uuid::Uuid::new_v4().simple());
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    let job = jobs::start(
        &txn,
        jobs::NewJob {
            kind: jobs::EXPORT,
            site_slug: slug,
            site_id: Some(site.id),
            file_name: Some(file_name.clone()),
            download_token_hash: Some(crate::auth::secrets::token_hash(&secret)),
        },
        author,
    )
    .await?;
    crate::storage::audit::platform_entry(
        &txn,
        author,
        vec![crate::storage::audit::other(
            "site",
            Some(site.id),
            "export",
            slug,
            serde_json::json!({"after": {"job": job.id}}),
        )],
    )
    .await?;
    txn.commit().await?;
    let (st, slug) = (state.clone(), slug.to_string());
    run_job(state.clone(), job.id, move |progress| async move {
        // Written here, then stored where any instance can serve it.
        let local = st.files.incoming_dir().join(&file_name);
        let written = export(&st, &slug, &local, progress).await;
        let bytes = std::fs::metadata(&local).map_or(0, |m| m.len());
        let stored = match written {
            Ok(m) => st
                .files
                .put_file(&FileKey::archive(&file_name), &local)
                .await
                .map(|()| m),
            Err(e) => Err(e),
        };
        let _ = tokio::fs::remove_file(&local).await;
        let m = stored?;
        Ok(Outcome {
            message: format!("{} members, ready to download", m.members.len() + 1),
            site_id: None,
            bytes,
        })
    });
    Ok((job, secret))
}

/// Starts an import of a received archive in the background.
pub async fn start_import(
    state: &actix_web::web::Data<AppState>,
    received: crate::uploads::Received,
    slug: Option<String>,
    author: &Author,
) -> ApiResult<jobs::JobRow> {
    if let Some(s) = &slug {
        crate::rules::validate::slug(s)
            .map_err(|m| crate::error::FieldErrors::single("slug", m))?;
    }
    // The upload stays on this instance's disk: its job runs here.
    let file_name = format!("{}.upload", uuid::Uuid::new_v4().simple());
    let bytes = received.size;
    let path = received.temp.keep();
    let job = jobs::start(
        &state.db,
        jobs::NewJob {
            kind: jobs::IMPORT,
            site_slug: slug.as_deref().unwrap_or("(the archive's)"),
            site_id: None,
            file_name: Some(file_name),
            download_token_hash: None,
        },
        author,
    )
    .await?;
    let (st, author) = (state.clone(), author.clone());
    let limits = Limits {
        total_bytes: state.settings.archive_limit_bytes,
        ..Default::default()
    };
    run_job(state.clone(), job.id, move |progress| async move {
        let r = import(&st, &path, slug.as_deref(), limits, &author, progress).await;
        let _ = std::fs::remove_file(&path);
        let done = r?;
        let mut message = format!("created site {} ({})", done.site.slug, done.site.name);
        for h in &done.dropped_hosts {
            message.push_str(&format!("; hostname {h} left out (another site has it)"));
        }
        if done.revoked_tokens > 0 {
            message.push_str(&format!("; {} API token(s) revoked", done.revoked_tokens));
        }
        if done.skipped_trash > 0 {
            message.push_str(&format!(
                "; {} trashed item(s) not imported",
                done.skipped_trash
            ));
        }
        Ok(Outcome {
            message,
            site_id: Some(done.site.id),
            bytes,
        })
    });
    Ok(job)
}

/// The file of a finished export, if `secret` is its download's and it has
/// not expired.
pub async fn download(state: &AppState, id: i64, secret: &str) -> ApiResult<(FileKey, String)> {
    let job = jobs::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    // Hashes of a 256-bit secret: comparing them leaks nothing usable.
    let matches = job.download_token_hash.as_deref()
        == Some(crate::auth::secrets::token_hash(secret).as_str());
    let fresh = job
        .finished_at
        .is_some_and(|f| state.clock.now_naive() - f < chrono::TimeDelta::hours(DOWNLOAD_HOURS));
    match (&job.file_name, matches && fresh && job.state == jobs::DONE) {
        (Some(name), true) => Ok((
            FileKey::archive(name),
            format!(
                "{}-{}.tar",
                job.site_slug,
                job.created_at.format("%Y%m%d-%H%M")
            ),
        )),
        _ => Err(ApiError::NotFound),
    }
}

/// Housekeeping: stalled jobs fail; expired downloads and old uploads go.
pub async fn expire_jobs(state: &AppState) -> ApiResult<()> {
    let now = state.clock.now_naive();
    jobs::fail_stalled(
        &state.db,
        now - chrono::TimeDelta::minutes(STALLED_MINUTES),
        now,
    )
    .await?;
    let names = jobs::expire(
        &state.db,
        now - chrono::TimeDelta::hours(DOWNLOAD_HOURS),
        now - chrono::TimeDelta::days(30),
    )
    .await?;
    for n in names {
        if n.contains(['/', '\\']) || n.starts_with('.') {
            continue;
        }
        if let Err(e) = state.files.delete(&FileKey::archive(&n)).await {
            tracing::warn!(name = %n, error = %e, "could not remove an expired archive");
        }
    }
    Ok(())
}
