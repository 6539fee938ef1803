//! Where uploaded files live: attachments, images (logos and banners are
//! images), and the archives of the platform admin screen. By default a
//! directory (`<data dir>/uploads`, what `make run` uses); on a city
//! cluster an S3-compatible object store (Garage, `YASS_S3_ENDPOINT`) that
//! every instance shares (docs/decisions/0021-uploads-in-an-object-store.md).
//!
//! Files are immutable: a generated name is written once, read many times,
//! deleted once. Keys mirror the directory layout: `{site}/{name}` for an
//! attachment, `{site}/images/{name}` for an image, `archives/{name}`.
//!
//! A store that cannot be reached is 503 (`Unavailable`), never a 500; a
//! missing object is 404. Both are counted
//! (`yass_file_store_requests_total{op,outcome}`).

use crate::config::Settings;
use crate::error::{ApiError, ApiResult};
use crate::storage::SiteId;
use futures_util::StreamExt;
use object_store::path::Path as Key;
use object_store::{GetOptions, GetRange, ObjectMeta, ObjectStore, PutPayload};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Parts of a multipart upload to the object store (S3's smallest part is
/// 5 MiB): a file up to this size is one PUT.
const PART_BYTES: usize = 5 * 1024 * 1024;

/// Which file. Built only from a site id and a generated name (or an
/// archive's generated name), so a key never leaves its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileKey(Key);

impl FileKey {
    pub fn attachment(site: SiteId, stored_name: &str) -> Self {
        FileKey(Key::from_iter([site.to_string().as_str(), stored_name]))
    }

    pub fn image(site: SiteId, name: &str) -> Self {
        FileKey(Key::from_iter([site.to_string().as_str(), "images", name]))
    }

    pub fn archive(name: &str) -> Self {
        FileKey(Key::from_iter(["archives", name]))
    }

    /// A site file's key from its parts as stored: `{site}/{name}` or
    /// `{site}/images/{name}`; anything else is not a site file.
    fn site_file(parts: &[&str]) -> Option<(Self, String)> {
        let site_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let name_ok =
            |n: &str| !n.is_empty() && !n.starts_with('.') && !n.contains(['/', '\\', '#']);
        match parts {
            [site, name] if site_ok(site) && name_ok(name) => Some((
                FileKey(Key::from_iter([*site, *name])),
                format!("files/{name}"),
            )),
            [site, "images", name] if site_ok(site) && name_ok(name) => Some((
                FileKey(Key::from_iter([*site, "images", *name])),
                format!("images/{name}"),
            )),
            _ => None,
        }
    }

    fn site_prefix(site: SiteId) -> Key {
        Key::from_iter([site.to_string().as_str()])
    }

    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }
}

/// One of a site's stored files, as a site archive names it: `files/{name}`
/// or `images/{name}`.
pub struct SiteFile {
    pub member: String,
    pub key: FileKey,
    pub size: u64,
}

enum Backend {
    /// The uploads directory: an uploaded file (already written and synced
    /// under `.incoming/` on the same file system) moves in by a rename.
    Directory(PathBuf),
    ObjectStore,
}

/// What a download needs to answer conditional and range requests.
pub struct Meta {
    pub size: u64,
    /// Quoted, as HTTP sends it.
    pub etag: String,
    pub last_modified: chrono::DateTime<chrono::Utc>,
}

pub type ByteStream = futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>;

pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    backend: Backend,
    /// Where uploads are received before they are stored.
    incoming: PathBuf,
}

fn count(op: &'static str, outcome: &'static str) {
    metrics::counter!("yass_file_store_requests_total", "op" => op, "outcome" => outcome)
        .increment(1);
}

/// Every series an alert or a dashboard takes the rate of, at 0.
pub fn zero_metrics() {
    for op in ["put", "get", "delete", "list"] {
        for outcome in ["ok", "missing", "error"] {
            metrics::counter!("yass_file_store_requests_total", "op" => op, "outcome" => outcome)
                .increment(0);
        }
    }
}

/// The store's answer as the API's: missing is 404, anything else (the
/// store unreachable, timing out, refusing) is 503 and logged.
fn failed(op: &'static str, key: &str, e: object_store::Error) -> ApiError {
    if matches!(e, object_store::Error::NotFound { .. }) {
        count(op, "missing");
        tracing::warn!(key, op, "a stored file is missing");
        return ApiError::NotFound;
    }
    count(op, "error");
    tracing::error!(key, op, error = %e, "the file store failed");
    ApiError::Unavailable
}

