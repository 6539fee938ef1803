//! Logo and banner bodies: this site's own image paths or https URLs.

use crate::error::FieldErrors;
use crate::rules::site_urls;
use yass_shared_types::content::Branding;

/// A homepage carousel of more than this many images helps nobody.
pub const MAX_BANNERS: usize = 10;

/// The logo and banners, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidBranding {
    pub logo_url: Option<String>,
    pub banner_urls: Vec<String>,
}

pub fn branding(b: &Branding, site_slug: &str) -> Result<ValidBranding, FieldErrors> {
    let mut e = FieldErrors::new();
    let logo_url = match b
        .logo_url
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(l) => site_urls::image_url(l, site_slug, &["https"])
            .map_err(|m| e.add("logo_url", m))
            .ok(),
    };
    if b.banner_urls.len() > MAX_BANNERS {
        e.add("banner_urls", format!("At most {MAX_BANNERS} banners."));
    }
    let banner_urls = b
        .banner_urls
        .iter()
        .filter_map(|u| {
            site_urls::image_url(u, site_slug, &["https"])
                .map_err(|m| e.add("banner_urls", m))
                .ok()
        })
        .collect();
    if e.is_empty() {
        Ok(ValidBranding {
            logo_url,
            banner_urls,
        })
    } else {
        Err(e)
    }
}

/// The homepage layout's problems as the field errors of `blocks`.
pub fn layout_errors(messages: Vec<String>) -> FieldErrors {
    let mut e = FieldErrors::new();
    for m in messages {
        e.add("blocks", m);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(logo: Option<&str>, banners: &[&str]) -> Branding {
        Branding {
            logo_url: logo.map(String::from),
            banner_urls: banners.iter().map(|b| (*b).to_string()).collect(),
        }
    }

    #[test]
    fn own_images_and_https_urls_only() {
        let ok = branding(&body(Some(" "), &["https://cdn.example.tw/a.png"]), "demo").unwrap();
        assert_eq!(ok.logo_url, None, "blank is none");
        assert_eq!(ok.banner_urls.len(), 1);
        let bad = branding(
            &body(
                Some("http://x.example/l.png"),
                &["/sites/other/uploads/a.png"],
            ),
            "demo",
        )
        .unwrap_err();
        assert_eq!(
            bad.0.keys().collect::<Vec<_>>(),
            ["banner_urls", "logo_url"]
        );
        let many = vec!["https://cdn.example.tw/a.png"; MAX_BANNERS + 1];
        assert!(branding(&body(None, &many), "demo").is_err());
    }
}
