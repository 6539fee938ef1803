//! Attachments of news items and pages: upload, delete, download.
//! Downloads follow the owner's visibility, and nothing a browser could run
//! is ever served inline.

use super::news::sees_hidden;
use crate::auth::caller::{Actor, Caller};
use crate::error::{ApiError, ApiResult};
use crate::file_store::FileKey;
use crate::http::file_download;
use crate::http::responses::found;
use crate::http::site_context::SiteActor;
use crate::http::site_lookup::{reader_rights, site};
use crate::rules::file_types;
use crate::rules::permissions::Rights;
use crate::rules::uploads as rules;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::attachments::{self as store, AttachmentRow, NEWS, PAGE};
use crate::storage::sites::SiteRow;
use crate::storage::{news, pages};
use crate::uploads;
use actix_multipart::Multipart;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::content::{Attachment, PageVisibility};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_news_attachment)
        .service(upload_page_attachment)
        .service(delete_attachment)
        .service(download_attachment);
}

/// The multipart body of an upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // documents the request only
pub struct FileUpload {
    /// The file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// May `actor` change the attachments of this owner? `Ok(false)` = no such owner.
async fn may_edit_owner(
    state: &State,
    site: &SiteRow,
    rights: &Rights,
    kind: &str,
    owner_id: i64,
) -> ApiResult<Option<bool>> {
    if kind == NEWS {
        let Some(n) = news::get(&state.db, site.site_id(), owner_id).await? else {
            return Ok(None);
        };
        Ok(Some(rights.can_edit_owned(n.group_id)))
    } else {
        if pages::get(&state.db, site.site_id(), owner_id)
            .await?
            .is_none()
        {
            return Ok(None);
        }
        let edit = pages::edit_groups_of(&state.db, site.site_id(), &[owner_id])
            .await?
            .remove(&owner_id)
            .unwrap_or_default();
        Ok(Some(rights.can_edit_page(&edit)))
    }
}

async fn require_edit(
    state: &State,
    site: &SiteRow,
    actor: &Actor,
    kind: &str,
    owner_id: i64,
) -> ApiResult<()> {
    if actor.user.is_none() && !actor.rights.site_admin {
        return Err(actor.denied());
    }
    match may_edit_owner(state, site, &actor.rights, kind, owner_id).await? {
        None => Err(ApiError::NotFound),
        Some(false) => Err(actor.denied()),
        Some(true) => Ok(()),
    }
}

async fn upload(
    state: State,
    ctx: SiteActor,
    kind: &str,
    owner_id: i64,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    require_edit(&state, &s, &actor, kind, owner_id).await?;
    let got = uploads::receive(
        payload,
        state.files.incoming_dir(),
        state.settings.upload_limit_bytes,
    )
    .await?;
    let file_name = rules::display_name(&got.raw_name);
    let content_type = file_types::decide(&file_name, &got.head, got.utf8)
        .content_type
        .to_string();
    let stored_name = rules::stored_name();
    let key = FileKey::attachment(s.site_id(), &stored_name);
    got.temp.store(&state.files, &key).await?;
    let saved = async {
        let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
        let row = store::insert(
            &tx,
            store::NewAttachment {
                owner_kind: kind,
                owner_id,
                file_name: &file_name,
                stored_name: &stored_name,
                content_type: &content_type,
                size: got.size,
                at: state.clock.now_naive(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, ApiError>(row)
    }
    .await;
    match saved {
        Ok(row) => Ok(HttpResponse::Created()
            .insert_header(("Cache-Control", "private, no-store"))
            .json(crate::views::attachments::to_dto(&s.slug, &row))),
        Err(e) => {
            if !e.may_have_committed() {
                let _ = state.files.delete(&key).await;
            }
            Err(e)
        }
    }
}

/// Attaches a file to a news item (its editors). Multipart, field `file`.
#[utoipa::path(tag = "attachments", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "News item id")),
    request_body(content = FileUpload, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Attached", body = Attachment),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The file is larger than the upload limit", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not multipart/form-data", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Empty file or no `file` field", body = Problem, content_type = "application/problem+json"),
))]
#[post("/news/{id}/attachments")]
pub async fn upload_news_attachment(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    upload(state, ctx, NEWS, id, payload).await
}

/// Attaches a file to a page (its editors). Multipart, field `file`.
#[utoipa::path(tag = "attachments", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path, description = "Page id")),
    request_body(content = FileUpload, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Attached", body = Attachment),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "The file is larger than the upload limit", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not multipart/form-data", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Empty file or no `file` field", body = Problem, content_type = "application/problem+json"),
))]
#[post("/pages/{id}/attachments")]
pub async fn upload_page_attachment(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    upload(state, ctx, PAGE, id, payload).await
}