impl FileStore {
    pub fn from_settings(s: &Settings) -> Result<Self, String> {
        match &s.s3_endpoint {
            None => Self::directory(&s.uploads_dir()),
            Some(endpoint) => {
                let store = object_store::aws::AmazonS3Builder::new()
                    .with_endpoint(endpoint)
                    .with_virtual_hosted_style_request(false)
                    .with_region(&s.s3_region)
                    .with_bucket_name(&s.s3_bucket)
                    .with_access_key_id(s.s3_access_key_id.clone().unwrap_or_default())
                    .with_secret_access_key(s.s3_secret_access_key.clone().unwrap_or_default())
                    .with_client_options(
                        object_store::ClientOptions::new()
                            .with_allow_http(endpoint.starts_with("http://"))
                            .with_connect_timeout(Duration::from_secs(2))
                            .with_timeout(Duration::from_mins(1)),
                    )
                    // A node going away is retried on the next one behind
                    // the balancer; a store that stays away answers 503
                    // within seconds, not minutes.
                    .with_retry(object_store::RetryConfig {
                        backoff: object_store::BackoffConfig {
                            init_backoff: Duration::from_millis(50),
                            max_backoff: Duration::from_secs(1),
                            base: 2.0,
                        },
                        max_retries: 6,
                        retry_timeout: Duration::from_secs(10),
                    })
                    .build()
                    .map_err(|e| format!("YASS_S3_*: {e}"))?;
                let inner: Arc<dyn ObjectStore> = if s.s3_prefix.is_empty() {
                    Arc::new(store)
                } else {
                    Arc::new(object_store::prefix::PrefixStore::new(
                        store,
                        s.s3_prefix.as_str(),
                    ))
                };
                let incoming = s.data_dir.join("incoming");
                std::fs::create_dir_all(&incoming)
                    .map_err(|e| format!("incoming directory {}: {e}", incoming.display()))?;
                Ok(FileStore {
                    inner,
                    backend: Backend::ObjectStore,
                    incoming,
                })
            }
        }
    }

    /// Files in `root` (created when missing).
    pub fn directory(root: &Path) -> Result<Self, String> {
        let incoming = root.join(".incoming");
        std::fs::create_dir_all(&incoming)
            .map_err(|e| format!("uploads directory {}: {e}", root.display()))?;
        let local = object_store::local::LocalFileSystem::new_with_prefix(root)
            .map_err(|e| format!("uploads directory {}: {e}", root.display()))?;
        Ok(FileStore {
            inner: Arc::new(local),
            backend: Backend::Directory(root.to_path_buf()),
            incoming,
        })
    }

