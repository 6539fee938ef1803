//! Head tags for individual items (news, pages). Only what every visitor may
//! read gets a title and summary: hidden news and restricted pages fall back
//! to the site's own head, so nothing leaks through link previews.

use super::head_info::HeadInfo;
use crate::error::ApiError;
use crate::rules::text::summary;
use crate::state::State;
use crate::storage::sites::SiteRow;
use crate::storage::{news, pages};

/// Which item a SPA path names: `/news/12` or `/pages/5`.
fn parse(path: &str) -> Option<(&str, i64)> {
    let mut parts = path.trim_matches('/').split('/');
    let kind = parts.next()?;
    let id = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !matches!(kind, "news" | "pages") {
        return None;
    }
    Some((kind, id))
}

async fn item_url(state: &State, site: &SiteRow, path: &str) -> Result<String, ApiError> {
    let base = crate::http::site_lookup::public_base_url(state, site).await?;
    Ok(format!("{base}{path}"))
}

/// Head info for the item a SPA path names, if it is public.
pub async fn item_head(
    state: &State,
    site: &SiteRow,
    path: &str,
) -> Result<Option<HeadInfo>, ApiError> {
    let Some((kind, id)) = parse(path) else {
        return Ok(None);
    };
    let (title, body) = if kind == "news" {
        match news::get(&state.db, site.site_id(), id).await? {
            Some(n) if news::schedule(&n).visible(state.clock.now()) => (n.title, n.body),
            _ => return Ok(None),
        }
    } else {
        let Some(p) = pages::get(&state.db, site.site_id(), id).await? else {
            return Ok(None);
        };
        // Head tags are public: a restricted page's title stays out of them.
        if pages::visibility(&p) != yass_shared_types::content::PageVisibility::Public {
            return Ok(None);
        }
        (p.title, p.body)
    };
    let description = match summary(&body, 160) {
        s if s.is_empty() => site.name.clone(),
        s => s,
    };
    Ok(Some(HeadInfo {
        title: format!("{title} | {}", site.name),
        description,
        url: Some(item_url(state, site, &format!("/{kind}/{id}")).await?),
        kind: "article",
    }))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn item_paths() {
        assert_eq!(parse("/news/12"), Some(("news", 12)));
        assert_eq!(parse("/pages/5/"), Some(("pages", 5)));
        assert_eq!(parse("/news"), None);
        assert_eq!(parse("/news/x"), None);
        assert_eq!(parse("/links/3"), None);
        assert_eq!(parse("/news/1/2"), None);
    }
}
