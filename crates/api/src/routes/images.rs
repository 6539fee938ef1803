//! Images for post bodies, the site logo and banners: re-encoded on upload,
//! served forever under content-derived-free random names.

use super::{State, site};
use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::imaging;
use crate::storage::attachments::site_dir;
use crate::uploads;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use std::path::PathBuf;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::UploadedImage;
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_image).service(get_image);
}

fn images_dir(state: &State, site_id: i64) -> PathBuf {
    site_dir(&state.settings.uploads_dir(), site_id).join("images")
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

/// Uploads an image (signed-in editors). It is decoded, resized to at most
/// 1600 pixels wide (plus a 400-pixel thumbnail) and re-encoded.
#[utoipa::path(tag = "images", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")),
    request_body(content = crate::routes::attachments::FileUpload, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Stored", body = UploadedImage),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown or disabled site", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The file is larger than the upload limit", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not multipart/form-data", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not an image (or empty)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/sites/{site}/images")]
pub async fn upload_image(
    state: State,
    req: HttpRequest,
    caller: Caller,
    slug: web::Path<String>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let s = site(&state, &req, &slug).await?;
    let actor = caller.actor(&state, &s).await?;
    let r = &actor.rights;
    // Any signed-in editor (site admin or member of some group), never read-only tokens.
    if r.read_only || (!r.site_admin && r.principals.is_empty()) {
        return Err(actor.denied());
    }
    let dir = images_dir(&state, s.id);
    let got = uploads::receive(payload, &dir, state.settings.upload_limit_bytes).await?;
    let bytes = tokio::fs::read(got.temp.path())
        .await
        .map_err(ApiError::internal)?;
    drop(got);
    let processed = web::block(move || imaging::process(&bytes))
        .await
        .map_err(ApiError::internal)?
        .map_err(|m| FieldErrors::single("file", m))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let name = format!("{id}.{}", processed.ext);
    let thumb = format!("{id}_400.{}", processed.ext);
    for (n, data) in [(&name, &processed.full), (&thumb, &processed.thumb)] {
        let tmp = dir.join(format!(".write-{n}"));
        tokio::fs::write(&tmp, data)
            .await
            .map_err(ApiError::internal)?;
        tokio::fs::rename(&tmp, dir.join(n))
            .await
            .map_err(ApiError::internal)?;
    }
    let base = format!("/api/v1/sites/{}/images", s.slug);
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(UploadedImage {
            url: format!("{base}/{name}"),
            width: processed.width,
            height: processed.height,
            thumbnail_url: format!("{base}/{thumb}"),
        }))
}

/// An uploaded image. Names never change content, so it is cached forever.
#[utoipa::path(tag = "images", params(("site" = String, Path, description = "Site slug"), ("name" = String, Path)), responses(
    (status = 200, description = "The image", content_type = "image/png", body = Vec<u8>),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/sites/{site}/images/{name}")]
pub async fn get_image(
    state: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (slug, name) = path.into_inner();
    let s = site(&state, &req, &slug).await?;
    let ct = valid_name(&name).ok_or(ApiError::NotFound)?;
    let bytes = match tokio::fs::read(images_dir(&state, s.id).join(&name)).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ApiError::NotFound),
        Err(e) => return Err(ApiError::internal(e)),
    };
    Ok(HttpResponse::Ok()
        .content_type(ct)
        .insert_header(("Cache-Control", "public, max-age=31536000, immutable"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"))
        .body(bytes))
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
