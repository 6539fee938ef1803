//! A stored file as a response: streamed from the file store (never read
//! whole), with `ETag`, `Last-Modified`, 304 for a current copy and 206 for
//! one byte range (`rules::byte_ranges` decides which). The caller adds the
//! type and the caching headers.

use crate::error::ApiResult;
use crate::file_store::{ByteStream, FileKey, FileStore};
use crate::rules::byte_ranges::{self, Part};
use crate::rules::file_types::HEAD_LEN;
use actix_web::http::header::{
    ACCEPT_RANGES, CONTENT_RANGE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, LAST_MODIFIED,
    RANGE,
};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use futures_util::StreamExt;

/// The response, and the file's first bytes (at most `HEAD_LEN`) when
/// asked for, to decide its type by.
pub struct Download {
    pub response: HttpResponse,
    pub head: Vec<u8>,
}

fn header(req: &HttpRequest, name: actix_web::http::header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

pub async fn stored_file(
    files: &FileStore,
    key: &FileKey,
    req: &HttpRequest,
    want_head: bool,
) -> ApiResult<Download> {
    let meta = files.meta(key).await?;
    let modified = meta
        .last_modified
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let validators = |b: &mut HttpResponseBuilder| {
        b.insert_header((ETAG, meta.etag.clone()))
            .insert_header((LAST_MODIFIED, modified.clone()))
            .insert_header((ACCEPT_RANGES, "bytes"));
    };
    if byte_ranges::not_modified(
        header(req, IF_NONE_MATCH),
        header(req, IF_MODIFIED_SINCE),
        &meta.etag,
        meta.last_modified,
    ) {
        let mut b = HttpResponse::NotModified();
        validators(&mut b);
        return Ok(Download {
            response: b.finish(),
            head: vec![],
        });
    }
    let range = if byte_ranges::range_still_applies(
        header(req, IF_RANGE),
        &meta.etag,
        meta.last_modified,
    ) {
        byte_ranges::part(header(req, RANGE), meta.size)
    } else {
        Part::Whole
    };
    let (mut b, bytes) = match range {
        Part::Unsatisfiable => {
            let mut b = HttpResponse::RangeNotSatisfiable();
            validators(&mut b);
            b.insert_header((CONTENT_RANGE, format!("bytes */{}", meta.size)));
            return Ok(Download {
                response: b.finish(),
                head: vec![],
            });
        }
        Part::Whole => (HttpResponse::Ok(), 0..meta.size),
        Part::Bytes(r) => {
            let mut b = HttpResponse::PartialContent();
            b.insert_header((
                CONTENT_RANGE,
                format!("bytes {}-{}/{}", r.start, r.end - 1, meta.size),
            ));
            (b, r)
        }
    };
    validators(&mut b);
    let mut body = files.read(key, Some(bytes.clone())).await?;
    let mut head = vec![];
    if want_head {
        if bytes.start == 0 {
            // The first chunks are read here and sent first.
            let mut taken = vec![];
            while head.len() < HEAD_LEN {
                let Some(chunk) = body.next().await else {
                    break;
                };
                let chunk = chunk.map_err(|_| crate::error::ApiError::Unavailable)?;
                head.extend_from_slice(&chunk[..chunk.len().min(HEAD_LEN - head.len())]);
                taken.push(Ok(chunk));
            }
            body = futures_util::stream::iter(taken).chain(body).boxed();
        } else {
            let mut first = files
                .read(key, Some(0..meta.size.min(HEAD_LEN as u64)))
                .await?;
            while let Some(chunk) = first.next().await {
                let chunk = chunk.map_err(|_| crate::error::ApiError::Unavailable)?;
                head.extend_from_slice(&chunk);
            }
            head.truncate(HEAD_LEN);
        }
    }
    let len = bytes.end - bytes.start;
    Ok(Download {
        response: b.no_chunking(len).streaming::<ByteStream, _>(body),
        head,
    })
}
