//! Receiving uploaded files (multipart field `file`) and writing them under
//! the uploads directory by generated names, via a temporary file and a
//! rename, so a half-written file never has a final name; and opening them
//! again to stream them out.

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::rules::file_types::{HEAD_LEN, Utf8Check};
use actix_files::NamedFile;
use actix_multipart::{Multipart, MultipartError};
use futures_util::StreamExt;
use std::io::{Read, Seek, SeekFrom};
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

    /// Moves the file to `dest` (same directory tree, so a rename).
    pub async fn persist(mut self, dest: &Path) -> ApiResult<()> {
        let from = self
            .path
            .take()
            .ok_or_else(|| ApiError::internal("temp file gone"))?;
        if let Err(e) = tokio::fs::rename(&from, dest).await {
            let _ = tokio::fs::remove_file(&from).await;
            return Err(ApiError::internal(e));
        }
        Ok(())
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

/// A stored file opened for streaming (never read whole), with its first
/// bytes for the type decision. A missing file is 404.
pub async fn open_stored(path: PathBuf) -> ApiResult<(NamedFile, Vec<u8>)> {
    actix_web::web::block(move || {
        let mut file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ApiError::NotFound),
            Err(e) => return Err(ApiError::internal(e)),
        };
        let mut head = Vec::with_capacity(HEAD_LEN);
        (&mut file)
            .take(HEAD_LEN as u64)
            .read_to_end(&mut head)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .map_err(ApiError::internal)?;
        let named = NamedFile::from_file(file, &path).map_err(ApiError::internal)?;
        Ok((named.disable_content_disposition(), head))
    })
    .await
    .map_err(ApiError::internal)?
}
