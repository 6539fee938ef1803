//! Images for post bodies, the site logo and banners: re-encoded on upload,
//! served forever under content-derived-free random names.

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::file_store::FileKey;
use crate::http::file_download;
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::site;
use crate::imaging;
use crate::state::State;
use crate::storage;
use crate::uploads;
use actix_multipart::Multipart;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, X_CONTENT_TYPE_OPTIONS,
};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use std::io::BufReader;
use std::time::Duration;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::UploadedImage;
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_image).service(get_image);
}

/// A stored image name: 32 hex digits, optional `_400`, `.png` or `.jpg`.
fn valid_name(name: &str) -> Option<&'static str> {
    let (stem, ext) = name.rsplit_once('.')?;
    let ct = match ext {
        "png" => "image/png",
        "jpg" => "image/jpeg",
        _ => return None,
    };
    let id = stem.strip_suffix("_400").unwrap_or(stem);
    (id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit())).then_some(ct)
}

/// Decodes and re-encodes an upload on the blocking pool, at most one per
/// CPU at a time; waiting longer than the setting for a turn is 503.
async fn decode(state: &State, got: uploads::Received) -> ApiResult<imaging::Processed> {
    let wait = state.settings.image_decode_wait_secs;
    let permit = tokio::time::timeout(
        Duration::from_secs(wait),
        state.image_decodes.clone().acquire_owned(),
    )
    .await
    .map_err(|_| ApiError::Busy {
        what: "image uploads",
        retry_after: wait.max(1),
    })?
    .map_err(ApiError::internal)?;
    let bounds = imaging::Bounds {
        max_pixels: state.settings.image_max_pixels,
        max_side: state.settings.image_max_side,
    };
    // The permit and the temporary file go with the work: a client that
    // hangs up does not free the slot before the decode really ends.
    let done = actix_web::rt::task::spawn_blocking(move || {
        let _permit = permit;
        let file = std::fs::File::open(got.temp.path()).map_err(ApiError::internal)?;
        Ok::<_, ApiError>(imaging::process(BufReader::new(file), bounds))
    })
    .await;
    match done {
        Ok(result) => result?.map_err(|r| FieldErrors::single("file", r.0)),
        // A decoder that panics on hostile input refuses the file; the
        // server carries on.
        Err(e) => {
            tracing::warn!(error = %e, "image decoder panicked");
            Err(FieldErrors::single("file", "The image could not be read."))
        }
    }
}

/// Uploads an image (signed-in editors). Its size is read from its header
/// first: over `image_max_side` pixels a side or `image_max_pixels` in all
/// (defaults 10,000 and 40 megapixels), or needing over 128 MiB to decode,
/// it is refused (422). Then it is decoded, resized to at most 1600 pixels
/// wide (plus a 400-pixel thumbnail) and re-encoded.
#[utoipa::path(tag = "images", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")),
    request_body(content = crate::routes::attachments::FileUpload, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Stored", body = UploadedImage),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The file is larger than the upload limit", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not multipart/form-data", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not an image (or empty), over the size limits, or too large to decode", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "Too many images are being processed; retry after `Retry-After` seconds (`server_busy`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/images")]
pub async fn upload_image(
    state: State,
    ctx: SiteActor,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let r = &ctx.actor.rights;
    // Any signed-in editor (site admin or member of some group), never read-only tokens.
    if r.read_only || (!r.site_admin && r.principals.is_empty()) {
        return Err(ctx.actor.denied());
    }
    let s = &ctx.site;
    let got = uploads::receive(
        payload,
        state.files.incoming_dir(),
        state.settings.upload_limit_bytes,
    )
    .await?;
    let processed = decode(&state, got).await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let name = format!("{id}.{}", processed.ext);
    let thumb = format!("{id}_400.{}", processed.ext);
    let (full_len, (w, h)) = (processed.full.len(), (processed.width, processed.height));
    let keys = [
        FileKey::image(s.site_id(), &name),
        FileKey::image(s.site_id(), &thumb),
    ];
    for (key, data) in keys.iter().zip([processed.full, processed.thumb]) {
        state.files.put_bytes(key, data).await?;
    }
    // The upload's audit entry; without it the files go again.
    let recorded = async {
        let tx = ctx.begin(&state).await?;
        storage::images::record_upload(&tx, &name, full_len, w, h);
        tx.commit().await
    };
    if let Err(e) = recorded.await {
        if !e.may_have_committed() {
            for key in &keys {
                let _ = state.files.delete(key).await;
            }
        }
        return Err(e);
    }
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(crate::views::images::uploaded(&s.slug, &name, &thumb, w, h)))
}

/// An uploaded image. Names never change content, so it is cached forever.
/// Streamed from the file store, with `Range` and `ETag` support.
#[utoipa::path(tag = "images", params(("site" = String, Path, description = "Site slug"), ("name" = String, Path)), responses(
    (status = 200, description = "The image", content_type = "image/png", body = Vec<u8>),
    (status = 206, description = "The requested byte range of the image", content_type = "image/png", body = Vec<u8>),
    (status = 304, description = "Not modified (`If-None-Match` / `If-Modified-Since`)"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/images/{name}")]
pub async fn get_image(
    state: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (slug, name) = path.into_inner();
    let s = site(&state, &req, &slug).await?;
    let ct = valid_name(&name).ok_or(ApiError::NotFound)?;
    let key = FileKey::image(s.site_id(), &name);
    let mut res = file_download::stored_file(&state.files, &key, &req, false)
        .await?
        .response;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn only_generated_names_are_served() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(valid_name(&format!("{id}.png")), Some("image/png"));
        assert_eq!(valid_name(&format!("{id}_400.jpg")), Some("image/jpeg"));
        assert_eq!(valid_name("../../etc/passwd"), None);
        assert_eq!(valid_name(&format!("{id}.svg")), None);
        assert_eq!(valid_name(".upload-x.png"), None);
    }
}
