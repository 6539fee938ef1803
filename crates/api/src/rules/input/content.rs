//! Validation of news and page input: per-field messages, no I/O. The caller
//! passes the ids that exist on the site.

use crate::error::FieldErrors;
use crate::rules::html;
use crate::rules::validate;
use crate::rules::visibility::window_ok;
use chrono::{DateTime, Utc};
use yass_shared_types::content::{NewsInput, PageInput, PageVisibility};

pub const MAX_TITLE: usize = 200;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 30;

/// Tags trimmed, without blanks, deduplicated ignoring case (first spelling
/// wins), in the order given.
pub fn tags(raw: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = vec![];
    for t in raw {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > MAX_TAG_CHARS {
            return Err(format!("A tag has at most {MAX_TAG_CHARS} characters."));
        }
        if t.chars().any(char::is_control) {
            return Err("Tags cannot contain control characters.".into());
        }
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_string());
        }
    }
    if out.len() > MAX_TAGS {
        return Err(format!("At most {MAX_TAGS} tags."));
    }
    Ok(out)
}

/// A news item ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNews {
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    pub group_id: Option<i64>,
    pub tags: Vec<String>,
    pub display_at: Option<DateTime<Utc>>,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
    pub pinned: bool,
    pub pinned_from: Option<DateTime<Utc>>,
    pub pinned_until: Option<DateTime<Utc>>,
    pub draft: bool,
}

/// Ids that exist on the site.
pub struct Known<'a> {
    pub categories: &'a [i64],
    pub groups: &'a [i64],
}

pub fn news(input: &NewsInput, site_slug: &str, known: &Known) -> Result<ValidNews, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    if let Some(c) = input.category_id
        && !known.categories.contains(&c)
    {
        e.add("category_id", "No such category on this site.");
    }
    if let Some(g) = input.group_id
        && !known.groups.contains(&g)
    {
        e.add("group_id", "No such group on this site.");
    }
    let tags = tags(&input.tags).unwrap_or_else(|m| {
        e.add("tags", m);
        vec![]
    });
    if !window_ok(input.visible_from, input.visible_until) {
        e.add("visible_until", "The end must come after the start.");
    }
    if !window_ok(input.pinned_from, input.pinned_until) {
        e.add("pinned_until", "The end must come after the start.");
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidNews {
        title,
        body: html::sanitize(&input.body, site_slug),
        category_id: input.category_id,
        group_id: input.group_id,
        tags,
        display_at: input.display_at,
        visible_from: input.visible_from,
        visible_until: input.visible_until,
        pinned: input.pinned,
        pinned_from: input.pinned_from,
        pinned_until: input.pinned_until,
        draft: input.draft,
    })
}

/// A page ready to store; group lists are checked against the site's groups.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPage {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub edit_group_ids: Option<Vec<i64>>,
    pub read_group_ids: Option<Vec<i64>>,
    /// As sent; `visibility_after` decides what is stored.
    pub visibility: Option<PageVisibility>,
}

impl ValidPage {
    /// The visibility to store over a page that has `current` (None: a new
    /// page). Never public by accident: left out, it stays as it was, and
    /// giving read groups restricts the page.
    pub fn visibility_after(&self, current: Option<PageVisibility>) -> PageVisibility {
        let gives_groups = self.read_group_ids.as_ref().is_some_and(|g| !g.is_empty());
        match self.visibility {
            Some(v) => v,
            None if gives_groups => PageVisibility::Restricted,
            None => current.unwrap_or(PageVisibility::Public),
        }
    }
}

fn group_list(
    field: &str,
    ids: Option<&Vec<i64>>,
    known: &[i64],
    e: &mut FieldErrors,
) -> Option<Vec<i64>> {
    let ids = ids?;
    if ids.iter().any(|g| !known.contains(g)) {
        e.add(field, "No such group on this site.");
    }
    let mut v = ids.clone();
    v.sort_unstable();
    v.dedup();
    Some(v)
}