    /// `directory` or `s3`, for the logs and the build info.
    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Directory(_) => "directory",
            Backend::ObjectStore => "s3",
        }
    }

    /// Where uploads and staged imports wait before they are stored (this
    /// instance's own disk; with a directory store, on its file system).
    pub fn incoming_dir(&self) -> &Path {
        &self.incoming
    }

    /// Stores the finished file at `path` (taken away: renamed or streamed
    /// and then removed).
    pub async fn put_file(&self, key: &FileKey, path: &Path) -> ApiResult<()> {
        let result = match &self.backend {
            Backend::Directory(root) => {
                let dest = root.join(key.as_str());
                if let Some(parent) = dest.parent() {
                    tokio::fs::create_dir_all(parent)
                        .await
                        .map_err(ApiError::internal)?;
                }
                tokio::fs::rename(path, &dest)
                    .await
                    .map_err(ApiError::internal)
            }
            Backend::ObjectStore => self.stream_up(key, path).await,
        };
        let _ = tokio::fs::remove_file(path).await;
        result
    }

    async fn stream_up(&self, key: &FileKey, path: &Path) -> ApiResult<()> {
        let mut file = tokio::fs::File::open(path)
            .await
            .map_err(ApiError::internal)?;
        let mut up = object_store::buffered::BufWriter::with_capacity(
            self.inner.clone(),
            key.0.clone(),
            PART_BYTES,
        )
        .with_max_concurrency(2);
        let fail = |e: std::io::Error| {
            count("put", "error");
            tracing::error!(key = key.as_str(), error = %e, "the file store failed");
            ApiError::Unavailable
        };
        if let Err(e) = tokio::io::copy(&mut file, &mut up).await {
            // Parts already sent are dropped (never after a shutdown).
            let _ = up.abort().await;
            return Err(fail(e));
        }
        up.shutdown().await.map_err(fail)?;
        count("put", "ok");
        Ok(())
    }

    /// Stores bytes made here (a re-encoded image).
    pub async fn put_bytes(&self, key: &FileKey, bytes: Vec<u8>) -> ApiResult<()> {
        match self.inner.put(&key.0, PutPayload::from(bytes)).await {
            Ok(_) => {
                count("put", "ok");
                Ok(())
            }
            Err(e) => Err(failed("put", key.as_str(), e)),
        }
    }

    /// Size, entity tag and time of a stored file; missing is 404.
    pub async fn meta(&self, key: &FileKey) -> ApiResult<Meta> {
        match self.inner.head(&key.0).await {
            Ok(m) => {
                count("get", "ok");
                Ok(meta(&m))
            }
            Err(e) => Err(failed("get", key.as_str(), e)),
        }
    }

    /// The bytes of `range` (all when `None`), streamed.
    pub async fn read(
        &self,
        key: &FileKey,
        range: Option<std::ops::Range<u64>>,
    ) -> ApiResult<ByteStream> {
        let opts = GetOptions {
            range: range.map(GetRange::Bounded),
            ..Default::default()
        };
        let got = self
            .inner
            .get_opts(&key.0, opts)
            .await
            .map_err(|e| failed("get", key.as_str(), e))?;
        Ok(got
            .into_stream()
            .map(|r| r.map_err(std::io::Error::other))
            .boxed())
    }

    /// Writes a stored file to `dest` (a site export).
    pub async fn copy_to(&self, key: &FileKey, dest: &Path) -> ApiResult<()> {
        let mut body = self.read(key, None).await?;
        let mut out = tokio::fs::File::create(dest)
            .await
            .map_err(ApiError::internal)?;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| {
                count("get", "error");
                tracing::error!(key = key.as_str(), error = %e, "the file store failed");
                ApiError::Unavailable
            })?;
            out.write_all(&chunk).await.map_err(ApiError::internal)?;
        }
        out.flush().await.map_err(ApiError::internal)
    }

    /// Removes a file; one already gone is no error.
    pub async fn delete(&self, key: &FileKey) -> ApiResult<()> {
        match self.inner.delete(&key.0).await {
            Ok(()) => {
                count("delete", "ok");
                Ok(())
            }
            Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed("delete", key.as_str(), e)),
        }
    }

    /// Removes a purged trash entry's attachments. What cannot be removed
    /// now stays as an orphan file (logged and counted), never an error
    /// for a purge that has committed.
    pub async fn remove_attachments(&self, site: SiteId, stored_names: &[String]) {
        for n in stored_names {
            // Stored names are generated; anything else is not a file of ours.
            if n.is_empty() || n.contains(['/', '\\']) || n.starts_with('.') {
                continue;
            }
            if let Err(e) = self.delete(&FileKey::attachment(site, n)).await {
                tracing::warn!(site = %site, name = %n, error = %e, "could not remove a purged file");
            }
        }
    }

    /// The site's attachments and images (what a site archive carries),
    /// sorted by member name.
    pub async fn site_files(&self, site: SiteId) -> ApiResult<Vec<SiteFile>> {
        let prefix = FileKey::site_prefix(site);
        let mut listing = self.inner.list(Some(&prefix));
        let mut out = vec![];
        while let Some(item) = listing.next().await {
            let m = item.map_err(|e| failed("list", prefix.as_ref(), e))?;
            if let Some((key, member)) = site_file_of(&m) {
                out.push(SiteFile {
                    member,
                    key,
                    size: m.size,
                });
            }
        }
        count("list", "ok");
        out.sort_by(|a, b| a.member.cmp(&b.member));
        Ok(out)
    }

    /// Removes every file of a site (an import that did not commit).
    pub async fn delete_site(&self, site: SiteId) -> ApiResult<()> {
        for f in self.site_files(site).await? {
            self.delete(&f.key).await?;
        }
        Ok(())
    }
}

fn site_file_of(m: &ObjectMeta) -> Option<(FileKey, String)> {
    let parts: Vec<String> = m.location.parts().map(|p| p.as_ref().to_string()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    FileKey::site_file(&parts)
}

/// What a copy between the store and a directory did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub copied: u64,
    pub kept: u64,
    pub bytes: u64,
}

impl FileStore {
    /// Every site's files (attachments and images; not the archives).
    async fn platform_files(&self) -> ApiResult<Vec<(FileKey, u64)>> {
        let mut listing = self.inner.list(None);
        let mut out = vec![];
        while let Some(item) = listing.next().await {
            let m = item.map_err(|e| failed("list", "", e))?;
            if let Some((key, _)) = site_file_of(&m) {
                out.push((key, m.size));
            }
        }
        count("list", "ok");
        Ok(out)
    }

    /// Copies every site file into `dir` (`dir/{site}/…`, the uploads
    /// directory's layout), for the backup. A file already there with its
    /// size is kept: stored files never change.
    pub async fn pull_all(&self, dir: &Path) -> ApiResult<Copied> {
        let mut done = Copied::default();
        for (key, size) in self.platform_files().await? {
            let dest = dir.join(key.as_str());
            if tokio::fs::metadata(&dest)
                .await
                .is_ok_and(|m| m.len() == size)
            {
                done.kept += 1;
                continue;
            }
            if let Some(parent) = dest.parent() {
                tokio::fs::create_dir_all(parent)
                    .await
                    .map_err(ApiError::internal)?;
            }
            let partial = dest.with_extension("partial");
            self.copy_to(&key, &partial).await?;
            tokio::fs::rename(&partial, &dest)
                .await
                .map_err(ApiError::internal)?;
            done.copied += 1;
            done.bytes += size;
        }
        Ok(done)
    }

