//! Every API operation the dashboard performs, one function each, so a
//! component never spells a URL: it calls `endpoints::news::update(&s, id,
//! &input)` and gets the API's typed answer or a [`Fail`](super::api::Fail).
//!
//! One file per resource. Each function names its method and path once;
//! the request itself (token, silent refresh, problem decoding) is
//! [`Session`](super::api::Session)'s job. Sign-in, refresh, `me` and the
//! password change stay with the session in `admin/api.rs`, which needs
//! them to run its own life cycle.

pub mod announcements;
pub mod api_tokens;
pub mod applications;
pub mod archives;
pub mod audit_log;
pub mod auth_log;
pub mod calendar;
pub mod dashboard;
pub mod extensions;
pub mod groups;
pub mod images;
pub mod links;
pub mod nav;
pub mod news;
pub mod news_categories;
pub mod pages;
pub mod platform_admins;
pub mod profile;
pub mod revisions;
pub mod site;
pub mod sites;
pub mod trash;
pub mod users;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Components call endpoint functions; only this module (and the
    /// session's own sign-in plumbing in `api.rs`) may spell an API path.
    #[test]
    fn no_api_path_outside_the_endpoints() {
        let admin = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/admin");
        let mut offenders = vec![];
        let mut dirs = vec![admin.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path == admin.join("endpoints") {
                    continue;
                }
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path == admin.join("api.rs") || path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (n, line) in text.lines().enumerate() {
                    if line.contains("/api/v1") || line.contains(".url(") {
                        offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "API paths outside admin/endpoints:\n{}",
            offenders.join("\n")
        );
        // The walk really saw the components.
        assert!(admin.join("navedit.rs").exists() || admin.join("navedit").exists());
    }
}
