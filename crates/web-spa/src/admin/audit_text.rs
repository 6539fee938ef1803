//! How an audit entry reads in the dashboard: names of kinds and actions in
//! both languages, where the item is edited, and one line per changed
//! field. Pure, so it is unit-tested natively.

use serde_json::Value;

/// Every kind of change the log names, with its labels.
pub const KINDS: [(&str, &str, &str); 15] = [
    ("news", "最新消息", "News"),
    ("page", "頁面", "Page"),
    ("attachment", "附件", "Attachment"),
    ("image", "圖片", "Image"),
    ("news_category", "消息分類", "News category"),
    ("link", "網站連結", "Link"),
    ("link_category", "連結分類", "Link category"),
    ("extension", "分機", "Extension"),
    ("calendar_event", "行事曆活動", "Calendar event"),
    ("nav_item", "選單項目", "Menu item"),
    ("user", "使用者", "User"),
    ("group", "群組", "Group"),
    ("api_token", "API 權杖", "API token"),
    ("site", "網站設定", "Site settings"),
    ("announcement", "平臺公告", "Announcement"),
];

/// Kinds only platform actions have (the platform's log lists them too).
pub const PLATFORM_KINDS: [(&str, &str, &str); 4] = [
    ("platform_admin", "平臺管理者", "Platform admin"),
    ("application", "學校申請", "School application"),
    ("site_host", "網站網址", "Site hostname"),
    ("school_codes", "學校代碼清單", "School codes"),
];

/// The labels of a kind; an unknown one shows as itself.
pub fn kind_label(kind: &str) -> (String, String) {
    KINDS
        .iter()
        .chain(PLATFORM_KINDS.iter())
        .find(|(k, _, _)| *k == kind)
        .map_or_else(
            || (kind.to_string(), kind.to_string()),
            |(_, zh, en)| ((*zh).to_string(), (*en).to_string()),
        )
}

pub fn action_label(action: &str) -> (&'static str, &'static str) {
    match action {
        "create" => ("新增", "Created"),
        "update" => ("修改", "Changed"),
        "delete" => ("刪除", "Deleted"),
        "reorder" => ("調整順序", "Reordered"),
        "move" => ("移動", "Moved"),
        "restore" => ("還原", "Restored"),
        "purge" => ("永久刪除", "Deleted forever"),
        "export" => ("匯出", "Exported"),
        "import" => ("匯入", "Imported"),
        "submit" => ("送出申請", "Applied"),
        "confirm" => ("確認信箱", "Address confirmed"),
        "approve" => ("核准", "Approved"),
        "reject" => ("退回", "Rejected"),
        "replace" => ("整批更新", "Replaced"),
        "reset_link" => ("寄出重設密碼連結", "Reset link mailed"),
        _ => ("其他", "Other"),
    }
}

/// Where the item is edited (the path after `/admin`), when it has a
/// screen of its own and still may exist.
pub fn item_path(kind: &str, id: Option<i64>, action: &str) -> Option<String> {
    if action == "delete" {
        return None;
    }
    Some(match (kind, id) {
        ("news", Some(id)) => format!("/news/{id}"),
        ("page", Some(id)) => format!("/pages/{id}"),
        ("news_category", _) => "/news/categories".into(),
        ("link" | "link_category", _) => "/links".into(),
        ("extension", _) => "/extensions".into(),
        ("calendar_event", _) => "/calendar".into(),
        ("nav_item", _) => "/nav".into(),
        ("user", _) => "/users".into(),
        ("group", _) => "/groups".into(),
        ("api_token", _) => "/tokens".into(),
        ("site", _) => "/settings".into(),
        _ => return None,
    })
}

/// One line per field: `name: before → after` (or just the value for a
/// new or deleted row), in the order the entry lists them; sub-changes of
/// the same request count as one more line each.
pub fn summary(changes: &Value) -> Vec<String> {
    let before = changes.get("before").and_then(Value::as_object);
    let after = changes.get("after").and_then(Value::as_object);
    let mut lines = vec![];
    match (before, after) {
        (Some(b), Some(a)) => {
            for (k, v) in a {
                lines.push(format!("{k}: {} → {}", show(b.get(k)), show(Some(v))));
            }
        }
        (None, Some(m)) | (Some(m), None) => {
            for (k, v) in m {
                lines.push(format!("{k}: {}", show(Some(v))));
            }
        }
        (None, None) => {}
    }
    if let Some(also) = changes.get("also").and_then(Value::as_array) {
        for a in also {
            let kind = a.get("kind").and_then(Value::as_str).unwrap_or("");
            let action = a.get("action").and_then(Value::as_str).unwrap_or("");
            let label = a.get("label").and_then(Value::as_str).unwrap_or("");
            lines.push(format!(
                "+ {} {} {label}",
                kind_label(kind).0,
                action_label(action).0
            ));
        }
    }
    lines
}

/// A value as a short text: strings without quotes, nothing as `—`.
fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_update_reads_before_and_after() {
        let c = json!({"before": {"title": "開學", "category_id": null}, "after": {"title": "開學典禮", "category_id": 3}});
        assert_eq!(
            summary(&c),
            vec!["category_id: — → 3", "title: 開學 → 開學典禮"]
        );
    }

    #[test]
    fn a_new_row_lists_its_fields_and_sub_changes() {
        let c = json!({"after": {"name": "認識我們"}, "also": [
            {"kind": "nav_item", "action": "delete", "label": "沿革"}
        ]});
        assert_eq!(summary(&c), vec!["name: 認識我們", "+ 選單項目 刪除 沿革"]);
        assert!(summary(&json!(null)).is_empty());
    }

    #[test]
    fn items_link_to_their_screen_unless_deleted() {
        assert_eq!(
            item_path("news", Some(7), "update").as_deref(),
            Some("/news/7")
        );
        assert_eq!(
            item_path("page", Some(2), "create").as_deref(),
            Some("/pages/2")
        );
        assert_eq!(item_path("news", Some(7), "delete"), None);
        assert_eq!(item_path("announcement", Some(1), "update"), None);
    }

    #[test]
    fn every_kind_has_two_labels() {
        assert_eq!(kind_label("news"), ("最新消息".into(), "News".into()));
        assert_eq!(kind_label("martian"), ("martian".into(), "martian".into()));
        assert_eq!(action_label("reorder"), ("調整順序", "Reordered"));
        assert_eq!(
            kind_label("application"),
            ("學校申請".into(), "School application".into())
        );
        assert_eq!(action_label("reset_link").1, "Reset link mailed");
    }
}
