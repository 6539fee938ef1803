//! What an audit entry records of a row: its fields as JSON, without
//! secrets and bookkeeping, long text shortened, and of an update only the
//! fields that changed. Pure; storage turns rows into field maps.

use serde_json::{Map, Value, json};

/// Kinds of rows no visitor ever sees: accounts (and their passwords and
/// groups), API tokens, and uploaded images until content points at them.
/// A change of any other kind, known or added later, is taken as public and
/// makes its transaction's commit bump the site's content version: a kind
/// someone forgot to list costs an extra cache refresh, never a stale page.
const NOT_SEEN_BY_VISITORS: &[&str] = &["user", "api_token", "image"];

/// Whether a change of this kind can alter what visitors are shown.
pub fn visitors_may_see(kind: &str) -> bool {
    !NOT_SEEN_BY_VISITORS.contains(&kind)
}

/// Longest text kept of a field; the revisions keep whole bodies.
pub const MAX_TEXT: usize = 300;

/// Columns never recorded: ids and times the entry has itself, and
/// anything secret.
const NOT_RECORDED: &[&str] = &[
    "id",
    "site_id",
    "created_at",
    "updated_at",
    "content_version",
    "token_version",
    "password_hash",
    // A row's own client address (an application's): the entry has its
    // own, which is forgotten after the auth log's retention; a copy in the
    // recorded fields would outlive it.
    "client_addr",
];

/// Whether a column's value belongs in an entry. Any column whose name
/// says hash or secret is left out too, so a new secret column is safe by
/// default.
pub fn is_recorded(column: &str) -> bool {
    !NOT_RECORDED.contains(&column) && !column.contains("hash") && !column.contains("secret")
}

/// A value as recorded: text longer than [`MAX_TEXT`] characters is cut,
/// with an ellipsis.
pub fn compact(v: Value) -> Value {
    match v {
        Value::String(s) if s.chars().count() > MAX_TEXT => {
            let mut cut: String = s.chars().take(MAX_TEXT).collect();
            cut.push('…');
            Value::String(cut)
        }
        other => other,
    }
}

/// The recorded fields of a row.
pub fn recorded(fields: Map<String, Value>) -> Map<String, Value> {
    fields
        .into_iter()
        .filter(|(k, _)| is_recorded(k))
        .map(|(k, v)| (k, compact(v)))
        .collect()
}

/// A new row: everything it was made with.
pub fn created(after: Map<String, Value>) -> Value {
    json!({ "after": recorded(after) })
}

/// A removed row: what it held.
pub fn deleted(before: Map<String, Value>) -> Value {
    json!({ "before": recorded(before) })
}

/// A changed row: the fields that changed, before and after.
pub fn updated(before: Map<String, Value>, after: Map<String, Value>) -> Value {
    let before = recorded(before);
    let after = recorded(after);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    let pick = |m: &Map<String, Value>| -> Map<String, Value> {
        changed
            .iter()
            .map(|k| ((*k).clone(), m.get(*k).cloned().unwrap_or(Value::Null)))
            .collect()
    };
    json!({ "before": pick(&before), "after": pick(&after) })
}

/// What names a row to a reader of the log: its title, name, account,
/// URL or hostname, whichever it has.
pub fn label(fields: &Map<String, Value>) -> String {
    [
        "title",
        "name",
        "account",
        "display_name",
        "file_name",
        "url",
        "slug",
    ]
    .iter()
    .find_map(|k| fields.get(*k).and_then(Value::as_str))
    .map(|s| s.chars().take(MAX_TEXT).collect())
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_accounts_tokens_and_uploads_are_out_of_visitors_sight() {
        for kind in ["user", "api_token", "image"] {
            assert!(!super::visitors_may_see(kind), "{kind}");
        }
        for kind in [
            "news",
            "page",
            "site",
            "group",
            "nav_item",
            "a_kind_added_later",
        ] {
            assert!(super::visitors_may_see(kind), "{kind}");
        }
    }
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn secrets_and_bookkeeping_are_never_recorded() {
        let row = map(json!({
            "id": 7, "site_id": 1, "account": "amy", "password_hash": "$argon2id$...",
            "token_hash": "ab12", "refresh_secret": "s", "updated_at": "2026-12-04T08:00:00",
            "token_version": 3, "display_name": "Amy", "client_addr": "192.0.2.7"
        }));
        let entry = created(row);
        assert_eq!(
            entry,
            json!({"after": {"account": "amy", "display_name": "Amy"}})
        );
    }

    #[test]
    fn an_update_names_only_what_changed() {
        let before = map(json!({"title": "開學", "pinned": false, "body": "<p>a</p>"}));
        let after = map(json!({"title": "開學典禮", "pinned": false, "body": "<p>a</p>"}));
        assert_eq!(
            updated(before, after),
            json!({"before": {"title": "開學"}, "after": {"title": "開學典禮"}})
        );
        let same = map(json!({"title": "x"}));
        assert_eq!(
            updated(same.clone(), same),
            json!({"before": {}, "after": {}})
        );
    }

    #[test]
    fn long_text_is_cut() {
        let long = "字".repeat(MAX_TEXT + 50);
        let Value::String(s) = compact(Value::String(long)) else {
            panic!("text stays text");
        };
        assert_eq!(s.chars().count(), MAX_TEXT + 1);
        assert!(s.ends_with('…'));
        assert_eq!(compact(json!(5)), json!(5));
    }

    #[test]
    fn a_row_is_named_by_its_title_or_name() {
        assert_eq!(label(&map(json!({"title": "招生", "name": "x"}))), "招生");
        assert_eq!(label(&map(json!({"name": "教務處"}))), "教務處");
        assert_eq!(label(&map(json!({"account": "amy"}))), "amy");
        assert_eq!(label(&map(json!({"sort_order": 1}))), "");
    }
}
