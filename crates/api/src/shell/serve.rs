//! Serving the built SPA: static assets, and the HTML shell for client routes
//! with the page's title and Open Graph tags filled in server-side (link
//! previews and crawlers do not run WASM). The SPA is two bundles: admin
//! paths get `admin.html` (the dashboard's bundle), every other route
//! `index.html` (the visitor site's), so visitors never load admin code.

use crate::error::ApiError;
use crate::state::State;
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse};
use std::path::{Component, Path, PathBuf};
use yass_shared_types::spa::{Bundle, bundle_for_path};

/// The marker in index.html that the head tags replace.
pub const HEAD_MARKER: &str = "<!--yass:head-->";

pub async fn fallback(req: HttpRequest, state: State) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path.starts_with("/api/") || path == "/api" {
        return Err(ApiError::NotFound);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::MethodNotAllowed);
    }
    if let Some(to) = super::legacy::redirect(&state, &req).await? {
        return Ok(HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, to))
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .finish());
    }
    let dir = &state.settings.spa_dir;
    if let Some(file) = asset_path(dir, path)
        && file.is_file()
        && file
            .file_name()
            .is_some_and(|n| n != "index.html" && n != "admin.html")
    {
        let bytes = tokio::fs::read(&file).await.map_err(ApiError::internal)?;
        let hashed = file.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
            s.rsplit('-')
                .next()
                .is_some_and(|h| h.len() >= 8 && h.chars().all(|c| c.is_ascii_hexdigit()))
        });
        return Ok(HttpResponse::Ok()
            .content_type(content_type(&file))
            .insert_header(("X-Content-Type-Options", "nosniff"))
            .insert_header((
                header::CACHE_CONTROL,
                if hashed {
                    "public, max-age=31536000, immutable"
                } else {
                    "public, max-age=300"
                },
            ))
            .body(bytes));
    }
    let Some(index) = read_shell(dir, path).await else {
        return Err(ApiError::NotFound);
    };
    let head = super::head::head_for(&state, &req).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, html_policy()))
        .insert_header((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .insert_header((header::X_FRAME_OPTIONS, "SAMEORIGIN"))
        .body(index.replacen(HEAD_MARKER, &head, 1)))
}

/// The shells' Content-Security-Policy (rules/csp.rs), built once.
fn html_policy() -> &'static str {
    static POLICY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    POLICY.get_or_init(crate::rules::csp::html_policy)
}

/// The HTML shell's file name for a page path.
pub fn shell_for(path: &str) -> &'static str {
    match bundle_for_path(path) {
        Bundle::Admin => "admin.html",
        Bundle::Site => "index.html",
    }
}

/// The HTML shell for a page path; `index.html` when a build has no
/// `admin.html` (one bundle that holds both halves).
async fn read_shell(dir: &Path, path: &str) -> Option<String> {
    let name = shell_for(path);
    match tokio::fs::read_to_string(dir.join(name)).await {
        Ok(s) => Some(s),
        Err(_) if name != "index.html" => {
            tokio::fs::read_to_string(dir.join("index.html")).await.ok()
        }
        Err(_) => None,
    }
}

/// The file under `dir` for a URL path, refusing anything that climbs out.
pub fn asset_path(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    if rel.as_os_str().is_empty() {
        return None;
    }
    let mut out = dir.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    Some(out)
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_paths_never_leave_the_directory() {
        let d = Path::new("/srv/spa");
        assert_eq!(
            asset_path(d, "/app-1234abcd.js"),
            Some(PathBuf::from("/srv/spa/app-1234abcd.js"))
        );
        assert_eq!(asset_path(d, "/../etc/passwd"), None);
        assert_eq!(asset_path(d, "/a/../../x"), None);
        assert_eq!(asset_path(d, "/"), None);
    }

    #[test]
    fn admin_paths_get_the_admin_shell() {
        assert_eq!(shell_for("/admin"), "admin.html");
        assert_eq!(shell_for("/admin/news/3"), "admin.html");
        assert_eq!(shell_for("/s/demo/admin"), "admin.html");
        assert_eq!(shell_for("/s/demo/admin/users"), "admin.html");
        assert_eq!(shell_for("/"), "index.html");
        assert_eq!(shell_for("/s/demo/news/3"), "index.html");
        assert_eq!(shell_for("/administration"), "index.html");
    }

    #[actix_web::test]
    async fn shells_fall_back_to_index_html() {
        let dir = std::env::temp_dir().join(format!("yass-spa-shell-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "site").unwrap();
        assert_eq!(read_shell(&dir, "/admin").await.as_deref(), Some("site"));
        std::fs::write(dir.join("admin.html"), "admin").unwrap();
        assert_eq!(
            read_shell(&dir, "/s/demo/admin/news").await.as_deref(),
            Some("admin")
        );
        assert_eq!(read_shell(&dir, "/s/demo/").await.as_deref(), Some("site"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read_shell(&dir, "/").await, None);
    }
}
