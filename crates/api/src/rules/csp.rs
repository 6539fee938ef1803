//! The Content-Security-Policy of the HTML shells (issue 12: without nginx
//! in front, yass must protect its own pages). One text: ops/nginx sends the
//! same policy (a test compares them), so the two never disagree.
//!
//! - scripts: our own files only; `'wasm-unsafe-eval'` lets the page compile
//!   our wasm without allowing `eval` of strings. The shells start their
//!   bundle from an external module, so no inline script is needed;
//! - styles: `'unsafe-inline'`, because the SPA sets `style` attributes
//!   (indentation of trees, thumbnails) and rich text cannot carry any (the
//!   sanitizer drops `style`);
//! - images: our own uploads, and any http(s) image, which the rich-text
//!   allow-list keeps (an https page's http images are upgraded by the
//!   browser before this applies);
//! - frames: only the embed hosts the sanitizer and the map/calendar
//!   settings accept; nobody else may frame us (`frame-ancestors 'self'`);
//! - no plugins, no `<base>`, forms post only to us.

use super::html::FRAME_HOSTS;

/// The policy sent with every HTML shell.
pub fn html_policy() -> String {
    [
        "default-src 'self'".to_string(),
        "script-src 'self' 'wasm-unsafe-eval'".into(),
        "style-src 'self' 'unsafe-inline'".into(),
        "img-src 'self' https: http:".into(),
        "font-src 'self'".into(),
        "connect-src 'self'".into(),
        format!("frame-src {}", FRAME_HOSTS.join(" ")),
        "object-src 'none'".into(),
        "base-uri 'none'".into(),
        "form-action 'self'".into(),
        "frame-ancestors 'self'".into(),
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive(name: &str) -> String {
        html_policy()
            .split("; ")
            .find(|d| d.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("no {name}"))
            .to_string()
    }

    #[test]
    fn scripts_come_only_from_us_and_nothing_inline_runs() {
        assert_eq!(
            directive("script-src"),
            "script-src 'self' 'wasm-unsafe-eval'"
        );
        assert!(!html_policy().contains("'unsafe-eval'"));
        assert_eq!(directive("object-src"), "object-src 'none'");
        assert_eq!(directive("base-uri"), "base-uri 'none'");
        assert_eq!(directive("frame-ancestors"), "frame-ancestors 'self'");
        assert_eq!(directive("default-src"), "default-src 'self'");
    }

    #[test]
    fn frames_only_from_the_embed_hosts() {
        let f = directive("frame-src");
        for h in [
            "https://calendar.google.com",
            "https://www.google.com",
            "https://maps.google.com",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
        ] {
            assert!(f.split(' ').any(|s| s == h), "{h} in {f}");
        }
        assert_eq!(f.split(' ').count(), 6, "{f}");
        assert!(!f.contains('*') && !f.contains("http:"), "{f}");
    }
}
