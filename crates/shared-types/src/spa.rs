//! Which of the SPA's two bundles serves a page path.
//!
//! The visitor site and the admin dashboard are separate wasm bundles (see
//! docs/decisions/0006-spa-two-bundles.md). The server picks the HTML shell
//! with this function and each bundle uses it to notice a path that belongs
//! to the other one, so the two can never disagree.

/// One of the SPA's bundles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// The public site of a school (and the platform's landing page).
    Site,
    /// The admin dashboard.
    Admin,
}

/// `/admin`, `/admin/…`, `/s/{slug}/admin` and `/s/{slug}/admin/…` belong to
/// the admin dashboard; every other path to the visitor site. Empty segments
/// are ignored, as the SPA's router does.
pub fn bundle_for_path(path: &str) -> Bundle {
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    match (segs.next(), segs.next(), segs.next()) {
        (Some("admin"), _, _) | (Some("s"), Some(_), Some("admin")) => Bundle::Admin,
        _ => Bundle::Site,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths() {
        for p in [
            "/admin",
            "/admin/",
            "/admin/news/3",
            "//admin",
            "/s/demo/admin",
            "/s/demo/admin/users",
            "/s/x/admin/",
        ] {
            assert_eq!(bundle_for_path(p), Bundle::Admin, "{p}");
        }
    }

    #[test]
    fn site_paths() {
        for p in [
            "",
            "/",
            "/news/3",
            "/administration",
            "/pages/admin",
            "/s/demo",
            "/s/demo/",
            "/s/demo/news/admin",
            "/s/admin",
            "/s/demo/administrator",
        ] {
            assert_eq!(bundle_for_path(p), Bundle::Site, "{p}");
        }
    }
}
