//! Title, description and Open Graph tags for the HTML shell, escaped.

use super::head_info::HeadInfo;
use super::item_head::item_head;
use super::request_site::site_of_request;
use crate::error::ApiError;
use crate::rules::text::escape;
use crate::state::State;
use actix_web::HttpRequest;

pub fn render(h: &HeadInfo) -> String {
    let t = escape(&h.title);
    let d = escape(&h.description);
    let mut s = format!(
        "<title>{t}</title>\n<meta name=\"description\" content=\"{d}\">\n\
         <meta property=\"og:title\" content=\"{t}\">\n<meta property=\"og:description\" content=\"{d}\">\n\
         <meta property=\"og:type\" content=\"{}\">\n<meta name=\"twitter:card\" content=\"summary\">\n",
        h.kind
    );
    if let Some(u) = &h.url {
        s.push_str(&format!(
            "<meta property=\"og:url\" content=\"{}\">\n",
            escape(u)
        ));
    }
    s
}

pub async fn head_for(state: &State, req: &HttpRequest) -> Result<String, ApiError> {
    let Some((site, rest)) = site_of_request(state, req).await? else {
        return Ok(render(&HeadInfo {
            title: "yass — 學校網站平台".into(),
            description: "臺北市集中化學校網站平台".into(),
            url: None,
            kind: "website",
        }));
    };
    let info = item_head(state, &site, &rest)
        .await?
        .unwrap_or_else(|| HeadInfo {
            title: site.name.clone(),
            description: site.slogan.clone().unwrap_or_else(|| site.name.clone()),
            url: None,
            kind: "website",
        });
    let mut head = render(&info);
    if let Some(link) = data_preload(&site.slug, &rest) {
        head.push_str(&link);
    }
    Ok(head)
}

/// On a school's homepage, a preload of the homepage's data: the browser
/// fetches it while the WASM bundle is still loading, and the SPA's own
/// request (same URL, same-origin credentials, hence `crossorigin`) takes
/// the preloaded response.
pub fn data_preload(slug: &str, rest: &str) -> Option<String> {
    if !matches!(rest, "" | "/") {
        return None;
    }
    Some(format!(
        "<link rel=\"preload\" href=\"/api/v1/sites/{}/homepage\" as=\"fetch\" crossorigin=\"anonymous\">\n",
        escape(slug)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_homepage_preloads_its_data_and_other_pages_do_not() {
        let link = data_preload("demo", "/").unwrap();
        assert!(link.contains("href=\"/api/v1/sites/demo/homepage\""));
        assert!(link.contains("as=\"fetch\" crossorigin=\"anonymous\""));
        assert_eq!(data_preload("demo", ""), Some(link));
        assert!(data_preload("demo", "/news/3").is_none());
        assert!(data_preload("a\"b", "/").unwrap().contains("a&quot;b"));
    }

    #[test]
    fn tags_are_escaped() {
        let h = render(&HeadInfo {
            title: "<script>\"x\"</script>".into(),
            description: "a & b".into(),
            url: Some("https://x.tw/?a=1&b=\"2\"".into()),
            kind: "article",
        });
        assert!(h.contains("<title>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</title>"));
        assert!(h.contains("a &amp; b"));
        assert!(!h.contains("<script>"));
    }
}
