//! A site's public address, and the URLs a site may show as images (logo,
//! banners, link icons): its own uploaded images, or an absolute URL on the web.

/// Where a site's public pages live: `https://` its primary hostname, or the
/// platform path `/s/{slug}` when it has none. Paths are appended to it.
pub fn public_base(primary_host: Option<&str>, slug: &str) -> String {
    match primary_host {
        Some(h) => format!("https://{h}"),
        None => format!("/s/{slug}"),
    }
}

/// `/api/v1/sites/{slug}/images/<name>` of this site only: a path into
/// another school's uploads, or one that climbs out (`..`), is refused.
pub fn own_image_path(s: &str, slug: &str) -> bool {
    let Some(rest) = s.strip_prefix(&format!("/api/v1/sites/{slug}/images/")) else {
        return false;
    };
    !rest.is_empty()
        && rest.len() <= 300
        && rest
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
}

/// An image URL: the site's own image path, or an absolute URL with one of
/// `schemes`.
pub fn image_url(s: &str, slug: &str, schemes: &[&str]) -> Result<String, String> {
    let t = s.trim();
    if own_image_path(t, slug) {
        return Ok(t.to_string());
    }
    if t.starts_with('/') {
        return Err(format!(
            "Use an image of this site (/api/v1/sites/{slug}/images/...) or a {} URL.",
            schemes.join("/")
        ));
    }
    super::validate::url(t, schemes).map_err(|_| {
        format!(
            "Use an image of this site (/api/v1/sites/{slug}/images/...) or a {} URL.",
            schemes.join("/")
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_public_base_is_the_primary_host_else_the_platform_path() {
        assert_eq!(
            super::public_base(Some("www.demo.tp.edu.tw"), "demo"),
            "https://www.demo.tp.edu.tw"
        );
        assert_eq!(super::public_base(None, "demo"), "/s/demo");
    }

    use super::*;

    #[test]
    fn own_paths_only() {
        assert!(own_image_path("/api/v1/sites/demo/images/ab12.png", "demo"));
        assert!(own_image_path("/api/v1/sites/demo/images/12/thumb", "demo"));
        for bad in [
            "/api/v1/sites/other/images/a.png",
            "/api/v1/sites/demo/images/",
            "/api/v1/sites/demo/images/../users",
            "/api/v1/sites/demo/images/a//b",
            "/api/v1/sites/demo/images/a.png?x=<script>",
            "/api/v1/sites/demo/attachments/1",
        ] {
            assert!(!own_image_path(bad, "demo"), "{bad}");
        }
    }

    #[test]
    fn image_urls() {
        let https = ["https"];
        assert!(image_url("https://cdn.example.tw/logo.png", "demo", &https).is_ok());
        assert!(image_url("/api/v1/sites/demo/images/1.png", "demo", &https).is_ok());
        for bad in [
            "http://cdn.example.tw/logo.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "/etc/passwd",
            "//evil.tw/x.png",
            "/api/v1/sites/other/images/1.png",
        ] {
            assert!(image_url(bad, "demo", &https).is_err(), "{bad}");
        }
        assert!(image_url("http://cdn.example.tw/i.png", "demo", &["http", "https"]).is_ok());
    }
}