pub fn page(input: &PageInput, site_slug: &str, groups: &[i64]) -> Result<ValidPage, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    let tags = tags(&input.tags).unwrap_or_else(|m| {
        e.add("tags", m);
        vec![]
    });
    let edit_group_ids = group_list(
        "edit_group_ids",
        input.edit_group_ids.as_ref(),
        groups,
        &mut e,
    );
    let read_group_ids = group_list(
        "read_group_ids",
        input.read_group_ids.as_ref(),
        groups,
        &mut e,
    );
    if input.visibility == Some(PageVisibility::Public)
        && read_group_ids.as_ref().is_some_and(|g| !g.is_empty())
    {
        e.add(
            "visibility",
            "A public page has no read groups: choose restricted, or send no read groups.",
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidPage {
        title,
        body: html::sanitize(&input.body, site_slug),
        tags,
        edit_group_ids,
        read_group_ids,
        visibility: input.visibility,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input() -> NewsInput {
        serde_json::from_value(serde_json::json!({"title": " 颱風停課 "})).unwrap()
    }

    const KNOWN: Known = Known {
        categories: &[1],
        groups: &[10],
    };

    #[test]
    fn page_visibility_never_turns_public_by_accident() {
        use PageVisibility::{Public, Restricted};
        let v = |json: serde_json::Value| {
            let input: PageInput = serde_json::from_value(json).unwrap();
            page(&input, "s", &[10, 11])
        };
        let p = v(serde_json::json!({"title": "t"})).unwrap();
        assert_eq!(p.visibility_after(None), Public);
        assert_eq!(p.visibility_after(Some(Restricted)), Restricted);
        let p = v(serde_json::json!({"title": "t", "read_group_ids": []})).unwrap();
        assert_eq!(p.visibility_after(Some(Restricted)), Restricted);
        let p = v(serde_json::json!({"title": "t", "read_group_ids": [10]})).unwrap();
        assert_eq!(p.visibility_after(None), Restricted);
        assert_eq!(p.visibility_after(Some(Public)), Restricted);
        let p = v(serde_json::json!({"title": "t", "visibility": "restricted"})).unwrap();
        assert_eq!(p.visibility_after(Some(Public)), Restricted);
        let p = v(serde_json::json!({"title": "t", "visibility": "public"})).unwrap();
        assert_eq!(p.visibility_after(Some(Restricted)), Public);
        let e =
            v(serde_json::json!({"title": "t", "visibility": "public", "read_group_ids": [10]}))
                .unwrap_err();
        assert!(e.0.contains_key("visibility"));
    }

    #[test]
    fn tags_are_trimmed_deduplicated_and_bounded() {
        let v = |xs: &[&str]| {
            xs.iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(tags(&v(&[" a ", "A", "", "b"])).unwrap(), v(&["a", "b"]));
        assert!(tags(&v(&[&"長".repeat(31)])).is_err());
        assert!(tags(&(0..21).map(|i| i.to_string()).collect::<Vec<_>>()).is_err());
        assert!(tags(&(0..20).map(|i| i.to_string()).collect::<Vec<_>>()).is_ok());
    }

    #[test]
    fn titles_are_required_and_bounded() {
        assert_eq!(news(&input(), "s", &KNOWN).unwrap().title, "颱風停課");
        let mut i = input();
        i.title = "  ".into();
        assert!(news(&i, "s", &KNOWN).unwrap_err().0.contains_key("title"));
        i.title = "字".repeat(201);
        assert!(news(&i, "s", &KNOWN).unwrap_err().0.contains_key("title"));
    }

    #[test]
    fn windows_and_references_are_checked_per_field() {
        let t = |h| Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap();
        let mut i = input();
        i.visible_from = Some(t(10));
        i.visible_until = Some(t(9));
        i.pinned_from = Some(t(10));
        i.pinned_until = Some(t(10));
        i.category_id = Some(2);
        i.group_id = Some(11);
        let e = news(&i, "s", &KNOWN).unwrap_err().0;
        for f in ["visible_until", "pinned_until", "category_id", "group_id"] {
            assert!(e.contains_key(f), "{f}");
        }
    }
}