/// Removes an attachment and its file (editors of its news item or page).
#[utoipa::path(tag = "attachments", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/attachments/{id}")]
pub async fn delete_attachment(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    let a = found(store::get(&state.db, s.site_id(), id).await?)?;
    require_edit(&state, &s, &actor, &a.owner_kind, a.owner_id).await?;
    // Who may restore it from the trash: the owner's editors.
    let (owner_group, edit_groups) = if a.owner_kind == NEWS {
        let n = news::get(&state.db, s.site_id(), a.owner_id).await?;
        (n.map(|n| n.group_id), vec![])
    } else {
        let mut g = pages::edit_groups_of(&state.db, s.site_id(), &[a.owner_id]).await?;
        (None, g.remove(&a.owner_id).unwrap_or_default())
    };
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::delete(&tx, a.id, owner_group, edit_groups).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Whether the caller may read the owner: `Some(public)` when readable
/// (`public` = readable by everyone), `None` when not.
async fn readable(
    state: &State,
    s: &SiteRow,
    a: &AttachmentRow,
    caller: Option<Caller>,
) -> ApiResult<Option<bool>> {
    if a.owner_kind == NEWS {
        let Some(n) = news::get(&state.db, s.site_id(), a.owner_id).await? else {
            return Ok(None);
        };
        if news::schedule(&n).visible(state.clock.now()) {
            return Ok(Some(true));
        }
        let rights = reader_rights(state, s, caller).await;
        Ok(sees_hidden(&rights, &n).then_some(false))
    } else {
        let Some(p) = pages::get(&state.db, s.site_id(), a.owner_id).await? else {
            return Ok(None);
        };
        let visibility = pages::visibility(&p);
        if visibility == PageVisibility::Public {
            return Ok(Some(true));
        }
        let read = pages::read_groups_of(&state.db, s.site_id(), &[p.id])
            .await?
            .remove(&p.id)
            .unwrap_or_default();
        let rights = reader_rights(state, s, caller).await;
        Ok(rights.can_read_page(visibility, &read).then_some(false))
    }
}

/// Downloads an attachment if its news item is visible or its page readable
/// by the caller (else 404). The type sent is decided by the file's
/// extension and first bytes from an allow-list (PDF, office documents,
/// images, UTF-8 text, zip, MP3/MP4); anything else, HTML and SVG included,
/// is `application/octet-stream`. Raster images are inline; everything else
/// is a download. Streamed from the file store, with `Range` and `ETag` support.
#[utoipa::path(tag = "attachments", security((), ("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path), ("file_name" = String, Path, description = "The file name (for readable URLs; not checked)")), responses(
    (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
    (status = 206, description = "The requested byte range of the file", content_type = "application/octet-stream", body = Vec<u8>),
    (status = 304, description = "Not modified (`If-None-Match` / `If-Modified-Since`)"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not readable by the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/attachments/{id}/{file_name}")]
pub async fn download_attachment(
    state: State,
    req: HttpRequest,
    caller: Option<Caller>,
    path: web::Path<(String, i64, String)>,
) -> ApiResult<HttpResponse> {
    let (slug, id, _) = path.into_inner();
    let s = site(&state, &req, &slug).await?;
    let a = found(store::get(&state.db, s.site_id(), id).await?)?;
    let public = readable(&state, &s, &a, caller)
        .await?
        .ok_or(ApiError::NotFound)?;
    let key = FileKey::attachment(s.site_id(), &a.stored_name);
    let got = file_download::stored_file(&state.files, &key, &req, true).await?;
    // Decided again from the stored bytes: rows stored before the type
    // rule kept the client's claim.
    let served = file_types::decide(
        &a.file_name,
        &got.head,
        file_types::stored_as_utf8(&a.content_type),
    );
    let cache = if public {
        format!("public, max-age={}", state.settings.public_max_age)
    } else {
        "private, no-store".to_string()
    };
    let mut res = got.response;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(served.content_type));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        CONTENT_DISPOSITION,
        HeaderValue::try_from(rules::content_disposition(&a.file_name, served.inline))
            .map_err(ApiError::internal)?,
    );
    h.insert(
        CACHE_CONTROL,
        HeaderValue::try_from(cache).map_err(ApiError::internal)?,
    );
    h.insert(VARY, HeaderValue::from_static("Authorization"));
    Ok(res)
}
