//! Receiving uploaded files (multipart field `file`) into a temporary file
//! (synced), which then goes to the file store under a generated name, so
//! a half-written file never has a final name.

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::file_store::{FileKey, FileStore};
use crate::rules::file_types::{HEAD_LEN, Utf8Check};
use actix_multipart::{Multipart, MultipartError};
use futures_util::StreamExt;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// A received file, not yet in its final place.
pub struct Received {
    /// The client's file name (raw; clean it before showing it). The type
    /// the client claimed is not kept: `rules::file_types` decides from the bytes.
    pub raw_name: String,
    pub size: u64,
    /// The first bytes (at most `HEAD_LEN`), for the type decision.
    pub head: Vec<u8>,
    /// Whether the whole file is valid UTF-8.
    pub utf8: bool,
    pub temp: TempFile,
}

/// Removes its file when dropped, unless it was moved into place.
pub struct TempFile {
    path: Option<PathBuf>,
}

impl TempFile {
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Keeps the file where it is (its new owner removes it).
    pub fn keep(mut self) -> PathBuf {
        self.path.take().unwrap_or_default()
    }

    /// Stores the file under `key` (moved or streamed there).
    pub async fn store(mut self, files: &FileStore, key: &FileKey) -> ApiResult<()> {
        let from = self
            .path
            .take()
            .ok_or_else(|| ApiError::internal("temp file gone"))?;
        files.put_file(key, &from).await
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn multipart_error(e: MultipartError) -> ApiError {
    match e {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => ApiError::UnsupportedMediaType(
            "Send the file as multipart/form-data, field `file`.".into(),
        ),
        other => ApiError::BadRequest(other.to_string()),
    }
}

/// Streams the `file` field into a temporary file in `dir`, refusing more
/// than `limit` bytes (413) and empty files (422).
pub async fn receive(mut payload: Multipart, dir: &Path, limit: usize) -> ApiResult<Received> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(ApiError::internal)?;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(multipart_error)?;
        if field.name() != Some("file") {
            // Drain other fields; they carry nothing we use.
            while let Some(chunk) = field.next().await {
                chunk.map_err(multipart_error)?;
            }
            continue;
        }
        let raw_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or("")
            .to_string();
        let temp = TempFile {
            path: Some(dir.join(format!(".upload-{}", uuid::Uuid::new_v4().simple()))),
        };
        let mut out = tokio::fs::File::create(temp.path())
            .await
            .map_err(ApiError::internal)?;
        let mut size: u64 = 0;
        let mut head = Vec::new();
        let mut utf8 = Utf8Check::default();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            size += chunk.len() as u64;
            if size > limit as u64 {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let room = HEAD_LEN.saturating_sub(head.len());
            head.extend_from_slice(&chunk[..room.min(chunk.len())]);
            utf8.feed(&chunk);
            out.write_all(&chunk).await.map_err(ApiError::internal)?;
        }
        out.flush().await.map_err(ApiError::internal)?;
        out.sync_all().await.map_err(ApiError::internal)?;
        if size == 0 {
            return Err(FieldErrors::single("file", "The file is empty."));
        }
        return Ok(Received {
            raw_name,
            size,
            head,
            utf8: utf8.finish(),
            temp,
        });
    }
    Err(FieldErrors::single(
        "file",
        "Send the file in the field `file`.",
    ))
}
