//! Site archives from the platform admin screen (issue 17): export a school
//! to one file and download it; upload one to make a new school. Both run
//! as jobs whose progress any instance reports.

use crate::auth::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::http::responses::private_json;
use crate::operations::site_archive as ops;
use crate::state::State;
use crate::storage::site_archive_jobs as jobs;
use crate::views::archive_jobs::to_dto;
use actix_multipart::Multipart;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::archives::{ArchiveJob, ImportQuery, StartExport, StartedExport};
use yass_shared_types::problem::Problem;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_jobs)
        .service(start_export)
        .service(start_import)
        .service(get_job)
        .service(download);
}

/// The newest archive jobs (platform admins).
#[utoipa::path(tag = "archives", security(("bearer" = [])), responses(
    (status = 200, description = "Newest first (at most 50)", body = Vec<ArchiveJob>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/site-archives")]
pub async fn list_jobs(state: State, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let rows = jobs::recent(&state.db, 50).await?;
    Ok(private_json(&rows.iter().map(to_dto).collect::<Vec<_>>()))
}

/// Starts exporting a site to an archive (platform admins). The answer's
/// `download_url` (shown only here) serves the file once the job is done.
#[utoipa::path(tag = "archives", security(("bearer" = [])), request_body = StartExport, responses(
    (status = 202, description = "Started", body = StartedExport),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such site", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/site-archives/exports")]
pub async fn start_export(
    state: State,
    caller: Caller,
    body: web::Json<StartExport>,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let (job, secret) = ops::start_export(&state, &body.slug, &caller.author(&state)).await?;
    let download_url = format!("/api/v1/site-archives/{}/download?key={secret}", job.id);
    Ok(HttpResponse::Accepted()
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(StartedExport {
            job: to_dto(&job),
            download_url,
        }))
}

/// Uploads an archive (multipart, field `file`, at most
/// `YASS_ARCHIVE_LIMIT_BYTES`) and starts making a new site of it
/// (platform admins).
#[utoipa::path(tag = "archives", security(("bearer" = [])), params(ImportQuery),
    request_body(content = crate::routes::attachments::FileUpload, content_type = "multipart/form-data", description = "Field `file`: the archive"),
    responses(
    (status = 202, description = "Received; the import runs", body = ArchiveJob),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "Larger than YASS_ARCHIVE_LIMIT_BYTES", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not multipart/form-data", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An invalid slug, or an empty file", body = Problem, content_type = "application/problem+json"),
))]
#[post("/api/v1/site-archives/imports")]
pub async fn start_import(
    state: State,
    caller: Caller,
    q: web::Query<ImportQuery>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let limit = usize::try_from(state.settings.archive_limit_bytes).unwrap_or(usize::MAX);
    let got = crate::uploads::receive(payload, state.files.incoming_dir(), limit).await?;
    let job = ops::start_import(&state, got, q.into_inner().slug, &caller.author(&state)).await?;
    Ok(HttpResponse::Accepted().json(to_dto(&job)))
}

/// One archive job's progress (platform admins; any instance answers).
#[utoipa::path(tag = "archives", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = ArchiveJob),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/site-archives/{id}")]
pub async fn get_job(state: State, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    caller.require_platform_admin()?;
    let job = jobs::get(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    Ok(private_json(&to_dto(&job)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DownloadKey {
    /// The secret of the export's `download_url`.
    pub key: String,
}

/// A finished export's archive, streamed (by its one secret address, for
/// the browser's own download; 24 hours).
#[utoipa::path(tag = "archives", params(("id" = i64, Path), DownloadKey), responses(
    (status = 200, description = "The archive", content_type = "application/x-tar", body = Vec<u8>),
    (status = 404, description = "No such download, or it expired", body = Problem, content_type = "application/problem+json"),
))]
#[get("/api/v1/site-archives/{id}/download")]
pub async fn download(
    state: State,
    req: HttpRequest,
    id: web::Path<i64>,
    q: web::Query<DownloadKey>,
) -> ApiResult<HttpResponse> {
    let (key, name) = ops::download(&state, *id, &q.key).await?;
    let mut res = crate::http::file_download::stored_file(&state.files, &key, &req, false)
        .await?
        .response;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-tar"));
    h.insert(
        CONTENT_DISPOSITION,
        HeaderValue::try_from(crate::rules::uploads::content_disposition(&name, false))
            .map_err(ApiError::internal)?,
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}
