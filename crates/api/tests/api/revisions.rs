//! Revisions (issue 14): every save of a news item or page is a version;
//! editors read the history, compare two versions by their visible text,
//! and restore one as a new version that never widens access.

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::{call, ok};
use reqwest::Method;
use serde_json::{Value, json};

#[actix_web::test]
async fn news_history_diff_and_restore() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(&app, &c.t_academic, json!({"title": "報到通知", "body": "<p>報到日期：九月一日</p><p>地點：禮堂</p>", "group_id": c.academic, "tags": ["招生"]})).await;
    let p = format!("/news/{id}");
    ok(
        &app,
        Method::PATCH,
        &p,
        &c.t_academic,
        Some(json!({"body": "<p>報到日期：九月二日</p><p>地點：禮堂</p>"})),
    )
    .await;
    ok(
        &app,
        Method::PATCH,
        &p,
        &c.t_academic,
        Some(json!({"title": "新生報到通知", "pinned": true})),
    )
    .await;

    let history = ok(
        &app,
        Method::GET,
        &format!("{p}/revisions"),
        &c.t_academic,
        None,
    )
    .await;
    let numbers: Vec<i64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1], "newest first");
    assert_eq!(history[0]["title"], "新生報到通知");
    assert_eq!(history[2]["actor_name"], "u_academic");

    let v1 = ok(
        &app,
        Method::GET,
        &format!("{p}/revisions/1"),
        &c.t_academic,
        None,
    )
    .await;
    assert_eq!(v1["title"], "報到通知");
    assert_eq!(v1["fields"]["tags"], json!(["招生"]));
    assert_eq!(v1["fields"]["pinned"], false);

    // The difference is of the visible text: one character in one paragraph.
    let d = ok(
        &app,
        Method::GET,
        &format!("{p}/revisions/1/diff/3"),
        &c.t_academic,
        None,
    )
    .await;
    let changed: Vec<(String, String)> = d["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["op"] != "equal")
        .map(|x| {
            (
                x["op"].as_str().unwrap().to_string(),
                x["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("delete".to_string(), "一".to_string()),
            ("insert".to_string(), "二".to_string())
        ]
    );
    assert!(!d.to_string().contains("<p>"), "no HTML in a diff");
    assert!(
        d["title"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["op"] == "insert" && x["text"] == "新生")
    );
    assert!(
        d["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "pinned" && f["before"] == false && f["after"] == true)
    );

    // Restore version 1: a new version 4, byte-exact, and the log says restore.
    let out = ok(
        &app,
        Method::POST,
        &format!("{p}/revisions/1/restore"),
        &c.t_academic,
        None,
    )
    .await;
    assert_eq!(
        (out["number"].as_i64(), out["restored_from"].as_i64()),
        (Some(4), Some(1))
    );
    assert_eq!(out["notes"], json!([]));
    let (_, item) = get_json(&app, &p, Some(&c.admin)).await;
    assert_eq!(item["title"], "報到通知");
    assert_eq!(
        item["body"], v1["body"],
        "the body comes back byte for byte"
    );
    assert_eq!(item["pinned"], false);
    let history = ok(
        &app,
        Method::GET,
        &format!("{p}/revisions"),
        &c.t_academic,
        None,
    )
    .await;
    assert_eq!(history[0]["restored_from"], 1);
    assert_eq!(
        history.as_array().unwrap().len(),
        4,
        "history is never rewritten"
    );
    let (_, log) = call(
        &app,
        Method::GET,
        &format!("/audit-log?kind=news&entity={id}"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(log["items"][0]["action"], "restore");
    assert_eq!(log["items"][0]["changes"]["after"]["restored_from"], 1);
}

#[actix_web::test]
async fn only_editors_read_the_history() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.t_academic,
        json!({"title": "教務處消息", "group_id": c.academic}),
    )
    .await;
    let path = format!("/news/{id}/revisions");
    assert_eq!(call(&app, Method::GET, &path, None, None).await.0, 401);
    assert_eq!(
        call(&app, Method::GET, &path, Some(&c.t_student), None)
            .await
            .0,
        403,
        "another office"
    );
    assert_eq!(
        call(&app, Method::GET, &path, Some(&c.t_registry), None)
            .await
            .0,
        200,
        "a group below the owner"
    );
    let other = app.other_site_admin_token().await;
    assert_eq!(
        call(&app, Method::GET, &path, Some(&other), None).await.0,
        401,
        "another school"
    );
    assert_eq!(
        call(
            &app,
            Method::POST,
            &format!("{path}/1/restore"),
            Some(&c.t_student),
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(
            &app,
            Method::GET,
            &format!("{path}/99"),
            Some(&c.admin),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            &app,
            Method::GET,
            &format!("{path}/1/diff/99"),
            Some(&c.admin),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            &app,
            Method::GET,
            "/news/999999/revisions",
            Some(&c.admin),
            None
        )
        .await
        .0,
        404
    );
}

#[actix_web::test]
async fn a_restore_never_widens_who_may_read_a_page() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // Version 1: public. Version 2: only the academic office may read it.
    let page = ok(
        &app,
        Method::POST,
        "/pages",
        &c.admin,
        Some(json!({"title": "教師研習", "body": "<p>公開</p>"})),
    )
    .await;
    let id = page["id"].as_i64().unwrap();
    let p = format!("/pages/{id}");
    ok(&app, Method::PUT, &p, &c.admin, Some(json!({"title": "教師研習", "body": "<p>限教師</p>", "visibility": "restricted", "read_group_ids": [c.academic]}))).await;
    let out = ok(
        &app,
        Method::POST,
        &format!("{p}/revisions/1/restore"),
        &c.admin,
        None,
    )
    .await;
    assert_eq!(out["notes"], json!([{"kind": "kept_current_rights"}]));
    let (_, now) = get_json(&app, &p, Some(&c.admin)).await;
    assert_eq!(now["body"], "<p>公開</p>", "the text came back");
    assert_eq!(now["visibility"], "restricted", "the page did not open");
    assert_eq!(now["read_group_ids"], json!([c.academic]));
    assert_eq!(
        get_json(&app, &p, None).await.0,
        404,
        "visitors still cannot read it"
    );
}

#[actix_web::test]
async fn a_gone_group_keeps_the_current_list_and_narrower_rights_come_back() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let admin = &c.admin;
    let temp = app.group(admin, "臨時小組", "normal", None).await;
    let page = ok(&app, Method::POST, "/pages", admin, Some(json!({"title": "小組資料", "body": "<p>一</p>", "visibility": "restricted", "read_group_ids": [temp]}))).await;
    let id = page["id"].as_i64().unwrap();
    let p = format!("/pages/{id}");
    ok(&app, Method::PUT, &p, admin, Some(json!({"title": "小組資料", "body": "<p>二</p>", "visibility": "restricted", "read_group_ids": [c.academic, c.student]}))).await;
    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/groups/{temp}"),
        Some(admin),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let out = ok(
        &app,
        Method::POST,
        &format!("{p}/revisions/1/restore"),
        admin,
        None,
    )
    .await;
    assert_eq!(out["notes"], json!([{"kind": "kept_current_rights"}]));
    let (_, now) = get_json(&app, &p, Some(admin)).await;
    let mut read: Vec<i64> = now["read_group_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_i64().unwrap())
        .collect();
    read.sort_unstable();
    let mut want = vec![c.academic, c.student];
    want.sort_unstable();
    assert_eq!(read, want);
    // Version 3 (now) → version 4 narrower: only the academic office. Then
    // restoring 4 after widening again brings the narrower list back.
    ok(&app, Method::PUT, &p, admin, Some(json!({"title": "小組資料", "body": "<p>四</p>", "visibility": "restricted", "read_group_ids": [c.academic]}))).await;
    ok(
        &app,
        Method::PUT,
        &p,
        admin,
        Some(json!({"title": "小組資料", "body": "<p>五</p>", "visibility": "public"})),
    )
    .await;
    let out = ok(
        &app,
        Method::POST,
        &format!("{p}/revisions/4/restore"),
        admin,
        None,
    )
    .await;
    assert_eq!(out["notes"], json!([]));
    let (_, now) = get_json(&app, &p, Some(admin)).await;
    assert_eq!(
        (now["visibility"].as_str(), now["read_group_ids"].clone()),
        (Some("restricted"), json!([c.academic]))
    );
}

#[actix_web::test]
async fn files_and_categories_that_are_gone_are_named() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let cat = ok(
        &app,
        Method::POST,
        "/news/categories",
        &c.admin,
        Some(json!({"name": "招生"})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let id = news(
        &app,
        &c.admin,
        json!({"title": "簡章", "group_id": c.academic, "category_id": cat}),
    )
    .await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "簡章.pdf",
        "application/pdf",
        b"%PDF-1.4 a".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let file = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Version 2 lists the file.
    ok(
        &app,
        Method::PATCH,
        &format!("/news/{id}"),
        &c.admin,
        Some(json!({"title": "招生簡章"})),
    )
    .await;
    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/attachments/{file}"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/news/categories/{cat}"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let out = ok(
        &app,
        Method::POST,
        &format!("/news/{id}/revisions/2/restore"),
        &c.admin,
        None,
    )
    .await;
    assert_eq!(
        out["notes"],
        json!([{"kind": "category_gone"}, {"kind": "attachments_gone", "file_names": ["簡章.pdf"]}])
    );
    let (_, item) = get_json(&app, &format!("/news/{id}"), Some(&c.admin)).await;
    assert_eq!(
        (item["title"].as_str(), item["category_id"].clone()),
        (Some("招生簡章"), Value::Null)
    );
}
