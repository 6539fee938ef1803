//! Title, description and Open Graph tags for the HTML shell, escaped.

use crate::error::ApiError;
use crate::routes::State;
use crate::spa::site_of_request;
use actix_web::HttpRequest;

pub struct HeadInfo {
    pub title: String,
    pub description: String,
    pub url: Option<String>,
    pub kind: &'static str,
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Plain text of sanitized HTML, shortened for a description.
pub fn summary(html: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > max_chars {
        let cut: String = collapsed.chars().take(max_chars).collect();
        format!("{cut}…")
    } else {
        collapsed
    }
}

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
    let info = crate::seo_items::item_head(state, &site, &rest)
        .await?
        .unwrap_or_else(|| HeadInfo {
            title: site.name.clone(),
            description: site.slogan.clone().unwrap_or_else(|| site.name.clone()),
            url: None,
            kind: "website",
        });
    Ok(render(&info))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn summaries_strip_tags_and_shorten() {
        assert_eq!(summary("<p>颱風 <b>停課</b></p>", 100), "颱風 停課");
        assert_eq!(summary("<p>一二三四五</p>", 3), "一二三…");
    }
}
