//! yascms's public addresses, which a school that moved to yass keeps
//! answering with 301s (issue 17): the key a request is looked up by, and
//! where each kind of target lives in yass.
//!
//! yascms addresses things by numeric id only: `/news/get/{id}`,
//! `/news/list?c={category}`, `/page/get/{id}`, `/telext`, `/links`, and
//! files under `/uploads/news/{YYYY}/{MM}/{name}` or `/uploads/pages/{name}`
//! (the month folder differs between yascms's own upload, delete and link
//! code, so a file is keyed by its unique name alone).

/// The lookup key of a request (`path` without query, `query` without
/// `?`), or None when it is no yascms address (most requests: no lookup).
pub fn key(path: &str, query: &str) -> Option<String> {
    let path = path.trim_end_matches('/');
    let id = |s: &str| s.parse::<u64>().ok().map(|n| n.to_string());
    if let Some(n) = path.strip_prefix("/news/get/").and_then(id) {
        return Some(format!("/news/get/{n}"));
    }
    if let Some(n) = path.strip_prefix("/page/get/").and_then(id) {
        return Some(format!("/page/get/{n}"));
    }
    if path == "/news/list" {
        return Some(
            match query
                .split('&')
                .find_map(|kv| kv.strip_prefix("c="))
                .and_then(id)
            {
                Some(c) => format!("/news/list?c={c}"),
                None => "/news/list".into(),
            },
        );
    }
    if path == "/telext" || path == "/links" {
        return Some(path.to_string());
    }
    let file = |rest: &str| {
        let name = rest.rsplit('/').next()?;
        let ok = !name.is_empty()
            && name.len() <= 100
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        ok.then(|| name.to_string())
    };
    if let Some(rest) = path.strip_prefix("/uploads/news/") {
        return file(rest).map(|n| format!("/uploads/news/{n}"));
    }
    if let Some(rest) = path.strip_prefix("/uploads/pages/")
        && !rest.contains('/')
    {
        return file(rest).map(|n| format!("/uploads/pages/{n}"));
    }
    None
}

/// Where a target is, under the site's base (`""` on its own host,
/// `/s/{slug}` on the platform host). Attachments are served by the API
/// and need their file name.
pub fn target(
    base: &str,
    slug: &str,
    kind: &str,
    id: Option<i64>,
    file_name: Option<&str>,
) -> Option<String> {
    Some(match (kind, id) {
        ("news", Some(id)) => format!("{base}/news/{id}"),
        ("page", Some(id)) => format!("{base}/pages/{id}"),
        ("news_category", Some(id)) => format!("{base}/news?category={id}"),
        ("news_list", _) => format!("{base}/news"),
        ("extensions", _) => format!("{base}/extensions"),
        ("links", _) => format!("{base}/links"),
        ("attachment", Some(id)) => format!(
            "/api/v1/sites/{slug}/attachments/{id}/{}",
            percent_encoding::utf8_percent_encode(file_name?, super::uploads::RFC5987)
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yascms_addresses_have_keys_others_none() {
        assert_eq!(key("/news/get/12", "").as_deref(), Some("/news/get/12"));
        assert_eq!(key("/news/get/12/", "").as_deref(), Some("/news/get/12"));
        assert_eq!(key("/page/get/3", "").as_deref(), Some("/page/get/3"));
        assert_eq!(
            key("/news/list", "c=2&p=4").as_deref(),
            Some("/news/list?c=2")
        );
        assert_eq!(key("/news/list", "p=2").as_deref(), Some("/news/list"));
        assert_eq!(key("/telext", "").as_deref(), Some("/telext"));
        assert_eq!(
            key("/uploads/news/2024/03/12_ab_cd9x.pdf", "").as_deref(),
            Some("/uploads/news/12_ab_cd9x.pdf")
        );
        assert_eq!(
            key("/uploads/pages/3_x.doc", "").as_deref(),
            Some("/uploads/pages/3_x.doc")
        );
        for none in [
            "/",
            "/news",
            "/news/12",
            "/pages/3",
            "/news/get/x",
            "/uploads/pages/a/b.pdf",
            "/uploads/news/2024/%2e%2e",
        ] {
            assert_eq!(key(none, ""), None, "{none}");
        }
    }

    #[test]
    fn targets_follow_the_site() {
        assert_eq!(
            target("", "s", "news", Some(7), None).as_deref(),
            Some("/news/7")
        );
        assert_eq!(
            target("/s/old", "old", "page", Some(3), None).as_deref(),
            Some("/s/old/pages/3")
        );
        assert_eq!(
            target("", "s", "news_category", Some(2), None).as_deref(),
            Some("/news?category=2")
        );
        assert_eq!(
            target("", "s", "attachment", Some(9), Some("招生 簡章.pdf")).as_deref(),
            Some("/api/v1/sites/s/attachments/9/%E6%8B%9B%E7%94%9F%20%E7%B0%A1%E7%AB%A0.pdf")
        );
        assert_eq!(target("", "s", "news", None, None), None);
        assert_eq!(target("", "s", "elsewhere", Some(1), None), None);
    }
}
