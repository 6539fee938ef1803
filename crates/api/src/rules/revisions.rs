//! What "restore this version" brings back, and how two versions differ
//! besides their text. A restore never widens access: old rights come back
//! only when every group in them still exists, they let nobody in that the
//! current ones keep out, and the restorer may change rights at all.

use serde_json::Value;
use yass_shared_types::revisions::{FieldChange, RevisionAttachment, RevisionFields};

/// Who may read and edit a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRights {
    pub public: bool,
    pub edit: Vec<i64>,
    pub read: Vec<i64>,
}

/// Whether `old` lets anyone read or edit whom `current` keeps out.
pub fn widens(old: &PageRights, current: &PageRights) -> bool {
    let more_editors = old.edit.iter().any(|g| !current.edit.contains(g));
    let more_readers = match (old.public, current.public) {
        (true, false) => true,
        (false, false) => old.read.iter().any(|g| !current.read.contains(g)),
        (_, true) => false,
    };
    more_editors || more_readers
}

/// The rights a restored page gets, and whether the current ones were kept
/// instead of the old ones (the editor says so).
pub fn page_rights(
    old: PageRights,
    current: PageRights,
    old_groups_exist: bool,
    may_change_rights: bool,
) -> (PageRights, bool) {
    if old == current {
        (current, false)
    } else if !old_groups_exist || !may_change_rights || widens(&old, &current) {
        (current, true)
    } else {
        (old, false)
    }
}

/// The owning group a restored news item gets: the old one when it still
/// exists and the restorer may give the item to it, else the current one
/// (and `true`: kept).
pub fn news_group(old: Option<i64>, current: i64, old_allowed: bool) -> (i64, bool) {
    match old {
        Some(g) if g == current => (current, false),
        Some(g) if old_allowed => (g, false),
        Some(_) => (current, true),
        None => (current, false),
    }
}

/// The category a restored news item gets: the old one if it still exists
/// (and `true` when it is gone).
pub fn category(old: Option<i64>, exists: bool) -> (Option<i64>, bool) {
    match old {
        Some(_) if !exists => (None, true),
        other => (other, false),
    }
}

/// Files a version listed that the item no longer has.
pub fn attachments_gone(listed: &[RevisionAttachment], current_ids: &[i64]) -> Vec<String> {
    listed
        .iter()
        .filter(|a| !current_ids.contains(&a.id))
        .map(|a| a.file_name.clone())
        .collect()
}

/// The fields (besides title and body) whose values differ, by name in
/// alphabetical order; attachments compare by file name.
pub fn field_changes(from: &RevisionFields, to: &RevisionFields) -> Vec<FieldChange> {
    let as_map = |f: &RevisionFields| -> serde_json::Map<String, Value> {
        let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
        if let Some(list) = v.get_mut("attachments") {
            let names: Vec<Value> = list
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.get("file_name").cloned())
                        .collect()
                })
                .unwrap_or_default();
            *list = Value::Array(names);
        }
        match v {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        }
    };
    let (a, b) = (as_map(from), as_map(to));
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, v)| FieldChange {
            field: k.clone(),
            before: a.get(k).cloned().unwrap_or(Value::Null),
            after: v.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rights(public: bool, edit: &[i64], read: &[i64]) -> PageRights {
        PageRights {
            public,
            edit: edit.to_vec(),
            read: read.to_vec(),
        }
    }

    #[test]
    fn narrower_old_rights_come_back() {
        let (r, kept) = page_rights(
            rights(false, &[1], &[2]),
            rights(true, &[1, 3], &[]),
            true,
            true,
        );
        assert_eq!((r, kept), (rights(false, &[1], &[2]), false));
    }

    #[test]
    fn a_restore_never_opens_a_page() {
        let now = rights(false, &[1], &[2]);
        // The old version was public: the page stays restricted.
        assert_eq!(
            page_rights(rights(true, &[1], &[]), now.clone(), true, true),
            (now.clone(), true)
        );
        // The old read list had one more group.
        assert_eq!(
            page_rights(rights(false, &[1], &[2, 5]), now.clone(), true, true),
            (now.clone(), true)
        );
        // One more editor group.
        assert_eq!(
            page_rights(rights(false, &[1, 4], &[2]), now.clone(), true, true),
            (now.clone(), true)
        );
    }

    #[test]
    fn a_gone_group_or_no_right_keeps_the_current_rights() {
        let now = rights(true, &[1, 3], &[]);
        let old = rights(false, &[1], &[2]);
        assert_eq!(
            page_rights(old.clone(), now.clone(), false, true),
            (now.clone(), true)
        );
        assert_eq!(
            page_rights(old, now.clone(), true, false),
            (now.clone(), true)
        );
        assert_eq!(
            page_rights(now.clone(), now.clone(), false, false),
            (now, false),
            "unchanged: nothing to say"
        );
    }

    #[test]
    fn news_groups_and_categories() {
        assert_eq!(news_group(Some(3), 3, false), (3, false));
        assert_eq!(news_group(Some(4), 3, true), (4, false));
        assert_eq!(news_group(Some(4), 3, false), (3, true));
        assert_eq!(news_group(None, 3, false), (3, false));
        assert_eq!(category(Some(9), true), (Some(9), false));
        assert_eq!(category(Some(9), false), (None, true));
        assert_eq!(category(None, false), (None, false));
    }

    #[test]
    fn gone_files_are_named() {
        let listed = vec![
            RevisionAttachment {
                id: 1,
                file_name: "a.pdf".into(),
                size: 1,
            },
            RevisionAttachment {
                id: 2,
                file_name: "b.pdf".into(),
                size: 1,
            },
        ];
        assert_eq!(attachments_gone(&listed, &[2, 3]), vec!["a.pdf"]);
    }

    #[test]
    fn fields_that_differ_are_listed() {
        let a = RevisionFields {
            tags: vec!["招生".into()],
            pinned: false,
            ..RevisionFields::default()
        };
        let b = RevisionFields {
            tags: vec!["招生".into()],
            pinned: true,
            attachments: vec![RevisionAttachment {
                id: 1,
                file_name: "簡章.pdf".into(),
                size: 9,
            }],
            ..RevisionFields::default()
        };
        let c = field_changes(&a, &b);
        let names: Vec<&str> = c.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["attachments", "pinned"]);
        assert_eq!(c[0].after, serde_json::json!(["簡章.pdf"]));
        assert!(field_changes(&a, &a).is_empty());
    }
}
