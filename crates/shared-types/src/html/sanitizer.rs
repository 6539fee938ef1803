//! Rich text sanitizer: the allow-list of DESIGN.md ("Content rules").
//!
//! Runs on every write, so stored HTML is safe to render as it is. What the
//! admin editor produces (headings, lists, tables, links, images, embeds)
//! survives; scripts, event handlers, styles and Word paste junk do not.
//! Lives here rather than in the API so the migrations crate can re-sanitise
//! stored rows with the very same list.

use super::SanitizedHtml;
use ammonia::Builder;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Iframe sources we embed: calendars, maps and videos only.
const IFRAME_PREFIXES: &[&str] = &[
    "https://calendar.google.com/calendar/embed",
    "https://www.google.com/maps/embed",
    "https://www.youtube.com/embed/",
    "https://www.youtube-nocookie.com/embed/",
];

/// Origins a page may frame (the Content-Security-Policy's `frame-src`):
/// those of the iframe sources above, plus `maps.google.com`, which the
/// site's map embed setting also accepts.
pub const FRAME_HOSTS: &[&str] = &[
    "https://calendar.google.com",
    "https://www.google.com",
    "https://maps.google.com",
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
];

const TAGS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "blockquote",
    "code",
    "pre",
    "hr",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "figure",
    "figcaption",
    "a",
    "img",
    "iframe",
    "span",
    "div",
    "sub",
    "sup",
];

/// Whether `src` is an allowed iframe source.
pub fn iframe_allowed(src: &str) -> bool {
    IFRAME_PREFIXES.iter().any(|p| src.starts_with(p))
        && url::Url::parse(src).is_ok_and(|u| u.username().is_empty() && u.password().is_none())
}

/// Whether `src` is an allowed image source: any http(s) URL, or the
/// uploaded images and attachments of `own_site` (a slug; `None` for
/// platform-wide text such as announcements, which belongs to no site).
pub fn image_allowed(src: &str, own_site: Option<&str>) -> bool {
    if let Some(slug) = own_site
        && let Some(rest) = src.strip_prefix(&format!("/api/v1/sites/{slug}/"))
    {
        return (rest.starts_with("images/") || rest.starts_with("attachments/"))
            && !rest.contains("..");
    }
    (src.starts_with("https://") || src.starts_with("http://")) && url::Url::parse(src).is_ok()
}

/// Sanitizes rich text of the site `own_site` (`None`: of the platform).
/// Idempotent: sanitising the output again returns it unchanged.
pub fn sanitize(html: &str, own_site: Option<&str>) -> SanitizedHtml {
    let tags: HashSet<&str> = TAGS.iter().copied().collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert("a", ["href", "title", "target"].into());
    attrs.insert(
        "img",
        ["src", "alt", "title", "width", "height", "loading"].into(),
    );
    attrs.insert(
        "iframe",
        [
            "src",
            "title",
            "width",
            "height",
            "allowfullscreen",
            "loading",
            "frameborder",
        ]
        .into(),
    );
    for cell in ["td", "th"] {
        attrs.insert(cell, ["colspan", "rowspan", "scope"].into());
    }
    attrs.insert("col", ["span"].into());
    attrs.insert("colgroup", ["span"].into());
    attrs.insert("ol", ["start", "type"].into());
    let slug = own_site.map(str::to_string);
    let clean = Builder::default()
        .tags(tags)
        .tag_attributes(attrs)
        // No class, style or id: Word's `mso-` styles and classes go away,
        // and nothing can restyle the site's own chrome.
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(move |element, attribute, value| {
            filter_attribute(element, attribute, value, slug.as_deref())
        })
        .clean(html)
        .to_string();
    SanitizedHtml(clean)
}