    /// Stores every site file under `dir` (an uploads directory, or one a
    /// backup restored) that the store does not have: a restore, or a move
    /// from the directory to the object store.
    pub async fn push_all(&self, dir: &Path) -> ApiResult<Copied> {
        let mut done = Copied::default();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(d) = pending.pop() {
            let mut entries = tokio::fs::read_dir(&d).await.map_err(ApiError::internal)?;
            while let Some(e) = entries.next_entry().await.map_err(ApiError::internal)? {
                let path = e.path();
                if e.file_type().await.map_err(ApiError::internal)?.is_dir() {
                    pending.push(path);
                    continue;
                }
                let Ok(rel) = path.strip_prefix(dir) else {
                    continue;
                };
                let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
                let Some((key, _)) = FileKey::site_file(&parts) else {
                    continue;
                };
                let size = e.metadata().await.map_err(ApiError::internal)?.len();
                if self.meta(&key).await.is_ok_and(|m| m.size == size) {
                    done.kept += 1;
                    continue;
                }
                self.stream_up(&key, &path).await?;
                done.copied += 1;
                done.bytes += size;
            }
        }
        Ok(done)
    }
}

fn meta(m: &ObjectMeta) -> Meta {
    let tag = m.e_tag.as_deref().map_or_else(
        || format!("{:x}-{:x}", m.size, m.last_modified.timestamp()),
        |t| t.trim_matches('"').to_string(),
    );
    Meta {
        size: m.size,
        etag: format!("\"{tag}\""),
        last_modified: m.last_modified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_their_site() {
        let site = crate::storage::sites::SiteRow {
            id: 7,
            ..Default::default()
        }
        .site_id();
        assert_eq!(FileKey::attachment(site, "abc").as_str(), "7/abc");
        assert_eq!(
            FileKey::image(site, "x_400.png").as_str(),
            "7/images/x_400.png"
        );
        // A name with a separator is one encoded part, never a path.
        assert_eq!(
            FileKey::attachment(site, "../8/abc").as_str(),
            "7/..%2F8%2Fabc"
        );
        assert_eq!(FileKey::archive("a.tar").as_str(), "archives/a.tar");
    }

    #[tokio::test]
    async fn a_directory_store_round_trips_lists_and_forgets() {
        let dir =
            std::env::temp_dir().join(format!("yass-files-{}", uuid::Uuid::new_v4().simple()));
        let store = FileStore::directory(&dir).unwrap();
        let site = crate::storage::sites::SiteRow {
            id: 3,
            ..Default::default()
        }
        .site_id();
        let tmp = store.incoming_dir().join("t");
        std::fs::write(&tmp, b"hello world").unwrap();
        let a = FileKey::attachment(site, "aaa");
        store.put_file(&a, &tmp).await.unwrap();
        assert!(!tmp.exists(), "the incoming file is taken");
        store
            .put_bytes(&FileKey::image(site, "i.png"), b"png".to_vec())
            .await
            .unwrap();
        let m = store.meta(&a).await.unwrap();
        assert_eq!(m.size, 11);
        assert!(m.etag.starts_with('"') && m.etag.ends_with('"'));
        let mut part = store.read(&a, Some(6..11)).await.unwrap();
        assert_eq!(part.next().await.unwrap().unwrap().as_ref(), b"world");
        let names: Vec<_> = store
            .site_files(site)
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.member)
            .collect();
        assert_eq!(names, ["files/aaa", "images/i.png"]);
        assert!(matches!(
            store.meta(&FileKey::attachment(site, "gone")).await,
            Err(ApiError::NotFound)
        ));
        // A backup's copy and back, into another store.
        let copy = dir.join("copy");
        let pulled = store.pull_all(&copy).await.unwrap();
        assert_eq!((pulled.copied, pulled.kept), (2, 0));
        assert_eq!(
            store.pull_all(&copy).await.unwrap().kept,
            2,
            "kept when there"
        );
        assert!(copy.join("3/images/i.png").is_file());
        let other = FileStore::directory(&dir.join("other")).unwrap();
        assert_eq!(other.push_all(&copy).await.unwrap().copied, 2);
        assert_eq!(other.push_all(&copy).await.unwrap().kept, 2);
        assert_eq!(other.meta(&a).await.unwrap().size, 11);
        store.delete_site(site).await.unwrap();
        store.delete(&a).await.unwrap();
        assert!(store.site_files(site).await.unwrap().is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
