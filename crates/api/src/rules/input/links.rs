//! Link and link-category bodies. Whether the owner group and the category
//! exist on the site, and who may choose them, the handler checks with the
//! database.

use super::{each_once, one};
use crate::error::FieldErrors;
use crate::rules::{site_urls, validate};
use yass_shared_types::content::LinkInput;

pub const MAX_TITLE: usize = 200;
pub const MAX_CATEGORY_NAME: usize = 100;
const SCHEMES: &[&str] = &["http", "https"];

/// The text fields of a link, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkFields {
    pub title: String,
    pub url: String,
    /// An http(s) URL or an image of the site's own; `None` when blank.
    pub icon_url: Option<String>,
}

/// Checks the text fields, adding messages to `e` so that the caller's own
/// checks (owner group, category) answer in the same 422.
pub fn fields(input: &LinkInput, site_slug: &str, e: &mut FieldErrors) -> LinkFields {
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    let url = validate::url(&input.url, SCHEMES).unwrap_or_else(|m| {
        e.add("url", m);
        String::new()
    });
    let icon_url = icon_url(input.icon_url.as_deref(), site_slug).unwrap_or_else(|m| {
        e.add("icon_url", m);
        None
    });
    LinkFields {
        title,
        url,
        icon_url,
    }
}

fn icon_url(raw: Option<&str>, site_slug: &str) -> Result<Option<String>, String> {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(i) => site_urls::image_url(i, site_slug, SCHEMES).map(Some),
    }
}

/// A category name (creating, or renaming).
pub fn category_name(raw: &str) -> Result<String, FieldErrors> {
    validate::name(raw, MAX_CATEGORY_NAME).map_err(|m| one("name", m))
}

/// A new order of a list (categories, a category's links, the homepage
/// links): every item of it exactly once.
pub fn order(asked: &[i64], have: &[i64]) -> Result<(), FieldErrors> {
    if each_once(asked, have) {
        Ok(())
    } else {
        Err(one("ids", "List every item of the list exactly once."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, url: &str, icon: Option<&str>) -> LinkInput {
        LinkInput {
            title: title.into(),
            url: url.into(),
            icon_url: icon.map(String::from),
            category_id: None,
            group_id: None,
            order: None,
            on_homepage: false,
            homepage_order: None,
        }
    }

    #[test]
    fn good_fields_come_back_trimmed() {
        let mut e = FieldErrors::new();
        let f = fields(
            &input(" 教育部 ", "https://www.edu.tw/", Some("  ")),
            "demo",
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(f.title, "教育部");
        assert_eq!(f.url, "https://www.edu.tw/");
        assert_eq!(f.icon_url, None, "a blank icon is no icon");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut e = FieldErrors::new();
        fields(
            &input("", "javascript:alert(1)", Some("ftp://x.example/i.png")),
            "demo",
            &mut e,
        );
        let named: Vec<&str> = e.0.keys().map(String::as_str).collect();
        assert_eq!(named, ["icon_url", "title", "url"]);
    }

    #[test]
    fn an_icon_of_the_site_or_on_the_web_is_kept() {
        assert_eq!(
            icon_url(Some("https://cdn.example/i.png"), "demo"),
            Ok(Some("https://cdn.example/i.png".into()))
        );
        assert!(icon_url(Some("/sites/other/uploads/i.png"), "demo").is_err());
    }

    #[test]
    fn a_category_needs_a_name() {
        assert_eq!(category_name(" 常用連結 "), Ok("常用連結".into()));
        assert!(category_name("  ").unwrap_err().0.contains_key("name"));
        assert!(category_name(&"字".repeat(MAX_CATEGORY_NAME + 1)).is_err());
    }

    #[test]
    fn a_reorder_names_every_item_once() {
        assert_eq!(order(&[2, 1], &[1, 2]), Ok(()));
        let e = order(&[1], &[1, 2]).unwrap_err();
        assert_eq!(e.0["ids"], ["List every item of the list exactly once."]);
    }
}
