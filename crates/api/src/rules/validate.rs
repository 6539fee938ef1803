//! Field checks shared by every resource. Each returns a message for people.

/// Path segments and names the platform uses itself; a site may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "api",
    "admin",
    "s",
    "static",
    "assets",
    "pkg",
    "metrics",
    "healthz",
    "readyz",
    "docs",
    "swagger-ui",
    "openapi",
    "sitemap",
    "sitemap.xml",
    "robots.txt",
    "favicon.ico",
    "login",
    "logout",
    "auth",
    "platform",
    "resolve",
    "www",
    "news",
    "pages",
    "links",
    "extensions",
    "calendar",
    "uploads",
    "files",
    "feed",
    "rss",
    "new",
    "edit",
    "manage",
    "system",
    "root",
];

pub fn slug(s: &str) -> Result<(), String> {
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !(2..=63).contains(&s.len()) {
        return Err("A slug has 2 to 63 characters.".into());
    }
    if !ok_chars || s.starts_with('-') || s.ends_with('-') {
        return Err("Use lowercase letters, digits and inner dashes only.".into());
    }
    if RESERVED_SLUGS.contains(&s) {
        return Err(format!("\"{s}\" is reserved by the platform."));
    }
    Ok(())
}

/// A hostname as a school's domain: lowercase labels, no port, no scheme.
pub fn hostname(h: &str) -> Result<String, String> {
    let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
    if h.is_empty() || h.len() > 253 {
        return Err("A hostname has 1 to 253 characters.".into());
    }
    for label in h.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(format!("\"{h}\" is not a valid hostname."));
        }
    }
    Ok(h)
}

/// Trimmed, non-empty, at most `max` characters.
pub fn name(s: &str, max: usize) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("This field is required.".into());
    }
    if t.chars().count() > max {
        return Err(format!("At most {max} characters."));
    }
    if t.chars().any(char::is_control) {
        return Err("Control characters are not allowed.".into());
    }
    Ok(t.to_string())
}

/// Optional text: empty becomes `None`.
pub fn optional_text(s: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match s.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => name(t, max).map(Some),
    }
}

/// An account name, normalised by the one rule (`rules::account`).
pub fn account(s: &str) -> Result<String, String> {
    super::account::parse(s)
}

pub fn password(s: &str) -> Result<(), String> {
    let n = s.chars().count();
    if n < 8 {
        return Err("A password has at least 8 characters.".into());
    }
    if n > 256 {
        return Err("A password has at most 256 characters.".into());
    }
    Ok(())
}

pub fn email(s: &str) -> Result<String, String> {
    let t = s.trim();
    let valid = t.len() <= 254
        && t.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        });
    if valid {
        Ok(t.to_string())
    } else {
        Err(format!("\"{t}\" is not an e-mail address."))
    }
}

/// An absolute URL with one of `schemes`.
pub fn url(s: &str, schemes: &[&str]) -> Result<String, String> {
    let t = s.trim();
    let parsed = url::Url::parse(t).map_err(|_| format!("\"{t}\" is not a valid URL."))?;
    if !schemes.contains(&parsed.scheme()) {
        return Err(format!("Only {} links are allowed.", schemes.join(", ")));
    }
    if matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_none() {
        return Err("The URL needs a host.".into());
    }
    if t.len() > 2000 {
        return Err("At most 2000 characters.".into());
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(slug("jhps").is_ok());
        assert!(slug("tp-001").is_ok());
        for bad in [
            "a",
            "API",
            "api",
            "admin",
            "s",
            "-x",
            "x-",
            "有中文",
            "a_b",
            &"x".repeat(64),
        ] {
            assert!(slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hostnames() {
        assert_eq!(
            hostname("WWW.JHPS.tp.edu.tw.").unwrap(),
            "www.jhps.tp.edu.tw"
        );
        for bad in ["", "http://x.tw", "x..tw", "-x.tw", "x.tw:8080", "a b.tw"] {
            assert!(hostname(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_and_accounts() {
        assert_eq!(name("  教務處 ", 10).unwrap(), "教務處");
        assert!(name("   ", 10).is_err());
        assert!(name("一二三", 2).is_err());
        assert!(name("a\u{0007}", 5).is_err());
        assert!(account("admin").is_ok());
        assert!(account("a b").is_err());
        assert_eq!(optional_text(Some("  "), 5).unwrap(), None);
    }

    #[test]
    fn passwords_emails_urls() {
        assert!(password("short").is_err());
        assert!(password("long enough").is_ok());
        assert!(email("office@jhps.tp.edu.tw").is_ok());
        for bad in ["x", "@x.tw", "a@b", "a b@x.tw", "a@x.tw."] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(url("https://example.tw/a", &["http", "https"]).is_ok());
        assert!(url("javascript:alert(1)", &["http", "https"]).is_err());
        assert!(url("mailto:a@b.tw", &["http", "https", "mailto"]).is_ok());
        assert!(url("not a url", &["https"]).is_err());
    }
}