fn filter_attribute<'a>(
    element: &str,
    attribute: &str,
    value: &'a str,
    slug: Option<&str>,
) -> Option<Cow<'a, str>> {
    match (element, attribute) {
        ("img", "src") => image_allowed(value.trim(), slug).then(|| value.trim().into()),
        ("iframe", "src") => iframe_allowed(value.trim()).then(|| value.trim().into()),
        ("a", "target") => (value == "_blank").then_some(value.into()),
        (_, "width" | "height" | "colspan" | "rowspan" | "span" | "start") => {
            let ok = !value.is_empty()
                && value.len() <= 5
                && value
                    .trim_end_matches('%')
                    .chars()
                    .all(|c| c.is_ascii_digit());
            ok.then_some(value.into())
        }
        _ => Some(value.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(html: &str) -> String {
        sanitize(html, Some("demo")).into_string()
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let out = s(
            r#"<p onclick="x()">hi<script>alert(1)</script></p><img src="https://x.tw/a.png" onerror="alert(2)" alt="a">"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("alert"), "{out}");
        assert!(
            !out.contains("onerror") && !out.contains("onclick"),
            "{out}"
        );
        assert!(
            out.contains(r#"<img src="https://x.tw/a.png" alt="a">"#),
            "{out}"
        );
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let out = s(
            r#"<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a><a href="data:text/html,x">z</a>"#,
        );
        assert!(!out.to_lowercase().contains("javascript"), "{out}");
        assert!(!out.contains("data:"), "{out}");
        for href in [
            "https://www.example.tw/",
            "http://x.tw/a?b=1",
            "mailto:office@x.tw",
            "tel:+886223456789,123",
            "/pages/3",
        ] {
            let out = s(&format!(r#"<a href="{href}">x</a>"#));
            assert!(out.contains(&format!(r#"href="{href}""#)), "{out}");
            assert!(out.contains(r#"rel="noopener noreferrer""#), "{out}");
        }
    }

    #[test]
    fn allowed_markup_survives() {
        let html = "<h2>標題</h2><p><strong>粗</strong><em>斜</em><u>底</u><s>刪</s><br></p>\
            <ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引</blockquote><pre><code>x</code></pre><hr>\
            <table><thead><tr><th colspan=\"2\">表</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>\
            <figure><img src=\"/api/v1/sites/demo/images/ab12.png\" alt=\"校門\"><figcaption>校門口</figcaption></figure>";
        assert_eq!(s(html), html);
    }

    #[test]
    fn images_come_from_the_web_or_our_own_uploads() {
        assert!(
            s(r#"<img src="/api/v1/sites/other/images/a.png" alt="x">"#)
                .contains("<img alt=\"x\">")
        );
        assert!(!s(r#"<img src="data:image/png;base64,AAAA" alt="x">"#).contains("data:"));
        assert!(!s(r#"<img src="/etc/passwd" alt="x">"#).contains("passwd"));
        assert!(s(r#"<img src="https://x.tw/a.png" alt="x">"#).contains("https://x.tw/a.png"));
    }

    #[test]
    fn iframes_only_from_calendar_maps_and_youtube() {
        for ok in [
            "https://calendar.google.com/calendar/embed?src=abc%40group.calendar.google.com",
            "https://www.google.com/maps/embed?pb=!1m18",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ] {
            let out = s(&format!(
                r#"<iframe src="{ok}" width="600" height="450"></iframe>"#
            ));
            assert!(out.contains("src=\""), "{ok}: {out}");
        }
        for bad in [
            "https://evil.example/embed",
            "https://www.youtube.com/watch?v=x",
            "http://www.youtube.com/embed/x",
            "https://www.youtube.com.evil.tw/embed/x",
            "javascript:alert(1)",
        ] {
            let out = s(&format!(r#"<iframe src="{bad}"></iframe>"#));
            assert!(!out.contains("src="), "{bad}: {out}");
        }
    }

    #[test]
    fn word_paste_junk_is_removed() {
        let out = s(
            r#"<p class="MsoNormal" style="mso-margin-top-alt:auto"><span lang="EN-US" style="font-family:新細明體;mso-bidi-font-family:Arial">颱風停課<o:p></o:p></span></p><!--[if gte mso 9]><xml></xml><![endif]--><style>p{}</style>"#,
        );
        assert_eq!(out, "<p><span>颱風停課</span></p>");
    }

    #[test]
    fn platform_text_has_no_own_uploads() {
        let out = sanitize(
            r#"<img src="/api/v1/sites/demo/images/a.png" alt="x"><img src="https://x.tw/b.png" alt="y">"#,
            None,
        );
        assert_eq!(
            out.as_str(),
            r#"<img alt="x"><img src="https://x.tw/b.png" alt="y">"#
        );
    }

    #[test]
    fn sanitising_twice_changes_nothing() {
        for html in [
            r#"<p onclick="x()">a<script>b</script><img src=x onerror=alert(1)></p>"#,
            r#"<a href="javascript:alert(1)">x</a><svg onload=alert(1)></svg>"#,
            "<table><tr><td colspan=2>1 < 2 & 3</td></tr></table><p>plain\ntext</p>",
            r#"<iframe src="https://www.youtube.com/embed/x" width="1"></iframe>"#,
        ] {
            let once = sanitize(html, Some("demo"));
            assert_eq!(sanitize(once.as_str(), Some("demo")), once, "{html}");
        }
    }

    #[test]
    fn frame_hosts_cover_every_iframe_source() {
        for p in IFRAME_PREFIXES {
            let origin = url::Url::parse(p).unwrap().origin().ascii_serialization();
            assert!(FRAME_HOSTS.contains(&origin.as_str()), "{origin}");
        }
    }

    #[test]
    fn sizes_must_be_numbers() {
        let out =
            s(r#"<img src="https://x.tw/a.png" alt="" width="100" height="expression(alert(1))">"#);
        assert!(
            out.contains(r#"width="100""#) && !out.contains("expression"),
            "{out}"
        );
    }
}
