//! The OpenAPI document, generated from the routes themselves.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "yass — school websites API",
        description = "One API for the websites of many schools. Errors are `application/problem+json` (RFC 9457) with a stable `code`.",
        license(name = "MIT")
    ),
    components(schemas(yass_shared_types::problem::Problem)),
    modifiers(&Security),
    tags(
        (name = "sites", description = "Sites (schools) and hostnames"),
        (name = "applications", description = "Schools applying for a site, and the platform admins' review"),
        (name = "auth", description = "Login, tokens and the auth log"),
        (name = "audit", description = "The audit log: who changed what"),
        (name = "users", description = "Users and their rights"),
        (name = "groups", description = "The group tree of a site"),
        (name = "api tokens", description = "Integrator tokens"),
        (name = "health", description = "Liveness and readiness"),
        (name = "news", description = "News items, categories, tags and feeds"),
        (name = "pages", description = "Pages and who may read or edit them"),
        (name = "revisions", description = "Saved versions of news and pages: history, differences, restore"),
        (name = "trash", description = "Deleted items: restore, or delete for good"),
        (name = "archives", description = "Site archives: export a school to one file, or make a new school of one (platform admins)"),
        (name = "attachments", description = "Files attached to news and pages"),
        (name = "images", description = "Images for bodies, logos and banners"),
        (name = "links", description = "Links (好站連結) and link categories"),
        (name = "extensions", description = "Phone extensions (常用分機) with tap-to-call URIs"),
        (name = "calendar", description = "Google Calendar embed, native events and the iCalendar feed"),
        (name = "nav", description = "The navigation tree (導覽列)"),
        (name = "announcements", description = "Platform announcements on every homepage"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or yass_ API token")
                    .description(Some(
                        "An access token from a login, or an integrator's API token.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "refresh_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("yass_refresh"))),
        );
    }
}

/// The document, as the running server serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .configure(crate::routes::health_configure)
        .split_for_parts();
    let mut doc = doc;
    list_served_types(
        &mut doc,
        "/api/v1/sites/{site}/attachments/{id}/{file_name}",
        &crate::rules::file_types::every_served_type(),
    );
    list_served_types(
        &mut doc,
        "/api/v1/sites/{site}/images/{name}",
        crate::rules::file_types::RASTER_TYPES,
    );
    doc
}

/// A download's 200 and 206 responses list every type the file may be
/// served as (from the allow-list itself, so the document cannot drift from
/// what `rules::file_types` decides).
fn list_served_types(doc: &mut utoipa::openapi::OpenApi, path: &str, types: &[&str]) {
    use utoipa::openapi::RefOr;
    let Some(op) = doc.paths.paths.get_mut(path).and_then(|p| p.get.as_mut()) else {
        panic!("no GET {path} in the document");
    };
    for status in ["200", "206"] {
        if let Some(RefOr::T(response)) = op.responses.responses.get_mut(status) {
            let Some(body) = response.content.values().next().cloned() else {
                continue;
            };
            response.content = types
                .iter()
                .map(|t| ((*t).to_string(), body.clone()))
                .collect();
        }
    }
}

pub fn to_json() -> Result<String, serde_json::Error> {
    let mut s = document().to_pretty_json()?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    /// The committed document must be exactly what the code produces.
    /// Regenerate with `make openapi`.
    #[test]
    fn committed_document_matches_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
        let committed = std::fs::read_to_string(path).expect("openapi/openapi.json is committed");
        let generated = super::to_json().unwrap();
        assert!(
            committed == generated,
            "openapi/openapi.json is out of date: run `make openapi` and commit the result"
        );
    }

    #[test]
    fn operation_ids_are_unique() {
        let doc: serde_json::Value = serde_json::from_str(&super::to_json().unwrap()).unwrap();
        let mut seen = std::collections::HashSet::new();
        for item in doc["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                let id = op["operationId"].as_str().unwrap_or_default().to_string();
                assert!(seen.insert(id.clone()), "operationId {id} is used twice");
            }
        }
    }

    #[test]
    fn every_operation_documents_its_errors_and_security() {
        let doc: serde_json::Value = serde_json::from_str(&super::to_json().unwrap()).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let responses = op["responses"].as_object().unwrap();
                assert!(!responses.is_empty(), "{method} {path} has no responses");
                let is_public = ["/healthz", "/readyz", "/api/v1/resolve"].contains(&path.as_str())
                    || op.get("security").is_none();
                if !is_public {
                    assert!(responses.contains_key("401"), "{method} {path} lacks 401");
                }
            }
        }
    }
}
